#include "server/site/village.hpp"
#include "server/site/moderation.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <tuple>
#include <pqxx/pqxx>

#include "server/content/richtext.hpp"
#include "server/core/text.hpp"
#include "server/media/media.hpp"
#include "server/site/charts.hpp"
#include "server/site/forms.hpp"
#include "server/site/theme.hpp"

namespace balai::site {

namespace {
// "http://blumah.localhost:8080" -> "blumah.localhost"
std::string own_host(const std::string& origin) {
  auto start = origin.find("//");
  std::string h = start == std::string::npos ? origin : origin.substr(start + 2);
  if (auto colon = h.rfind(':'); colon != std::string::npos && h.find(']') == std::string::npos) h.resize(colon);
  return h;
}
}  // namespace

using nlohmann::json;
using clock = std::chrono::system_clock;

namespace {

constexpr int kPerPage = 10;
const char* const kBulan[] = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
                              "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};

// SQL fragment giving a timestamp's local parts: year, month, day, hour, minute, ISO text.
std::string local_parts(const std::string& column, const std::string& tz_quoted) {
  return "to_char(" + column + " AT TIME ZONE " + tz_quoted + ", 'YYYY MM DD HH24 MI') AS " + "lp_" +
         std::to_string(std::hash<std::string>{}(column) % 1000) + ", to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
}

struct Local {
  std::string y, m, d, hh, mi, iso;
};
Local parse_local(const pqxx::field& parts, const pqxx::field& iso) {
  Local l;
  if (parts.is_null()) return l;
  std::string s = parts.as<std::string>();
  if (s.size() >= 16) l = {s.substr(0, 4), s.substr(5, 2), s.substr(8, 2), s.substr(11, 2), s.substr(14, 2), ""};
  l.iso = iso.is_null() ? "" : iso.as<std::string>();
  return l;
}
std::string tanggal(const Local& l) {
  if (l.m.empty()) return "";
  int month = std::stoi(l.m);
  return std::to_string(std::stoi(l.d)) + " " + kBulan[month - 1] + " " + l.y;
}

bool valid_slug(std::string_view s, std::size_t max = 120) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

bool all_digits(std::string_view s, std::size_t n) {
  return s.size() == n && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string label_of(const DesaEntry& d) { return (d.jenis == "kelurahan" ? "Kelurahan " : "Desa ") + d.nama; }

// JSON for a <script type="application/ld+json"> element: no character that
// the HTML parser acts on inside script data is left unescaped.
std::string ld_json(const json& j) {
  std::string out;
  for (char ch : j.dump()) {
    if (ch == '<') out += "\\u003c";
    else if (ch == '>') out += "\\u003e";
    else if (ch == '&') out += "\\u0026";
    else out += ch;
  }
  return out;
}

// An <img> description for a media key: responsive widths, intrinsic size, alt text.
json image(const std::string& key, int width, int height, const std::string& alt, const char* sizes, int want = 640) {
  if (!media::valid_key(key) || width <= 0 || height <= 0) return nullptr;
  return {{"src", media::url(key, width, want)}, {"srcset", media::srcset(key, width)}, {"sizes", sizes},
          {"width", width}, {"height", height}, {"alt", alt}, {"preview", media::preview_url(key)}};
}

struct Ctx {
  Ctx(pqxx::work& t, const Themes& th, const PageRequest& r) : tx(t), themes(th), req(r), tz(t.quote(r.time_zone)) {}
  pqxx::work& tx;
  const Themes& themes;
  const PageRequest& req;
  std::string tz;  // quoted
  std::int64_t id = 0;
  json site;
  std::string theme = Themes::kDefault;
  clock::time_point valid_until = clock::time_point::max();
};

json base_site(Ctx& c) {
  const auto& d = *c.req.desa;
  const auto& kec = c.req.dir->kecamatan[d.kecamatan];
  json s;
  s["label"] = label_of(d);
  s["nama"] = d.nama;
  s["kode"] = d.kode;
  s["jenis_label"] = d.jenis == "kelurahan" ? "Kelurahan" : "Desa";
  s["kecamatan"] = kec.nama;
  s["kabupaten"] = c.req.dir->kabupaten_nama;
  s["subtitle"] = "Kecamatan " + kec.nama + (c.req.dir->kabupaten_nama.empty() ? "" : ", " + c.req.dir->kabupaten_nama);
  s["portal_url"] = c.req.portal_origin + "/";
  s["portal_name"] = c.themes.text("portal_title") + (c.req.dir->kabupaten_nama.empty() ? "" : " " + c.req.dir->kabupaten_nama);
  s["feed"] = true;
  s["warna"] = "#0b6e4f";
  auto st = c.tx.exec_params("SELECT tagline, theme, settings::text FROM site_settings WHERE desa_id = $1", c.id);
  if (!st.empty()) {
    s["tagline"] = st[0][0].as<std::string>();
    c.theme = st[0][1].as<std::string>();
    auto settings = json::parse(st[0][2].as<std::string>(), nullptr, false);
    if (settings.is_object() && settings.contains("warna") && settings["warna"].is_string()) {
      std::string w = settings["warna"].get<std::string>();
      bool ok = w.size() == 7 && w[0] == '#' && w.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
      if (ok) s["warna"] = w;  // only a colour ever reaches the stylesheet
    }
    for (const char* slot : {"hero", "logo"}) {
      if (!settings.is_object() || !settings.contains(slot) || !settings[slot].is_string()) continue;
      auto m = c.tx.exec_params("SELECT width, height, alt FROM media WHERE desa_id = $1 AND key = $2", c.id,
                                settings[slot].get<std::string>());
      if (m.empty()) continue;
      std::string alt = m[0][2].as<std::string>();
      if (std::string_view(slot) == "hero")
        s["hero"] = image(settings[slot].get<std::string>(), m[0][0].as<int>(), m[0][1].as<int>(), alt.empty() ? "Pemandangan " + label_of(d) : alt,
                          "(min-width: 62rem) 60rem, 100vw", 960);
      else
        s["logo"] = image(settings[slot].get<std::string>(), m[0][0].as<int>(), m[0][1].as<int>(), "Logo " + label_of(d), "48px", 320);
    }
  }
  // Menu: the village's own, else the default every village starts with.
  json menu = json::array();
  std::map<std::int64_t, std::size_t> top;
  for (const auto& r : c.tx.exec_params(
           "SELECT id, parent_id, label, target FROM menus WHERE desa_id = $1 ORDER BY parent_id NULLS FIRST, urutan, id", c.id)) {
    std::string target = r[3].as<std::string>();
    if (!content::safe_link(target)) continue;
    json item = {{"label", r[2].as<std::string>()}, {"href", target}, {"children", json::array()}};
    if (r[1].is_null()) {
      top[r[0].as<std::int64_t>()] = menu.size();
      menu.push_back(item);
    } else if (auto it = top.find(r[1].as<std::int64_t>()); it != top.end()) {
      menu[it->second]["children"].push_back(item);
    }
  }
  if (menu.empty()) {
    for (auto [label, href] : std::initializer_list<std::pair<const char*, const char*>>{
             {"beranda", "/"}, {"profil", "/profil/sejarah"}, {"berita", "/berita"}, {"agenda", "/agenda"},
             {"data_desa", "/statistik"}, {"informasi", "/dokumen"}, {"layanan", "/layanan"}, {"kontak", "/kontak"}, {"cari", "/cari"}})
      menu.push_back({{"label", c.themes.text(label)}, {"href", href}, {"children", json::array()}});
    menu[1]["children"] = json::array({{{"label", c.themes.text("sambutan")}, {"href", "/profil/sambutan"}},
                                       {{"label", c.themes.text("visi_misi")}, {"href", "/profil/visi-misi"}},
                                       {{"label", c.themes.text("geografi")}, {"href", "/profil/geografi"}},
                                       {{"label", c.themes.text("struktur")}, {"href", "/profil/struktur"}},
                                       {{"label", c.themes.text("perangkat_desa")}, {"href", "/perangkat"}},
                                       {{"label", c.themes.text("lembaga")}, {"href", "/lembaga"}}});
    menu[4]["children"] = json::array({{{"label", c.themes.text("statistik")}, {"href", "/statistik"}},
                                       {{"label", c.themes.text("apbdes")}, {"href", "/apbdes"}},
                                       {{"label", c.themes.text("pendidikan")}, {"href", "/pendidikan"}},
                                       {{"label", c.themes.text("bumdes")}, {"href", "/bumdes"}},
                                       {{"label", c.themes.text("potensi")}, {"href", "/potensi"}}});
    menu[5]["children"] = json::array({{{"label", c.themes.text("dokumen")}, {"href", "/dokumen"}},
                                       {{"label", c.themes.text("galeri")}, {"href", "/galeri"}}});
  }
  for (auto& item : menu) item["current"] = item["href"] == c.req.path || (item["href"] != "/" && c.req.path.starts_with(item["href"].get<std::string>() + "/"));
  s["menu"] = menu;
  auto k = c.tx.exec_params("SELECT alamat, telepon FROM kontak WHERE desa_id = $1", c.id);
  if (!k.empty()) {
    std::string ringkas = k[0][0].as<std::string>();
    if (!k[0][1].as<std::string>().empty()) ringkas += (ringkas.empty() ? "" : " · ") + std::string("Telp. ") + k[0][1].as<std::string>();
    s["kontak_ringkas"] = ringkas;
  }
  s["footer_links"] = json::array({{{"label", c.themes.text("kontak")}, {"href", "/kontak"}},
                                   {{"label", c.themes.text("privasi")}, {"href", "/privasi"}},
                                   {{"label", "RSS"}, {"href", "/feed.xml"}}});
  return s;
}

Rendered page(Ctx& c, const std::string& tpl, json data, const std::string& title, const std::string& description,
              int status = 200) {
  data["site"] = c.site;
  json& p = data["page"];
  p["title"] = title;
  p["description"] = description.empty() ? c.site.value("tagline", std::string()) : description;
  p["canonical"] = c.req.origin + c.req.path;
  if (!p.contains("og_type")) p["og_type"] = "website";
  Rendered r;
  r.status = status;
  r.body = c.themes.render(c.theme, tpl, std::move(data));
  r.valid_until = c.valid_until;
  return r;
}

Rendered not_found(Ctx& c) {
  json d = {{"heading", c.themes.text("not_found_title")}, {"message", c.themes.text("not_found")}, {"home", "/"}};
  Rendered r = page(c, "notice", d, c.themes.text("not_found_title") + " — " + label_of(*c.req.desa), "", 404);
  return r;
}

Rendered redirect(const std::string& location) {
  Rendered r;
  r.status = 301;
  r.location = location;
  r.content_type = "text/plain; charset=utf-8";
  return r;
}

// The next moment this village's public pages change without a write.
void compute_valid_until(Ctx& c) {
  auto r = c.tx.exec_params(
      "SELECT extract(epoch FROM least("
      " (SELECT min(published_at) FROM posts WHERE desa_id = $1 AND status IN ('published', 'scheduled') AND published_at > now()),"
      " (SELECT min(starts_at) FROM agenda WHERE desa_id = $1 AND status = 'published' AND starts_at > now()),"
      " (SELECT min(coalesce(ends_at, starts_at + interval '1 day')) FROM agenda WHERE desa_id = $1 AND status = 'published'"
      "   AND coalesce(ends_at, starts_at + interval '1 day') > now())))::bigint",
      c.id);
  if (!r.empty() && !r[0][0].is_null())
    c.valid_until = clock::time_point(std::chrono::seconds(r[0][0].as<long long>()));
}

const char* kPublished = "status IN ('published', 'scheduled') AND published_at <= now()";

std::string post_columns(const std::string& tz) {
  return "p.id, p.slug, p.title, p.excerpt, p.cover, p.cover_alt, c.nama, c.slug, " + local_parts("p.published_at", tz) +
         ", m.width, m.height";
}
const char* kPostJoins =
    " LEFT JOIN categories c ON c.desa_id = p.desa_id AND c.id = p.category_id"
    " LEFT JOIN media m ON m.desa_id = p.desa_id AND m.key = p.cover";

json post_card(const pqxx::row& r) {
  Local l = parse_local(r[8], r[9]);
  json j = {{"slug", r[1].as<std::string>()}, {"title", r[2].as<std::string>()}, {"excerpt", r[3].as<std::string>()},
            {"cover", r[4].is_null() || r[10].is_null() ? json(nullptr)
                                                         : image(r[4].as<std::string>(), r[10].as<int>(), r[11].as<int>(), r[5].as<std::string>(),
                                                                 "(min-width: 48rem) 20rem, 100vw", 640)},
            {"kategori", r[6].is_null() ? "" : r[6].as<std::string>()},
            {"kategori_slug", r[7].is_null() ? "" : r[7].as<std::string>()}, {"tanggal", tanggal(l)}, {"iso", l.iso}};
  j["url"] = "/berita/" + l.y + "/" + l.m + "/" + j["slug"].get<std::string>();
  return j;
}

json posts_where(Ctx& c, const std::string& where, int limit, int offset) {
  json out = json::array();
  for (const auto& r : c.tx.exec_params(
           "SELECT " + post_columns(c.tz) + " FROM posts p" + kPostJoins +
           " WHERE p.desa_id = $1 AND p." + kPublished + where + " ORDER BY p.published_at DESC, p.id DESC LIMIT $2 OFFSET $3",
           c.id, limit, offset))
    out.push_back(post_card(r));
  return out;
}

json agenda_items(Ctx& c, bool upcoming, int limit) {
  json out = json::array();
  std::string cond = upcoming ? "coalesce(ends_at, starts_at + interval '1 day') > now()" : "coalesce(ends_at, starts_at + interval '1 day') <= now()";
  for (const auto& r : c.tx.exec_params(
           "SELECT title, place, organiser, description, " + local_parts("starts_at", c.tz) +
               " FROM agenda WHERE desa_id = $1 AND status = 'published' AND " + cond + " ORDER BY starts_at " +
               (upcoming ? "ASC" : "DESC") + " LIMIT $2",
           c.id, limit)) {
    Local l = parse_local(r[4], r[5]);
    out.push_back({{"title", r[0].as<std::string>()}, {"place", r[1].as<std::string>()}, {"organiser", r[2].as<std::string>()},
                   {"description", r[3].as<std::string>()}, {"tanggal", tanggal(l)}, {"iso", l.iso},
                   {"jam", l.hh.empty() || (l.hh == "00" && l.mi == "00") ? "" : l.hh + "." + l.mi}});
  }
  return out;
}

json perangkat(Ctx& c, int limit) {
  json out = json::array();
  for (const auto& r : c.tx.exec_params("SELECT p.nama, p.jabatan, m.key, m.width, m.height FROM perangkat p"
                                        " LEFT JOIN media m ON m.desa_id = p.desa_id AND m.key = p.foto"
                                        " WHERE p.desa_id = $1 ORDER BY p.urutan, p.id LIMIT $2", c.id, limit)) {
    json item = {{"nama", r[0].as<std::string>()}, {"jabatan", r[1].as<std::string>()}};
    if (!r[2].is_null()) item["foto"] = image(r[2].as<std::string>(), r[3].as<int>(), r[4].as<int>(), "Foto " + r[0].as<std::string>(), "4rem", 320);
    out.push_back(item);
  }
  return out;
}

Rendered home(Ctx& c) {
  json d;
  d["berita"] = posts_where(c, "", 6, 0);
  d["agenda"] = agenda_items(c, true, 4);
  d["perangkat"] = perangkat(c, 8);
  auto s = c.tx.exec_params("SELECT body_text FROM pages WHERE desa_id = $1 AND slot = 'sambutan' AND status = 'published'", c.id);
  if (!s.empty() && !s[0][0].as<std::string>().empty()) {
    d["sambutan"] = {{"excerpt", content::excerpt(s[0][0].as<std::string>(), 280)}};
    if (!d["perangkat"].empty()) d["sambutan"]["kepala"] = d["perangkat"][0];
  }
  auto g = c.tx.exec_params(
      "SELECT (SELECT sum(laki + perempuan) FROM statistik WHERE desa_id = $1 AND kategori = 'jenis_kelamin'"
      "        AND tahun = (SELECT max(tahun) FROM statistik WHERE desa_id = $1)),"
      " (SELECT luas_ha FROM geografi WHERE desa_id = $1)", c.id);
  if (!g[0][0].is_null()) d["angka"]["penduduk"] = g[0][0].as<std::string>();
  if (!g[0][1].is_null()) d["angka"]["luas"] = g[0][1].as<std::string>();
  const auto& desa = *c.req.desa;
  if (c.site.contains("hero")) d["page"]["image"] = c.req.origin + c.site["hero"]["preview"].get<std::string>();
  d["page"]["jsonld"] = ld_json({{"@context", "https://schema.org"}, {"@type", "GovernmentOrganization"},
                                 {"name", "Pemerintah " + label_of(desa)}, {"url", c.req.origin + "/"},
                                 {"identifier", desa.kode},
                                 {"address", {{"@type", "PostalAddress"}, {"addressLocality", label_of(desa)},
                                              {"addressRegion", c.req.dir->kabupaten_nama}, {"addressCountry", "ID"}}}});
  return page(c, "home", d, label_of(desa) + " — Kecamatan " + c.req.dir->kecamatan[desa.kecamatan].nama, c.site.value("tagline", std::string()));
}

int page_number(const std::string& query) {
  std::string p = query_param(query, "halaman");
  if (p.empty() || p.size() > 4 || p.find_first_not_of("0123456789") != std::string::npos) return 1;
  return std::max(1, std::stoi(p));
}

json categories(Ctx& c, const std::string& current) {
  json out = json::array();
  for (const auto& r : c.tx.exec_params("SELECT slug, nama FROM categories WHERE desa_id = $1 ORDER BY nama", c.id))
    out.push_back({{"slug", r[0].as<std::string>()}, {"nama", r[1].as<std::string>()}, {"current", r[0].as<std::string>() == current}});
  return out;
}

Rendered berita_list(Ctx& c, const std::string& where, const std::string& heading, const std::string& base_path,
                     const std::string& current_category) {
  int pageno = page_number(c.req.query);
  int total = c.tx.exec_params("SELECT count(*) FROM posts p WHERE p.desa_id = $1 AND p." + std::string(kPublished) + where, c.id)[0][0].as<int>();
  int pages = std::max(1, (total + kPerPage - 1) / kPerPage);
  if (pageno > pages) return not_found(c);
  json d;
  d["heading"] = heading;
  d["berita"] = posts_where(c, where, kPerPage, (pageno - 1) * kPerPage);
  d["kategori_list"] = categories(c, current_category);
  if (pages > 1) {
    d["pagination"] = {{"current", std::to_string(pageno)}, {"total", std::to_string(pages)}};
    if (pageno > 1) d["pagination"]["prev"] = pageno == 2 ? base_path : base_path + "?halaman=" + std::to_string(pageno - 1);
    if (pageno < pages) d["pagination"]["next"] = base_path + "?halaman=" + std::to_string(pageno + 1);
  }
  json arsip = json::array();
  for (const auto& r : c.tx.exec_params(
           "SELECT to_char(published_at AT TIME ZONE " + c.tz + ", 'YYYY MM') AS ym, count(*) FROM posts p WHERE p.desa_id = $1 AND p." +
               kPublished + " GROUP BY ym ORDER BY ym DESC LIMIT 24",
           c.id)) {
    std::string ym = r[0].as<std::string>();
    arsip.push_back({{"url", "/berita/" + ym.substr(0, 4) + "/" + ym.substr(5, 2)},
                     {"label", std::string(kBulan[std::stoi(ym.substr(5, 2)) - 1]) + " " + ym.substr(0, 4)},
                     {"jumlah", r[1].as<std::string>()}});
  }
  d["arsip"] = arsip;
  std::string title = heading + (pageno > 1 ? " — " + c.themes.text("halaman") + " " + std::to_string(pageno) : "") + " — " + label_of(*c.req.desa);
  return page(c, "berita_list", d, title, heading + " " + label_of(*c.req.desa));
}

// Forms carry a signed arithmetic challenge; the page that holds one is
// cached no longer than the challenge stays valid.
void with_challenge(Ctx& c, json& d) {
  if (!c.req.challenger) return;
  auto ch = c.req.challenger->make(clock::now());
  d["tantangan"] = {{"question", ch.question}, {"token", ch.token}};
  c.valid_until = std::min(c.valid_until, clock::now() + std::chrono::hours(1));
}

Rendered article(Ctx& c, const std::string& y, const std::string& m, const std::string& slug) {
  const bool preview = c.req.preview_post != 0;
  auto rows = preview ? c.tx.exec_params("SELECT " + post_columns(c.tz) + ", p.body::text, p.author_name, p.category_id, p.kind FROM posts p" +
                                             kPostJoins + " WHERE p.desa_id = $1 AND p.id = $2",
                                         c.id, c.req.preview_post)
                      : c.tx.exec_params(
      "SELECT " + post_columns(c.tz) + ", p.body::text, p.author_name, p.category_id, p.kind FROM posts p" + kPostJoins +
      " WHERE p.desa_id = $1 AND p.slug = $2 AND p." + kPublished,
      c.id, slug);
  if (rows.empty()) {
    auto old = c.tx.exec_params(
        "SELECT p.slug, to_char(p.published_at AT TIME ZONE " + c.tz + ", 'YYYY/MM') FROM post_old_slugs o JOIN posts p"
        " ON p.desa_id = o.desa_id AND p.id = o.post_id WHERE o.desa_id = $1 AND o.slug = $2 AND p." + kPublished,
        c.id, slug);
    if (!old.empty()) return redirect("/berita/" + old[0][1].as<std::string>() + "/" + old[0][0].as<std::string>());
    return not_found(c);
  }
  const auto& r = rows[0];
  json card = post_card(r);
  Local l = parse_local(r[8], r[9]);
  if (!preview && (l.y != y || l.m != m)) return redirect(card["url"].get<std::string>());
  auto body = content::render_richtext(r[12].as<std::string>());
  json d = card;
  d["body_html"] = body.html;
  d["author"] = r[13].as<std::string>();
  std::string url = c.req.origin + card["url"].get<std::string>();
  d["share_url"] = url_encode(url);
  d["share_text"] = url_encode(card["title"].get<std::string>() + " " + url);
  std::string related_where = r[14].is_null() ? " AND p.id <> " + r[0].as<std::string>()
                                             : " AND p.id <> " + r[0].as<std::string>() + " AND p.category_id = " + r[14].as<std::string>();
  d["terkait"] = posts_where(c, related_where, 3, 0);
  json komentar = json::array();
  for (const auto& k : c.tx.exec_params(
           "SELECT nama, isi, " + local_parts("created_at", c.tz) + " FROM comments WHERE desa_id = $1 AND post_id = $2"
           " AND status = 'approved' ORDER BY created_at LIMIT 200", c.id, r[0].as<std::int64_t>()))
    komentar.push_back({{"nama", k[0].as<std::string>()}, {"isi", k[1].as<std::string>()}, {"tanggal", tanggal(parse_local(k[2], k[3]))}});
  d["komentar"] = komentar;
  with_challenge(c, d);
  std::string description = card["excerpt"].get<std::string>().empty() ? content::excerpt(body.plain, 160) : card["excerpt"].get<std::string>();
  d["page"]["og_type"] = "article";
  std::string image;
  if (card["cover"].is_object()) {
    image = c.req.origin + card["cover"]["preview"].get<std::string>();
    d["cover"]["sizes"] = "(min-width: 48rem) 46rem, 100vw";
  } else if (c.site.contains("hero")) {
    image = c.req.origin + c.site["hero"]["preview"].get<std::string>();
  }
  d["page"]["image"] = image;
  d["page"]["jsonld"] = ld_json({{"@context", "https://schema.org"}, {"@type", "NewsArticle"},
                                 {"headline", card["title"]}, {"datePublished", l.iso}, {"url", url},
                                 {"author", {{"@type", "Person"}, {"name", d["author"].get<std::string>().empty() ? "Admin Desa" : d["author"].get<std::string>()}}},
                                 {"publisher", {{"@type", "GovernmentOrganization"}, {"name", "Pemerintah " + label_of(*c.req.desa)}}},
                                 {"image", image.empty() ? json::array() : json::array({image})}});
  if (preview) {
    d["pratinjau"] = true;
    d["page"]["noindex"] = true;
    Rendered out = page(c, "article", d, "Pratinjau: " + card["title"].get<std::string>() + " — " + label_of(*c.req.desa), description);
    out.cacheable = false;
    return out;
  }
  return page(c, "article", d, card["title"].get<std::string>() + " — " + label_of(*c.req.desa), description);
}

const char* jenis_label(const std::string& kind) {
  return kind == "ppid" ? "Permohonan informasi publik" : kind == "komentar" ? "Komentar" : "Pengaduan dan aspirasi";
}

Rendered layanan(Ctx& c, const json& errors = json::array(), const std::string& kind = "", const Submission* filled = nullptr) {
  json forms = json::array();
  for (auto [jenis, judul, ket, label] : std::initializer_list<std::tuple<const char*, const char*, const char*, const char*>>{
           {"pengaduan", "Pengaduan dan aspirasi", "Sampaikan keluhan atau usulan tentang pelayanan dan pembangunan desa.", "Isi pengaduan atau aspirasi"},
           {"ppid", "Permohonan informasi publik (PPID)", "Ajukan permohonan informasi publik sesuai Undang-Undang Keterbukaan Informasi Publik.", "Informasi yang Anda minta dan tujuannya"}}) {
    json f = {{"jenis", jenis}, {"judul", judul}, {"keterangan", ket}, {"label_isi", label}};
    if (filled && kind == jenis) f.update({{"nama", filled->nama}, {"kontak", filled->kontak}, {"isi", filled->isi}});
    if (c.req.challenger) {
      auto ch = c.req.challenger->make(clock::now());
      f["tantangan"] = {{"question", ch.question}, {"token", ch.token}};
    }
    forms.push_back(f);
  }
  c.valid_until = std::min(c.valid_until, clock::now() + std::chrono::hours(1));
  json d = {{"forms", forms}, {"errors", errors}};
  return page(c, "layanan", d, c.themes.text("layanan") + " — " + label_of(*c.req.desa), c.themes.text("layanan_intro"),
              errors.empty() ? 200 : 422);
}

Rendered lacak(Ctx& c) {
  std::string kode = query_param(c.req.query, "kode");
  for (char& ch : kode) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  json d = {{"heading", c.themes.text("lacak")}, {"found", false}};
  bool valid = kode.size() == 10 && kode.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == std::string::npos;
  if (valid) {
    auto r = c.tx.exec_params("SELECT jenis, status, jawaban, " + local_parts("created_at", c.tz) +
                                  " FROM layanan WHERE desa_id = $1 AND kode_lacak = $2", c.id, kode);
    if (!r.empty()) {
      static const std::map<std::string, std::string> status = {{"diterima", "Diterima"}, {"diproses", "Sedang diproses"},
                                                                {"selesai", "Selesai"}, {"ditolak", "Ditolak"}};
      d = {{"heading", c.themes.text("lacak")}, {"found", true}, {"kode", kode}, {"jenis", jenis_label(r[0][0].as<std::string>())},
           {"status", status.at(r[0][1].as<std::string>())}, {"jawaban", r[0][2].as<std::string>()}, {"tanggal", tanggal(parse_local(r[0][3], r[0][4]))}};
    }
  }
  if (!d["found"].get<bool>())
    d["message"] = kode.empty() ? "Masukkan kode lacak yang Anda terima saat mengirim." : "Kode lacak “" + kode + "” tidak ditemukan. Periksa kembali kodenya.";
  Rendered out = page(c, "lacak", d, c.themes.text("lacak") + " — " + label_of(*c.req.desa), "", d["found"].get<bool>() || kode.empty() ? 200 : 404);
  out.cacheable = false;
  return out;
}

Rendered profile(Ctx& c, const std::string& slot) {
  auto rows = c.tx.exec_params("SELECT title, body::text FROM pages WHERE desa_id = $1 AND slot = $2 AND status = 'published'", c.id, slot);
  json d;
  std::string title;
  if (!rows.empty()) {
    title = rows[0][0].as<std::string>();
    d["body_html"] = content::render_richtext(rows[0][1].as<std::string>()).html;
  } else {
    static const std::map<std::string, std::string> keys = {{"sambutan", "sambutan"}, {"sejarah", "sejarah"},
                                                            {"visi-misi", "visi_misi"}, {"geografi", "geografi"},
                                                            {"struktur", "struktur"}, {"privasi", "privasi"}};
    title = c.themes.text(keys.at(slot));
    d["body_html"] = "<p>" + html_escape(c.themes.text("belum_ada_data")) + "</p>";
  }
  d["title"] = title;
  if (slot == "geografi") {
    auto g = c.tx.exec_params("SELECT luas_ha, batas_utara, batas_selatan, batas_timur, batas_barat, latitude, longitude FROM geografi WHERE desa_id = $1", c.id);
    if (!g.empty()) {
      json geo = {{"luas", g[0][0].is_null() ? "" : g[0][0].as<std::string>()}, {"utara", g[0][1].as<std::string>()},
                  {"selatan", g[0][2].as<std::string>()}, {"timur", g[0][3].as<std::string>()}, {"barat", g[0][4].as<std::string>()}};
      if (!g[0][5].is_null() && !g[0][6].is_null()) {
        std::string lat = g[0][5].as<std::string>(), lon = g[0][6].as<std::string>();
        geo["koordinat"] = lat + ", " + lon;
        geo["peta"] = "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=15/" + lat + "/" + lon;
      }
      d["geografi"] = geo;
    }
  }
  if (slot == "struktur") d["perangkat"] = perangkat(c, 50);
  return page(c, "page", d, title + " — " + label_of(*c.req.desa), title + " " + label_of(*c.req.desa));
}

Rendered free_page(Ctx& c, const std::string& slug) {
  auto rows = c.tx.exec_params(
      "SELECT title, body::text FROM pages WHERE desa_id = $1 AND slug = $2 AND status = 'published' AND published_at <= now()", c.id, slug);
  if (rows.empty()) return not_found(c);
  json d = {{"title", rows[0][0].as<std::string>()}, {"body_html", content::render_richtext(rows[0][1].as<std::string>()).html}};
  return page(c, "page", d, rows[0][0].as<std::string>() + " — " + label_of(*c.req.desa), "");
}

Rendered kontak(Ctx& c) {
  json d;
  auto k = c.tx.exec_params("SELECT alamat, telepon, whatsapp, email, jam_kerja, facebook, instagram, youtube FROM kontak WHERE desa_id = $1", c.id);
  if (!k.empty()) {
    d["kontak"] = {{"alamat", k[0][0].as<std::string>()}, {"telepon", k[0][1].as<std::string>()}, {"whatsapp", k[0][2].as<std::string>()},
                   {"email", k[0][3].as<std::string>()}, {"jam_kerja", k[0][4].as<std::string>()}};
    json sosial = json::array();
    const char* names[] = {"Facebook", "Instagram", "YouTube"};
    for (int i = 0; i < 3; ++i) {
      std::string url = k[0][5 + i].as<std::string>();
      if (!url.empty() && url.starts_with("https://")) sosial.push_back({{"nama", names[i]}, {"url", url}});
    }
    d["sosial"] = sosial;
  }
  auto g = c.tx.exec_params("SELECT latitude, longitude FROM geografi WHERE desa_id = $1 AND latitude IS NOT NULL AND longitude IS NOT NULL", c.id);
  if (!g.empty())
    d["peta"] = "https://www.openstreetmap.org/?mlat=" + g[0][0].as<std::string>() + "&mlon=" + g[0][1].as<std::string>() + "#map=16/" +
                g[0][0].as<std::string>() + "/" + g[0][1].as<std::string>();
  return page(c, "kontak", d, c.themes.text("kontak") + " — " + label_of(*c.req.desa), "");
}

Rendered search(Ctx& c) {
  std::string q = query_param(c.req.query, "q");
  if (q.size() > 100) q.resize(100);
  json d = {{"q", q}, {"searched", !q.empty()}};
  if (!q.empty()) {
    json hasil = json::array();
    // Markers that cannot occur in stored text; the snippet is escaped, then marked.
    auto rows = c.tx.exec_params(
        "SELECT p.slug, p.title, to_char(p.published_at AT TIME ZONE " + c.tz + ", 'YYYY/MM'),"
        " ts_headline('indonesian', p.body_text, query, 'StartSel=\x01, StopSel=\x02, MaxWords=30, MinWords=12')"
        " FROM posts p, websearch_to_tsquery('indonesian', $2) query"
        " WHERE p.desa_id = $1 AND p." + std::string(kPublished) + " AND p.search @@ query"
        " ORDER BY ts_rank(p.search, query) DESC, p.published_at DESC LIMIT 20",
        c.id, q);
    for (const auto& r : rows) {
      std::string snippet = html_escape(r[3].as<std::string>());
      for (auto [from, to] : {std::pair<const char*, const char*>{"\x01", "<mark>"}, {"\x02", "</mark>"}})
        for (auto at = snippet.find(from); at != std::string::npos; at = snippet.find(from, at)) snippet.replace(at, 1, to);
      hasil.push_back({{"url", "/berita/" + r[2].as<std::string>() + "/" + r[0].as<std::string>()}, {"title", r[1].as<std::string>()}, {"snippet", snippet}});
    }
    d["jumlah"] = std::to_string(hasil.size());
    d["hasil"] = hasil;
  }
  Rendered r = page(c, "search", d, c.themes.text("cari") + (q.empty() ? "" : ": " + q) + " — " + label_of(*c.req.desa), "");
  return r;
}

Rendered agenda_page(Ctx& c) {
  json d = {{"mendatang", agenda_items(c, true, 50)}, {"lalu", agenda_items(c, false, 20)}};
  return page(c, "agenda", d, c.themes.text("agenda") + " — " + label_of(*c.req.desa), "");
}

Rendered perangkat_page(Ctx& c) {
  json d = {{"perangkat", perangkat(c, 100)}};
  return page(c, "perangkat", d, c.themes.text("perangkat_desa") + " — " + label_of(*c.req.desa), "");
}


json cell(const std::string& text, const std::string& href = "") {
  json c = {{"text", text}};
  if (!href.empty()) c["href"] = href;
  return c;
}

Rendered statistik(Ctx& c) {
  static const std::vector<std::pair<std::string, std::string>> kategori = {
      {"jenis_kelamin", "Jumlah penduduk"}, {"umur", "Kelompok umur"}, {"pendidikan", "Pendidikan"},
      {"pekerjaan", "Pekerjaan"}, {"agama", "Agama"}};
  auto year = c.tx.exec_params("SELECT max(tahun) FROM statistik WHERE desa_id = $1", c.id);
  json d = {{"heading", c.themes.text("statistik")}, {"sections", json::array()}};
  if (!year[0][0].is_null()) {
    std::string tahun = year[0][0].as<std::string>();
    d["intro"] = "Data agregat penduduk tahun " + tahun + " yang dihimpun pemerintah desa. Tidak memuat data pribadi.";
    for (const auto& [key, title] : kategori) {
      auto rows = c.tx.exec_params("SELECT label, laki, perempuan FROM statistik WHERE desa_id = $1 AND tahun = $2 AND kategori = $3 ORDER BY urutan, label",
                                   c.id, std::stoi(tahun), key);
      if (rows.empty()) continue;
      std::vector<Bar> bars;
      json tr = json::array();
      std::int64_t tl = 0, tp = 0;
      for (const auto& r : rows) {
        std::int64_t l = r[1].as<std::int64_t>(), p = r[2].as<std::int64_t>();
        tl += l, tp += p;
        bars.push_back({r[0].as<std::string>(), {l, p}});
        tr.push_back({{"cells", {cell(r[0].as<std::string>()), cell(format_number(l)), cell(format_number(p)), cell(format_number(l + p))}}});
      }
      tr.push_back({{"cells", {cell("Jumlah"), cell(format_number(tl)), cell(format_number(tp)), cell(format_number(tl + tp))}}});
      d["sections"].push_back({{"id", key}, {"title", title + " (" + tahun + ")"},
                               {"chart", bar_chart_svg(title + " " + tahun, {"Laki-laki", "Perempuan"}, bars)},
                               {"columns", {"Uraian", "Laki-laki", "Perempuan", "Jumlah"}}, {"rows", tr}});
    }
  }
  return page(c, "tabel", d, c.themes.text("statistik") + " — " + label_of(*c.req.desa), "Statistik penduduk " + label_of(*c.req.desa));
}

Rendered apbdes(Ctx& c) {
  json d = {{"heading", c.themes.text("apbdes")}, {"sections", json::array()}, {"pilihan", json::array()},
            {"pilihan_label", c.themes.text("tahun")}};
  auto years = c.tx.exec_params("SELECT DISTINCT tahun FROM apbdes WHERE desa_id = $1 ORDER BY tahun DESC LIMIT 10", c.id);
  if (!years.empty()) {
    std::string wanted = query_param(c.req.query, "tahun");
    std::string tahun = years[0][0].as<std::string>();
    for (const auto& y : years) {
      if (y[0].as<std::string>() == wanted) tahun = wanted;
    }
    for (const auto& y : years)
      d["pilihan"].push_back({{"label", y[0].as<std::string>()}, {"href", "/apbdes?tahun=" + y[0].as<std::string>()},
                              {"current", y[0].as<std::string>() == tahun}});
    d["intro"] = "Anggaran Pendapatan dan Belanja Desa tahun " + tahun + ": anggaran dan realisasinya.";
    for (auto [jenis, title] : std::initializer_list<std::pair<const char*, const char*>>{
             {"pendapatan", "Pendapatan"}, {"belanja", "Belanja"}, {"pembiayaan", "Pembiayaan"}}) {
      auto rows = c.tx.exec_params("SELECT uraian, anggaran, realisasi FROM apbdes WHERE desa_id = $1 AND tahun = $2 AND jenis = $3 ORDER BY urutan, uraian",
                                   c.id, std::stoi(tahun), std::string(jenis));
      if (rows.empty()) continue;
      std::vector<Bar> bars;
      json tr = json::array();
      std::int64_t ta = 0, tr_ = 0;
      for (const auto& r : rows) {
        std::int64_t a = r[1].as<std::int64_t>(), re = r[2].as<std::int64_t>();
        ta += a, tr_ += re;
        bars.push_back({r[0].as<std::string>(), {a / 1000, re / 1000}});
        std::string pct = a > 0 ? std::to_string(re * 100 / a) + "%" : "-";
        tr.push_back({{"cells", {cell(r[0].as<std::string>()), cell(format_rupiah(a)), cell(format_rupiah(re)), cell(pct)}}});
      }
      tr.push_back({{"cells", {cell("Jumlah " + std::string(title)), cell(format_rupiah(ta)), cell(format_rupiah(tr_)),
                               cell(ta > 0 ? std::to_string(tr_ * 100 / ta) + "%" : "-")}}});
      d["sections"].push_back({{"id", jenis}, {"title", std::string(title) + " " + tahun},
                               {"chart", bar_chart_svg(std::string(title) + " " + tahun + " (ribu rupiah)", {"Anggaran", "Realisasi"}, bars)},
                               {"columns", {"Uraian", "Anggaran", "Realisasi", "Capaian"}}, {"rows", tr}});
    }
  }
  return page(c, "tabel", d, c.themes.text("apbdes") + " — " + label_of(*c.req.desa), "APBDes " + label_of(*c.req.desa));
}

Rendered pendidikan(Ctx& c) {
  json d = {{"heading", c.themes.text("pendidikan")}, {"sections", json::array()}};
  json rows = json::array();
  for (const auto& r : c.tx.exec_params("SELECT jenjang, nama, alamat, murid FROM sekolah WHERE desa_id = $1 ORDER BY jenjang, nama", c.id))
    rows.push_back({{"cells", {cell(r[0].as<std::string>()), cell(r[1].as<std::string>()), cell(r[2].as<std::string>()),
                               cell(r[3].is_null() ? "-" : format_number(r[3].as<std::int64_t>()))}}});
  if (!rows.empty())
    d["sections"].push_back({{"id", "sekolah"}, {"title", "Sekolah dan PAUD"}, {"columns", {"Jenjang", "Nama", "Alamat", "Peserta didik"}}, {"rows", rows}});
  return page(c, "tabel", d, c.themes.text("pendidikan") + " — " + label_of(*c.req.desa), "");
}

Rendered lembaga(Ctx& c) {
  json d = {{"heading", c.themes.text("lembaga")}, {"items", json::array()}};
  for (const auto& r : c.tx.exec_params("SELECT nama, singkatan, ketua, deskripsi FROM lembaga WHERE desa_id = $1 ORDER BY urutan, nama", c.id)) {
    json item = {{"title", r[0].as<std::string>() + (r[1].as<std::string>().empty() ? "" : " (" + r[1].as<std::string>() + ")")},
                 {"text", r[3].as<std::string>()}, {"details", json::array()}};
    if (!r[2].as<std::string>().empty()) item["details"].push_back({{"label", "Ketua"}, {"value", r[2].as<std::string>()}});
    d["items"].push_back(item);
  }
  return page(c, "kartu", d, c.themes.text("lembaga") + " — " + label_of(*c.req.desa), "");
}

json string_list(const std::string& json_text, const char* a, const char* b) {
  json out = json::array();
  auto j = json::parse(json_text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (!e.is_object() || !e.contains(a) || !e[a].is_string()) continue;
    std::string line = e[a].get<std::string>();
    if (e.contains(b) && e[b].is_string() && !e[b].get<std::string>().empty()) line += " — " + e[b].get<std::string>();
    else if (e.contains(b) && e[b].is_number_integer()) line += " — " + format_rupiah(e[b].get<std::int64_t>());
    out.push_back(line);
  }
  return out;
}

Rendered bumdes(Ctx& c) {
  json d = {{"heading", c.themes.text("bumdes")}, {"items", json::array()}};
  for (const auto& r : c.tx.exec_params(
           "SELECT nama, badan_hukum, tahun_berdiri, deskripsi, unit_usaha::text, pengurus::text, produk::text, kontak FROM bumdes"
           " WHERE desa_id = $1 ORDER BY id", c.id)) {
    json item = {{"title", r[0].as<std::string>()}, {"subtitle", r[1].as<std::string>()}, {"text", r[3].as<std::string>()},
                 {"details", json::array()}, {"lists", json::array()}};
    if (!r[2].is_null()) item["details"].push_back({{"label", "Berdiri"}, {"value", r[2].as<std::string>()}});
    if (!r[7].as<std::string>().empty()) item["details"].push_back({{"label", "Kontak"}, {"value", r[7].as<std::string>()}});
    for (auto [col, title, a, b] : std::initializer_list<std::tuple<int, const char*, const char*, const char*>>{
             {4, "Unit usaha", "nama", "deskripsi"}, {5, "Pengurus", "nama", "jabatan"}, {6, "Produk dan layanan", "nama", "harga"}}) {
      json entries = string_list(r[col].as<std::string>(), a, b);
      if (!entries.empty()) item["lists"].push_back({{"title", title}, {"entries", entries}});
    }
    d["items"].push_back(item);
  }
  return page(c, "kartu", d, c.themes.text("bumdes") + " — " + label_of(*c.req.desa), "");
}

Rendered potensi(Ctx& c) {
  json d = {{"heading", c.themes.text("potensi")}, {"items", json::array()}};
  for (const auto& r : c.tx.exec_params(
           "SELECT jenis, nama, deskripsi, harga, satuan, penjual, whatsapp FROM produk WHERE desa_id = $1 ORDER BY jenis, nama", c.id)) {
    std::string jenis = r[0].as<std::string>();
    json item = {{"title", r[1].as<std::string>()}, {"subtitle", jenis == "umkm" ? "Produk UMKM" : jenis == "wisata" ? "Wisata" : "Komoditas"},
                 {"text", r[2].as<std::string>()}, {"details", json::array()}};
    if (!r[3].is_null())
      item["details"].push_back({{"label", "Harga"}, {"value", format_rupiah(r[3].as<std::int64_t>()) + (r[4].as<std::string>().empty() ? "" : " / " + r[4].as<std::string>())}});
    if (!r[5].as<std::string>().empty()) item["details"].push_back({{"label", "Penjual"}, {"value", r[5].as<std::string>()}});
    if (!r[6].as<std::string>().empty())
      item["link"] = {{"href", "https://wa.me/" + r[6].as<std::string>() + "?text=" + url_encode("Halo, saya ingin memesan " + r[1].as<std::string>())},
                      {"label", c.themes.text("pesan_lewat_wa")}};
    d["items"].push_back(item);
  }
  return page(c, "kartu", d, c.themes.text("potensi") + " — " + label_of(*c.req.desa), "");
}

Rendered galeri(Ctx& c, const std::string& album) {
  json d = {{"heading", c.themes.text("galeri")}, {"items", json::array()}};
  if (album.empty()) {
    // Each album with its first photo as the cover.
    for (const auto& r : c.tx.exec_params(
             "SELECT a.slug, a.judul, a.deskripsi, count(p.id), (array_agg(m.key ORDER BY p.urutan, p.id))[1],"
             " (array_agg(m.width ORDER BY p.urutan, p.id))[1], (array_agg(m.height ORDER BY p.urutan, p.id))[1]"
             " FROM albums a LEFT JOIN photos p ON p.desa_id = a.desa_id AND p.album_id = a.id"
             " LEFT JOIN media m ON m.desa_id = p.desa_id AND m.key = p.media_key"
             " WHERE a.desa_id = $1 GROUP BY a.id, a.slug, a.judul, a.deskripsi, a.created_at ORDER BY a.created_at DESC, a.id DESC", c.id)) {
      json item = {{"title", r[1].as<std::string>()}, {"subtitle", r[3].as<std::string>() + " foto"}, {"text", r[2].as<std::string>()},
                   {"link", {{"href", "/galeri/" + r[0].as<std::string>()}, {"label", "Lihat album " + r[1].as<std::string>()}}}};
      if (!r[4].is_null()) item["foto"] = image(r[4].as<std::string>(), r[5].as<int>(), r[6].as<int>(), "", "(min-width: 48rem) 20rem, 100vw");
      d["items"].push_back(item);
    }
    return page(c, "kartu", d, c.themes.text("galeri") + " — " + label_of(*c.req.desa), "Album foto kegiatan dan pemandangan " + label_of(*c.req.desa));
  }
  auto a = c.tx.exec_params("SELECT id, judul, deskripsi FROM albums WHERE desa_id = $1 AND slug = $2", c.id, album);
  if (a.empty()) return not_found(c);
  json photos = json::array();
  for (const auto& r : c.tx.exec_params("SELECT m.key, m.width, m.height, p.alt FROM photos p JOIN media m ON m.desa_id = p.desa_id AND m.key = p.media_key"
                                        " WHERE p.desa_id = $1 AND p.album_id = $2 ORDER BY p.urutan, p.id",
                                        c.id, a[0][0].as<std::int64_t>())) {
    json img = image(r[0].as<std::string>(), r[1].as<int>(), r[2].as<int>(), r[3].as<std::string>(), "(min-width: 48rem) 20rem, 50vw", 640);
    img["full"] = media::url(r[0].as<std::string>(), r[1].as<int>(), 1280);
    photos.push_back(img);
  }
  json pd = {{"heading", a[0][1].as<std::string>()}, {"intro", a[0][2].as<std::string>()}, {"photos", photos}};
  return page(c, "galeri", pd, a[0][1].as<std::string>() + " — " + c.themes.text("galeri") + " " + label_of(*c.req.desa),
              a[0][2].as<std::string>());
}

const std::map<std::string, std::string>& kategori_dokumen() {
  static const std::map<std::string, std::string> k = {
      {"produk_hukum", "Produk hukum desa"}, {"berkala", "Informasi berkala"}, {"serta_merta", "Informasi serta merta"},
      {"setiap_saat", "Informasi tersedia setiap saat"}, {"dikecualikan", "Informasi yang dikecualikan"}};
  return k;
}

Rendered dokumen(Ctx& c) {
  json d = {{"heading", c.themes.text("dokumen")}, {"sections", json::array()},
            {"intro", "Produk hukum dan informasi publik desa sesuai Undang-Undang Keterbukaan Informasi Publik."}};
  for (const char* k : {"produk_hukum", "berkala", "serta_merta", "setiap_saat", "dikecualikan"}) {
    json rows = json::array();
    for (const auto& r : c.tx.exec_params(
             "SELECT id, judul, nomor, tahun, file_name, octet_length(content) FROM dokumen WHERE desa_id = $1 AND kategori = $2 ORDER BY tahun DESC NULLS LAST, id DESC",
             c.id, std::string(k))) {
      // Exempted information is listed by title (as the law asks) but its file is not public.
      const bool exempt = std::string_view(k) == "dikecualikan";
      std::string href = exempt ? "" : "/dokumen/" + r[0].as<std::string>() + "/" + r[4].as<std::string>();
      rows.push_back({{"cells", {cell(r[1].as<std::string>(), href), cell(r[2].as<std::string>()), cell(r[3].is_null() ? "" : r[3].as<std::string>()),
                                 cell(exempt ? std::string("Tidak dibuka untuk umum") : format_number(r[5].as<std::int64_t>() / 1024 + 1) + " KB")}}});
    }
    if (!rows.empty())
      d["sections"].push_back({{"id", k}, {"title", kategori_dokumen().at(k)}, {"columns", {"Judul", "Nomor", "Tahun", "Ukuran"}}, {"rows", rows}});
  }
  return page(c, "tabel", d, c.themes.text("dokumen") + " — " + label_of(*c.req.desa), "");
}

Rendered dokumen_file(Ctx& c, const std::string& id, const std::string& file_name) {
  auto r = c.tx.exec_params("SELECT file_name, mime, content FROM dokumen WHERE desa_id = $1 AND id = $2 AND kategori <> 'dikecualikan'", c.id,
                            std::stoll(id));
  if (r.empty() || r[0][0].as<std::string>() != file_name) return not_found(c);
  pqxx::binarystring blob(r[0][2]);
  std::string bytes(reinterpret_cast<const char*>(blob.data()), blob.size());
  std::string mime = r[0][1].as<std::string>();
  if (!content_matches(mime, bytes)) return not_found(c);
  Rendered out;
  out.cacheable = false;
  out.content_type = mime;
  out.body = std::move(bytes);
  out.headers.emplace_back("Content-Disposition", std::string(mime == "application/pdf" ? "inline" : "attachment") +
                                                      "; filename=\"" + file_name + "\"");
  out.headers.emplace_back("Cache-Control", "public, max-age=300");
  return out;
}

std::string xml(std::string_view s) { return html_escape(s); }

Rendered feed(Ctx& c, bool atom, const std::string& category) {
  std::string where;
  std::string title = "Berita " + label_of(*c.req.desa);
  if (!category.empty()) {
    auto cat = c.tx.exec_params("SELECT id, nama FROM categories WHERE desa_id = $1 AND slug = $2", c.id, category);
    if (cat.empty()) return not_found(c);
    where = " AND p.category_id = " + cat[0][0].as<std::string>();
    title += " — " + cat[0][1].as<std::string>();
  }
  json items = posts_where(c, where, 20, 0);
  std::string self = c.req.origin + c.req.path;
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  if (atom) {
    out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"id\"><title>" + xml(title) + "</title><id>" + xml(self) +
           "</id><link rel=\"self\" href=\"" + xml(self) + "\"/><link href=\"" + xml(c.req.origin) + "/\"/><updated>" +
           (items.empty() ? std::string("2000-01-01T00:00:00Z") : items[0]["iso"].get<std::string>()) + "</updated>";
    for (const auto& it : items) {
      std::string url = c.req.origin + it["url"].get<std::string>();
      out += "<entry><title>" + xml(it["title"].get<std::string>()) + "</title><id>" + xml(url) + "</id><link href=\"" + xml(url) +
             "\"/><updated>" + it["iso"].get<std::string>() + "</updated><author><name>" + xml(label_of(*c.req.desa)) +
             "</name></author><summary>" + xml(it["excerpt"].get<std::string>()) + "</summary></entry>";
    }
    out += "</feed>\n";
  } else {
    out += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><title>" + xml(title) + "</title><link>" +
           xml(c.req.origin) + "/</link><description>" + xml(title) + "</description><language>id</language>"
           "<atom:link href=\"" + xml(self) + "\" rel=\"self\" type=\"application/rss+xml\"/>";
    for (const auto& it : items) {
      std::string url = c.req.origin + it["url"].get<std::string>();
      out += "<item><title>" + xml(it["title"].get<std::string>()) + "</title><link>" + xml(url) + "</link><guid>" + xml(url) +
             "</guid><pubDate>" + it["iso"].get<std::string>() + "</pubDate><description>" + xml(it["excerpt"].get<std::string>()) +
             "</description></item>";
    }
    out += "</channel></rss>\n";
  }
  Rendered r;
  r.content_type = atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8";
  r.body = std::move(out);
  r.valid_until = c.valid_until;
  return r;
}

Rendered sitemap(Ctx& c) {
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
  for (const char* p : {"/", "/berita", "/agenda", "/profil/sambutan", "/profil/sejarah", "/profil/visi-misi", "/profil/geografi",
                        "/profil/struktur", "/perangkat", "/kontak", "/privasi"})
    out += "<url><loc>" + xml(c.req.origin + p) + "</loc></url>";
  for (const auto& r : c.tx.exec_params(
           "SELECT slug, to_char(published_at AT TIME ZONE " + c.tz + ", 'YYYY/MM'), to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
           " FROM posts WHERE desa_id = $1 AND " + kPublished + " ORDER BY published_at DESC LIMIT 5000", c.id))
    out += "<url><loc>" + xml(c.req.origin + "/berita/" + r[1].as<std::string>() + "/" + r[0].as<std::string>()) + "</loc><lastmod>" +
           r[2].as<std::string>() + "</lastmod></url>";
  for (const auto& r : c.tx.exec_params("SELECT slug FROM pages WHERE desa_id = $1 AND slot IS NULL AND status = 'published' AND published_at <= now()", c.id))
    out += "<url><loc>" + xml(c.req.origin + "/halaman/" + r[0].as<std::string>()) + "</loc></url>";
  out += "</urlset>\n";
  Rendered r;
  r.content_type = "application/xml; charset=utf-8";
  r.body = std::move(out);
  r.valid_until = c.valid_until;
  return r;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    auto slash = path.find('/');
    auto part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return parts;
}

}  // namespace

std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += '%', out += hex[c >> 4], out += hex[c & 15];
  }
  return out;
}

std::string query_param(const std::string& query, const std::string& name) {
  std::string_view rest = query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    auto pair = rest.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name && eq != std::string_view::npos) {
      std::string out;
      auto v = pair.substr(eq + 1);
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '+') out += ' ';
        else if (v[i] == '%' && i + 2 < v.size() && std::isxdigit(static_cast<unsigned char>(v[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(v[i + 2]))) {
          out += static_cast<char>(std::stoi(std::string(v.substr(i + 1, 2)), nullptr, 16));
          i += 2;
        } else out += v[i];
      }
      std::string clean;
      for (unsigned char ch : out)
        if (ch >= 0x20 && ch != 0x7f) clean += static_cast<char>(ch);
      return clean;
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return "";
}

// Does the file start the way its declared type does? Anything else is not served.
bool content_matches(const std::string& mime, const std::string& bytes) {
  auto starts = [&](std::string_view magic) { return bytes.size() >= magic.size() && bytes.compare(0, magic.size(), magic) == 0; };
  if (mime == "application/pdf") return starts("%PDF-");
  if (mime == "image/png") return starts("\x89PNG\r\n\x1a\n");
  if (mime == "image/jpeg") return starts("\xFF\xD8\xFF");
  if (mime.find("openxmlformats") != std::string::npos) return starts(std::string_view("PK\x03\x04", 4));
  return false;
}

Rendered render_village(pqxx::work& tx, const Themes& themes, const PageRequest& req) {
  Ctx c(tx, themes, req);
  c.id = req.desa->id;
  auto parts = split_path(req.path);
  if (parts.size() == 1 && parts[0] == "robots.txt") {
    Rendered r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "User-agent: *\nAllow: /\nDisallow: /cari\nSitemap: " + req.origin + "/sitemap.xml\n";
    return r;
  }
  compute_valid_until(c);
  c.site = base_site(c);
  const std::size_t n = parts.size();
  auto is = [&](std::size_t i, std::string_view s) { return i < n && parts[i] == s; };
  if (n == 0) return home(c);
  if (req.preview_post) return article(c, "", "", "");
  if (n == 1 && is(0, "sitemap.xml")) return sitemap(c);
  if (n == 1 && is(0, "feed.xml")) return feed(c, false, "");
  if (n == 1 && is(0, "atom.xml")) return feed(c, true, "");
  if (n == 1 && is(0, "berita")) return berita_list(c, "", themes.text("berita"), "/berita", "");
  if (n == 3 && is(0, "berita") && is(1, "kategori") && valid_slug(parts[2], 60)) {
    auto cat = tx.exec_params("SELECT id, nama FROM categories WHERE desa_id = $1 AND slug = $2", c.id, std::string(parts[2]));
    if (cat.empty()) return not_found(c);
    return berita_list(c, " AND p.category_id = " + cat[0][0].as<std::string>(), cat[0][1].as<std::string>(),
                       "/berita/kategori/" + std::string(parts[2]), std::string(parts[2]));
  }
  if (n == 4 && is(0, "berita") && is(1, "kategori") && valid_slug(parts[2], 60) && (is(3, "feed.xml") || is(3, "atom.xml")))
    return feed(c, is(3, "atom.xml"), std::string(parts[2]));
  if (n == 3 && is(0, "berita") && all_digits(parts[1], 4) && all_digits(parts[2], 2)) {
    int month = std::stoi(std::string(parts[2]));
    if (month < 1 || month > 12) return not_found(c);
    std::string ym = std::string(parts[1]) + " " + std::string(parts[2]);
    return berita_list(c, " AND to_char(p.published_at AT TIME ZONE " + c.tz + ", 'YYYY MM') = " + tx.quote(ym),
                       "Arsip " + std::string(kBulan[month - 1]) + " " + std::string(parts[1]),
                       "/berita/" + std::string(parts[1]) + "/" + std::string(parts[2]), "");
  }
  if (n == 4 && is(0, "berita") && all_digits(parts[1], 4) && all_digits(parts[2], 2) && valid_slug(parts[3]))
    return article(c, std::string(parts[1]), std::string(parts[2]), std::string(parts[3]));
  if (n == 1 && is(0, "agenda")) return agenda_page(c);
  if (n == 2 && is(0, "profil") &&
      (is(1, "sambutan") || is(1, "sejarah") || is(1, "visi-misi") || is(1, "geografi") || is(1, "struktur")))
    return profile(c, std::string(parts[1]));
  if (n == 1 && is(0, "privasi")) return profile(c, "privasi");
  if (n == 2 && is(0, "halaman") && valid_slug(parts[1], 100)) return free_page(c, std::string(parts[1]));
  if (n == 1 && is(0, "perangkat")) return perangkat_page(c);
  if (n == 1 && is(0, "statistik")) return statistik(c);
  if (n == 1 && is(0, "apbdes")) return apbdes(c);
  if (n == 1 && is(0, "pendidikan")) return pendidikan(c);
  if (n == 1 && is(0, "lembaga")) return lembaga(c);
  if (n == 1 && is(0, "bumdes")) return bumdes(c);
  if (n == 1 && is(0, "potensi")) return potensi(c);
  if (n == 1 && is(0, "galeri")) return galeri(c, "");
  if (n == 2 && is(0, "galeri") && valid_slug(parts[1], 80)) return galeri(c, std::string(parts[1]));
  if (n == 1 && is(0, "dokumen")) return dokumen(c);
  if (n == 3 && is(0, "dokumen") && parts[1].size() <= 12 && all_digits(parts[1], parts[1].size()) && parts[2].size() <= 120)
    return dokumen_file(c, std::string(parts[1]), std::string(parts[2]));
  if (n == 1 && is(0, "kontak")) return kontak(c);
  if (n == 1 && is(0, "cari")) return search(c);
  if (n == 1 && is(0, "layanan")) return layanan(c);
  if (n == 2 && is(0, "layanan") && is(1, "lacak")) return lacak(c);
  return not_found(c);
}

Rendered render_submit(pqxx::work& tx, const Themes& themes, const PageRequest& req, const SubmitRequest& submit) {
  Ctx c(tx, themes, req);
  c.id = req.desa->id;
  c.site = base_site(c);
  const Submission& s = *submit.submission;
  json errors = json::array();
  for (const auto& e : s.errors) errors.push_back(e);
  if (!submit.challenge_ok) errors.push_back("Jawaban pertanyaan keamanan salah atau sudah kedaluwarsa. Jawab pertanyaan yang baru.");
  if (!submit.rate_ok) errors.push_back("Terlalu banyak kiriman dari jaringan Anda. Silakan coba lagi beberapa menit lagi.");
  auto done = [&](const std::string& heading, const std::string& message) {
    json d = {{"heading", heading}, {"message", message}, {"home", submit.kind == "komentar" ? req.path.substr(0, req.path.size() - 9) : "/layanan"}};
    Rendered out = page(c, "notice", d, heading + " — " + label_of(*req.desa), "");
    out.cacheable = false;
    return out;
  };
  if (submit.kind == "komentar") {
    // /berita/YYYY/MM/slug/komentar
    auto parts = split_path(req.path);
    auto post = tx.exec_params("SELECT id FROM posts WHERE desa_id = $1 AND slug = $2 AND " + std::string(kPublished), c.id, std::string(parts[3]));
    if (post.empty()) return not_found(c);
    if (!errors.empty()) {
      std::string list;
      for (const auto& e : errors) list += e.get<std::string>() + " ";
      Rendered out = done("Komentar belum terkirim", list);
      out.status = submit.rate_ok ? 422 : 429;
      return out;
    }
    if (!s.spam) {
      auto id = tx.exec_params("INSERT INTO comments (desa_id, post_id, nama, isi, client_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id", c.id,
                               post[0][0].as<std::int64_t>(), s.nama, s.isi, submit.client_hash)[0][0].as<std::int64_t>();
      // Gambling spam never reaches the village's moderation list: it waits for Diskominfo's review.
      if (auto hold = scan_public_text(tx, c.id, {s.nama + "\n" + s.isi, {}, 0, own_host(req.origin), {}})) {
        tx.exec_params("UPDATE comments SET status = 'spam' WHERE desa_id = $1 AND id = $2", c.id, id);
        record_hold(tx, c.id, "komentar", id, "Komentar dari " + s.nama, s.isi, *hold, 0, "pending");
      }
    }
    return done("Terima kasih, komentar Anda telah diterima", "Komentar akan tampil setelah disetujui pengelola website " + label_of(*req.desa) + ".");
  }
  if (!errors.empty()) {
    Rendered out = layanan(c, errors, submit.kind, &s);
    out.status = submit.rate_ok ? 422 : 429;
    out.cacheable = false;
    return out;
  }
  std::string code = tracking_code();
  if (!s.spam) {
    auto id = tx.exec_params("INSERT INTO layanan (desa_id, jenis, kode_lacak, nama, kontak, isi, client_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                             " RETURNING id", c.id, submit.kind, code, s.nama, s.kontak, s.isi, submit.client_hash)[0][0].as<std::int64_t>();
    if (auto hold = scan_public_text(tx, c.id, {s.nama + "\n" + s.isi, {}, 0, own_host(req.origin), {}}))
      record_hold(tx, c.id, "layanan", id, "Kiriman " + submit.kind + " dari " + s.nama, s.isi, *hold, 0, "");
  }
  return done("Terima kasih, kiriman Anda telah diterima",
              "Kode lacak Anda: " + code + ". Simpan kode ini untuk melihat status dan jawaban di halaman Layanan Warga → Lacak kiriman.");
}

Rendered render_notice(const Themes& themes, int status, const std::string& title_key, const std::string& message_key,
                       const std::string& home, const std::string& detail) {
  json d = {{"heading", themes.text(title_key)}, {"message", themes.text(message_key)}, {"home", home}, {"detail", detail}};
  d["site"] = {{"label", themes.text("portal_title")}, {"warna", "#0b6e4f"}};
  d["page"] = {{"title", themes.text(title_key)}, {"description", themes.text(message_key)}, {"og_type", "website"}};
  Rendered r;
  r.status = status;
  r.body = themes.render(Themes::kDefault, "notice", std::move(d));
  return r;
}

Rendered render_portal(pqxx::work& tx, const Themes& themes, const PageRequest& req) {
  const Directory& dir = *req.dir;
  auto parts = split_path(req.path);
  std::string q = query_param(req.query, "q");
  if (q.size() > 60) q.resize(60);
  std::string needle = to_lower_ascii(q);
  std::string only_kec;
  if (parts.size() == 2 && parts[0] == "kecamatan") only_kec = std::string(parts[1]);
  else if (!parts.empty()) return render_notice(themes, 404, "not_found_title", "portal_not_found", "/");
  std::string name = themes.text("portal_title") + (dir.kabupaten_nama.empty() ? "" : " " + dir.kabupaten_nama);
  std::string suffix = req.portal_origin.substr(req.portal_origin.find("//") + 2);
  auto colon = suffix.rfind(':');
  suffix = colon == std::string::npos || suffix.find(']') > colon ? "" : suffix.substr(colon);
  std::string scheme = req.portal_origin.substr(0, req.portal_origin.find("//"));
  json kec = json::array();
  std::map<std::int64_t, std::string> desa_url;
  std::size_t shown_kec = 0;
  for (std::size_t k = 0; k < dir.kecamatan.size(); ++k) {
    if (!only_kec.empty() && dir.kecamatan[k].slug != only_kec) continue;
    json list = json::array();
    for (const auto& d : dir.desa) {
      if (d.kecamatan != k || d.status == "archived") continue;
      if (!needle.empty() && to_lower_ascii(d.nama).find(needle) == std::string::npos &&
          to_lower_ascii(dir.kecamatan[k].nama).find(needle) == std::string::npos)
        continue;
      list.push_back({{"label", label_of(d)}, {"url", scheme + "//" + dir.primary_host(d, req.portal_origin.substr(req.portal_origin.find("//") + 2, req.portal_origin.size() - suffix.size() - req.portal_origin.find("//") - 2)) + suffix + "/"},
                      {"suspended", d.status == "suspended"}});
    }
    if (list.empty()) continue;
    ++shown_kec;
    kec.push_back({{"nama", dir.kecamatan[k].nama}, {"slug", dir.kecamatan[k].slug}, {"desa", list}});
  }
  if (!only_kec.empty() && shown_kec == 0) return render_notice(themes, 404, "not_found_title", "portal_not_found", "/");
  json feed = json::array();
  if (only_kec.empty() && q.empty()) {
    for (const auto& r : tx.exec(
             "SELECT desa_id, slug, title, excerpt, " + local_parts("published_at", tx.quote(req.time_zone)) +
             " FROM regency_feed WHERE published_at <= now() ORDER BY published_at DESC LIMIT 8")) {
      const DesaEntry* d = dir.find(r[0].as<std::int64_t>());
      if (!d || d->status != "active") continue;
      Local l = parse_local(r[4], r[5]);
      std::string host = dir.primary_host(*d, req.portal_origin.substr(req.portal_origin.find("//") + 2, req.portal_origin.size() - suffix.size() - req.portal_origin.find("//") - 2));
      feed.push_back({{"title", r[2].as<std::string>()}, {"excerpt", r[3].as<std::string>()}, {"desa", label_of(*d)},
                      {"tanggal", tanggal(l)}, {"iso", l.iso}, {"url", scheme + "//" + host + suffix + "/berita/" + l.y + "/" + l.m + "/" + r[1].as<std::string>()}});
    }
  }
  json d = {{"portal_name", only_kec.empty() ? name : themes.text("kecamatan") + " " + kec[0]["nama"].get<std::string>()},
            {"jumlah_desa", std::to_string(dir.desa.size())}, {"jumlah_kecamatan", std::to_string(dir.kecamatan.size())},
            {"kecamatan", kec}, {"feed", feed}, {"q", q}};
  d["site"] = {{"label", name}, {"warna", "#0b6e4f"}, {"tagline", themes.text("portal_intro")}};
  d["page"] = {{"title", only_kec.empty() ? name : d["portal_name"].get<std::string>() + " — " + name},
               {"description", themes.text("portal_intro") + " " + dir.kabupaten_nama},
               {"canonical", req.portal_origin + req.path},
               {"og_type", "website"}};
  Rendered r;
  r.body = themes.render(Themes::kDefault, "portal", std::move(d));
  r.valid_until = clock::now() + std::chrono::seconds(60);  // the cross-village feed refreshes each minute
  return r;
}

}  // namespace balai::site
