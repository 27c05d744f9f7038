#include "server/admin/mail.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <mutex>

#include "server/admin/auth.hpp"

namespace balai::admin {

std::string mail_address(const std::string& from) {
  auto open = from.find('<'), close = from.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) return from.substr(open + 1, close - open - 1);
  return from;
}

namespace {

struct Payload {
  std::string data;
  std::size_t at = 0;
};

std::size_t read_payload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* p = static_cast<Payload*>(user);
  std::size_t n = std::min(size * count, p->data.size() - p->at);
  std::memcpy(buffer, p->data.data() + p->at, n);
  p->at += n;
  return n;
}

// Header values never carry a line break (no header injection).
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\r' || c == '\n') c = ' ';
  return s;
}

// RFC 2047 encoded-word for a UTF-8 subject.
std::string encoded_subject(const std::string& subject) {
  static constexpr char k[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s = one_line(subject), out;
  std::size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(s[i]) << 16 | static_cast<unsigned char>(s[i + 1]) << 8 | static_cast<unsigned char>(s[i + 2]);
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
  }
  if (i + 1 == s.size()) {
    unsigned v = static_cast<unsigned char>(s[i]) << 16;
    out += {k[v >> 18], k[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == s.size()) {
    unsigned v = static_cast<unsigned char>(s[i]) << 16 | static_cast<unsigned char>(s[i + 1]) << 8;
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
  }
  return "=?UTF-8?B?" + out + "?=";
}

}  // namespace

std::string send_mail(const MailConfig& config, const std::string& to, const std::string& subject, const std::string& body) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* curl = curl_easy_init();
  if (!curl) return "curl_easy_init failed";
  char date[64];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  Payload p;
  p.data = "Date: " + std::string(date) + "\r\nTo: <" + one_line(to) + ">\r\nFrom: " + one_line(config.from) + "\r\nSubject: " +
           encoded_subject(subject) + "\r\nMessage-ID: <" + auth::random_token(18) + "@" + mail_address(config.from).substr(mail_address(config.from).find('@') + 1) +
           ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
  // Lines end in CRLF; a line that is a lone "." is escaped by libcurl.
  for (char c : body) {
    if (c == '\n') p.data += "\r\n";
    else if (c != '\r') p.data += c;
  }
  p.data += "\r\n";
  struct curl_slist* rcpt = curl_slist_append(nullptr, ("<" + one_line(to) + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_URL, config.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + mail_address(config.from) + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_payload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &p);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!config.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, config.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config.password.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  std::string error = rc == CURLE_OK ? "" : curl_easy_strerror(rc);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  return error;
}

}  // namespace balai::admin
