// Registry operations against PostgreSQL: loading the host directory (as the
// application role) and provisioning villages and domains (as the owner).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "tenants/directory.hpp"
#include "tenants/wilayah.hpp"

namespace balai::tenants {

// Channels notified after commit when the registry or a village's content changes.
inline constexpr const char* kHostsChannel = "balai_hosts";
inline constexpr const char* kContentChannel = "balai_content";

std::shared_ptr<const Directory> load_directory(pqxx::connection& conn, std::uint64_t version);

// Thrown for input that an operator must correct; the message says what.
struct UserError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ImportStats {
  std::size_t kabupaten = 0, kecamatan = 0, desa_new = 0, desa_updated = 0, desa_unchanged = 0;
};

// Imports one extract in a single transaction: kabupaten, kecamatan and
// villages are inserted or updated by kode, new villages are provisioned
// (partitions and default content). Existing villages keep id and slug.
// `progress(done, total)` is called as villages are provisioned.
ImportStats import_extract(pqxx::connection& conn, const wilayah::Extract& ex,
                           const std::function<void(std::size_t, std::size_t)>& progress = {});

// What a newer national file changes for the villages already here: a
// village keeps its id; a renumbering moves its current kode.
struct WilayahPlan {
  struct Renamed {
    std::int64_t id;
    std::string kode, dari, ke;
  };
  struct Renumbered {
    std::int64_t id;
    std::string nama, dari, ke;  // kode before and after
  };
  struct Entry {
    std::int64_t id;
    std::string kode, nama;
  };
  std::vector<Renamed> renamed;
  std::vector<Renumbered> renumbered;
  std::vector<Entry> baru;    // in the file, not here: new villages (pemekaran), id = kode as a number
  std::vector<Entry> hilang;  // here, not in the file and not matched: left as they are, for a person to decide
  bool changes_existing() const { return !renamed.empty() || !renumbered.empty(); }
};

// Compares an extract with the registry. A village whose kode is gone is
// matched, by name, to a kode that is new in the same kecamatan (or else the
// same regency); a name is compared without case, spaces or punctuation.
WilayahPlan plan_extract(pqxx::connection& conn, const wilayah::Extract& ex);

// Applies a plan's renumberings (the id stays, the kode moves) and then the
// extract (renames, new villages), in one transaction.
ImportStats apply_extract(pqxx::connection& conn, const wilayah::Extract& ex, const WilayahPlan& plan,
                          const std::function<void(std::size_t, std::size_t)>& progress = {});

struct DesaInfo {
  std::int64_t id = 0;
  std::string kode, nama, jenis, slug, status, kecamatan, created_at;
  std::vector<std::string> domains;
};

// A village by slug, kode ("33.24.01.2001") or id.
std::optional<DesaInfo> find_desa(pqxx::connection& conn, const std::string& key);
std::vector<DesaInfo> list_desa(pqxx::connection& conn, const std::string& kecamatan_filter,
                                const std::string& status_filter);

// Adds one village under an existing kecamatan; returns its slug.
std::string add_desa(pqxx::connection& conn, const std::string& kode, const std::string& nama,
                     const std::string& slug_override);
// Changes a village's status: "active", "suspended" or "archived".
void set_desa_status(pqxx::connection& conn, const std::string& key, const std::string& status);

void add_domain(pqxx::connection& conn, const std::string& hostname, const std::string& desa_key, bool primary);
void remove_domain(pqxx::connection& conn, const std::string& hostname);
struct DomainInfo {
  std::string hostname, desa_slug;
  bool primary = false;
};
std::vector<DomainInfo> list_domains(pqxx::connection& conn, const std::string& desa_key);

// Sent after a committed change; listeners coalesce them.
void notify(pqxx::connection& conn, const char* channel, const std::string& payload = "");

}  // namespace balai::tenants
