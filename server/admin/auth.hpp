// Credentials: argon2id password hashes (libsodium), random tokens, TOTP
// (RFC 6238) and one-time codes. No state; nothing here touches the database.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace balai::auth {

// Must be called once before the others (sodium_init).
void init();

// argon2id, libsodium's interactive limits (64 MiB, 2 passes).
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);
// Why a new password is not acceptable, in Bahasa Indonesia; empty when it is.
std::string password_problem(std::string_view password, std::string_view username);

// `bytes` random bytes as unpadded base64url.
std::string random_token(std::size_t bytes = 32);
// Raw SHA-256 digest.
std::string sha256(std::string_view data);
bool equal_constant_time(std::string_view a, std::string_view b);

// A temporary password that is easy to read out over the phone: "kata-kata-1234".
std::string temporary_password();
// A one-time recovery code: 12 characters from an alphabet without look-alikes, "ABCD-EFGH-JKLM".
std::string recovery_code();
// Normalises what a person typed: upper case, no spaces or dashes.
std::string normalize_code(std::string_view typed);

// TOTP: 30-second steps, 6 digits, HMAC-SHA1, base32 secrets (what authenticator apps expect).
std::string totp_new_secret();
std::string totp_code(const std::string& base32_secret, std::int64_t step);
// The step of a code that matches within one step of `unix_seconds` and is
// later than `last_step` (a code is accepted once); nullopt otherwise.
std::optional<std::int64_t> totp_verify(const std::string& base32_secret, std::string_view code, std::int64_t unix_seconds,
                                        std::int64_t last_step);
std::string totp_uri(const std::string& base32_secret, std::string_view account, std::string_view issuer);

}  // namespace balai::auth
