#include "server/admin/auth.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>
#include <cctype>
#include <set>
#include <stdexcept>

namespace balai::auth {

void init() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
}

std::string hash_password(std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out.data();
}

bool verify_password(const std::string& hash, std::string_view password) {
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string password_problem(std::string_view password, std::string_view username) {
  std::size_t chars = 0;
  for (unsigned char c : password) chars += (c & 0xC0) != 0x80;
  if (chars < 10) return "Kata sandi minimal 10 karakter.";
  if (password.size() > 200) return "Kata sandi terlalu panjang (maksimal 200 karakter).";
  std::set<char> distinct(password.begin(), password.end());
  if (distinct.size() < 4) return "Kata sandi terlalu mudah ditebak: gunakan lebih banyak huruf dan angka yang berbeda.";
  std::string lower;
  for (char c : password) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!username.empty() && lower.find(username) != std::string::npos) return "Kata sandi tidak boleh memuat nama pengguna.";
  for (const char* common : {"password", "1234567890", "qwertyuiop", "katasandi", "admin123", "desa12345", "bismillah"})
    if (lower.find(common) != std::string::npos) return "Kata sandi terlalu umum: pilih yang lain.";
  return "";
}

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string sha256(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md.data(), &n, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(md.data()), n);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string temporary_password() {
  static const char* const kWords[] = {"padi", "sawah", "kali", "gunung", "jati", "kelapa", "mangga", "pantai", "embun", "merak",
                                       "pelangi", "rembulan", "bambu", "cengkeh", "melati", "telaga", "angsa", "kenari", "durian", "rambutan"};
  auto pick = [](std::uint32_t n) { return randombytes_uniform(n); };
  return std::string(kWords[pick(20)]) + "-" + kWords[pick(20)] + "-" + kWords[pick(20)] + "-" + std::to_string(1000 + pick(9000));
}

namespace {
constexpr char kCodeAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // no I, O, 0, 1
}

std::string recovery_code() {
  std::string out;
  for (int i = 0; i < 12; ++i) {
    if (i && i % 4 == 0) out += '-';
    out += kCodeAlphabet[randombytes_uniform(sizeof kCodeAlphabet - 1)];
  }
  return out;
}

std::string normalize_code(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (out.size() > 64) break;
  }
  return out;
}

namespace {
constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string base32_encode(const unsigned char* data, std::size_t n) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> base32_decode(std::string_view s) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : s) {
    if (c == '=' || c == ' ') continue;
    const char* at = std::char_traits<char>::find(kBase32, 32, static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (!at) return std::nullopt;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(at - kBase32);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}
}  // namespace

std::string totp_new_secret() {
  std::array<unsigned char, 20> raw{};
  randombytes_buf(raw.data(), raw.size());
  return base32_encode(raw.data(), raw.size());
}

std::string totp_code(const std::string& base32_secret, std::int64_t step) {
  auto key = base32_decode(base32_secret);
  if (!key || key->empty()) return "";
  std::array<unsigned char, 8> msg{};
  for (int i = 7; i >= 0; --i) {
    msg[static_cast<std::size_t>(i)] = static_cast<unsigned char>(step & 0xFF);
    step >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha1(), key->data(), static_cast<int>(key->size()), msg.data(), msg.size(), mac.data(), &len);
  const unsigned offset = mac[len - 1] & 0x0F;
  const std::uint32_t bin = (static_cast<std::uint32_t>(mac[offset] & 0x7F) << 24) | (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                            (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | static_cast<std::uint32_t>(mac[offset + 3]);
  std::string code = std::to_string(bin % 1000000);
  return std::string(6 - code.size(), '0') + code;
}

std::optional<std::int64_t> totp_verify(const std::string& base32_secret, std::string_view code, std::int64_t unix_seconds,
                                        std::int64_t last_step) {
  std::string digits;
  for (char c : code)
    if (c != ' ') digits += c;
  if (digits.size() != 6) return std::nullopt;
  const std::int64_t now = unix_seconds / 30;
  for (std::int64_t step = now - 1; step <= now + 1; ++step)
    if (step > last_step && equal_constant_time(totp_code(base32_secret, step), digits)) return step;
  return std::nullopt;
}

std::string totp_uri(const std::string& base32_secret, std::string_view account, std::string_view issuer) {
  auto enc = [](std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_') out += static_cast<char>(c);
      else {
        static constexpr char hex[] = "0123456789ABCDEF";
        out += {'%', hex[c >> 4], hex[c & 15]};
      }
    }
    return out;
  };
  return "otpauth://totp/" + enc(issuer) + ":" + enc(account) + "?secret=" + base32_secret + "&issuer=" + enc(issuer) +
         "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace balai::auth
