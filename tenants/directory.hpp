// The tenant directory: which hostname is which village. An immutable
// snapshot is built from the registry tables and swapped atomically; request
// handling only ever reads a snapshot.
#pragma once
#include <cstdint>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace balai {

struct KecamatanEntry {
  std::int64_t id = 0;
  std::string kode, nama, slug;
};

struct DesaEntry {
  std::int64_t id = 0;
  std::string kode, nama, jenis, slug, status;
  std::size_t kecamatan = 0;     // index into Directory::kecamatan
  std::string primary_domain;    // custom primary domain, or "" (then <slug>.<base>)
  std::string status_reason = "";  // why Diskominfo suspended or archived it, shown on the notice
};

struct Directory {
  std::uint64_t version = 0;
  std::string kabupaten_nama;
  std::vector<KecamatanEntry> kecamatan;  // ordered by kode
  std::vector<DesaEntry> desa;            // ordered by kecamatan kode, then nama
  std::vector<std::pair<std::string, std::int64_t>> domains;  // custom hostname -> desa id
  std::unordered_map<std::string, std::size_t> by_slug;
  std::unordered_map<std::string, std::size_t> by_domain;  // custom domains
  std::unordered_map<std::int64_t, std::size_t> by_id;

  void index();  // rebuilds the maps from the vectors
  const DesaEntry* find(std::int64_t id) const;
  std::string primary_host(const DesaEntry& d, std::string_view base_domain) const;
};

enum class Target { portal, village, redirect, unknown };

struct Resolution {
  Target target = Target::unknown;
  const DesaEntry* desa = nullptr;
  std::string redirect_host;  // for Target::redirect
};

// `host` must already be normalised (see normalize_host).
Resolution resolve_host(const Directory& dir, std::string_view host, std::string_view base_domain);

// Holds the current snapshot; readers take a reference-counted copy.
class DirectoryStore {
 public:
  DirectoryStore() : current_(std::make_shared<const Directory>()) {}
  std::shared_ptr<const Directory> get() const { return current_.load(std::memory_order_acquire); }
  void set(std::shared_ptr<const Directory> d) { current_.store(std::move(d), std::memory_order_release); }

 private:
  std::atomic<std::shared_ptr<const Directory>> current_;
};

}  // namespace balai
