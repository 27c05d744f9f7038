#include "server/admin/data.hpp"

#include <pqxx/pqxx>
#include <cstring>
#include <optional>
#include <regex>
#include <set>

#include "server/content/richtext.hpp"
#include "server/media/media.hpp"
#include "server/site/moderation.hpp"
#include "server/site/village.hpp"
#include "tenants/wilayah.hpp"

namespace balai::admin {

namespace {

enum class Type { teks, teks_panjang, angka, uang, desimal, pilihan, induk, gambar, tautan, telepon_wa, email, daftar };

const char* type_name(Type t) {
  switch (t) {
    case Type::teks: return "teks";
    case Type::teks_panjang: return "teks_panjang";
    case Type::angka: return "angka";
    case Type::uang: return "uang";
    case Type::desimal: return "desimal";
    case Type::pilihan: case Type::induk: return "pilihan";
    case Type::gambar: return "gambar";
    case Type::tautan: return "tautan";
    case Type::telepon_wa: return "telepon_wa";
    case Type::email: return "email";
    case Type::daftar: return "teks_panjang";  // a JSON list, edited as one line per entry
  }
  return "teks";
}

struct Field {
  const char* nama;    // in the API
  const char* column;  // in the table (a fixed identifier, never from a request)
  const char* label;
  Type type;
  bool wajib = false;
  int maks = 0;
  std::vector<std::pair<std::string, std::string>> pilihan = {};  // value, label
  const char* bantuan = "";
  const char* bawaan = "";  // value when left empty (NOT NULL columns)
  const char* keys = "";    // daftar: the two keys of each entry, "nama,jabatan"; a trailing # makes the second a number
};

// daftar: "Nama — keterangan" lines <-> [{"nama": ..., "<second>": ...}].
std::pair<std::string, std::string> daftar_keys(const Field& f) {
  std::string k = f.keys;
  auto comma = k.find(',');
  return {k.substr(0, comma), k.substr(comma + 1)};
}

std::string daftar_lines(const Field& f, const std::string& stored) {
  auto [first, second] = daftar_keys(f);
  bool number = second.ends_with("#");
  if (number) second.pop_back();
  std::string out;
  json list = json::parse(stored, nullptr, false);
  if (!list.is_array()) return out;
  for (const auto& e : list) {
    if (!e.is_object()) continue;
    std::string line = e.value(first, std::string());
    if (e.contains(second) && !e[second].is_null())
      line += " — " + (e[second].is_string() ? e[second].get<std::string>() : e[second].dump());
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

std::optional<std::string> daftar_json(const Field& f, const std::string& text, std::string& problem) {
  auto [first, second] = daftar_keys(f);
  bool number = second.ends_with("#");
  if (number) second.pop_back();
  json list = json::array();
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? text.size() + 1 : end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty()) continue;
    if (list.size() >= 50) { problem = "Paling banyak 50 baris."; return std::nullopt; }
    std::string a = line, b;
    for (const char* sep : {" — ", " – ", " - ", ": "})
      if (auto at = line.find(sep); at != std::string::npos) {
        a = line.substr(0, at);
        b = line.substr(at + std::strlen(sep));
        break;
      }
    if (a.size() > 160 || b.size() > 300) { problem = "Satu baris terlalu panjang."; return std::nullopt; }
    json e = {{first, a}};
    if (number) {
      std::string digits;
      for (char c : b) if (c >= '0' && c <= '9') digits += c;
      if (!b.empty() && (digits.empty() || digits.size() > 12)) { problem = "Tulis harga sebagai angka, misalnya: Sewa tenda — 350000"; return std::nullopt; }
      if (!digits.empty()) e[second] = std::stoll(digits);
    } else if (!b.empty()) {
      e[second] = b;
    }
    list.push_back(e);
  }
  return list.dump();
}

struct Kind {
  const char* jenis;
  const char* judul;
  const char* keterangan;
  const char* table;
  bool tunggal;
  const char* order;
  std::vector<Field> fields;
  // For `induk` fields: the SQL that lists the choices (id, label) of this village ($1).
  const char* choices = "";
};

const std::vector<std::pair<std::string, std::string>> kKategoriStatistik = {
    {"jenis_kelamin", "Jumlah penduduk"}, {"umur", "Kelompok umur"}, {"pendidikan", "Pendidikan"}, {"pekerjaan", "Pekerjaan"}, {"agama", "Agama"}};

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> k = {
      {"perangkat", "Perangkat desa", "Kepala desa, sekretaris, kepala urusan dan seksi, kepala dusun.", "perangkat", false, "urutan, id",
       {{"nama", "nama", "Nama", Type::teks, true, 120},
        {"jabatan", "jabatan", "Jabatan", Type::teks, true, 120},
        {"foto", "foto", "Foto", Type::gambar},
        {"urutan", "urutan", "Urutan tampil", Type::angka, false, 0, {}, "Angka kecil tampil lebih dulu.", "100"}}},
      {"lembaga", "Lembaga desa", "BPD, LPMD, PKK, Karang Taruna dan lembaga lain.", "lembaga", false, "urutan, id",
       {{"nama", "nama", "Nama lembaga", Type::teks, true, 160},
        {"singkatan", "singkatan", "Singkatan", Type::teks, false, 20},
        {"ketua", "ketua", "Ketua", Type::teks, false, 120},
        {"deskripsi", "deskripsi", "Tugas dan kegiatan", Type::teks_panjang, false, 2000},
        {"urutan", "urutan", "Urutan tampil", Type::angka, false, 0, {}, "", "100"}}},
      {"sekolah", "Pendidikan", "Sekolah dan PAUD di desa.", "sekolah", false, "jenjang, nama",
       {{"jenjang", "jenjang", "Jenjang", Type::pilihan, true, 0,
         {{"PAUD", "PAUD"}, {"TK", "TK"}, {"SD", "SD"}, {"MI", "MI"}, {"SMP", "SMP"}, {"MTs", "MTs"}, {"SMA", "SMA"}, {"SMK", "SMK"}, {"MA", "MA"}, {"Lainnya", "Lainnya"}}},
        {"nama", "nama", "Nama sekolah", Type::teks, true, 160},
        {"alamat", "alamat", "Alamat", Type::teks, false, 300},
        {"murid", "murid", "Jumlah murid", Type::angka}}},
      {"produk", "Ekonomi dan potensi", "Produk UMKM, komoditas dan wisata, dengan tautan pesan WhatsApp.", "produk", false, "jenis, nama",
       {{"jenis", "jenis", "Jenis", Type::pilihan, true, 0, {{"umkm", "Produk UMKM"}, {"komoditas", "Komoditas"}, {"wisata", "Wisata"}}},
        {"nama", "nama", "Nama", Type::teks, true, 160},
        {"deskripsi", "deskripsi", "Keterangan", Type::teks_panjang, false, 2000},
        {"harga", "harga", "Harga (rupiah)", Type::uang},
        {"satuan", "satuan", "Satuan", Type::teks, false, 40, {}, "Misalnya: bungkus, kg, lembar."},
        {"penjual", "penjual", "Penjual", Type::teks, false, 120},
        {"whatsapp", "whatsapp", "WhatsApp penjual", Type::telepon_wa, false, 16, {}, "Nomor WhatsApp diawali 62, misalnya 6281234567890."},
        {"foto", "foto", "Foto", Type::gambar}}},
      {"statistik", "Data penduduk", "Jumlah penduduk menurut jenis kelamin, umur, pendidikan, pekerjaan dan agama (angka saja, tanpa data pribadi).",
       "statistik", false, "tahun DESC, kategori, urutan, label",
       {{"tahun", "tahun", "Tahun", Type::angka, true},
        {"kategori", "kategori", "Kategori", Type::pilihan, true, 0, kKategoriStatistik},
        {"label", "label", "Kelompok", Type::teks, true, 80, {}, "Misalnya: 0-4 tahun, SD/sederajat, Petani."},
        {"laki", "laki", "Laki-laki", Type::angka, true},
        {"perempuan", "perempuan", "Perempuan", Type::angka, true},
        {"urutan", "urutan", "Urutan tampil", Type::angka, false, 0, {}, "", "100"}}},
      {"apbdes", "APBDes", "Anggaran dan realisasi pendapatan, belanja dan pembiayaan desa per tahun.", "apbdes", false, "tahun DESC, jenis, urutan, uraian",
       {{"tahun", "tahun", "Tahun anggaran", Type::angka, true},
        {"jenis", "jenis", "Jenis", Type::pilihan, true, 0, {{"pendapatan", "Pendapatan"}, {"belanja", "Belanja"}, {"pembiayaan", "Pembiayaan"}}},
        {"uraian", "uraian", "Uraian", Type::teks, true, 200},
        {"anggaran", "anggaran", "Anggaran (rupiah)", Type::uang, true},
        {"realisasi", "realisasi", "Realisasi (rupiah)", Type::uang, true},
        {"urutan", "urutan", "Urutan tampil", Type::angka, false, 0, {}, "", "100"}}},
      {"bumdes", "BUMDes", "Badan usaha milik desa: unit usaha, pengurus, produk dan layanannya.", "bumdes", false, "id",
       {{"nama", "nama", "Nama BUMDes", Type::teks, true, 160},
        {"badan_hukum", "badan_hukum", "Status badan hukum", Type::teks, false, 200},
        {"tahun_berdiri", "tahun_berdiri", "Tahun berdiri", Type::angka},
        {"deskripsi", "deskripsi", "Keterangan", Type::teks_panjang, false, 4000},
        {"unit_usaha", "unit_usaha", "Unit usaha", Type::daftar, false, 8000, {}, "Satu unit per baris: Nama — keterangan.", "[]", "nama,deskripsi"},
        {"pengurus", "pengurus", "Pengurus", Type::daftar, false, 8000, {}, "Satu orang per baris: Nama — jabatan.", "[]", "nama,jabatan"},
        {"produk", "produk", "Produk dan layanan", Type::daftar, false, 8000, {}, "Satu per baris: Nama — harga dalam rupiah.", "[]", "nama,harga#"},
        {"kontak", "kontak", "Kontak", Type::teks, false, 200},
        {"foto", "foto", "Foto", Type::gambar}}},
      {"kontak", "Kontak", "Alamat kantor, telepon, WhatsApp, email, jam pelayanan dan media sosial.", "kontak", true, "desa_id",
       {{"alamat", "alamat", "Alamat kantor", Type::teks, false, 300},
        {"telepon", "telepon", "Telepon", Type::teks, false, 40},
        {"whatsapp", "whatsapp", "WhatsApp", Type::telepon_wa, false, 16, {}, "Nomor WhatsApp diawali 62."},
        {"email", "email", "Email", Type::email, false, 120},
        {"jam_kerja", "jam_kerja", "Jam pelayanan", Type::teks, false, 200},
        {"facebook", "facebook", "Facebook", Type::tautan, false, 200},
        {"instagram", "instagram", "Instagram", Type::tautan, false, 200},
        {"youtube", "youtube", "YouTube", Type::tautan, false, 200}}},
      {"geografi", "Geografi", "Luas, batas wilayah, ketinggian dan titik koordinat kantor desa.", "geografi", true, "desa_id",
       {{"luas_ha", "luas_ha", "Luas wilayah (hektare)", Type::desimal},
        {"batas_utara", "batas_utara", "Batas utara", Type::teks, false, 120},
        {"batas_selatan", "batas_selatan", "Batas selatan", Type::teks, false, 120},
        {"batas_timur", "batas_timur", "Batas timur", Type::teks, false, 120},
        {"batas_barat", "batas_barat", "Batas barat", Type::teks, false, 120},
        {"ketinggian_m", "ketinggian_m", "Ketinggian (meter di atas laut)", Type::angka},
        {"latitude", "latitude", "Lintang (latitude)", Type::desimal, false, 0, {}, "Misalnya -6.9512 (dari Google Maps)."},
        {"longitude", "longitude", "Bujur (longitude)", Type::desimal, false, 0, {}, "Misalnya 110.2031."}}},
      {"menu", "Menu situs", "Menu utama website: tautan ke halaman, kategori, atau situs lain; satu tingkat sub-menu.", "menus", false,
       "coalesce((SELECT p.urutan FROM menus p WHERE p.desa_id = menus.desa_id AND p.id = menus.parent_id), urutan),"
       " coalesce(parent_id, id), parent_id NULLS FIRST, urutan, id",
       {{"label", "label", "Tulisan menu", Type::teks, true, 60},
        {"target", "target", "Tujuan", Type::tautan, true, 500, {}, "Halaman situs seperti /berita atau /profil/sejarah, atau alamat https://..."},
        {"induk", "parent_id", "Di bawah menu", Type::induk, false, 0, {}, "Kosongkan untuk menu utama."},
        {"urutan", "urutan", "Urutan tampil", Type::angka, false, 0, {}, "", "100"}},
       "SELECT id::text, label FROM menus WHERE desa_id = $1 AND parent_id IS NULL ORDER BY urutan, id"},
      {"album", "Album galeri", "Album foto kegiatan dan pemandangan desa.", "albums", false, "created_at DESC, id DESC",
       {{"judul", "judul", "Judul album", Type::teks, true, 160},
        {"deskripsi", "deskripsi", "Keterangan", Type::teks_panjang, false, 1000}}},
      {"foto", "Foto galeri", "Foto di dalam album galeri.", "photos", false, "album_id, urutan, id",
       {{"album", "album_id", "Album", Type::induk, true},
        {"gambar", "media_key", "Foto", Type::gambar, true},
        {"alt", "alt", "Keterangan foto", Type::teks, false, 300, {}, "Ceritakan isi foto untuk pembaca tunanetra."},
        {"urutan", "urutan", "Urutan tampil", Type::angka, false, 0, {}, "", "100"}},
       "SELECT id::text, judul FROM albums WHERE desa_id = $1 ORDER BY created_at DESC, id DESC"},
  };
  return k;
}

const Kind* find_kind(const std::string& jenis) {
  for (const auto& k : kinds())
    if (jenis == k.jenis) return &k;
  return nullptr;
}

std::vector<std::pair<std::string, std::string>> choices_of(pqxx::work& tx, const Kind& k, std::int64_t desa_id) {
  std::vector<std::pair<std::string, std::string>> out;
  if (*k.choices)
    for (const auto& r : tx.exec_params(k.choices, desa_id)) out.emplace_back(r[0].as<std::string>(), r[1].as<std::string>());
  return out;
}

json schema_of(pqxx::work& tx, const Kind& k, std::int64_t desa_id) {
  json kolom = json::array();
  for (const auto& f : k.fields) {
    json c = {{"nama", f.nama}, {"label", f.label}, {"tipe", type_name(f.type)}, {"wajib", f.wajib}};
    if (f.maks) c["maks"] = f.maks;
    if (*f.bantuan) c["bantuan"] = f.bantuan;
    auto list = f.type == Type::induk ? choices_of(tx, k, desa_id) : f.pilihan;
    if (f.type == Type::pilihan || f.type == Type::induk) {
      c["pilihan"] = json::array();
      for (const auto& [v, l] : list) {
        if (f.type == Type::induk) c["pilihan"].push_back({{"nilai", std::stoll(v)}, {"label", l}});
        else c["pilihan"].push_back({{"nilai", v}, {"label", l}});
      }
    }
    kolom.push_back(c);
  }
  return {{"jenis", k.jenis}, {"judul", k.judul}, {"keterangan", k.keterangan}, {"tunggal", k.tunggal}, {"kolom", kolom}};
}

// SQL for one field's value passed as text parameter $n.
std::string value_sql(const Field& f, int n) {
  std::string p = "$" + std::to_string(n);
  switch (f.type) {
    case Type::angka: return "NULLIF(" + p + ", '')::integer";
    case Type::uang: case Type::induk: return "NULLIF(" + p + ", '')::bigint";
    case Type::desimal: return "NULLIF(" + p + ", '')::numeric";
    case Type::gambar: return "NULLIF(" + p + ", '')";
    case Type::daftar: return p + "::jsonb";
    default: return p;
  }
}

std::string select_list(const Kind& k) {
  std::string cols = k.tunggal ? "0" : "id";
  for (const auto& f : k.fields) cols += std::string(", ") + f.column + "::text";
  return cols;
}

json row_json(const Kind& k, const pqxx::row& r) {
  json j = {{"id", r[0].as<std::int64_t>()}};
  for (std::size_t i = 0; i < k.fields.size(); ++i) {
    const auto& f = k.fields[i];
    const auto& v = r[static_cast<int>(i) + 1];
    if (v.is_null()) {
      j[f.nama] = nullptr;
      continue;
    }
    std::string s = v.as<std::string>();
    switch (f.type) {
      case Type::angka: case Type::uang: case Type::induk: j[f.nama] = std::stoll(s); break;
      case Type::desimal: j[f.nama] = std::stod(s); break;
      default: j[f.nama] = s;
    }
    if (f.type == Type::gambar) j[std::string(f.nama) + "_url"] = media::url(s, 320, 320);
    if (f.type == Type::daftar) j[f.nama] = daftar_lines(f, s);
  }
  return j;
}

// Menu links (and any other link field) are public text too: one that looks
// like gambling spam is not saved, with the scanner's reasons.
void refuse_suspicious(pqxx::work& tx, const Kind& k, const Account& a, const std::vector<std::string>& values) {
  content::ScanInput in;
  bool links = false;
  for (std::size_t i = 0; i < k.fields.size() && i < values.size(); ++i) {
    if (k.fields[i].type == Type::tautan && !values[i].empty()) {
      in.links.push_back(values[i]);
      links = true;
    } else if (k.fields[i].type != Type::gambar) {
      in.text += values[i] + "\n";
    }
  }
  if (!links && std::string(k.table) != "menus") return;
  if (auto hold = site::scan_public_text(tx, a.desa_id, in)) {
    json kolom = json::object();
    for (const auto& f : k.fields)
      if (f.type == Type::tautan) kolom[f.nama] = "Ditahan: " + site::hold_reason(*hold);
    throw ApiError{422, "Isian ini mirip konten judi online atau spam, jadi tidak disimpan: " + site::hold_reason(*hold) +
                            ". Jika keliru, buat tiket bantuan ke Diskominfo.", kolom};
  }
}

// A page going public is scanned; a suspicious one stays a draft, held for
// Diskominfo's review. Returns the reasons when held.
std::optional<std::string> hold_page(pqxx::work& tx, const Account& a, std::int64_t id, const std::string& judul, const std::string& isi,
                                     const std::string& plain, const std::string& status, const std::string& previous) {
  if (status != "published") return std::nullopt;
  content::ScanInput in;
  in.text = judul + "\n";
  content::collect_richtext(isi, in);
  if (!previous.empty()) {
    content::ScanInput before;
    content::collect_richtext(previous, before);
    in.previous_links = content::external_links(before);
  }
  auto hold = site::scan_public_text(tx, a.desa_id, in);
  if (!hold) return std::nullopt;
  tx.exec_params("UPDATE pages SET status = 'draft' WHERE desa_id = $1 AND id = $2", a.desa_id, id);
  site::record_hold(tx, a.desa_id, "halaman", id, judul, plain.substr(0, 1500), *hold, a.id, "published");
  return site::hold_reason(*hold);
}

// Checks every field; returns the text value of each (empty for none).
std::vector<std::string> validate(pqxx::work& tx, const Kind& k, const Account& a, const json& body) {
  json kolom = json::object();
  std::vector<std::string> values;
  static const std::regex email_re(R"(^[^@\s]{1,64}@[^@\s]{1,190}\.[a-zA-Z]{2,}$)");
  for (const auto& f : k.fields) {
    std::string v;
    const json* in = body.contains(f.nama) ? &body[f.nama] : nullptr;
    if (in && in->is_number()) {
      if (f.type == Type::desimal && in->is_number_float()) v = std::to_string(in->get<double>());
      else if (in->is_number_integer()) v = std::to_string(in->get<std::int64_t>());
      else kolom[f.nama] = "Tulis bilangan bulat.";
    } else if (in && in->is_string()) {
      v = str(body, f.nama, f.maks ? static_cast<std::size_t>(f.maks) : 40, kolom);
    } else if (in && !in->is_null()) {
      kolom[f.nama] = "Isian tidak valid.";
    }
    if (kolom.contains(f.nama)) {
      values.push_back("");
      continue;
    }
    if (v.empty()) {
      if (f.wajib) kolom[f.nama] = std::string(f.label) + " wajib diisi.";
      values.push_back(f.bawaan);
      continue;
    }
    switch (f.type) {
      case Type::angka: case Type::uang:
        if (!std::regex_match(v, std::regex("^-?[0-9]{1,15}$"))) kolom[f.nama] = "Tulis angka saja, tanpa titik atau huruf.";
        else if (v.front() == '-') kolom[f.nama] = "Tidak boleh negatif.";
        else if (f.type == Type::angka && v.size() > 9) kolom[f.nama] = "Angka terlalu besar.";
        else if (std::string_view(f.nama) == "tahun" && (std::stoi(v) < 2000 || std::stoi(v) > 2100)) kolom[f.nama] = "Tahun antara 2000 dan 2100.";
        else if (std::string_view(f.nama) == "tahun_berdiri" && (std::stoi(v) < 1945 || std::stoi(v) > 2100)) kolom[f.nama] = "Tahun antara 1945 dan 2100.";
        break;
      case Type::desimal:
        if (!std::regex_match(v, std::regex("^-?[0-9]{1,9}(\\.[0-9]{1,8})?$"))) kolom[f.nama] = "Tulis angka, pakai titik untuk desimal (misalnya 125.5).";
        else if (std::string_view(f.nama) == "latitude" && std::abs(std::stod(v)) > 90) kolom[f.nama] = "Lintang antara -90 dan 90.";
        else if (std::string_view(f.nama) == "longitude" && std::abs(std::stod(v)) > 180) kolom[f.nama] = "Bujur antara -180 dan 180.";
        else if (std::string_view(f.nama) == "luas_ha" && v.front() == '-') kolom[f.nama] = "Tidak boleh negatif.";
        break;
      case Type::pilihan: {
        bool ok = false;
        for (const auto& [value, label] : f.pilihan) ok = ok || value == v;
        if (!ok) kolom[f.nama] = "Pilihan tidak dikenal.";
        break;
      }
      case Type::induk: {
        bool ok = false;
        for (const auto& [value, label] : choices_of(tx, k, a.desa_id)) ok = ok || value == v;
        if (!ok) kolom[f.nama] = "Pilihan tidak ditemukan.";
        break;
      }
      case Type::gambar:
        if (!media::valid_key(v) || tx.exec_params("SELECT 1 FROM media WHERE desa_id = $1 AND key = $2", a.desa_id, v).empty())
          kolom[f.nama] = "Gambar tidak ditemukan: unggah ulang.";
        break;
      case Type::tautan:
        if (!content::safe_link(v) || v.front() == '#' || v.starts_with("tel:") || v.starts_with("mailto:"))
          kolom[f.nama] = "Tulis halaman situs yang diawali / (misalnya /berita) atau alamat lengkap https://...";
        break;
      case Type::telepon_wa:
        if (!std::regex_match(v, std::regex("^62[0-9]{7,14}$"))) kolom[f.nama] = "Nomor WhatsApp ditulis angka saja diawali 62, misalnya 6281234567890.";
        break;
      case Type::email:
        if (!std::regex_match(v, email_re)) kolom[f.nama] = "Alamat email tidak valid.";
        break;
      case Type::daftar: {
        std::string problem;
        if (auto list = daftar_json(f, v, problem)) v = *list;
        else kolom[f.nama] = problem;
        break;
      }
      default: break;
    }
    values.push_back(v);
  }
  if (!kolom.empty()) throw ApiError{422, "Belum bisa disimpan: periksa isian yang ditandai.", kolom};
  refuse_suspicious(tx, k, a, values);
  return values;
}

// Statements that depend on a kind; identifiers come from the fixed table above.
http::Response data_rows(pqxx::work& tx, const http::Request& req, const Account& a, const std::vector<std::string>& parts, const json& body,
                         bool& changed) {
  if (parts.size() == 2) {
    if (req.method != "GET") throw ApiError{405, "Metode tidak didukung."};
    json out = json::array();
    for (const auto& k : kinds()) out.push_back(schema_of(tx, k, a.desa_id));
    return json_response(200, out);
  }
  const Kind* k = find_kind(parts[2]);
  if (!k) throw ApiError{404, "Jenis data tidak dikenal."};
  const std::string table = k->table;
  if (parts.size() == 3 && req.method == "GET") {
    json items = json::array();
    for (const auto& r : tx.exec_params("SELECT " + select_list(*k) + " FROM " + table + " WHERE desa_id = $1 ORDER BY " + k->order + " LIMIT 2000",
                                        a.desa_id))
      items.push_back(row_json(*k, r));
    if (k->tunggal && items.empty()) {
      json empty = {{"id", 0}};
      for (const auto& f : k->fields) empty[f.nama] = nullptr;
      items.push_back(empty);
    }
    return json_response(200, {{"item", items}});
  }
  if (!a.can_publish()) throw ApiError{403, "Kontributor tidak dapat mengubah data desa; minta editor atau admin desa."};
  auto params = [&](std::vector<std::string> values) {
    values.insert(values.begin(), std::to_string(a.desa_id));
    return values;
  };
  if (parts.size() == 3 && req.method == "POST" && !k->tunggal) {
    auto values = validate(tx, *k, a, body);
    std::string cols = "desa_id", vals = "$1::bigint";
    for (std::size_t i = 0; i < k->fields.size(); ++i) {
      cols += std::string(", ") + k->fields[i].column;
      vals += ", " + value_sql(k->fields[i], static_cast<int>(i) + 2);
    }
    if (table == "albums") {  // an album's address comes from its title
      std::string base = wilayah::slugify(values[0]).substr(0, 70);
      while (!base.empty() && base.back() == '-') base.pop_back();
      if (base.empty()) base = "album";
      std::string slug = base;
      for (int n = 2; !tx.exec_params("SELECT 1 FROM albums WHERE desa_id = $1 AND slug = $2", a.desa_id, slug).empty(); ++n)
        slug = base + "-" + std::to_string(n);
      cols += ", slug";
      vals += ", " + tx.quote(slug);
    }
    try {
      auto r = tx.exec_params("INSERT INTO " + table + " (" + cols + ") VALUES (" + vals + ") RETURNING " + select_list(*k),
                              pqxx::prepare::make_dynamic_params(params(values)));
      audit(tx, a, std::string(k->jenis) + ".buat", k->jenis, r[0][0].as<std::int64_t>());
      changed = true;
      return json_response(201, row_json(*k, r[0]));
    } catch (const pqxx::unique_violation&) {
      throw ApiError{409, "Data yang sama sudah ada (misalnya kelompok atau uraian yang sama pada tahun yang sama)."};
    }
  }
  std::int64_t id = parts.size() == 4 ? parse_id(parts[3]) : -1;
  if (id < 0 || (!k->tunggal && id == 0) || (k->tunggal && id != 0)) throw ApiError{404, "Data tidak ditemukan."};
  if (req.method == "PUT") {
    auto values = validate(tx, *k, a, body);
    if (std::string_view(k->jenis) == "menu" && !values[2].empty()) {
      if (values[2] == std::to_string(id)) throw ApiError{422, "Menu tidak bisa berada di bawah dirinya sendiri.", {{"induk", "Pilih menu lain."}}};
      if (!tx.exec_params("SELECT 1 FROM menus WHERE desa_id = $1 AND parent_id = $2", a.desa_id, id).empty())
        throw ApiError{422, "Menu ini punya sub-menu, jadi harus tetap menu utama.", {{"induk", "Kosongkan."}}};
    }
    std::string set;
    for (std::size_t i = 0; i < k->fields.size(); ++i)
      set += std::string(i ? ", " : "") + k->fields[i].column + " = " + value_sql(k->fields[i], static_cast<int>(i) + 2);
    auto p = params(values);
    std::string sql;
    if (k->tunggal) {
      std::string cols = "desa_id", vals = "$1::bigint";
      for (std::size_t i = 0; i < k->fields.size(); ++i) {
        cols += std::string(", ") + k->fields[i].column;
        vals += ", " + value_sql(k->fields[i], static_cast<int>(i) + 2);
      }
      sql = "INSERT INTO " + table + " (" + cols + ") VALUES (" + vals + ") ON CONFLICT (desa_id) DO UPDATE SET " + set + " RETURNING " + select_list(*k);
    } else {
      p.push_back(std::to_string(id));
      sql = "UPDATE " + table + " SET " + set + " WHERE desa_id = $1 AND id = $" + std::to_string(p.size()) + "::bigint RETURNING " + select_list(*k);
    }
    try {
      auto r = tx.exec_params(sql, pqxx::prepare::make_dynamic_params(p));
      if (r.empty()) throw ApiError{404, "Data tidak ditemukan."};
      audit(tx, a, std::string(k->jenis) + ".ubah", k->jenis, id);
      changed = true;
      return json_response(200, row_json(*k, r[0]));
    } catch (const pqxx::unique_violation&) {
      throw ApiError{409, "Data yang sama sudah ada (misalnya kelompok atau uraian yang sama pada tahun yang sama)."};
    }
  }
  if (req.method == "DELETE" && !k->tunggal) {
    if (table == "menus") tx.exec_params("DELETE FROM menus WHERE desa_id = $1 AND parent_id = $2", a.desa_id, id);
    if (tx.exec_params("DELETE FROM " + table + " WHERE desa_id = $1 AND id = $2 RETURNING id", a.desa_id, id).empty())
      throw ApiError{404, "Data tidak ditemukan."};
    audit(tx, a, std::string(k->jenis) + ".hapus", k->jenis, id);
    changed = true;
    return json_response(204, nullptr);
  }
  throw ApiError{405, "Metode tidak didukung."};
}

const char* slot_label(const std::string& slot) {
  if (slot == "sambutan") return "Sambutan kepala desa";
  if (slot == "sejarah") return "Sejarah desa";
  if (slot == "visi-misi") return "Visi & misi";
  if (slot == "geografi") return "Geografi";
  if (slot == "struktur") return "Struktur pemerintahan";
  if (slot == "privasi") return "Kebijakan privasi";
  return "";
}

json page_json(pqxx::work& tx, const Account& a, std::int64_t id) {
  auto r = tx.exec_params("SELECT id, slot, title, slug, body::text, status, version FROM pages WHERE desa_id = $1 AND id = $2", a.desa_id, id);
  if (r.empty()) throw ApiError{404, "Halaman tidak ditemukan."};
  return {{"id", r[0][0].as<std::int64_t>()}, {"slot", r[0][1].is_null() ? json(nullptr) : json(r[0][1].as<std::string>())},
          {"judul", r[0][2].as<std::string>()}, {"slug", r[0][3].as<std::string>()}, {"isi", json::parse(r[0][4].as<std::string>())},
          {"status", r[0][5].as<std::string>()}, {"versi", r[0][6].as<int>()}};
}

http::Response pages(pqxx::work& tx, const http::Request& req, const Account& a, const std::vector<std::string>& parts, const json& body,
                     bool& changed) {
  if (parts.size() == 2 && req.method == "GET") {
    json out = json::array();
    for (const auto& r : tx.exec_params("SELECT id, slot, title, status, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                                        " FROM pages WHERE desa_id = $1 ORDER BY slot IS NULL, array_position(ARRAY['sambutan', 'sejarah', 'visi-misi',"
                                        " 'geografi', 'struktur', 'privasi'], slot), title", a.desa_id)) {
      json p = {{"id", r[0].as<std::int64_t>()}, {"slot", r[1].is_null() ? json(nullptr) : json(r[1].as<std::string>())},
                {"judul", r[2].as<std::string>()}, {"status", r[3].as<std::string>()}, {"diubah", r[4].as<std::string>()}};
      if (!r[1].is_null()) p["nama_slot"] = slot_label(r[1].as<std::string>());
      out.push_back(p);
    }
    return json_response(200, out);
  }
  std::int64_t id = parts.size() == 3 ? parse_id(parts[2]) : 0;
  if (id < 0 || parts.size() > 3) throw ApiError{404, "Halaman tidak ditemukan."};
  if (id > 0 && req.method == "GET") return json_response(200, page_json(tx, a, id));
  if (!a.can_publish()) throw ApiError{403, "Kontributor tidak dapat mengubah halaman profil; minta editor atau admin desa."};
  auto input = [&] {
    json kolom = json::object();
    std::string judul = str(body, "judul", 300, kolom, true, "Judul");
    std::string status = body.contains("status") && body["status"].is_string() ? body["status"].get<std::string>() : "draft";
    if (status != "draft" && status != "published") kolom["status"] = "Status halaman: draf atau terbit.";
    std::string isi, plain;
    if (body.contains("isi") && body["isi"].is_object()) {
      isi = body["isi"].dump();
      auto rendered = content::render_richtext(isi);
      plain = rendered.plain;
      if (isi.size() > 500000) kolom["isi"] = "Isi halaman terlalu panjang.";
      else if (!rendered.valid || body["isi"].value("type", "") != "doc") kolom["isi"] = "Isi halaman tidak dapat dibaca: muat ulang lalu coba lagi.";
    } else {
      kolom["isi"] = "Isi halaman wajib diisi.";
    }
    if (!kolom.empty()) throw ApiError{422, "Belum bisa disimpan: periksa isian yang ditandai.", kolom};
    return std::array<std::string, 4>{judul, status, isi, plain};
  };
  if (parts.size() == 2 && req.method == "POST") {
    auto [judul, status, isi, plain] = input();
    std::string base = wilayah::slugify(judul).substr(0, 90);
    while (!base.empty() && base.back() == '-') base.pop_back();
    if (base.empty()) base = "halaman";
    std::string slug = base;
    for (int n = 2; !tx.exec_params("SELECT 1 FROM pages WHERE desa_id = $1 AND slug = $2", a.desa_id, slug).empty(); ++n)
      slug = base + "-" + std::to_string(n);
    auto r = tx.exec_params("INSERT INTO pages (desa_id, slug, title, body, body_text, status, published_at) VALUES"
                            " ($1, $2, $3, $4::jsonb, $5, $6, CASE WHEN $6::text = 'published' THEN now() END) RETURNING id",
                            a.desa_id, slug, judul, isi, plain, status);
    auto new_id = r[0][0].as<std::int64_t>();
    auto held = hold_page(tx, a, new_id, judul, isi, plain, status, "");
    audit(tx, a, "halaman.buat", "halaman", new_id, {{"judul", judul}});
    changed = true;
    json out = page_json(tx, a, new_id);
    if (held) out["ditahan"] = *held;
    return json_response(201, out);
  }
  if (id > 0 && req.method == "PUT") {
    auto cur = tx.exec_params("SELECT version FROM pages WHERE desa_id = $1 AND id = $2 FOR UPDATE", a.desa_id, id);
    if (cur.empty()) throw ApiError{404, "Halaman tidak ditemukan."};
    if (num(body, "versi") != cur[0][0].as<int>())
      throw ApiError{409, "Halaman ini sudah diubah orang lain sejak Anda membukanya. Muat ulang untuk melihat versi terbaru."};
    auto [judul, status, isi, plain] = input();
    const std::string previous = tx.exec_params("SELECT body::text FROM pages WHERE desa_id = $1 AND id = $2", a.desa_id, id)[0][0].as<std::string>();
    tx.exec_params("UPDATE pages SET title = $3, body = $4::jsonb, body_text = $5, status = $6, version = version + 1, updated_at = now(),"
                   " published_at = CASE WHEN $6::text = 'published' THEN coalesce(published_at, now()) ELSE published_at END"
                   " WHERE desa_id = $1 AND id = $2", a.desa_id, id, judul, isi, plain, status);
    auto held = hold_page(tx, a, id, judul, isi, plain, status, previous);
    audit(tx, a, "halaman.ubah", "halaman", id, {{"judul", judul}, {"status", status}});
    changed = true;
    json out = page_json(tx, a, id);
    if (held) out["ditahan"] = *held;
    return json_response(200, out);
  }
  if (id > 0 && req.method == "DELETE") {
    if (tx.exec_params("SELECT 1 FROM pages WHERE desa_id = $1 AND id = $2", a.desa_id, id).empty()) throw ApiError{404, "Halaman tidak ditemukan."};
    auto r = tx.exec_params("DELETE FROM pages WHERE desa_id = $1 AND id = $2 AND slot IS NULL RETURNING id", a.desa_id, id);
    if (r.empty()) throw ApiError{422, "Halaman profil tetap ada di setiap desa; ubah isinya saja."};
    audit(tx, a, "halaman.hapus", "halaman", id);
    changed = true;
    return json_response(204, nullptr);
  }
  throw ApiError{404, "Tidak ditemukan."};
}

const std::vector<std::pair<std::string, std::string>>& document_types() {
  static const std::vector<std::pair<std::string, std::string>> t = {
      {"application/pdf", "pdf"}, {"image/jpeg", "jpg"}, {"image/png", "png"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"}};
  return t;
}

http::Response documents(pqxx::work& tx, const http::Request& req, const Account& a, const std::vector<std::string>& parts, bool& changed,
                         const std::string& origin) {
  using site::query_param;
  if (parts.size() == 2 && req.method == "GET") {
    json out = json::array();
    for (const auto& r : tx.exec_params("SELECT id, kategori, judul, nomor, tahun, file_name, octet_length(content) FROM dokumen"
                                        " WHERE desa_id = $1 ORDER BY kategori, tahun DESC NULLS LAST, judul", a.desa_id))
      out.push_back({{"id", r[0].as<std::int64_t>()}, {"kategori", r[1].as<std::string>()}, {"judul", r[2].as<std::string>()},
                     {"nomor", r[3].as<std::string>()}, {"tahun", r[4].is_null() ? json(nullptr) : json(r[4].as<int>())},
                     {"file_name", r[5].as<std::string>()}, {"ukuran", r[6].as<std::int64_t>()},
                     {"url", origin + "/dokumen/" + r[0].as<std::string>() + "/" + r[5].as<std::string>()}});
    return json_response(200, out);
  }
  if (!a.can_publish()) throw ApiError{403, "Kontributor tidak dapat mengunggah dokumen; minta editor atau admin desa."};
  if (parts.size() == 2 && req.method == "POST") {
    json kolom = json::object();
    json q = {{"kategori", query_param(req.query, "kategori")}, {"judul", query_param(req.query, "judul")},
              {"nomor", query_param(req.query, "nomor")}, {"tahun", query_param(req.query, "tahun")}, {"nama_file", query_param(req.query, "nama_file")}};
    std::string kategori = q["kategori"], judul = str(q, "judul", 200, kolom, true, "Judul"), nomor = str(q, "nomor", 100, kolom);
    std::string tahun = q["tahun"];
    static const std::set<std::string> known = {"produk_hukum", "berkala", "serta_merta", "setiap_saat", "dikecualikan"};
    if (!known.count(kategori)) kolom["kategori"] = "Pilih kategori dokumen.";
    if (!tahun.empty() && !std::regex_match(tahun, std::regex("^(19|20)[0-9]{2}$"))) kolom["tahun"] = "Tahun empat angka, misalnya 2026.";
    std::string mime = req.content_type.substr(0, req.content_type.find(';'));
    for (char& c : mime) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!mime.empty() && mime.back() == ' ') mime.pop_back();
    std::string ext;
    for (const auto& [type, e] : document_types())
      if (type == mime) ext = e;
    if (ext.empty()) kolom["berkas"] = "Jenis berkas tidak didukung: unggah PDF, JPG, PNG, DOCX, atau XLSX.";
    else if (req.body.empty()) kolom["berkas"] = "Berkas kosong.";
    else if (req.body.size() > 10u << 20) kolom["berkas"] = "Berkas terlalu besar: maksimal 10 MB.";
    else if (!site::content_matches(mime, req.body)) kolom["berkas"] = "Isi berkas tidak sesuai jenisnya (misalnya bukan PDF sungguhan).";
    if (!kolom.empty()) throw ApiError{422, "Dokumen belum bisa diunggah.", kolom};
    if (auto hold = site::scan_public_text(tx, a.desa_id, {judul + "\n" + nomor + "\n" + q["nama_file"].get<std::string>().substr(0, 100), {}, 0, "", {}}))
      throw ApiError{422, "Dokumen belum bisa diunggah.", {{"judul", "Ditahan karena mirip konten judi online atau spam: " + site::hold_reason(*hold)}}};
    // A safe file name: letters, digits, dot, dash, underscore; the right extension.
    std::string name;
    for (char c : q["nama_file"].get<std::string>().substr(0, 100)) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      name += ok ? c : '-';
    }
    auto dot = name.rfind('-' + ext);
    if (dot != std::string::npos && dot + ext.size() + 1 == name.size()) name.resize(dot);
    while (!name.empty() && name.back() == '-') name.pop_back();
    if (name.empty()) name = "dokumen";
    name += "." + ext;
    auto r = tx.exec_params("INSERT INTO dokumen (desa_id, kategori, judul, nomor, tahun, file_name, mime, content) VALUES"
                            " ($1, $2, $3, $4, NULLIF($5, '')::integer, $6, $7, $8) RETURNING id",
                            a.desa_id, kategori, judul, nomor, tahun, name, mime,
                            pqxx::binarystring(req.body.data(), req.body.size()));
    auto id = r[0][0].as<std::int64_t>();
    audit(tx, a, "dokumen.unggah", "dokumen", id, {{"judul", judul}, {"bytes", req.body.size()}});
    changed = true;
    return json_response(201, {{"id", id}, {"kategori", kategori}, {"judul", judul}, {"nomor", nomor},
                               {"tahun", tahun.empty() ? json(nullptr) : json(std::stoi(tahun))}, {"file_name", name},
                               {"ukuran", req.body.size()}, {"url", origin + "/dokumen/" + std::to_string(id) + "/" + name}});
  }
  std::int64_t id = parts.size() == 3 ? parse_id(parts[2]) : 0;
  if (id > 0 && req.method == "DELETE") {
    if (tx.exec_params("DELETE FROM dokumen WHERE desa_id = $1 AND id = $2 RETURNING id", a.desa_id, id).empty())
      throw ApiError{404, "Dokumen tidak ditemukan."};
    audit(tx, a, "dokumen.hapus", "dokumen", id);
    changed = true;
    return json_response(204, nullptr);
  }
  throw ApiError{404, "Tidak ditemukan."};
}

}  // namespace

http::Response village_data(pqxx::work& tx, const http::Request& req, const Account& a, const std::vector<std::string>& parts,
                            const json& body, bool& changed, const std::string& public_origin) {
  if (parts[1] == "data") return data_rows(tx, req, a, parts, body, changed);
  if (parts[1] == "halaman") return pages(tx, req, a, parts, body, changed);
  return documents(tx, req, a, parts, changed, public_origin);
}

}  // namespace balai::admin
