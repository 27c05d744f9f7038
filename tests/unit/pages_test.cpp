#include <gtest/gtest.h>

#include "server/site/pages.hpp"

using namespace balai;

TEST(Pages, VillageTextIsEscaped) {
  Directory d;
  d.kabupaten_nama = "Kabupaten <b>Kendal</b>";
  d.kecamatan = {{332401, "33.24.01", "Plan\"tungan", "plantungan"}};
  d.desa = {{3324012001, "33.24.01.2001", "<script>alert(1)</script>", "desa", "blumah", "active", 0, ""}};
  d.index();
  site::VillageHome home{"Tag <img src=x onerror=alert(1)>", {{"profil", "Profil & <i>sejarah</i>"}}};
  std::string html = site::render_village_home(d, d.desa[0], home, "localhost", ":8080");
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("33.24.01.2001"), std::string::npos);
  std::string portal = site::render_portal(d, "localhost", ":8080");
  EXPECT_NE(portal.find("href=\"//blumah.localhost:8080/\""), std::string::npos);
  EXPECT_EQ(portal.find("<script>"), std::string::npos);
  EXPECT_EQ(portal.find("<b>"), std::string::npos);
}
