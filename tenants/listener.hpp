// Keeps the in-memory directory current: LISTENs for registry and content
// changes on its own connection, coalesces bursts, reloads, and after any
// reconnect LISTENs again, reloads and reports that every cache is stale.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "tenants/directory.hpp"

namespace balai::tenants {

struct ListenerCallbacks {
  std::function<void(std::int64_t desa_id)> content_changed;  // one village's content
  std::function<void()> everything_stale;                     // after (re)connect or reload
};

class Listener {
 public:
  Listener(std::string url, DirectoryStore& store, ListenerCallbacks callbacks);
  ~Listener();
  // Loads the directory once, synchronously; throws when the database is unreachable.
  void load_now();
  void start();
  void stop();

 private:
  void run();

  std::string url_;
  DirectoryStore& store_;
  ListenerCallbacks callbacks_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> version_{0};
  std::thread thread_;
};

}  // namespace balai::tenants
