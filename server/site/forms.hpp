// Visitors' submissions (pengaduan/aspirasi, PPID requests, comments): form
// parsing, validation, a self-hosted arithmetic challenge signed with HMAC,
// and a per-address rate limit. Pure logic: no database, no sockets.
#pragma once
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace balai::site {

// application/x-www-form-urlencoded -> fields (first value wins; bounded).
std::map<std::string, std::string> parse_form(const std::string& body);

struct Challenge {
  std::string question;  // "Berapa 3 + 4?"
  std::string token;     // signed, carries the answer's hash and expiry
};

class Challenger {
 public:
  explicit Challenger(std::string secret);
  Challenge make(std::chrono::system_clock::time_point now) const;
  bool verify(const std::string& token, const std::string& answer, std::chrono::system_clock::time_point now) const;
  // Keyed hash of a client address: lets the village see repeat senders
  // without ever storing the address.
  std::string client_hash(const std::string& address) const;
  static constexpr std::chrono::hours kLifetime{6};

 private:
  std::string mac(const std::string& data) const;
  std::string secret_;
};

// At most `limit` submissions per address per window; bounded in memory.
// Signed, short-lived preview links of unpublished posts on the public host:
// "<expiry>.<signature>", valid for at most an hour.
std::string preview_signature(const std::string& secret, std::int64_t desa_id, std::int64_t post_id, std::int64_t expires_unix);
bool preview_valid(const std::string& secret, std::int64_t desa_id, std::int64_t post_id, std::string_view token,
                   std::int64_t now_unix);

class RateLimiter {
 public:
  RateLimiter(std::size_t limit, std::chrono::seconds window) : limit_(limit), window_(window) {}
  // Checks and counts one event.
  bool allow(const std::string& address, std::chrono::steady_clock::time_point now);
  // Checks without counting; record() counts (e.g. only failed sign-ins).
  bool allow_peek(const std::string& address, std::chrono::steady_clock::time_point now);
  void record(const std::string& address, std::chrono::steady_clock::time_point now);

 private:
  std::size_t limit_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<std::chrono::steady_clock::time_point>> seen_;
};

struct Submission {
  std::string nama, kontak, isi;
  std::vector<std::string> errors;  // in Bahasa Indonesia, for the visitor
  bool spam = false;                // honeypot filled: accept silently, store nothing
};

// Checks a submission's fields. `with_contact` for forms that need a way to answer.
Submission validate_submission(const std::map<std::string, std::string>& form, bool with_contact, std::size_t max_isi);

// A tracking code: 10 characters from an alphabet without look-alikes.
std::string tracking_code();

}  // namespace balai::site
