// Prometheus metrics, kept in fixed arrays of atomics so that counting a
// request costs a few relaxed increments. Exposed on the metrics listener
// (--metrics-listen) together with /healthz and /readyz.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/http/types.hpp"

namespace balai::http {

class Metrics {
 public:
  static constexpr int kBuckets = 14;
  static constexpr double kBounds[kBuckets] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                0.1,    0.25,  0.5,    1,     2.5,  5,     10};

  // One answered request. `body_bytes`: the request body received (uploads).
  void observe(Surface surface, int status, double seconds, std::size_t body_bytes, std::int64_t desa_id);
  void connection_opened() { connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { connections_.fetch_sub(1, std::memory_order_relaxed); }
  void tls_handshake_failed() { tls_failures_.fetch_add(1, std::memory_order_relaxed); }

  // A value read when /metrics is asked; one sample per name.
  void gauge(std::string name, std::string help, std::string type, std::function<double()> read);

  // Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  struct PerSurface {
    std::atomic<std::uint64_t> status[500] = {};  // 100..599
    std::atomic<std::uint64_t> buckets[kBuckets + 1] = {};
    std::atomic<std::uint64_t> micros{0};
    std::atomic<std::uint64_t> body_bytes{0};
  };
  PerSurface surfaces_[kSurfaces];
  std::atomic<std::int64_t> connections_{0};
  std::atomic<std::uint64_t> tls_failures_{0};
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, std::uint64_t> village_errors_;
  struct Gauge {
    std::string name, help, type;
    std::function<double()> read;
  };
  std::vector<Gauge> gauges_;
};

// The process's metrics.
Metrics& metrics();

}  // namespace balai::http
