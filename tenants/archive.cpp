#include "tenants/archive.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <sstream>

#include "server/core/host.hpp"
#include "server/core/tar.hpp"
#include "tenants/registry.hpp"
#include "tenants/wilayah.hpp"

namespace balai::tenants {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

namespace {

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned i = 0; i < len; ++i) {
    out += digits[md[i] >> 4];
    out += digits[md[i] & 15];
  }
  return out;
}

// Output settings that make row_to_json give the same text on every instance.
void stable_output(pqxx::transaction_base& tx) {
  tx.exec("SET LOCAL TimeZone = 'UTC'");
  tx.exec("SET LOCAL bytea_output = 'hex'");
  tx.exec("SET LOCAL extra_float_digits = 1");
  tx.exec("SET LOCAL IntervalStyle = 'iso_8601'");
}

struct Column {
  std::string name;
  char identity = 0;  // 'a': ALWAYS, 'd': BY DEFAULT, 0: none
  bool generated = false;
  bool collatable = false;
};

struct Table {
  std::string name;
  int position = 0;
  std::vector<Column> columns;   // in attnum order
  std::vector<std::string> key;  // primary key, in key order

  const Column* column(const std::string& n) const {
    for (const auto& c : columns)
      if (c.name == n) return &c;
    return nullptr;
  }
};

// The registered village tables in position order, with their columns and keys.
std::vector<Table> village_tables(pqxx::transaction_base& tx) {
  std::vector<Table> out;
  for (const auto& r : tx.exec("SELECT name, position FROM village_tables ORDER BY position, name")) {
    Table t{r[0].as<std::string>(), r[1].as<int>(), {}, {}};
    const std::string rel = tx.quote(tx.quote_name(t.name)) + "::regclass";
    for (const auto& c : tx.exec("SELECT attname, attidentity, attgenerated <> '', attcollation <> 0 FROM pg_attribute"
                                 " WHERE attrelid = " + rel + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum"))
      t.columns.push_back({c[0].as<std::string>(), c[1].c_str()[0], c[2].as<bool>(), c[3].as<bool>()});
    for (const auto& k : tx.exec("SELECT a.attname FROM pg_index i"
                                 " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
                                 " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                                 " WHERE i.indrelid = " + rel + " AND i.indisprimary ORDER BY k.ord"))
      t.key.push_back(k[0].as<std::string>());
    out.push_back(std::move(t));
  }
  return out;
}

struct DataFile {
  std::string table, path, data, sha256;
  std::size_t rows = 0;
  std::vector<std::string> columns;
};

// Every village table's rows of one village as JSON arrays, one row per line,
// in primary-key order (text keys in byte order, whatever the collation).
std::vector<DataFile> dump_tables(pqxx::transaction_base& tx, std::int64_t id, const std::vector<Table>& tables) {
  std::vector<DataFile> out;
  for (const auto& t : tables) {
    DataFile f;
    f.table = t.name;
    f.path = "data/" + t.name + ".json";
    std::string cols;
    for (const auto& c : t.columns) {
      if (c.generated) continue;  // derived here, derived again on import
      cols += (cols.empty() ? "" : ", ") + tx.quote_name(c.name);
      f.columns.push_back(c.name);
    }
    std::string order;
    bool whole_key = !t.key.empty();
    for (const auto& k : t.key) {
      const Column* c = t.column(k);
      if (!c || c->generated) {
        whole_key = false;
        continue;
      }
      order += (order.empty() ? "" : ", ") + ("r." + tx.quote_name(k)) + (c->collatable ? " COLLATE \"C\"" : "");
    }
    if (!whole_key) order += std::string(order.empty() ? "" : ", ") + "row_to_json(r)::text COLLATE \"C\"";
    auto rows = tx.exec("SELECT row_to_json(r)::text FROM (SELECT " + cols + " FROM " + tx.quote_name(t.name) +
                        " WHERE desa_id = " + std::to_string(id) + ") r ORDER BY " + order);
    f.data = "[";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      f.data += i ? ",\n" : "\n";
      f.data += rows[i][0].c_str();
    }
    f.data += rows.empty() ? "]\n" : "\n]\n";
    f.rows = rows.size();
    f.sha256 = sha256_hex(f.data);
    out.push_back(std::move(f));
  }
  return out;
}

std::string digest_of(const std::vector<DataFile>& files) {
  std::string all;
  for (const auto& f : files) all += f.path + " " + f.sha256 + "\n";
  return sha256_hex(all);
}

struct DesaRow {
  std::int64_t id = 0;
  std::string kode, nama, jenis, slug, status, created_at;
  std::int64_t kec_id = 0;
  std::string kec_kode, kec_nama, kec_slug;
  std::int64_t kab_id = 0;
  std::string kab_kode, kab_nama;
};

DesaRow find_row(pqxx::transaction_base& tx, const std::string& key, bool for_update) {
  auto r = tx.exec_params(
      std::string("SELECT d.id, d.kode, d.nama, d.jenis, d.slug, d.status, d.created_at::text,"
                  " k.id, k.kode, k.nama, k.slug, b.id, b.kode, b.nama"
                  " FROM desa d JOIN kecamatan k ON k.id = d.kecamatan_id JOIN kabupaten b ON b.id = k.kabupaten_id"
                  " WHERE d.slug = $1 OR d.kode = $1 OR d.id::text = $1") +
          (for_update ? " FOR UPDATE OF d" : ""),
      key);
  if (r.empty()) throw UserError("desa '" + key + "' tidak ditemukan (no village with that slug, kode or id)");
  const auto& x = r[0];
  return {x[0].as<std::int64_t>(), x[1].as<std::string>(), x[2].as<std::string>(), x[3].as<std::string>(),
          x[4].as<std::string>(), x[5].as<std::string>(), x[6].as<std::string>(), x[7].as<std::int64_t>(),
          x[8].as<std::string>(), x[9].as<std::string>(), x[10].as<std::string>(), x[11].as<std::int64_t>(),
          x[12].as<std::string>(), x[13].as<std::string>()};
}

int leading_number(std::string_view s) {
  int v = 0;
  for (std::size_t i = 0; i < s.size() && i < 6 && s[i] >= '0' && s[i] <= '9'; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// The number of the latest applied migration ("010_x.sql" -> 10) and its name.
std::pair<int, std::string> schema_version(pqxx::transaction_base& tx) {
  std::pair<int, std::string> best{0, ""};
  for (const auto& r : tx.exec("SELECT name FROM schema_migrations")) {
    auto name = r[0].as<std::string>();
    if (int v = leading_number(name); v > best.first) best = {v, name};
  }
  return best;
}

// A path component Balai writes under a media folder: no hidden files, no
// separators, no control characters.
bool media_component_ok(std::string_view c) {
  if (c.empty() || c.size() > 100 || c.front() == '.') return false;
  for (char ch : c)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f || ch == '\\' || ch == '/') return false;
  return true;
}

bool media_path_ok(std::string_view rel) {
  if (rel.empty() || rel.size() > 200) return false;
  std::size_t at = 0;
  while (true) {
    auto slash = rel.find('/', at);
    if (!media_component_ok(rel.substr(at, slash == std::string_view::npos ? std::string_view::npos : slash - at)))
      return false;
    if (slash == std::string_view::npos) return true;
    at = slash + 1;
  }
}

bool identifier_ok(std::string_view s) {
  if (s.empty() || s.size() > 63 || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

bool slug_ok(std::string_view s) {
  if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) throw std::runtime_error("cannot read " + p.string());
  return std::move(s).str();
}

void write_file(const fs::path& p, std::string_view data) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

// Regular files under `dir` (symbolic links left out), relative, '/'-separated, sorted.
std::vector<std::string> files_under(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_symlink() || !it->is_regular_file()) continue;
    out.push_back(it->path().lexically_relative(dir).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---- reading an archive --------------------------------------------------

[[noreturn]] void damaged(const std::string& what) { throw UserError("not a valid village archive: " + what); }

const json& member(const json& obj, const char* key, const std::string& where) {
  if (!obj.is_object() || !obj.contains(key)) damaged("manifest.json has no " + where + key);
  return obj.at(key);
}

std::string text(const json& obj, const char* key, const std::string& where) {
  const auto& v = member(obj, key, where);
  if (!v.is_string()) damaged("manifest.json: " + where + key + " is not a string");
  return v.get<std::string>();
}

std::int64_t integer(const json& obj, const char* key, const std::string& where) {
  const auto& v = member(obj, key, where);
  if (!v.is_number_integer()) damaged("manifest.json: " + where + key + " is not an integer");
  return v.get<std::int64_t>();
}

struct Parsed {
  std::vector<tar::Entry> entries;
  ArchiveSummary summary;
  DesaRow desa;
  struct Domain {
    std::string hostname;
    bool primary = false;
  };
  std::vector<Domain> domains;
  struct TableData {
    std::string name;
    std::vector<std::string> columns;
    std::size_t rows = 0;
    std::size_t entry = 0;  // index into entries
  };
  std::vector<TableData> tables;
  std::vector<std::pair<std::string, std::size_t>> media;  // path under the village's folder, entry
};

Parsed parse_archive(std::string_view archive) {
  Parsed p;
  try {
    p.entries = tar::read_all(archive, archive.size());
  } catch (const std::exception& e) {
    throw UserError(std::string("not a Balai village archive (") + e.what() + ")");
  }
  std::map<std::string, std::size_t> by_path;
  for (std::size_t i = 0; i < p.entries.size(); ++i)
    if (!by_path.emplace(p.entries[i].path, i).second) damaged(p.entries[i].path + " appears twice");
  auto m = by_path.find("manifest.json");
  if (m == by_path.end()) throw UserError("not a Balai village archive: it has no manifest.json");
  json manifest;
  try {
    manifest = json::parse(p.entries[m->second].data);
  } catch (const json::exception& e) {
    damaged(std::string("manifest.json is not valid JSON (") + e.what() + ")");
  }
  if (!manifest.is_object()) damaged("manifest.json is not a JSON object");
  const std::string format = text(manifest, "format", "");
  if (format != kArchiveFormat)
    throw UserError("archive format '" + format + "' is not supported: this Balai reads " + kArchiveFormat);

  // Every file: listed, present, of the listed size and checksum.
  const auto& files = member(manifest, "files", "");
  if (!files.is_array()) damaged("manifest.json: files is not an array");
  std::set<std::string> listed;
  for (const auto& f : files) {
    const std::string path = text(f, "path", "files[].");
    const std::int64_t size = integer(f, "size", "files[].");
    const std::string sha = text(f, "sha256", "files[].");
    if (path == "manifest.json" || !listed.insert(path).second) damaged(path + " is listed twice in manifest.json");
    auto it = by_path.find(path);
    if (it == by_path.end())
      throw UserError("archive is incomplete: " + path + " is listed in manifest.json but not in the archive");
    const auto& data = p.entries[it->second].data;
    if (size < 0 || static_cast<std::uint64_t>(size) != data.size())
      throw UserError("archive is damaged: " + path + " has " + std::to_string(data.size()) + " bytes, manifest.json says " +
                      std::to_string(size));
    if (auto actual = sha256_hex(data); actual != sha)
      throw UserError("archive is damaged: checksum mismatch for " + path + " (SHA-256 " + actual + ", manifest.json says " +
                      sha + ")");
  }
  for (const auto& e : p.entries)
    if (e.path != "manifest.json" && !listed.count(e.path))
      damaged(e.path + " is in the archive but not listed in manifest.json");

  const auto& schema = member(manifest, "schema", "");
  p.summary.schema_version = static_cast<int>(integer(schema, "version", "schema."));

  // The village, its kecamatan and kabupaten.
  const auto& d = member(manifest, "desa", "");
  auto& r = p.desa;
  r.id = integer(d, "id", "desa.");
  r.kode = text(d, "kode", "desa.");
  r.nama = text(d, "nama", "desa.");
  r.jenis = text(d, "jenis", "desa.");
  r.slug = text(d, "slug", "desa.");
  r.status = text(d, "status", "desa.");
  r.created_at = d.contains("created_at") ? text(d, "created_at", "desa.") : "";
  auto kode = wilayah::parse_kode(r.kode);
  if (r.id <= 0) damaged("desa.id must be positive");
  if (!kode || kode->tingkat != wilayah::Tingkat::desa_kelurahan) damaged("desa.kode '" + r.kode + "' is not a village code");
  if (r.nama.empty() || r.nama.size() > 200) damaged("desa.nama must be 1 to 200 bytes");
  if (r.jenis != "desa" && r.jenis != "kelurahan") damaged("desa.jenis must be desa or kelurahan");
  if (!slug_ok(r.slug)) damaged("desa.slug '" + r.slug + "' is not a valid slug");
  if (r.status != "active" && r.status != "suspended" && r.status != "archived")
    damaged("desa.status must be active, suspended or archived");
  const auto& kec = member(d, "kecamatan", "desa.");
  r.kec_id = kec.contains("id") ? integer(kec, "id", "desa.kecamatan.") : 0;
  r.kec_kode = text(kec, "kode", "desa.kecamatan.");
  r.kec_nama = text(kec, "nama", "desa.kecamatan.");
  r.kec_slug = kec.contains("slug") ? text(kec, "slug", "desa.kecamatan.") : wilayah::slugify(r.kec_nama);
  auto kec_kode = wilayah::parse_kode(r.kec_kode);
  if (!kec_kode || kec_kode->tingkat != wilayah::Tingkat::kecamatan)
    damaged("desa.kecamatan.kode '" + r.kec_kode + "' is not a kecamatan code");
  if (r.kec_nama.empty() || r.kec_nama.size() > 200) damaged("desa.kecamatan.nama must be 1 to 200 bytes");
  if (r.kec_id <= 0) r.kec_id = kec_kode->number;
  const auto& kab = member(d, "kabupaten", "desa.");
  r.kab_id = kab.contains("id") ? integer(kab, "id", "desa.kabupaten.") : 0;
  r.kab_kode = text(kab, "kode", "desa.kabupaten.");
  r.kab_nama = text(kab, "nama", "desa.kabupaten.");
  auto kab_kode = wilayah::parse_kode(r.kab_kode);
  if (!kab_kode || kab_kode->tingkat != wilayah::Tingkat::kabupaten_kota)
    damaged("desa.kabupaten.kode '" + r.kab_kode + "' is not a kabupaten/kota code");
  if (r.kab_nama.empty() || r.kab_nama.size() > 200) damaged("desa.kabupaten.nama must be 1 to 200 bytes");
  if (r.kab_id <= 0) r.kab_id = kab_kode->number;
  if (d.contains("domains")) {
    const auto& doms = d.at("domains");
    if (!doms.is_array()) damaged("manifest.json: desa.domains is not an array");
    for (const auto& h : doms) {
      Parsed::Domain dom{text(h, "hostname", "desa.domains[]."), false};
      if (h.contains("primary")) {
        if (!h.at("primary").is_boolean()) damaged("manifest.json: desa.domains[].primary is not true or false");
        dom.primary = h.at("primary").get<bool>();
      }
      p.domains.push_back(std::move(dom));
    }
  }

  // Tables: each one's file is there and holds exactly its rows, all of this village.
  const auto& tables = member(manifest, "tables", "");
  if (!tables.is_array()) damaged("manifest.json: tables is not an array");
  std::set<std::string> table_files;
  for (const auto& t : tables) {
    Parsed::TableData td;
    td.name = text(t, "name", "tables[].");
    if (!identifier_ok(td.name)) damaged("table name '" + td.name + "' is not valid");
    const std::string where = "tables[" + td.name + "].";
    const std::string file = text(t, "file", where);
    const std::int64_t rows = integer(t, "rows", where);
    if (file != "data/" + td.name + ".json") damaged(where + "file must be data/" + td.name + ".json");
    if (rows < 0) damaged(where + "rows is negative");
    if (!table_files.insert(file).second) damaged("table " + td.name + " is listed twice");
    auto it = by_path.find(file);
    if (it == by_path.end()) throw UserError("archive is incomplete: " + file + " is missing");
    td.entry = it->second;
    td.rows = static_cast<std::size_t>(rows);
    const auto& cols = member(t, "columns", where);
    if (!cols.is_array()) damaged(where + "columns is not an array");
    for (const auto& c : cols) {
      if (!c.is_string() || !identifier_ok(c.get<std::string>())) damaged(where + "columns has an invalid name");
      td.columns.push_back(c.get<std::string>());
    }
    if (std::find(td.columns.begin(), td.columns.end(), "desa_id") == td.columns.end())
      damaged(where + "columns lacks desa_id");
    json data;
    try {
      data = json::parse(p.entries[td.entry].data);
    } catch (const json::exception& e) {
      damaged(file + " is not valid JSON (" + e.what() + ")");
    }
    if (!data.is_array()) damaged(file + " is not a JSON array");
    if (data.size() != td.rows)
      damaged(file + " has " + std::to_string(data.size()) + " rows, manifest.json says " + std::to_string(td.rows));
    for (const auto& row : data) {
      if (!row.is_object()) damaged(file + " has a row that is not an object");
      auto id = row.find("desa_id");
      if (id == row.end() || !id->is_number_integer() || id->get<std::int64_t>() != r.id)
        damaged(file + " has a row of another village (desa_id is not " + std::to_string(r.id) + ")");
    }
    p.summary.rows += td.rows;
    p.tables.push_back(std::move(td));
  }

  // Everything else is media, under the village's own folder.
  for (std::size_t i = 0; i < p.entries.size(); ++i) {
    const auto& path = p.entries[i].path;
    if (path == "manifest.json" || table_files.count(path)) continue;
    if (!path.starts_with("media/")) damaged("unexpected file " + path + " (only data/ and media/ belong in it)");
    std::string rel = path.substr(6);
    if (!media_path_ok(rel)) damaged("media file name " + path + " is not acceptable");
    p.summary.media_bytes += p.entries[i].data.size();
    p.media.emplace_back(std::move(rel), i);
  }

  p.summary.desa_id = r.id;
  p.summary.kode = r.kode;
  p.summary.slug = r.slug;
  p.summary.nama = r.nama;
  p.summary.kecamatan = r.kec_nama;
  p.summary.kabupaten = r.kab_nama;
  p.summary.created_at = manifest.contains("created_at") && manifest["created_at"].is_string()
                             ? manifest["created_at"].get<std::string>()
                             : "";
  p.summary.tables = p.tables.size();
  p.summary.media_files = p.media.size();
  return p;
}

// ---- importing -----------------------------------------------------------

// Tables that provisioning fills for every village; rows there are not
// content of the village's own (nor are pages with a fixed slot).
bool provisioned_only(const std::string& table) {
  static const std::set<std::string> defaults = {"site_settings", "categories", "kontak", "geografi", "menus"};
  return defaults.count(table) > 0;
}

// "posts: 12" for every table where the village has content of its own.
std::vector<std::string> own_content(pqxx::transaction_base& tx, std::int64_t id, const std::vector<Table>& tables) {
  std::vector<std::string> out;
  for (const auto& t : tables) {
    if (provisioned_only(t.name)) continue;
    std::string sql = "SELECT count(*) FROM " + tx.quote_name(t.name) + " WHERE desa_id = " + std::to_string(id);
    if (t.name == "pages" && t.column("slot")) sql += " AND slot IS NULL";
    // Pages pushed from regency templates and not edited since are not the village's own either.
    if (t.name == "pages" && t.column("template_version") && t.column("version"))
      sql += " AND (template_version IS NULL OR template_version <> version)";
    auto n = tx.exec1(sql)[0].as<std::int64_t>();
    if (n > 0) out.push_back(t.name + ": " + std::to_string(n));
  }
  return out;
}

std::string joined(const std::vector<std::string>& parts, const char* sep = ", ") {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// Moves sequences and identities past the ids a village brought along, so
// rows added later never collide with imported ones. Never moves one back.
void advance_sequences(pqxx::transaction_base& tx, const Table& t, std::int64_t id) {
  const std::string rel = tx.quote_name(t.name);
  auto seqs = tx.exec_params(
      "SELECT a.attname::text, pg_get_serial_sequence($1::text, a.attname::text) FROM pg_attribute a"
      " WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attidentity <> ''"
      " UNION"
      " SELECT a.attname::text, s.oid::regclass::text FROM pg_attrdef ad"
      " JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum"
      " JOIN pg_depend dep ON dep.classid = 'pg_attrdef'::regclass AND dep.objid = ad.oid AND dep.refclassid = 'pg_class'::regclass"
      " JOIN pg_class s ON s.oid = dep.refobjid AND s.relkind = 'S'"
      " WHERE ad.adrelid = $1::text::regclass",
      rel);
  for (const auto& s : seqs) {
    if (s[1].is_null()) continue;
    tx.exec_params("SELECT setval(x.s, greatest(x.m, coalesce(pg_sequence_last_value(x.s), x.m)))"
                   " FROM (SELECT $1::text::regclass AS s, (SELECT max(" + tx.quote_name(s[0].as<std::string>()) +
                       ")::bigint FROM " + rel + " WHERE desa_id = " + std::to_string(id) + ") AS m) x"
                   " WHERE x.m IS NOT NULL AND x.m >= (SELECT seqmin FROM pg_sequence WHERE seqrelid = x.s)",
                   s[1].as<std::string>());
  }
}

// Media staged beside the village's folder (same file system, so moving is a
// rename); removed again unless released.
struct Staging {
  fs::path dir;
  Staging() = default;
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;
  ~Staging() {
    if (dir.empty()) return;
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

void move_into_place(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (!fs::exists(to, ec)) {
    fs::create_directories(to.parent_path());
    fs::rename(from, to);
    return;
  }
  for (const auto& rel : files_under(from)) {
    fs::create_directories((to / rel).parent_path());
    fs::rename(from / rel, to / rel);
  }
  fs::remove_all(from);
}

}  // namespace

ExportStats export_desa(pqxx::connection& owner, const std::string& desa_key, const fs::path& media_dir, std::ostream& out) {
  pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(owner, "balai_export");
  stable_output(tx);
  const DesaRow d = find_row(tx, desa_key, false);
  const auto [version, migration] = schema_version(tx);
  const auto tables = village_tables(tx);
  const auto files = dump_tables(tx, d.id, tables);
  ordered_json domains = ordered_json::array();
  for (const auto& r : tx.exec_params("SELECT hostname, is_primary FROM domains WHERE desa_id = $1 ORDER BY hostname COLLATE \"C\"", d.id))
    domains.push_back({{"hostname", r[0].as<std::string>()}, {"primary", r[1].as<bool>()}});
  auto now = tx.exec1("SELECT to_char(now(), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), extract(epoch FROM now())::bigint");
  const std::string created_at = now[0].as<std::string>();
  const auto mtime = now[1].as<std::int64_t>();
  tx.commit();

  ExportStats st;
  st.desa_id = d.id;
  st.kode = d.kode;
  st.slug = d.slug;
  st.nama = d.nama;
  st.schema_version = version;
  st.tables = files.size();
  st.data_digest = digest_of(files);

  ordered_json manifest;
  manifest["format"] = kArchiveFormat;
  manifest["created_at"] = created_at;
  manifest["schema"] = {{"version", version}, {"migration", migration}};
  manifest["desa"] = {{"id", d.id},
                      {"kode", d.kode},
                      {"nama", d.nama},
                      {"jenis", d.jenis},
                      {"slug", d.slug},
                      {"status", d.status},
                      {"created_at", d.created_at},
                      {"kecamatan", {{"id", d.kec_id}, {"kode", d.kec_kode}, {"nama", d.kec_nama}, {"slug", d.kec_slug}}},
                      {"kabupaten", {{"id", d.kab_id}, {"kode", d.kab_kode}, {"nama", d.kab_nama}}},
                      {"domains", domains}};
  ordered_json table_list = ordered_json::array(), file_list = ordered_json::array();
  tar::Writer w(out);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    table_list.push_back({{"name", f.table}, {"position", tables[i].position}, {"rows", f.rows}, {"file", f.path},
                          {"columns", f.columns}});
    file_list.push_back({{"path", f.path}, {"size", f.data.size()}, {"sha256", f.sha256}});
    w.add(f.path, f.data, mtime);
    st.rows += f.rows;
  }
  const fs::path dir = media_dir / std::to_string(d.id);
  for (const auto& rel : files_under(dir)) {
    if (!media_path_ok(rel))
      throw UserError("media folder " + dir.string() + " holds a file Balai did not write (" + rel +
                      "): move it away and export again");
    const std::string bytes = read_file(dir / rel);
    const std::string path = "media/" + rel;
    file_list.push_back({{"path", path}, {"size", bytes.size()}, {"sha256", sha256_hex(bytes)}});
    w.add(path, bytes, mtime);
    ++st.media_files;
    st.media_bytes += bytes.size();
  }
  manifest["tables"] = std::move(table_list);
  manifest["files"] = std::move(file_list);
  w.add("manifest.json", manifest.dump(2) + "\n", mtime);
  w.finish();
  if (!out) throw std::runtime_error("writing the archive failed");
  return st;
}

ArchiveSummary verify_archive(std::string_view archive) { return parse_archive(archive).summary; }

ArchiveImportStats import_desa(pqxx::connection& owner, std::string_view archive, const fs::path& media_dir,
                               ImportOptions options) {
  const Parsed p = parse_archive(archive);
  const DesaRow& a = p.desa;
  ArchiveImportStats st;
  st.desa_id = a.id;
  st.kode = a.kode;
  st.slug = a.slug;
  st.nama = a.nama;
  st.media_files = p.media.size();
  st.media_bytes = p.summary.media_bytes;

  // Media first, into a staging folder: a full disk stops the import here.
  const fs::path final_dir = media_dir / std::to_string(a.id);
  Staging staging;
  if (!p.media.empty()) {
    std::random_device rd;
    staging.dir = media_dir / (".import-" + std::to_string(a.id) + "-" + std::to_string(rd()));
    fs::create_directories(staging.dir);
    for (const auto& [rel, entry] : p.media) write_file(staging.dir / rel, p.entries[entry].data);
  }

  {
    pqxx::work tx(owner, "balai_import");
    tx.exec("SET LOCAL lock_timeout = '30s'");
    const auto [db_version, migration] = schema_version(tx);
    if (p.summary.schema_version > db_version)
      throw UserError("the archive comes from a newer Balai (schema version " + std::to_string(p.summary.schema_version) +
                      ") than this database (schema version " + std::to_string(db_version) +
                      "): upgrade Balai here and run 'balai migrate' first");
    const auto tables = village_tables(tx);
    std::map<std::string, const Table*> by_name;
    for (const auto& t : tables) by_name[t.name] = &t;
    std::map<std::string, const Parsed::TableData*> incoming;
    for (const auto& t : p.tables) {
      if (!by_name.count(t.name))
        throw UserError("the archive has table '" + t.name + "', which is not a village table of this database (" +
                        (migration.empty() ? std::string("no migrations") : migration) + ")");
      incoming[t.name] = &t;
    }
    for (const auto& t : tables)
      if (!incoming.count(t.name)) st.notes.push_back("table " + t.name + " is not in the archive (older schema): left empty");

    // Registry checks, with concurrent imports held off (an advisory lock: the
    // console's application role may not lock the registry table itself; the
    // unique keys catch any other writer).
    tx.exec("SELECT pg_advisory_xact_lock(hashtext('balai.registry'))");
    bool exists = false;
    for (const auto& r : tx.exec_params("SELECT id, kode, slug FROM desa WHERE id = $1 OR kode = $2 OR slug = $3", a.id,
                                        a.kode, a.slug)) {
      const auto id = r[0].as<std::int64_t>();
      const auto kode = r[1].as<std::string>(), slug = r[2].as<std::string>();
      if (id == a.id) {
        exists = true;
        continue;
      }
      const std::string other = "village '" + slug + "' (id " + std::to_string(id) + ", kode " + kode + ")";
      if (kode == a.kode)
        throw UserError("kode " + a.kode + " is already used here by " + other + "; nothing was imported");
      throw UserError("slug '" + a.slug + "' is already used here by " + other + "; nothing was imported");
    }
    if (exists) {
      const auto here = find_row(tx, std::to_string(a.id), true);
      const std::string who = "village '" + here.slug + "' (id " + std::to_string(a.id) + ")";
      if (auto content = own_content(tx, a.id, tables); !content.empty())
        throw UserError(who + " already exists here and has content (" + joined(content) +
                        "); nothing was imported. Delete it first (balai desa delete " + here.slug +
                        " --export-to FILE) if the archive should replace it");
      if (!options.replace_empty)
        throw UserError(who + " already exists here, provisioned but without content of its own; nothing was imported."
                              " Import with --replace-empty to replace it with the archive");
      for (auto t = tables.rbegin(); t != tables.rend(); ++t)
        tx.exec("DELETE FROM " + tx.quote_name(t->name) + " WHERE desa_id = " + std::to_string(a.id));
      st.replaced = true;
    }

    // Kabupaten and kecamatan by kode; created when missing.
    std::int64_t kab_id = 0, kec_id = 0;
    if (auto r = tx.exec_params("SELECT id FROM kabupaten WHERE kode = $1", a.kab_kode); !r.empty()) {
      kab_id = r[0][0].as<std::int64_t>();
    } else {
      if (!tx.exec_params("SELECT 1 FROM kabupaten WHERE id = $1", a.kab_id).empty())
        throw UserError("kabupaten " + a.kab_kode + " is not registered here and its id " + std::to_string(a.kab_id) +
                        " is used by another kabupaten; nothing was imported");
      auto others = tx.exec1("SELECT count(*) FROM kabupaten")[0].as<std::int64_t>();
      tx.exec_params("INSERT INTO kabupaten (id, kode, nama) VALUES ($1, $2, $3)", a.kab_id, a.kab_kode, a.kab_nama);
      kab_id = a.kab_id;
      st.kabupaten_created = true;
      if (others > 0)
        st.notes.push_back("kabupaten " + a.kab_kode + " " + a.kab_nama + " was added: this instance now serves " +
                           std::to_string(others + 1) + " kabupaten");
    }
    if (auto r = tx.exec_params("SELECT id FROM kecamatan WHERE kode = $1", a.kec_kode); !r.empty()) {
      kec_id = r[0][0].as<std::int64_t>();
    } else {
      if (!tx.exec_params("SELECT 1 FROM kecamatan WHERE id = $1", a.kec_id).empty())
        throw UserError("kecamatan " + a.kec_kode + " is not registered here and its id " + std::to_string(a.kec_id) +
                        " is used by another kecamatan; nothing was imported");
      tx.exec_params("INSERT INTO kecamatan (id, kode, nama, slug, kabupaten_id) VALUES ($1, $2, $3, $4, $5)", a.kec_id,
                     a.kec_kode, a.kec_nama, a.kec_slug, kab_id);
      kec_id = a.kec_id;
      st.kecamatan_created = true;
    }

    if (exists)
      tx.exec_params("UPDATE desa SET kode = $2, nama = $3, jenis = $4, kecamatan_id = $5, slug = $6, status = $7,"
                     " created_at = coalesce(NULLIF($8, '')::timestamptz, created_at), updated_at = now() WHERE id = $1",
                     a.id, a.kode, a.nama, a.jenis, kec_id, a.slug, a.status, a.created_at);
    else
      tx.exec_params("INSERT INTO desa (id, kode, nama, jenis, kecamatan_id, slug, status, created_at)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce(NULLIF($8, '')::timestamptz, now()))",
                     a.id, a.kode, a.nama, a.jenis, kec_id, a.slug, a.status, a.created_at);
    tx.exec_params("SELECT balai_provision_desa($1)", a.id);

    // Rows in village_tables order (referenced tables come first); within
    // one statement, self-references (menus) are checked at its end.
    for (const auto& t : tables) {
      auto it = incoming.find(t.name);
      if (it == incoming.end()) continue;
      const auto& td = *it->second;
      ++st.tables;
      std::string cols;
      bool always = false;
      for (const auto& c : t.columns) {
        if (c.generated) continue;
        if (std::find(td.columns.begin(), td.columns.end(), c.name) == td.columns.end()) {
          if (td.rows) st.notes.push_back(t.name + "." + c.name + " is not in the archive: its default was used");
          continue;
        }
        cols += (cols.empty() ? "" : ", ") + tx.quote_name(c.name);
        always = always || c.identity == 'a';
      }
      for (const auto& c : td.columns) {
        const Column* here = t.column(c);
        if (!here && td.rows) st.notes.push_back(t.name + "." + c + " does not exist here: its values were left out");
      }
      if (!td.rows) continue;
      const std::string rel = tx.quote_name(t.name);
      auto r = tx.exec_params("INSERT INTO " + rel + " (" + cols + ")" + (always ? " OVERRIDING SYSTEM VALUE" : "") +
                                  " SELECT " + cols + " FROM json_populate_recordset(NULL::" + rel + ", $1::json)",
                              p.entries[td.entry].data);
      if (r.affected_rows() != td.rows)
        throw std::runtime_error("table " + t.name + ": inserted " + std::to_string(r.affected_rows()) + " rows of " +
                                 std::to_string(td.rows));
      st.rows += td.rows;
      advance_sequences(tx, t, a.id);
    }
    // The console's roll-up of the village, where the schema has one.
    if (tx.exec1("SELECT to_regprocedure('balai_refresh_activity(bigint)') IS NOT NULL")[0].as<bool>())
      tx.exec_params("SELECT balai_refresh_activity($1)", a.id);

    // Domains: those already taken here are skipped.
    bool has_primary =
        !tx.exec_params("SELECT 1 FROM domains WHERE desa_id = $1 AND is_primary", a.id).empty();
    for (const auto& dom : p.domains) {
      auto norm = normalize_host(dom.hostname);
      if (!norm || *norm != dom.hostname || dom.hostname.find('.') == std::string::npos) {
        st.domains_skipped.push_back(dom.hostname + " (not a valid hostname)");
        continue;
      }
      auto other = tx.exec_params("SELECT m.desa_id, d.slug FROM domains m JOIN desa d ON d.id = m.desa_id WHERE m.hostname = $1",
                                  dom.hostname);
      if (!other.empty()) {
        if (other[0][0].as<std::int64_t>() != a.id)
          st.domains_skipped.push_back(dom.hostname + " (used here by " + other[0][1].as<std::string>() + ")");
        continue;
      }
      bool primary = dom.primary && !has_primary;
      if (dom.primary && !primary) st.notes.push_back("domain " + dom.hostname + " added as a secondary domain: the village already has a primary one");
      tx.exec_params("INSERT INTO domains (hostname, desa_id, is_primary) VALUES ($1, $2, $3)", dom.hostname, a.id, primary);
      has_primary = has_primary || primary;
      st.domains_added.push_back(dom.hostname);
    }

    if (!options.actor.empty())
      tx.exec_params("INSERT INTO support_audit (actor, desa_id, action, detail) VALUES ($1, $2, 'desa.impor', $3::jsonb)",
                     options.actor, a.id,
                     json{{"kode", a.kode}, {"slug", a.slug}, {"rows", st.rows}, {"media_files", st.media_files},
                          {"replaced", st.replaced}, {"archive_created_at", p.summary.created_at}}
                         .dump());
    try {
      tx.commit();
    } catch (const pqxx::in_doubt_error&) {
      const std::string kept = staging.dir.string();
      staging.dir.clear();
      throw std::runtime_error("the connection was lost while committing the import of " + a.slug +
                               ": check with 'balai desa show " + std::to_string(a.id) + "' whether it is there" +
                               (kept.empty() ? "" : "; its media files are kept in " + kept));
    }
  }

  std::string media_error;
  if (!staging.dir.empty()) {
    try {
      move_into_place(staging.dir, final_dir);
      staging.dir.clear();
    } catch (const std::exception& e) {
      media_error = e.what();
      staging.dir.clear();  // keep the files for the operator
    }
  }
  notify(owner, kHostsChannel);
  notify(owner, kContentChannel, std::to_string(a.id));
  if (!media_error.empty())
    throw std::runtime_error("village " + a.slug + " was imported into the database, but its media files could not be moved to " +
                             final_dir.string() + " (" + media_error + "): move what is left under " + media_dir.string() +
                             "/.import-" + std::to_string(a.id) + "-* there by hand");
  return st;
}

DeleteStats delete_desa(pqxx::connection& owner, const std::string& desa_key, const fs::path& media_dir,
                        const DeleteOptions& options) {
  DeleteStats st;
  {
    pqxx::work tx(owner, "balai_delete");
    tx.exec("SET LOCAL lock_timeout = '30s'");
    stable_output(tx);
    const DesaRow d = find_row(tx, desa_key, true);
    st.desa_id = d.id;
    st.kode = d.kode;
    st.slug = d.slug;
    st.nama = d.nama;
    const auto tables = village_tables(tx);
    std::string partitions, parents;
    for (const auto& t : tables) {
      parents += (parents.empty() ? "" : ", ") + tx.quote_name(t.name);
      auto r = tx.exec("SELECT c.oid::regclass::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                       " WHERE i.inhparent = " + tx.quote(tx.quote_name(t.name)) + "::regclass AND c.relname = " +
                       tx.quote(t.name + "_" + std::to_string(d.id)));
      if (r.empty()) continue;
      partitions += (partitions.empty() ? "" : ", ") + r[0][0].as<std::string>();
      ++st.partitions;
    }
    if (!options.expect_digest.empty()) {
      // Writers wait from here on (the drop below locks every parent table
      // anyway); readers do not. The parents, not the partitions: the
      // console's application role holds its rights on the parents only.
      if (!partitions.empty()) tx.exec("LOCK TABLE " + parents + " IN SHARE MODE");
      if (digest_of(dump_tables(tx, d.id, tables)) != options.expect_digest)
        throw UserError("village '" + d.slug + "' changed after it was exported (content was added or edited meanwhile);"
                        " nothing was deleted: export and delete again");
    }
    st.accounts = tx.exec_params("SELECT count(*) FROM accounts WHERE desa_id = $1", d.id)[0][0].as<std::size_t>();
    st.domains = tx.exec_params("SELECT count(*) FROM domains WHERE desa_id = $1", d.id)[0][0].as<std::size_t>();
    tx.exec_params("SELECT balai_drop_desa($1)", d.id);
    if (!options.actor.empty())
      tx.exec_params("INSERT INTO support_audit (actor, desa_id, action, detail) VALUES ($1, NULL, 'desa.hapus', $2::jsonb)",
                     options.actor,
                     json{{"id", d.id}, {"kode", d.kode}, {"slug", d.slug}, {"nama", d.nama}, {"accounts", st.accounts},
                          {"domains", st.domains}}
                         .dump());
    tx.commit();
  }
  const fs::path dir = media_dir / std::to_string(st.desa_id);
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    fs::remove_all(dir, ec);
    if (ec)
      st.media_error = "removing " + dir.string() + " failed: " + ec.message();
    else
      st.media_removed = true;
  }
  notify(owner, kHostsChannel);
  notify(owner, kContentChannel, std::to_string(st.desa_id));
  return st;
}

}  // namespace balai::tenants
