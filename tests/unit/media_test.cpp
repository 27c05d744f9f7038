#include "server/media/media.hpp"

#include <gtest/gtest.h>
#include <vips/vips8>
#include <zlib.h>

#include <fstream>
#include <iterator>

namespace fs = std::filesystem;
using namespace balai;

namespace {

struct MediaTest : ::testing::Test {
  fs::path dir;
  void SetUp() override {
    media::init("balai_unit_tests");
    dir = fs::temp_directory_path() / ("balai-media-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  std::string jpeg_of(std::int64_t desa, int w, int h) {
    auto st = media::ingest_rgb(dir, desa, media::landscape(7, w, h), w, h);
    return read(media::file_for(dir, desa, media::preview_url(st.key)));
  }
};

std::string png_chunk(const std::string& type, const std::string& data) {
  std::string out;
  auto be32 = [&](std::uint32_t v) { for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xFF); };
  be32(static_cast<std::uint32_t>(data.size()));
  std::string body = type + data;
  out += body;
  be32(static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
  return out;
}

}  // namespace

TEST_F(MediaTest, StoresEveryWidthUpToTheOriginalAndAPreviewJpeg) {
  auto st = media::ingest_rgb(dir, 42, media::landscape(1, 1000, 500), 1000, 500);
  EXPECT_TRUE(media::valid_key(st.key));
  EXPECT_EQ(st.width, 1000);
  EXPECT_EQ(st.height, 500);
  // 320, 640, 960 and a "1280" that is the original 1000 px: never upscaled.
  EXPECT_EQ(media::srcset(st.key, st.width), "/media/" + st.key + "-320.webp 320w, /media/" + st.key + "-640.webp 640w, /media/" +
                                                  st.key + "-960.webp 960w, /media/" + st.key + "-1280.webp 1000w");
  for (const char* w : {"320", "640", "960", "1280"}) {
    std::string webp = read(media::file_for(dir, 42, "/media/" + st.key + "-" + w + ".webp"));
    ASSERT_GT(webp.size(), 100u) << w;
    EXPECT_EQ(webp.substr(0, 4), "RIFF");
    EXPECT_EQ(webp.substr(8, 4), "WEBP");
  }
  EXPECT_EQ(read(media::file_for(dir, 42, media::preview_url(st.key))).substr(0, 3), "\xFF\xD8\xFF");
  EXPECT_EQ(media::url(st.key, st.width, 640), "/media/" + st.key + "-640.webp");
  EXPECT_EQ(media::url(st.key, st.width, 100), "/media/" + st.key + "-320.webp");
}

TEST_F(MediaTest, SmallPicturesKeepTheirWidth) {
  auto st = media::ingest_rgb(dir, 1, media::landscape(2, 200, 100), 200, 100);
  EXPECT_EQ(media::srcset(st.key, st.width), "/media/" + st.key + "-320.webp 200w");
}

TEST_F(MediaTest, LargeUploadsAreShrunkAndMetadataIsDropped) {
  std::string jpeg = jpeg_of(9, 1280, 720);
  // Insert an EXIF segment (APP1) right after the start-of-image marker.
  std::string tiff = std::string("II*\0\x08\0\0\0", 8) + std::string("\x01\0", 2) + std::string("\x12\x01\x03\0\x01\0\0\0\x01\0\0\0", 12) +
                     std::string(4, '\0');
  std::string exif = std::string("Exif\0\0", 6) + tiff;
  std::uint16_t len = static_cast<std::uint16_t>(exif.size() + 2);
  std::string with_exif = jpeg.substr(0, 2) + "\xFF\xE1" + static_cast<char>(len >> 8) + static_cast<char>(len & 0xFF) + exif + jpeg.substr(2);
  auto st = media::ingest(dir, 5, with_exif);
  EXPECT_EQ(st.width, 1200);  // the preview JPEG that went in was 1200 wide
  for (const char* w : {"320", "640", "960"}) {
    std::string out = read(media::file_for(dir, 5, "/media/" + st.key + "-" + w + ".webp"));
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out.find("Exif"), std::string::npos) << w;
    EXPECT_EQ(out.find("EXIF"), std::string::npos) << w;
  }
  EXPECT_EQ(read(media::file_for(dir, 5, media::preview_url(st.key))).find("Exif"), std::string::npos);
}

TEST_F(MediaTest, APhoneCameraPhotoComesOutUprightWithoutItsGpsPosition) {
  // A 12 MP landscape-sensor JPEG that the camera marks "rotate 90°" (EXIF
  // orientation 6), with a GPS position and the camera maker in its EXIF.
  const int w = 4000, h = 3000;
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {  // left half dark, right half light: the rotation is visible
      auto* p = &rgb[(static_cast<std::size_t>(y) * w + x) * 3];
      p[0] = p[1] = p[2] = x < w / 2 ? 30 : 220;
    }
  vips::VImage img = vips::VImage::new_from_memory(rgb.data(), rgb.size(), w, h, 3, VIPS_FORMAT_UCHAR).copy();
  img.set("orientation", 6);
  img.set("exif-ifd3-GPSLatitudeRef", "S (S, ASCII, 2 components, 2 bytes)");
  img.set("exif-ifd3-GPSLatitude", "6/1 57/1 0/1 (6, 57, 0, Rational, 3 components, 24 bytes)");
  img.set("exif-ifd0-Make", "Samsung (Samsung, ASCII, 8 components, 8 bytes)");
  void* buf = nullptr;
  std::size_t size = 0;
  img.write_to_buffer(".jpg[Q=90]", &buf, &size);
  std::string jpeg(static_cast<char*>(buf), size);
  g_free(buf);
  ASSERT_NE(jpeg.find("Samsung"), std::string::npos) << "the input carries EXIF";
  auto st = media::ingest(dir, 12, jpeg);
  EXPECT_LT(st.width, st.height) << "turned upright (portrait)";
  EXPECT_EQ(st.width, 960);  // 3000 x 4000 upright, shrunk into a 1280 px box
  for (std::string variant : {"-320.webp", "-640.webp", "-960.webp", "-og.jpg"}) {
    std::string out = read(media::file_for(dir, 12, "/media/" + st.key + variant));
    ASSERT_FALSE(out.empty()) << variant;
    EXPECT_EQ(out.find("Samsung"), std::string::npos) << variant;
    auto back = vips::VImage::new_from_buffer(out.data(), out.size(), "");
    EXPECT_LT(back.width(), back.height()) << variant;
    gchar** fields = vips_image_get_fields(back.get_image());
    for (gchar** f = fields; *f; ++f) EXPECT_EQ(std::string(*f).find("GPS"), std::string::npos) << variant << ": " << *f;
    g_strfreev(fields);
    // Upright: after a clockwise turn the dark half of the sensor is on top.
    EXPECT_LT(back.crop(0, 0, back.width(), back.height() / 4).avg(), 80) << variant;
    EXPECT_GT(back.crop(0, back.height() * 3 / 4, back.width(), back.height() / 4).avg(), 170) << variant;
  }
}

TEST_F(MediaTest, SameUploadTwiceIsStoredOnce) {
  std::string jpeg = jpeg_of(3, 640, 360);
  auto a = media::ingest(dir, 4, jpeg), b = media::ingest(dir, 4, jpeg);
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.bytes, b.bytes);
}

TEST_F(MediaTest, RejectsWhatIsNotAPictureWithAClearIndonesianReason) {
  auto reason = [&](const std::string& bytes) {
    try {
      media::ingest(dir, 1, bytes);
    } catch (const media::Rejected& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(reason(""), "Berkas gambar kosong.");
  EXPECT_NE(reason("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>").find("Format gambar tidak dikenali"), std::string::npos);
  EXPECT_NE(reason("%PDF-1.4 ...").find("Format gambar tidak dikenali"), std::string::npos);
  EXPECT_NE(reason("GIF89a....").find("Format gambar tidak dikenali"), std::string::npos);
  // A PHP script named foto.jpg is still a PHP script.
  EXPECT_NE(reason("<?php system($_GET['c']); ?>").find("Format gambar tidak dikenali"), std::string::npos);
  // A polyglot: JPEG signature in front of a script.
  EXPECT_NE(reason(std::string("\xFF\xD8\xFF\xE0", 4) + "<?php system($_GET['c']); ?>" + std::string(100, 'A')).find("rusak"), std::string::npos);
  // Right signature, broken inside.
  EXPECT_NE(reason(std::string("\xFF\xD8\xFF\xE0", 4) + std::string(200, 'x')).find("rusak"), std::string::npos);
  EXPECT_NE(reason(std::string(media::kMaxUploadBytes + 1, '\xFF')).find("terlalu besar"), std::string::npos);
  // A PNG whose header claims 20000 x 20000 pixels is refused before decoding.
  std::string ihdr;
  for (std::uint32_t v : {20000u, 20000u}) for (int s = 24; s >= 0; s -= 8) ihdr += static_cast<char>((v >> s) & 0xFF);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);
  std::string row(64, '\0');
  std::string idat(128, '\0');
  uLongf idat_len = idat.size();
  compress(reinterpret_cast<Bytef*>(idat.data()), &idat_len, reinterpret_cast<const Bytef*>(row.data()), row.size());
  idat.resize(idat_len);
  std::string bomb = std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", idat) + png_chunk("IEND", "");
  EXPECT_NE(reason(bomb).find("megapiksel"), std::string::npos) << reason(bomb);
  EXPECT_FALSE(fs::exists(dir / "1") && !fs::is_empty(dir / "1")) << "nothing stored for rejected uploads";
}

TEST(MediaPaths, OnlyWellFormedNamesMapToAFileOfThatVillage) {
  const std::string key = "0123456789abcdef0123456789abcdef";
  EXPECT_EQ(media::file_for("/m", 7, "/media/" + key + "-640.webp"), fs::path("/m/7/01/" + key + "-640.webp"));
  EXPECT_EQ(media::file_for("/m", 7, "/media/" + key + "-og.jpg"), fs::path("/m/7/01/" + key + "-og.jpg"));
  for (const std::string& bad : std::vector<std::string>{"/media/../../etc/passwd", "/media/" + key + "-641.webp", "/media/" + key + "-640.png",
                          "/media/0123456789ABCDEF0123456789abcdef-640.webp", "/media/" + key + "-640.webp/x", "/media/" + key,
                          "/media/" + key.substr(1) + "-640.webp", "/medias/" + key + "-640.webp", "/media/" + key + "--640.webp"})
    EXPECT_TRUE(media::file_for("/m", 7, bad).empty()) << bad;
}
