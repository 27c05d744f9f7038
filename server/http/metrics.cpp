#include "server/http/metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace balai::http {

Metrics& metrics() {
  static Metrics m;
  return m;
}

void Metrics::observe(Surface surface, int status, double seconds, std::size_t body_bytes, std::int64_t desa_id) {
  auto& s = surfaces_[static_cast<int>(surface)];
  if (status >= 100 && status <= 599) s.status[status - 100].fetch_add(1, std::memory_order_relaxed);
  int b = 0;
  while (b < kBuckets && seconds > kBounds[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.micros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  if (body_bytes) s.body_bytes.fetch_add(body_bytes, std::memory_order_relaxed);
  if (status >= 500 && desa_id > 0) {
    std::lock_guard lock(mutex_);
    if (village_errors_.size() < 100000 || village_errors_.count(desa_id)) ++village_errors_[desa_id];
  }
}

void Metrics::gauge(std::string name, std::string help, std::string type, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(type), std::move(read)});
}

namespace {
std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}
}  // namespace

std::string Metrics::render() const {
  std::string out;
  out.reserve(16 * 1024);
  auto line = [&out](const std::string& s) {
    out += s;
    out += '\n';
  };
  line("# HELP balai_http_requests_total Requests answered, by surface and status.");
  line("# TYPE balai_http_requests_total counter");
  for (int i = 0; i < kSurfaces; ++i)
    for (int c = 0; c < 500; ++c)
      if (auto n = surfaces_[i].status[c].load(std::memory_order_relaxed))
        line(std::string("balai_http_requests_total{surface=\"") + surface_name(static_cast<Surface>(i)) + "\",status=\"" +
             std::to_string(c + 100) + "\"} " + std::to_string(n));
  line("# HELP balai_http_request_duration_seconds Time from a complete request to its answer being written.");
  line("# TYPE balai_http_request_duration_seconds histogram");
  for (int i = 0; i < kSurfaces; ++i) {
    const auto& s = surfaces_[i];
    // One snapshot, so that the buckets stay cumulative while requests go on.
    std::uint64_t snap[kBuckets + 1], total = 0;
    for (int b = 0; b <= kBuckets; ++b) total += snap[b] = s.buckets[b].load(std::memory_order_relaxed);
    if (!total) continue;
    std::string label = std::string("surface=\"") + surface_name(static_cast<Surface>(i)) + "\"";
    std::uint64_t cumulative = 0;
    for (int b = 0; b < kBuckets; ++b) {
      cumulative += snap[b];
      line("balai_http_request_duration_seconds_bucket{" + label + ",le=\"" + number(kBounds[b]) + "\"} " + std::to_string(cumulative));
    }
    line("balai_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " + std::to_string(total));
    line("balai_http_request_duration_seconds_sum{" + label + "} " + number(static_cast<double>(s.micros.load()) / 1e6));
    line("balai_http_request_duration_seconds_count{" + label + "} " + std::to_string(total));
  }
  line("# HELP balai_http_request_body_bytes_total Request bodies received (uploads, forms), by surface.");
  line("# TYPE balai_http_request_body_bytes_total counter");
  for (int i = 0; i < kSurfaces; ++i)
    line(std::string("balai_http_request_body_bytes_total{surface=\"") + surface_name(static_cast<Surface>(i)) + "\"} " +
         std::to_string(surfaces_[i].body_bytes.load(std::memory_order_relaxed)));
  line("# HELP balai_http_connections Open client connections.");
  line("# TYPE balai_http_connections gauge");
  line("balai_http_connections " + std::to_string(connections_.load()));
  line("# HELP balai_tls_handshake_failures_total TLS handshakes that failed.");
  line("# TYPE balai_tls_handshake_failures_total counter");
  line("balai_tls_handshake_failures_total " + std::to_string(tls_failures_.load()));

  std::vector<std::pair<std::int64_t, std::uint64_t>> top;
  std::vector<Gauge> gauges;
  {
    std::lock_guard lock(mutex_);
    top.assign(village_errors_.begin(), village_errors_.end());
    gauges = gauges_;
  }
  std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  if (top.size() > 20) top.resize(20);
  line("# HELP balai_village_server_errors_total Server errors (5xx) of the villages with the most, since start (top 20).");
  line("# TYPE balai_village_server_errors_total counter");
  for (const auto& [id, n] : top) line("balai_village_server_errors_total{desa_id=\"" + std::to_string(id) + "\"} " + std::to_string(n));

  for (const auto& g : gauges) {
    line("# HELP " + g.name + " " + g.help);
    line("# TYPE " + g.name + " " + g.type);
    line(g.name + " " + number(g.read()));
  }
  return out;
}

}  // namespace balai::http
