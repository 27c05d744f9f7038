// A UTC time formatted with strftime, recomputed at most once a second:
// the Date header and the access log's timestamps change no faster.
#pragma once
#include <ctime>
#include <mutex>
#include <string>

namespace balai::http {

class SecondText {
 public:
  explicit SecondText(const char* format) : format_(format) {}
  std::string at(std::time_t second) {
    std::lock_guard lock(mutex_);
    if (second != second_) {
      std::tm tm{};
      gmtime_r(&second, &tm);
      char buf[64];
      std::strftime(buf, sizeof buf, format_, &tm);
      text_ = buf;
      second_ = second;
    }
    return text_;
  }

 private:
  const char* format_;
  std::mutex mutex_;
  std::time_t second_ = -1;
  std::string text_;
};

}  // namespace balai::http
