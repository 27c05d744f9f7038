// Database work off the I/O threads: a bounded queue served by worker
// threads, each owning one libpqxx connection as the application role.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

namespace balai::db {

struct PoolConfig {
  std::string url;
  std::size_t workers = 4;
  std::size_t queue_capacity = 512;
  std::string application_name = "balai";
};

// Connects with the settings every Balai connection needs: custom plans (a
// generic plan would lock every partition) and explicit reconnection.
std::unique_ptr<pqxx::connection> connect(const std::string& url, const std::string& application_name);

class Pool {
 public:
  // A job gets a live connection, or nullptr when the database cannot be
  // reached right now; it must answer its request either way.
  using Job = std::function<void(pqxx::connection*)>;

  explicit Pool(PoolConfig config);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // False when the queue is full: the caller answers 503 instead of waiting.
  bool submit(Job job);
  // Finishes queued jobs, then joins the workers.
  void stop();
  std::size_t queued() const;
  std::size_t workers() const { return config_.workers; }
  std::size_t busy() const { return busy_.load(std::memory_order_relaxed); }       // jobs running now
  std::uint64_t rejected() const { return rejected_.load(std::memory_order_relaxed); }  // submits refused, queue full
  std::uint64_t connect_failures() const { return connect_failures_.load(std::memory_order_relaxed); }

 private:
  void run(std::size_t index);

  PoolConfig config_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::atomic<std::size_t> busy_{0};
  std::atomic<std::uint64_t> rejected_{0}, connect_failures_{0};
  std::vector<std::thread> threads_;
};

// Runs `fn(tx)` in one transaction scoped to one village: row-level security
// sees only that village's rows, and statements are bounded in time.
template <class F>
auto with_tenant(pqxx::connection& conn, std::int64_t desa_id, F&& fn) {
  pqxx::work tx(conn);
  tx.exec("SELECT set_config('balai.desa_id', '" + std::to_string(desa_id) +
          "', true), set_config('statement_timeout', '5000', true)");
  if constexpr (std::is_void_v<decltype(fn(tx))>) {
    fn(tx);
    tx.commit();
  } else {
    auto result = fn(tx);
    tx.commit();
    return result;
  }
}

}  // namespace balai::db
