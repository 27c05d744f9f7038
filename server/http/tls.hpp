// HTTPS certificates: a directory in certbot's layout (one subdirectory per
// certificate, each with fullchain.pem and privkey.pem; a pair NAME.crt /
// NAME.key directly in the directory works too). Each handshake picks its
// certificate by SNI: the exact name first, then a wildcard (*.regency) that
// covers it, then the default. The set is replaced as a whole on reload
// (SIGHUP or changed files); handshakes in progress keep the set they began
// with.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using SSL_CTX = struct ssl_ctx_st;

namespace balai::http {

struct CertInfo {
  std::string source;              // the file it came from
  std::vector<std::string> names;  // DNS names of the certificate (SAN, or CN)
  std::string issuer;              // issuer's common name (or organisation)
  std::int64_t not_before = 0;     // Unix seconds
  std::int64_t not_after = 0;
};

class TlsStore {
 public:
  // `default_name`: the host whose certificate answers handshakes without a
  // matching name (usually the regency's base domain).
  TlsStore(std::string dir, std::string default_name);
  ~TlsStore();
  TlsStore(const TlsStore&) = delete;
  TlsStore& operator=(const TlsStore&) = delete;

  // Loads the directory. On the first load an error throws (the server does
  // not start without its certificates); on a reload a broken file is logged
  // and skipped, and if nothing usable is left the old set stays.
  // Returns true when the set changed.
  bool reload();
  // True when the files look different from what was loaded (names, sizes, times).
  bool changed_on_disk() const;

  // The context handshakes start from; its SNI callback switches to the
  // certificate for the name. Owned by the store.
  SSL_CTX* server_context() const;

  // The certificate that would be served for `host`, if any.
  std::optional<CertInfo> lookup(const std::string& host) const;
  // Whether a loaded certificate covers `host` (lowercase), without copying it.
  bool covers(const std::string& host) const;
  std::vector<CertInfo> all() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A context with Balai's protocol settings: TLS 1.2 and 1.3 only, forward-
// secret AEAD ciphers, server preference, no compression or renegotiation.
SSL_CTX* new_server_context();

}  // namespace balai::http
