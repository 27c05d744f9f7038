#include "tenants/wilayah.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>

namespace balai::wilayah {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string digits_of(std::string_view kode) {
  std::string out;
  for (char c : kode)
    if (c != '.') out += c;
  return out;
}

}  // namespace

std::string Kode::parent() const {
  auto dot = text.rfind('.');
  return dot == std::string::npos ? std::string{} : text.substr(0, dot);
}

std::optional<Kode> parse_kode(std::string_view text, std::string* why) {
  auto fail = [&](const char* reason) -> std::optional<Kode> {
    if (why) *why = reason;
    return std::nullopt;
  };
  std::vector<std::string_view> parts;
  std::string_view rest = text;
  while (true) {
    auto dot = rest.find('.');
    parts.push_back(rest.substr(0, dot));
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (parts.size() > 4) return fail("kode has more than four parts");
  static constexpr std::array<std::size_t, 4> widths = {2, 2, 2, 4};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!all_digits(parts[i]) || parts[i].size() != widths[i])
      return fail("kode must look like PP.KK.CC.DDDD (digits, 2.2.2.4)");
  }
  if (parts[0] == "00") return fail("province part of kode cannot be 00");
  // 1xxx is a kelurahan, 2xxx a desa; the decree also numbers a few desa 3xxx.
  if (parts.size() == 4 && parts[3][0] == '0') return fail("village part of kode cannot start with 0");
  Kode k;
  k.text = std::string(text);
  k.tingkat = static_cast<Tingkat>(parts.size() - 1);
  k.number = std::stoll(digits_of(text));
  return k;
}

std::string jenis_of(const Kode& kode) {
  return kode.text.size() >= 4 && kode.text[kode.text.size() - 4] == '1' ? "kelurahan" : "desa";
}

std::optional<std::vector<std::string>> split_csv_line(std::string_view line) {
  std::vector<std::string> fields;
  std::string cur;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur += c;
      }
    } else if (c == '"') {
      if (!cur.empty() || was_quoted) return std::nullopt;  // quote inside a bare field
      quoted = was_quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(cur));
      cur.clear();
      was_quoted = false;
    } else {
      if (was_quoted) return std::nullopt;  // text after a closing quote
      cur += c;
    }
  }
  if (quoted) return std::nullopt;
  fields.push_back(std::move(cur));
  return fields;
}

ExtractResult read_extract(std::istream& in, std::string_view prefix) {
  ExtractResult result;
  auto error = [&](std::size_t line, std::string reason) {
    result.error = ParseError{line, std::move(reason)};
    return result;
  };
  std::string why;
  auto pk = parse_kode(prefix, &why);
  if (!pk) return error(0, "--kode " + std::string(prefix) + ": " + why);
  if (pk->tingkat == Tingkat::desa_kelurahan)
    return error(0, "--kode must name a province, regency or kecamatan, not a single village");

  // The rows above the prefix that the extract needs (its regency and province).
  std::set<std::string> ancestors;
  for (std::string p = pk->parent(); !p.empty(); p = Kode{p, Tingkat::provinsi, 0}.parent()) ancestors.insert(p);

  Extract ex;
  std::set<std::string> seen, kab_in, kec_in;
  std::string line;
  std::size_t lineno = 0;
  bool any = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lineno == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (lineno == 1) {
      if (line != "kode,nama,tingkat") return error(lineno, "header must be: kode,nama,tingkat");
      continue;
    }
    if (line.empty()) continue;
    auto fields = split_csv_line(line);
    if (!fields) return error(lineno, "broken CSV quoting");
    if (fields->size() != 3) return error(lineno, "expected 3 fields (kode,nama,tingkat), got " + std::to_string(fields->size()));
    auto kode = parse_kode((*fields)[0], &why);
    if (!kode) return error(lineno, "kode '" + (*fields)[0] + "': " + why);
    static const std::array<std::string_view, 4> names = {"provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan"};
    if ((*fields)[2] != names[static_cast<int>(kode->tingkat)])
      return error(lineno, "tingkat '" + (*fields)[2] + "' does not match kode " + kode->text);
    std::string nama = (*fields)[1];
    if (nama.empty() || nama.size() > 200) return error(lineno, "nama must be 1 to 200 bytes");
    for (unsigned char c : nama)
      if (c < 0x20) return error(lineno, "nama contains a control character");
    if (!seen.insert(kode->text).second) return error(lineno, "kode " + kode->text + " appears twice");

    const std::string& k = kode->text;
    bool under = k == prefix || (k.size() > prefix.size() && k.compare(0, prefix.size(), prefix) == 0 && k[prefix.size()] == '.');
    bool needed_above = ancestors.count(k) > 0;
    if (!under && !needed_above) continue;
    any = true;
    Row row{*kode, nama, lineno};
    switch (kode->tingkat) {
      case Tingkat::provinsi: break;
      case Tingkat::kabupaten_kota: kab_in.insert(k); ex.kabupaten.push_back(std::move(row)); break;
      case Tingkat::kecamatan: kec_in.insert(k); ex.kecamatan.push_back(std::move(row)); break;
      case Tingkat::desa_kelurahan: ex.desa.push_back(std::move(row)); break;
    }
  }
  if (!any || ex.desa.empty()) return error(lineno, "no village found under kode " + std::string(prefix));
  for (const auto& r : ex.kecamatan)
    if (!kab_in.count(r.kode.parent()))
      return error(r.line, "kecamatan " + r.kode.text + " has no kabupaten/kota row " + r.kode.parent());
  for (const auto& r : ex.desa)
    if (!kec_in.count(r.kode.parent()))
      return error(r.line, "village " + r.kode.text + " has no kecamatan row " + r.kode.parent());
  result.extract = std::move(ex);
  return result;
}

std::string slugify(std::string_view name) {
  // Two-byte UTF-8 Latin-1 letters folded to ASCII; anything else non-ASCII drops.
  static const std::unordered_map<std::string, char> fold = {
      {"\xC3\xA0", 'a'}, {"\xC3\xA1", 'a'}, {"\xC3\xA2", 'a'}, {"\xC3\xA4", 'a'}, {"\xC3\xA8", 'e'},
      {"\xC3\xA9", 'e'}, {"\xC3\xAA", 'e'}, {"\xC3\xAB", 'e'}, {"\xC3\xAC", 'i'}, {"\xC3\xAD", 'i'},
      {"\xC3\xAE", 'i'}, {"\xC3\xAF", 'i'}, {"\xC3\xB2", 'o'}, {"\xC3\xB3", 'o'}, {"\xC3\xB4", 'o'},
      {"\xC3\xB6", 'o'}, {"\xC3\xB9", 'u'}, {"\xC3\xBA", 'u'}, {"\xC3\xBB", 'u'}, {"\xC3\xBC", 'u'},
      {"\xC3\x80", 'a'}, {"\xC3\x81", 'a'}, {"\xC3\x89", 'e'}, {"\xC3\x88", 'e'}, {"\xC3\x93", 'o'},
      {"\xC3\x9A", 'u'}, {"\xC3\xB1", 'n'}, {"\xC3\x91", 'n'}, {"\xC3\xA7", 'c'}, {"\xC3\x87", 'c'}};
  std::string out;
  bool pending_dash = false;
  auto put = [&](char c) {
    if (pending_dash && !out.empty()) out += '-';
    pending_dash = false;
    out += c;
  };
  for (std::size_t i = 0; i < name.size();) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') put(static_cast<char>(c - 'A' + 'a'));
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) put(static_cast<char>(c));
      else if (c == '\'' || c == '`') {}  // apostrophes join: Regapu'u -> regapuu
      else pending_dash = true;
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    std::string seq(name.substr(i, len));
    if (auto it = fold.find(seq); it != fold.end()) put(it->second);
    else if (seq == "\xE2\x80\x99" || seq == "\xE2\x80\x98") {}  // typographic apostrophes
    else pending_dash = true;
    i += len;
  }
  return out.empty() ? std::string("desa") : out;
}

bool is_reserved_slug(std::string_view slug) {
  static const std::set<std::string, std::less<>> reserved = {
      "admin", "www", "api", "static", "portal", "assets", "cdn", "media", "img", "files",
      "mail", "smtp", "imap", "pop", "webmail", "ftp", "ns1", "ns2", "dns", "mx",
      "status", "metrics", "health", "monitor", "app", "dev", "test", "staging", "demo",
      "localhost", "login", "auth", "sso", "id", "account", "akun", "bantuan", "help",
      "support", "docs", "dokumentasi", "data", "opendata", "kabupaten", "kecamatan",
      "desa", "kelurahan", "diskominfo", "pemda", "cpanel", "autodiscover", "balai"};
  return reserved.count(slug) > 0;
}

std::map<std::int64_t, std::string> assign_slugs(const std::vector<SlugInput>& villages) {
  constexpr std::size_t max_label = 63;
  std::map<std::int64_t, std::string> slug;
  std::unordered_map<std::string, int> count;
  for (const auto& v : villages) ++count[slugify(v.nama)];
  for (const auto& v : villages) {
    std::string base = slugify(v.nama);
    slug[v.id] = (count[base] > 1 || is_reserved_slug(base)) ? base + "-" + slugify(v.kecamatan_nama) : base;
  }
  // Whatever still collides (same name and same kecamatan name, or a name that
  // happens to equal another's name-kecamatan) is decided by the kode, on every
  // village of the collision alike.
  std::unordered_map<std::string, int> second;
  for (const auto& [id, s] : slug) ++second[s];
  for (const auto& v : villages) {
    std::string& s = slug[v.id];
    if (second[s] > 1) s += "-" + digits_of(v.kode);
    if (s.size() > max_label) {
      std::string digits = digits_of(v.kode);
      std::string head = s.substr(0, max_label - digits.size() - 1);
      while (!head.empty() && head.back() == '-') head.pop_back();
      s = head + "-" + digits;
    }
  }
  return slug;
}

}  // namespace balai::wilayah
