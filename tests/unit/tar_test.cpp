#include "server/core/tar.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

using balai::tar::read_all;
using balai::tar::Writer;

namespace {
std::string archive(const std::vector<std::pair<std::string, std::string>>& files) {
  std::ostringstream out;
  Writer w(out);
  for (const auto& [p, d] : files) w.add(p, d, 1764288000);
  w.finish();
  return out.str();
}
}  // namespace

TEST(Tar, WhatIsWrittenReadsBackIncludingLongPathsAndEmptyFiles) {
  std::string long_path = std::string(120, 'a') + "/" + std::string(60, 'b') + ".json";
  std::string big(70000, 'x');
  auto a = archive({{"manifest.json", "{}"}, {long_path, big}, {"media/empty", ""}});
  EXPECT_EQ(a.size() % 512, 0u);
  auto entries = read_all(a, 1 << 20);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].path, "manifest.json");
  EXPECT_EQ(entries[1].path, long_path);
  EXPECT_EQ(entries[1].data, big);
  EXPECT_EQ(entries[2].data, "");
}

TEST(Tar, UnsafeOrDamagedArchivesAreRefused) {
  EXPECT_THROW(archive({{"../etc/passwd", "x"}}), std::invalid_argument);
  EXPECT_THROW(archive({{"/abs", "x"}}), std::invalid_argument);
  auto a = archive({{"data/posts.json", "[]"}});
  auto flipped = a;
  flipped[10] ^= 1;  // inside the header: the checksum no longer matches
  EXPECT_THROW(read_all(flipped, 1 << 20), std::runtime_error);
  EXPECT_THROW(read_all(a.substr(0, 600), 1 << 20), std::runtime_error);  // truncated
  EXPECT_THROW(read_all(archive({{"a", std::string(5000, 'y')}}), 1000), std::runtime_error);  // over the size limit
  // A hand-made header naming a path outside the archive.
  auto evil = a;
  evil.replace(0, 15, std::string("../x\0\0\0\0\0\0\0\0\0\0\0", 15));
  unsigned sum = 0;
  for (std::size_t i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(evil[i]);
  std::string field(6, '0');
  for (std::size_t i = 6; i-- > 0; sum >>= 3) field[i] = static_cast<char>('0' + (sum & 7));
  evil.replace(148, 7, field + '\0');
  EXPECT_THROW(read_all(evil, 1 << 20), std::runtime_error);
}
