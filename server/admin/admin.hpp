// The admin origin (admin.<base domain>): the admin UI's files and the JSON
// API that village operators use to keep their own site alive. The village
// of every village-role request comes from the session's account, never from
// the request.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "server/admin/mail.hpp"
#include "server/http/types.hpp"
#include "server/site/forms.hpp"
#include "tenants/directory.hpp"

namespace balai::db {
class Pool;
}

namespace balai::admin {

// The certificate HTTPS would present for a host (see http::TlsStore).
struct CertificateState {
  std::string issuer;
  std::int64_t not_after = 0;  // Unix seconds
};

struct AdminConfig {
  std::string base_domain = "localhost";
  std::string public_scheme = "http";
  std::string ui_dir = "admin-ui/dist";
  std::string media_dir = "var/media";
  std::string secret;  // signs preview links, hashes client addresses
  std::string time_zone = "Asia/Jakarta";
  MailConfig mail;  // password recovery by email when configured
  std::int64_t storage_quota = std::int64_t{2} << 30;  // pictures and documents per village
  std::string wilayah_file = "tenants/data/kode-wilayah.csv";  // the national kode wilayah list, for the console
  std::string dns_hosts_file;
  std::string archive_dir = "var/arsip";  // where a village's archive is kept when it is deleted  // answers DNS checks from a hosts-style file instead of the resolver (tests)
  // Empty when the server does not speak HTTPS itself.
  std::function<std::optional<CertificateState>(const std::string& host)> certificate;
  std::chrono::seconds session_idle{std::chrono::hours(12)};
  std::chrono::seconds session_absolute{std::chrono::hours(24 * 7)};
};

class Admin {
 public:
  Admin(AdminConfig config, DirectoryStore& directory, db::Pool& pool, std::function<void(std::int64_t)> content_changed);
  ~Admin();
  // True when the (normalised) host is the admin origin.
  bool serves(std::string_view host) const;
  void handle(http::Request&& req, http::Context& ctx, http::Respond respond);

  // Largest request body accepted for a target on the admin origin.
  static std::size_t body_limit(std::string_view target);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace balai::admin
