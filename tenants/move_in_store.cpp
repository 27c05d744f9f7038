#include "tenants/move_in_store.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <mutex>
#include <set>
#include <sstream>

#include "server/content/richtext.hpp"
#include "server/content/scan.hpp"
#include "server/media/media.hpp"
#include "server/site/moderation.hpp"

namespace balai::tenants {

using nlohmann::json;

namespace {

std::size_t collect(char* data, std::size_t size, std::size_t n, void* out) {
  auto* s = static_cast<std::string*>(out);
  if (s->size() + size * n > media::kMaxUploadBytes) return 0;  // aborts the transfer
  s->append(data, size * n);
  return size * n;
}

// A free slug: `want`, or want-2, want-3... not in `taken` (and then taken).
std::string free_slug(std::string want, std::set<std::string>& taken, std::size_t max_len) {
  if (want.empty()) want = "tanpa-judul";
  if (want.size() > max_len) want.resize(max_len);
  while (!want.empty() && want.back() == '-') want.pop_back();
  std::string slug = want;
  for (int n = 2; taken.count(slug); ++n) {
    std::string suffix = "-" + std::to_string(n);
    std::string base = want.substr(0, max_len - suffix.size());
    while (!base.empty() && base.back() == '-') base.pop_back();
    slug = base + suffix;
  }
  taken.insert(slug);
  return slug;
}

std::set<std::string> slugs_of(pqxx::work& tx, const char* table, std::int64_t desa_id) {
  std::set<std::string> out;
  for (const auto& r : tx.exec_params(std::string("SELECT slug FROM ") + table + " WHERE desa_id = $1", desa_id)) out.insert(r[0].as<std::string>());
  return out;
}

// Replaces image sources in a document: each `ref` the map knows becomes the stored URL.
void replace_sources(json& node, const std::map<std::string, std::string>& stored) {
  if (node.is_object()) {
    if (node.value("type", "") == "image" && node.contains("attrs") && node["attrs"].is_object() && node["attrs"].contains("src") &&
        node["attrs"]["src"].is_string()) {
      auto it = stored.find(node["attrs"]["src"].get<std::string>());
      if (it != stored.end()) node["attrs"]["src"] = it->second;
    }
    if (node.contains("content")) replace_sources(node["content"], stored);
  } else if (node.is_array()) {
    for (auto& child : node) replace_sources(child, stored);
  }
}

// Drops image nodes whose source was not stored (a broken picture helps nobody).
void drop_unstored(json& node, const std::set<std::string>& missing) {
  if (!node.is_object() || !node.contains("content") || !node["content"].is_array()) return;
  json kept = json::array();
  for (auto& child : node["content"]) {
    if (child.is_object() && child.value("type", "") == "image" && child.contains("attrs") && child["attrs"].is_object() &&
        child["attrs"].contains("src") && child["attrs"]["src"].is_string() && missing.count(child["attrs"]["src"].get<std::string>()))
      continue;
    drop_unstored(child, missing);
    kept.push_back(std::move(child));
  }
  node["content"] = std::move(kept);
}

// Loopback, private, link-local (cloud metadata), carrier-grade NAT,
// unspecified and multicast addresses: not fetched on an export's say-so.
bool internal_address(const sockaddr* sa) {
  if (sa->sa_family == AF_INET) {
    std::uint32_t a = ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr);
    auto in = [a](std::uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
    return in(0x00000000, 8) || in(0x0A000000, 8) || in(0x7F000000, 8) || in(0xA9FE0000, 16) || in(0xAC100000, 12) ||
           in(0xC0A80000, 16) || in(0x64400000, 10) || in(0xE0000000, 4) || a == 0xFFFFFFFF;
  }
  if (sa->sa_family == AF_INET6) {
    const auto& b = reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr.s6_addr;
    static const unsigned char zero[15] = {};
    if (std::memcmp(b, zero, 15) == 0) return true;                       // :: and ::1
    if ((b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) || b[0] == 0xFF) return true;  // fc00::/7, fe80::/10, ff00::/8
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::memcmp(b, mapped, 12) == 0) {
      sockaddr_in v4{};
      v4.sin_family = AF_INET;
      std::memcpy(&v4.sin_addr, b + 12, 4);
      return internal_address(reinterpret_cast<const sockaddr*>(&v4));
    }
    return false;
  }
  return true;
}

curl_socket_t open_public_only(void*, curlsocktype, curl_sockaddr* address) {
  if (internal_address(&address->addr)) return CURL_SOCKET_BAD;
  return ::socket(address->family, address->socktype, address->protocol);
}

}  // namespace

PictureFetcher http_fetcher(bool allow_internal) {
  return [allow_internal](const std::string& url, std::string& why) -> std::optional<std::string> {
    if (!url.starts_with("http://") && !url.starts_with("https://")) {
      why = "alamat gambar bukan http(s)";
      return std::nullopt;
    }
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    CURL* curl = curl_easy_init();
    if (!curl) {
      why = "curl tidak tersedia";
      return std::nullopt;
    }
    std::string body;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "Balai/0.1 (pindahan situs desa)");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    if (!allow_internal) curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, &open_public_only);
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) {
      why = rc == CURLE_WRITE_ERROR           ? std::string("gambar lebih dari 20 MB")
            : rc == CURLE_COULDNT_CONNECT && !allow_internal ? std::string("tidak dapat diunduh (alamat jaringan internal tidak diunduh tanpa --allow-internal-fetch, atau server tidak menjawab)")
                                                   : std::string("tidak dapat diunduh: ") + curl_easy_strerror(rc);
      return std::nullopt;
    }
    if (status != 200) {
      why = "situs lama menjawab HTTP " + std::to_string(status);
      return std::nullopt;
    }
    return body;
  };
}

MoveInReport store_move_in(pqxx::connection& owner, std::int64_t desa_id, const MoveIn& data, const MoveInOptions& options) {
  MoveInReport report;
  report.source = data.source;
  report.skipped = data.skipped;
  report.notes = data.notes;

  // Pictures first, each once: files are named by content, so one stored
  // twice costs nothing, and a rolled-back import leaves only unused files.
  std::map<std::string, media::Stored> pictures;  // ref -> stored
  std::set<std::string> missing;
  auto picture = [&](const MoveInImage& img, const std::string& owner_title) {
    if (pictures.count(img.ref) || missing.count(img.ref)) return;
    std::optional<std::string> bytes;
    std::string why;
    if (data.source == "opensid") {
      if (auto file = find_opensid_image(options.archive, img.ref)) bytes = options.archive.at(*file);
      else why = options.archive.empty() ? "arsip folder desa/ tidak diberikan" : "tidak ada di arsip folder desa/";
    } else if (options.fetch) {
      bytes = options.fetch(img.ref, why);
    } else {
      why = "gambar dari alamat web tidak diunduh";
    }
    if (bytes && !options.dry_run) {
      try {
        pictures[img.ref] = media::ingest(options.media_dir, desa_id, *bytes);
        return;
      } catch (const media::Rejected& e) {
        why = e.what();
      }
    } else if (bytes) {
      pictures[img.ref] = media::Stored{std::string(32, '0'), 1280, 0, 0};
      return;
    }
    missing.insert(img.ref);
    report.skipped.push_back({"Gambar " + img.ref + " (" + owner_title + ")", why});
  };
  for (const auto& p : data.posts) {
    if (p.cover) picture(*p.cover, p.title);
    for (const auto& i : p.images) picture(i, p.title);
  }
  for (const auto& p : data.pages)
    for (const auto& i : p.images) picture(i, p.title);
  report.pictures = pictures.size();
  report.pictures_missing = missing.size();
  std::map<std::string, std::string> urls;
  for (const auto& [ref, st] : pictures) urls[ref] = media::url(st.key, st.width, 1280);

  pqxx::work tx(owner);
  tx.exec("SET LOCAL statement_timeout = 0");

  for (const auto& [ref, st] : pictures) {
    if (options.dry_run) break;
    tx.exec_params("INSERT INTO media (desa_id, key, width, height, bytes, alt) VALUES ($1, $2, $3, $4, $5, '') ON CONFLICT (desa_id, key) DO NOTHING",
                   desa_id, st.key, st.width, st.height, st.bytes);
  }

  std::map<std::string, std::int64_t> category_ids;
  for (const auto& c : data.categories) {
    auto found = tx.exec_params("SELECT id FROM categories WHERE desa_id = $1 AND (slug = $2 OR lower(nama) = lower($3))", desa_id, c.slug, c.nama);
    if (!found.empty()) {
      category_ids[c.slug] = found[0][0].as<std::int64_t>();
      ++report.categories_reused;
      continue;
    }
    category_ids[c.slug] = tx.exec_params("INSERT INTO categories (desa_id, slug, nama) VALUES ($1, $2, $3) RETURNING id", desa_id, c.slug, c.nama)[0][0]
                               .as<std::int64_t>();
    ++report.categories_new;
  }

  // The document with stored pictures, its text, and a hold when published
  // text looks like gambling spam (left on a defaced old site): such an item
  // waits in Diskominfo's review queue like one written in Balai would.
  struct Prepared {
    std::string doc, plain;
    std::optional<site::Hold> hold;
  };
  auto prepare = [&](const std::string& doc_json, const std::string& title, bool publish) {
    json doc = json::parse(doc_json, nullptr, false);
    if (doc.is_discarded()) doc = json{{"type", "doc"}, {"content", json::array()}};
    drop_unstored(doc, missing);
    replace_sources(doc, urls);
    Prepared out{doc.dump(-1, ' ', false, json::error_handler_t::replace), "", std::nullopt};
    out.plain = content::render_richtext(out.doc).plain;
    if (publish) {
      content::ScanInput in;
      in.text = title + "\n" + out.plain;
      content::collect_richtext(out.doc, in);
      out.hold = site::scan_public_text(tx, desa_id, in);
      if (out.hold) {
        ++report.held;
        report.notes.push_back({title, "Ditahan untuk diperiksa Diskominfo, tidak diterbitkan: " + site::hold_reason(*out.hold)});
      }
    }
    return out;
  };

  auto post_slugs = slugs_of(tx, "posts", desa_id);
  for (const auto& p : data.posts) {
    auto prepared = prepare(p.body_doc_json, p.title, p.published);
    std::string slug = free_slug(p.slug, post_slugs, 120);
    if (slug != p.slug) report.notes.push_back({p.title, "Alamat (slug) sudah dipakai di desa ini, menjadi " + slug});
    std::string excerpt = p.excerpt.empty() ? content::excerpt(prepared.plain, 300) : p.excerpt;
    std::optional<std::string> cover;
    if (p.cover && pictures.count(p.cover->ref)) cover = pictures[p.cover->ref].key;
    std::optional<std::int64_t> category;
    if (auto it = category_ids.find(p.category_slug); it != category_ids.end()) category = it->second;
    std::optional<std::string> when;
    if (!p.published_at.empty()) when = p.published_at;
    std::string status = prepared.hold ? "held" : p.published ? "published" : "draft";
    // The parser bounds author and alt text in characters; they are stored as they are.
    auto r = tx.exec_params(
        "INSERT INTO posts (desa_id, kind, category_id, slug, title, excerpt, body, body_text, author_name, status, published_at, cover, cover_alt,"
        " created_at, updated_at)"
        " VALUES ($1, 'berita', $2, $3, $4, $5, $6::jsonb, $7, $8,"
        "  CASE WHEN $9 = 'published' AND $10::timestamptz > now() THEN 'scheduled' ELSE $9 END,"
        "  CASE WHEN $9 = 'draft' THEN NULL ELSE coalesce($10::timestamptz, now()) END, $11, $12,"
        "  least(now(), coalesce($10::timestamptz, now())), least(now(), coalesce($10::timestamptz, now())))"
        " RETURNING id, status",
        desa_id, category, slug, p.title, excerpt, prepared.doc, prepared.plain, p.author, status, when, cover,
        p.cover ? p.cover->alt : std::string());
    if (prepared.hold)
      site::record_hold(tx, desa_id, "berita", r[0][0].as<std::int64_t>(), p.title, prepared.plain, *prepared.hold, 0, "published");
    if (r[0][1].as<std::string>() == "draft") ++report.drafts;
    ++report.posts;
  }

  auto page_slugs = slugs_of(tx, "pages", desa_id);
  for (const auto& p : data.pages) {
    auto prepared = prepare(p.body_doc_json, p.title, p.published);
    std::string slug = free_slug(p.slug, page_slugs, 100);
    if (slug != p.slug) report.notes.push_back({p.title, "Alamat halaman sudah dipakai di desa ini, menjadi " + slug});
    std::optional<std::string> when;
    if (!p.published_at.empty()) when = p.published_at;
    // A held page stays a draft until Diskominfo releases it.
    bool publish = p.published && !prepared.hold;
    auto r = tx.exec_params("INSERT INTO pages (desa_id, slug, title, body, body_text, status, published_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6,"
                            " CASE WHEN $6 = 'published' THEN coalesce($7::timestamptz, now()) END) RETURNING id",
                            desa_id, slug, p.title, prepared.doc, prepared.plain, publish ? "published" : "draft", when);
    if (prepared.hold)
      site::record_hold(tx, desa_id, "halaman", r[0][0].as<std::int64_t>(), p.title, prepared.plain, *prepared.hold, 0, "published");
    ++report.pages;
  }

  for (const auto& a : data.agenda) {
    std::optional<std::string> ends;
    if (!a.ends_at.empty()) ends = a.ends_at;
    if (ends && !tx.exec_params("SELECT 1 WHERE $1::timestamptz < $2::timestamptz", *ends, a.starts_at).empty()) {
      report.notes.push_back({a.title, "Waktu selesai sebelum waktu mulai di situs lama: waktu selesai dikosongkan."});
      ends.reset();
    }
    tx.exec_params("INSERT INTO agenda (desa_id, title, starts_at, ends_at, place, organiser, description, status)"
                   " VALUES ($1, $2, $3::timestamptz, $4::timestamptz, $5, $6, $7, $8)",
                   desa_id, a.title, a.starts_at, ends, a.place, a.organiser, a.description, a.published ? "published" : "draft");
    ++report.agenda;
  }

  if (!options.dry_run) {
    tx.exec_params("INSERT INTO audit_log (desa_id, actor, action, object, object_id, detail) VALUES ($1, 'balai-cli', 'pindahan.impor', 'desa', $1, $2::jsonb)",
                   desa_id, json{{"sumber", data.source}, {"berita", report.posts}, {"halaman", report.pages}, {"agenda", report.agenda},
                                 {"gambar", report.pictures}}.dump());
    tx.commit();
  }
  return report;
}

std::string format_report(const MoveInReport& r) {
  std::ostringstream out;
  const char* from = r.source == "opensid" ? "OpenSID" : r.source == "wordpress" ? "WordPress" : "umpan RSS/Atom";
  out << "Dari " << from << ":\n"
      << "  berita:   " << r.posts << " (" << r.drafts << " sebagai draf)\n"
      << "  halaman:  " << r.pages << "\n"
      << "  agenda:   " << r.agenda << "\n"
      << "  kategori: " << r.categories_new << " baru, " << r.categories_reused << " sudah ada\n"
      << "  gambar:   " << r.pictures << " tersimpan, " << r.pictures_missing << " tidak\n";
  if (r.held) out << "  ditahan:  " << r.held << " tulisan terindikasi judi online/spam, menunggu pemeriksaan Diskominfo\n";
  if (!r.notes.empty()) {
    out << "\nMasuk dengan perubahan (" << r.notes.size() << "):\n";
    for (const auto& n : r.notes) out << "  - " << n.what << ": " << n.reason << "\n";
  }
  if (!r.skipped.empty()) {
    out << "\nTidak masuk (" << r.skipped.size() << "):\n";
    for (const auto& s : r.skipped) out << "  - " << s.what << ": " << s.reason << "\n";
  }
  return out.str();
}

}  // namespace balai::tenants
