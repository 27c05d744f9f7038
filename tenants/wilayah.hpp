// Kode wilayah (Kemendagri area codes) and the national CSV: parsing,
// validation, village slugs. Pure logic: no database, no I/O but the reader.
#pragma once
#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace balai::wilayah {

enum class Tingkat { provinsi, kabupaten_kota, kecamatan, desa_kelurahan };

struct Kode {
  std::string text;   // "33.24.01.2001"
  Tingkat tingkat;    // derived from the number of parts
  std::int64_t number;  // digits as a number: 3324012001
  std::string parent() const;  // "33.24.01"; "" for a province
};

// Parses "PP", "PP.KK", "PP.KK.CC" or "PP.KK.CC.DDDD".
std::optional<Kode> parse_kode(std::string_view text, std::string* why = nullptr);

// "kelurahan" for 1xxx, otherwise "desa"; only meaningful for villages.
std::string jenis_of(const Kode& kode);

struct Row {
  Kode kode;
  std::string nama;
  std::size_t line = 0;
};

// Rows of one prefix of the national file: the rows under the prefix plus the
// regency (and province) above it, each checked against its parents.
struct Extract {
  std::vector<Row> kabupaten;
  std::vector<Row> kecamatan;
  std::vector<Row> desa;
};

struct ParseError {
  std::size_t line;
  std::string reason;
};

// Reads `kode,nama,tingkat` CSV (RFC 4180 quoting) and keeps the rows under
// `prefix`. Any malformed line anywhere in the file is an error: a file that
// is not what it claims to be is not half-imported.
struct ExtractResult {
  std::optional<Extract> extract;
  std::optional<ParseError> error;
};
ExtractResult read_extract(std::istream& in, std::string_view prefix);

// Splits one CSV line; nullopt when quoting is broken.
std::optional<std::vector<std::string>> split_csv_line(std::string_view line);

// Lowercase ASCII, words joined with '-'; common accented letters folded.
std::string slugify(std::string_view name);

bool is_reserved_slug(std::string_view slug);

struct SlugInput {
  std::int64_t id;
  std::string kode;  // "33.24.01.2001"
  std::string nama;
  std::string kecamatan_nama;
};

// Assigns every village a distinct DNS-label slug, independent of input order:
// a name shared by several villages gets its kecamatan appended on all of
// them; where that still collides, the kode digits decide.
std::map<std::int64_t, std::string> assign_slugs(const std::vector<SlugInput>& villages);

}  // namespace balai::wilayah
