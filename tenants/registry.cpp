#include "tenants/registry.hpp"

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>

#include "server/core/host.hpp"

namespace balai::tenants {

using wilayah::Extract;

std::shared_ptr<const Directory> load_directory(pqxx::connection& conn, std::uint64_t version) {
  auto dir = std::make_shared<Directory>();
  dir->version = version;
  pqxx::read_transaction tx(conn);
  auto kab = tx.exec("SELECT nama FROM kabupaten ORDER BY kode");
  if (kab.size() == 1) dir->kabupaten_nama = kab[0][0].as<std::string>();
  std::map<std::int64_t, std::size_t> kec_index;
  for (const auto& r : tx.exec("SELECT id, kode, nama, slug FROM kecamatan ORDER BY kode")) {
    kec_index[r[0].as<std::int64_t>()] = dir->kecamatan.size();
    dir->kecamatan.push_back({r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>()});
  }
  for (const auto& r : tx.exec(
           "SELECT d.id, d.kode, d.nama, d.jenis, d.slug, d.status, d.kecamatan_id,"
           " (SELECT hostname FROM domains m WHERE m.desa_id = d.id AND m.is_primary), d.status_reason"
           " FROM desa d JOIN kecamatan k ON k.id = d.kecamatan_id ORDER BY k.kode, d.nama, d.kode")) {
    DesaEntry d;
    d.id = r[0].as<std::int64_t>();
    d.kode = r[1].as<std::string>();
    d.nama = r[2].as<std::string>();
    d.jenis = r[3].as<std::string>();
    d.slug = r[4].as<std::string>();
    d.status = r[5].as<std::string>();
    d.kecamatan = kec_index.at(r[6].as<std::int64_t>());
    d.primary_domain = r[7].is_null() ? "" : r[7].as<std::string>();
    d.status_reason = r[8].as<std::string>();
    dir->desa.push_back(std::move(d));
  }
  for (const auto& r : tx.exec("SELECT hostname, desa_id FROM domains"))
    dir->domains.emplace_back(r[0].as<std::string>(), r[1].as<std::int64_t>());
  tx.commit();
  dir->index();
  return dir;
}

void notify(pqxx::connection& conn, const char* channel, const std::string& payload) {
  pqxx::nontransaction tx(conn);
  tx.exec("SELECT pg_notify(" + tx.quote(channel) + ", " + tx.quote(payload) + ")");
}

namespace {

// A structured document of plain paragraphs.
std::string doc_of(const std::vector<std::string>& paragraphs) {
  nlohmann::json content = nlohmann::json::array();
  for (const auto& p : paragraphs)
    content.push_back({{"type", "paragraph"}, {"content", {{{"type", "text"}, {"text", p}}}}});
  return nlohmann::json{{"type", "doc"}, {"content", content}}.dump();
}

std::string join(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const auto& p : paragraphs) out += (out.empty() ? "" : "\n") + p;
  return out;
}

// What every village has from its first day: settings, the fixed profile
// pages (to be filled by the operator), the regency's default privacy text,
// news categories and empty contact and geography rows.
void default_content(pqxx::work& tx, std::int64_t id, const std::string& nama, const std::string& jenis) {
  const std::string label = (jenis == "kelurahan" ? "Kelurahan " : "Desa ") + nama;
  const std::string sid = std::to_string(id);
  tx.exec("INSERT INTO site_settings (desa_id, tagline) VALUES (" + sid + ", " + tx.quote("Website resmi " + label) +
          ") ON CONFLICT (desa_id) DO NOTHING");
  struct Slot {
    const char* slot;
    const char* title;
    std::vector<std::string> text;
  };
  const std::vector<Slot> slots = {
      {"sambutan", "Sambutan Kepala Desa", {}},
      {"sejarah", "Sejarah Desa", {}},
      {"visi-misi", "Visi dan Misi", {}},
      {"geografi", "Geografi", {}},
      {"struktur", "Struktur Pemerintahan", {}},
      {"privasi", "Kebijakan Privasi",
       {"Website " + label + " dikelola oleh pemerintah desa bersama Dinas Komunikasi dan Informatika kabupaten.",
        "Kami tidak memasang cookie pelacak dan tidak menyimpan alamat IP pengunjung. Statistik kunjungan dihitung "
        "sebagai jumlah per halaman per hari tanpa data pribadi.",
        "Data yang Anda kirim melalui formulir layanan (nama, kontak dan isi pesan) hanya dipakai untuk menindaklanjuti "
        "permohonan Anda dan tidak dibagikan kepada pihak lain, kecuali diwajibkan oleh peraturan perundang-undangan.",
        "Pertanyaan tentang kebijakan ini dapat disampaikan melalui halaman Kontak."}}};
  for (const auto& s : slots) {
    tx.exec("INSERT INTO pages (desa_id, slug, slot, title, body, body_text, status, published_at) VALUES (" + sid + ", " +
            tx.quote(s.slot) + ", " + tx.quote(s.slot) + ", " + tx.quote(s.title) + ", " + tx.quote(doc_of(s.text)) +
            "::jsonb, " + tx.quote(join(s.text)) + ", 'published', now()) ON CONFLICT DO NOTHING");
  }
  tx.exec("INSERT INTO categories (desa_id, slug, nama) VALUES (" + sid + ", 'berita-desa', 'Berita Desa'), (" + sid +
          ", 'pengumuman', 'Pengumuman'), (" + sid + ", 'kegiatan', 'Kegiatan') ON CONFLICT DO NOTHING");
  tx.exec("INSERT INTO kontak (desa_id, alamat) VALUES (" + sid + ", " + tx.quote("Kantor " + label) +
          ") ON CONFLICT DO NOTHING");
  tx.exec("INSERT INTO geografi (desa_id) VALUES (" + sid + ") ON CONFLICT DO NOTHING");
  tx.exec("SELECT balai_default_menu(" + sid + ")");
}

void provision(pqxx::work& tx, std::int64_t id, const std::string& nama, const std::string& jenis) {
  tx.exec("SELECT balai_provision_desa(" + std::to_string(id) + ")");
  // The tenant is set so that the application role (the console) passes row-level security too.
  tx.exec("SELECT set_config('balai.desa_id', '" + std::to_string(id) + "', true)");
  default_content(tx, id, nama, jenis);
  tx.exec("SELECT balai_apply_templates(" + std::to_string(id) + ")");
  tx.exec("SELECT set_config('balai.desa_id', '', true)");
}

std::string where_key(pqxx::transaction_base& tx, const std::string& key) {
  std::string w = "d.slug = " + tx.quote(key) + " OR d.kode = " + tx.quote(key);
  bool numeric = !key.empty() && key.size() <= 12 && key.find_first_not_of("0123456789") == std::string::npos;
  if (numeric) w += " OR d.id = " + key;
  return "(" + w + ")";
}

std::int64_t desa_id_of(pqxx::transaction_base& tx, const std::string& key) {
  auto r = tx.exec("SELECT d.id FROM desa d WHERE " + where_key(tx, key));
  if (r.empty()) throw UserError("desa '" + key + "' tidak ditemukan (no village with that slug, kode or id)");
  return r[0][0].as<std::int64_t>();
}

}  // namespace

namespace {
ImportStats import_in(pqxx::work& tx, const Extract& ex, const std::function<void(std::size_t, std::size_t)>& progress);
}

ImportStats import_extract(pqxx::connection& conn, const Extract& ex,
                           const std::function<void(std::size_t, std::size_t)>& progress) {
  pqxx::work tx(conn);
  auto st = import_in(tx, ex, progress);
  tx.commit();
  notify(conn, kHostsChannel);
  return st;
}

namespace {

// A name without case, spaces or punctuation: "Sido Mulyo" = "SIDOMULYO".
std::string name_key(const std::string& nama) {
  std::string k;
  for (unsigned char c : nama)
    if (std::isalnum(c) || c >= 0x80) k += static_cast<char>(std::tolower(c));
  return k;
}

}  // namespace

WilayahPlan plan_extract(pqxx::connection& conn, const Extract& ex) {
  WilayahPlan plan;
  pqxx::work tx(conn);
  struct Here {
    std::int64_t id;
    std::string kode, nama;
  };
  // The villages of the kecamatan the file covers.
  std::string kecamatan = "'{";
  for (const auto& k : ex.kecamatan) kecamatan += (kecamatan.size() > 2 ? "," : "") + k.kode.text;
  kecamatan += "}'";
  std::map<std::string, Here> here;  // kode -> village
  for (const auto& r : tx.exec("SELECT d.id, d.kode, d.nama FROM desa d JOIN kecamatan k ON k.id = d.kecamatan_id WHERE k.kode = ANY(" + kecamatan +
                               "::text[])"))
    here[r[1].as<std::string>()] = {r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>()};
  tx.commit();
  std::map<std::string, const wilayah::Row*> file;
  for (const auto& d : ex.desa) file[d.kode.text] = &d;
  std::vector<const wilayah::Row*> fresh;  // kode in the file, not here
  for (const auto& d : ex.desa) {
    auto it = here.find(d.kode.text);
    if (it == here.end()) fresh.push_back(&d);
    else if (it->second.nama != d.nama) plan.renamed.push_back({it->second.id, d.kode.text, it->second.nama, d.nama});
  }
  std::set<const wilayah::Row*> used;
  auto match = [&](const Here& h, bool same_kecamatan) -> const wilayah::Row* {
    const std::string kec = h.kode.substr(0, h.kode.rfind('.'));
    const wilayah::Row* found = nullptr;
    int count = 0;
    for (const auto* d : fresh) {
      if (used.count(d) || name_key(d->nama) != name_key(h.nama)) continue;
      if (same_kecamatan && d->kode.parent() != kec) continue;
      found = d;
      ++count;
    }
    return count == 1 ? found : nullptr;  // ambiguous names are left for a person
  };
  std::vector<const Here*> gone;
  for (const auto& [kode, h] : here)
    if (!file.count(kode)) gone.push_back(&h);
  for (bool same_kecamatan : {true, false}) {
    for (auto it = gone.begin(); it != gone.end();) {
      if (const auto* d = match(**it, same_kecamatan)) {
        used.insert(d);
        plan.renumbered.push_back({(*it)->id, (*it)->nama, (*it)->kode, d->kode.text});
        it = gone.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const auto* d : fresh)
    if (!used.count(d)) plan.baru.push_back({d->kode.number, d->kode.text, d->nama});
  for (const auto* h : gone) plan.hilang.push_back({h->id, h->kode, h->nama});
  return plan;
}

ImportStats apply_extract(pqxx::connection& conn, const Extract& ex, const WilayahPlan& plan,
                          const std::function<void(std::size_t, std::size_t)>& progress) {
  pqxx::work tx(conn);
  // Kecamatan first (a village may move to a new one), then every moved kode
  // through a free placeholder, so that chains (A -> B, B -> C) never collide.
  for (const auto& k : ex.kabupaten)
    tx.exec("INSERT INTO kabupaten (id, kode, nama) VALUES (" + std::to_string(k.kode.number) + ", " + tx.quote(k.kode.text) + ", " +
            tx.quote(k.nama) + ") ON CONFLICT (kode) DO NOTHING");
  for (const auto& k : ex.kecamatan)
    tx.exec("INSERT INTO kecamatan (id, kode, nama, slug, kabupaten_id) VALUES (" + std::to_string(k.kode.number) + ", " + tx.quote(k.kode.text) +
            ", " + tx.quote(k.nama) + ", " + tx.quote(wilayah::slugify(k.nama)) + ", (SELECT id FROM kabupaten WHERE kode = " +
            tx.quote(k.kode.parent()) + ")) ON CONFLICT (kode) DO NOTHING");
  int n = 0;
  for (const auto& r : plan.renumbered)
    tx.exec("UPDATE desa SET kode = " + tx.quote("99.99.99." + std::to_string(9000 + n++)) + " WHERE id = " + std::to_string(r.id));
  for (const auto& r : plan.renumbered) {
    auto to = wilayah::parse_kode(r.ke);
    tx.exec("UPDATE desa SET kode = " + tx.quote(r.ke) + ", jenis = " + tx.quote(wilayah::jenis_of(*to)) +
            ", kecamatan_id = (SELECT id FROM kecamatan WHERE kode = " + tx.quote(to->parent()) + "), updated_at = now() WHERE id = " +
            std::to_string(r.id));
  }
  auto st = import_in(tx, ex, progress);
  tx.commit();
  notify(conn, kHostsChannel);
  return st;
}

namespace {

ImportStats import_in(pqxx::work& tx, const Extract& ex, const std::function<void(std::size_t, std::size_t)>& progress) {
  ImportStats st;
  for (const auto& k : ex.kabupaten) {
    tx.exec("INSERT INTO kabupaten (id, kode, nama) VALUES (" + std::to_string(k.kode.number) + ", " +
            tx.quote(k.kode.text) + ", " + tx.quote(k.nama) +
            ") ON CONFLICT (kode) DO UPDATE SET nama = excluded.nama,"
            " updated_at = CASE WHEN kabupaten.nama <> excluded.nama THEN now() ELSE kabupaten.updated_at END");
    ++st.kabupaten;
  }
  std::map<std::string, std::string> kec_nama;
  for (const auto& k : ex.kecamatan) {
    kec_nama[k.kode.text] = k.nama;
    tx.exec("INSERT INTO kecamatan (id, kode, nama, slug, kabupaten_id) VALUES (" + std::to_string(k.kode.number) +
            ", " + tx.quote(k.kode.text) + ", " + tx.quote(k.nama) + ", " + tx.quote(wilayah::slugify(k.nama)) +
            ", (SELECT id FROM kabupaten WHERE kode = " + tx.quote(k.kode.parent()) +
            ")) ON CONFLICT (kode) DO UPDATE SET nama = excluded.nama, slug = excluded.slug,"
            " updated_at = CASE WHEN kecamatan.nama <> excluded.nama THEN now() ELSE kecamatan.updated_at END");
    ++st.kecamatan;
  }

  // Slugs are decided over every village: those already here and those coming.
  std::map<std::string, std::pair<std::int64_t, std::string>> existing;  // kode -> (id, slug)
  std::vector<wilayah::SlugInput> all;
  std::set<std::string> incoming;
  for (const auto& d : ex.desa) incoming.insert(d.kode.text);
  for (const auto& r : tx.exec("SELECT d.id, d.kode, d.nama, d.slug, k.nama FROM desa d JOIN kecamatan k ON k.id = d.kecamatan_id")) {
    existing[r[1].as<std::string>()] = {r[0].as<std::int64_t>(), r[3].as<std::string>()};
    if (!incoming.count(r[1].as<std::string>()))
      all.push_back({r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(), r[4].as<std::string>()});
  }
  for (const auto& d : ex.desa) all.push_back({d.kode.number, d.kode.text, d.nama, kec_nama.at(d.kode.parent())});
  auto slugs = wilayah::assign_slugs(all);
  std::set<std::string> taken;
  for (const auto& [kode, v] : existing) taken.insert(v.second);

  std::size_t done = 0;
  for (const auto& d : ex.desa) {
    const std::string jenis = wilayah::jenis_of(d.kode);
    if (auto it = existing.find(d.kode.text); it != existing.end()) {
      auto r = tx.exec("UPDATE desa SET nama = " + tx.quote(d.nama) + ", jenis = " + tx.quote(jenis) +
                       ", kecamatan_id = (SELECT id FROM kecamatan WHERE kode = " + tx.quote(d.kode.parent()) +
                       "), updated_at = now() WHERE id = " + std::to_string(it->second.first) +
                       " AND (nama, jenis) IS DISTINCT FROM (" + tx.quote(d.nama) + ", " + tx.quote(jenis) + ")");
      (r.affected_rows() ? st.desa_updated : st.desa_unchanged)++;
      tx.exec("SELECT balai_provision_desa(" + std::to_string(it->second.first) + ")");
    } else {
      std::string slug = slugs.at(d.kode.number);
      if (taken.count(slug)) slug += "-" + std::to_string(d.kode.number);
      taken.insert(slug);
      tx.exec("INSERT INTO desa (id, kode, nama, jenis, kecamatan_id, slug) VALUES (" + std::to_string(d.kode.number) +
              ", " + tx.quote(d.kode.text) + ", " + tx.quote(d.nama) + ", " + tx.quote(jenis) +
              ", (SELECT id FROM kecamatan WHERE kode = " + tx.quote(d.kode.parent()) + "), " + tx.quote(slug) + ")");
      provision(tx, d.kode.number, d.nama, jenis);
      ++st.desa_new;
    }
    if (progress) progress(++done, ex.desa.size());
  }
  return st;
}

}  // namespace

std::optional<DesaInfo> find_desa(pqxx::connection& conn, const std::string& key) {
  pqxx::read_transaction tx(conn);
  auto r = tx.exec(
      "SELECT d.id, d.kode, d.nama, d.jenis, d.slug, d.status, k.nama, to_char(d.created_at, 'YYYY-MM-DD HH24:MI:SS TZ')"
      " FROM desa d JOIN kecamatan k ON k.id = d.kecamatan_id WHERE " + where_key(tx, key));
  if (r.empty()) return std::nullopt;
  DesaInfo d{r[0][0].as<std::int64_t>(), r[0][1].as<std::string>(), r[0][2].as<std::string>(),
             r[0][3].as<std::string>(), r[0][4].as<std::string>(), r[0][5].as<std::string>(),
             r[0][6].as<std::string>(), r[0][7].as<std::string>(), {}};
  for (const auto& row : tx.exec("SELECT hostname || CASE WHEN is_primary THEN ' (utama)' ELSE '' END FROM domains WHERE desa_id = " +
                                 std::to_string(d.id) + " ORDER BY hostname"))
    d.domains.push_back(row[0].as<std::string>());
  return d;
}

std::vector<DesaInfo> list_desa(pqxx::connection& conn, const std::string& kecamatan, const std::string& status) {
  pqxx::read_transaction tx(conn);
  std::string sql =
      "SELECT d.id, d.kode, d.nama, d.jenis, d.slug, d.status, k.nama FROM desa d"
      " JOIN kecamatan k ON k.id = d.kecamatan_id WHERE true";
  if (!kecamatan.empty())
    sql += " AND (k.slug = " + tx.quote(kecamatan) + " OR k.kode = " + tx.quote(kecamatan) + " OR lower(k.nama) = lower(" + tx.quote(kecamatan) + "))";
  if (!status.empty()) sql += " AND d.status = " + tx.quote(status);
  sql += " ORDER BY d.kode";
  std::vector<DesaInfo> out;
  for (const auto& r : tx.exec(sql))
    out.push_back({r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
                   r[4].as<std::string>(), r[5].as<std::string>(), r[6].as<std::string>(), "", {}});
  return out;
}

std::string add_desa(pqxx::connection& conn, const std::string& kode_text, const std::string& nama,
                     const std::string& slug_override) {
  std::string why;
  auto kode = wilayah::parse_kode(kode_text, &why);
  if (!kode) throw UserError("kode '" + kode_text + "': " + why);
  if (kode->tingkat != wilayah::Tingkat::desa_kelurahan)
    throw UserError("kode '" + kode_text + "' is not a village code (PP.KK.CC.DDDD)");
  if (nama.empty() || nama.size() > 200) throw UserError("--nama must be 1 to 200 bytes");
  pqxx::work tx(conn);
  auto kec = tx.exec("SELECT id, nama FROM kecamatan WHERE kode = " + tx.quote(kode->parent()));
  if (kec.empty()) throw UserError("kecamatan " + kode->parent() + " is not registered: import it first (balai desa import)");
  if (!tx.exec("SELECT 1 FROM desa WHERE kode = " + tx.quote(kode->text) + " OR id = " + std::to_string(kode->number)).empty())
    throw UserError("a village with kode " + kode->text + " already exists");
  std::string slug = slug_override;
  if (!slug.empty()) {
    if (slug != wilayah::slugify(slug) || slug.size() > 63 || wilayah::is_reserved_slug(slug))
      throw UserError("--slug '" + slug + "' must be lowercase letters, digits and '-', at most 63, and not reserved");
    if (!tx.exec("SELECT 1 FROM desa WHERE slug = " + tx.quote(slug)).empty())
      throw UserError("slug '" + slug + "' is already used by another village");
  } else {
    slug = wilayah::slugify(nama);
    auto used = [&](const std::string& s) { return !tx.exec("SELECT 1 FROM desa WHERE slug = " + tx.quote(s)).empty(); };
    if (used(slug) || wilayah::is_reserved_slug(slug)) slug += "-" + wilayah::slugify(kec[0][1].as<std::string>());
    if (used(slug) || slug.size() > 63) slug = wilayah::slugify(nama).substr(0, 40) + "-" + std::to_string(kode->number);
  }
  const std::string jenis = wilayah::jenis_of(*kode);
  tx.exec("INSERT INTO desa (id, kode, nama, jenis, kecamatan_id, slug) VALUES (" + std::to_string(kode->number) + ", " +
          tx.quote(kode->text) + ", " + tx.quote(nama) + ", " + tx.quote(jenis) + ", " + kec[0][0].c_str() + ", " +
          tx.quote(slug) + ")");
  provision(tx, kode->number, nama, jenis);
  tx.commit();
  notify(conn, kHostsChannel);
  return slug;
}

void set_desa_status(pqxx::connection& conn, const std::string& key, const std::string& status) {
  if (status != "active" && status != "suspended" && status != "archived")
    throw UserError("status must be active, suspended or archived");
  pqxx::work tx(conn);
  auto id = desa_id_of(tx, key);
  tx.exec("UPDATE desa SET status = " + tx.quote(status) + ", updated_at = now() WHERE id = " + std::to_string(id));
  tx.commit();
  notify(conn, kHostsChannel);
}

void add_domain(pqxx::connection& conn, const std::string& hostname, const std::string& desa_key, bool primary) {
  auto norm = normalize_host(hostname);
  if (!norm || *norm != hostname || hostname.find(':') != std::string::npos || hostname.find('.') == std::string::npos ||
      hostname.front() == '[')
    throw UserError("'" + hostname + "' is not a valid hostname (lowercase, no port, no trailing dot, at least one dot)");
  if (hostname.starts_with("www."))
    throw UserError("add the domain without 'www.': www.<domain> redirects to the village by itself");
  if (hostname.find_first_not_of("0123456789.") == std::string::npos)
    throw UserError("an IP address cannot be a village domain");
  pqxx::work tx(conn);
  auto id = desa_id_of(tx, desa_key);
  auto other = tx.exec("SELECT d.slug FROM domains m JOIN desa d ON d.id = m.desa_id WHERE m.hostname = " + tx.quote(hostname));
  if (!other.empty()) throw UserError("domain " + hostname + " already belongs to " + other[0][0].as<std::string>());
  if (primary) tx.exec("UPDATE domains SET is_primary = false WHERE desa_id = " + std::to_string(id));
  tx.exec("INSERT INTO domains (hostname, desa_id, is_primary) VALUES (" + tx.quote(hostname) + ", " + std::to_string(id) +
          ", " + (primary ? "true" : "false") + ")");
  tx.commit();
  notify(conn, kHostsChannel);
}

void remove_domain(pqxx::connection& conn, const std::string& hostname) {
  pqxx::work tx(conn);
  auto r = tx.exec("DELETE FROM domains WHERE hostname = " + tx.quote(hostname));
  if (r.affected_rows() == 0) throw UserError("domain " + hostname + " is not registered");
  tx.commit();
  notify(conn, kHostsChannel);
}

std::vector<DomainInfo> list_domains(pqxx::connection& conn, const std::string& desa_key) {
  pqxx::read_transaction tx(conn);
  std::string sql = "SELECT m.hostname, d.slug, m.is_primary FROM domains m JOIN desa d ON d.id = m.desa_id";
  if (!desa_key.empty()) sql += " WHERE " + where_key(tx, desa_key);
  sql += " ORDER BY d.slug, m.hostname";
  std::vector<DomainInfo> out;
  for (const auto& r : tx.exec(sql)) out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<bool>()});
  return out;
}

}  // namespace balai::tenants
