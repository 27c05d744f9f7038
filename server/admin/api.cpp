#include "server/admin/api.hpp"

#include <pqxx/pqxx>

namespace balai::admin {

http::Response json_response(int status, const json& body) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  if (status != 204) r.body = body.dump();
  return r;
}

http::Response error_response(const ApiError& e) {
  json body = {{"galat", e.galat}};
  if (!e.kolom.empty()) body["kolom"] = e.kolom;
  body.update(e.extra);
  return json_response(e.status, body);
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string str(const json& body, const char* key, std::size_t max, json& kolom, bool required, const char* label) {
  if (!body.contains(key) || body[key].is_null()) {
    if (required) kolom[key] = std::string(label ? label : key) + " wajib diisi.";
    return "";
  }
  if (!body[key].is_string()) {
    kolom[key] = "Isian tidak valid.";
    return "";
  }
  std::string v = body[key].get<std::string>();
  while (!v.empty() && (v.back() == ' ' || v.back() == '\n' || v.back() == '\r' || v.back() == '\t')) v.pop_back();
  std::size_t lead = 0;
  while (lead < v.size() && (v[lead] == ' ' || v[lead] == '\n' || v[lead] == '\t')) ++lead;
  v.erase(0, lead);
  if (required && v.empty()) kolom[key] = std::string(label ? label : key) + " wajib diisi.";
  else if (utf8_length(v) > max) kolom[key] = "Terlalu panjang: maksimal " + std::to_string(max) + " karakter.";
  return v;
}

std::int64_t parse_id(const std::string& segment) {
  if (segment.empty() || segment.size() > 18 || segment.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(segment);
}

std::int64_t num(const json& body, const char* key) {
  if (!body.contains(key) || !body[key].is_number_integer()) return 0;
  return body[key].get<std::int64_t>();
}

namespace {
thread_local std::string t_client;
}

void set_request_client(std::string label) { t_client = std::move(label); }

void check_quota(pqxx::transaction_base& tx, std::int64_t desa_id, std::int64_t incoming, std::int64_t quota) {
  auto used = tx.exec_params("SELECT (SELECT coalesce(sum(bytes), 0) FROM media WHERE desa_id = $1)"
                             " + (SELECT coalesce(sum(octet_length(content)), 0) FROM dokumen WHERE desa_id = $1)", desa_id)[0][0].as<std::int64_t>();
  if (used + incoming > quota) {
    auto mb = [](std::int64_t b) { return std::to_string((b + (1 << 20) - 1) >> 20) + " MB"; };
    throw ApiError{413, "Ruang penyimpanan desa penuh: " + mb(used) + " dari " + mb(quota) +
                            " terpakai. Hapus foto atau dokumen yang tidak dipakai, atau minta tambahan kepada Diskominfo."};
  }
}

void audit(pqxx::transaction_base& tx, const Account& a, const std::string& action, const std::string& object, std::int64_t object_id,
           const json& detail) {
  tx.exec_params("INSERT INTO audit_log (desa_id, account_id, actor, impersonator, action, object, object_id, detail, asal)"
                 " VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, NULLIF($7::bigint, 0), $8::jsonb, $9)",
                 a.desa_id, a.id, a.username, a.impersonator, action, object, object_id, detail.is_object() ? detail.dump() : std::string("{}"),
                 t_client.substr(0, 64));
}

}  // namespace balai::admin
