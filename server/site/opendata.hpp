// The regency's open data: a read-only API on the portal host
// (/api/v1/desa/...), keyed by kode wilayah, as JSON or CSV, and a bulk
// export of the same datasets as one tar archive for the province and the
// centre. It publishes what the village sites publish and nothing else:
// never a citizen's submission, comment, account or audit row.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pqxx/connection>

#include "server/http/types.hpp"
#include "tenants/directory.hpp"

namespace balai::db {
class Pool;
}

namespace balai::site {

// Where the published sites live: the URLs written into the data.
struct Publisher {
  std::string scheme = "https";
  std::string base_domain = "localhost";
  std::string port_suffix;  // ":8080" when the sites are served on a port, else ""
  std::string time_zone = "Asia/Jakarta";
};

struct OpenDataConfig {
  std::string base_domain = "localhost";
  std::string public_scheme = "https";
  std::string time_zone = "Asia/Jakarta";
  std::size_t requests_per_minute = 300;  // per client address
  std::size_t cache_bytes = 32u << 20;
};

// Requests per client address per minute (fixed one-minute windows), in
// memory, bounded in the number of addresses it remembers.
class MinuteLimiter {
 public:
  explicit MinuteLimiter(std::size_t limit) : limit_(limit) {}
  // 0 when allowed (and counted), else the seconds until the next window.
  int check(const std::string& address, std::int64_t now_seconds);

 private:
  struct Slot {
    std::int64_t window = 0;
    std::size_t count = 0;
  };
  std::size_t limit_;
  std::mutex mutex_;
  std::unordered_map<std::string, Slot> seen_;
  std::int64_t pruned_window_ = -1;
};

class OpenData {
 public:
  // The content generation of a village (0: the regency), as the render
  // cache uses it: a cached answer is stale once it changes.
  using Generation = std::function<std::uint64_t(std::int64_t desa_id)>;

  OpenData(OpenDataConfig config, db::Pool& pool, Generation generation);
  ~OpenData();
  OpenData(const OpenData&) = delete;
  OpenData& operator=(const OpenData&) = delete;

  // Answers one request whose path starts with /api/v1/ on the portal host.
  void handle(const http::Request& req, http::Context& ctx, std::shared_ptr<const Directory> dir, http::Respond respond);

 private:
  struct Cache;
  OpenDataConfig config_;
  db::Pool& pool_;
  Generation generation_;
  MinuteLimiter limiter_;
  std::unique_ptr<Cache> cache_;
};

struct ExportStats {
  std::size_t desa = 0;
  std::vector<std::pair<std::string, std::size_t>> rows;  // dataset name -> rows written
};

// Writes one tar archive with every dataset of every published village (or
// only those of one kecamatan, "33.24.01") as CSV and JSON, plus README.txt
// and manifest.json. Uses the same row building as the HTTP API, one
// tenant-scoped transaction per village. Throws std::invalid_argument for a
// malformed or unknown kecamatan kode.
ExportStats export_all(pqxx::connection& conn, const Directory& dir, std::ostream& out, const std::string& kecamatan_kode,
                       const Publisher& publisher = {});

}  // namespace balai::site
