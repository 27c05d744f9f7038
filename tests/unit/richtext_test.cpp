#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "server/content/richtext.hpp"

using balai::content::render_richtext;
using nlohmann::json;

namespace {

json text(const std::string& t, json marks = json::array()) {
  json n = {{"type", "text"}, {"text", t}};
  if (!marks.empty()) n["marks"] = marks;
  return n;
}
json para(std::vector<json> inl) { return {{"type", "paragraph"}, {"content", inl}}; }
json doc(std::vector<json> blocks) { return {{"type", "doc"}, {"content", blocks}}; }
json link(const std::string& href) { return json::array({{{"type", "link"}, {"attrs", {{"href", href}}}}}); }
json image(const std::string& src, const std::string& alt = "x") {
  return {{"type", "image"}, {"attrs", {{"src", src}, {"alt", alt}, {"width", 640}, {"height", 480}}}};
}

// Every tag and attribute that comes out must be on the allow-list, and no
// URL in it may carry a dangerous scheme.
void expect_safe(const std::string& html, const std::string& vector_name) {
  static const std::set<std::string> tags = {"p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "figure",
                                             "figcaption", "img", "div", "table", "tr", "th", "td", "strong",
                                             "em", "u", "code", "a", "br", "hr"};
  static const std::set<std::string> attrs = {"href", "rel", "src", "alt", "loading", "decoding", "width", "height", "class"};
  static const std::regex tag_re(R"(<(/?)([^\s>/]*)([^>]*)>)");
  static const std::regex attr_re(R"re(\s([^\s=]+)="([^"]*)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag_re); it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[2];
    EXPECT_TRUE(tags.count(name)) << vector_name << ": tag <" << name << "> in " << html;
    std::string rest = (*it)[3];
    for (auto a = std::sregex_iterator(rest.begin(), rest.end(), attr_re); a != std::sregex_iterator(); ++a) {
      std::string an = (*a)[1], av = (*a)[2];
      EXPECT_TRUE(attrs.count(an)) << vector_name << ": attribute " << an << " in " << html;
      std::string lower;
      for (char c : av) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (an == "href" || an == "src") {
        for (const char* bad : {"javascript:", "vbscript:", "data:", "file:"})
          EXPECT_EQ(lower.find(bad), std::string::npos) << vector_name << ": " << html;
        EXPECT_FALSE(lower.starts_with("//")) << vector_name << ": protocol-relative " << html;
      }
    }
  }
  // No raw angle bracket or quote can escape a text node.
  std::string stripped = std::regex_replace(html, tag_re, "");
  EXPECT_EQ(stripped.find('<'), std::string::npos) << vector_name;
  EXPECT_EQ(stripped.find('>'), std::string::npos) << vector_name;
}

}  // namespace

TEST(RichText, RendersTheAllowedStructure) {
  json d = doc({{{"type", "heading"}, {"attrs", {{"level", 1}}}, {"content", {text("Sejarah")}}},
                para({text("Desa "), text("Blumah", json::array({{{"type", "bold"}}})), text(" berdiri."),
                      {{"type", "hard_break"}}, text("WA", link("https://wa.me/6281234"))}),
                {{"type", "bullet_list"},
                 {"content", {{{"type", "list_item"}, {"content", {para({text("satu")})}}}}}},
                image("/media/abc.webp", "Balai desa"),
                {{"type", "table"},
                 {"content", {{{"type", "table_row"},
                               {"content", {{{"type", "table_header"}, {"content", {para({text("Tahun")})}}},
                                            {{"type", "table_cell"}, {"content", {para({text("2026")})}}}}}}}}}});
  auto r = render_richtext(d.dump());
  ASSERT_TRUE(r.valid);
  EXPECT_NE(r.html.find("<h2>Sejarah</h2>"), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("<strong>Blumah</strong>"), std::string::npos);
  EXPECT_NE(r.html.find("<a href=\"https://wa.me/6281234\" rel=\"nofollow noopener ugc\">WA</a>"), std::string::npos);
  EXPECT_NE(r.html.find("<ul><li><p>satu</p></li></ul>"), std::string::npos);
  EXPECT_NE(r.html.find("<img src=\"/media/abc.webp\" alt=\"Balai desa\" loading=\"lazy\" decoding=\"async\" width=\"640\" height=\"480\">"),
            std::string::npos);
  EXPECT_NE(r.html.find("<th>Tahun</th><td>2026</td>"), std::string::npos);
  EXPECT_NE(r.plain.find("Desa Blumah berdiri."), std::string::npos);
  EXPECT_NE(r.plain.find("2026"), std::string::npos);
  expect_safe(r.html, "structure");
}

TEST(RichText, NotADocumentRendersNothing) {
  for (const char* bad : {"", "null", "[]", "{\"type\":\"script\"}", "<script>alert(1)</script>", "{\"content\":[]}"}) {
    auto r = render_richtext(bad);
    EXPECT_FALSE(r.valid) << bad;
    EXPECT_TRUE(r.html.empty()) << bad;
  }
}

TEST(RichText, XssCorpusProducesNothingExecutable) {
  const std::vector<std::string> payloads = {
      "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "\"><script>alert(1)</script>",
      "'><img src=x onerror=alert(1)>", "<iframe src=javascript:alert(1)>", "<body onload=alert(1)>",
      "<a href=\"javascript:alert(1)\">x</a>", "<style>*{background:url(javascript:alert(1))}</style>",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<details open ontoggle=alert(1)>",
      "&lt;script&gt;alert(1)&lt;/script&gt;", "<scr<script>ipt>alert(1)</script>", "<<script>alert(1)//<</script>",
      "<object data=javascript:alert(1)>", "<embed src=javascript:alert(1)>", "<input autofocus onfocus=alert(1)>",
      "<marquee onstart=alert(1)>", "<video><source onerror=alert(1)>", "<base href=//evil.test/>",
      "<meta http-equiv=refresh content=0;url=javascript:alert(1)>", "<form action=javascript:alert(1)><button>x",
      "<!--<img src=\"--><img src=x onerror=alert(1)//\">", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
      "\u2028<script>alert(1)</script>", "<a href=\"&#106;avascript:alert(1)\">x</a>"};
  const std::vector<std::string> hrefs = {
      "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
      "java\nscript:alert(1)", "\x01javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "//evil.test/x", "javascript&colon;alert(1)",
      "\" onmouseover=\"alert(1)", "https://ok.example/\" onclick=\"alert(1)", "jav&#x09;ascript:alert(1)",
      "feed:javascript:alert(1)", "livescript:alert(1)", "  JAVASCRIPT:alert(1)"};
  std::size_t vectors = 0;
  for (const auto& p : payloads) {
    json d = doc({para({text(p)}), {{"type", "heading"}, {"attrs", {{"level", p}}}, {"content", {text(p)}}},
                  image("/media/x.webp", p), {{"type", p}, {"content", {para({text(p)})}}}});
    auto r = render_richtext(d.dump());
    expect_safe(r.html, p);
    EXPECT_EQ(r.html.find("<script"), std::string::npos) << p;
    ++vectors;
  }
  for (const auto& h : hrefs) {
    json d = doc({para({text("klik", link(h))}), image(h, "gambar")});
    auto r = render_richtext(d.dump());
    expect_safe(r.html, h);
    EXPECT_EQ(r.html.find("<img"), std::string::npos) << "image with src " << h;
    ++vectors;
  }
  // Structural abuse: marks and attributes that are not on the list.
  std::vector<json> structural = {
      doc({para({{{"type", "text"}, {"text", "x"}, {"marks", {{{"type", "script"}}}}}})}),
      doc({para({{{"type", "text"}, {"text", "x"}, {"marks", {{{"type", "link"}, {"attrs", {{"href", "https://a.test"}, {"onclick", "alert(1)"}}}}}}}})}),
      doc({{{"type", "paragraph"}, {"attrs", {{"style", "background:url(javascript:alert(1))"}, {"class", "x\" onload=\"y"}}}, {"content", {text("x")}}}}),
      doc({{{"type", "image"}, {"attrs", {{"src", "/ok.webp"}, {"alt", "\" onerror=\"alert(1)"}, {"width", "1 onload=alert(1)"}, {"height", "1"}}}}}),
      doc({{{"type", "html"}, {"html", "<script>alert(1)</script>"}}}),
      doc({{{"type", "text"}, {"text", "<script>alert(1)</script>"}}}),
      doc({{{"type", "table"}, {"content", {{{"type", "table_row"}, {"content", {{{"type", "script"}, {"content", {para({text("<b>")})}}}}}}}}}}),
  };
  for (std::size_t i = 0; i < structural.size(); ++i) {
    auto r = render_richtext(structural[i].dump());
    expect_safe(r.html, "structural " + std::to_string(i));
    // Handler names may survive as escaped text inside a value, never as attributes.
    EXPECT_EQ(r.html.find(" onload=\""), std::string::npos);
    EXPECT_EQ(r.html.find(" onclick=\""), std::string::npos);
    EXPECT_EQ(r.html.find(" onerror=\""), std::string::npos);
    EXPECT_EQ(r.html.find("style="), std::string::npos);
    ++vectors;
  }
  EXPECT_GE(vectors, 50u);
}

TEST(RichText, DeepOrHugeInputIsBounded) {
  json node = para({text("dalam")});
  for (int i = 0; i < 500; ++i) node = {{"type", "blockquote"}, {"content", {node}}};
  auto r = render_richtext(doc({node}).dump());
  EXPECT_LT(r.html.size(), 2000u);
  std::vector<json> many(50000, para({text("x")}));
  r = render_richtext(doc(many).dump());
  EXPECT_LE(r.html.size(), 20000u * 8);
}

TEST(Excerpt, CutsAtAWordWithoutBreakingUtf8) {
  EXPECT_EQ(balai::content::excerpt("Pembangunan jalan desa selesai", 100), "Pembangunan jalan desa selesai");
  EXPECT_EQ(balai::content::excerpt("Pembangunan jalan desa selesai", 20), "Pembangunan jalan…");
  std::string s = balai::content::excerpt("ééééééééé", 4);
  EXPECT_EQ(s, "éééé…");
}
