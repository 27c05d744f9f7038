#include "server/site/cache.hpp"

#include <openssl/evp.h>
#include <zlib.h>

#include <ctime>
#include <mutex>

namespace balai::site {

namespace {
std::size_t size_of(const CachedPage& p) {
  return (p.body ? p.body->size() : 0) + (p.gzip ? p.gzip->size() : 0) + 256;
}
}  // namespace

std::shared_ptr<const CachedPage> RenderCache::get(const std::string& key, std::uint64_t generation) const {
  std::shared_lock lock(mutex_);
  auto it = pages_.find(key);
  if (it == pages_.end() || it->second->generation != generation || std::chrono::system_clock::now() >= it->second->valid_until) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return it->second;
}

std::shared_ptr<const CachedPage> RenderCache::get_stale(const std::string& key, std::chrono::seconds max_age) const {
  std::shared_lock lock(mutex_);
  auto it = pages_.find(key);
  if (it == pages_.end() || std::chrono::system_clock::now() - it->second->rendered_at > max_age) return nullptr;
  stale_.fetch_add(1, std::memory_order_relaxed);
  return it->second;
}

std::size_t RenderCache::entries() const {
  std::shared_lock lock(mutex_);
  return pages_.size();
}

void RenderCache::put(const std::string& key, std::shared_ptr<const CachedPage> page) {
  std::size_t size = size_of(*page) + key.size();
  if (size > max_bytes_ / 4) return;  // never let one page crowd out the rest
  std::unique_lock lock(mutex_);
  if (auto it = pages_.find(key); it != pages_.end()) {
    bytes_ -= size_of(*it->second) + key.size();
    pages_.erase(it);
  }
  // Over budget: drop entries until there is room. Stale ones would be
  // replaced on their next request anyway.
  for (auto it = pages_.begin(); bytes_ + size > max_bytes_ && it != pages_.end();) {
    bytes_ -= size_of(*it->second) + it->first.size();
    it = pages_.erase(it);
  }
  bytes_ += size;
  pages_.emplace(key, std::move(page));
}

void RenderCache::clear() {
  std::unique_lock lock(mutex_);
  pages_.clear();
  bytes_ = 0;
}

std::size_t RenderCache::bytes() const {
  std::shared_lock lock(mutex_);
  return bytes_;
}

std::string gzip(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string{};
}

std::string http_date(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::shared_ptr<const CachedPage> make_page(std::string body, std::string content_type, std::uint64_t generation,
                                            std::chrono::system_clock::time_point valid_until) {
  auto p = std::make_shared<CachedPage>();
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(body.data(), body.size(), md, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string tag = "\"";
  for (unsigned i = 0; i < 10; ++i) tag += hex[md[i] >> 4], tag += hex[md[i] & 15];
  p->etag = tag + "\"";
  p->generation = generation;
  p->valid_until = valid_until;
  p->rendered_at = std::chrono::system_clock::now();
  p->content_type = std::move(content_type);
  p->last_modified = http_date(std::chrono::system_clock::now());
  std::string gz = gzip(body);
  if (!gz.empty() && gz.size() < body.size()) p->gzip = std::make_shared<const std::string>(std::move(gz));
  p->body = std::make_shared<const std::string>(std::move(body));
  return p;
}

}  // namespace balai::site
