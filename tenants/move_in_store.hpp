// Stores what tenants/move_in.hpp read from a village's old site into the
// village: categories (an existing one of the same slug is reused), posts,
// pages and agenda items, their pictures through server/media (original
// files of the OpenSID archive, or fetched from the old site's addresses),
// in one transaction: a failure leaves the village as it was. Slugs taken
// in the village get a suffix. Published text that the content scanner
// would hold (gambling spam left on a defaced site) comes in as a draft.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "tenants/move_in.hpp"

namespace balai::tenants {

// Bytes of a picture the source names by URL, or nullopt (with `why`) when it
// cannot be had. Empty function: pictures named by URL are left out.
using PictureFetcher = std::function<std::optional<std::string>(const std::string& url, std::string& why)>;

// Fetches http(s) URLs with libcurl: 20 s, 20 MB, 3 redirects at most.
// Addresses on internal networks (loopback, private, link-local...) are
// refused unless `allow_internal` (an old site on the regency's own network).
PictureFetcher http_fetcher(bool allow_internal = false);

struct MoveInOptions {
  std::filesystem::path media_dir;
  std::map<std::string, std::string> archive;  // OpenSID desa/ folder images, by path (read_image_archive)
  PictureFetcher fetch;
  bool dry_run = false;  // everything but the commit (pictures are not stored either)
};

struct MoveInReport {
  std::string source;
  std::size_t posts = 0, drafts = 0, pages = 0, categories_new = 0, categories_reused = 0, agenda = 0;
  std::size_t pictures = 0, pictures_missing = 0, held = 0;
  std::vector<MoveInSkipped> skipped;  // from the parser and from storing
  std::vector<MoveInSkipped> notes;
};

MoveInReport store_move_in(pqxx::connection& owner, std::int64_t desa_id, const MoveIn& data, const MoveInOptions& options);

// The report as text for the operator (Bahasa Indonesia).
std::string format_report(const MoveInReport& report);

}  // namespace balai::tenants
