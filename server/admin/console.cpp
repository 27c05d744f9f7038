#include "server/admin/console.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <ctime>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <regex>
#include <set>
#include <sstream>

#include "server/admin/accounts.hpp"
#include "server/admin/mail.hpp"
#include "server/content/richtext.hpp"
#include "server/core/host.hpp"
#include "server/db/pool.hpp"
#include "server/media/media.hpp"
#include "server/site/forms.hpp"
#include "server/site/opendata.hpp"
#include "tenants/archive.hpp"
#include "server/site/village.hpp"
#include "tenants/registry.hpp"
#include "tenants/wilayah.hpp"

namespace balai::admin {

using http::Request;
using http::Response;

namespace {

#define ISO_UTC "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'"

json opt_text(const pqxx::field& f) { return f.is_null() ? json(nullptr) : json(f.as<std::string>()); }


void require_writer(const Account& a) {
  if (!a.diskominfo()) throw ApiError{403, "Akun pemantau kecamatan hanya dapat melihat."};
}
void require_superadmin(const Account& a) {
  if ((a.real_peran.empty() ? a.peran : a.real_peran) != "superadmin") throw ApiError{403, "Tindakan ini hanya untuk superadmin Diskominfo."};
}

// Villages an account may see: all, or one kecamatan's for a kecamatan viewer.
std::int64_t scope_of(const Account& a) { return a.peran == "viewer_kecamatan" ? a.kecamatan_id : 0; }

void support_log(pqxx::transaction_base& tx, const Account& a, std::int64_t desa_id, const std::string& action, const json& detail = json::object()) {
  tx.exec_params("INSERT INTO support_audit (actor, desa_id, action, detail) VALUES ($1, NULLIF($2::bigint, 0), $3, $4::jsonb)", a.username,
                 desa_id, action, detail.dump());
}

// A village's own audit log, with the Diskominfo account as the one who acted.
void village_log(pqxx::transaction_base& tx, const Account& a, std::int64_t desa_id, const std::string& action, const std::string& object,
                 std::int64_t object_id, const json& detail = json::object()) {
  tx.exec("SELECT set_config('balai.desa_id', " + tx.quote(std::to_string(desa_id)) + ", true)");
  Account as = a;
  as.desa_id = desa_id;
  as.impersonator = a.username;
  as.username = "diskominfo:" + a.username;
  audit(tx, as, action, object, object_id, detail);
}

std::string label_of(const std::string& jenis, const std::string& nama) { return (jenis == "kelurahan" ? "Kelurahan " : "Desa ") + nama; }

// The village row, if the account may see it; else 404 (a viewer never learns of other kecamatan's villages).
pqxx::row desa_row(pqxx::transaction_base& tx, const Account& a, std::int64_t id) {
  auto r = tx.exec_params("SELECT d.id, d.kode, d.nama, d.jenis, d.slug, d.status, d.status_reason, k.id, k.nama, k.kode"
                          " FROM desa d JOIN kecamatan k ON k.id = d.kecamatan_id WHERE d.id = $1 AND ($2::bigint = 0 OR d.kecamatan_id = $2)",
                          id, scope_of(a));
  if (r.empty()) throw ApiError{404, "Desa tidak ditemukan."};
  return r[0];
}

std::string csv_cell(const std::string& v) {
  std::string s = v;
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s = "'" + s;
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string url_encode(std::string_view s) {
  static constexpr char hexd[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += {'%', hexd[c >> 4], hexd[c & 15]};
  }
  return out;
}

// "0812-3456 789" -> "628123456789"; "" when it is no Indonesian mobile number.
std::string wa_number(const std::string& telepon) {
  std::string d;
  for (char c : telepon)
    if (std::isdigit(static_cast<unsigned char>(c))) d += c;
  if (d.starts_with("0")) d = "62" + d.substr(1);
  else if (d.starts_with("8")) d = "62" + d;
  if (!d.starts_with("62") || d.size() < 10 || d.size() > 15) return "";
  return d;
}

std::string text_field(const json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
}

bool flag(const json& body, const char* key) { return body.contains(key) && body[key].is_boolean() && body[key].get<bool>(); }

// An optional id field: absent or null is 0; anything but a positive integer is refused.
std::int64_t optional_id(const json& body, const char* key, json& kolom) {
  if (!body.contains(key) || body[key].is_null()) return 0;
  if (!body[key].is_number_integer() || body[key].get<std::int64_t>() <= 0) {
    kolom[key] = "Pilih dari daftar.";
    return 0;
  }
  return body[key].get<std::int64_t>();
}

// At most `max` bytes, cut at a character boundary.
std::string utf8_prefix(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t at = max;
  while (at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;
  s.resize(at);
  return s;
}

// The national kode wilayah file, read once when first needed.
struct Wilayah {
  std::map<std::string, std::pair<std::string, std::string>> rows;  // kode -> (nama, tingkat)
};
const Wilayah& wilayah_file(const std::string& path) {
  static std::mutex m;
  static std::map<std::string, std::unique_ptr<Wilayah>> loaded;
  std::lock_guard lock(m);
  auto& w = loaded[path];
  if (!w) {
    w = std::make_unique<Wilayah>();
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      auto cells = wilayah::split_csv_line(line);
      if (cells && cells->size() == 3) w->rows[(*cells)[0]] = {(*cells)[1], (*cells)[2]};
    }
    if (w->rows.empty()) spdlog::warn("kode wilayah file {} not found or empty", path);
  }
  return *w;
}

const char* kBand =
    "CASE WHEN a.last_content_at >= now() - interval '30 days' THEN 'aktif'"
    " WHEN a.last_content_at >= now() - interval '90 days' THEN 'kurang_aktif' ELSE 'tidak_aktif' END";

// --- dashboard -----------------------------------------------------------------
Response dashboard(ConsoleEnv& env, pqxx::connection& conn, const Request& req, const Account& a) {
  using site::query_param;
  const std::string q = utf8_prefix(query_param(req.query, "q"), 100);
  const std::string pita = query_param(req.query, "pita"), status = query_param(req.query, "status");
  std::int64_t kec = parse_id(query_param(req.query, "kecamatan"));
  if (kec < 0) kec = 0;
  if (scope_of(a)) kec = scope_of(a);
  static const std::map<std::string, std::string> sorts = {
      {"nama", "nama"}, {"kecamatan", "kec_nama"}, {"terakhir", "a_last"}, {"login", "a_login"}, {"berita", "p30"},
      {"kunjungan", "views"}, {"penyimpanan", "storage"}, {"langkah", "onboarding"}, {"tiket", "tiket"}, {"galat", "errors"}};
  std::string urut = query_param(req.query, "urut");
  auto sort = sorts.find(urut.empty() ? "terakhir" : urut);
  if (sort == sorts.end()) throw ApiError{400, "Urutan tidak dikenal."};
  const bool naik = query_param(req.query, "arah") == "naik";
  const bool csv = query_param(req.query, "format") == "csv";
  std::int64_t per = parse_id(query_param(req.query, "per_halaman"));
  if (per <= 0) per = 50;
  per = std::min<std::int64_t>(per, 500);
  std::int64_t halaman = std::clamp<std::int64_t>(parse_id(query_param(req.query, "halaman")), 1, 100000);
  if (!pita.empty() && pita != "aktif" && pita != "kurang_aktif" && pita != "tidak_aktif") throw ApiError{400, "Pita keaktifan tidak dikenal."};
  if (!status.empty() && status != "active" && status != "suspended" && status != "archived") throw ApiError{400, "Status tidak dikenal."};

  pqxx::work tx(conn);
  tx.exec("SET LOCAL statement_timeout = 5000");
  const std::string base =
      "WITH base AS (SELECT d.id, d.kode, d.nama, d.jenis, d.slug, d.status, k.id AS kec_id, k.nama AS kec_nama,"
      " a.last_content_at AS a_last, a.last_login_at AS a_login, coalesce(a.posts_30, 0) AS p30, coalesce(a.posts_90, 0) AS p90,"
      " coalesce(a.views_30, 0) AS views, coalesce(a.storage_bytes, 0) AS storage, coalesce(a.onboarding, 0) AS onboarding,"
      " coalesce(a.errors_30, 0) AS errors, coalesce(t.n, 0) AS tiket, " + std::string(kBand) + " AS pita,"
      " floor(extract(epoch FROM now() - a.last_content_at) / 86400)::bigint AS hari"
      " FROM desa d JOIN kecamatan k ON k.id = d.kecamatan_id LEFT JOIN desa_activity a ON a.desa_id = d.id"
      " LEFT JOIN (SELECT desa_id, count(*) AS n FROM tickets WHERE status <> 'selesai' GROUP BY desa_id) t ON t.desa_id = d.id"
      " WHERE ($1::bigint = 0 OR d.kecamatan_id = $1) AND ($2 = '' OR strpos(lower(d.nama), lower($2)) > 0 OR left(d.kode, length($2)) = $2"
      " OR strpos(lower(k.nama), lower($2)) > 0))";
  auto counts = tx.exec_params(base + " SELECT pita, count(*) FROM base GROUP BY pita", kec, q);
  json ringkas = {{"aktif", 0}, {"kurang_aktif", 0}, {"tidak_aktif", 0}};
  for (const auto& r : counts) ringkas[r[0].as<std::string>()] = r[1].as<std::int64_t>();
  std::string order = sort->second + (naik ? " ASC" : " DESC") + " NULLS " + (naik ? "FIRST" : "LAST") + ", nama, id";
  auto rows = tx.exec_params(
      base + " SELECT id, kode, nama, jenis, slug, status, kec_id, kec_nama, to_char(a_last AT TIME ZONE 'UTC', " ISO_UTC "),"
             " to_char(a_login AT TIME ZONE 'UTC', " ISO_UTC "), p30, p90, views, storage, onboarding, errors, tiket, pita, hari,"
             " count(*) OVER () FROM base WHERE ($3 = '' OR pita = $3) AND ($4 = '' OR status = $4) ORDER BY " + order +
             (csv ? std::string() : " LIMIT " + std::to_string(per) + " OFFSET " + std::to_string((halaman - 1) * per)),
      kec, q, pita, status);
  tx.commit();
  if (csv) {
    std::string out = "kode,nama,jenis,kecamatan,status,pita,terakhir_diubah,login_terakhir,berita_30_hari,berita_90_hari,kunjungan_30_hari,"
                      "penyimpanan_byte,langkah_awal,tiket_terbuka,galat_30_hari,alamat\r\n";
    for (const auto& r : rows) {
      const std::string url = env.public_origin(r[0].as<std::int64_t>()) + "/";
      std::vector<std::string> cells = {r[1].c_str(), r[2].c_str(), r[3].c_str(), r[7].c_str(), r[5].c_str(), r[17].c_str(),
                                        r[8].is_null() ? "" : r[8].c_str(), r[9].is_null() ? "" : r[9].c_str(),
                                        r[10].c_str(), r[11].c_str(), r[12].c_str(), r[13].c_str(), r[14].c_str(), r[16].c_str(), r[15].c_str(), url};
      for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_cell(cells[i]);
      out += "\r\n";
    }
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = std::move(out);
    r.set("Content-Disposition", "attachment; filename=\"keaktifan-desa.csv\"");
    return r;
  }
  json items = json::array();
  for (const auto& r : rows) {
    const std::string url = env.public_origin(r[0].as<std::int64_t>()) + "/";
    items.push_back({{"id", r[0].as<std::int64_t>()}, {"kode", r[1].as<std::string>()}, {"nama", r[2].as<std::string>()},
                     {"jenis", r[3].as<std::string>()}, {"slug", r[4].as<std::string>()}, {"status", r[5].as<std::string>()},
                     {"kecamatan", {{"id", r[6].as<std::int64_t>()}, {"nama", r[7].as<std::string>()}}}, {"url", url},
                     {"terakhir_diubah", opt_text(r[8])}, {"login_terakhir", opt_text(r[9])}, {"berita_30", r[10].as<std::int64_t>()},
                     {"berita_90", r[11].as<std::int64_t>()}, {"kunjungan_30", r[12].as<std::int64_t>()}, {"penyimpanan", r[13].as<std::int64_t>()},
                     {"langkah_awal", r[14].as<int>()}, {"galat_30", r[15].as<std::int64_t>()}, {"tiket_terbuka", r[16].as<std::int64_t>()},
                     {"pita", r[17].as<std::string>()}, {"hari_sejak_diubah", r[18].is_null() ? json(nullptr) : json(r[18].as<std::int64_t>())}});
  }
  std::int64_t total = rows.empty() ? 0 : rows[0][19].as<std::int64_t>();
  return json_response(200, {{"item", items}, {"total", total}, {"halaman", halaman}, {"per_halaman", per}, {"ringkasan", ringkas}});
}

Response kecamatan_rollup(pqxx::connection& conn, const Account& a) {
  pqxx::work tx(conn);
  auto rows = tx.exec_params(
      "SELECT k.id, k.kode, k.nama, count(d.id), count(*) FILTER (WHERE pita = 'aktif'), count(*) FILTER (WHERE pita = 'kurang_aktif'),"
      " count(*) FILTER (WHERE pita = 'tidak_aktif'), coalesce(sum(p30), 0), round(coalesce(avg(onboarding), 0), 1)::text"
      " FROM kecamatan k JOIN (SELECT d.id, d.kecamatan_id, " + std::string(kBand) + " AS pita, coalesce(a.posts_30, 0) AS p30,"
      " coalesce(a.onboarding, 0) AS onboarding FROM desa d LEFT JOIN desa_activity a ON a.desa_id = d.id) d ON d.kecamatan_id = k.id"
      " WHERE $1::bigint = 0 OR k.id = $1 GROUP BY k.id ORDER BY count(*) FILTER (WHERE pita = 'aktif')::float / count(d.id) DESC, k.nama",
      scope_of(a));
  json items = json::array();
  int peringkat = 0;
  for (const auto& r : rows) {
    auto n = r[3].as<std::int64_t>(), aktif = r[4].as<std::int64_t>();
    items.push_back({{"peringkat", ++peringkat}, {"id", r[0].as<std::int64_t>()}, {"kode", r[1].as<std::string>()}, {"nama", r[2].as<std::string>()},
                     {"desa", n}, {"aktif", aktif}, {"kurang_aktif", r[5].as<std::int64_t>()}, {"tidak_aktif", r[6].as<std::int64_t>()},
                     {"persen_aktif", n ? (aktif * 1000 / n) / 10.0 : 0.0}, {"berita_30", r[7].as<std::int64_t>()},
                     {"rata_langkah_awal", std::stod(r[8].as<std::string>())}});
  }
  tx.commit();
  return json_response(200, {{"item", items}});
}

Response trend(pqxx::connection& conn, const Account& a) {
  pqxx::work tx(conn);
  // For each of the last 12 weeks: villages with a content change in the 30 days up to that week's end.
  auto rows = tx.exec_params(
      "SELECT to_char(w, 'YYYY-MM-DD'), (SELECT count(DISTINCT dd.desa_id) FROM desa_days dd JOIN desa d ON d.id = dd.desa_id"
      " WHERE dd.day > w - 30 AND dd.day <= w AND ($1::bigint = 0 OR d.kecamatan_id = $1)),"
      " (SELECT count(*) FROM desa d WHERE ($1::bigint = 0 OR d.kecamatan_id = $1))"
      " FROM (SELECT (date_trunc('week', now() AT TIME ZONE 'Asia/Jakarta')::date + 6 - 7 * g)::date AS w FROM generate_series(11, 0, -1) g) s",
      scope_of(a));
  json items = json::array();
  for (const auto& r : rows)
    items.push_back({{"minggu_berakhir", r[0].as<std::string>()}, {"aktif", r[1].as<std::int64_t>()}, {"desa", r[2].as<std::int64_t>()}});
  tx.commit();
  return json_response(200, {{"item", items}});
}

// --- one village ----------------------------------------------------------------
// What a visitor's browser would get over HTTPS for this host.
json certificate_of(const AdminConfig& config, const std::string& host) {
  if (!config.certificate) return {{"status", "https_tidak_aktif"}};
  auto c = config.certificate(host);
  if (!c) return {{"status", "tidak_ada"}};
  auto left = c->not_after - static_cast<std::int64_t>(std::time(nullptr));
  char when[32];
  std::time_t t = static_cast<std::time_t>(c->not_after);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return {{"status", left <= 0 ? "kedaluwarsa" : left < 21 * 86400 ? "segera_habis" : "berlaku"},
          {"penerbit", c->issuer}, {"berlaku_hingga", when}, {"sisa_hari", left / 86400}};
}

json domains_of(pqxx::transaction_base& tx, std::int64_t desa, const AdminConfig& config) {
  json out = json::array();
  for (const auto& r : tx.exec_params("SELECT hostname, is_primary, dns_ok, dns_detail, to_char(dns_checked_at AT TIME ZONE 'UTC', " ISO_UTC ")"
                                      " FROM domains WHERE desa_id = $1 ORDER BY is_primary DESC, hostname", desa))
    out.push_back({{"hostname", r[0].as<std::string>()}, {"utama", r[1].as<bool>()},
                   {"dns", r[2].is_null() ? json(nullptr) : json(r[2].as<bool>())}, {"dns_keterangan", r[3].as<std::string>()},
                   {"dns_diperiksa", opt_text(r[4])}, {"sertifikat", certificate_of(config, r[0].as<std::string>())}});
  return out;
}

Response desa_detail(ConsoleEnv& env, pqxx::connection& conn, const Account& a, std::int64_t id) {
  pqxx::work tx(conn);
  auto d = desa_row(tx, a, id);
  auto act = tx.exec_params("SELECT to_char(last_content_at AT TIME ZONE 'UTC', " ISO_UTC "), to_char(last_login_at AT TIME ZONE 'UTC', " ISO_UTC "),"
                            " posts_30, posts_90, views_30, storage_bytes, onboarding, errors_30, " + std::string(kBand) +
                            " FROM desa_activity a WHERE desa_id = $1", id);
  json aktivitas = nullptr;
  if (!act.empty())
    aktivitas = {{"terakhir_diubah", opt_text(act[0][0])}, {"login_terakhir", opt_text(act[0][1])}, {"berita_30", act[0][2].as<int>()},
                 {"berita_90", act[0][3].as<int>()}, {"kunjungan_30", act[0][4].as<std::int64_t>()}, {"penyimpanan", act[0][5].as<std::int64_t>()},
                 {"langkah_awal", act[0][6].as<int>()}, {"galat_30", act[0][7].as<int>()}, {"pita", act[0][8].as<std::string>()}};
  json tiket = json::array();
  for (const auto& r : tx.exec_params("SELECT id, judul, status, to_char(created_at AT TIME ZONE 'UTC', " ISO_UTC ") FROM tickets"
                                      " WHERE desa_id = $1 ORDER BY created_at DESC LIMIT 20", id))
    tiket.push_back({{"id", r[0].as<std::int64_t>()}, {"judul", r[1].as<std::string>()}, {"status", r[2].as<std::string>()}, {"dibuat", r[3].as<std::string>()}});
  json out = {{"id", d[0].as<std::int64_t>()}, {"kode", d[1].as<std::string>()}, {"nama", d[2].as<std::string>()}, {"jenis", d[3].as<std::string>()},
              {"label", label_of(d[3].as<std::string>(), d[2].as<std::string>())}, {"slug", d[4].as<std::string>()},
              {"status", d[5].as<std::string>()}, {"alasan_status", d[6].as<std::string>()},
              {"kecamatan", {{"id", d[7].as<std::int64_t>()}, {"nama", d[8].as<std::string>()}, {"kode", d[9].as<std::string>()}}},
              {"url", env.public_origin(id) + "/"}, {"aktivitas", aktivitas}, {"domain", domains_of(tx, id, env.config)}, {"tiket", tiket}};
  tx.commit();
  return json_response(200, out);
}

Response set_status(ConsoleEnv& env, pqxx::connection& conn, const Account& a, std::int64_t id, const json& body) {
  require_superadmin(a);
  static const std::map<std::string, std::string> to = {{"aktif", "active"}, {"ditangguhkan", "suspended"}, {"diarsipkan", "archived"}};
  json kolom = json::object();
  auto it = to.find(text_field(body, "status"));
  if (it == to.end()) kolom["status"] = "Pilih status: aktif, ditangguhkan atau diarsipkan.";
  std::string alasan = str(body, "alasan", 500, kolom, it != to.end() && it->second == "suspended", "Alasan");
  if (!kolom.empty()) throw ApiError{422, "Status belum bisa diubah.", kolom};
  pqxx::work tx(conn);
  auto d = desa_row(tx, a, id);
  tx.exec_params("UPDATE desa SET status = $2, status_reason = $3, status_changed_at = now(), updated_at = now() WHERE id = $1", id, it->second,
                 it->second == "active" ? std::string() : alasan);
  support_log(tx, a, id, "desa.status", {{"dari", d[5].as<std::string>()}, {"ke", it->second}, {"alasan", alasan}});
  village_log(tx, a, id, "konsol.status_desa", "desa", id, {{"status", it->second}});
  tx.exec("SELECT pg_notify('balai_hosts', '')");  // sent at commit: servers reload the directory
  tx.commit();
  if (env.content_changed) env.content_changed(id);
  return json_response(200, {{"id", id}, {"status", it->second}, {"alasan_status", alasan}});
}

Response add_village(ConsoleEnv& env, pqxx::connection& conn, const Account& a, const json& body) {
  require_superadmin(a);
  json kolom = json::object();
  std::string kode_text = str(body, "kode", 20, kolom, true, "Kode wilayah");
  std::string slug = str(body, "slug", 63, kolom);
  std::string nama = str(body, "nama", 200, kolom);
  if (!kolom.empty()) throw ApiError{422, "Desa belum bisa ditambahkan.", kolom};
  std::string why;
  auto kode = wilayah::parse_kode(kode_text, &why);
  if (!kode || kode->tingkat != wilayah::Tingkat::desa_kelurahan)
    throw ApiError{422, "Desa belum bisa ditambahkan.", {{"kode", "Tulis kode desa/kelurahan lengkap, misalnya 33.24.01.2001."}}};
  const auto& w = wilayah_file(env.config.wilayah_file);
  auto row = w.rows.find(kode->text);
  if (nama.empty()) {
    if (row == w.rows.end()) throw ApiError{422, "Desa belum bisa ditambahkan.", {{"kode", "Kode ini tidak ada di daftar kode wilayah: tulis juga namanya."}}};
    nama = row->second.first;
  }
  {
    pqxx::work tx(conn);
    auto kab = tx.exec("SELECT kode FROM kabupaten");
    bool ours = false;
    for (const auto& r : kab) ours = ours || kode->text.starts_with(r[0].as<std::string>() + ".");
    if (!ours) throw ApiError{422, "Desa belum bisa ditambahkan.", {{"kode", "Kode ini bukan wilayah kabupaten ini."}}};
    if (tx.exec_params("SELECT 1 FROM kecamatan WHERE kode = $1", kode->parent()).empty()) {
      auto kr = w.rows.find(kode->parent());
      if (kr == w.rows.end()) throw ApiError{422, "Desa belum bisa ditambahkan.", {{"kode", "Kecamatan " + kode->parent() + " tidak dikenal."}}};
      auto kab_id = tx.exec_params("SELECT id FROM kabupaten WHERE kode = $1", wilayah::parse_kode(kode->parent())->parent())[0][0].as<std::int64_t>();
      tx.exec_params("INSERT INTO kecamatan (id, kode, nama, slug, kabupaten_id) VALUES ($1, $2, $3, $4, $5)", wilayah::parse_kode(kode->parent())->number,
                     kode->parent(), kr->second.first, wilayah::slugify(kr->second.first), kab_id);
    }
    tx.commit();
  }
  std::string made;
  try {
    made = tenants::add_desa(conn, kode->text, nama, slug);
  } catch (const tenants::UserError& e) {
    const std::string why = e.what();
    const char* field = why.find("slug") != std::string::npos ? "slug" : why.find("nama") != std::string::npos ? "nama" : "kode";
    throw ApiError{422, "Desa belum bisa ditambahkan: " + why, {{field, why}}};
  }
  pqxx::work tx(conn);
  support_log(tx, a, kode->number, "desa.tambah", {{"kode", kode->text}, {"nama", nama}, {"slug", made}});
  tx.commit();
  return json_response(201, {{"id", kode->number}, {"kode", kode->text}, {"nama", nama}, {"slug", made}, {"url", env.public_origin(kode->number) + "/"}});
}

// Kode lookup in the national file: a kecamatan's villages, or a regency's kecamatan.
Response wilayah_lookup(ConsoleEnv& env, pqxx::connection& conn, const Request& req) {
  std::string kode = site::query_param(req.query, "kode");
  auto k = wilayah::parse_kode(kode);
  if (!k || k->tingkat == wilayah::Tingkat::provinsi) throw ApiError{400, "Tulis kode kabupaten, kecamatan atau desa, misalnya 33.24.01."};
  const auto& w = wilayah_file(env.config.wilayah_file);
  pqxx::work tx(conn);
  std::set<std::string> known;
  for (const auto& r : tx.exec("SELECT kode FROM desa UNION ALL SELECT kode FROM kecamatan")) known.insert(r[0].as<std::string>());
  tx.commit();
  json items = json::array();
  auto self = w.rows.find(k->text);
  if (k->tingkat == wilayah::Tingkat::desa_kelurahan) {
    if (self != w.rows.end())
      items.push_back({{"kode", self->first}, {"nama", self->second.first}, {"tingkat", self->second.second}, {"terdaftar", known.count(self->first) > 0}});
  } else {
    const std::string prefix = k->text + ".";
    for (auto it = w.rows.lower_bound(prefix); it != w.rows.end() && it->first.starts_with(prefix); ++it) {
      if (it->first.find('.', prefix.size()) != std::string::npos) continue;  // direct children only
      items.push_back({{"kode", it->first}, {"nama", it->second.first}, {"tingkat", it->second.second}, {"terdaftar", known.count(it->first) > 0}});
    }
  }
  return json_response(200, {{"kode", k->text}, {"nama", self == w.rows.end() ? json(nullptr) : json(self->second.first)}, {"item", items}});
}

// A newer national kode file (CSV in the body): what it changes for the
// regency's villages, and applying it when confirmed.
Response wilayah_update(pqxx::connection& conn, const Request& req, const Account& a, bool apply) {
  require_superadmin(a);
  std::string kab;
  {
    pqxx::work tx(conn);
    auto r = tx.exec("SELECT kode FROM kabupaten ORDER BY id LIMIT 1");
    tx.commit();
    if (r.empty()) throw ApiError{409, "Belum ada kabupaten terdaftar."};
    kab = r[0][0].as<std::string>();
  }
  std::istringstream in(req.body);
  auto result = wilayah::read_extract(in, kab);
  if (result.error)
    throw ApiError{422, "Berkas kode wilayah tidak dapat dibaca" + (result.error->line ? " (baris " + std::to_string(result.error->line) + ")" : std::string()) +
                            ": " + result.error->reason + ". Tidak ada yang diubah."};
  if (result.extract->desa.empty()) throw ApiError{422, "Berkas ini tidak memuat desa kabupaten " + kab + ". Tidak ada yang diubah."};
  auto plan = tenants::plan_extract(conn, *result.extract);
  json out = {{"ganti_kode", json::array()}, {"ganti_nama", json::array()}, {"baru", json::array()}, {"tidak_ada", json::array()}};
  for (const auto& r : plan.renumbered) out["ganti_kode"].push_back({{"id", r.id}, {"nama", r.nama}, {"dari", r.dari}, {"ke", r.ke}});
  for (const auto& r : plan.renamed) out["ganti_nama"].push_back({{"id", r.id}, {"kode", r.kode}, {"dari", r.dari}, {"ke", r.ke}});
  for (const auto& r : plan.baru) out["baru"].push_back({{"kode", r.kode}, {"nama", r.nama}});
  for (const auto& r : plan.hilang) out["tidak_ada"].push_back({{"id", r.id}, {"kode", r.kode}, {"nama", r.nama}});
  if (!apply) return json_response(200, out);
  auto st = tenants::apply_extract(conn, *result.extract, plan);
  pqxx::work tx(conn);
  support_log(tx, a, 0, "wilayah.terapkan", {{"ganti_kode", plan.renumbered.size()}, {"ganti_nama", plan.renamed.size()}, {"baru", st.desa_new}});
  tx.commit();
  out["diterapkan"] = true;
  return json_response(200, out);
}

// --- domains --------------------------------------------------------------------
Response domains(ConsoleEnv& env, pqxx::connection& conn, const Request& req, const Account& a, std::int64_t id, const std::vector<std::string>& parts,
                 const json& body) {
  // parts: api konsol desa {id} domain [host] [utama|periksa]
  pqxx::work tx(conn);
  auto d = desa_row(tx, a, id);
  if (parts.size() == 5 && req.method == "GET") return json_response(200, {{"item", domains_of(tx, id, env.config)}});
  require_superadmin(a);
  bool hosts_changed = false;
  if (parts.size() == 5 && req.method == "POST") {
    json kolom = json::object();
    std::string raw = str(body, "hostname", 253, kolom, true, "Nama domain");
    auto host = normalize_host(raw);
    const std::string base = env.config.base_domain;
    if (!kolom.empty()) throw ApiError{422, "Domain belum bisa ditambahkan.", kolom};
    if (!host || host->find('.') == std::string::npos || host->find(':') != std::string::npos || host->size() < 4)
      throw ApiError{422, "Domain belum bisa ditambahkan.", {{"hostname", "Tulis nama domain saja, misalnya sukamaju.desa.id."}}};
    if (*host == base || host->ends_with("." + base))
      throw ApiError{422, "Domain belum bisa ditambahkan.", {{"hostname", "Alamat di bawah " + base + " sudah otomatis; tambahkan domain milik desa sendiri."}}};
    auto taken = tx.exec_params("SELECT desa_id FROM domains WHERE hostname = $1", *host);
    if (!taken.empty()) throw ApiError{409, "Domain " + *host + " sudah terdaftar" + (taken[0][0].as<std::int64_t>() == id ? " untuk desa ini." : " untuk desa lain.")};
    bool utama = flag(body, "utama") || tx.exec_params("SELECT 1 FROM domains WHERE desa_id = $1", id).empty();
    if (utama) tx.exec_params("UPDATE domains SET is_primary = false WHERE desa_id = $1", id);
    tx.exec_params("INSERT INTO domains (hostname, desa_id, is_primary) VALUES ($1, $2, $3)", *host, id, utama);
    support_log(tx, a, id, "domain.tambah", {{"hostname", *host}, {"utama", utama}});
    hosts_changed = true;
  } else if (parts.size() >= 6) {
    const std::string host = parts[5];
    if (tx.exec_params("SELECT 1 FROM domains WHERE desa_id = $1 AND hostname = $2", id, host).empty()) throw ApiError{404, "Domain tidak ditemukan."};
    if (parts.size() == 6 && req.method == "DELETE") {
      tx.exec_params("DELETE FROM domains WHERE hostname = $1", host);
      support_log(tx, a, id, "domain.hapus", {{"hostname", host}});
      hosts_changed = true;
    } else if (parts.size() == 7 && parts[6] == "utama" && req.method == "POST") {
      tx.exec_params("UPDATE domains SET is_primary = (hostname = $2) WHERE desa_id = $1", id, host);
      support_log(tx, a, id, "domain.utama", {{"hostname", host}});
      hosts_changed = true;
    } else if (parts.size() == 7 && parts[6] == "periksa" && req.method == "POST") {
      // Points at us when it resolves to an address of the village's own <slug>.<base> name.
      const std::string ours = d[4].as<std::string>() + "." + env.config.base_domain;
      auto theirs = env.resolve(host), expected = env.resolve(ours);
      bool ok = false;
      for (const auto& ip : theirs) ok = ok || std::find(expected.begin(), expected.end(), ip) != expected.end();
      std::string detail;
      if (theirs.empty()) detail = host + " belum mengarah ke mana pun (tidak ada alamat DNS).";
      else if (ok) detail = host + " sudah mengarah ke server ini.";
      else {
        detail = host + " mengarah ke";
        for (const auto& ip : theirs) detail += " " + ip;
        detail += ", bukan ke server ini (";
        for (std::size_t i = 0; i < expected.size(); ++i) detail += (i ? " " : "") + expected[i];
        detail += "). Ubah record A/AAAA atau CNAME ke " + ours + ".";
      }
      tx.exec_params("UPDATE domains SET dns_ok = $2, dns_detail = $3, dns_checked_at = now() WHERE hostname = $1", host, ok, detail);
    } else {
      throw ApiError{404, "Tidak ditemukan."};
    }
  } else {
    throw ApiError{404, "Tidak ditemukan."};
  }
  if (hosts_changed) tx.exec("SELECT pg_notify('balai_hosts', '')");
  json out = domains_of(tx, id, env.config);
  tx.commit();
  return json_response(200, {{"item", out}});
}

// --- a village's accounts (recovery console) --------------------------------------
json account_json(const pqxx::row& r) {
  return {{"id", r[0].as<std::int64_t>()}, {"username", r[1].as<std::string>()}, {"nama", r[2].as<std::string>()}, {"peran", r[3].as<std::string>()},
          {"email", r[4].as<std::string>()}, {"telepon", r[5].as<std::string>()}, {"nonaktif", r[6].as<bool>()}, {"terkunci", r[7].as<bool>()},
          {"totp", r[8].as<bool>()}, {"login_terakhir", opt_text(r[9])}};
}
const char* kAccountCols =
    "id, username, nama, peran, email, telepon, disabled, locked_until IS NOT NULL AND locked_until > now(), totp_enabled,"
    " to_char(last_login_at AT TIME ZONE 'UTC', " ISO_UTC ")";

Response village_accounts(pqxx::connection& conn, const Request& req, const Account& a, std::int64_t id, const json& body) {
  require_writer(a);
  pqxx::work tx(conn);
  desa_row(tx, a, id);
  if (req.method == "GET") {
    json items = json::array();
    for (const auto& r : tx.exec_params(std::string("SELECT ") + kAccountCols + " FROM accounts WHERE desa_id = $1 ORDER BY peran, username", id))
      items.push_back(account_json(r));
    support_log(tx, a, id, "akun.lihat");  // every look at a village's accounts is recorded
    tx.commit();
    return json_response(200, {{"item", items}});
  }
  if (req.method != "POST") throw ApiError{405, "Metode tidak didukung."};
  json kolom = json::object();
  std::string username = str(body, "username", 40, kolom, true, "Nama pengguna");
  std::string nama = str(body, "nama", 120, kolom, true, "Nama");
  std::string peran = body.contains("peran") ? text_field(body, "peran") : "admin_desa";
  std::string telepon = str(body, "telepon", 30, kolom);
  std::string email = str(body, "email", 200, kolom);
  static const std::regex tel_re("^[0-9+ ()-]{0,30}$");
  if (!std::regex_match(telepon, tel_re)) kolom["telepon"] = "Nomor telepon hanya angka, spasi, +, ( ) dan -.";
  static const std::regex email_re(R"(^[^@\s<>]{1,64}@[^@\s<>]{1,190}\.[a-zA-Z]{2,}$)");
  if (!email.empty() && !std::regex_match(email, email_re)) kolom["email"] = "Alamat email tidak valid.";
  if (peran != "admin_desa" && peran != "editor" && peran != "kontributor") kolom["peran"] = "Pilih admin_desa, editor atau kontributor.";
  if (!kolom.empty()) throw ApiError{422, "Akun belum bisa dibuat.", kolom};
  NewAccount made;
  try {
    made = create_account(tx, username, nama, peran, id, 0);
  } catch (const AccountError& e) {
    throw ApiError{422, "Akun belum bisa dibuat.", {{e.field, e.what()}}};
  }
  tx.exec_params("UPDATE accounts SET telepon = $2, email = $3 WHERE id = $1", made.id, telepon, email);
  support_log(tx, a, id, "akun.buat", {{"username", username}, {"peran", peran}});
  village_log(tx, a, id, "pengguna.buat", "akun", made.id, {{"peran", peran}});
  tx.commit();
  return json_response(201, {{"id", made.id}, {"username", username}, {"sandi_sementara", made.temporary_password}});
}

Response account_action(pqxx::connection& conn, const Account& a, std::int64_t aid, const std::string& action) {
  require_writer(a);
  pqxx::work tx(conn);
  auto r = tx.exec_params("SELECT coalesce(desa_id, 0), username FROM accounts WHERE id = $1 FOR UPDATE", aid);
  if (r.empty() || r[0][0].as<std::int64_t>() == 0) throw ApiError{404, "Akun desa tidak ditemukan."};
  const auto desa = r[0][0].as<std::int64_t>();
  const auto username = r[0][1].as<std::string>();
  json out = {{"id", aid}};
  if (action == "kode-pemulihan") {
    auto code = issue_recovery_code(tx, aid, a.id);
    out["kode"] = code;
    out["berlaku_sampai"] = tx.exec("SELECT to_char((now() + interval '24 hours') AT TIME ZONE 'UTC', " ISO_UTC ")")[0][0].as<std::string>();
  } else if (action == "buka-kunci") {
    tx.exec_params("UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1", aid);
  } else if (action == "nonaktifkan") {
    tx.exec_params("UPDATE accounts SET disabled = true WHERE id = $1", aid);
    tx.exec_params("DELETE FROM sessions WHERE account_id = $1", aid);
  } else if (action == "aktifkan") {
    tx.exec_params("UPDATE accounts SET disabled = false WHERE id = $1", aid);
  } else {
    throw ApiError{404, "Tidak ditemukan."};
  }
  std::string name = action;
  std::replace(name.begin(), name.end(), '-', '_');
  support_log(tx, a, desa, "akun." + name, {{"username", username}});
  village_log(tx, a, desa, "pengguna." + name, "akun", aid);
  tx.commit();
  return json_response(200, out);
}

// --- impersonation ----------------------------------------------------------------
Response impersonate(pqxx::connection& conn, const Account& a, std::int64_t id, const json& body) {
  require_writer(a);
  json kolom = json::object();
  std::string alasan = str(body, "alasan", 300, kolom, true, "Alasan");
  if (!alasan.empty() && utf8_length(alasan) < 10) kolom["alasan"] = "Tulis alasan yang jelas (minimal 10 karakter), misalnya nomor tiket.";
  std::int64_t menit = !body.contains("menit") ? 30 : body["menit"].is_number_integer() ? body["menit"].get<std::int64_t>() : -1;
  if (menit < 5 || menit > 120) kolom["menit"] = "Lama 5 sampai 120 menit.";
  if (!kolom.empty()) throw ApiError{422, "Belum bisa masuk sebagai desa.", kolom};
  pqxx::work tx(conn);
  desa_row(tx, a, id);
  tx.exec_params("UPDATE sessions SET as_desa = $2, as_until = now() + make_interval(mins => $3::int), as_reason = $4 WHERE token_hash = $1",
                 pqxx::binarystring(a.token_hash), id, static_cast<int>(menit), alasan);
  support_log(tx, a, id, "masuk_sebagai.mulai", {{"alasan", alasan}, {"menit", menit}});
  village_log(tx, a, id, "konsol.masuk_sebagai", "desa", id, {{"alasan", alasan}, {"menit", menit}});
  tx.commit();
  return json_response(200, {{"desa_id", id}, {"menit", menit}});
}

// --- announcements and nudges -------------------------------------------------------
Response announcements(pqxx::connection& conn, const Request& req, const Account& a, const std::vector<std::string>& parts, const json& body) {
  pqxx::work tx(conn);
  if (parts.size() == 3 && req.method == "GET") {
    json items = json::array();
    for (const auto& r : tx.exec_params(
             "SELECT n.id, n.judul, n.isi, n.kecamatan_id, k.nama, n.created_by, to_char(n.created_at AT TIME ZONE 'UTC', " ISO_UTC "),"
             " (SELECT count(*) FROM announcement_reads r WHERE r.announcement_id = n.id)"
             " FROM announcements n LEFT JOIN kecamatan k ON k.id = n.kecamatan_id WHERE $1::bigint = 0 OR n.kecamatan_id IS NULL OR n.kecamatan_id = $1"
             " ORDER BY n.created_at DESC LIMIT 100", scope_of(a)))
      items.push_back({{"id", r[0].as<std::int64_t>()}, {"judul", r[1].as<std::string>()}, {"isi", r[2].as<std::string>()},
                       {"kecamatan", r[3].is_null() ? json(nullptr) : json{{"id", r[3].as<std::int64_t>()}, {"nama", r[4].as<std::string>()}}},
                       {"oleh", r[5].as<std::string>()}, {"dibuat", r[6].as<std::string>()}, {"dibaca", r[7].as<std::int64_t>()}});
    tx.commit();
    return json_response(200, {{"item", items}});
  }
  require_writer(a);
  if (parts.size() == 3 && req.method == "POST") {
    json kolom = json::object();
    std::string judul = str(body, "judul", 200, kolom, true, "Judul");
    std::string isi = str(body, "isi", 5000, kolom, true, "Isi");
    std::int64_t kec = optional_id(body, "kecamatan_id", kolom);
    if (kec && tx.exec_params("SELECT 1 FROM kecamatan WHERE id = $1", kec).empty()) kolom["kecamatan_id"] = "Kecamatan tidak ditemukan.";
    if (!kolom.empty()) throw ApiError{422, "Pengumuman belum bisa dikirim.", kolom};
    auto id = tx.exec_params("INSERT INTO announcements (judul, isi, kecamatan_id, created_by) VALUES ($1, $2, NULLIF($3::bigint, 0), $4) RETURNING id",
                             judul, isi, kec, a.username)[0][0].as<std::int64_t>();
    support_log(tx, a, 0, "pengumuman.kirim", {{"id", id}, {"kecamatan_id", kec}});
    tx.commit();
    return json_response(201, {{"id", id}});
  }
  if (parts.size() == 4 && req.method == "DELETE") {
    auto id = parse_id(parts[3]);
    if (tx.exec_params("DELETE FROM announcements WHERE id = $1 RETURNING id", id).empty()) throw ApiError{404, "Pengumuman tidak ditemukan."};
    support_log(tx, a, 0, "pengumuman.hapus", {{"id", id}});
    tx.commit();
    return json_response(204, nullptr);
  }
  throw ApiError{404, "Tidak ditemukan."};
}

// Quiet villages by kecamatan with their admins' contacts, for phoning round.
Response follow_up(ConsoleEnv& env, pqxx::connection& conn, const Account& a) {
  pqxx::work tx(conn);
  auto kab = tx.exec("SELECT nama FROM kabupaten ORDER BY id LIMIT 1");
  const std::string kabupaten = kab.empty() ? "" : kab[0][0].as<std::string>();
  auto rows = tx.exec_params(
      "SELECT d.id, d.nama, d.jenis, k.id, k.nama, " + std::string(kBand) + ", to_char(a.last_content_at AT TIME ZONE 'Asia/Jakarta', 'DD-MM-YYYY'),"
      " coalesce((SELECT json_agg(json_build_object('nama', c.nama, 'username', c.username, 'telepon', c.telepon, 'email', c.email) ORDER BY c.username)"
      "  FROM accounts c WHERE c.desa_id = d.id AND c.peran = 'admin_desa' AND NOT c.disabled), '[]')::text"
      " FROM desa d JOIN kecamatan k ON k.id = d.kecamatan_id LEFT JOIN desa_activity a ON a.desa_id = d.id"
      " WHERE d.status = 'active' AND ($1::bigint = 0 OR d.kecamatan_id = $1) AND (a.last_content_at IS NULL OR a.last_content_at < now() - interval '30 days')"
      " ORDER BY k.nama, a.last_content_at NULLS FIRST, d.nama",
      scope_of(a));
  tx.commit();
  json groups = json::array();
  for (const auto& r : rows) {
    if (groups.empty() || groups.back()["id"] != r[3].as<std::int64_t>())
      groups.push_back({{"id", r[3].as<std::int64_t>()}, {"nama", r[4].as<std::string>()}, {"desa", json::array()}});
    const std::string label = label_of(r[2].as<std::string>(), r[1].as<std::string>());
    const std::string url = env.public_origin(r[0].as<std::int64_t>()) + "/";
    const std::string sejak = r[6].is_null() ? "" : r[6].as<std::string>();
    json admins = json::array();
    for (auto c : json::parse(r[7].as<std::string>())) {
      std::string wa = wa_number(c.value("telepon", ""));
      std::string pesan = "Selamat siang Bapak/Ibu " + c.value("nama", "") + ", kami dari Diskominfo " + kabupaten + ". Website " + label + " (" + url +
                          ") " + (sejak.empty() ? "belum pernah diisi" : "belum diperbarui sejak " + sejak) +
                          ". Apakah ada kendala? Kami siap membantu, termasuk jika lupa kata sandi.";
      c["whatsapp"] = wa.empty() ? json(nullptr) : json("https://wa.me/" + wa + "?text=" + url_encode(pesan));
      admins.push_back(c);
    }
    groups.back()["desa"].push_back({{"id", r[0].as<std::int64_t>()}, {"label", label}, {"url", url}, {"pita", r[5].as<std::string>()},
                                     {"terakhir_diubah", sejak.empty() ? json(nullptr) : json(sejak)}, {"admin", admins}});
  }
  return json_response(200, {{"kecamatan", groups}});
}

// --- tickets ----------------------------------------------------------------------------
const std::set<std::string>& ticket_categories() {
  static const std::set<std::string> c = {"akun", "konten", "tampilan", "domain", "data", "lainnya"};
  return c;
}

std::vector<std::string> screenshot_keys(pqxx::connection& conn, std::int64_t desa, const json& body, json& kolom) {
  std::vector<std::string> keys;
  if (!body.contains("gambar")) return keys;
  if (!body["gambar"].is_array() || body["gambar"].size() > 5) {
    kolom["gambar"] = "Paling banyak 5 tangkapan layar.";
    return keys;
  }
  for (const auto& k : body["gambar"]) {
    if (!k.is_string() || !media::valid_key(k.get<std::string>())) {
      kolom["gambar"] = "Tangkapan layar tidak valid: unggah ulang.";
      return keys;
    }
    keys.push_back(k.get<std::string>());
  }
  if (!keys.empty()) {
    db::with_tenant(conn, desa, [&](pqxx::work& tx) {
      for (const auto& k : keys)
        if (tx.exec_params("SELECT 1 FROM media WHERE desa_id = $1 AND key = $2", desa, k).empty()) kolom["gambar"] = "Tangkapan layar tidak ditemukan: unggah ulang.";
    });
  }
  return keys;
}

std::string pg_array(const std::vector<std::string>& keys) {
  std::string s = "{";
  for (std::size_t i = 0; i < keys.size(); ++i) s += (i ? "," : "") + keys[i];  // keys are hex: no quoting needed
  return s + "}";
}

json ticket_json(ConsoleEnv& env, pqxx::connection& conn, std::int64_t id, std::int64_t desa_scope, std::int64_t kec_scope) {
  json t;
  std::int64_t desa = 0;
  std::vector<std::tuple<json, std::vector<std::string>>> messages;
  {
    pqxx::work tx(conn);
    auto r = tx.exec_params("SELECT t.id, t.desa_id, d.nama, d.jenis, t.kategori, t.judul, t.status, to_char(t.created_at AT TIME ZONE 'UTC', " ISO_UTC "),"
                            " to_char(t.updated_at AT TIME ZONE 'UTC', " ISO_UTC "), k.nama"
                            " FROM tickets t JOIN desa d ON d.id = t.desa_id JOIN kecamatan k ON k.id = d.kecamatan_id"
                            " WHERE t.id = $1 AND ($2::bigint = 0 OR t.desa_id = $2) AND ($3::bigint = 0 OR d.kecamatan_id = $3)",
                            id, desa_scope, kec_scope);
    if (r.empty()) throw ApiError{404, "Tiket tidak ditemukan."};
    desa = r[0][1].as<std::int64_t>();
    t = {{"id", id}, {"desa", {{"id", desa}, {"label", label_of(r[0][3].as<std::string>(), r[0][2].as<std::string>())}, {"kecamatan", r[0][9].as<std::string>()}}},
         {"kategori", r[0][4].as<std::string>()}, {"judul", r[0][5].as<std::string>()}, {"status", r[0][6].as<std::string>()},
         {"dibuat", r[0][7].as<std::string>()}, {"diperbarui", r[0][8].as<std::string>()}, {"pesan", json::array()}};
    for (const auto& m : tx.exec_params("SELECT author, diskominfo, body, array_to_string(gambar, ','), to_char(at AT TIME ZONE 'UTC', " ISO_UTC ")"
                                        " FROM ticket_messages WHERE ticket_id = $1 ORDER BY at, id", id)) {
      std::vector<std::string> keys;
      std::string list = m[3].as<std::string>();
      for (std::size_t at = 0; at < list.size();) {
        auto comma = list.find(',', at);
        if (comma == std::string::npos) comma = list.size();
        keys.push_back(list.substr(at, comma - at));
        at = comma + 1;
      }
      messages.emplace_back(json{{"oleh", m[0].as<std::string>()}, {"diskominfo", m[1].as<bool>()}, {"isi", m[2].as<std::string>()}, {"waktu", m[4].as<std::string>()}},
                            keys);
    }
    tx.commit();
  }
  const std::string origin = env.public_origin(desa);
  db::with_tenant(conn, desa, [&](pqxx::work& tx) {
    for (auto& [m, keys] : messages) {
      json pics = json::array();
      for (const auto& k : keys) {
        auto r = tx.exec_params("SELECT width FROM media WHERE desa_id = $1 AND key = $2", desa, k);
        if (!r.empty()) pics.push_back({{"key", k}, {"url", origin + media::url(k, r[0][0].as<int>(), 960)}});
      }
      m["gambar"] = pics;
      t["pesan"].push_back(m);
    }
  });
  return t;
}

json ticket_list(pqxx::connection& conn, std::int64_t desa, std::int64_t kec, const std::string& status) {
  pqxx::work tx(conn);
  json items = json::array();
  for (const auto& r : tx.exec_params(
           "SELECT t.id, t.desa_id, d.nama, d.jenis, k.nama, t.kategori, t.judul, t.status, to_char(t.created_at AT TIME ZONE 'UTC', " ISO_UTC "),"
           " floor(extract(epoch FROM now() - t.created_at) / 3600)::bigint,"
           " (SELECT m.diskominfo FROM ticket_messages m WHERE m.ticket_id = t.id ORDER BY m.at DESC, m.id DESC LIMIT 1)"
           " FROM tickets t JOIN desa d ON d.id = t.desa_id JOIN kecamatan k ON k.id = d.kecamatan_id"
           " WHERE ($1::bigint = 0 OR t.desa_id = $1) AND ($2::bigint = 0 OR d.kecamatan_id = $2)"
           " AND (($3 = '' AND t.status <> 'selesai') OR $3 = 'semua' OR t.status = $3)"
           " ORDER BY t.created_at LIMIT 500", desa, kec, status))
    items.push_back({{"id", r[0].as<std::int64_t>()}, {"desa", {{"id", r[1].as<std::int64_t>()}, {"label", label_of(r[3].as<std::string>(), r[2].as<std::string>())},
                                                               {"kecamatan", r[4].as<std::string>()}}},
                     {"kategori", r[5].as<std::string>()}, {"judul", r[6].as<std::string>()}, {"status", r[7].as<std::string>()},
                     {"dibuat", r[8].as<std::string>()}, {"umur_jam", r[9].as<std::int64_t>()},
                     {"dibalas_diskominfo", !r[10].is_null() && r[10].as<bool>()}});
  tx.commit();
  return items;
}

Response console_tickets(ConsoleEnv& env, pqxx::connection& conn, const Request& req, const Account& a, const std::vector<std::string>& parts,
                         const json& body) {
  static const std::set<std::string> statuses = {"baru", "diproses", "menunggu_desa", "selesai"};
  if (parts.size() == 3 && req.method == "GET") {
    std::string status = site::query_param(req.query, "status");
    if (!status.empty() && status != "semua" && !statuses.count(status)) throw ApiError{400, "Status tiket tidak dikenal."};
    return json_response(200, {{"item", ticket_list(conn, 0, scope_of(a), status)}});
  }
  std::int64_t id = parts.size() >= 4 ? parse_id(parts[3]) : -1;
  if (id <= 0) throw ApiError{404, "Tiket tidak ditemukan."};
  if (parts.size() == 4 && req.method == "GET") return json_response(200, ticket_json(env, conn, id, 0, scope_of(a)));
  require_writer(a);
  if (parts.size() == 5 && parts[4] == "balas" && req.method == "POST") {
    json kolom = json::object();
    std::string isi = str(body, "isi", 5000, kolom, true, "Balasan");
    std::string status = text_field(body, "status");
    if (status.empty()) status = "menunggu_desa";
    if (!statuses.count(status)) kolom["status"] = "Status tiket tidak dikenal.";
    if (!kolom.empty()) throw ApiError{422, "Balasan belum terkirim.", kolom};
    pqxx::work tx(conn);
    auto t = tx.exec_params("SELECT desa_id FROM tickets WHERE id = $1 FOR UPDATE", id);
    if (t.empty()) throw ApiError{404, "Tiket tidak ditemukan."};
    tx.exec_params("INSERT INTO ticket_messages (ticket_id, author_id, author, diskominfo, body) VALUES ($1, $2, $3, true, $4)", id, a.id,
                   a.nama + " (Diskominfo)", isi);
    tx.exec_params("UPDATE tickets SET status = $2, updated_at = now() WHERE id = $1", id, status);
    support_log(tx, a, t[0][0].as<std::int64_t>(), "tiket.balas", {{"tiket", id}, {"status", status}});
    tx.commit();
    return json_response(200, ticket_json(env, conn, id, 0, 0));
  }
  throw ApiError{404, "Tidak ditemukan."};
}

// --- moderation ------------------------------------------------------------------------
Response moderation(ConsoleEnv& env, pqxx::connection& conn, const Request& req, const Account& a, const std::vector<std::string>& parts,
                    const json& body) {
  if (parts.size() == 3 && req.method == "GET") {
    std::string status = site::query_param(req.query, "status");
    if (status.empty()) status = "menunggu";
    if (status != "menunggu" && status != "dilepas" && status != "dihapus") throw ApiError{400, "Status tidak dikenal."};
    pqxx::work tx(conn);
    json items = json::array();
    for (const auto& r : tx.exec_params(
             "SELECT h.id, h.desa_id, d.nama, d.jenis, h.objek, h.objek_id, h.judul, h.cuplikan, array_to_json(h.alasan)::text, h.status,"
             " to_char(h.created_at AT TIME ZONE 'UTC', " ISO_UTC "), coalesce(c.username, ''), coalesce(h.decided_by, '')"
             " FROM scan_holds h JOIN desa d ON d.id = h.desa_id LEFT JOIN accounts c ON c.id = h.account_id"
             " WHERE h.status = $1 AND ($2::bigint = 0 OR d.kecamatan_id = $2) ORDER BY h.created_at LIMIT 500", status, scope_of(a)))
      items.push_back({{"id", r[0].as<std::int64_t>()}, {"desa", {{"id", r[1].as<std::int64_t>()}, {"label", label_of(r[3].as<std::string>(), r[2].as<std::string>())}}},
                       {"objek", r[4].as<std::string>()}, {"objek_id", r[5].as<std::int64_t>()}, {"judul", r[6].as<std::string>()},
                       {"cuplikan", r[7].as<std::string>()}, {"alasan", json::parse(r[8].as<std::string>())}, {"status", r[9].as<std::string>()},
                       {"dibuat", r[10].as<std::string>()}, {"akun", r[11].as<std::string>()}, {"diputus_oleh", r[12].as<std::string>()}});
    tx.commit();
    return json_response(200, {{"item", items}});
  }
  require_writer(a);
  std::int64_t id = parts.size() == 5 ? parse_id(parts[3]) : -1;
  if (id <= 0 || req.method != "POST" || (parts[4] != "lepas" && parts[4] != "hapus")) throw ApiError{404, "Tidak ditemukan."};
  const bool release = parts[4] == "lepas";
  const bool lock = !release && flag(body, "kunci_akun");
  pqxx::work tx(conn);
  auto h = tx.exec_params("SELECT desa_id, objek, objek_id, fingerprint, requested, coalesce(account_id, 0), status = 'menunggu' FROM scan_holds"
                          " WHERE id = $1 FOR UPDATE", id);
  if (h.empty()) throw ApiError{404, "Item tidak ditemukan."};
  if (!h[0][6].as<bool>()) throw ApiError{409, "Item ini sudah diputuskan."};
  const auto desa = h[0][0].as<std::int64_t>(), obj = h[0][2].as<std::int64_t>(), account = h[0][5].as<std::int64_t>();
  const std::string objek = h[0][1].as<std::string>(), requested = h[0][4].as<std::string>();
  tx.exec_params("UPDATE scan_holds SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1", id, release ? "dilepas" : "dihapus", a.username);
  if (release) tx.exec_params("INSERT INTO scan_released (desa_id, fingerprint, released_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", desa,
                              h[0][3].as<std::string>(), a.username);
  tx.exec("SELECT set_config('balai.desa_id', " + tx.quote(std::to_string(desa)) + ", true)");
  if (objek == "berita") {
    if (release)
      tx.exec_params("UPDATE posts SET status = $3::text, held_reason = '', published_at = CASE WHEN $3::text = 'published' THEN coalesce(published_at, now())"
                     " ELSE published_at END, updated_at = now() WHERE desa_id = $1 AND id = $2 AND status = 'held'",
                     desa, obj, requested.empty() ? std::string("published") : requested);
    else
      tx.exec_params("UPDATE posts SET status = 'trash', trashed_at = now(), updated_at = now() WHERE desa_id = $1 AND id = $2", desa, obj);
  } else if (objek == "komentar") {
    tx.exec_params("UPDATE comments SET status = $3 WHERE desa_id = $1 AND id = $2", desa, obj, release ? "pending" : "spam");
  } else if (objek == "halaman") {
    if (!release) tx.exec_params("UPDATE pages SET status = 'draft' WHERE desa_id = $1 AND id = $2", desa, obj);
    else if (requested == "published")
      tx.exec_params("UPDATE pages SET status = 'published', published_at = coalesce(published_at, now()) WHERE desa_id = $1 AND id = $2", desa, obj);
  } else if (objek == "layanan" && !release) {
    tx.exec_params("UPDATE layanan SET status = 'ditolak' WHERE desa_id = $1 AND id = $2", desa, obj);
  }
  if (lock && account) {
    tx.exec_params("UPDATE accounts SET locked_until = 'infinity', failed_logins = greatest(failed_logins, 10) WHERE id = $1 AND desa_id IS NOT NULL", account);
    tx.exec_params("DELETE FROM sessions WHERE account_id = $1", account);
  }
  village_log(tx, a, desa, release ? "konsol.moderasi_lepas" : "konsol.moderasi_hapus", objek, obj, {{"kunci_akun", lock}});
  support_log(tx, a, desa, release ? "moderasi.lepas" : "moderasi.hapus", {{"tahanan", id}, {"objek", objek}, {"kunci_akun", lock}});
  tx.exec("SELECT pg_notify('balai_content', " + tx.quote(std::to_string(desa)) + ")");
  tx.commit();
  if (env.content_changed) env.content_changed(desa);
  return json_response(200, {{"id", id}, {"status", release ? "dilepas" : "dihapus"}});
}

Response terms(pqxx::connection& conn, const Request& req, const Account& a, const std::vector<std::string>& parts, const json& body) {
  pqxx::work tx(conn);
  if (parts.size() == 3 && req.method == "GET") {
    json items = json::array();
    for (const auto& r : tx.exec("SELECT id, term, jenis, created_by FROM scan_terms ORDER BY jenis, term"))
      items.push_back({{"id", r[0].as<std::int64_t>()}, {"istilah", r[1].as<std::string>()}, {"jenis", r[2].as<std::string>()}, {"oleh", r[3].as<std::string>()}});
    tx.commit();
    return json_response(200, {{"item", items}});
  }
  require_writer(a);
  if (parts.size() == 3 && req.method == "POST") {
    json kolom = json::object();
    std::string istilah = str(body, "istilah", 100, kolom, true, "Istilah");
    std::transform(istilah.begin(), istilah.end(), istilah.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string jenis = text_field(body, "jenis");
    if (jenis.empty()) jenis = "frasa";
    if (jenis != "frasa" && jenis != "domain") kolom["jenis"] = "Pilih frasa atau domain.";
    if (!istilah.empty() && utf8_length(istilah) < 2) kolom["istilah"] = "Minimal 2 karakter.";
    if (!kolom.empty()) throw ApiError{422, "Istilah belum bisa disimpan.", kolom};
    auto r = tx.exec_params("INSERT INTO scan_terms (term, jenis, created_by) VALUES (lower($1), $2, $3) ON CONFLICT (term) DO NOTHING RETURNING id", istilah, jenis,
                            a.username);
    if (r.empty()) throw ApiError{409, "Istilah itu sudah ada di daftar."};
    support_log(tx, a, 0, "istilah.tambah", {{"istilah", istilah}, {"jenis", jenis}});
    tx.commit();
    return json_response(201, {{"id", r[0][0].as<std::int64_t>()}, {"istilah", istilah}, {"jenis", jenis}});
  }
  if (parts.size() == 4 && req.method == "DELETE") {
    auto r = tx.exec_params("DELETE FROM scan_terms WHERE id = $1 RETURNING term", parse_id(parts[3]));
    if (r.empty()) throw ApiError{404, "Istilah tidak ditemukan."};
    support_log(tx, a, 0, "istilah.hapus", {{"istilah", r[0][0].as<std::string>()}});
    tx.commit();
    return json_response(204, nullptr);
  }
  throw ApiError{404, "Tidak ditemukan."};
}

// --- regency templates ---------------------------------------------------------------------
Response templates(ConsoleEnv& env, pqxx::connection& conn, const Request& req, const Account& a, const std::vector<std::string>& parts, const json& body) {
  if (parts.size() == 3 && req.method == "GET") {
    pqxx::work tx(conn);
    json items = json::array();
    for (const auto& r : tx.exec("SELECT id, jenis, slug, judul, isi::text, revisi, updated_by, to_char(updated_at AT TIME ZONE 'UTC', " ISO_UTC ")"
                                 " FROM regency_templates ORDER BY jenis, slug"))
      items.push_back({{"id", r[0].as<std::int64_t>()}, {"jenis", r[1].as<std::string>()}, {"slug", r[2].as<std::string>()}, {"judul", r[3].as<std::string>()},
                       {"isi", json::parse(r[4].as<std::string>())}, {"revisi", r[5].as<int>()}, {"oleh", r[6].as<std::string>()}, {"diubah", r[7].as<std::string>()}});
    tx.commit();
    return json_response(200, {{"item", items}});
  }
  require_superadmin(a);
  if (parts.size() == 4 && req.method == "DELETE") {
    pqxx::work tx(conn);
    auto r = tx.exec_params("DELETE FROM regency_templates WHERE id = $1 RETURNING slug", parse_id(parts[3]));
    if (r.empty()) throw ApiError{404, "Templat tidak ditemukan."};
    support_log(tx, a, 0, "templat.hapus", {{"slug", r[0][0].as<std::string>()}});
    tx.commit();
    return json_response(204, nullptr);
  }
  if (parts.size() == 4 && parts[3] == "terapkan" && req.method == "POST") {
    json kolom = json::object();
    std::int64_t kec = optional_id(body, "kecamatan_id", kolom);
    if (!kolom.empty()) throw ApiError{422, "Templat belum diterapkan.", kolom};
    std::vector<std::int64_t> villages;
    {
      pqxx::work tx(conn);
      for (const auto& r : tx.exec_params("SELECT id FROM desa WHERE status <> 'archived' AND ($1::bigint = 0 OR kecamatan_id = $1) ORDER BY id", kec))
        villages.push_back(r[0].as<std::int64_t>());
      tx.commit();
    }
    std::int64_t changed_villages = 0, items = 0;
    for (auto id : villages) {
      int n = db::with_tenant(conn, id, [&](pqxx::work& tx) {
        int k = tx.exec_params("SELECT balai_apply_templates($1)", id)[0][0].as<int>();
        if (k) tx.exec("SELECT pg_notify('balai_content', " + tx.quote(std::to_string(id)) + ")");
        return k;
      });
      if (n) {
        ++changed_villages;
        items += n;
        if (env.content_changed) env.content_changed(id);
      }
    }
    pqxx::work tx(conn);
    support_log(tx, a, 0, "templat.terapkan", {{"kecamatan_id", kec}, {"desa", villages.size()}, {"berubah", changed_villages}});
    tx.commit();
    return json_response(200, {{"desa", villages.size()}, {"desa_berubah", changed_villages}, {"item_berubah", items}});
  }
  const bool create = parts.size() == 3 && req.method == "POST", update = parts.size() == 4 && req.method == "PUT";
  if (!create && !update) throw ApiError{404, "Tidak ditemukan."};
  json kolom = json::object();
  std::string jenis = text_field(body, "jenis");
  // A category template becomes a village category: its limits apply.
  std::string slug = str(body, "slug", jenis == "kategori" ? 60 : 100, kolom, true, "Alamat (slug)");
  std::string judul = str(body, "judul", jenis == "kategori" ? 80 : 200, kolom, true, "Judul");
  static const std::regex slug_re("^[a-z0-9]([a-z0-9-]{0,98}[a-z0-9])?$");
  if (!slug.empty() && !std::regex_match(slug, slug_re)) kolom["slug"] = "Huruf kecil, angka dan tanda hubung.";
  if (jenis != "kategori" && jenis != "halaman") kolom["jenis"] = "Pilih kategori atau halaman.";
  std::string isi = R"({"type":"doc","content":[]})", teks;
  if (jenis == "halaman") {
    if (!body.contains("isi") || !body["isi"].is_object()) kolom["isi"] = "Isi halaman wajib diisi.";
    else {
      isi = body["isi"].dump();
      auto rendered = content::render_richtext(isi);
      if (!rendered.valid || isi.size() > 200000) kolom["isi"] = "Isi halaman tidak dapat dibaca.";
      teks = rendered.plain;
    }
  }
  if (!kolom.empty()) throw ApiError{422, "Templat belum bisa disimpan.", kolom};
  pqxx::work tx(conn);
  std::int64_t id;
  if (update && !tx.exec_params("SELECT 1 FROM regency_templates WHERE jenis = $1 AND slug = $2 AND id <> $3", jenis, slug, parse_id(parts[3])).empty())
    throw ApiError{409, "Templat dengan alamat itu sudah ada."};
  if (create) {
    auto r = tx.exec_params("INSERT INTO regency_templates (jenis, slug, judul, isi, isi_teks, updated_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6)"
                            " ON CONFLICT (jenis, slug) DO NOTHING RETURNING id", jenis, slug, judul, isi, teks, a.username);
    if (r.empty()) throw ApiError{409, "Templat dengan alamat itu sudah ada."};
    id = r[0][0].as<std::int64_t>();
  } else {
    id = parse_id(parts[3]);
    if (tx.exec_params("UPDATE regency_templates SET jenis = $2, slug = $3, judul = $4, isi = $5::jsonb, isi_teks = $6, revisi = revisi + 1,"
                       " updated_by = $7, updated_at = now() WHERE id = $1 RETURNING id", id, jenis, slug, judul, isi, teks, a.username).empty())
      throw ApiError{404, "Templat tidak ditemukan."};
  }
  support_log(tx, a, 0, "templat.simpan", {{"id", id}, {"slug", slug}});
  tx.commit();
  return json_response(create ? 201 : 200, {{"id", id}});
}

// --- archives -----------------------------------------------------------------------
// Runs `fn` with the connection's session scoped to one village (the archive
// functions open their own transactions); the pooled connection is reset
// afterwards whatever happens.
template <class F>
auto as_village(pqxx::connection& conn, std::int64_t id, F&& fn) {
  pqxx::nontransaction(conn).exec("SELECT set_config('balai.desa_id', '" + std::to_string(id) + "', false)");
  struct Reset {
    pqxx::connection& conn;
    ~Reset() {
      try {
        pqxx::nontransaction(conn).exec("RESET balai.desa_id");
      } catch (...) {
      }
    }
  } reset{conn};
  return fn();
}

// A village's archive (content, settings, pictures, manifest with checksums),
// read under the village's own row-level security.
std::pair<std::string, tenants::ExportStats> village_archive(pqxx::connection& conn, const AdminConfig& config, std::int64_t id) {
  std::ostringstream out;
  auto st = as_village(conn, id, [&] { return tenants::export_desa(conn, std::to_string(id), config.media_dir, out); });
  return {out.str(), st};
}

Response download(std::string body, const std::string& filename, const char* type) {
  Response r;
  r.content_type = type;
  r.body = std::move(body);
  r.set("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

// A village archive (from 'balai desa export' or the console) uploaded into
// this instance: verified first, one transaction, the village keeps its id.
Response import_village(ConsoleEnv& env, pqxx::connection& conn, const Request& req, const Account& a) {
  require_superadmin(a);
  tenants::ArchiveSummary summary;
  try {
    summary = tenants::verify_archive(req.body);
  } catch (const std::exception& e) {
    throw ApiError{422, std::string("Arsip desa tidak dapat dipakai: ") + e.what() + ". Tidak ada yang diubah."};
  }
  tenants::ImportOptions options;
  options.actor = a.username;
  tenants::ArchiveImportStats st;
  try {
    st = as_village(conn, summary.desa_id, [&] { return tenants::import_desa(conn, req.body, env.config.media_dir, options); });
  } catch (const tenants::UserError& e) {
    throw ApiError{422, std::string("Arsip desa tidak dipasang: ") + e.what() + ". Tidak ada yang diubah."};
  }
  return json_response(201, {{"id", st.desa_id}, {"kode", st.kode}, {"slug", st.slug}, {"nama", st.nama}, {"tabel", st.tables}, {"baris", st.rows},
                             {"berkas_media", st.media_files}, {"domain_dilewati", st.domains_skipped}, {"catatan", st.notes},
                             {"url", env.public_origin(st.desa_id) + "/"}});
}

Response delete_village(ConsoleEnv& env, pqxx::connection& conn, const Account& a, std::int64_t id, const json& body) {
  require_superadmin(a);
  std::string kode;
  {
    pqxx::work tx(conn);
    kode = desa_row(tx, a, id)[1].as<std::string>();
    tx.commit();
  }
  if (text_field(body, "konfirmasi") != kode)
    throw ApiError{422, "Desa belum dihapus.", {{"konfirmasi", "Ketik kode wilayah desa (" + kode + ") untuk memastikan."}}};
  // The archive comes first, kept on the server; the deletion is refused if anything changed since.
  auto [archive, st] = village_archive(conn, env.config, id);
  std::error_code ec;
  std::filesystem::create_directories(env.config.archive_dir, ec);
  auto stamp = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  auto path = std::filesystem::path(env.config.archive_dir) / (kode + "-" + stamp + ".tar");
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(archive.data(), static_cast<std::streamsize>(archive.size()));
    f.close();
    if (!f) throw std::runtime_error("cannot write archive " + path.string());
  }
  tenants::DeleteOptions options;
  options.actor = a.username;
  options.expect_digest = st.data_digest;
  try {
    as_village(conn, id, [&] { return tenants::delete_desa(conn, std::to_string(id), env.config.media_dir, options); });
  } catch (const tenants::UserError& e) {
    throw ApiError{409, std::string("Desa belum dihapus: ") + e.what()};
  }
  pqxx::work tx(conn);
  tx.exec("SELECT pg_notify('balai_hosts', '')");
  tx.commit();
  return json_response(200, {{"id", id}, {"kode", kode}, {"arsip", path.filename().string()}, {"ukuran", archive.size()}});
}

}  // namespace

std::string activity_band(std::int64_t days) {
  if (days < 0) return "tidak_aktif";
  return days <= 30 ? "aktif" : days <= 90 ? "kurang_aktif" : "tidak_aktif";
}

Resolver system_resolver() {
  return [](const std::string& host) {
    std::vector<std::string> out;
    addrinfo hints{}, *res = nullptr;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0) return out;
    for (auto* p = res; p; p = p->ai_next) {
      char buf[INET6_ADDRSTRLEN] = {};
      const void* addr = p->ai_family == AF_INET ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(p->ai_addr)->sin_addr)
                                                 : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(p->ai_addr)->sin6_addr);
      if (inet_ntop(p->ai_family, addr, buf, sizeof buf) && std::find(out.begin(), out.end(), buf) == out.end()) out.emplace_back(buf);
    }
    freeaddrinfo(res);
    return out;
  };
}

Resolver hosts_file_resolver(const std::string& path) {
  return [path](const std::string& host) {
    std::vector<std::string> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream words(line.substr(0, line.find('#')));
      std::string ip, name;
      if (!(words >> ip)) continue;
      while (words >> name)
        if (name == host) out.push_back(ip);
    }
    return out;
  };
}

std::vector<std::int64_t> nudge_quiet(pqxx::connection& conn, const AdminConfig& config, const std::string& actor) {
  std::vector<std::int64_t> ids;
  std::vector<std::pair<std::string, std::string>> mails;  // to, text
  pqxx::work tx(conn);
  auto rows = tx.exec(
      "INSERT INTO desa_notices (desa_id, jenis, pesan)"
      " SELECT d.id, 'sepi', CASE WHEN a.last_content_at IS NULL THEN"
      "  'Website desa Anda belum pernah diperbarui. Mulai dari langkah awal di halaman ini: tulis sejarah desa, pasang logo, dan terbitkan berita pertama.'"
      "  ELSE 'Website desa Anda belum diperbarui sejak ' || to_char(a.last_content_at AT TIME ZONE 'Asia/Jakarta', 'DD-MM-YYYY') ||"
      "  '. Warga menunggu kabar: terbitkan berita kegiatan, agenda, atau pengumuman terbaru. Butuh bantuan? Buat tiket ke Diskominfo.' END"
      " FROM desa d LEFT JOIN desa_activity a ON a.desa_id = d.id"
      " WHERE d.status = 'active' AND (a.last_content_at IS NULL OR a.last_content_at < now() - interval '30 days')"
      " AND NOT EXISTS (SELECT 1 FROM desa_notices n WHERE n.desa_id = d.id AND n.jenis = 'sepi' AND n.created_at > now() - interval '6 days')"
      " RETURNING desa_id, pesan");
  for (const auto& r : rows) ids.push_back(r[0].as<std::int64_t>());
  std::sort(ids.begin(), ids.end());
  if (config.mail.configured() && !ids.empty()) {
    for (const auto& r : rows)
      for (const auto& c : tx.exec_params("SELECT email, nama FROM accounts WHERE desa_id = $1 AND peran = 'admin_desa' AND NOT disabled AND email <> ''",
                                          r[0].as<std::int64_t>()))
        mails.emplace_back(c[0].as<std::string>(), "Halo " + c[1].as<std::string>() + ",\n\n" + r[1].as<std::string>() + "\n\nMasuk ke https://admin." +
                                                       config.base_domain + "/ untuk memperbarui website.\n\n-- Diskominfo\n");
  }
  tx.exec_params("INSERT INTO support_audit (actor, action, detail) VALUES ($1, 'dorongan.kirim', $2::jsonb)", actor, json{{"desa", ids.size()}}.dump());
  tx.commit();
  for (const auto& [to, text] : mails)
    if (auto err = send_mail(config.mail, to, "Website desa menunggu kabar terbaru", text); !err.empty()) spdlog::warn("nudge email not sent: {}", err);
  return ids;
}

Response console_api(ConsoleEnv& env, pqxx::connection& conn, const Request& req, const Account& a, const std::vector<std::string>& parts, const json& body) {
  // parts: {"api", "konsol", ...}
  const std::string what = parts.size() > 2 ? parts[2] : "";
  const std::int64_t id = parts.size() > 3 ? parse_id(parts[3]) : -1;
  if (what == "desa" && parts.size() == 3 && req.method == "GET") return dashboard(env, conn, req, a);
  if (what == "desa" && parts.size() == 3 && req.method == "POST") return add_village(env, conn, a, body);
  if (what == "desa" && parts.size() == 4 && parts[3] == "impor" && req.method == "POST") return import_village(env, conn, req, a);
  if (what == "kecamatan" && parts.size() == 3 && req.method == "GET") return kecamatan_rollup(conn, a);
  if (what == "tren" && parts.size() == 3 && req.method == "GET") return trend(conn, a);
  if (what == "wilayah" && parts.size() == 3 && req.method == "GET") return wilayah_lookup(env, conn, req);
  if (what == "wilayah" && parts.size() == 4 && (parts[3] == "periksa" || parts[3] == "terapkan") && req.method == "POST")
    return wilayah_update(conn, req, a, parts[3] == "terapkan");
  if (what == "tindak-lanjut" && parts.size() == 3 && req.method == "GET") return follow_up(env, conn, a);
  if (what == "pengumuman") return announcements(conn, req, a, parts, body);
  if (what == "tiket") return console_tickets(env, conn, req, a, parts, body);
  if (what == "moderasi") return moderation(env, conn, req, a, parts, body);
  if (what == "istilah") return terms(conn, req, a, parts, body);
  if (what == "templat") return templates(env, conn, req, a, parts, body);
  if (what == "data-terbuka" && parts.size() == 3 && req.method == "GET") {
    // Everything the open data API publishes, for the province or the centre, as one archive.
    std::string kec = site::query_param(req.query, "kecamatan");
    if (scope_of(a)) {
      pqxx::work tx(conn);
      kec = tx.exec_params("SELECT kode FROM kecamatan WHERE id = $1", scope_of(a))[0][0].as<std::string>();
      tx.commit();
    }
    site::Publisher pub;
    pub.scheme = env.config.public_scheme;
    pub.base_domain = env.config.base_domain;
    pub.time_zone = env.config.time_zone;
    std::ostringstream out;
    try {
      site::export_all(conn, *env.directory.get(), out, kec, pub);
    } catch (const std::invalid_argument& e) {
      throw ApiError{400, "Kode kecamatan tidak dikenal."};
    }
    return download(out.str(), "data-terbuka" + (kec.empty() ? std::string() : "-" + kec) + ".tar", "application/x-tar");
  }
  if (what == "segarkan" && parts.size() == 3 && req.method == "POST") {
    require_writer(a);
    pqxx::work tx(conn);
    tx.exec("SET LOCAL statement_timeout = 60000");
    auto n = tx.exec("SELECT balai_refresh_activity(NULL)")[0][0].as<int>();
    tx.commit();
    return json_response(200, {{"desa", n}});
  }
  if (what == "dorongan" && parts.size() == 3 && req.method == "POST") {
    require_writer(a);
    auto ids = nudge_quiet(conn, env.config, a.username);
    return json_response(200, {{"desa", ids}});
  }
  if (what == "pengguna" && parts.size() == 5 && id > 0 && req.method == "POST") return account_action(conn, a, id, parts[4]);
  if (what == "desa" && id > 0) {
    if (parts.size() == 4 && req.method == "GET") return desa_detail(env, conn, a, id);
    const std::string sub = parts.size() > 4 ? parts[4] : "";
    if (sub == "status" && parts.size() == 5 && req.method == "POST") return set_status(env, conn, a, id, body);
    if (sub == "domain") return domains(env, conn, req, a, id, parts, body);
    if (sub == "pengguna" && parts.size() == 5) return village_accounts(conn, req, a, id, body);
    if (sub == "masuk-sebagai" && parts.size() == 5 && req.method == "POST") return impersonate(conn, a, id, body);
    if (sub == "arsip" && parts.size() == 5 && req.method == "GET") {
      require_writer(a);
      std::string kode;
      {
        pqxx::work tx(conn);
        kode = desa_row(tx, a, id)[1].as<std::string>();
        support_log(tx, a, id, "desa.arsip");
        tx.commit();
      }
      auto [archive, st] = village_archive(conn, env.config, id);
      return download(std::move(archive), "desa-" + kode + ".tar", "application/x-tar");
    }
    if (parts.size() == 4 && req.method == "DELETE") return delete_village(env, conn, a, id, body);
  }
  throw ApiError{404, "Tidak ditemukan."};
}

// --- the village side: tickets, notices, announcements ---------------------------------------
Response support_api(ConsoleEnv& env, pqxx::connection& conn, const Request& req, const Account& a, const std::vector<std::string>& parts,
                     const json& body) {
  const std::string what = parts[1];
  if (what == "pemberitahuan" && parts.size() == 2 && req.method == "GET") {
    pqxx::work tx(conn);
    json pengumuman = json::array(), catatan = json::array();
    for (const auto& r : tx.exec_params(
             "SELECT n.id, n.judul, n.isi, to_char(n.created_at AT TIME ZONE 'UTC', " ISO_UTC "), r.account_id IS NOT NULL"
             " FROM announcements n JOIN desa d ON d.id = $1 LEFT JOIN announcement_reads r ON r.announcement_id = n.id AND r.account_id = $2"
             " WHERE (n.kecamatan_id IS NULL OR n.kecamatan_id = d.kecamatan_id) AND (r.account_id IS NULL OR n.created_at > now() - interval '30 days')"
             " ORDER BY n.created_at DESC LIMIT 20", a.desa_id, a.id))
      pengumuman.push_back({{"id", r[0].as<std::int64_t>()}, {"judul", r[1].as<std::string>()}, {"isi", r[2].as<std::string>()},
                            {"waktu", r[3].as<std::string>()}, {"dibaca", r[4].as<bool>()}});
    for (const auto& r : tx.exec_params("SELECT id, jenis, pesan, to_char(created_at AT TIME ZONE 'UTC', " ISO_UTC ") FROM desa_notices"
                                        " WHERE desa_id = $1 AND read_at IS NULL ORDER BY created_at DESC LIMIT 10", a.desa_id))
      catatan.push_back({{"id", r[0].as<std::int64_t>()}, {"jenis", r[1].as<std::string>()}, {"pesan", r[2].as<std::string>()}, {"waktu", r[3].as<std::string>()}});
    tx.commit();
    return json_response(200, {{"pengumuman", pengumuman}, {"catatan", catatan}});
  }
  if (what == "pemberitahuan" && parts.size() == 5 && parts[4] == "baca" && req.method == "POST") {
    auto id = parse_id(parts[3]);
    pqxx::work tx(conn);
    bool found;
    if (parts[2] == "pengumuman") {
      found = !tx.exec_params("SELECT 1 FROM announcements n JOIN desa d ON d.id = $2 WHERE n.id = $1 AND (n.kecamatan_id IS NULL OR n.kecamatan_id = d.kecamatan_id)",
                              id, a.desa_id).empty();
      if (found && a.impersonator.empty())  // Diskominfo looking as the village does not mark it read
        tx.exec_params("INSERT INTO announcement_reads (announcement_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", id, a.id);
    } else if (parts[2] == "catatan") {
      found = !tx.exec_params(a.impersonator.empty() ? "UPDATE desa_notices SET read_at = now() WHERE id = $1 AND desa_id = $2 RETURNING id"
                                                     : "SELECT id FROM desa_notices WHERE id = $1 AND desa_id = $2", id, a.desa_id).empty();
    } else {
      found = false;
    }
    if (!found) throw ApiError{404, "Pemberitahuan tidak ditemukan."};
    tx.commit();
    return json_response(204, nullptr);
  }
  if (what == "tiket") {
    if (parts.size() == 2 && req.method == "GET") return json_response(200, {{"item", ticket_list(conn, a.desa_id, 0, "semua")}});
    if (parts.size() == 2 && req.method == "POST") {
      json kolom = json::object();
      std::string kategori = text_field(body, "kategori");
      if (!ticket_categories().count(kategori)) kolom["kategori"] = "Pilih kategori masalah.";
      std::string judul = str(body, "judul", 200, kolom, true, "Judul");
      std::string isi = str(body, "isi", 5000, kolom, true, "Uraian masalah");
      auto keys = screenshot_keys(conn, a.desa_id, body, kolom);
      if (!kolom.empty()) throw ApiError{422, "Tiket belum terkirim.", kolom};
      pqxx::work tx(conn);
      auto open = tx.exec_params("SELECT count(*) FROM tickets WHERE desa_id = $1 AND status <> 'selesai'", a.desa_id)[0][0].as<int>();
      if (open >= 20) throw ApiError{429, "Desa ini sudah punya 20 tiket terbuka. Tunggu balasan Diskominfo atau tutup tiket yang sudah selesai."};
      auto id = tx.exec_params("INSERT INTO tickets (desa_id, kategori, judul, created_by) VALUES ($1, $2, $3, $4) RETURNING id", a.desa_id, kategori, judul,
                               a.id)[0][0].as<std::int64_t>();
      tx.exec_params("INSERT INTO ticket_messages (ticket_id, author_id, author, diskominfo, body, gambar) VALUES ($1, $2, $3, false, $4, $5::text[])", id, a.id,
                     a.nama, isi, pg_array(keys));
      tx.exec("SELECT set_config('balai.desa_id', " + tx.quote(std::to_string(a.desa_id)) + ", true)");
      audit(tx, a, "tiket.buat", "tiket", id, {{"kategori", kategori}});
      tx.commit();
      return json_response(201, ticket_json(env, conn, id, a.desa_id, 0));
    }
    std::int64_t id = parts.size() >= 3 ? parse_id(parts[2]) : -1;
    if (id <= 0) throw ApiError{404, "Tiket tidak ditemukan."};
    if (parts.size() == 3 && req.method == "GET") return json_response(200, ticket_json(env, conn, id, a.desa_id, 0));
    if (parts.size() == 4 && (parts[3] == "balas" || parts[3] == "selesai") && req.method == "POST") {
      json kolom = json::object();
      const bool close = parts[3] == "selesai";
      std::string isi = close ? "" : str(body, "isi", 5000, kolom, true, "Balasan");
      auto keys = close ? std::vector<std::string>{} : screenshot_keys(conn, a.desa_id, body, kolom);
      if (!kolom.empty()) throw ApiError{422, "Balasan belum terkirim.", kolom};
      pqxx::work tx(conn);
      if (tx.exec_params("SELECT 1 FROM tickets WHERE id = $1 AND desa_id = $2 FOR UPDATE", id, a.desa_id).empty()) throw ApiError{404, "Tiket tidak ditemukan."};
      if (close) {
        tx.exec_params("UPDATE tickets SET status = 'selesai', updated_at = now() WHERE id = $1", id);
      } else {
        tx.exec_params("INSERT INTO ticket_messages (ticket_id, author_id, author, diskominfo, body, gambar) VALUES ($1, $2, $3, false, $4, $5::text[])", id,
                       a.id, a.nama, isi, pg_array(keys));
        tx.exec_params("UPDATE tickets SET status = CASE WHEN status IN ('menunggu_desa', 'selesai') THEN 'diproses' ELSE status END, updated_at = now()"
                       " WHERE id = $1", id);
      }
      tx.commit();
      return json_response(200, ticket_json(env, conn, id, a.desa_id, 0));
    }
  }
  throw ApiError{404, "Tidak ditemukan."};
}

}  // namespace balai::admin
