#include "tenants/listener.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <pqxx/pqxx>
#include <set>

#include "server/db/pool.hpp"
#include "tenants/registry.hpp"

namespace balai::tenants {

namespace {

class Receiver : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& c, const std::string& channel, std::function<void(const std::string&)> on)
      : pqxx::notification_receiver(c, channel), on_(std::move(on)) {}
  void operator()(const std::string& payload, int) override { on_(payload); }

 private:
  std::function<void(const std::string&)> on_;
};

}  // namespace

Listener::Listener(std::string url, DirectoryStore& store, ListenerCallbacks callbacks)
    : url_(std::move(url)), store_(store), callbacks_(std::move(callbacks)) {}

Listener::~Listener() { stop(); }

void Listener::load_now() {
  auto conn = db::connect(url_, "balai-directory");
  store_.set(load_directory(*conn, ++version_));
}

void Listener::start() { thread_ = std::thread([this] { run(); }); }

void Listener::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void Listener::run() {
  using clock = std::chrono::steady_clock;
  auto backoff = std::chrono::milliseconds(200);
  bool first = true;
  while (!stopping_) {
    try {
      auto conn = db::connect(url_, "balai-listener");
      bool hosts_dirty = false;
      std::set<std::int64_t> content_dirty;
      Receiver hosts(*conn, kHostsChannel, [&](const std::string&) { hosts_dirty = true; });
      Receiver content(*conn, kContentChannel, [&](const std::string& payload) {
        try {
          content_dirty.insert(std::stoll(payload));
        } catch (...) {
          hosts_dirty = true;  // unreadable payload: treat everything as changed
        }
      });
      // LISTEN is in place: anything changed from here on is seen. Reload now,
      // since changes made while disconnected were missed.
      if (!first) {
        store_.set(load_directory(*conn, ++version_));
        if (callbacks_.everything_stale) callbacks_.everything_stale();
        spdlog::info("directory listener reconnected; host map reloaded");
      }
      first = false;
      backoff = std::chrono::milliseconds(200);
      auto last_full_reload = clock::now();
      while (!stopping_) {
        conn->await_notification(0, 200'000);
        if (hosts_dirty || content_dirty.size()) {
          // Coalesce a burst: collect whatever else arrives in the next 50 ms.
          auto until = clock::now() + std::chrono::milliseconds(50);
          while (clock::now() < until) conn->await_notification(0, 10'000);
        }
        // Safety net for a lost notification: reload once a minute anyway.
        if (clock::now() - last_full_reload > std::chrono::seconds(60)) hosts_dirty = true;
        if (hosts_dirty) {
          hosts_dirty = false;
          content_dirty.clear();
          store_.set(load_directory(*conn, ++version_));
          last_full_reload = clock::now();
          if (callbacks_.everything_stale) callbacks_.everything_stale();
        }
        for (auto id : content_dirty)
          if (callbacks_.content_changed) callbacks_.content_changed(id);
        content_dirty.clear();
      }
    } catch (const std::exception& e) {
      if (stopping_) break;
      spdlog::warn("directory listener: {}; retrying in {} ms", e.what(), backoff.count());
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
    }
  }
}

}  // namespace balai::tenants
