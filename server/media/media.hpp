#pragma once
// Images: every upload (and every generated demo picture) is decoded once,
// checked, turned upright, stripped of metadata (GPS position included) and
// stored as a few WebP widths plus one JPEG for link previews. Files live
// under <media dir>/<desa id>/, named by the content hash of the original,
// so a public host can only ever serve its own village's files.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace balai::media {

// Widths of the WebP variants, smallest first. No variant is wider than the original.
inline constexpr int kWidths[] = {320, 640, 960, 1280};
inline constexpr int kPreviewWidth = 1200;            // JPEG for OpenGraph/WhatsApp previews
inline constexpr std::size_t kMaxUploadBytes = 20u << 20;  // a phone camera's JPEG
inline constexpr std::int64_t kMaxPixels = 60'000'000;  // 60 MP: the largest phone cameras

// A bad upload: message is in Bahasa Indonesia, for the person who uploaded it.
struct Rejected : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Stored {
  std::string key;  // 32 hex characters
  int width = 0;    // of the largest stored variant
  int height = 0;
  std::int64_t bytes = 0;  // all variants together
};

// Once per process, before any other call.
void init(const char* argv0);

// Decode, check and store an uploaded JPEG, PNG or WebP. Throws Rejected.
Stored ingest(const std::filesystem::path& dir, std::int64_t desa_id, std::string_view upload);

// Same for raw 8-bit RGB pixels (generated pictures).
Stored ingest_rgb(const std::filesystem::path& dir, std::int64_t desa_id, const std::vector<std::uint8_t>& rgb, int width,
                  int height);

// Gives village `to` the same stored picture as village `from` (hard links
// where the file system allows, copies elsewhere).
void share(const std::filesystem::path& dir, std::int64_t from, std::int64_t to, const Stored& picture);

// A deterministic picture of a village landscape (fields, hills, sky), RGB.
std::vector<std::uint8_t> landscape(std::uint64_t seed, int width, int height);

// Drops EXIF, XMP and ICC chunks from a WebP file.
std::string strip_webp(std::string_view webp);

// Media keys are exactly 32 lowercase hex characters.
bool valid_key(std::string_view key);

// "/media/<key>-<w>.webp" for the best stored width <= w.
std::string url(std::string_view key, int original_width, int want_width);
std::string preview_url(std::string_view key);
// "…-320.webp 320w, …-640.webp 640w, …"
std::string srcset(std::string_view key, int original_width);

// The file for a request path "/media/<key>-<w>.<ext>" of one village, or empty when malformed.
std::filesystem::path file_for(const std::filesystem::path& dir, std::int64_t desa_id, std::string_view request_path);

// The bytes of a stored variant (at most 8 MB), empty when there is none.
std::string read_stored(const std::filesystem::path& file);
// "image/jpeg" for the preview JPEG, "image/webp" for the widths.
const char* content_type(std::string_view request_path);

}  // namespace balai::media
