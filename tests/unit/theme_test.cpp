#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/site/theme.hpp"
#include "server/site/village.hpp"

using namespace balai::site;
using nlohmann::json;

TEST(Themes, AtLeastTwoThemesAndAFallback) {
  Themes themes;
  auto names = themes.names();
  EXPECT_GE(names.size(), 2u);
  json d = {{"heading", "Judul"}, {"message", "Pesan"}, {"site", {{"label", "Desa A"}, {"warna", "#123456"}}},
            {"page", {{"title", "T"}}}};
  std::string a = themes.render("balai", "notice", d);
  std::string b = themes.render("pesisir", "notice", d);
  EXPECT_NE(a, b) << "themes must differ";
  EXPECT_EQ(themes.render("tidak-ada", "notice", d), a) << "unknown theme falls back to the default";
  EXPECT_NE(a.find("<html lang=\"id\">"), std::string::npos);
  EXPECT_NE(a.find("<main id=\"isi\""), std::string::npos);
}

TEST(Themes, EveryValueIsEscaped) {
  Themes themes;
  json d = {{"heading", "<script>alert(1)</script>"}, {"message", "\" onmouseover='x'"},
            {"site", {{"label", "Desa <b>A</b>"}, {"warna", "#123456"}}}, {"page", {{"title", "</title><script>"}}}};
  std::string html = themes.render("balai", "notice", d);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("</title><script>"), std::string::npos);
  EXPECT_EQ(html.find("<b>A</b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot; onmouseover=&#39;x&#39;"), std::string::npos);
}

TEST(Themes, CatalogueTextIsIndonesian) {
  Themes themes;
  EXPECT_EQ(themes.text("not_found_title"), "Halaman tidak ditemukan");
  EXPECT_EQ(themes.text("tidak_ada_kunci"), "tidak_ada_kunci");
}

TEST(QueryParam, DecodesAndDropsControlCharacters) {
  EXPECT_EQ(query_param("q=pembangunan+jalan&halaman=2", "q"), "pembangunan jalan");
  EXPECT_EQ(query_param("q=a%20b%3Cc%00d", "q"), "a b<cd");
  EXPECT_EQ(query_param("x=1", "q"), "");
  EXPECT_EQ(url_encode("a b&c/é"), "a%20b%26c%2F%C3%A9");
}
