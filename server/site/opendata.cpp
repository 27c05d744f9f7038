#include "server/site/opendata.hpp"

#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <set>
#include <shared_mutex>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "server/content/richtext.hpp"
#include "server/core/host.hpp"
#include "server/core/tar.hpp"
#include "server/core/text.hpp"
#include "server/db/pool.hpp"
#include "server/site/village.hpp"

namespace balai::site {

using ojson = nlohmann::ordered_json;
using sys_clock = std::chrono::system_clock;

namespace {

constexpr int kDefaultPerPage = 100;
constexpr int kMaxPerPage = 500;
constexpr std::size_t kMaxAddresses = 100000;
// The condition under which a village site shows a post (village.cpp, kPublished).
constexpr const char* kPublishedPost = "p.status IN ('published', 'scheduled') AND p.published_at <= now()";

constexpr const char* kAttribution =
    "Kode wilayah mengikuti Kepmendagri No 300.2.2-2138/2430 Tahun 2025 dengan format PP.KK.CC.DDDD "
    "(provinsi.kabupaten.kecamatan.desa); bagian terakhir yang diawali 1 (1001-1999) adalah kelurahan, yang diawali 2 "
    "(2001-2999) adalah desa. Daftar kode dikonversi dari db/wilayah.sql pada repositori publik cahyadsn/wilayah "
    "(MIT License, Copyright (c) 2017-2025 Cahya DSN) yang menghimpun keputusan tersebut. Sertakan catatan ini bersama data.";

// ---------------------------------------------------------------- text

std::string dump(const ojson& j) { return j.dump(-1, ' ', false, ojson::error_handler_t::replace); }

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) out += hex[md[i] >> 4], out += hex[md[i] & 15];
  return out;
}

bool digits(std::string_view s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos; }

// "33.24.01": what the registry accepts for kecamatan.kode.
bool valid_kecamatan_kode(std::string_view k) {
  return k.size() == 8 && digits(k.substr(0, 2)) && k[2] == '.' && digits(k.substr(3, 2)) && k[5] == '.' && digits(k.substr(6, 2));
}

// "33.24.01.2001": what the registry accepts for desa.kode.
bool valid_desa_kode(std::string_view k) {
  return k.size() == 13 && valid_kecamatan_kode(k.substr(0, 8)) && k[8] == '.' && digits(k.substr(9, 4)) && k[9] != '0';
}

std::string iso_utc(sys_clock::time_point t) {
  std::time_t tt = sys_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

ojson text_of(const pqxx::field& f) { return f.is_null() ? ojson(nullptr) : ojson(f.as<std::string>()); }
ojson integer_of(const pqxx::field& f) { return f.is_null() ? ojson(nullptr) : ojson(f.as<std::int64_t>()); }
// numeric columns, read as text: independent of any locale.
ojson decimal_of(const pqxx::field& f) {
  if (f.is_null()) return nullptr;
  std::string s = f.as<std::string>();
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return nullptr;
  return v;
}

// ---------------------------------------------------------------- CSV

struct Column {
  const char* header;
  const char* path;  // '/'-separated keys into a row
};

const ojson* at_path(const ojson& row, std::string_view path) {
  const ojson* cur = &row;
  while (!path.empty()) {
    auto slash = path.find('/');
    std::string key(path.substr(0, slash));
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    cur = &*it;
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return cur;
}

// A value as cell text; `text` says whether it came from stored text (numbers never need neutralising).
std::string cell_text(const ojson& v, bool& text) {
  text = false;
  if (v.is_null()) return "";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return dump(v);
  text = true;
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    // A list in one cell: entries joined by "; ", the parts of an entry by " — ".
    std::string out;
    for (const auto& e : v) {
      std::string entry;
      bool t = false;
      if (e.is_object()) {
        for (auto it = e.begin(); it != e.end(); ++it) {
          std::string part = cell_text(it.value(), t);
          if (!part.empty()) entry += (entry.empty() ? "" : " — ") + part;
        }
      } else {
        entry = cell_text(e, t);
      }
      if (!entry.empty()) out += (out.empty() ? "" : "; ") + entry;
    }
    return out;
  }
  return dump(v);
}

// RFC 4180 quoting; text a spreadsheet would run as a formula gets a leading apostrophe.
void put_cell(std::string& out, const ojson* v) {
  bool text = false;
  std::string s = v ? cell_text(*v, text) : std::string();
  if (text && !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos) s.insert(0, 1, '\'');
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string to_csv(const std::vector<Column>& columns, const ojson& rows) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ',';
    ojson header = columns[i].header;
    put_cell(out, &header);
  }
  out += "\r\n";
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ',';
      put_cell(out, at_path(row, columns[i].path));
    }
    out += "\r\n";
  }
  return out;
}

// One object per line: readable, and diffs well between two exports.
std::string json_lines(const ojson& rows) {
  if (rows.empty()) return "[]\n";
  std::string out = "[\n";
  for (std::size_t i = 0; i < rows.size(); ++i) out += dump(rows[i]) + (i + 1 < rows.size() ? ",\n" : "\n");
  return out + "]\n";
}

// ---------------------------------------------------------------- rows

// The village site's origin, or "" when it is not served (archived).
std::string site_origin(const Directory& dir, const DesaEntry& d, const Publisher& pub) {
  if (d.status != "active") return "";
  return pub.scheme + "://" + dir.primary_host(d, pub.base_domain) + pub.port_suffix;
}

// A village's identity, from the directory snapshot alone.
ojson desa_row(const Directory& dir, const DesaEntry& d, const Publisher& pub) {
  const auto& kec = dir.kecamatan[d.kecamatan];
  std::string origin = site_origin(dir, d, pub);
  ojson r = ojson::object();
  r["kode"] = d.kode;
  r["nama"] = d.nama;
  r["jenis"] = d.jenis;
  r["kecamatan"] = {{"kode", kec.kode}, {"nama", kec.nama}};
  r["kabupaten"] = {{"kode", d.kode.substr(0, 5)}, {"nama", dir.kabupaten_nama.empty() ? ojson(nullptr) : ojson(dir.kabupaten_nama)}};
  r["url"] = origin.empty() ? ojson(nullptr) : ojson(origin + "/");
  r["status"] = d.status == "active" ? "aktif" : "arsip";
  return r;
}

const std::vector<Column> kDesaColumns = {
    {"kode", "kode"},           {"nama", "nama"},
    {"jenis", "jenis"},         {"kecamatan_kode", "kecamatan/kode"},
    {"kecamatan_nama", "kecamatan/nama"}, {"kabupaten_kode", "kabupaten/kode"},
    {"kabupaten_nama", "kabupaten/nama"}, {"url", "url"},
    {"status", "status"}};

// Villages published in the open data: every one but the suspended, by kode.
std::vector<const DesaEntry*> listed(const Directory& dir, const std::string& kecamatan_kode) {
  std::vector<const DesaEntry*> out;
  for (const auto& d : dir.desa) {
    if (d.status == "suspended") continue;
    if (!kecamatan_kode.empty() && dir.kecamatan[d.kecamatan].kode != kecamatan_kode) continue;
    out.push_back(&d);
  }
  std::sort(out.begin(), out.end(), [](const DesaEntry* a, const DesaEntry* b) { return a->kode < b->kode; });
  return out;
}

struct Query {
  int halaman = 1;
  int per_halaman = kDefaultPerPage;
  int tahun = 0;     // apbdes: only this year (0: every year the site offers)
  bool all = false;  // the export: every row, no pages
};

struct Rows {
  ojson data = ojson::array();
  ojson meta = ojson::object();  // envelope fields besides data
  std::int64_t total = 0;        // paginated datasets: rows over all pages
  sys_clock::time_point valid_until = sys_clock::time_point::max();
};

// One village inside its tenant transaction.
struct Source {
  pqxx::work& tx;
  const Directory& dir;
  const DesaEntry& desa;
  const Publisher& pub;
};

ojson row_of(const Source& s) {
  ojson r = ojson::object();
  r["kode_desa"] = s.desa.kode;
  return r;
}

// The profile: identity plus what the profile, contact and geography pages show.
Rows profil(const Source& s, const Query&) {
  ojson p = desa_row(s.dir, s.desa, s.pub);
  const auto id = s.desa.id;
  auto t = s.tx.exec_params("SELECT tagline FROM site_settings WHERE desa_id = $1", id);
  p["slogan"] = t.empty() ? std::string() : t[0][0].as<std::string>();
  static const std::pair<const char*, const char*> slots[] = {
      {"sambutan", "sambutan"}, {"sejarah", "sejarah"}, {"visi-misi", "visi_misi"}, {"geografi", "geografi"}, {"struktur", "struktur"}};
  ojson teks = ojson::object();
  for (auto [slot, key] : slots) teks[key] = nullptr;
  for (const auto& r : s.tx.exec_params(
           "SELECT slot, title, body::text FROM pages WHERE desa_id = $1 AND status = 'published'"
           " AND slot IN ('sambutan', 'sejarah', 'visi-misi', 'geografi', 'struktur')",
           id)) {
    std::string slot = r[0].as<std::string>();
    for (auto [name, key] : slots)
      if (slot == name)
        teks[key] = {{"judul", r[1].as<std::string>()}, {"teks", content::render_richtext(r[2].as<std::string>()).plain}};
  }
  p["profil"] = teks;
  auto k = s.tx.exec_params("SELECT alamat, telepon, whatsapp, email, jam_kerja, facebook, instagram, youtube FROM kontak WHERE desa_id = $1", id);
  if (k.empty()) {
    p["kontak"] = nullptr;
  } else {
    ojson c = ojson::object();
    const char* names[] = {"alamat", "telepon", "whatsapp", "email", "jam_kerja", "facebook", "instagram", "youtube"};
    for (int i = 0; i < 8; ++i) {
      std::string v = k[0][i].as<std::string>();
      if (i >= 5 && !v.starts_with("https://")) v.clear();  // the contact page links https only
      c[names[i]] = v;
    }
    p["kontak"] = c;
  }
  auto g = s.tx.exec_params(
      "SELECT luas_ha::text, batas_utara, batas_selatan, batas_timur, batas_barat, latitude::text, longitude::text"
      " FROM geografi WHERE desa_id = $1", id);
  if (g.empty()) {
    p["geografi"] = nullptr;
  } else {
    const auto& r = g[0];
    bool point = !r[5].is_null() && !r[6].is_null();  // shown only as a pair
    p["geografi"] = {{"luas_ha", decimal_of(r[0])},        {"batas_utara", r[1].as<std::string>()},
                     {"batas_selatan", r[2].as<std::string>()}, {"batas_timur", r[3].as<std::string>()},
                     {"batas_barat", r[4].as<std::string>()},   {"latitude", point ? decimal_of(r[5]) : ojson(nullptr)},
                     {"longitude", point ? decimal_of(r[6]) : ojson(nullptr)}};
  }
  Rows out;
  out.data.push_back(std::move(p));
  out.total = 1;
  return out;
}

// As /perangkat shows them: in the village's order, at most 100.
Rows perangkat(const Source& s, const Query&) {
  Rows out;
  int n = 0;
  for (const auto& r : s.tx.exec_params("SELECT nama, jabatan FROM perangkat WHERE desa_id = $1 ORDER BY urutan, id LIMIT 100", s.desa.id)) {
    ojson row = row_of(s);
    row["urutan"] = ++n;
    row["nama"] = r[0].as<std::string>();
    row["jabatan"] = r[1].as<std::string>();
    out.data.push_back(std::move(row));
  }
  out.total = n;
  return out;
}

Rows lembaga(const Source& s, const Query&) {
  Rows out;
  for (const auto& r : s.tx.exec_params("SELECT nama, singkatan, ketua, deskripsi FROM lembaga WHERE desa_id = $1 ORDER BY urutan, nama",
                                        s.desa.id)) {
    ojson row = row_of(s);
    row["nama"] = r[0].as<std::string>();
    row["singkatan"] = r[1].as<std::string>();
    row["ketua"] = r[2].as<std::string>();
    row["deskripsi"] = r[3].as<std::string>();
    out.data.push_back(std::move(row));
  }
  out.total = static_cast<std::int64_t>(out.data.size());
  return out;
}

// A BUMDes list as the site shows it: entries with a text `a`, and `b` when it is text (or a whole number).
ojson entries(const std::string& stored, const char* a, const char* b, bool number) {
  ojson out = ojson::array();
  auto list = nlohmann::json::parse(stored, nullptr, false);
  if (!list.is_array()) return out;
  for (const auto& e : list) {
    if (!e.is_object() || !e.contains(a) || !e.at(a).is_string()) continue;
    ojson item = ojson::object();
    item[a] = e.at(a).get<std::string>();
    item[b] = nullptr;
    if (e.contains(b)) {
      const auto& v = e.at(b);
      if (number && v.is_number_integer()) item[b] = v.get<std::int64_t>();
      if (!number && v.is_string() && !v.get<std::string>().empty()) item[b] = v.get<std::string>();
    }
    out.push_back(std::move(item));
  }
  return out;
}

Rows bumdes(const Source& s, const Query&) {
  Rows out;
  for (const auto& r : s.tx.exec_params(
           "SELECT nama, badan_hukum, tahun_berdiri, deskripsi, kontak, unit_usaha::text, pengurus::text, produk::text FROM bumdes"
           " WHERE desa_id = $1 ORDER BY id", s.desa.id)) {
    ojson row = row_of(s);
    row["nama"] = r[0].as<std::string>();
    row["badan_hukum"] = r[1].as<std::string>();
    row["tahun_berdiri"] = integer_of(r[2]);
    row["deskripsi"] = r[3].as<std::string>();
    row["kontak"] = r[4].as<std::string>();
    row["unit_usaha"] = entries(r[5].as<std::string>(), "nama", "deskripsi", false);
    row["pengurus"] = entries(r[6].as<std::string>(), "nama", "jabatan", false);
    row["produk"] = entries(r[7].as<std::string>(), "nama", "harga", true);
    out.data.push_back(std::move(row));
  }
  out.total = static_cast<std::int64_t>(out.data.size());
  return out;
}

Rows pendidikan(const Source& s, const Query&) {
  Rows out;
  for (const auto& r : s.tx.exec_params("SELECT jenjang, nama, alamat, murid FROM sekolah WHERE desa_id = $1 ORDER BY jenjang, nama", s.desa.id)) {
    ojson row = row_of(s);
    row["jenjang"] = r[0].as<std::string>();
    row["nama"] = r[1].as<std::string>();
    row["alamat"] = r[2].as<std::string>();
    row["murid"] = integer_of(r[3]);
    out.data.push_back(std::move(row));
  }
  out.total = static_cast<std::int64_t>(out.data.size());
  return out;
}

// Products, commodities and tourism, without the seller's name and WhatsApp (personal data).
Rows potensi(const Source& s, const Query&) {
  Rows out;
  for (const auto& r : s.tx.exec_params("SELECT jenis, nama, deskripsi, harga, satuan FROM produk WHERE desa_id = $1 ORDER BY jenis, nama",
                                        s.desa.id)) {
    ojson row = row_of(s);
    row["jenis"] = r[0].as<std::string>();
    row["nama"] = r[1].as<std::string>();
    row["deskripsi"] = r[2].as<std::string>();
    row["harga"] = integer_of(r[3]);
    row["satuan"] = r[4].as<std::string>();
    out.data.push_back(std::move(row));
  }
  out.total = static_cast<std::int64_t>(out.data.size());
  return out;
}

// The latest year only, as /statistik shows it.
Rows statistik(const Source& s, const Query&) {
  Rows out;
  out.meta["tahun"] = nullptr;
  auto year = s.tx.exec_params("SELECT max(tahun) FROM statistik WHERE desa_id = $1", s.desa.id);
  if (year.empty() || year[0][0].is_null()) return out;
  int tahun = year[0][0].as<int>();
  out.meta["tahun"] = tahun;
  for (const auto& r : s.tx.exec_params(
           "SELECT kategori, label, laki, perempuan FROM statistik WHERE desa_id = $1 AND tahun = $2"
           " ORDER BY array_position(ARRAY['jenis_kelamin', 'umur', 'pendidikan', 'pekerjaan', 'agama']::text[], kategori), urutan, label",
           s.desa.id, tahun)) {
    ojson row = row_of(s);
    std::int64_t laki = r[2].as<std::int64_t>(), perempuan = r[3].as<std::int64_t>();
    row["tahun"] = tahun;
    row["kategori"] = r[0].as<std::string>();
    row["kelompok"] = r[1].as<std::string>();
    row["laki_laki"] = laki;
    row["perempuan"] = perempuan;
    row["jumlah"] = laki + perempuan;
    out.data.push_back(std::move(row));
  }
  out.total = static_cast<std::int64_t>(out.data.size());
  return out;
}

// The (at most ten) latest years /apbdes offers, or one of them.
Rows apbdes(const Source& s, const Query& q) {
  Rows out;
  ojson years = ojson::array();
  for (const auto& r : s.tx.exec_params("SELECT DISTINCT tahun FROM apbdes WHERE desa_id = $1 ORDER BY tahun DESC LIMIT 10", s.desa.id))
    years.push_back(r[0].as<int>());
  out.meta["tahun_tersedia"] = years;
  if (years.empty()) return out;
  int from = years.back().get<int>(), to = years.front().get<int>();
  if (q.tahun) {
    if (std::find(years.begin(), years.end(), ojson(q.tahun)) == years.end()) return out;
    from = to = q.tahun;
  }
  for (const auto& r : s.tx.exec_params(
           "SELECT tahun, jenis, uraian, anggaran, realisasi FROM apbdes WHERE desa_id = $1 AND tahun BETWEEN $2 AND $3"
           " ORDER BY tahun DESC, array_position(ARRAY['pendapatan', 'belanja', 'pembiayaan']::text[], jenis), urutan, uraian",
           s.desa.id, from, to)) {
    ojson row = row_of(s);
    row["tahun"] = r[0].as<int>();
    row["jenis"] = r[1].as<std::string>();
    row["uraian"] = r[2].as<std::string>();
    row["anggaran"] = r[3].as<std::int64_t>();
    row["realisasi"] = r[4].as<std::int64_t>();
    out.data.push_back(std::move(row));
  }
  out.total = static_cast<std::int64_t>(out.data.size());
  return out;
}

// Published news, newest first: what /berita lists.
Rows berita(const Source& s, const Query& q) {
  Rows out;
  const auto id = s.desa.id;
  out.total = s.tx.exec_params("SELECT count(*) FROM posts p WHERE p.desa_id = $1 AND " + std::string(kPublishedPost), id)[0][0].as<std::int64_t>();
  // A scheduled post goes live by itself: an answer cached before is stale from then on.
  auto next = s.tx.exec_params(
      "SELECT extract(epoch FROM min(p.published_at))::bigint FROM posts p WHERE p.desa_id = $1"
      " AND p.status IN ('published', 'scheduled') AND p.published_at > now()", id);
  if (!next.empty() && !next[0][0].is_null()) out.valid_until = sys_clock::time_point(std::chrono::seconds(next[0][0].as<long long>()));
  const std::int64_t limit = q.all ? out.total : q.per_halaman;
  const std::int64_t offset = q.all ? 0 : static_cast<std::int64_t>(q.halaman - 1) * q.per_halaman;
  if (limit <= 0 || offset >= out.total) return out;
  const std::string origin = site_origin(s.dir, s.desa, s.pub);
  for (const auto& r : s.tx.exec_params(
           "SELECT p.title, p.excerpt, CASE WHEN p.excerpt = '' THEN left(p.body_text, 800) ELSE '' END, c.nama, p.kind,"
           " to_char(p.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
           " to_char(p.published_at AT TIME ZONE " + s.tx.quote(s.pub.time_zone) + ", 'YYYY/MM'), p.slug"
           " FROM posts p LEFT JOIN categories c ON c.desa_id = p.desa_id AND c.id = p.category_id"
           " WHERE p.desa_id = $1 AND " + kPublishedPost + " ORDER BY p.published_at DESC, p.id DESC LIMIT $2 OFFSET $3",
           id, limit, offset)) {
    ojson row = row_of(s);
    std::string ringkasan = r[1].as<std::string>();
    if (ringkasan.empty()) ringkasan = content::excerpt(r[2].as<std::string>(), 200);
    row["judul"] = r[0].as<std::string>();
    row["ringkasan"] = ringkasan;
    row["kategori"] = text_of(r[3]);
    row["jenis"] = r[4].as<std::string>();
    row["tanggal_terbit"] = r[5].as<std::string>();
    row["url"] = origin.empty() ? ojson(nullptr) : ojson(origin + "/berita/" + r[6].as<std::string>() + "/" + r[7].as<std::string>());
    out.data.push_back(std::move(row));
  }
  return out;
}

struct Dataset {
  const char* name;
  Rows (*build)(const Source&, const Query&);
  std::vector<Column> columns;
  bool paged = false;
  bool single = false;  // one object per village: the profile, at /desa/{kode}
  const char* keterangan = "";
};

const std::vector<Dataset>& datasets() {
  static const std::vector<Dataset> all = [] {
    std::vector<Column> profil_columns = kDesaColumns;
    for (Column c : std::initializer_list<Column>{
             {"slogan", "slogan"}, {"sambutan", "profil/sambutan/teks"}, {"sejarah", "profil/sejarah/teks"},
             {"visi_misi", "profil/visi_misi/teks"}, {"geografi", "profil/geografi/teks"}, {"struktur", "profil/struktur/teks"},
             {"alamat", "kontak/alamat"}, {"telepon", "kontak/telepon"}, {"whatsapp", "kontak/whatsapp"}, {"email", "kontak/email"},
             {"jam_kerja", "kontak/jam_kerja"}, {"facebook", "kontak/facebook"}, {"instagram", "kontak/instagram"},
             {"youtube", "kontak/youtube"}, {"luas_ha", "geografi/luas_ha"}, {"batas_utara", "geografi/batas_utara"},
             {"batas_selatan", "geografi/batas_selatan"}, {"batas_timur", "geografi/batas_timur"},
             {"batas_barat", "geografi/batas_barat"}, {"latitude", "geografi/latitude"}, {"longitude", "geografi/longitude"}})
      profil_columns.push_back(c);
    return std::vector<Dataset>{
        {"profil", profil, profil_columns, false, true, "profil: slogan, teks profil, kontak kantor, geografi"},
        {"perangkat", perangkat, {{"kode_desa", "kode_desa"}, {"urutan", "urutan"}, {"nama", "nama"}, {"jabatan", "jabatan"}}, false, false,
         "perangkat desa: nama dan jabatan"},
        {"lembaga", lembaga,
         {{"kode_desa", "kode_desa"}, {"nama", "nama"}, {"singkatan", "singkatan"}, {"ketua", "ketua"}, {"deskripsi", "deskripsi"}}, false, false,
         "lembaga desa"},
        {"bumdes", bumdes,
         {{"kode_desa", "kode_desa"}, {"nama", "nama"}, {"badan_hukum", "badan_hukum"}, {"tahun_berdiri", "tahun_berdiri"},
          {"deskripsi", "deskripsi"}, {"kontak", "kontak"}, {"unit_usaha", "unit_usaha"}, {"pengurus", "pengurus"}, {"produk", "produk"}},
         false, false, "badan usaha milik desa"},
        {"pendidikan", pendidikan,
         {{"kode_desa", "kode_desa"}, {"jenjang", "jenjang"}, {"nama", "nama"}, {"alamat", "alamat"}, {"murid", "murid"}}, false, false,
         "sekolah dan PAUD"},
        {"potensi", potensi,
         {{"kode_desa", "kode_desa"}, {"jenis", "jenis"}, {"nama", "nama"}, {"deskripsi", "deskripsi"}, {"harga", "harga"}, {"satuan", "satuan"}},
         false, false, "produk UMKM, komoditas dan wisata (tanpa nama dan nomor penjual)"},
        {"statistik", statistik,
         {{"kode_desa", "kode_desa"}, {"tahun", "tahun"}, {"kategori", "kategori"}, {"kelompok", "kelompok"}, {"laki_laki", "laki_laki"},
          {"perempuan", "perempuan"}, {"jumlah", "jumlah"}},
         false, false, "statistik penduduk agregat, tahun terbaru"},
        {"apbdes", apbdes,
         {{"kode_desa", "kode_desa"}, {"tahun", "tahun"}, {"jenis", "jenis"}, {"uraian", "uraian"}, {"anggaran", "anggaran"},
          {"realisasi", "realisasi"}},
         false, false, "APBDes: anggaran dan realisasi, sepuluh tahun terakhir"},
        {"berita", berita,
         {{"kode_desa", "kode_desa"}, {"judul", "judul"}, {"ringkasan", "ringkasan"}, {"kategori", "kategori"}, {"jenis", "jenis"},
          {"tanggal_terbit", "tanggal_terbit"}, {"url", "url"}},
         true, false, "berita yang terbit: judul, ringkasan, tanggal dan alamat"},
    };
  }();
  return all;
}

const Dataset* find_dataset(std::string_view name) {
  for (const auto& d : datasets())
    if (!d.single && name == d.name) return &d;
  return nullptr;
}

const Dataset& profile_dataset() { return datasets().front(); }

// ---------------------------------------------------------------- HTTP

struct Answer {
  std::uint64_t generation = 0;
  sys_clock::time_point valid_until;
  std::string content_type, etag, link, filename;
  std::shared_ptr<const std::string> body;
};

class AnswerCache {
 public:
  explicit AnswerCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const Answer> get(const std::string& key, std::uint64_t generation) const {
    std::shared_lock lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second->generation != generation || sys_clock::now() >= it->second->valid_until) return nullptr;
    return it->second;
  }

  void put(const std::string& key, std::shared_ptr<const Answer> a) {
    std::size_t size = size_of(key, *a);
    if (size > max_bytes_ / 4) return;
    std::unique_lock lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      bytes_ -= size_of(it->first, *it->second);
      entries_.erase(it);
    }
    for (auto it = entries_.begin(); bytes_ + size > max_bytes_ && it != entries_.end();) {
      bytes_ -= size_of(it->first, *it->second);
      it = entries_.erase(it);
    }
    bytes_ += size;
    entries_.emplace(key, std::move(a));
  }

 private:
  static std::size_t size_of(const std::string& key, const Answer& a) { return key.size() + a.body->size() + a.link.size() + 256; }
  std::size_t max_bytes_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Answer>> entries_;
  std::size_t bytes_ = 0;
};

void common_headers(http::Response& r) {
  r.set("Access-Control-Allow-Origin", "*");
  r.set("Access-Control-Expose-Headers", "ETag, Link, Retry-After");
  r.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
}

http::Response error(int status, const std::string& message) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.set("Cache-Control", "no-store");
  common_headers(r);
  ojson body = ojson::object();
  body["galat"] = message;
  r.body = dump(body) + "\n";
  return r;
}

http::Response busy() {
  auto r = error(503, "Server sedang sibuk. Coba lagi sebentar lagi.");
  r.set("Retry-After", "2");
  return r;
}

// If-None-Match: a list of entity tags, compared weakly (RFC 9110), or "*".
bool etag_matches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view tag = trim(header.substr(0, comma));
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

http::Response respond_with(const Answer& a, const std::string& if_none_match) {
  http::Response r;
  r.content_type = a.content_type;
  r.set("Cache-Control", "public, max-age=300");
  r.set("ETag", a.etag);
  if (!a.link.empty()) r.set("Link", a.link);
  common_headers(r);
  if (etag_matches(if_none_match, a.etag)) {
    r.status = 304;
    return r;
  }
  if (!a.filename.empty()) r.set("Content-Disposition", "attachment; filename=\"" + a.filename + "\"");
  r.shared_body = a.body;
  return r;
}

std::shared_ptr<const Answer> make_answer(std::string body, bool csv, std::string link, std::string filename, std::uint64_t generation,
                                          sys_clock::time_point valid_until) {
  auto a = std::make_shared<Answer>();
  a->etag = "\"" + sha256_hex(body).substr(0, 32) + "\"";
  a->content_type = csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
  a->link = std::move(link);
  a->filename = std::move(filename);
  a->generation = generation;
  // Content changes arrive as generations; the cap bounds what a missed notification could cost.
  a->valid_until = std::min(valid_until, sys_clock::now() + std::chrono::minutes(10));
  a->body = std::make_shared<const std::string>(std::move(body));
  return a;
}

// RFC 8288 links to the neighbouring, first and last pages.
std::string page_links(const std::string& base, const std::string& fixed_query, const Query& q, std::int64_t total) {
  const std::int64_t last = std::max<std::int64_t>(1, (total + q.per_halaman - 1) / q.per_halaman);
  auto link = [&](std::int64_t page, const char* rel) {
    return "<" + base + "?" + fixed_query + "halaman=" + std::to_string(page) + "&per_halaman=" + std::to_string(q.per_halaman) +
           ">; rel=\"" + rel + "\"";
  };
  std::string out;
  auto add = [&](std::string l) { out += (out.empty() ? "" : ", ") + l; };
  if (q.halaman < last) add(link(q.halaman + 1, "next"));
  if (q.halaman > 1) add(link(std::min<std::int64_t>(q.halaman - 1, last), "prev"));
  add(link(1, "first"));
  add(link(last, "last"));
  return out;
}

std::string village_json(const Dataset& ds, const DesaEntry& d, const Rows& rows, const Query& q) {
  ojson out = ojson::object();
  if (ds.single) {
    out["data"] = rows.data.empty() ? ojson(nullptr) : rows.data[0];
    return dump(out) + "\n";
  }
  out["kode_desa"] = d.kode;
  for (auto it = rows.meta.begin(); it != rows.meta.end(); ++it) out[it.key()] = it.value();
  out["data"] = rows.data;
  if (ds.paged) {
    out["halaman"] = q.halaman;
    out["per_halaman"] = q.per_halaman;
    out["total"] = rows.total;
  }
  return dump(out) + "\n";
}

}  // namespace

struct OpenData::Cache : AnswerCache {
  using AnswerCache::AnswerCache;
};

int MinuteLimiter::check(const std::string& address, std::int64_t now_seconds) {
  const std::int64_t window = now_seconds / 60;
  std::lock_guard lock(mutex_);
  auto it = seen_.find(address);
  if (it == seen_.end()) {
    if (seen_.size() >= kMaxAddresses && pruned_window_ != window) {
      std::erase_if(seen_, [&](const auto& e) { return e.second.window != window; });
      pruned_window_ = window;
    }
    // Every remembered address was active this minute: a newcomer passes uncounted
    // (the bounded database queue still protects the server).
    if (seen_.size() >= kMaxAddresses) return 0;
    it = seen_.emplace(address, Slot{window, 0}).first;
  }
  Slot& s = it->second;
  if (s.window != window) s = Slot{window, 0};
  if (s.count >= limit_) return static_cast<int>(60 - now_seconds % 60);
  ++s.count;
  return 0;
}

OpenData::OpenData(OpenDataConfig config, db::Pool& pool, Generation generation)
    : config_(std::move(config)),
      pool_(pool),
      generation_(std::move(generation)),
      limiter_(config_.requests_per_minute),
      cache_(std::make_unique<Cache>(config_.cache_bytes)) {}

OpenData::~OpenData() = default;

void OpenData::handle(const http::Request& req, http::Context& ctx, std::shared_ptr<const Directory> dir, http::Respond respond) {
  if (!req.path.starts_with("/api/v1/")) return respond(error(404, "Alamat API tidak ditemukan."));
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  if (int wait = limiter_.check(ctx.client_ip, now); wait > 0) {
    auto r = error(429, "Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam " + std::to_string(wait) + " detik.");
    r.set("Retry-After", std::to_string(wait));
    return respond(std::move(r));
  }
  if (req.method == "OPTIONS") {  // CORS preflight
    http::Response r;
    r.status = 204;
    r.content_type = "text/plain; charset=utf-8";
    common_headers(r);
    r.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
    r.set("Access-Control-Allow-Headers", "If-None-Match");
    r.set("Access-Control-Max-Age", "86400");
    return respond(std::move(r));
  }
  if (req.method != "GET" && req.method != "HEAD") {
    auto r = error(405, "Metode tidak didukung: API data terbuka hanya melayani GET dan HEAD.");
    r.set("Allow", "GET, HEAD, OPTIONS");
    return respond(std::move(r));
  }
  if (req.target.size() > 2048) return respond(error(400, "Alamat permintaan terlalu panjang."));

  // Route: desa | desa/{kode} | desa/{kode}/{dataset}, each with an optional .csv or .json.
  std::vector<std::string_view> parts;
  for (std::string_view rest = std::string_view(req.path).substr(8);;) {  // after "/api/v1/"
    auto slash = rest.find('/');
    parts.push_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  bool csv = false, suffix = false;
  if (parts.back().ends_with(".csv")) {
    csv = suffix = true;
    parts.back().remove_suffix(4);
  } else if (parts.back().ends_with(".json")) {
    suffix = true;
    parts.back().remove_suffix(5);
  }
  const Dataset* ds = nullptr;
  std::string kode;
  // An empty segment ("desa/", "desa//perangkat", "desa/.csv") is no address.
  const bool blank = std::any_of(parts.begin(), parts.end(), [](std::string_view p) { return p.empty(); });
  if (!blank && parts.size() == 2 && parts[0] == "desa") {
    ds = &profile_dataset();
    kode = parts[1];
  } else if (!blank && parts.size() == 3 && parts[0] == "desa" && (ds = find_dataset(parts[2]))) {
    kode = parts[1];
  } else if (blank || !(parts.size() == 1 && parts[0] == "desa")) {
    return respond(error(404, "Alamat API tidak ditemukan. Gunakan /api/v1/desa, /api/v1/desa/{kode} atau /api/v1/desa/{kode}/{data}."));
  }

  // Parameters: everything malformed is 400 before anything is looked up.
  std::string format = query_param(req.query, "format");
  if (!format.empty()) {
    if (format != "csv" && format != "json") return respond(error(400, "Parameter format harus json atau csv."));
    if (suffix && (format == "csv") != csv) return respond(error(400, "Parameter format bertentangan dengan akhiran alamat (.csv atau .json)."));
    csv = format == "csv";
  }
  if (ds && !valid_desa_kode(kode))
    return respond(error(400, "Kode desa tidak valid: gunakan kode wilayah PP.KK.CC.DDDD, misalnya 33.24.01.2001."));
  Query q;
  std::string halaman, per_halaman;
  if (!ds || ds->paged) {
    halaman = query_param(req.query, "halaman");
    per_halaman = query_param(req.query, "per_halaman");
    if (!halaman.empty()) {
      if (!digits(halaman) || halaman.size() > 6 || std::stoi(halaman) < 1)
        return respond(error(400, "Parameter halaman harus bilangan bulat mulai dari 1."));
      q.halaman = std::stoi(halaman);
    }
    if (!per_halaman.empty()) {
      if (!digits(per_halaman) || per_halaman.size() > 3 || std::stoi(per_halaman) < 1 || std::stoi(per_halaman) > kMaxPerPage)
        return respond(error(400, "Parameter per_halaman harus bilangan bulat 1 sampai 500."));
      q.per_halaman = std::stoi(per_halaman);
    }
  }
  std::string kecamatan;
  if (!ds) {
    kecamatan = query_param(req.query, "kecamatan");
    if (!kecamatan.empty() && !valid_kecamatan_kode(kecamatan))
      return respond(error(400, "Kode kecamatan tidak valid: gunakan kode wilayah PP.KK.CC, misalnya 33.24.01."));
  }
  if (ds && std::string_view(ds->name) == "apbdes") {
    std::string tahun = query_param(req.query, "tahun");
    if (!tahun.empty()) {
      if (!digits(tahun) || tahun.size() != 4) return respond(error(400, "Parameter tahun harus tahun empat angka, misalnya 2025."));
      q.tahun = std::stoi(tahun);
    }
  }

  const std::string port = host_port_suffix(req.host);
  const Publisher pub{config_.public_scheme, config_.base_domain, port, config_.time_zone};
  const std::string api = pub.scheme + "://" + pub.base_domain + port + "/api/v1/";
  const std::string ext = suffix ? (csv ? ".csv" : ".json") : "";
  const std::string fixed_query = (kecamatan.empty() ? "" : "kecamatan=" + kecamatan + "&") + (format.empty() ? "" : "format=" + format + "&");
  // Normalised: parameters that change nothing do not multiply cache entries.
  std::string key = std::string(ds ? ds->name : "desa") + "|" + kode + "|" + (csv ? "csv" : "json") + "|" + ext + "|" + format + "|" +
                    std::to_string(q.halaman) + "|" + std::to_string(q.per_halaman) + "|" + kecamatan + "|" +
                    std::to_string(q.tahun) + "|" + port;

  if (!ds) {  // the list: from the directory snapshot, no database
    if (!kecamatan.empty() && std::none_of(dir->kecamatan.begin(), dir->kecamatan.end(), [&](const KecamatanEntry& k) { return k.kode == kecamatan; }))
      return respond(error(404, "Kecamatan dengan kode " + kecamatan + " tidak ditemukan."));
    const std::uint64_t gen = (dir->version << 40) ^ generation_(0);
    if (auto hit = cache_->get(key, gen)) return respond(respond_with(*hit, req.if_none_match));
    auto villages = listed(*dir, kecamatan);
    const auto total = static_cast<std::int64_t>(villages.size());
    ojson rows = ojson::array();
    for (std::int64_t i = static_cast<std::int64_t>(q.halaman - 1) * q.per_halaman, end = std::min<std::int64_t>(total, i + q.per_halaman);
         i < end; ++i)
      rows.push_back(desa_row(*dir, *villages[static_cast<std::size_t>(i)], pub));
    std::string body;
    if (csv) {
      body = to_csv(kDesaColumns, rows);
    } else {
      ojson out = ojson::object();
      out["data"] = std::move(rows);
      out["halaman"] = q.halaman;
      out["per_halaman"] = q.per_halaman;
      out["total"] = total;
      body = dump(out) + "\n";
    }
    auto a = make_answer(std::move(body), csv, page_links(api + "desa" + ext, fixed_query, q, total), csv ? "desa.csv" : "", gen,
                         sys_clock::time_point::max());
    cache_->put(key, a);
    return respond(respond_with(*a, req.if_none_match));
  }

  const DesaEntry* d = nullptr;
  for (const auto& e : dir->desa)
    if (e.kode == kode) d = &e;
  if (!d) return respond(error(404, "Desa dengan kode " + kode + " tidak ditemukan."));
  if (d->status == "suspended") return respond(error(404, "Data desa dengan kode " + kode + " sedang tidak tersedia."));
  ctx.desa_id = d->id;
  const std::uint64_t gen = (dir->version << 40) ^ generation_(d->id);
  if (auto hit = cache_->get(key, gen)) return respond(respond_with(*hit, req.if_none_match));
  // The job keeps `dir` (and so `d`) alive.
  bool queued = pool_.submit([this, dir, d, ds, q, csv, pub, key = std::move(key), gen, ext, fixed_query,
                              link_base = api + "desa/" + kode + (ds->single ? "" : "/" + std::string(ds->name)) + ext,
                              if_none_match = req.if_none_match, respond](pqxx::connection* conn) {
    if (!conn) return respond(busy());
    try {
      Rows rows = db::with_tenant(*conn, d->id, [&](pqxx::work& tx) { return ds->build(Source{tx, *dir, *d, pub}, q); });
      std::string body = csv ? to_csv(ds->columns, rows.data) : village_json(*ds, *d, rows, q);
      std::string link = ds->paged ? page_links(link_base, fixed_query, q, rows.total) : "";
      std::string filename = csv ? std::string(ds->name) + "-" + d->kode + ".csv" : "";
      auto a = make_answer(std::move(body), csv, std::move(link), std::move(filename), gen, rows.valid_until);
      cache_->put(key, a);
      respond(respond_with(*a, if_none_match));
    } catch (const pqxx::broken_connection& e) {
      spdlog::warn("desa {}: database connection lost: {}", d->id, e.what());
      respond(busy());
    } catch (const std::exception& e) {
      spdlog::error("desa {}: open data {} failed: {}", d->id, ds->name, e.what());
      respond(error(500, "Terjadi kesalahan pada server. Coba lagi nanti."));
    }
  });
  if (!queued) respond(busy());
}

ExportStats export_all(pqxx::connection& conn, const Directory& dir, std::ostream& out, const std::string& kecamatan_kode,
                       const Publisher& pub) {
  const KecamatanEntry* only = nullptr;
  if (!kecamatan_kode.empty()) {
    if (!valid_kecamatan_kode(kecamatan_kode))
      throw std::invalid_argument("kode kecamatan tidak valid: " + kecamatan_kode + " (gunakan PP.KK.CC, misalnya 33.24.01)");
    for (const auto& k : dir.kecamatan)
      if (k.kode == kecamatan_kode) only = &k;
    if (!only) throw std::invalid_argument("kecamatan " + kecamatan_kode + " tidak ditemukan");
  }
  const auto villages = listed(dir, kecamatan_kode);
  const auto& sets = datasets();
  ojson desa = ojson::array();
  for (const DesaEntry* v : villages) desa.push_back(desa_row(dir, *v, pub));
  std::vector<ojson> rows(sets.size(), ojson::array());
  Query all;
  all.all = true;
  for (const DesaEntry* v : villages) {
    db::with_tenant(conn, v->id, [&](pqxx::work& tx) {
      const Source s{tx, dir, *v, pub};
      for (std::size_t i = 0; i < sets.size(); ++i) {
        Rows built = sets[i].build(s, all);
        for (auto& row : built.data) rows[i].push_back(std::move(row));
      }
    });
  }

  struct File {
    std::string name, data, dataset, format;
    std::size_t rows;
  };
  std::vector<File> files;
  ExportStats stats;
  stats.desa = villages.size();
  auto add = [&](const std::string& name, const std::vector<Column>& columns, const ojson& data) {
    files.push_back({name + ".csv", to_csv(columns, data), name, "csv", data.size()});
    files.push_back({name + ".json", json_lines(data), name, "json", data.size()});
    stats.rows.emplace_back(name, data.size());
  };
  add("desa", kDesaColumns, desa);
  for (std::size_t i = 0; i < sets.size(); ++i) add(sets[i].name, sets[i].columns, rows[i]);

  const auto now = sys_clock::now();
  const std::int64_t mtime = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  std::set<std::string> kabupaten_kode;
  for (const auto& k : dir.kecamatan) kabupaten_kode.insert(k.kode.substr(0, 5));
  const std::string judul = "Data terbuka desa dan kelurahan" + (dir.kabupaten_nama.empty() ? "" : " " + dir.kabupaten_nama);
  const std::string sumber = pub.scheme + "://" + pub.base_domain + pub.port_suffix + "/api/v1/";

  ojson manifest = ojson::object();
  manifest["judul"] = judul;
  manifest["dibuat"] = iso_utc(now);
  manifest["sumber"] = sumber;
  manifest["kabupaten"] = {{"kode", kabupaten_kode.size() == 1 ? ojson(*kabupaten_kode.begin()) : ojson(nullptr)},
                           {"nama", dir.kabupaten_nama.empty() ? ojson(nullptr) : ojson(dir.kabupaten_nama)}};
  manifest["kecamatan"] = only ? ojson{{"kode", only->kode}, {"nama", only->nama}} : ojson(nullptr);
  manifest["jumlah_desa"] = villages.size();
  ojson jumlah = ojson::object();
  for (const auto& [name, n] : stats.rows) jumlah[name] = n;
  manifest["jumlah_baris"] = jumlah;
  ojson berkas = ojson::array();
  for (const auto& f : files)
    berkas.push_back({{"nama", f.name}, {"dataset", f.dataset}, {"format", f.format}, {"baris", f.rows}, {"ukuran", f.data.size()},
                      {"sha256", sha256_hex(f.data)}});
  manifest["berkas"] = berkas;
  manifest["catatan"] = "Hanya data yang diterbitkan situs desa; tanpa data pribadi warga. Desa yang sedang ditangguhkan tidak disertakan.";
  manifest["atribusi_kode_wilayah"] = kAttribution;

  std::string readme = judul + "\n\n";
  readme += "Dibuat       : " + iso_utc(now) + " (UTC)\n";
  readme += "Sumber       : " + sumber + " (API data terbuka portal kabupaten)\n";
  readme += "Cakupan      : " + (only ? "Kecamatan " + only->nama + " (" + only->kode + ")" : std::string("seluruh kecamatan")) + "\n";
  readme += "Jumlah desa  : " + std::to_string(villages.size()) + "\n\n";
  readme += "Berkas (setiap data tersedia sebagai CSV dan JSON dengan baris yang sama):\n";
  readme += "  desa          daftar desa/kelurahan: kode, nama, jenis, kecamatan, alamat situs, status (" + std::to_string(desa.size()) + " baris)\n";
  for (std::size_t i = 0; i < sets.size(); ++i) {
    std::string name = sets[i].name;
    readme += "  " + name + std::string(name.size() < 14 ? 14 - name.size() : 1, ' ') + sets[i].keterangan + " (" +
              std::to_string(rows[i].size()) + " baris)\n";
  }
  readme +=
      "\nFormat\n"
      "- CSV: UTF-8 tanpa BOM, pemisah koma, baris pertama berisi nama kolom, tanda kutip menurut RFC 4180, akhir baris CRLF.\n"
      "  Teks yang diawali = + - @ (atau tab) diberi apostrof (') di depannya agar tidak dijalankan sebagai rumus oleh\n"
      "  aplikasi lembar kerja. Daftar (unit usaha, pengurus, produk BUMDes) ditulis dalam satu sel: entri dipisah \"; \",\n"
      "  bagian entri dipisah \" — \".\n"
      "- JSON: larik objek, satu objek per baris; angka sebagai angka, nilai kosong sebagai null.\n"
      "- Baris setiap data desa memuat kode_desa (kode wilayah desa/kelurahan); profil dan desa memuat kode.\n"
      "- manifest.json mencatat jumlah baris, ukuran dan SHA-256 setiap berkas.\n"
      "\nIsi\n"
      "Hanya data yang sudah diterbitkan di situs desa: berita yang terbit (bukan draf, menunggu, terjadwal, ditahan\n"
      "atau dibuang), halaman profil yang terbit, statistik tahun terbaru dan APBDes sepuluh tahun terakhir. Tidak memuat\n"
      "data pribadi warga: isian pengaduan dan PPID, komentar, akun pengelola dan catatan audit tidak pernah diekspor;\n"
      "nama dan nomor WhatsApp penjual produk juga tidak. Desa yang situsnya sedang ditangguhkan tidak disertakan; desa\n"
      "yang diarsipkan disertakan dengan status \"arsip\" dan tanpa alamat situs.\n"
      "\nKode wilayah\n";
  readme += std::string(kAttribution) + "\n";

  tar::Writer w(out);
  w.add("README.txt", readme, mtime);
  w.add("manifest.json", dump(manifest) + "\n", mtime);
  for (const auto& f : files) w.add(f.name, f.data, mtime);
  w.finish();
  return stats;
}

}  // namespace balai::site
