// The public pages of one village and of the regency portal, rendered from
// PostgreSQL through the themes. Pure request -> Rendered functions over an
// open transaction: the caller scopes it to the village (db::with_tenant)
// and caches the result.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/transaction>

#include "tenants/directory.hpp"

namespace balai::site {

class Themes;
class Challenger;
struct Submission;

struct Rendered {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::string location;  // for 301
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers
  bool cacheable = true;
  // The page changes by itself at this time (a scheduled post goes live, an
  // agenda item passes): a cached copy is stale from then on.
  std::chrono::system_clock::time_point valid_until = std::chrono::system_clock::time_point::max();
};

struct PageRequest {
  const Directory* dir;
  const DesaEntry* desa;  // null for the portal
  std::string path, query;
  std::string origin;       // "http://blumah.localhost:8080" (canonical, primary host)
  std::string portal_origin;
  std::string time_zone;    // "Asia/Jakarta"
  const Challenger* challenger = nullptr;
  std::int64_t preview_post = 0;  // render this post whatever its status (a checked preview link)
};

// A visitor's POST: what it is, what was checked before the database.
struct SubmitRequest {
  std::string kind;  // "pengaduan", "ppid" or "komentar"
  const Submission* submission;
  bool challenge_ok = false;
  bool rate_ok = true;
  std::string client_hash;
};

Rendered render_village(pqxx::work& tx, const Themes& themes, const PageRequest& req);
Rendered render_submit(pqxx::work& tx, const Themes& themes, const PageRequest& req, const SubmitRequest& submit);
Rendered render_portal(pqxx::work& tx, const Themes& themes, const PageRequest& req);
Rendered render_notice(const Themes& themes, int status, const std::string& title_key, const std::string& message_key,
                       const std::string& home, const std::string& detail = "");

// Query-string value of `name` (percent-decoded, '+' as space), or "".
std::string query_param(const std::string& query, const std::string& name);
// Does a file's content start the way its declared type does (PDF, PNG, JPEG, DOCX/XLSX)?
bool content_matches(const std::string& mime, const std::string& bytes);
std::string url_encode(std::string_view s);

}  // namespace balai::site
