#include "server/db/pool.hpp"

#include <spdlog/spdlog.h>

#include <poll.h>

#include <pqxx/except>
#include <pqxx/nontransaction>

namespace balai::db {

std::unique_ptr<pqxx::connection> connect(const std::string& url, const std::string& application_name) {
  auto conn = std::make_unique<pqxx::connection>(url);
  // libpqxx 6 would otherwise reconnect silently and lose session state
  // (LISTEN, settings); Balai reconnects itself and redoes both.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  conn->inhibit_reactivation(true);
#pragma GCC diagnostic pop
  pqxx::nontransaction tx(*conn);
  tx.exec("SET plan_cache_mode = force_custom_plan");
  tx.exec("SET application_name = " + tx.quote(application_name));
  tx.exec("SET TIME ZONE 'UTC'");
  return conn;
}

namespace {
// An idle connection has nothing to read: if its socket is readable, the
// server has closed it (or sent the error that precedes closing), e.g. after
// a restart or a network cut. Checked before each job so that a job never
// starts on a connection that is already gone.
bool gone(pqxx::connection& conn) {
  int fd = conn.sock();
  if (fd < 0) return true;
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) != 0;
}
}  // namespace

Pool::Pool(PoolConfig config) : config_(std::move(config)) {
  for (std::size_t i = 0; i < config_.workers; ++i) threads_.emplace_back([this, i] { run(i); });
}

Pool::~Pool() { stop(); }

bool Pool::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= config_.queue_capacity) {
      rejected_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return true;
}

std::size_t Pool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void Pool::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void Pool::run(std::size_t index) {
  std::unique_ptr<pqxx::connection> conn;
  auto retry_after = std::chrono::steady_clock::time_point{};
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    if (conn && gone(*conn)) {
      spdlog::info("db worker {}: connection closed by the server, reconnecting", index);
      conn.reset();
      retry_after = {};
    }
    if (!conn && std::chrono::steady_clock::now() >= retry_after) {
      try {
        conn = connect(config_.url, config_.application_name + "-worker-" + std::to_string(index));
      } catch (const std::exception& e) {
        connect_failures_.fetch_add(1, std::memory_order_relaxed);
        spdlog::warn("db worker {}: cannot connect: {}", index, e.what());
        retry_after = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
      }
    }
    busy_.fetch_add(1, std::memory_order_relaxed);
    try {
      job(conn.get());
    } catch (const std::exception& e) {
      spdlog::error("db worker {}: job failed: {}", index, e.what());
    }
    busy_.fetch_sub(1, std::memory_order_relaxed);
    // A job that met a broken connection leaves it closed: start afresh next time.
    if (conn && !conn->is_open()) {
      spdlog::warn("db worker {}: connection lost, reconnecting", index);
      conn.reset();
    }
  }
}

}  // namespace balai::db
