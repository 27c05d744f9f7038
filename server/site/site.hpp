// The public surface: resolves the Host to the regency portal or a village,
// and answers GETs from the render cache when it can and from PostgreSQL
// (through the worker pool, scoped to the village) when it must.
#pragma once
#include <cstdint>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <string>
#include <unordered_map>

#include <pqxx/transaction>

#include "server/http/types.hpp"
#include "server/site/cache.hpp"
#include "server/site/forms.hpp"
#include "server/site/opendata.hpp"
#include "server/site/theme.hpp"
#include "server/site/village.hpp"
#include "tenants/directory.hpp"

namespace balai::db {
class Pool;
}

namespace balai::site {

struct SiteConfig {
  std::string base_domain = "localhost";
  std::string time_zone = "Asia/Jakarta";
  std::string public_scheme = "http";  // scheme of canonical and feed URLs
  std::size_t cache_bytes = 256u << 20;
  std::string secret;  // signs form challenges and hashes client addresses; shared by all instances
  std::string media_dir = "var/media";
};

class Site {
 public:
  Site(SiteConfig config, DirectoryStore& directory, db::Pool& pool);
  void handle(http::Request&& req, http::Context& ctx, http::Respond respond);

  // One village's content changed: its cached pages are stale from now on.
  void content_changed(std::int64_t desa_id);
  // Everything may have changed (directory reload, database reconnect).
  void invalidate_all();
  // Writes the page views counted in memory since the last flush (one
  // batched upsert per village, off the request path).
  void flush_views();
  const RenderCache& cache() const { return cache_; }
  ~Site();

 private:
  std::uint64_t generation_of(std::int64_t desa_id) const;
  void serve_page(const http::Request& req, std::string key, std::uint64_t generation,
                  std::function<Rendered(pqxx::work&)> render, std::int64_t desa_id, http::Respond respond);
  http::Response notice(int status, const char* title_key, const char* message_key, const std::string& home) const;
  void health(http::Respond respond);
  http::Response media_file(const http::Request& req, std::int64_t desa_id) const;
  void count_view(std::int64_t desa_id, const http::Request& req);
  void submit(const http::Request& req, const http::Context& ctx, const DesaEntry& d, std::shared_ptr<const Directory> dir,
              std::string kind, http::Respond respond);

  SiteConfig config_;
  DirectoryStore& directory_;
  db::Pool& pool_;
  Themes themes_;
  RenderCache cache_;
  Challenger challenger_;
  mutable std::mutex notices_mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const std::string>> notices_;
  RateLimiter limiter_{5, std::chrono::seconds(600)};
  OpenData opendata_;  // /api/v1/ on the portal host
  mutable std::mutex gen_mutex_;
  std::uint64_t epoch_ = 1;  // bumped by invalidate_all
  std::unordered_map<std::int64_t, std::uint64_t> generations_;
  std::mutex views_mutex_;
  std::unordered_map<std::int64_t, std::unordered_map<std::string, std::int64_t>> views_;
  std::unordered_map<std::int64_t, std::int64_t> errors_;  // 5xx answers per village since the last flush
  std::size_t view_keys_ = 0;
  std::condition_variable_any flush_cv_;
  std::jthread flusher_;
};

}  // namespace balai::site
