// Balai's own request/response types: everything outside server/http sees
// these, never Beast.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace balai::http {

struct Request {
  std::string method;
  std::string target;  // as sent: path and query
  std::string path;    // target before '?'
  std::string query;   // after '?', without it
  std::string host;    // raw Host header value
  int host_count = 0;  // how many Host headers were sent
  std::string accept_encoding;
  std::string if_none_match;
  std::string user_agent;
  std::string origin;        // Origin header, "" when absent
  std::string content_type;
  std::string cookie;        // Cookie header, "" when absent
  std::string csrf_token;    // X-CSRF-Token header
  std::string body;
  bool keep_alive = true;
  bool tls = false;  // arrived over HTTPS
};

// Which part of Balai answered: the label of the request metrics.
enum class Surface : std::uint8_t { other, site, media, portal, opendata, admin, acme };
inline constexpr int kSurfaces = 7;
inline constexpr const char* surface_name(Surface s) {
  constexpr const char* names[kSurfaces] = {"other", "site", "media", "portal", "opendata", "admin", "acme"};
  return names[static_cast<int>(s)];
}

struct Context {
  std::string request_id;
  std::string client_ip;
  std::int64_t desa_id = 0;  // resolved tenant, 0 when none
  Surface surface = Surface::other;
  std::chrono::steady_clock::time_point start;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Shared immutable body (e.g. a cached page); used instead of `body` when set.
  std::shared_ptr<const std::string> shared_body;

  void set(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

// Handlers answer exactly once, from any thread.
using Respond = std::function<void(Response&&)>;
using Handler = std::function<void(Request&&, Context&, Respond)>;

}  // namespace balai::http
