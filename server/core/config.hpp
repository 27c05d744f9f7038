// Server configuration from flags and environment, validated at start.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/core/host.hpp"

namespace balai {

// Parsed command line: positionals and --name value / --name=value options.
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // flags without value map to "true"
  bool has(const std::string& name) const { return options.count(name) > 0; }
  std::string get(const std::string& name, const std::string& fallback = "") const;
};

// `flags` lists options that take no value. Returns an error text on failure.
std::optional<std::string> parse_args(const std::vector<std::string>& argv, const std::vector<std::string>& flags,
                                      Args& out);

struct ServeConfig {
  std::string listen = "127.0.0.1";
  unsigned short port = 8080;
  std::string base_domain = "localhost";
  std::string database_url;
  std::size_t threads = 0;    // 0: core count
  std::size_t pool_size = 0;  // 0: core count * 2
  std::size_t queue = 512;
  std::string time_zone = "Asia/Jakarta";
  std::vector<Cidr> trusted_proxies;
  std::string log_format = "text";
  std::string public_scheme;  // http or https; default https unless the base domain is localhost
  std::string media_dir = "var/media";
  std::string admin_ui_dir = "admin-ui/dist";
  std::string smtp_url;   // password recovery by email; empty: not offered
  std::string smtp_from;
  std::string wilayah_file = "tenants/data/kode-wilayah.csv";  // national kode wilayah list, for adding villages in the console
  std::string dns_hosts_file;
  std::string archive_dir = "var/arsip";  // archives of deleted villages  // DNS checks answered from a hosts-style file (tests); empty: the system resolver
  std::string tls_dir;             // certificates (certbot layout); empty: no HTTPS
  unsigned short https_port = 443;
  std::string acme_webroot;        // serves /.well-known/acme-challenge/ from DIR/.well-known/acme-challenge/
  std::string metrics_address;     // metrics listener; empty: none
  unsigned short metrics_port = 0;
  std::int64_t storage_quota_mb = 2048;  // pictures and documents per village  // uploaded images, <desa id>/<xx>/<key>-<width>.webp
};

// Options win over environment variables (BALAI_LISTEN, BALAI_PORT,
// BALAI_BASE_DOMAIN, BALAI_DATABASE_URL, BALAI_THREADS, BALAI_POOL_SIZE,
// BALAI_QUEUE, BALAI_TIME_ZONE, BALAI_TRUSTED_PROXIES, BALAI_LOG_FORMAT,
// BALAI_PUBLIC_SCHEME, BALAI_MEDIA_DIR, BALAI_ADMIN_UI_DIR, BALAI_SMTP_URL, BALAI_SMTP_FROM, BALAI_STORAGE_QUOTA_MB).
// `getenv` is injected for tests. Errors list every problem found.
std::optional<ServeConfig> load_serve_config(const Args& args, std::string (*getenv)(const char*),
                                             std::vector<std::string>& errors);

}  // namespace balai
