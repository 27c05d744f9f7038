#include "server/media/media.hpp"

#include <openssl/evp.h>
#include <vips/vips8>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <mutex>
#include <system_error>
#include <unistd.h>

namespace balai::media {

namespace fs = std::filesystem;
using vips::VImage;

namespace {

std::string hex_key(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md.data(), &n, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < 16; ++i) out += {kHex[md[i] >> 4], kHex[md[i] & 15]};
  return out;
}

// (label, actual width) pairs: every label up to the first that reaches the original.
std::vector<std::pair<int, int>> variants(int original_width) {
  std::vector<std::pair<int, int>> out;
  for (int label : kWidths) {
    out.emplace_back(label, std::min(label, original_width));
    if (label >= original_width) break;
  }
  return out;
}

fs::path folder(const fs::path& dir, std::int64_t desa_id, std::string_view key) {
  return dir / std::to_string(desa_id) / std::string(key.substr(0, 2));
}

// Write atomically: a reader never sees half a file, a crash leaves no partial file behind.
void write_file(const fs::path& path, const void* data, std::size_t size) {
  fs::path tmp = path;
  tmp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, path);
}

Stored store(const fs::path& dir, std::int64_t desa_id, const std::string& key, VImage img) {
  // Flatten transparency onto white and go to 8-bit sRGB.
  if (img.has_alpha()) img = img.flatten(VImage::option()->set("background", std::vector<double>{255, 255, 255}));
  img = img.colourspace(VIPS_INTERPRETATION_sRGB).cast(VIPS_FORMAT_UCHAR);
  if (img.width() > kWidths[std::size(kWidths) - 1])
    img = img.thumbnail_image(kWidths[std::size(kWidths) - 1], VImage::option()->set("size", VIPS_SIZE_DOWN));
  img = img.copy_memory();
  // No metadata leaves: EXIF (GPS position, camera, owner), XMP, IPTC, ICC.
  if (gchar** fields = vips_image_get_fields(img.get_image())) {
    for (gchar** f = fields; *f; ++f) {
      std::string_view name(*f);
      if (name.starts_with("exif-") || name == "xmp-data" || name == "iptc-data" || name == "icc-profile-data" ||
          name == "orientation" || name.starts_with("jpeg-") || name.starts_with("png-") || name.starts_with("webp-"))
        vips_image_remove(img.get_image(), *f);
    }
    g_strfreev(fields);
  }
  Stored st{key, img.width(), img.height(), 0};
  fs::path folder_path = folder(dir, desa_id, key);
  fs::create_directories(folder_path);
  auto save = [&](const VImage& v, const std::string& name, const char* suffix) {
    fs::path path = folder_path / name;
    std::error_code ec;
    if (auto size = fs::file_size(path, ec); !ec) {  // same picture stored before
      st.bytes += static_cast<std::int64_t>(size);
      return;
    }
    void* buf = nullptr;
    std::size_t size = 0;
    v.write_to_buffer(suffix, &buf, &size);
    std::string data(static_cast<const char*>(buf), size);
    g_free(buf);
    if (name.ends_with(".webp")) data = strip_webp(data);
    write_file(path, data.data(), data.size());
    st.bytes += static_cast<std::int64_t>(data.size());
  };
  for (auto [label, actual] : variants(img.width())) {
    VImage v = actual == img.width() ? img : img.thumbnail_image(actual, VImage::option()->set("size", VIPS_SIZE_DOWN));
    save(v, key + "-" + std::to_string(label) + ".webp", ".webp[Q=72,effort=2,strip]");
  }
  VImage og = img.width() > kPreviewWidth ? img.thumbnail_image(kPreviewWidth) : img;
  save(og, key + "-og.jpg", ".jpg[Q=78,strip,optimize_coding,interlace]");
  return st;
}

bool starts(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

// libvips 8.14 writes an EXIF chunk into WebP even when told to strip; the
// container is simple enough to drop EXIF, XMP and ICC chunks here.
std::string strip_webp(std::string_view in) {
  if (in.size() < 12 || !starts(in, "RIFF") || in.substr(8, 4) != "WEBP") return std::string(in);
  auto le32 = [](std::string_view s, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) | static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 | static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
  };
  std::string out(in.substr(0, 12));
  for (std::size_t at = 12; at + 8 <= in.size();) {
    std::string_view fourcc = in.substr(at, 4);
    std::size_t size = le32(in, at + 4), total = 8 + size + (size & 1);
    if (at + total > in.size()) return std::string(in);  // not what we wrote: leave it
    if (fourcc == "VP8X") {
      std::string chunk(in.substr(at, total));
      chunk[8] = static_cast<char>(chunk[8] & ~(0x20 | 0x08 | 0x04));  // no ICC, EXIF, XMP flags
      out += chunk;
    } else if (fourcc != "EXIF" && fourcc != "XMP " && fourcc != "ICCP") {
      out += in.substr(at, total);
    }
    at += total;
  }
  std::uint32_t riff = static_cast<std::uint32_t>(out.size() - 8);
  for (int i = 0; i < 4; ++i) out[4 + static_cast<std::size_t>(i)] = static_cast<char>((riff >> (8 * i)) & 0xFF);
  return out;
}

void init(const char* argv0) {
  static std::once_flag once;
  std::call_once(once, [argv0] {
    if (VIPS_INIT(argv0)) throw std::runtime_error("libvips failed to start");
    vips_block_untrusted_set(TRUE);  // no SVG, PDF, matrix... loaders, whatever a file claims to be
    vips_concurrency_set(1);         // requests run side by side already
    vips_cache_set_max(0);
  });
}

Stored ingest(const fs::path& dir, std::int64_t desa_id, std::string_view upload) {
  if (upload.empty()) throw Rejected("Berkas gambar kosong.");
  if (upload.size() > kMaxUploadBytes) throw Rejected("Gambar terlalu besar: maksimal 20 MB.");
  // Only three formats, recognised by their first bytes rather than by name or declared type.
  bool jpeg = starts(upload, "\xFF\xD8\xFF"), png = starts(upload, "\x89PNG\r\n\x1a\n");
  bool webp = upload.size() > 12 && starts(upload, "RIFF") && upload.substr(8, 4) == "WEBP";
  if (!jpeg && !png && !webp) throw Rejected("Format gambar tidak dikenali: gunakan JPG, PNG, atau WebP.");
  try {
    VImage header = VImage::new_from_buffer(upload.data(), upload.size(), "");
    if (static_cast<std::int64_t>(header.width()) * header.height() > kMaxPixels)
      throw Rejected("Ukuran gambar terlalu besar (lebih dari 60 megapiksel).");
    // Shrink while decoding where the format allows, turned upright by its EXIF orientation.
    VipsBlob* blob = vips_blob_new(nullptr, upload.data(), upload.size());
    try {
      VImage img = VImage::thumbnail_buffer(blob, kWidths[std::size(kWidths) - 1],
                                            VImage::option()->set("size", VIPS_SIZE_DOWN)->set("fail_on", VIPS_FAIL_ON_ERROR));
      Stored st = store(dir, desa_id, hex_key(upload), img);
      vips_area_unref(VIPS_AREA(blob));
      return st;
    } catch (...) {
      vips_area_unref(VIPS_AREA(blob));
      throw;
    }
  } catch (const vips::VError&) {
    throw Rejected("Gambar rusak atau tidak dapat dibaca.");
  }
}

Stored ingest_rgb(const fs::path& dir, std::int64_t desa_id, const std::vector<std::uint8_t>& rgb, int width, int height) {
  if (rgb.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3) throw std::invalid_argument("rgb size");
  VImage img = VImage::new_from_memory(const_cast<std::uint8_t*>(rgb.data()), rgb.size(), width, height, 3, VIPS_FORMAT_UCHAR);
  img = img.copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  return store(dir, desa_id, hex_key(std::string_view(reinterpret_cast<const char*>(rgb.data()), rgb.size())), img);
}

void share(const fs::path& dir, std::int64_t from, std::int64_t to, const Stored& picture) {
  fs::path src = folder(dir, from, picture.key), dst = folder(dir, to, picture.key);
  fs::create_directories(dst);
  std::vector<std::string> names = {picture.key + "-og.jpg"};
  for (auto [label, actual] : variants(picture.width)) names.push_back(picture.key + "-" + std::to_string(label) + ".webp");
  for (const auto& n : names) {
    if (fs::exists(dst / n)) continue;
    std::error_code ec;
    fs::create_hard_link(src / n, dst / n, ec);
    if (ec) fs::copy_file(src / n, dst / n, fs::copy_options::overwrite_existing);
  }
}

std::vector<std::uint8_t> landscape(std::uint64_t seed, int width, int height) {
  auto rnd = [&seed] {  // splitmix64 -> [0, 1)
    std::uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<double>((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
  };
  struct C { double r, g, b; };
  auto mix = [](C a, C b, double t) { return C{a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t}; };
  const double hour = rnd();  // morning blue to late-afternoon gold
  C sky_top = mix(C{70, 130, 200}, C{90, 110, 170}, hour), sky_low = mix(C{190, 220, 240}, C{250, 200, 150}, hour);
  const double sun_x = 0.15 + 0.7 * rnd(), sun_y = 0.12 + 0.2 * rnd(), sun_r = 0.035 + 0.02 * rnd();
  struct Hill { double base, a1, f1, p1, a2, f2, p2; C colour; };
  std::vector<Hill> hills;
  const C far{110, 140, 150}, near{40, 110, 50};
  for (int i = 0; i < 3; ++i) {
    double depth = i / 2.0;
    hills.push_back({0.38 + 0.1 * i + 0.04 * rnd(), 0.05 + 0.05 * rnd(), 2 + 4 * rnd(), 6.28 * rnd(), 0.02 + 0.02 * rnd(),
                     8 + 10 * rnd(), 6.28 * rnd(), mix(far, near, depth)});
  }
  const double field_top = 0.66 + 0.06 * rnd();
  const C rice_a = mix(C{120, 170, 60}, C{170, 180, 70}, rnd()), rice_b = mix(rice_a, C{60, 120, 40}, 0.35);
  std::vector<std::uint8_t> out(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  for (int y = 0; y < height; ++y) {
    const double v = static_cast<double>(y) / height;
    for (int x = 0; x < width; ++x) {
      const double u = static_cast<double>(x) / width;
      C c = mix(sky_top, sky_low, std::min(1.0, v / 0.6));
      const double dx = (u - sun_x) * width / height, dy = v - sun_y, d = std::sqrt(dx * dx + dy * dy);
      if (d < sun_r) c = C{255, 244, 214};
      else if (d < sun_r * 3) c = mix(C{255, 240, 200}, c, (d - sun_r) / (sun_r * 2));
      for (const auto& h : hills) {
        const double top = h.base - h.a1 * std::sin(h.f1 * u + h.p1) - h.a2 * std::sin(h.f2 * u + h.p2);
        if (v > top) c = mix(h.colour, C{20, 60, 30}, std::min(0.35, (v - top) * 0.8));
      }
      if (v > field_top) {
        // Rows of rice converging on a vanishing point at the horizon.
        const double depth = (v - field_top) / (1 - field_top), row = (u - 0.5) / (0.05 + depth);
        const bool stripe = static_cast<int>(std::floor(row * 6)) % 2 == 0;
        c = mix(stripe ? rice_a : rice_b, C{50, 90, 40}, 0.25 * (1 - depth));
      }
      auto* p = &out[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3];
      p[0] = static_cast<std::uint8_t>(std::clamp(c.r, 0.0, 255.0));
      p[1] = static_cast<std::uint8_t>(std::clamp(c.g, 0.0, 255.0));
      p[2] = static_cast<std::uint8_t>(std::clamp(c.b, 0.0, 255.0));
    }
  }
  return out;
}

bool valid_key(std::string_view key) {
  return key.size() == 32 && std::all_of(key.begin(), key.end(), [](char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); });
}

std::string url(std::string_view key, int original_width, int want_width) {
  auto vs = variants(original_width);
  int label = vs.front().first;
  for (auto [l, actual] : vs)
    if (actual <= want_width) label = l;
  return "/media/" + std::string(key) + "-" + std::to_string(label) + ".webp";
}

std::string preview_url(std::string_view key) { return "/media/" + std::string(key) + "-og.jpg"; }

std::string srcset(std::string_view key, int original_width) {
  std::string out;
  for (auto [label, actual] : variants(original_width)) {
    if (!out.empty()) out += ", ";
    out += "/media/" + std::string(key) + "-" + std::to_string(label) + ".webp " + std::to_string(actual) + "w";
  }
  return out;
}

fs::path file_for(const fs::path& dir, std::int64_t desa_id, std::string_view path) {
  constexpr std::string_view prefix = "/media/";
  if (!starts(path, prefix) || path.size() < prefix.size() + 33) return {};
  std::string_view name = path.substr(prefix.size());
  std::string_view key = name.substr(0, 32), rest = name.substr(32);
  if (!valid_key(key)) return {};
  bool ok = rest == "-og.jpg";
  if (!ok && rest.size() > 6 && rest.front() == '-' && rest.ends_with(".webp")) {
    std::string_view digits = rest.substr(1, rest.size() - 6);
    for (int label : kWidths) ok = ok || digits == std::to_string(label);
  }
  if (!ok) return {};
  return folder(dir, desa_id, key) / std::string(name);
}

std::string read_stored(const fs::path& file) {
  std::string body;
  if (file.empty()) return body;
  std::ifstream in(file, std::ios::binary);
  if (!in) return body;
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  if (size <= 0 || size > static_cast<std::streamoff>(8u << 20)) return body;
  body.resize(static_cast<std::size_t>(size));
  in.seekg(0);
  in.read(body.data(), size);
  if (!in) body.clear();
  return body;
}

const char* content_type(std::string_view request_path) { return request_path.ends_with(".jpg") ? "image/jpeg" : "image/webp"; }

}  // namespace balai::media
