// One village as a portable archive: export from one Balai instance, import
// into another (or back into the same one), and deletion of a village.
//
// The archive is a plain ustar file:
//   data/<table>.json  every table of village_tables: this village's rows as
//                      a JSON array of row_to_json objects, in primary-key
//                      order, one row per line (generated columns left out)
//   media/<path>       every file under <media dir>/<desa id>/
//   manifest.json      written last: format "balai-desa/1", the registry row
//                      (kecamatan, kabupaten, domains), the schema version,
//                      every table (rows, columns, file) and every other
//                      file with its size and SHA-256
// Accounts are not part of it: passwords and second factors stay with the
// instance they were made on.
#pragma once
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/connection>

namespace balai::tenants {

inline constexpr const char* kArchiveFormat = "balai-desa/1";

struct ExportStats {
  std::int64_t desa_id = 0;
  std::string kode, slug, nama;
  int schema_version = 0;
  std::size_t tables = 0, rows = 0, media_files = 0;
  std::uint64_t media_bytes = 0;
  // SHA-256 over every data file: what delete_desa compares against to make
  // sure nothing changed between the export and the deletion.
  std::string data_digest;
};

// Writes the archive of one village (slug, kode or id) to `out`, all tables
// read from one REPEATABLE READ snapshot. Throws UserError for an unknown village.
ExportStats export_desa(pqxx::connection& owner, const std::string& desa_key, const std::filesystem::path& media_dir,
                        std::ostream& out);

struct ArchiveSummary {
  std::int64_t desa_id = 0;
  std::string kode, slug, nama, kecamatan, kabupaten, created_at;
  int schema_version = 0;
  std::size_t tables = 0, rows = 0, media_files = 0;
  std::uint64_t media_bytes = 0;
};

// Checks an archive without touching any database: format, the size and
// SHA-256 of every file, every data file's rows. Throws UserError.
ArchiveSummary verify_archive(std::string_view archive);

struct ImportOptions {
  // A village with the same id that exists here but holds nothing beyond
  // what provisioning gives every village is replaced by the archive.
  bool replace_empty = false;
  std::string actor;  // recorded in support_audit when not empty
};

struct ArchiveImportStats {
  std::int64_t desa_id = 0;
  std::string kode, slug, nama;
  bool kabupaten_created = false, kecamatan_created = false, replaced = false;
  std::size_t tables = 0, rows = 0, media_files = 0;
  std::uint64_t media_bytes = 0;
  std::vector<std::string> domains_added;
  std::vector<std::string> domains_skipped;  // "host (reason)"
  std::vector<std::string> notes;            // anything else an operator should know
};

// Imports a village archive. Everything is verified before anything is
// touched; the database work is one transaction; media files are staged
// beside <media dir>/<desa id>/ and moved there only after commit. Refuses
// (UserError) an archive of a newer schema, an id, kode or slug taken by
// another village, and an existing village (unless `replace_empty` and it
// has no content of its own). Notifies running servers after commit.
ArchiveImportStats import_desa(pqxx::connection& owner, std::string_view archive, const std::filesystem::path& media_dir,
                               ImportOptions options = {});

struct DeleteOptions {
  std::string actor;  // recorded in support_audit when not empty
  // ExportStats::data_digest of an export made just before: the deletion is
  // refused when the village's data is no longer exactly what was exported.
  std::string expect_digest;
};

struct DeleteStats {
  std::int64_t desa_id = 0;
  std::string kode, slug, nama;
  std::size_t partitions = 0, accounts = 0, domains = 0;
  bool media_removed = false;  // false: there was no media folder, or removing it failed (media_error)
  std::string media_error;
};

// Removes a village completely in one transaction (balai_drop_desa): its
// partitions of every village table, domains, accounts and their sessions,
// its rows in regency-level tables; its media folder after commit.
DeleteStats delete_desa(pqxx::connection& owner, const std::string& desa_key, const std::filesystem::path& media_dir,
                        const DeleteOptions& options = {});

}  // namespace balai::tenants
