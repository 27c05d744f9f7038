// The render cache: rendered public pages as bytes (plain and gzip), keyed by
// host, path and query, tagged with the village's content generation and
// valid until the page would change by itself. Bounded in bytes.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace balai::site {

struct CachedPage {
  std::uint64_t generation = 0;
  std::chrono::system_clock::time_point valid_until;
  std::chrono::system_clock::time_point rendered_at;
  std::string content_type;
  std::string etag;           // quoted
  std::string last_modified;  // HTTP date
  std::shared_ptr<const std::string> body, gzip;
};

class RenderCache {
 public:
  explicit RenderCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  std::shared_ptr<const CachedPage> get(const std::string& key, std::uint64_t generation) const;
  void put(const std::string& key, std::shared_ptr<const CachedPage> page);
  void clear();
  std::size_t bytes() const;
  std::size_t entries() const;
  // The entry under `key` even when stale, if rendered within `max_age`:
  // what the site answers while the database cannot.
  std::shared_ptr<const CachedPage> get_stale(const std::string& key, std::chrono::seconds max_age) const;
  std::uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  std::uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }
  std::uint64_t stale_served() const { return stale_.load(std::memory_order_relaxed); }

 private:
  mutable std::atomic<std::uint64_t> hits_{0}, misses_{0}, stale_{0};
  std::size_t max_bytes_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const CachedPage>> pages_;
  std::size_t bytes_ = 0;
};

// Makes a cache entry: computes the ETag and the gzip copy.
std::shared_ptr<const CachedPage> make_page(std::string body, std::string content_type, std::uint64_t generation,
                                            std::chrono::system_clock::time_point valid_until);
std::string gzip(const std::string& data);
std::string http_date(std::chrono::system_clock::time_point t);

}  // namespace balai::site
