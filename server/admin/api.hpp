// Shared pieces of the admin JSON API: errors, responses, the signed-in
// account, and field readers that name the field in their message.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "server/http/types.hpp"

namespace pqxx {
class transaction_base;
}

namespace balai::admin {

using nlohmann::json;

// A refusal with its message for the person (Bahasa Indonesia) and, for
// form fields, one message per field.
struct ApiError {
  int status;
  std::string galat;
  json kolom = json::object();
  json extra = json::object();  // more fields for the client, e.g. {"perlu_totp": true}
  bool counted = true;           // a refused sign-in that counts against the client address
};

// The client label of the request being served on this thread (a keyed hash
// of its address), written into every audit row as "from where".
void set_request_client(std::string label);

// Bytes of pictures and documents a village stores; refuses (413, in Bahasa
// Indonesia) when `incoming` more would pass `quota`.
void check_quota(pqxx::transaction_base& tx, std::int64_t desa_id, std::int64_t incoming, std::int64_t quota);

// A positive id from a path segment, or -1 ("5abc" and "" are not ids).
std::int64_t parse_id(const std::string& segment);

http::Response json_response(int status, const json& body);
http::Response error_response(const ApiError& e);

struct Account {
  std::int64_t id = 0;
  std::string username, nama, peran;
  std::int64_t desa_id = 0, kecamatan_id = 0;
  bool must_change = false, totp = false;
  std::string csrf, token_hash;
  // "Masuk sebagai desa": a Diskominfo account acting as a village admin.
  // `impersonator` is then the Diskominfo username, `real_peran` its role.
  std::string impersonator, real_peran, as_until, as_reason;
  bool village() const { return desa_id != 0; }
  bool diskominfo() const {
    const auto& p = real_peran.empty() ? peran : real_peran;
    return p == "superadmin" || p == "operator_diskominfo";
  }
  bool can_publish() const { return peran == "admin_desa" || peran == "editor"; }
};

std::size_t utf8_length(std::string_view s);
// A trimmed string field; records a message in `kolom` when missing (and required) or too long.
std::string str(const json& body, const char* key, std::size_t max, json& kolom, bool required = false, const char* label = nullptr);
std::int64_t num(const json& body, const char* key);

}  // namespace balai::admin

namespace balai::admin {
// One row in the village's audit log (the tenant must be set in `tx`).
void audit(pqxx::transaction_base& tx, const Account& a, const std::string& action, const std::string& object, std::int64_t object_id,
           const json& detail = json::object());
}  // namespace balai::admin
