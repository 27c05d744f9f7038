// The access log: one line per request, appended to a buffer that a
// background thread writes out every 100 ms. Requests never wait for the
// log and never wake another thread; when the buffer is full (the output is
// stuck), lines are dropped and counted rather than block a request.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "server/http/second_text.hpp"

namespace balai::http {

class AccessLog {
 public:
  explicit AccessLog(std::FILE* out, std::size_t max_buffer = 8u << 20);
  ~AccessLog();
  void append(std::string_view line);  // without the trailing newline
  void flush();
  std::uint64_t dropped() const { return dropped_; }
  // "2026-11-28T05:40:36.401Z": cached per second, milliseconds added.
  std::string timestamp();

 private:
  std::FILE* out_;
  std::size_t max_buffer_;
  std::mutex mutex_;
  std::string buffer_;
  std::atomic<std::uint64_t> dropped_{0};
  SecondText seconds_{"%Y-%m-%dT%H:%M:%S"};
  std::mutex flush_mutex_;
  std::condition_variable_any wake_;
  std::jthread writer_;
};

}  // namespace balai::http
