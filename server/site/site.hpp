// The public surface: resolves the Host to the regency portal or a village,
// and answers GETs, from the render cache when it can and from PostgreSQL
// (through the worker pool) when it must.
#pragma once
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "server/http/types.hpp"
#include "tenants/directory.hpp"

namespace balai::db {
class Pool;
}

namespace balai::site {

struct SiteConfig {
  std::string base_domain = "localhost";
  std::size_t cache_entries = 20000;
};

class Site {
 public:
  Site(SiteConfig config, DirectoryStore& directory, db::Pool& pool);
  void handle(http::Request&& req, http::Context& ctx, http::Respond respond);

  // One village's content changed: its cached pages are stale from now on.
  void content_changed(std::int64_t desa_id);
  // Everything may have changed (directory reload, database reconnect).
  void invalidate_all();

 private:
  struct CacheEntry {
    std::uint64_t generation;
    std::shared_ptr<const std::string> body;
  };
  std::uint64_t generation_of(std::int64_t desa_id) const;
  std::shared_ptr<const std::string> cache_get(const std::string& key, std::uint64_t generation) const;
  void cache_put(const std::string& key, std::uint64_t generation, std::shared_ptr<const std::string> body);

  void village_home(const http::Request& req, std::shared_ptr<const Directory> dir, const DesaEntry& d,
                    http::Respond respond);
  void village_page(const http::Request& req, std::shared_ptr<const Directory> dir, const DesaEntry& d,
                    std::string slug, http::Respond respond);
  void health(http::Respond respond);

  SiteConfig config_;
  DirectoryStore& directory_;
  db::Pool& pool_;
  mutable std::shared_mutex mutex_;
  std::uint64_t epoch_ = 1;  // bumped by invalidate_all
  std::unordered_map<std::int64_t, std::uint64_t> generations_;
  std::unordered_map<std::string, CacheEntry> cache_;
};

}  // namespace balai::site
