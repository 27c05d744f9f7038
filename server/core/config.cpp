#include "server/core/config.hpp"

#include <algorithm>
#include <filesystem>
#include <thread>

namespace balai {

std::string Args::get(const std::string& name, const std::string& fallback) const {
  auto it = options.find(name);
  return it == options.end() ? fallback : it->second;
}

std::optional<std::string> parse_args(const std::vector<std::string>& argv, const std::vector<std::string>& flags,
                                      Args& out) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() > 2 && a.rfind("--", 0) == 0) {
      std::string name = a.substr(2), value;
      auto eq = name.find('=');
      bool is_flag = std::find(flags.begin(), flags.end(), name.substr(0, eq)) != flags.end();
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else if (is_flag) {
        value = "true";
      } else {
        if (i + 1 >= argv.size()) return "option --" + name + " needs a value";
        value = argv[++i];
      }
      out.options[name] = value;
    } else {
      out.positional.push_back(a);
    }
  }
  return std::nullopt;
}

namespace {

std::optional<std::size_t> parse_count(const std::string& text, std::size_t max) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  std::size_t n = std::stoul(text);
  if (n == 0 || n > max) return std::nullopt;
  return n;
}

}  // namespace

std::optional<ServeConfig> load_serve_config(const Args& args, std::string (*getenv)(const char*),
                                             std::vector<std::string>& errors) {
  auto value = [&](const char* opt, const char* env, const std::string& fallback) {
    if (args.has(opt)) return args.get(opt);
    std::string e = getenv(env);
    return e.empty() ? fallback : e;
  };
  ServeConfig c;
  c.listen = value("listen", "BALAI_LISTEN", c.listen);
  if (!parse_cidr(c.listen) || parse_cidr(c.listen)->prefix != static_cast<int>(parse_cidr(c.listen)->addr.size() * 8) ||
      c.listen.find('/') != std::string::npos)
    errors.push_back("--listen: '" + c.listen + "' is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)");
  auto port = parse_count(value("port", "BALAI_PORT", "8080"), 65535);
  if (!port) errors.push_back("--port: must be a number from 1 to 65535");
  else c.port = static_cast<unsigned short>(*port);
  c.base_domain = value("base-domain", "BALAI_BASE_DOMAIN", c.base_domain);
  auto nb = normalize_host(c.base_domain);
  if (!nb || *nb != c.base_domain || c.base_domain.front() == '[')
    errors.push_back("--base-domain: '" + c.base_domain + "' is not a lowercase hostname without port (e.g. kendalkab.go.id)");
  c.database_url = value("database-url", "BALAI_DATABASE_URL", "");
  if (c.database_url.empty()) errors.push_back("--database-url (or BALAI_DATABASE_URL) is required");
  std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  std::string t = value("threads", "BALAI_THREADS", "");
  if (t.empty()) c.threads = cores;
  else if (auto n = parse_count(t, 256)) c.threads = *n;
  else errors.push_back("--threads: must be a number from 1 to 256");
  std::string p = value("pool-size", "BALAI_POOL_SIZE", "");
  if (p.empty()) c.pool_size = cores * 2;
  else if (auto n = parse_count(p, 200)) c.pool_size = *n;
  else errors.push_back("--pool-size: must be a number from 1 to 200");
  std::string q = value("queue", "BALAI_QUEUE", "512");
  if (auto n = parse_count(q, 100000)) c.queue = *n;
  else errors.push_back("--queue: must be a number from 1 to 100000");
  c.time_zone = value("time-zone", "BALAI_TIME_ZONE", c.time_zone);
  bool tz_ok = !c.time_zone.empty() && c.time_zone.size() < 64 && c.time_zone.find("..") == std::string::npos &&
               c.time_zone.front() != '/' &&
               c.time_zone.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-") == std::string::npos;
  if (tz_ok && std::filesystem::exists("/usr/share/zoneinfo"))
    tz_ok = std::filesystem::is_regular_file("/usr/share/zoneinfo/" + c.time_zone);
  if (!tz_ok) errors.push_back("--time-zone: '" + c.time_zone + "' is not a known IANA zone (e.g. Asia/Jakarta, Asia/Makassar)");
  std::string proxies = value("trusted-proxy", "BALAI_TRUSTED_PROXIES", "");
  std::size_t start = 0;
  while (start < proxies.size()) {
    auto comma = proxies.find(',', start);
    std::string item = proxies.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? proxies.size() : comma + 1;
    if (item.empty()) continue;
    if (auto net = parse_cidr(item)) c.trusted_proxies.push_back(*net);
    else errors.push_back("--trusted-proxy: '" + item + "' is not an address or CIDR network");
  }
  c.media_dir = value("media-dir", "BALAI_MEDIA_DIR", c.media_dir);
  c.admin_ui_dir = value("admin-ui-dir", "BALAI_ADMIN_UI_DIR", c.admin_ui_dir);
  c.smtp_url = value("smtp-url", "BALAI_SMTP_URL", c.smtp_url);
  c.wilayah_file = value("wilayah-file", "BALAI_WILAYAH_FILE", c.wilayah_file);
  c.dns_hosts_file = value("dns-hosts-file", "BALAI_DNS_HOSTS_FILE", c.dns_hosts_file);
  c.archive_dir = value("archive-dir", "BALAI_ARCHIVE_DIR", c.archive_dir);
  if (auto q = value("storage-quota-mb", "BALAI_STORAGE_QUOTA_MB", ""); !q.empty()) {
    if (q.size() > 7 || q.find_first_not_of("0123456789") != std::string::npos || q == "0")
      errors.push_back("--storage-quota-mb: a whole number of megabytes, at least 1");
    else
      c.storage_quota_mb = std::stoll(q);
  }
  c.smtp_from = value("smtp-from", "BALAI_SMTP_FROM", c.smtp_from);
  if (!c.smtp_url.empty() && !c.smtp_url.starts_with("smtp://") && !c.smtp_url.starts_with("smtps://"))
    errors.push_back("--smtp-url: must start with smtp:// or smtps://");
  if (!c.smtp_url.empty() && c.smtp_from.find('@') == std::string::npos) errors.push_back("--smtp-from: an email address is needed with --smtp-url");
  if (c.media_dir.empty()) errors.push_back("--media-dir: must name a directory");
  c.tls_dir = value("tls-dir", "BALAI_TLS_DIR", "");
  if (auto hp = value("https-port", "BALAI_HTTPS_PORT", ""); !hp.empty()) {
    if (auto n = parse_count(hp, 65535)) c.https_port = static_cast<unsigned short>(*n);
    else errors.push_back("--https-port: must be a number from 1 to 65535");
  }
  if (!c.tls_dir.empty() && c.https_port == c.port) errors.push_back("--https-port: must differ from --port");
  c.acme_webroot = value("acme-webroot", "BALAI_ACME_WEBROOT", "");
  if (auto ml = value("metrics-listen", "BALAI_METRICS_LISTEN", ""); !ml.empty()) {
    auto colon = ml.rfind(':');
    std::string addr = colon == std::string::npos ? "" : ml.substr(0, colon);
    if (addr.size() > 2 && addr.front() == '[' && addr.back() == ']') addr = addr.substr(1, addr.size() - 2);
    auto mp = colon == std::string::npos ? std::nullopt : parse_count(ml.substr(colon + 1), 65535);
    auto net = parse_cidr(addr);
    if (!mp || !net || net->prefix != static_cast<int>(net->addr.size() * 8) || addr.find('/') != std::string::npos)
      errors.push_back("--metrics-listen: '" + ml + "' is not ADDRESS:PORT (e.g. 127.0.0.1:9102)");
    else {
      c.metrics_address = addr;
      c.metrics_port = static_cast<unsigned short>(*mp);
    }
  }
  c.log_format = value("log-format", "BALAI_LOG_FORMAT", c.log_format);
  if (c.log_format != "text" && c.log_format != "json") errors.push_back("--log-format: must be text or json");
  bool local = c.base_domain == "localhost" || c.base_domain.ends_with(".localhost");
  c.public_scheme = value("public-scheme", "BALAI_PUBLIC_SCHEME", local ? "http" : "https");
  if (c.public_scheme != "http" && c.public_scheme != "https") errors.push_back("--public-scheme: must be http or https");
  if (!errors.empty()) return std::nullopt;
  return c;
}

}  // namespace balai
