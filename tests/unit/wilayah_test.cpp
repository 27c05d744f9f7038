#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "tenants/wilayah.hpp"

using namespace balai::wilayah;

TEST(Kode, ParsesEveryLevel) {
  auto d = parse_kode("33.24.01.2001");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->number, 3324012001);
  EXPECT_EQ(d->tingkat, Tingkat::desa_kelurahan);
  EXPECT_EQ(d->parent(), "33.24.01");
  EXPECT_EQ(jenis_of(*d), "desa");
  EXPECT_EQ(jenis_of(*parse_kode("33.24.15.1003")), "kelurahan");
  EXPECT_EQ(parse_kode("33.24")->tingkat, Tingkat::kabupaten_kota);
  EXPECT_EQ(parse_kode("33.24.01")->number, 332401);
  EXPECT_EQ(parse_kode("33")->parent(), "");
}

TEST(Kode, RejectsMalformedCodesWithAReason) {
  std::string why;
  for (const char* bad : {"", "3", "333", "33.2", "33.24.1", "33.24.01.201", "33.24.01.0001", "33.24.01.2001.1",
                          "33-24-01", "aa.bb", "33.24.01.20O1", "00.01", "33..01", "33.24.01."}) {
    why.clear();
    EXPECT_FALSE(parse_kode(bad, &why)) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}

TEST(Slugify, LowercaseAsciiHyphenated) {
  EXPECT_EQ(slugify("Blumah"), "blumah");
  EXPECT_EQ(slugify("Kaliwungu Selatan"), "kaliwungu-selatan");
  EXPECT_EQ(slugify("Lubuk Pakam I,II"), "lubuk-pakam-i-ii");
  EXPECT_EQ(slugify("Regapu\xE2\x80\x99u"), "regapuu");
  EXPECT_EQ(slugify("  Sido--Mulyo  "), "sido-mulyo");
  EXPECT_EQ(slugify("Caf\xC3\xA9"), "cafe");
  EXPECT_EQ(slugify("!!!"), "desa");
}

TEST(CsvLine, HandlesQuoting) {
  EXPECT_EQ(*split_csv_line(R"(14.02.09.2010,"Lambang Sari I, II, III",desa_kelurahan)"),
            (std::vector<std::string>{"14.02.09.2010", "Lambang Sari I, II, III", "desa_kelurahan"}));
  EXPECT_EQ(*split_csv_line(R"(a,"b ""c""",d)"), (std::vector<std::string>{"a", "b \"c\"", "d"}));
  EXPECT_FALSE(split_csv_line(R"(a,"b,c)"));
  EXPECT_FALSE(split_csv_line(R"(a,b"c,d)"));
}

namespace {

Extract read_file(const std::string& prefix) {
  std::ifstream in(std::string(BALAI_DATA_DIR) + "/kode-wilayah.csv");
  EXPECT_TRUE(in) << "national file missing";
  auto r = read_extract(in, prefix);
  EXPECT_FALSE(r.error) << (r.error ? r.error->reason : "");
  return r.extract.value_or(Extract{});
}

std::vector<SlugInput> inputs_of(const Extract& ex) {
  std::map<std::string, std::string> kec;
  for (const auto& k : ex.kecamatan) kec[k.kode.text] = k.nama;
  std::vector<SlugInput> v;
  for (const auto& d : ex.desa) v.push_back({d.kode.number, d.kode.text, d.nama, kec.at(d.kode.parent())});
  return v;
}

}  // namespace

TEST(Extract, KendalHas20KecamatanAnd286Villages) {
  auto ex = read_file("33.24");
  ASSERT_EQ(ex.kabupaten.size(), 1u);
  EXPECT_EQ(ex.kabupaten[0].nama, "Kabupaten Kendal");
  EXPECT_EQ(ex.kecamatan.size(), 20u);
  EXPECT_EQ(ex.desa.size(), 286u);
}

TEST(Extract, KecamatanPrefixBringsItsRegency) {
  auto ex = read_file("33.24.01");
  EXPECT_EQ(ex.kabupaten.size(), 1u);
  EXPECT_EQ(ex.kecamatan.size(), 1u);
  EXPECT_EQ(ex.desa.front().kode.text, "33.24.01.2001");
}

TEST(Extract, BadLineIsReportedWithItsNumber) {
  std::istringstream in(
      "kode,nama,tingkat\n33.24,Kabupaten Kendal,kabupaten_kota\n33.24.01,Plantungan,kecamatan\n"
      "33.24.01.2001,Blumah,desa_kelurahan\n33.24.01.20X2,Kediten,desa_kelurahan\n");
  auto r = read_extract(in, "33.24");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->line, 5u);
  EXPECT_NE(r.error->reason.find("33.24.01.20X2"), std::string::npos);
}

TEST(Extract, RejectsOrphansDuplicatesAndWrongTingkat) {
  std::istringstream orphan("kode,nama,tingkat\n33.24,K,kabupaten_kota\n33.24.01.2001,Blumah,desa_kelurahan\n");
  EXPECT_TRUE(read_extract(orphan, "33.24").error);
  std::istringstream dup("kode,nama,tingkat\n33.24,K,kabupaten_kota\n33.24.01,P,kecamatan\n33.24.01,P,kecamatan\n");
  EXPECT_EQ(read_extract(dup, "33.24").error->line, 4u);
  std::istringstream tingkat("kode,nama,tingkat\n33.24,K,kecamatan\n");
  EXPECT_EQ(read_extract(tingkat, "33.24").error->line, 2u);
  std::istringstream header("kode;nama;tingkat\n");
  EXPECT_EQ(read_extract(header, "33.24").error->line, 1u);
  std::istringstream empty("kode,nama,tingkat\n33.24,K,kabupaten_kota\n");
  EXPECT_TRUE(read_extract(empty, "33.24").error);
}

TEST(Slugs, KendalCollisionsGetTheirKecamatan) {
  auto slugs = assign_slugs(inputs_of(read_file("33.24")));
  ASSERT_EQ(slugs.size(), 286u);
  std::set<std::string> distinct;
  int rejosari = 0;
  for (const auto& [id, s] : slugs) {
    distinct.insert(s);
    if (s.rfind("rejosari", 0) == 0) {
      ++rejosari;
      EXPECT_NE(s, "rejosari") << "every colliding village gets its kecamatan";
    }
  }
  EXPECT_EQ(distinct.size(), 286u);
  EXPECT_EQ(rejosari, 3);
  EXPECT_EQ(slugs.at(3324012001), "blumah");
}

TEST(Slugs, AllOfJawaTengahAreDistinctValidAndOrderIndependent) {
  auto villages = inputs_of(read_file("33"));
  ASSERT_EQ(villages.size(), 8563u);
  auto slugs = assign_slugs(villages);
  std::set<std::string> distinct;
  for (const auto& [id, s] : slugs) {
    distinct.insert(s);
    EXPECT_LE(s.size(), 63u);
    EXPECT_EQ(s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos) << s;
    EXPECT_NE(s.front(), '-');
    EXPECT_NE(s.back(), '-');
    EXPECT_FALSE(is_reserved_slug(s)) << s;
  }
  EXPECT_EQ(distinct.size(), villages.size());
  std::reverse(villages.begin(), villages.end());
  EXPECT_EQ(assign_slugs(villages), slugs) << "slugs must not depend on import order";
  // Import again: the same slugs (stable across re-imports).
  EXPECT_EQ(assign_slugs(inputs_of(read_file("33"))), slugs);
}

TEST(Slugs, ReservedWordsAreNeverSlugs) {
  auto slugs = assign_slugs({{3324012001, "33.24.01.2001", "Admin", "Plantungan"},
                             {3324012002, "33.24.01.2002", "WWW", "Plantungan"}});
  EXPECT_EQ(slugs.at(3324012001), "admin-plantungan");
  EXPECT_EQ(slugs.at(3324012002), "www-plantungan");
}
