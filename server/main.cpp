// The composition root: parses the command, builds each part in order and
// wires them. `balai serve` runs the server; the other commands administer
// the registry (the regency's counterpart of `wp site`).
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fcntl.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <openssl/rand.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "server/core/config.hpp"
#include "server/db/migrate.hpp"
#include "server/db/pool.hpp"
#include "server/http/metrics.hpp"
#include "server/http/server.hpp"
#include "server/http/tls.hpp"
#include "server/site/site.hpp"
#include "server/admin/accounts.hpp"
#include "server/admin/admin.hpp"
#include "server/admin/auth.hpp"
#include "server/core/host.hpp"
#include "server/media/media.hpp"
#include "tenants/archive.hpp"
#include "tenants/demo.hpp"
#include "tenants/listener.hpp"
#include "tenants/move_in_store.hpp"
#include "tenants/registry.hpp"

namespace {

using balai::Args;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

constexpr const char* kUsage = R"(balai — every village website of a regency from one server

Usage: balai <command> [options]

Commands:
  serve                         run the web server
  migrate                       apply the schema migrations (as the owner role)
  desa import --kode KODE FILE  import villages under KODE (e.g. 33.24) from kode-wilayah.csv
  desa add --kode KODE --nama NAMA [--slug SLUG]
  desa list [--kecamatan K] [--status S]
  desa show DESA                DESA: slug, kode or id
  desa suspend|resume|archive DESA
  desa export DESA --out FILE   write one village (data and pictures) to an archive
  desa import FILE [--replace-empty]
                                add a village from an archive of 'desa export' (this or another instance)
  desa delete DESA --export-to FILE
                                export the village to FILE, then delete it completely
  desa pindah DESA --opensid DUMP [--folder ARCHIVE] | --wordpress WXR | --rss FILE|URL [--dry-run]
                                bring a village's old site in (news, pages, agenda, pictures), with a report
  domain add HOSTNAME DESA [--primary]
  domain remove HOSTNAME
  domain list [DESA]
  demo seed [--media-dir DIR]   fill villages that have no news yet with demo content and pictures
  user add --username U --role R [--nama N] [--email E] [--desa DESA] [--kecamatan K]
                                create an account; prints a temporary password
  user recovery USERNAME        issue a one-time recovery code (24 hours)
  user reset-2fa USERNAME       remove two-factor sign-in (break-glass)
  user unlock|disable|enable USERNAME
  user list
  opendata export --out FILE [--kecamatan KODE]
                                write every village's published data (CSV and JSON) as one tar archive

Run 'balai <command> --help' for the options of one command.
The administrative commands connect with --database-url or BALAI_OWNER_DATABASE_URL
(the schema owner); serve connects with BALAI_DATABASE_URL (the application role).
)";

constexpr const char* kServeHelp = R"(balai serve — run the web server

Options (environment variable in brackets):
  --listen ADDR          listen address [BALAI_LISTEN] (default 127.0.0.1)
  --port N               port [BALAI_PORT] (default 8080)
  --base-domain HOST     regency domain; villages are <slug>.HOST [BALAI_BASE_DOMAIN] (default localhost)
  --database-url URL     libpq connection string of the application role [BALAI_DATABASE_URL]
  --threads N            I/O threads [BALAI_THREADS] (default: core count)
  --pool-size N          database workers, one connection each [BALAI_POOL_SIZE] (default: 2 x cores)
  --queue N              database jobs waiting at most; beyond that 503 [BALAI_QUEUE] (default 512)
  --time-zone ZONE       regency time zone [BALAI_TIME_ZONE] (default Asia/Jakarta)
  --trusted-proxy LIST   comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed [BALAI_TRUSTED_PROXIES]
  --log-format text|json access and server log format [BALAI_LOG_FORMAT] (default text)
  --public-scheme http|https  scheme of canonical links and feeds [BALAI_PUBLIC_SCHEME]
                         (default https, http when the base domain is localhost)
  --media-dir DIR        where images are stored [BALAI_MEDIA_DIR] (default var/media)
  --wilayah-file FILE    national kode wilayah CSV for the console [BALAI_WILAYAH_FILE]
                         (default tenants/data/kode-wilayah.csv)
  --dns-hosts-file FILE  answer the console's DNS checks from a hosts-style file [BALAI_DNS_HOSTS_FILE]
  --archive-dir DIR      where the console keeps the archive of a deleted village [BALAI_ARCHIVE_DIR]
                         (default var/arsip)
  --admin-ui-dir DIR     the built admin UI, served at admin.<base domain> [BALAI_ADMIN_UI_DIR] (default admin-ui/dist)
  --smtp-url URL         smtp://host:587 or smtps://host:465 for password recovery by email [BALAI_SMTP_URL]
  --tls-dir DIR          serve HTTPS with the certificates in DIR [BALAI_TLS_DIR]: one subdirectory per
                         certificate with fullchain.pem and privkey.pem (certbot's live/ layout), chosen by
                         SNI; reloaded on SIGHUP and when the files change. HTTP then redirects to HTTPS.
  --https-port N         HTTPS port [BALAI_HTTPS_PORT] (default 443)
  --acme-webroot DIR     answer /.well-known/acme-challenge/ from DIR (certbot --webroot -w DIR) [BALAI_ACME_WEBROOT]
  --metrics-listen A:P   /healthz, /readyz and Prometheus /metrics on their own listener [BALAI_METRICS_LISTEN]
                         (e.g. 127.0.0.1:9102; keep it off the public network)
  --storage-quota-mb N   pictures and documents each village may store [BALAI_STORAGE_QUOTA_MB] (default 2048)
  --smtp-from ADDRESS    sender of those emails [BALAI_SMTP_FROM]; credentials only from BALAI_SMTP_USER/BALAI_SMTP_PASSWORD
)";

struct CommandHelp {
  const char* name;
  const char* text;
};
constexpr CommandHelp kHelp[] = {
    {"migrate", "balai migrate [--database-url URL]\n  Applies pending schema migrations in order; refuses when an applied file changed.\n"},
    {"desa import",
     "balai desa import --kode KODE FILE [--dry-run] [--yes] [--database-url URL]\n"
     "  Imports every kecamatan and village under KODE (province 33, regency 33.24 or kecamatan 33.24.01)\n"
     "  from the national kode-wilayah.csv (kode,nama,tingkat). Idempotent; one transaction: any bad line\n"
     "  aborts the whole import with its line number and nothing is changed. With a newer file, it first\n"
     "  lists renumbered villages (matched by name; the id stays, the kode moves), renamed ones, new ones\n"
     "  (pemekaran) and those missing from the file; changes to existing villages need --yes (exit 3\n"
     "  otherwise); --dry-run only lists.\n"
     "balai desa import FILE [--replace-empty] [--media-dir DIR]\n"
     "  Without --kode, FILE is one village's archive from 'balai desa export'. Every checksum is verified\n"
     "  first; the village keeps its id, kode and slug; one transaction: on any error nothing is changed.\n"
     "  Refused when the id, kode or slug is taken here or the village exists here with content;\n"
     "  --replace-empty replaces an existing village that has only what provisioning gave it.\n"},
    {"desa pindah",
     "balai desa pindah DESA SOURCE [--dry-run] [--no-pictures] [--allow-internal-fetch] [--media-dir DIR]\n"
     "  Brings the content of the village's old site in, without retyping. SOURCE is one of:\n"
     "    --opensid DUMP [--folder ARCHIVE]  an OpenSID database backup (.sql or .sql.gz) and, for the\n"
     "                                       pictures, an archive (.zip, .tar, .tar.gz) of its desa/ folder\n"
     "    --wordpress WXR                    a WordPress export (Tools > Export); pictures are fetched\n"
     "                                       from the old site's addresses\n"
     "    --rss FILE|URL                     an RSS 2.0 or Atom feed\n"
     "  News, categories, static pages and agenda come in with their dates, authors and pictures, in\n"
     "  one transaction (a failure changes nothing). Prints what came in, what changed on the way\n"
     "  (slugs taken, spam held for Diskominfo's review) and what did not and why. --dry-run stores\n"
     "  nothing. Pictures are not fetched from internal network addresses unless --allow-internal-fetch.\n"},
    {"desa export",
     "balai desa export DESA --out FILE [--media-dir DIR]\n"
     "  Writes the village's registry row, every village table and its pictures to FILE (tar, with a\n"
     "  manifest of SHA-256 checksums), from one consistent snapshot. FILE must not exist yet.\n"},
    {"desa delete",
     "balai desa delete DESA --export-to FILE [--media-dir DIR]\n"
     "  Exports the village to FILE (verified after writing), then deletes it completely: its partitions,\n"
     "  domains, accounts and their sessions, and its pictures. Refused without --export-to, and when the\n"
     "  village changed between the export and the deletion. Restore with 'balai desa import FILE'.\n"},
    {"desa add", "balai desa add --kode PP.KK.CC.DDDD --nama NAMA [--slug SLUG]\n  Adds one village under a registered kecamatan and provisions it.\n"},
    {"desa list", "balai desa list [--kecamatan NAMA|KODE|SLUG] [--status active|suspended|archived]\n"},
    {"desa show", "balai desa show DESA\n  DESA is a slug, a kode (33.24.01.2001) or an id (3324012001).\n"},
    {"desa suspend", "balai desa suspend DESA\n  The village's site answers 503 with a notice until resumed.\n"},
    {"desa resume", "balai desa resume DESA\n"},
    {"desa archive", "balai desa archive DESA\n  The site stops being served; its data is kept.\n"},
    {"domain add", "balai domain add HOSTNAME DESA [--primary]\n  Serves the village at its own domain too; --primary makes it the canonical host.\n"},
    {"domain remove", "balai domain remove HOSTNAME\n"},
    {"domain list", "balai domain list [DESA]\n"},
    {"user add",
     "balai user add --username U --role ROLE [--nama NAMA] [--desa DESA] [--kecamatan K]\n"
     "  ROLE: superadmin, operator_diskominfo, viewer_kecamatan (needs --kecamatan), admin_desa, editor, kontributor (need --desa).\n"
     "  Prints a temporary password that must be changed at the first sign-in.\n"
     "  --password-stdin: read the password from standard input instead (scripted set-up); no change is forced.\n"},
    {"user recovery", "balai user recovery USERNAME\n  Prints a single-use recovery code valid for 24 hours.\n"},
    {"opendata export",
     "balai opendata export --out FILE [--kecamatan KODE] [--base-domain HOST] [--public-scheme http|https] [--public-port N]\n"
     "  Writes one tar archive with the published data of every village (or of one kecamatan, e.g. 33.24.01) as CSV\n"
     "  and JSON, with README.txt and manifest.json: the datasets of the /api/v1/ open data API. Suspended villages are\n"
     "  left out. URLs in the data use --base-domain [BALAI_BASE_DOMAIN] and --public-scheme [BALAI_PUBLIC_SCHEME].\n"},
    {"user reset-2fa", "balai user reset-2fa USERNAME\n  Removes two-factor sign-in for an account that lost its authenticator.\n"},
};

int usage_error(const std::string& message) {
  std::cerr << "balai: " << message << "\nRun 'balai --help' for usage.\n";
  return 2;
}

void setup_logging(const std::string& format) {
  // Server messages go through spdlog's asynchronous logger; the per-request
  // access log has its own batched writer (server/http/access_log.hpp).
  spdlog::init_thread_pool(8192, 1);
  auto sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  auto main_logger = std::make_shared<spdlog::async_logger>("balai", sink, spdlog::thread_pool(),
                                                            spdlog::async_overflow_policy::block);
  if (format == "json")
    main_logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":"%v"})");
  else
    main_logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  spdlog::set_default_logger(main_logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

// certbot's HTTP-01 answers: /.well-known/acme-challenge/TOKEN from the
// webroot, on every host, over plain HTTP even when HTTPS is on.
balai::http::Response acme_answer(const std::string& webroot, const std::string& path) {
  balai::http::Response r;
  r.content_type = "text/plain; charset=utf-8";
  r.set("Cache-Control", "no-store");
  std::string token = path.substr(std::strlen("/.well-known/acme-challenge/"));
  bool ok = !token.empty() && token.size() <= 256 &&
            token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
  std::ifstream in;
  if (ok) in.open(webroot + "/.well-known/acme-challenge/" + token, std::ios::binary);
  if (!ok || !in) {
    r.status = 404;
    r.body = "not found\n";
    return r;
  }
  r.body.assign(std::istreambuf_iterator<char>(in), {});
  if (r.body.size() > 4096) r.body.resize(4096);
  return r;
}

// Plain HTTP when HTTPS is on and a certificate covers the host: the same URL
// over HTTPS (the port kept when not 443). A village domain whose certificate
// is not issued yet stays on HTTP instead of landing on a certificate error.
balai::http::Response https_redirect(const balai::http::Request& req, unsigned short https_port) {
  balai::http::Response r;
  auto host = balai::normalize_host(req.host);
  if (req.host_count != 1 || !host) {
    r.status = 400;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "Permintaan tidak valid.\n";
    return r;
  }
  if (req.target.empty() || req.target.front() != '/') {  // only origin-form targets become a Location
    r.status = 400;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "Permintaan tidak valid.\n";
    return r;
  }
  r.status = req.method == "GET" || req.method == "HEAD" ? 301 : 308;
  r.content_type = "text/plain; charset=utf-8";
  r.set("Location", "https://" + *host + (https_port == 443 ? "" : ":" + std::to_string(https_port)) + req.target);
  r.set("Cache-Control", "max-age=3600");
  return r;
}

// The metrics listener: /healthz (the process answers), /readyz (the
// database answers and its schema is this build's), /metrics (Prometheus).
balai::http::Handler ops_handler(balai::db::Pool& pool) {
  return [&pool](balai::http::Request&& req, balai::http::Context&, balai::http::Respond respond) {
    balai::http::Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.set("Cache-Control", "no-store");
    if (req.method != "GET" && req.method != "HEAD") {
      r.status = 405;
      r.body = "method not allowed\n";
      return respond(std::move(r));
    }
    if (req.path == "/healthz") {
      r.body = "ok\n";
      return respond(std::move(r));
    }
    if (req.path == "/metrics") {
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      r.body = balai::http::metrics().render();
      return respond(std::move(r));
    }
    if (req.path != "/readyz") {
      r.status = 404;
      r.body = "not found: /healthz, /readyz, /metrics\n";
      return respond(std::move(r));
    }
    bool queued = pool.submit([respond](pqxx::connection* conn) {
      balai::http::Response r;
      r.content_type = "text/plain; charset=utf-8";
      r.set("Cache-Control", "no-store");
      r.status = 503;
      try {
        if (!conn) throw std::runtime_error("cannot connect");
        auto st = balai::db::check_migrations(*conn);
        if (!st.problems.empty()) r.body = "schema: " + st.problems.front() + "\n";
        else if (!st.pending.empty()) r.body = "schema: " + std::to_string(st.pending.size()) + " migration(s) pending\n";
        else {
          r.status = 200;
          r.body = "ready\n";
        }
      } catch (const std::exception& e) {
        r.body = std::string("database unavailable: ") + e.what() + "\n";
      }
      respond(std::move(r));
    });
    if (!queued) {
      r.status = 503;
      r.body = "database queue full\n";
      respond(std::move(r));
    }
  };
}

int serve(const Args& args) {
  // A reload request (SIGHUP) that arrives while starting must not end the
  // process; the server takes the signal over once it runs.
  std::signal(SIGHUP, SIG_IGN);
  std::vector<std::string> errors;
  auto cfg = balai::load_serve_config(args, [](const char* n) { return env(n); }, errors);
  if (!cfg) {
    for (const auto& e : errors) std::cerr << "balai serve: " << e << "\n";
    return 2;
  }
  setup_logging(cfg->log_format);

  // Refuse to run against a schema this build does not match.
  try {
    auto conn = balai::db::connect(cfg->database_url, "balai-startup");
    auto st = balai::db::check_migrations(*conn);
    for (const auto& p : st.problems) spdlog::critical("schema: {}", p);
    if (!st.pending.empty()) spdlog::critical("schema: {} migration(s) not applied yet, run 'balai migrate' first", st.pending.size());
    if (!st.problems.empty() || !st.pending.empty()) return 1;
  } catch (const std::exception& e) {
    spdlog::critical("cannot connect to the database: {}", e.what());
    spdlog::shutdown();
    return 1;
  }

  balai::DirectoryStore directory;
  balai::db::Pool pool({cfg->database_url, cfg->pool_size, cfg->queue, "balai"});
  // Signs form challenges; instances behind one load balancer share it.
  std::string secret = env("BALAI_SECRET");
  if (secret.size() < 16) {
    unsigned char raw[32];
    RAND_bytes(raw, sizeof raw);
    secret.assign(reinterpret_cast<char*>(raw), sizeof raw);
    spdlog::info("BALAI_SECRET not set (or shorter than 16): using a random secret for this process");
  }
  balai::site::Site site({cfg->base_domain, cfg->time_zone, cfg->public_scheme, 256u << 20, secret, cfg->media_dir}, directory, pool);
  balai::tenants::Listener listener(cfg->database_url, directory,
                                    {[&site](std::int64_t id) { site.content_changed(id); },
                                     [&site] { site.invalidate_all(); }});
  try {
    listener.load_now();
  } catch (const std::exception& e) {
    spdlog::critical("cannot load the village directory: {}", e.what());
    return 1;
  }
  listener.start();

  std::unique_ptr<balai::http::TlsStore> tls;
  if (!cfg->tls_dir.empty()) {
    try {
      tls = std::make_unique<balai::http::TlsStore>(cfg->tls_dir, cfg->base_domain);
      tls->reload();
    } catch (const std::exception& e) {
      spdlog::critical("{}", e.what());
      return 1;
    }
  }

  balai::http::ServerConfig http_cfg;
  http_cfg.address = cfg->listen;
  http_cfg.port = cfg->port;
  http_cfg.tls = tls.get();
  http_cfg.https_port = cfg->https_port;
  if (tls) http_cfg.on_reload = [&tls](bool signalled) {
    if (signalled || tls->changed_on_disk()) tls->reload();
  };
  http_cfg.metrics_address = cfg->metrics_address;
  http_cfg.metrics_port = cfg->metrics_port;
  http_cfg.metrics_handler = ops_handler(pool);
  http_cfg.threads = cfg->threads;
  http_cfg.trusted_proxies = cfg->trusted_proxies;
  http_cfg.log_json = cfg->log_format == "json";
  balai::admin::AdminConfig admin_cfg;
  admin_cfg.base_domain = cfg->base_domain;
  admin_cfg.public_scheme = cfg->public_scheme;
  admin_cfg.ui_dir = cfg->admin_ui_dir;
  admin_cfg.media_dir = cfg->media_dir;
  admin_cfg.secret = secret;
  admin_cfg.time_zone = cfg->time_zone;
  admin_cfg.storage_quota = cfg->storage_quota_mb << 20;
  admin_cfg.wilayah_file = cfg->wilayah_file;
  admin_cfg.dns_hosts_file = cfg->dns_hosts_file;
  admin_cfg.archive_dir = cfg->archive_dir;
  admin_cfg.mail = {cfg->smtp_url, cfg->smtp_from, env("BALAI_SMTP_USER"), env("BALAI_SMTP_PASSWORD")};
  if (tls)
    admin_cfg.certificate = [&tls](const std::string& host) -> std::optional<balai::admin::CertificateState> {
      auto c = tls->lookup(host);
      if (!c) return std::nullopt;
      return balai::admin::CertificateState{c->issuer, c->not_after};
    };
  balai::admin::Admin admin(admin_cfg, directory, pool, [&site](std::int64_t id) { site.content_changed(id); });
  // The admin origin takes bigger bodies on a few targets; every public host keeps the small limit.
  // Only the admin origin takes bodies beyond the default limit.
  http_cfg.body_limit_for = [&admin](std::string_view host, std::string_view target) -> std::size_t {
    auto normalized = balai::normalize_host(std::string(host.substr(0, 300)));
    return normalized && admin.serves(*normalized) ? balai::admin::Admin::body_limit(target) : 0;
  };
  http_cfg.max_body_limit = balai::admin::Admin::body_limit("/api/konsol/desa/impor");  // the largest; narrowed per target after the header
  const unsigned short https_port = cfg->https_port;
  const std::string acme_webroot = cfg->acme_webroot;
  balai::http::TlsStore* tls_ptr = tls.get();
  balai::http::Server server(http_cfg, [&site, &admin, https_port, &acme_webroot, tls_ptr](
                                           balai::http::Request&& req, balai::http::Context& ctx, balai::http::Respond respond) {
    if (!acme_webroot.empty() && req.path.starts_with("/.well-known/acme-challenge/")) {
      ctx.surface = balai::http::Surface::acme;
      return respond(acme_answer(acme_webroot, req.path));
    }
    if (tls_ptr && !req.tls) {
      auto host = req.host_count == 1 ? balai::normalize_host(req.host) : std::nullopt;
      if (!host || tls_ptr->covers(*host)) return respond(https_redirect(req, https_port));
    }
    if (req.host_count == 1) {
      if (auto host = balai::normalize_host(req.host); host && admin.serves(*host)) {
        ctx.surface = balai::http::Surface::admin;
        return admin.handle(std::move(req), ctx, std::move(respond));
      }
    }
    ctx.surface = balai::http::Surface::site;
    if (req.body.size() > 64 * 1024) {  // a large body is only ever accepted by the admin origin
      balai::http::Response r;
      r.status = 413;
      r.content_type = "text/plain; charset=utf-8";
      r.body = "Permintaan terlalu besar.\n";
      return respond(std::move(r));
    }
    site.handle(std::move(req), ctx, std::move(respond));
  });
  try {
    server.listen();
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  auto& m = balai::http::metrics();
  m.gauge("balai_cache_hits_total", "Public pages answered from the render cache.", "counter", [&site] { return static_cast<double>(site.cache().hits()); });
  m.gauge("balai_cache_misses_total", "Public page requests the render cache could not answer.", "counter", [&site] { return static_cast<double>(site.cache().misses()); });
  m.gauge("balai_cache_stale_total", "Pages answered from an old cache entry because the database failed (stale-if-error).", "counter", [&site] { return static_cast<double>(site.cache().stale_served()); });
  m.gauge("balai_cache_bytes", "Bytes held by the render cache.", "gauge", [&site] { return static_cast<double>(site.cache().bytes()); });
  m.gauge("balai_cache_entries", "Pages held by the render cache.", "gauge", [&site] { return static_cast<double>(site.cache().entries()); });
  m.gauge("balai_db_pool_workers", "Database workers (one connection each).", "gauge", [&pool] { return static_cast<double>(pool.workers()); });
  m.gauge("balai_db_pool_busy", "Database workers running a job now.", "gauge", [&pool] { return static_cast<double>(pool.busy()); });
  m.gauge("balai_db_pool_queued", "Database jobs waiting for a worker.", "gauge", [&pool] { return static_cast<double>(pool.queued()); });
  m.gauge("balai_db_pool_rejected_total", "Database jobs refused because the queue was full (answered 503).", "counter", [&pool] { return static_cast<double>(pool.rejected()); });
  m.gauge("balai_db_connect_failures_total", "Failed attempts of database workers to connect.", "counter", [&pool] { return static_cast<double>(pool.connect_failures()); });
  m.gauge("balai_villages", "Villages in the directory.", "gauge", [&directory] { return static_cast<double>(directory.get()->desa.size()); });
  if (tls)
    m.gauge("balai_tls_certificate_expiry_seconds", "Seconds until the soonest certificate expires.", "gauge", [&tls] {
      double soonest = 0;
      bool first = true;
      for (const auto& c : tls->all()) {
        double left = static_cast<double>(c.not_after - std::time(nullptr));
        if (first || left < soonest) soonest = left;
        first = false;
      }
      return soonest;
    });
  spdlog::info("serving {} villages on http://{}:{}/{} (base domain {}, {} threads, {} database workers)",
               directory.get()->desa.size(), cfg->listen, server.bound_port(),
               tls ? fmt::format(" and https port {}", server.https_bound_port()) : std::string(), cfg->base_domain,
               cfg->threads, cfg->pool_size);
  if (server.metrics_bound_port()) spdlog::info("health and metrics on http://{}:{}/metrics", cfg->metrics_address, server.metrics_bound_port());
  server.run();
  site.flush_views();
  pool.stop();
  listener.stop();
  spdlog::info("stopped");
  spdlog::shutdown();
  return 0;
}

std::unique_ptr<pqxx::connection> owner_connection(const Args& args) {
  std::string url = args.get("database-url", env("BALAI_OWNER_DATABASE_URL"));
  if (url.empty()) throw balai::tenants::UserError("--database-url (or BALAI_OWNER_DATABASE_URL) is required");
  return balai::db::connect(url, "balai-cli");
}

int migrate(const Args& args) {
  auto conn = owner_connection(args);
  auto st = balai::db::apply_migrations(*conn);
  for (const auto& p : st.problems) std::cerr << "balai migrate: " << p << "\n";
  if (!st.problems.empty()) {
    std::cerr << "balai migrate: refusing to continue; nothing was applied\n";
    return 1;
  }
  for (const auto& n : st.applied_now) std::cout << "applied " << n << "\n";
  if (st.applied_now.empty()) std::cout << "schema is up to date\n";
  return 0;
}

int desa_import(const Args& args) {
  if (!args.has("kode")) return usage_error("desa import needs --kode (e.g. --kode 33.24)");
  if (args.positional.size() != 3) return usage_error("desa import needs exactly one FILE");
  const std::string& path = args.positional[2];
  std::ifstream in(path, std::ios::binary);
  if (!in) return usage_error("cannot open " + path);
  auto result = balai::wilayah::read_extract(in, args.get("kode"));
  if (result.error) {
    std::cerr << "balai desa import: " << path;
    if (result.error->line) std::cerr << ":" << result.error->line;
    std::cerr << ": " << result.error->reason << "\nnothing was imported\n";
    return 1;
  }
  auto conn = owner_connection(args);
  bool tty = isatty(STDERR_FILENO);
  auto progress = [tty](std::size_t done, std::size_t total) {
    if (!tty || (done % 8 != 0 && done != total)) return;
    int width = 30, filled = static_cast<int>(width * done / total);
    std::fprintf(stderr, "\r[%s%s] %zu/%zu", std::string(filled, '#').c_str(), std::string(width - filled, ' ').c_str(),
                 done, total);
    if (done == total) std::fputc('\n', stderr);
  };
  // A newer national file may rename or renumber villages that are already
  // here: show what changes, and apply it only when confirmed with --yes.
  auto plan = balai::tenants::plan_extract(*conn, *result.extract);
  for (const auto& r : plan.renumbered) std::cout << "renumbered: " << r.nama << " " << r.dari << " -> " << r.ke << " (id " << r.id << " stays)\n";
  for (const auto& r : plan.renamed) std::cout << "renamed:    " << r.kode << " " << r.dari << " -> " << r.ke << "\n";
  if (plan.changes_existing()) std::cout << "new:        " << plan.baru.size() << " village(s) not registered yet\n";
  for (const auto& h : plan.hilang)
    std::cout << "not in the file: " << h.kode << " " << h.nama << " (left as it is; suspend or archive it if it was merged)\n";
  if (args.has("dry-run")) return 0;
  if (plan.changes_existing() && !args.has("yes")) {
    std::cout << "nothing was changed: run again with --yes to apply these changes\n";
    return 3;
  }
  auto st = balai::tenants::apply_extract(*conn, *result.extract, plan, progress);
  if (!plan.renumbered.empty()) std::cout << plan.renumbered.size() << " village(s) renumbered\n";
  std::cout << "imported " << args.get("kode") << ": " << st.kabupaten << " kabupaten/kota, " << st.kecamatan
            << " kecamatan, " << st.desa_new << " new villages, " << st.desa_updated << " updated, "
            << st.desa_unchanged << " unchanged\n";
  return 0;
}

void print_desa(const balai::tenants::DesaInfo& d) {
  std::cout << "id:         " << d.id << "\nkode:       " << d.kode << "\nnama:       " << d.nama
            << "\njenis:      " << d.jenis << "\nkecamatan:  " << d.kecamatan << "\nslug:       " << d.slug
            << "\nstatus:     " << d.status << "\ncreated:    " << d.created_at << "\n";
  for (const auto& h : d.domains) std::cout << "domain:     " << h << "\n";
}

std::string cli_media_dir(const Args& args) {
  return args.get("media-dir", env("BALAI_MEDIA_DIR").empty() ? "var/media" : env("BALAI_MEDIA_DIR"));
}

std::string cli_actor() { return "cli:" + (env("USER").empty() ? std::string("root") : env("USER")); }

std::string megabytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

// Writes the archive to FILE.partial, flushes it to disk, reads it back and
// verifies every checksum, and only then gives it its name.
balai::tenants::ExportStats write_archive(pqxx::connection& conn, const std::string& key, const std::string& media_dir,
                                          const std::string& file) {
  namespace fs = std::filesystem;
  if (fs::exists(file)) throw balai::tenants::UserError(file + " already exists: choose another name (an archive is never overwritten)");
  const std::string partial = file + ".partial";
  try {
    balai::tenants::ExportStats st;
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      if (!out) throw balai::tenants::UserError("cannot write " + partial);
      st = balai::tenants::export_desa(conn, key, media_dir, out);
      out.close();
      if (!out) throw std::runtime_error("writing " + partial + " failed (disk full?)");
    }
    auto flush_to_disk = [](const std::string& path, int flags) {
      int fd = ::open(path.c_str(), flags);
      bool ok = fd >= 0 && ::fsync(fd) == 0;
      if (fd >= 0) ::close(fd);
      if (!ok) throw std::runtime_error("cannot flush " + path + " to disk");
    };
    flush_to_disk(partial, O_RDONLY);
    std::ifstream in(partial, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto check = balai::tenants::verify_archive(bytes);
    if (check.desa_id != st.desa_id || check.rows != st.rows || check.media_files != st.media_files)
      throw std::runtime_error("the archive read back from " + partial + " differs from what was written");
    fs::rename(partial, file);
    flush_to_disk(fs::absolute(file).parent_path().string(), O_RDONLY | O_DIRECTORY);
    return st;
  } catch (...) {
    std::error_code ec;
    fs::remove(partial, ec);
    throw;
  }
}

void print_export(const balai::tenants::ExportStats& st, const std::string& file) {
  std::cout << "exported " << st.slug << " (" << st.kode << ", id " << st.desa_id << ") to " << file << ": " << st.tables
            << " tables, " << st.rows << " rows, " << st.media_files << " media files (" << megabytes(st.media_bytes) << ")\n";
}

int desa_export(const Args& args) {
  if (args.positional.size() != 3) return usage_error("desa export needs one DESA (slug, kode or id)");
  if (!args.has("out")) return usage_error("desa export needs --out FILE");
  auto conn = owner_connection(args);
  auto st = write_archive(*conn, args.positional[2], cli_media_dir(args), args.get("out"));
  print_export(st, args.get("out"));
  return 0;
}

// A file of at most the parsers' limit, whole.
std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw balai::tenants::UserError("berkas " + path + " tidak dapat dibuka");
  std::string bytes;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    bytes.append(buf, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > balai::tenants::kMoveInMaxInputBytes) throw balai::tenants::UserError(path + " lebih dari 200 MB");
  }
  return bytes;
}

int desa_move_in(const Args& args) {
  if (args.positional.size() != 3) return usage_error("desa pindah needs one DESA (slug, kode or id)");
  int sources = args.has("opensid") + args.has("wordpress") + args.has("rss");
  if (sources != 1) return usage_error("desa pindah needs exactly one of --opensid DUMP, --wordpress WXR, --rss FILE|URL");
  auto conn = owner_connection(args);
  auto d = balai::tenants::find_desa(*conn, args.positional[2]);
  if (!d) throw balai::tenants::UserError("desa '" + args.positional[2] + "' tidak ditemukan (no village with that slug, kode or id)");
  balai::tenants::MoveIn data;
  balai::tenants::MoveInOptions options;
  options.media_dir = cli_media_dir(args);
  options.dry_run = args.has("dry-run");
  if (!args.has("no-pictures")) options.fetch = balai::tenants::http_fetcher(args.has("allow-internal-fetch"));
  try {
    if (args.has("opensid")) {
      data = balai::tenants::parse_opensid_dump(read_whole(args.get("opensid")));
      if (args.has("folder")) options.archive = balai::tenants::read_image_archive(read_whole(args.get("folder")));
    } else if (args.has("wordpress")) {
      data = balai::tenants::parse_wxr(read_whole(args.get("wordpress")));
    } else {
      std::string where = args.get("rss"), why;
      std::string feed;
      if (where.starts_with("http://") || where.starts_with("https://")) {
        auto got = balai::tenants::http_fetcher(args.has("allow-internal-fetch"))(where, why);
        if (!got) throw balai::tenants::UserError("umpan " + where + " tidak dapat diambil: " + why);
        feed = std::move(*got);
      } else {
        feed = read_whole(where);
      }
      data = balai::tenants::parse_feed(feed);
    }
  } catch (const balai::tenants::UserError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw balai::tenants::UserError(e.what());
  }
  auto report = balai::tenants::store_move_in(*conn, d->id, data, options);
  std::cout << (options.dry_run ? "Uji coba (tidak ada yang disimpan) untuk " : "Pindahan ke ") << d->slug << " (" << d->kode << ")\n"
            << balai::tenants::format_report(report);
  return 0;
}

int desa_import_archive(const Args& args) {
  if (args.positional.size() != 3)
    return usage_error("desa import needs exactly one FILE (an archive of 'balai desa export', or kode-wilayah.csv with --kode)");
  const std::string& path = args.positional[2];
  std::ifstream in(path, std::ios::binary);
  if (!in) return usage_error("cannot open " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 512 || bytes.compare(257, 5, "ustar") != 0)
    throw balai::tenants::UserError(path + " is not a village archive (tar); to import villages from kode-wilayah.csv give --kode (e.g. --kode 33.24)");
  auto conn = owner_connection(args);
  auto st = balai::tenants::import_desa(*conn, bytes, cli_media_dir(args), {args.has("replace-empty"), cli_actor()});
  std::cout << "imported " << st.slug << " (" << st.kode << ", id " << st.desa_id << ")" << (st.replaced ? ", replacing the empty village" : "")
            << ": " << st.tables << " tables, " << st.rows << " rows, " << st.media_files << " media files (" << megabytes(st.media_bytes)
            << ")\n";
  if (st.kabupaten_created) std::cout << "kabupaten added to the registry\n";
  if (st.kecamatan_created) std::cout << "kecamatan added to the registry\n";
  for (const auto& d : st.domains_added) std::cout << "domain added: " << d << "\n";
  for (const auto& d : st.domains_skipped) std::cout << "domain skipped: " << d << "\n";
  for (const auto& n : st.notes) std::cout << "note: " << n << "\n";
  std::cout << "accounts are not part of an archive: create the village's admin with 'balai user add'\n";
  return 0;
}

int desa_delete(const Args& args) {
  if (args.positional.size() != 3) return usage_error("desa delete needs one DESA (slug, kode or id)");
  if (!args.has("export-to"))
    return usage_error("desa delete needs --export-to FILE: the village is exported there first, and is never deleted without");
  const std::string file = args.get("export-to"), media_dir = cli_media_dir(args);
  auto conn = owner_connection(args);
  auto ex = write_archive(*conn, args.positional[2], media_dir, file);
  print_export(ex, file);
  balai::tenants::DeleteStats st;
  try {
    st = balai::tenants::delete_desa(*conn, std::to_string(ex.desa_id), media_dir, {cli_actor(), ex.data_digest});
  } catch (const std::exception& e) {
    std::cerr << "balai: " << e.what() << "\nthe archive " << file << " was kept\n";
    return 1;
  }
  std::cout << "deleted " << st.slug << " (" << st.kode << ", id " << st.desa_id << "): " << st.partitions << " partitions dropped, "
            << st.accounts << " accounts and their sessions removed, " << st.domains << " domains released"
            << (st.media_removed ? ", media folder removed" : "") << "\n"
            << "restore it with: balai desa import " << file << "\n";
  if (!st.media_error.empty()) {
    std::cerr << "balai: " << st.media_error << "\n";
    return 1;
  }
  return 0;
}

// Accounts from the server's CLI: the way in that needs neither SMTP nor a
// working login. Every action is recorded in support_audit as cli:<unix user>.
int user_command(const std::string& cmd, const Args& args) {
  const auto& pos = args.positional;
  auto conn = owner_connection(args);
  std::int64_t desa = 0;
  if (cmd == "user add" && args.has("desa")) {
    auto d = balai::tenants::find_desa(*conn, args.get("desa"));
    if (!d) throw balai::tenants::UserError("desa '" + args.get("desa") + "' tidak ditemukan");
    desa = d->id;
  }
  pqxx::work tx(*conn);
  std::string actor = "cli:" + (env("USER").empty() ? std::string("root") : env("USER"));
  auto audit = [&](std::int64_t desa, const std::string& action, const nlohmann::json& detail) {
    tx.exec_params("INSERT INTO support_audit (actor, desa_id, action, detail) VALUES ($1, NULLIF($2::bigint, 0), $3, $4::jsonb)", actor, desa, action,
                   detail.dump());
  };
  auto account = [&](const std::string& username) {
    auto r = tx.exec_params("SELECT id, coalesce(desa_id, 0) FROM accounts WHERE username = $1", username);
    if (r.empty()) throw balai::tenants::UserError("akun '" + username + "' tidak ditemukan (no such account)");
    return std::pair{r[0][0].as<std::int64_t>(), r[0][1].as<std::int64_t>()};
  };
  if (cmd == "user add") {
    std::int64_t kecamatan = 0;
    if (args.has("kecamatan")) {
      auto k = tx.exec_params("SELECT id FROM kecamatan WHERE kode = $1 OR id::text = $1 OR lower(nama) = lower($1)", args.get("kecamatan"));
      if (k.size() != 1) throw balai::tenants::UserError("kecamatan '" + args.get("kecamatan") + "' tidak ditemukan");
      kecamatan = k[0][0].as<std::int64_t>();
    }
    if (!args.has("username") || !args.has("role")) return usage_error("user add needs --username and --role");
    std::string chosen;
    if (args.has("password-stdin")) {
      std::getline(std::cin, chosen);
      if (auto problem = balai::auth::password_problem(chosen, args.get("username")); !problem.empty())
        throw balai::tenants::UserError(problem);
    }
    try {
      auto created = balai::admin::create_account(tx, args.get("username"), args.get("nama", args.get("username")), args.get("role"), desa,
                                                  kecamatan);
      if (args.has("email")) {
        static const std::regex email_re(R"(^[^@\s<>]{1,64}@[^@\s<>]{1,190}\.[a-zA-Z]{2,}$)");
        if (!std::regex_match(args.get("email"), email_re)) throw balai::tenants::UserError("--email: alamat email tidak valid");
        tx.exec_params("UPDATE accounts SET email = $2 WHERE id = $1", created.id, args.get("email"));
      }
      if (!chosen.empty()) {
        tx.exec_params("UPDATE accounts SET password_hash = $2, must_change_password = false WHERE id = $1", created.id,
                       balai::auth::hash_password(chosen));
        audit(desa, "akun.buat", {{"username", args.get("username")}, {"peran", args.get("role")}});
        tx.commit();
        std::cout << "account " << args.get("username") << " (" << args.get("role") << ") created with the given password\n";
        return 0;
      }
      audit(desa, "akun.buat", {{"username", args.get("username")}, {"peran", args.get("role")}});
      tx.commit();
      std::cout << "account " << args.get("username") << " (" << args.get("role") << ") created\n"
                << "temporary password: " << created.temporary_password << "\n"
                << "It must be changed at the first sign-in.\n";
    } catch (const balai::admin::AccountError& e) {
      throw balai::tenants::UserError(e.what());
    }
    return 0;
  }
  if (pos.size() != 3 && cmd != "user list") return usage_error(cmd + " needs one USERNAME");
  if (cmd == "user recovery") {
    auto [id, desa] = account(pos[2]);
    std::string code = balai::admin::issue_recovery_code(tx, id, 0);
    audit(desa, "akun.kode_pemulihan", {{"username", pos[2]}});
    tx.commit();
    std::cout << "recovery code for " << pos[2] << ": " << code << "\n"
              << "Single use, valid for 24 hours: at the admin sign-in page choose 'Lupa kata sandi' and enter it.\n";
    return 0;
  }
  if (cmd == "user reset-2fa") {
    auto [id, desa] = account(pos[2]);
    tx.exec_params("UPDATE accounts SET totp_enabled = false, totp_secret = NULL, totp_backup = '{}' WHERE id = $1", id);
    tx.exec_params("DELETE FROM sessions WHERE account_id = $1", id);
    audit(desa, "akun.reset_2fa", {{"username", pos[2]}});
    tx.commit();
    std::cout << "two-factor sign-in removed for " << pos[2] << "; they enrol again after signing in\n";
    return 0;
  }
  if (cmd == "user unlock") {
    auto [id, desa] = account(pos[2]);
    tx.exec_params("UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1", id);
    audit(desa, "akun.buka_kunci", {{"username", pos[2]}});
    tx.commit();
    std::cout << pos[2] << " unlocked\n";
    return 0;
  }
  if (cmd == "user disable" || cmd == "user enable") {
    auto [id, desa] = account(pos[2]);
    bool off = cmd == "user disable";
    tx.exec_params("UPDATE accounts SET disabled = $2 WHERE id = $1", id, off);
    if (off) tx.exec_params("DELETE FROM sessions WHERE account_id = $1", id);
    audit(desa, off ? "akun.nonaktifkan" : "akun.aktifkan", {{"username", pos[2]}});
    tx.commit();
    std::cout << pos[2] << (off ? " disabled" : " enabled") << "\n";
    return 0;
  }
  if (cmd == "user list") {
    for (const auto& r : tx.exec("SELECT a.username, a.peran, coalesce(d.slug, k.nama, '-'), a.disabled, a.locked_until IS NOT NULL AND a.locked_until > now(),"
                                 " a.totp_enabled FROM accounts a LEFT JOIN desa d ON d.id = a.desa_id LEFT JOIN kecamatan k ON k.id = a.kecamatan_id"
                                 " ORDER BY a.peran, a.username"))
      std::printf("%-24s %-20s %-28s%s%s%s\n", r[0].c_str(), r[1].c_str(), r[2].c_str(), r[3].as<bool>() ? " disabled" : "",
                  r[4].as<bool>() ? " locked" : "", r[5].as<bool>() ? " 2fa" : "");
    return 0;
  }
  return usage_error("unknown command: " + cmd);
}

// Open data for the province and the centre: one tar archive of every
// village's published data (see server/site/opendata.hpp).
int opendata_export(const Args& args) {
  if (!args.has("out") || args.get("out").empty() || args.get("out") == "true") return usage_error("opendata export needs --out FILE");
  balai::site::Publisher pub;
  pub.base_domain = args.get("base-domain", env("BALAI_BASE_DOMAIN").empty() ? std::string("localhost") : env("BALAI_BASE_DOMAIN"));
  std::string scheme = args.get("public-scheme", env("BALAI_PUBLIC_SCHEME"));
  pub.scheme = !scheme.empty() ? scheme : pub.base_domain == "localhost" ? "http" : "https";
  if (pub.scheme != "http" && pub.scheme != "https") return usage_error("--public-scheme must be http or https");
  if (args.has("public-port")) {
    static const std::regex port_re("^[1-9][0-9]{0,4}$");
    if (!std::regex_match(args.get("public-port"), port_re)) return usage_error("--public-port must be a port number");
    pub.port_suffix = ":" + args.get("public-port");
  }
  pub.time_zone = args.get("time-zone", env("BALAI_TIME_ZONE").empty() ? std::string("Asia/Jakarta") : env("BALAI_TIME_ZONE"));
  auto conn = owner_connection(args);
  auto dir = balai::tenants::load_directory(*conn, 1);
  // Written beside the target and renamed when complete: a failed export leaves no half archive.
  const std::string path = args.get("out"), partial = path + ".part";
  balai::site::ExportStats st;
  try {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) throw balai::tenants::UserError("cannot write " + partial);
    try {
      st = balai::site::export_all(*conn, *dir, out, args.get("kecamatan"), pub);
    } catch (const std::invalid_argument& e) {
      throw balai::tenants::UserError(e.what());
    }
    out.close();
    if (!out) throw std::runtime_error("writing " + partial + " failed");
    if (std::rename(partial.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot rename " + partial + " to " + path);
  } catch (...) {
    std::remove(partial.c_str());
    throw;
  }
  std::cout << "wrote " << path << ": " << st.desa << " villages";
  for (const auto& [name, n] : st.rows) std::cout << ", " << name << " " << n;
  std::cout << "\n";
  return 0;
}

int run_command(const std::vector<std::string>& raw) {
  Args args;
  if (auto err = balai::parse_args(raw, {"help", "primary", "password-stdin", "replace-empty", "yes", "dry-run", "no-pictures", "allow-internal-fetch"}, args)) return usage_error(*err);
  const auto& pos = args.positional;
  if (pos.empty()) {
    std::cout << kUsage;
    return args.has("help") ? 0 : 2;
  }
  std::string cmd = pos[0] + (pos.size() > 1 && (pos[0] == "desa" || pos[0] == "domain" || pos[0] == "demo" || pos[0] == "user" || pos[0] == "opendata") ? " " + pos[1] : "");
  if (args.has("help")) {
    if (cmd == "serve") {
      std::cout << kServeHelp;
      return 0;
    }
    for (const auto& h : kHelp)
      if (cmd == h.name) {
        std::cout << h.text;
        return 0;
      }
    std::cout << kUsage;
    return 0;
  }
  if (cmd == "serve") return serve(args);
  if (cmd == "migrate") return migrate(args);
  if (cmd == "opendata export") return opendata_export(args);
  if (cmd == "desa import") return args.has("kode") ? desa_import(args) : desa_import_archive(args);
  if (cmd == "desa export") return desa_export(args);
  if (cmd == "desa pindah") return desa_move_in(args);
  if (cmd == "desa delete") return desa_delete(args);
  if (cmd == "demo seed") {
    auto conn = owner_connection(args);
    bool tty = isatty(STDERR_FILENO);
    std::string media_dir = args.get("media-dir", env("BALAI_MEDIA_DIR").empty() ? "var/media" : env("BALAI_MEDIA_DIR"));
    auto st = balai::tenants::seed_demo(*conn, media_dir, [tty](std::size_t done, std::size_t total) {
      if (tty && (done % 8 == 0 || done == total)) std::fprintf(stderr, "\r%zu/%zu%s", done, total, done == total ? "\n" : "");
    });
    std::cout << "demo content: " << st.villages << " villages, " << st.posts << " posts, " << st.agenda << " agenda items, "
              << st.perangkat << " officials, " << st.photos << " photos\n";
    return 0;
  }
  if (cmd.starts_with("user ")) return user_command(cmd, args);
  if (cmd == "desa add") {
    if (!args.has("kode") || !args.has("nama")) return usage_error("desa add needs --kode and --nama");
    auto conn = owner_connection(args);
    auto slug = balai::tenants::add_desa(*conn, args.get("kode"), args.get("nama"), args.get("slug"));
    std::cout << "added " << args.get("kode") << " as " << slug << "\n";
    return 0;
  }
  if (cmd == "desa list") {
    auto conn = owner_connection(args);
    auto rows = balai::tenants::list_desa(*conn, args.get("kecamatan"), args.get("status"));
    for (const auto& d : rows)
      std::printf("%-14s %-10s %-9s %-32s %-22s %s\n", d.kode.c_str(), d.status.c_str(), d.jenis.c_str(), d.slug.c_str(),
                  d.kecamatan.c_str(), d.nama.c_str());
    std::cout << rows.size() << " village(s)\n";
    return 0;
  }
  if (cmd == "desa show" || cmd == "desa suspend" || cmd == "desa resume" || cmd == "desa archive") {
    if (pos.size() != 3) return usage_error(cmd + " needs one DESA (slug, kode or id)");
    auto conn = owner_connection(args);
    if (cmd == "desa show") {
      auto d = balai::tenants::find_desa(*conn, pos[2]);
      if (!d) throw balai::tenants::UserError("desa '" + pos[2] + "' tidak ditemukan (no village with that slug, kode or id)");
      print_desa(*d);
      return 0;
    }
    std::string status = cmd == "desa suspend" ? "suspended" : cmd == "desa resume" ? "active" : "archived";
    balai::tenants::set_desa_status(*conn, pos[2], status);
    std::cout << pos[2] << " is now " << status << "\n";
    return 0;
  }
  if (cmd == "domain add") {
    if (pos.size() != 4) return usage_error("domain add needs HOSTNAME and DESA");
    auto conn = owner_connection(args);
    balai::tenants::add_domain(*conn, pos[2], pos[3], args.has("primary"));
    std::cout << "domain " << pos[2] << " now serves " << pos[3] << "\n";
    return 0;
  }
  if (cmd == "domain remove") {
    if (pos.size() != 3) return usage_error("domain remove needs HOSTNAME");
    auto conn = owner_connection(args);
    balai::tenants::remove_domain(*conn, pos[2]);
    std::cout << "domain " << pos[2] << " removed\n";
    return 0;
  }
  if (cmd == "domain list") {
    auto conn = owner_connection(args);
    auto rows = balai::tenants::list_domains(*conn, pos.size() > 2 ? pos[2] : "");
    for (const auto& d : rows) std::cout << d.hostname << "  " << d.desa_slug << (d.primary ? "  (utama)" : "") << "\n";
    return 0;
  }
  return usage_error("unknown command '" + cmd + "'");
}

}  // namespace

int main(int argc, char** argv) {
  // A PostgreSQL or client connection that goes away must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> raw(argv + 1, argv + argc);
  try {
    balai::media::init(argv[0]);
    balai::auth::init();
    return run_command(raw);
  } catch (const balai::tenants::UserError& e) {
    std::cerr << "balai: " << e.what() << "\n";
    return 1;
  } catch (const pqxx::broken_connection& e) {
    std::cerr << "balai: cannot reach the database: " << e.what() << "\n";
    return 1;
  } catch (const pqxx::sql_error& e) {
    std::cerr << "balai: database error (" << e.sqlstate() << "): " << e.what() << "\nnothing was changed\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "balai: " << e.what() << "\n";
    return 1;
  }
}
