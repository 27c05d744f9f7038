#include "server/http/access_log.hpp"

#include <chrono>
#include <ctime>

namespace balai::http {

AccessLog::AccessLog(std::FILE* out, std::size_t max_buffer) : out_(out), max_buffer_(max_buffer) {
  writer_ = std::jthread([this](std::stop_token stop) {
    std::mutex m;
    std::unique_lock lock(m);
    while (!stop.stop_requested()) {
      wake_.wait_for(lock, stop, std::chrono::milliseconds(100), [] { return false; });
      flush();
    }
  });
}

AccessLog::~AccessLog() {
  writer_.request_stop();
  if (writer_.joinable()) writer_.join();
  flush();
}

void AccessLog::append(std::string_view line) {
  std::lock_guard lock(mutex_);
  if (buffer_.size() + line.size() + 1 > max_buffer_) {
    ++dropped_;
    return;
  }
  buffer_.append(line);
  buffer_.push_back('\n');
}

void AccessLog::flush() {
  std::lock_guard writing(flush_mutex_);
  std::string out;
  {
    std::lock_guard lock(mutex_);
    out.swap(buffer_);
    buffer_.reserve(out.capacity());
  }
  if (out.empty()) return;
  std::fwrite(out.data(), 1, out.size(), out_);
  std::fflush(out_);
}

std::string AccessLog::timestamp() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03lldZ", static_cast<long long>(ms % 1000));
  return seconds_.at(static_cast<std::time_t>(ms / 1000)) + frac;
}

}  // namespace balai::http
