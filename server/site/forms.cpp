#include "server/site/forms.hpp"

#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "server/core/text.hpp"
#include "server/site/village.hpp"

namespace balai::site {

std::map<std::string, std::string> parse_form(const std::string& body) {
  std::map<std::string, std::string> out;
  std::size_t start = 0, fields = 0;
  while (start <= body.size() && fields < 32) {
    auto amp = body.find('&', start);
    std::string pair = body.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    auto eq = pair.find('=');
    if (eq != std::string::npos && eq > 0 && eq <= 40) {
      std::string name = pair.substr(0, eq);
      // query_param decodes one name out of a query string; reuse it on this pair.
      out.try_emplace(name, query_param(pair, name));
      ++fields;
    }
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return out;
}

namespace {

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += digits[p[i] >> 4], out += digits[p[i] & 15];
  return out;
}

std::uint32_t random_u32() {
  std::uint32_t v = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v) != 1) throw std::runtime_error("no randomness");
  return v;
}

}  // namespace

Challenger::Challenger(std::string secret) : secret_(std::move(secret)) {
  if (secret_.size() < 16) throw std::runtime_error("challenge secret too short");
}

std::string Challenger::mac(const std::string& data) const {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), md, &len);
  return hex(md, len);
}

Challenge Challenger::make(std::chrono::system_clock::time_point now) const {
  int a = 1 + static_cast<int>(random_u32() % 9), b = 1 + static_cast<int>(random_u32() % 9);
  auto expires = std::chrono::duration_cast<std::chrono::seconds>((now + kLifetime).time_since_epoch()).count();
  std::string payload = std::to_string(expires) + "." + std::to_string(random_u32());
  // The token binds the expiry to the answer without revealing it.
  return {"Berapa " + std::to_string(a) + " + " + std::to_string(b) + "?",
          payload + "." + mac(payload + "|" + std::to_string(a + b))};
}

bool Challenger::verify(const std::string& token, const std::string& answer, std::chrono::system_clock::time_point now) const {
  auto last = token.rfind('.');
  if (last == std::string::npos || token.size() > 200) return false;
  std::string payload = token.substr(0, last), sig = token.substr(last + 1);
  std::string a(trim(answer));
  if (a.empty() || a.size() > 3 || a.find_first_not_of("0123456789") != std::string::npos) return false;
  if (mac(payload + "|" + std::to_string(std::stoi(a))) != sig) return false;
  auto dot = payload.find('.');
  if (dot == std::string::npos) return false;
  long long expires = 0;
  try {
    expires = std::stoll(payload.substr(0, dot));
  } catch (...) {
    return false;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() <= expires;
}

std::string Challenger::client_hash(const std::string& address) const { return mac("client|" + address).substr(0, 32); }

bool RateLimiter::allow(const std::string& address, std::chrono::steady_clock::time_point now) {
  if (!allow_peek(address, now)) return false;
  record(address, now);
  return true;
}

bool RateLimiter::allow_peek(const std::string& address, std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = seen_.find(address);
  if (it == seen_.end()) return true;
  auto& times = it->second;
  while (!times.empty() && now - times.front() > window_) times.pop_front();
  return times.size() < limit_;
}

void RateLimiter::record(const std::string& address, std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (seen_.size() > 50000) {  // bounded: forget addresses whose window has passed
    for (auto it = seen_.begin(); it != seen_.end();)
      it = (it->second.empty() || now - it->second.back() > window_) ? seen_.erase(it) : std::next(it);
  }
  auto& times = seen_[address];
  while (!times.empty() && now - times.front() > window_) times.pop_front();
  times.push_back(now);
}

Submission validate_submission(const std::map<std::string, std::string>& form, bool with_contact, std::size_t max_isi) {
  Submission s;
  auto get = [&](const char* k) {
    auto it = form.find(k);
    return it == form.end() ? std::string() : std::string(trim(it->second));
  };
  if (!get("website").empty()) s.spam = true;  // a field people never see
  s.nama = get("nama");
  s.kontak = get("kontak");
  s.isi = get("isi");
  if (s.nama.empty()) s.errors.push_back("Nama wajib diisi.");
  else if (s.nama.size() > 80) s.errors.push_back("Nama paling panjang 80 karakter.");
  if (with_contact && s.kontak.empty()) s.errors.push_back("Nomor HP atau surel wajib diisi agar kami dapat menjawab.");
  else if (s.kontak.size() > 120) s.errors.push_back("Kontak paling panjang 120 karakter.");
  if (s.isi.size() < 10) s.errors.push_back("Isi pesan terlalu pendek (paling sedikit 10 karakter).");
  else if (s.isi.size() > max_isi) s.errors.push_back("Isi pesan terlalu panjang (paling banyak " + std::to_string(max_isi) + " karakter).");
  std::size_t links = 0;
  for (auto at = s.isi.find("http"); at != std::string::npos; at = s.isi.find("http", at + 4)) ++links;
  for (auto at = s.isi.find("www."); at != std::string::npos; at = s.isi.find("www.", at + 4)) ++links;
  if (links > 2) s.errors.push_back("Pesan berisi terlalu banyak tautan (paling banyak 2).");
  return s;
}

std::string tracking_code() {
  static const char* alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // no 0/O, 1/I
  std::string code;
  for (int i = 0; i < 10; ++i) code += alphabet[random_u32() % 32];
  return code;
}

std::string preview_signature(const std::string& secret, std::int64_t desa_id, std::int64_t post_id, std::int64_t expires_unix) {
  std::string msg = "pratinjau|" + std::to_string(desa_id) + "|" + std::to_string(post_id) + "|" + std::to_string(expires_unix);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), mac, &len);
  return std::to_string(expires_unix) + "." + [&] { static constexpr char k[] = "0123456789abcdef"; std::string h; for (unsigned i = 0; i < 16; ++i) h += {k[mac[i] >> 4], k[mac[i] & 15]}; return h; }();
}

bool preview_valid(const std::string& secret, std::int64_t desa_id, std::int64_t post_id, std::string_view token, std::int64_t now_unix) {
  auto dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 12) return false;
  std::string_view exp = token.substr(0, dot);
  if (exp.find_first_not_of("0123456789") != std::string_view::npos) return false;
  std::int64_t expires = std::stoll(std::string(exp));
  if (expires < now_unix || expires > now_unix + 3600) return false;
  return [&] {
    const std::string expected = preview_signature(secret, desa_id, post_id, expires);
    return expected.size() == token.size() && CRYPTO_memcmp(expected.data(), token.data(), token.size()) == 0;
  }();
}

}  // namespace balai::site
