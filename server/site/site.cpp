#include "server/site/site.hpp"

#include <spdlog/spdlog.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "server/core/host.hpp"
#include "server/db/pool.hpp"
#include "server/site/messages.hpp"
#include "server/site/pages.hpp"

namespace balai::site {

using http::Request;
using http::Respond;
using http::Response;

namespace {

Response html(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set("Cache-Control", status == 200 ? "public, max-age=30" : "no-store");
  r.set("Referrer-Policy", "strict-origin-when-cross-origin");
  r.set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
  return r;
}

Response notice(int status, std::string_view title, std::string_view message) {
  return html(status, render_notice(title, message));
}

Response busy() {
  auto r = notice(503, msg::busy_title, msg::busy);
  r.set("Retry-After", "2");
  return r;
}

bool valid_slug(std::string_view s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

// Paragraph texts of a stored document (the full renderer comes with themes).
std::vector<std::string> paragraphs_of(const std::string& json_text) {
  std::vector<std::string> out;
  auto doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return out;
  auto content = doc.find("content");
  if (content == doc.end() || !content->is_array()) return out;
  for (const auto& node : *content)
    if (node.is_object() && node.value("type", "") == "paragraph" && node.contains("text") && node["text"].is_string())
      out.push_back(node["text"].get<std::string>());
  return out;
}

}  // namespace

Site::Site(SiteConfig config, DirectoryStore& directory, db::Pool& pool)
    : config_(std::move(config)), directory_(directory), pool_(pool) {}

std::uint64_t Site::generation_of(std::int64_t desa_id) const {
  auto it = generations_.find(desa_id);
  return (epoch_ << 32) + (it == generations_.end() ? 0 : it->second);
}

void Site::content_changed(std::int64_t desa_id) {
  std::unique_lock lock(mutex_);
  ++generations_[desa_id];
}

void Site::invalidate_all() {
  std::unique_lock lock(mutex_);
  ++epoch_;
  cache_.clear();
}

std::shared_ptr<const std::string> Site::cache_get(const std::string& key, std::uint64_t generation) const {
  std::shared_lock lock(mutex_);
  auto it = cache_.find(key);
  if (it == cache_.end() || it->second.generation != generation) return nullptr;
  return it->second.body;
}

void Site::cache_put(const std::string& key, std::uint64_t generation, std::shared_ptr<const std::string> body) {
  std::unique_lock lock(mutex_);
  if (cache_.size() >= config_.cache_entries) cache_.clear();  // crude bound; pages render again on demand
  cache_[key] = CacheEntry{generation, std::move(body)};
}

void Site::handle(Request&& req, http::Context& ctx, Respond respond) {
  if (req.host_count != 1 || req.host.empty())
    return respond(notice(400, msg::bad_request_title, msg::bad_request_host));
  auto dir = directory_.get();
  auto host = normalize_host(req.host);
  Resolution where;
  if (host) where = resolve_host(*dir, *host, config_.base_domain);
  if (where.target == Target::unknown) return respond(notice(404, msg::not_found_title, msg::not_found));
  if (req.method != "GET" && req.method != "HEAD") {
    auto r = notice(405, msg::method_title, msg::method);
    r.set("Allow", "GET, HEAD");
    return respond(std::move(r));
  }
  const std::string suffix = host_port_suffix(req.host);
  if (where.target == Target::redirect) {
    Response r;
    r.status = 301;
    r.set("Location", "//" + where.redirect_host + suffix + req.target);
    r.content_type = "text/plain; charset=utf-8";
    return respond(std::move(r));
  }
  if (where.target == Target::portal) {
    if (req.path == "/healthz") return health(std::move(respond));
    if (req.path != "/") return respond(notice(404, msg::not_found_title, msg::not_found));
    std::uint64_t gen = (dir->version << 1);
    std::string key = "portal|" + suffix;
    auto body = cache_get(key, gen);
    if (!body) {
      body = std::make_shared<const std::string>(render_portal(*dir, config_.base_domain, suffix));
      cache_put(key, gen, body);
    }
    Response r = html(200, {});
    r.shared_body = std::move(body);
    return respond(std::move(r));
  }
  // A village.
  const DesaEntry& d = *where.desa;
  ctx.desa_id = d.id;
  if (d.status == "archived") return respond(notice(404, msg::not_found_title, msg::not_found));
  if (d.status == "suspended") {
    auto r = notice(503, msg::suspended_title, msg::suspended);
    r.set("Retry-After", "3600");
    return respond(std::move(r));
  }
  if (req.path == "/") return village_home(req, std::move(dir), d, std::move(respond));
  if (req.path.starts_with("/halaman/")) {
    std::string slug = req.path.substr(9);
    if (valid_slug(slug)) return village_page(req, std::move(dir), d, std::move(slug), std::move(respond));
  }
  return respond(notice(404, msg::not_found_title, msg::not_found));
}

void Site::village_home(const Request& req, std::shared_ptr<const Directory> dir, const DesaEntry& d, Respond respond) {
  const std::string suffix = host_port_suffix(req.host);
  std::string key = std::to_string(d.id) + "|" + *normalize_host(req.host) + suffix + "|/";
  std::uint64_t gen;
  {
    std::shared_lock lock(mutex_);
    gen = generation_of(d.id) ^ (dir->version << 40);
  }
  if (auto body = cache_get(key, gen)) {
    Response r = html(200, {});
    r.shared_body = std::move(body);
    return respond(std::move(r));
  }
  const DesaEntry* entry = &d;  // stays valid: `dir` is kept alive by the job
  bool queued = pool_.submit([this, dir, entry, key, gen, suffix, respond](pqxx::connection* conn) {
    if (!conn) return respond(busy());
    try {
      VillageHome home = db::with_tenant(*conn, entry->id, [&](pqxx::work& tx) {
        VillageHome h;
        auto s = tx.exec_params("SELECT tagline FROM site_settings WHERE desa_id = $1", entry->id);
        if (!s.empty()) h.tagline = s[0][0].as<std::string>();
        for (const auto& row : tx.exec_params(
                 "SELECT slug, title FROM pages WHERE desa_id = $1 AND status = 'published'"
                 " AND published_at <= now() ORDER BY title LIMIT 50",
                 entry->id))
          h.pages.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
        return h;
      });
      auto body = std::make_shared<const std::string>(render_village_home(*dir, *entry, home, config_.base_domain, suffix));
      cache_put(key, gen, body);
      Response r = html(200, {});
      r.shared_body = std::move(body);
      respond(std::move(r));
    } catch (const pqxx::broken_connection& e) {
      spdlog::warn("desa {}: database connection lost: {}", entry->id, e.what());
      respond(busy());
    } catch (const std::exception& e) {
      spdlog::error("desa {}: home page failed: {}", entry->id, e.what());
      respond(notice(500, msg::error_title, msg::error));
    }
  });
  if (!queued) respond(busy());
}

void Site::village_page(const Request& req, std::shared_ptr<const Directory> dir, const DesaEntry& d, std::string slug,
                        Respond respond) {
  const std::string suffix = host_port_suffix(req.host);
  const DesaEntry* entry = &d;
  bool queued = pool_.submit([this, dir, entry, slug, suffix, respond](pqxx::connection* conn) {
    if (!conn) return respond(busy());
    try {
      auto row = db::with_tenant(*conn, entry->id, [&](pqxx::work& tx) {
        return tx.exec_params(
            "SELECT title, body::text FROM pages WHERE desa_id = $1 AND slug = $2"
            " AND status = 'published' AND published_at <= now()",
            entry->id, slug);
      });
      if (row.empty()) return respond(notice(404, msg::not_found_title, msg::not_found));
      respond(html(200, render_village_page(*dir, *entry, row[0][0].as<std::string>(),
                                            paragraphs_of(row[0][1].as<std::string>()), config_.base_domain, suffix)));
    } catch (const pqxx::broken_connection& e) {
      spdlog::warn("desa {}: database connection lost: {}", entry->id, e.what());
      respond(busy());
    } catch (const std::exception& e) {
      spdlog::error("desa {}: page failed: {}", entry->id, e.what());
      respond(notice(500, msg::error_title, msg::error));
    }
  });
  if (!queued) respond(busy());
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
  if (!queued) respond(busy());
}

}  // namespace balai::site
