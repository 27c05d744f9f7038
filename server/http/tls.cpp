#include "server/http/tls.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace balai::http {

namespace fs = std::filesystem;

namespace {

std::string openssl_error() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (!e) return "unknown error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::int64_t asn1_seconds(const ASN1_TIME* t) {
  std::tm tm{};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
  return static_cast<std::int64_t>(timegm(&tm));
}

CertInfo describe(X509* cert, std::string source) {
  CertInfo info;
  info.source = std::move(source);
  if (auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr))) {
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
      const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
      if (n->type != GEN_DNS) continue;
      const auto* s = n->d.dNSName;
      info.names.push_back(lower(std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), ASN1_STRING_length(s))));
    }
    GENERAL_NAMES_free(names);
  }
  char buf[256];
  if (info.names.empty()) {
    int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, buf, sizeof buf);
    if (n > 0) info.names.push_back(lower(std::string(buf, static_cast<std::size_t>(n))));
  }
  int n = X509_NAME_get_text_by_NID(X509_get_issuer_name(cert), NID_commonName, buf, sizeof buf);
  if (n <= 0) n = X509_NAME_get_text_by_NID(X509_get_issuer_name(cert), NID_organizationName, buf, sizeof buf);
  if (n > 0) info.issuer.assign(buf, static_cast<std::size_t>(n));
  info.not_before = asn1_seconds(X509_get0_notBefore(cert));
  info.not_after = asn1_seconds(X509_get0_notAfter(cert));
  return info;
}

struct Pair {
  std::string cert, key;
};

// The certificate/key pairs of the directory, in a stable order.
std::vector<Pair> pairs_in(const std::string& dir) {
  std::vector<Pair> out;
  std::error_code ec;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  if (ec) throw std::runtime_error("cannot read the certificate directory " + dir + ": " + ec.message());
  std::sort(entries.begin(), entries.end());
  for (const auto& p : entries) {
    std::error_code e2;
    if (fs::is_directory(p, e2)) {
      auto chain = p / "fullchain.pem", key = p / "privkey.pem";
      if (fs::exists(chain, e2) && fs::exists(key, e2)) out.push_back({chain.string(), key.string()});
    } else if (p.extension() == ".crt") {
      auto key = p;
      key.replace_extension(".key");
      if (fs::exists(key, e2)) out.push_back({p.string(), key.string()});
    }
  }
  return out;
}

std::string signature_of(const std::string& dir) {
  std::string sig;
  std::vector<Pair> pairs;
  try {
    pairs = pairs_in(dir);
  } catch (const std::exception&) {
    return "unreadable";
  }
  for (const auto& p : pairs) {
    for (const auto* f : {&p.cert, &p.key}) {
      struct stat st {};
      if (::stat(f->c_str(), &st) != 0) continue;
      sig += *f + '|' + std::to_string(st.st_size) + '|' + std::to_string(st.st_mtim.tv_sec) + '.' +
             std::to_string(st.st_mtim.tv_nsec) + '|' + std::to_string(st.st_ino) + '\n';
    }
  }
  return sig;
}

}  // namespace

SSL_CTX* new_server_context() {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) throw std::runtime_error("TLS: " + openssl_error());
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // TLS 1.2: forward-secret AEAD only (TLS 1.3's suites are all of that kind).
  SSL_CTX_set_cipher_list(ctx,
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                          "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
  return ctx;
}

struct TlsStore::Impl {
  struct Entry {
    CertInfo info;
    SSL_CTX* ctx = nullptr;
  };
  struct Snapshot {
    std::vector<Entry> entries;
    std::unordered_map<std::string, std::size_t> exact, wildcard;  // wildcard keyed by the part after "*."
    std::size_t fallback = 0;
    std::string signature;
    ~Snapshot() {
      for (auto& e : entries) SSL_CTX_free(e.ctx);
    }
    const Entry* find(const std::string& host) const {
      if (entries.empty()) return nullptr;
      if (auto it = exact.find(host); it != exact.end()) return &entries[it->second];
      if (auto dot = host.find('.'); dot != std::string::npos)
        if (auto it = wildcard.find(host.substr(dot + 1)); it != wildcard.end()) return &entries[it->second];
      return nullptr;
    }
  };

  std::string dir, default_name;
  SSL_CTX* server = nullptr;
  mutable std::mutex mutex;
  std::shared_ptr<const Snapshot> current;

  std::shared_ptr<const Snapshot> snapshot() const {
    std::lock_guard lock(mutex);
    return current;
  }

  static int on_servername(SSL* ssl, int*, void* arg) {
    auto* self = static_cast<Impl*>(arg);
    auto snap = self->snapshot();
    if (!snap || snap->entries.empty()) return SSL_TLSEXT_ERR_ALERT_FATAL;
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    const Entry* e = name ? snap->find(lower(name)) : nullptr;
    if (!e) e = &snap->entries[snap->fallback];
    SSL_set_SSL_CTX(ssl, e->ctx);
    return SSL_TLSEXT_ERR_OK;
  }

  // A pair that fails to load on a reload (a renewal half-written, a wrong
  // key) keeps the certificate loaded before from the same file.
  std::shared_ptr<Snapshot> load(bool strict, const Snapshot* previous) const {
    auto snap = std::make_shared<Snapshot>();
    snap->signature = signature_of(dir);
    for (const auto& p : pairs_in(dir)) {
      SSL_CTX* ctx = new_server_context();
      if (SSL_CTX_use_certificate_chain_file(ctx, p.cert.c_str()) != 1 ||
          SSL_CTX_use_PrivateKey_file(ctx, p.key.c_str(), SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        std::string why = openssl_error();
        SSL_CTX_free(ctx);
        if (strict) throw std::runtime_error("TLS: cannot load " + p.cert + " with " + p.key + ": " + why);
        const Entry* old = nullptr;
        if (previous)
          for (const auto& e : previous->entries)
            if (e.info.source == p.cert) old = &e;
        if (!old) {
          spdlog::error("TLS: skipping {}: {}", p.cert, why);
          continue;
        }
        spdlog::error("TLS: cannot load {} ({}), keeping the certificate loaded before", p.cert, why);
        SSL_CTX_up_ref(old->ctx);
        ctx = old->ctx;
      }
      Entry e{describe(SSL_CTX_get0_certificate(ctx), p.cert), ctx};
      std::size_t index = snap->entries.size();
      auto not_after = e.info.not_after;
      snap->entries.push_back(std::move(e));
      // Two certificates for one name (certbot's name and name-0001): the one valid longest wins.
      for (const auto& n : snap->entries.back().info.names) {
        auto& map = n.starts_with("*.") ? snap->wildcard : snap->exact;
        auto key = n.starts_with("*.") ? n.substr(2) : n;
        auto [it, fresh] = map.emplace(key, index);
        if (!fresh && snap->entries[it->second].info.not_after < not_after) it->second = index;
      }
    }
    if (const Entry* d = snap->find(default_name)) snap->fallback = static_cast<std::size_t>(d - snap->entries.data());
    return snap;
  }
};

TlsStore::TlsStore(std::string dir, std::string default_name) : impl_(std::make_unique<Impl>()) {
  impl_->dir = std::move(dir);
  impl_->default_name = lower(std::move(default_name));
  impl_->server = new_server_context();
  SSL_CTX_set_tlsext_servername_callback(impl_->server, &Impl::on_servername);
  SSL_CTX_set_tlsext_servername_arg(impl_->server, impl_.get());
}

TlsStore::~TlsStore() { SSL_CTX_free(impl_->server); }

bool TlsStore::reload() {
  auto previous = impl_->snapshot();
  bool first = !previous;
  std::shared_ptr<Impl::Snapshot> snap;
  try {
    snap = impl_->load(first, previous.get());
  } catch (const std::exception& e) {
    if (first) throw;
    spdlog::error("TLS: reload failed, keeping the certificates in use: {}", e.what());
    return false;
  }
  if (snap->entries.empty()) {
    if (first) throw std::runtime_error("TLS: no certificate in " + impl_->dir + " (expected DIR/NAME/fullchain.pem + privkey.pem)");
    spdlog::error("TLS: no usable certificate in {}, keeping the ones in use", impl_->dir);
    return false;
  }
  for (const auto& e : snap->entries) {
    std::string names;
    for (const auto& n : e.info.names) names += (names.empty() ? "" : ", ") + n;
    auto days = (e.info.not_after - std::time(nullptr)) / 86400;
    if (e.info.not_after < std::time(nullptr)) spdlog::warn("TLS: {} ({}) has expired", names, e.info.source);
    else spdlog::info("TLS: {} by {}, {} days left", names, e.info.issuer, days);
  }
  std::lock_guard lock(impl_->mutex);
  impl_->current = std::move(snap);
  return true;
}

bool TlsStore::changed_on_disk() const {
  auto snap = impl_->snapshot();
  return !snap || signature_of(impl_->dir) != snap->signature;
}

SSL_CTX* TlsStore::server_context() const { return impl_->server; }

std::optional<CertInfo> TlsStore::lookup(const std::string& host) const {
  auto snap = impl_->snapshot();
  if (!snap) return std::nullopt;
  if (const auto* e = snap->find(lower(host))) return e->info;
  return std::nullopt;
}

bool TlsStore::covers(const std::string& host) const {
  auto snap = impl_->snapshot();
  return snap && snap->find(host) != nullptr;
}

std::vector<CertInfo> TlsStore::all() const {
  std::vector<CertInfo> out;
  if (auto snap = impl_->snapshot())
    for (const auto& e : snap->entries) out.push_back(e.info);
  return out;
}

}  // namespace balai::http
