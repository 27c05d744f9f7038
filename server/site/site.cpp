#include "server/site/site.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <pqxx/pqxx>
#include <regex>

#include "server/core/host.hpp"
#include "server/db/pool.hpp"
#include "server/media/media.hpp"
#include "server/site/village.hpp"

namespace balai::site {

using http::Request;
using http::Respond;
using http::Response;

namespace {

void security_headers(Response& r) {
  r.set("Referrer-Policy", "strict-origin-when-cross-origin");
  r.set("Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; connect-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'");
}

bool accepts_gzip(const std::string& accept_encoding) {
  // "gzip" listed and not refused with q=0.
  auto at = accept_encoding.find("gzip");
  if (at == std::string::npos) return false;
  auto rest = accept_encoding.substr(at + 4, 8);
  return rest.rfind(";q=0", 0) != 0 || rest.rfind(";q=0.", 0) == 0;
}

bool etag_matches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  if (if_none_match == "*") return true;
  return if_none_match.find(etag) != std::string::npos;
}

Response from_cache(const Request& req, const CachedPage& page) {
  Response r;
  r.content_type = page.content_type;
  r.set("ETag", page.etag);
  r.set("Last-Modified", page.last_modified);
  r.set("Cache-Control", "public, no-cache");
  r.set("Vary", "Accept-Encoding");
  security_headers(r);
  if (etag_matches(req.if_none_match, page.etag)) {
    r.status = 304;
    return r;
  }
  if (page.gzip && accepts_gzip(req.accept_encoding)) {
    r.set("Content-Encoding", "gzip");
    r.shared_body = page.gzip;
  } else {
    r.shared_body = page.body;
  }
  return r;
}

Response from_rendered(Rendered&& out) {
  Response r;
  r.status = out.status;
  r.content_type = out.content_type;
  if (!out.location.empty()) r.set("Location", out.location);
  bool cache_control = false;
  for (auto& [name, value] : out.headers) {
    cache_control |= name == "Cache-Control";
    r.set(std::move(name), std::move(value));
  }
  if (!cache_control) r.set("Cache-Control", "no-store");
  security_headers(r);
  r.body = std::move(out.body);
  return r;
}

}  // namespace

Site::Site(SiteConfig config, DirectoryStore& directory, db::Pool& pool)
    : config_(std::move(config)), directory_(directory), pool_(pool), cache_(config_.cache_bytes), challenger_(config_.secret),
      opendata_({config_.base_domain, config_.public_scheme, config_.time_zone}, pool_,
                [this](std::int64_t desa_id) { return generation_of(desa_id); }) {
  flusher_ = std::jthread([this](std::stop_token stop) {
    std::mutex m;
    std::unique_lock lock(m);
    while (!stop.stop_requested()) {
      flush_cv_.wait_for(lock, stop, std::chrono::seconds(10), [] { return false; });
      if (!stop.stop_requested()) flush_views();
    }
  });
}

Site::~Site() {
  flusher_.request_stop();
  if (flusher_.joinable()) flusher_.join();
}

namespace {
// Crawlers, monitors and scripts are not visitors.
bool is_bot(const std::string& ua) {
  if (ua.empty()) return true;
  std::string lower;
  for (char ch : ua) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (const char* word : {"bot", "crawl", "spider", "slurp", "curl", "wget", "python", "http-client", "java/", "go-http",
                           "headless", "lighthouse", "monitor", "facebookexternalhit", "whatsapp", "preview"})
    if (lower.find(word) != std::string::npos) return true;
  return false;
}
}  // namespace

void Site::count_view(std::int64_t desa_id, const Request& req) {
  if (req.method != "GET" || is_bot(req.user_agent) || req.path.size() > 200) return;
  if (req.path.ends_with(".xml") || req.path.ends_with(".txt") || req.path.starts_with("/dokumen/")) return;
  std::lock_guard lock(views_mutex_);
  auto& paths = views_[desa_id];
  auto [it, inserted] = paths.try_emplace(req.path, 0);
  if (inserted && ++view_keys_ > 100000) {  // bounded: a flood of distinct paths is not kept
    paths.erase(it);
    --view_keys_;
    return;
  }
  ++it->second;
}

void Site::flush_views() {
  std::unordered_map<std::int64_t, std::unordered_map<std::string, std::int64_t>> batch;
  std::unordered_map<std::int64_t, std::int64_t> errors;
  {
    std::lock_guard lock(views_mutex_);
    batch.swap(views_);
    errors.swap(errors_);
    view_keys_ = 0;
  }
  if (!errors.empty()) {
    pool_.submit([errors = std::move(errors), tz = config_.time_zone](pqxx::connection* conn) {
      if (!conn) return;
      try {
        pqxx::work tx(*conn);
        std::string values;
        for (const auto& [desa_id, n] : errors)
          values += (values.empty() ? "(" : ", (") + std::to_string(desa_id) + ", (now() AT TIME ZONE " + tx.quote(tz) + ")::date, " +
                    std::to_string(n) + ")";
        tx.exec("INSERT INTO desa_errors (desa_id, day, errors) SELECT v.* FROM (VALUES " + values +
                ") v (desa_id, day, errors) JOIN desa d ON d.id = v.desa_id"
                " ON CONFLICT (desa_id, day) DO UPDATE SET errors = desa_errors.errors + excluded.errors");
        tx.commit();
      } catch (const std::exception& e) {
        spdlog::warn("server error counts not saved: {}", e.what());
      }
    });
  }
  for (auto& [id, village_paths] : batch) {
    pool_.submit([desa_id = id, paths = std::move(village_paths), tz = config_.time_zone](pqxx::connection* conn) {
      if (!conn) return;  // the counts of this interval are lost; visitors are never slowed down for them
      try {
        db::with_tenant(*conn, desa_id, [&](pqxx::work& tx) {
          std::string values;
          for (const auto& [path, n] : paths)
            values += (values.empty() ? "(" : ", (") + std::to_string(desa_id) + ", (now() AT TIME ZONE " + tx.quote(tz) +
                      ")::date, " + tx.quote(path) + ", " + std::to_string(n) + ")";
          tx.exec("INSERT INTO page_views (desa_id, day, path, views) VALUES " + values +
                  " ON CONFLICT (desa_id, day, path) DO UPDATE SET views = page_views.views + excluded.views");
        });
      } catch (const std::exception& e) {
        spdlog::warn("desa {}: page views not saved: {}", desa_id, e.what());
      }
    });
  }
}

std::uint64_t Site::generation_of(std::int64_t desa_id) const {
  std::lock_guard lock(gen_mutex_);
  auto it = generations_.find(desa_id);
  return (epoch_ << 32) + (it == generations_.end() ? 0 : it->second);
}

void Site::content_changed(std::int64_t desa_id) {
  std::lock_guard lock(gen_mutex_);
  ++generations_[desa_id];
}

// Entries stay (a new epoch makes them stale): while the database is away
// they are what the site answers with.
void Site::invalidate_all() {
  std::lock_guard lock(gen_mutex_);
  ++epoch_;
}

// Notices (400, 404, 503...) are a handful of fixed pages: each is rendered
// once, so a flood of bad requests costs no template work on I/O threads.
Response Site::notice(int status, const char* title_key, const char* message_key, const std::string& home) const {
  std::string key = std::to_string(status) + "|" + title_key + "|" + message_key + "|" + home;
  std::shared_ptr<const std::string> body;
  {
    std::lock_guard lock(notices_mutex_);
    if (auto it = notices_.find(key); it != notices_.end()) body = it->second;
  }
  if (!body) {
    body = std::make_shared<const std::string>(render_notice(themes_, status, title_key, message_key, home).body);
    std::lock_guard lock(notices_mutex_);
    if (notices_.size() < 64) notices_.emplace(key, body);
  }
  Response r;
  r.status = status;
  r.set("Cache-Control", "no-store");
  security_headers(r);
  r.shared_body = std::move(body);
  return r;
}

void Site::handle(Request&& req, http::Context& ctx, Respond respond) {
  if (req.host_count != 1 || req.host.empty())
    return respond(notice(400, "bad_request_title", "bad_request_host", ""));
  auto dir = directory_.get();
  auto host = normalize_host(req.host);
  Resolution where;
  if (host) where = resolve_host(*dir, *host, config_.base_domain);
  if (where.target == Target::unknown) return respond(notice(404, "not_found_title", "portal_not_found", ""));
  // The open data API answers every method itself (JSON errors, CORS preflight).
  if (where.target == Target::portal) ctx.surface = http::Surface::portal;
  if (where.target == Target::portal && req.path.starts_with("/api/v1/")) {
    ctx.surface = http::Surface::opendata;
    return opendata_.handle(req, ctx, std::move(dir), std::move(respond));
  }
  if (req.method == "POST" && where.target == Target::village && where.desa->status == "active") {
    static const std::regex comment_path(R"(^/berita/[0-9]{4}/[0-9]{2}/[a-z0-9-]{1,120}/komentar$)");
    std::string kind = req.path == "/layanan/pengaduan" ? "pengaduan" : req.path == "/layanan/ppid" ? "ppid"
                     : std::regex_match(req.path, comment_path)   ? "komentar" : "";
    if (!kind.empty()) {
      ctx.desa_id = where.desa->id;
      return submit(req, ctx, *where.desa, dir, std::move(kind), std::move(respond));
    }
  }
  if (req.method != "GET" && req.method != "HEAD") {
    auto r = notice(405, "method_title", "method", "/");
    r.set("Allow", "GET, HEAD");
    return respond(std::move(r));
  }
  const std::string suffix = host_port_suffix(req.host);
  if (where.target == Target::redirect) {
    Response r;
    r.status = 301;
    r.set("Location", config_.public_scheme + "://" + where.redirect_host + suffix + req.target);
    r.content_type = "text/plain; charset=utf-8";
    return respond(std::move(r));
  }
  if (req.target.size() > 2048) return respond(notice(404, "not_found_title", "not_found", "/"));
  // Built only on a cache miss: the hit path does nothing but look up and write.
  auto page_request = [&](const DesaEntry* d) {
    PageRequest p{dir.get(), d, req.path, req.query, "", config_.public_scheme + "://" + config_.base_domain + suffix,
                  config_.time_zone, &challenger_};
    if (d) p.origin = config_.public_scheme + "://" + dir->primary_host(*d, config_.base_domain) + suffix;
    return p;
  };
  if (where.target == Target::portal) {
    if (req.path == "/healthz") return health(std::move(respond));
    std::string key = "portal|" + *host + suffix + "|" + req.target;
    std::uint64_t gen = (dir->version << 32) ^ generation_of(0);
    if (auto hit = cache_.get(key, gen)) return respond(from_cache(req, *hit));
    return serve_page(req, std::move(key), gen,
                      [this, page = page_request(nullptr), dir](pqxx::work& tx) { return render_portal(tx, themes_, page); }, 0,
                      std::move(respond));
  }
  const DesaEntry& d = *where.desa;
  ctx.desa_id = d.id;
  // An archived village stays readable (its forms are closed above); a suspended one shows why.
  if (d.status == "suspended") {
    Response r;
    r.status = 503;
    r.body = render_notice(themes_, 503, "suspended_title", "suspended", "", d.status_reason).body;
    r.set("Cache-Control", "no-store");
    r.set("Retry-After", "3600");
    security_headers(r);
    return respond(std::move(r));
  }
  // Server errors are counted per village for the console.
  respond = [this, id = d.id, inner = std::move(respond)](Response&& r) {
    if (r.status >= 500) {
      std::lock_guard lock(views_mutex_);
      if (errors_.size() < 100000) ++errors_[id];
    }
    inner(std::move(r));
  };
  if (req.path.starts_with("/media/")) {
    ctx.surface = http::Surface::media;
    return respond(media_file(req, d.id));
  }
  if (req.path.starts_with("/pratinjau/")) {
    // A preview link from the admin: checked here, rendered uncached, never counted.
    std::string id_text = req.path.substr(11);
    std::int64_t post = id_text.size() <= 18 && !id_text.empty() && id_text.find_first_not_of("0123456789") == std::string::npos ? std::stoll(id_text) : 0;
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (!post || !preview_valid(config_.secret, d.id, post, query_param(req.query, "t"), now)) {
      auto r = notice(403, "preview_title", "preview_expired", "/");
      return respond(std::move(r));
    }
    auto page = page_request(&d);
    page.preview_post = post;
    page.path = "/pratinjau";
    return serve_page(req, "", 0, [this, page, dir](pqxx::work& tx) { return render_village(tx, themes_, page); }, d.id, std::move(respond));
  }
  std::string key = std::to_string(d.id) + "|" + *host + suffix + "|" + req.target;
  std::uint64_t gen = (dir->version << 40) ^ generation_of(d.id);
  count_view(d.id, req);
  if (auto hit = cache_.get(key, gen)) return respond(from_cache(req, *hit));
  // The page request points into `dir`, which the job keeps alive.
  serve_page(req, std::move(key), gen,
             [this, page = page_request(&d), dir](pqxx::work& tx) { return render_village(tx, themes_, page); }, d.id,
             std::move(respond));
}

// Images: the path names a file under this village's own folder or nothing.
// Names are content hashes, so a file never changes: cached for a year.
Response Site::media_file(const Request& req, std::int64_t desa_id) const {
  auto path = media::file_for(config_.media_dir, desa_id, req.path);
  std::string body = media::read_stored(path);
  if (body.empty()) return notice(404, "not_found_title", "not_found", "/");
  Response r;
  std::string etag = "\"" + path.filename().string() + "\"";
  r.set("Cache-Control", "public, max-age=31536000, immutable");
  r.set("ETag", etag);
  r.set("X-Content-Type-Options", "nosniff");
  r.content_type = media::content_type(req.path);
  if (req.if_none_match == etag) {
    r.status = 304;
    return r;
  }
  r.body = std::move(body);
  return r;
}

void Site::serve_page(const Request& req, std::string key, std::uint64_t generation,
                      std::function<Rendered(pqxx::work&)> render, std::int64_t desa_id, Respond respond) {
  // Only what the answer needs travels to the worker.
  Request slim;
  slim.if_none_match = req.if_none_match;
  slim.accept_encoding = req.accept_encoding;
  // Stale-if-error: when the database cannot be reached (no connection, a
  // connection lost, every worker busy), the last rendering of the page from
  // the past day is better than an error page. Any other failure is an error.
  auto stale_or = [this](const Request& r, const std::string& key, Response fallback) {
    if (!key.empty())
      if (auto old = cache_.get_stale(key, std::chrono::hours(24))) {
        Response res = from_cache(r, *old);
        res.set("Warning", "110 - \"Response is Stale\"");
        return res;
      }
    return fallback;
  };
  auto busy = [this] {
    auto r = notice(503, "busy_title", "busy", "");
    r.set("Retry-After", "2");
    return r;
  };
  bool queued = pool_.submit([this, slim, key, generation, render = std::move(render), desa_id, respond, stale_or,
                              busy](pqxx::connection* conn) {
    if (!conn) return respond(stale_or(slim, key, busy()));
    try {
      Rendered out = desa_id ? db::with_tenant(*conn, desa_id, render) : [&] {
        pqxx::work tx(*conn);
        tx.exec("SET LOCAL statement_timeout = 5000");
        auto r = render(tx);
        tx.commit();
        return r;
      }();
      if (out.status != 200 || !out.cacheable) {
        Response r = from_rendered(std::move(out));
        if (r.status == 503) r.set("Retry-After", "2");
        return respond(std::move(r));
      }
      auto page = make_page(std::move(out.body), std::move(out.content_type), generation, out.valid_until);
      cache_.put(key, page);
      respond(from_cache(slim, *page));
    } catch (const pqxx::broken_connection& e) {
      spdlog::warn("desa {}: database connection lost: {}", desa_id, e.what());
      respond(stale_or(slim, key, busy()));
    } catch (const pqxx::sql_error& e) {
      // Class 08 (connection exception) and 57P (the server shutting down) are the database going away.
      const std::string state = e.sqlstate();
      bool away = state.starts_with("08") || state.starts_with("57P");
      spdlog::log(away ? spdlog::level::warn : spdlog::level::err, "desa {}: page failed: {}", desa_id, e.what());
      respond(away ? stale_or(slim, key, busy()) : notice(500, "error_title", "error", "/"));
    } catch (const std::exception& e) {
      spdlog::error("desa {}: page failed: {}", desa_id, e.what());
      respond(notice(500, "error_title", "error", "/"));
    }
  });
  if (!queued) respond(stale_or(slim, key, busy()));
}

void Site::submit(const Request& req, const http::Context& ctx, const DesaEntry& d, std::shared_ptr<const Directory> dir,
                  std::string kind, Respond respond) {
  const std::string suffix = host_port_suffix(req.host);
  const std::string origin = config_.public_scheme + "://" + dir->primary_host(d, config_.base_domain) + suffix;
  // A form posted from another site is refused; browsers always send Origin on POST.
  auto norm = normalize_host(req.host);
  if (!req.origin.empty() && req.origin != config_.public_scheme + "://" + (norm ? *norm : std::string()) + suffix && req.origin != origin)
    return respond(notice(403, "error_title", "error", "/"));
  if (req.content_type.rfind("application/x-www-form-urlencoded", 0) != 0)
    return respond(notice(415, "error_title", "error", "/"));
  auto form = parse_form(req.body);
  auto sub = std::make_shared<Submission>(validate_submission(form, kind != "komentar", kind == "komentar" ? 2000 : 4000));
  SubmitRequest s{kind, sub.get(), challenger_.verify(form["tantangan"], form["jawaban"], std::chrono::system_clock::now()),
                  limiter_.allow(ctx.client_ip, std::chrono::steady_clock::now()), challenger_.client_hash(ctx.client_ip)};
  PageRequest page{dir.get(), &d, req.path, "", origin, config_.public_scheme + "://" + config_.base_domain + suffix,
                   config_.time_zone, &challenger_};
  bool queued = pool_.submit([this, page, s, sub, dir, respond](pqxx::connection* conn) {
    if (!conn) return respond(notice(503, "busy_title", "busy", ""));
    try {
      respond(from_rendered(db::with_tenant(*conn, page.desa->id, [&](pqxx::work& tx) { return render_submit(tx, themes_, page, s); })));
    } catch (const std::exception& e) {
      spdlog::error("desa {}: submission failed: {}", page.desa->id, e.what());
      respond(notice(500, "error_title", "error", "/"));
    }
  });
  if (!queued) respond(notice(503, "busy_title", "busy", ""));
}

void Site::health(Respond respond) {
  bool queued = pool_.submit([respond](pqxx::connection* conn) {
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.set("Cache-Control", "no-store");
    try {
      if (!conn) throw std::runtime_error("no connection");
      pqxx::nontransaction tx(*conn);
      tx.exec("SELECT 1");
      r.body = "ok\n";
    } catch (const std::exception&) {
      r.status = 503;
      r.body = "database unavailable\n";
    }
    respond(std::move(r));
  });
  if (!queued) {
    Response r;
    r.status = 503;
    r.set("Retry-After", "2");
    respond(std::move(r));
  }
}

}  // namespace balai::site
