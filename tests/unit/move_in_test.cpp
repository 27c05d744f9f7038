#include "tenants/move_in.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "server/content/richtext.hpp"
#include "server/core/tar.hpp"

using namespace balai::tenants;
using balai::content::render_richtext;
using nlohmann::json;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream f(std::string(BALAI_UNIT_DATA_DIR) + "/move_in/" + name, std::ios::binary);
  if (!f) throw std::runtime_error("missing fixture " + name);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string gzip(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, in.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// What the admin editor (TipTap's schema) and the renderer both accept.
std::string doc_problem(const json& n, bool top = true) {
  static const std::set<std::string> blocks = {"paragraph", "heading", "bulletList", "orderedList", "blockquote",
                                               "image", "table", "horizontalRule"};
  static const std::set<std::string> marks = {"bold", "italic", "underline", "link"};
  if (!n.is_object() || !n.contains("type")) return "not a node";
  std::string type = n["type"];
  const json empty = json::array();
  const json& content = n.contains("content") ? n["content"] : empty;
  auto each = [&](auto ok, const char* what) -> std::string {
    for (const auto& c : content) {
      if (!c.is_object() || !ok(c["type"].get<std::string>())) return std::string(what) + " holds " + c.dump().substr(0, 80);
      if (auto p = doc_problem(c, false); !p.empty()) return p;
    }
    return "";
  };
  auto is_block = [&](const std::string& t) { return blocks.count(t) > 0; };
  auto is_inline = [](const std::string& t) { return t == "text" || t == "hardBreak"; };
  if (top != (type == "doc")) return "doc only at the top";
  if (type == "doc" || type == "blockquote") {
    if (type == "blockquote" && content.empty()) return "empty blockquote";
    return each(is_block, type.c_str());
  }
  if (type == "paragraph") return each(is_inline, "paragraph");
  if (type == "heading") {
    int level = n["attrs"]["level"];
    if (level < 2 || level > 4) return "heading level " + std::to_string(level);
    return each(is_inline, "heading");
  }
  if (type == "bulletList" || type == "orderedList") {
    if (content.empty()) return "empty list";
    return each([](const std::string& t) { return t == "listItem"; }, "list");
  }
  if (type == "listItem") {
    if (content.empty() || content[0]["type"] != "paragraph") return "list item not starting with a paragraph";
    return each(is_block, "listItem");
  }
  if (type == "table") return content.empty() ? "empty table" : each([](const std::string& t) { return t == "tableRow"; }, "table");
  if (type == "tableRow") return each([](const std::string& t) { return t == "tableCell" || t == "tableHeader"; }, "row");
  if (type == "tableCell" || type == "tableHeader") return content.empty() ? "empty cell" : each(is_block, "cell");
  if (type == "image") return n["attrs"]["src"].get<std::string>().empty() ? "image without src" : "";
  if (type == "horizontalRule" || type == "hardBreak") return "";
  if (type == "text") {
    if (n["text"].get<std::string>().empty()) return "empty text";
    if (n.contains("marks"))
      for (const auto& m : n["marks"])
        if (!marks.count(m["type"].get<std::string>())) return "mark " + m["type"].get<std::string>();
    return "";
  }
  return "unknown node " + type;
}

void expect_doc(const std::string& doc_json, const std::string& what) {
  json doc = json::parse(doc_json, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << what;
  EXPECT_EQ(doc_problem(doc), "") << what << ": " << doc_json.substr(0, 400);
  EXPECT_TRUE(render_richtext(doc_json).valid) << what;
}

std::size_t chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Whatever the source, the result fits Balai's tables.
void expect_fits(const MoveIn& m) {
  static const std::regex post_slug("^[a-z0-9]([a-z0-9-]{0,118}[a-z0-9])?$");
  static const std::regex page_slug("^[a-z0-9]([a-z0-9-]{0,98}[a-z0-9])?$");
  static const std::regex category_slug("^[a-z0-9]([a-z0-9-]{0,58}[a-z0-9])?$");
  static const std::regex iso(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$)");
  std::set<std::string> posts, pages, categories;
  for (const auto& c : m.categories) {
    EXPECT_TRUE(std::regex_match(c.slug, category_slug)) << c.slug;
    EXPECT_TRUE(categories.insert(c.slug).second) << c.slug;
    EXPECT_GE(chars(c.nama), 1u);
    EXPECT_LE(chars(c.nama), 80u);
  }
  for (const auto& p : m.posts) {
    EXPECT_TRUE(std::regex_match(p.slug, post_slug)) << p.slug;
    EXPECT_TRUE(posts.insert(p.slug).second) << p.slug;
    EXPECT_GE(chars(p.title), 1u);
    EXPECT_LE(chars(p.title), 200u);
    EXPECT_LE(chars(p.excerpt), 400u);
    EXPECT_LE(chars(p.author), 100u);
    EXPECT_TRUE(p.published_at.empty() || std::regex_match(p.published_at, iso)) << p.published_at;
    EXPECT_TRUE(p.category_slug.empty() || categories.count(p.category_slug)) << p.category_slug;
    expect_doc(p.body_doc_json, p.title);
  }
  for (const auto& p : m.pages) {
    EXPECT_TRUE(std::regex_match(p.slug, page_slug)) << p.slug;
    EXPECT_TRUE(pages.insert(p.slug).second) << p.slug;
    EXPECT_GE(chars(p.title), 1u);
    EXPECT_LE(chars(p.title), 300u);
    expect_doc(p.body_doc_json, p.title);
  }
  for (const auto& a : m.agenda) {
    EXPECT_GE(chars(a.title), 1u);
    EXPECT_LE(chars(a.title), 200u);
    EXPECT_TRUE(std::regex_match(a.starts_at, iso)) << a.starts_at;
    EXPECT_LE(chars(a.description), 4000u);
    EXPECT_LE(chars(a.place), 200u);
    EXPECT_LE(chars(a.organiser), 200u);
  }
  for (const auto& s : m.skipped) EXPECT_FALSE(s.reason.empty()) << s.what;
}

const MoveInPost& post(const MoveIn& m, const std::string& source_id) {
  for (const auto& p : m.posts)
    if (p.source_id == source_id) return p;
  throw std::runtime_error("no post " + source_id);
}

const MoveInSkipped* skipped(const std::vector<MoveInSkipped>& list, const std::string& what) {
  for (const auto& s : list)
    if (s.what == what) return &s;
  return nullptr;
}

std::string html_of(const std::string& doc) { return render_richtext(doc).html; }
std::string text_of(const std::string& doc) { return render_richtext(doc).plain; }

// Every prefix-cut and a few corruptions of `input`: each either parses or
// throws std::runtime_error, and whatever parses fits the tables.
template <class F>
void survives_damage(const std::string& input, F parse) {
  std::mt19937 rng(20240601);
  std::vector<std::string> variants;
  for (std::size_t cut = 0; cut < input.size(); cut += std::max<std::size_t>(1, input.size() / 60)) variants.push_back(input.substr(0, cut));
  for (int i = 0; i < 40; ++i) {
    std::string v = input;
    for (int k = 0; k < 8; ++k) v[rng() % v.size()] = static_cast<char>(rng() & 0xff);
    variants.push_back(v);
  }
  std::string garbage(4096, '\0');
  for (char& c : garbage) c = static_cast<char>(rng() & 0xff);
  variants.push_back(garbage);
  for (const auto& v : variants) {
    try {
      expect_fits(parse(v));
    } catch (const std::runtime_error&) {
    }
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// OpenSID

TEST(MoveIn, OpenSidDumpGivesPostsWithDatesAuthorsCategoriesAndImages) {
  MoveIn m = parse_opensid_dump(fixture("opensid_backup.sql"));
  EXPECT_EQ(m.source, "opensid");
  expect_fits(m);

  ASSERT_EQ(m.categories.size(), 2u);  // teks_berjalan is not a category of news
  EXPECT_EQ(m.categories[0].slug, "berita-desa");
  EXPECT_EQ(m.categories[0].nama, "Berita Desa");
  EXPECT_EQ(m.categories[1].slug, "laporan-desa");

  ASSERT_EQ(m.posts.size(), 4u);
  const auto& gotong = post(m, "101");
  EXPECT_EQ(gotong.title, "Gotong Royong Bersihkan Saluran Irigasi");
  EXPECT_EQ(gotong.slug, "gotong-royong-bersihkan-saluran-irigasi");
  EXPECT_TRUE(gotong.published);
  // The dump says SET TIME_ZONE='+00:00': 01:30 UTC is 08:30 in the village.
  EXPECT_EQ(gotong.published_at, "2023-08-17T08:30:00+07:00");
  EXPECT_EQ(gotong.author, "Administrator Desa");
  EXPECT_EQ(gotong.category_slug, "berita-desa");
  ASSERT_TRUE(gotong.cover.has_value());
  EXPECT_EQ(gotong.cover->ref, "1692236400_gotong.jpg");
  ASSERT_EQ(gotong.images.size(), 2u);
  EXPECT_EQ(gotong.images[0].ref, "http://sukamaju.desa.id/desa/upload/artikel/sedang_1692236400_irigasi.jpg");
  EXPECT_EQ(gotong.images[0].alt, "Saluran irigasi yang sudah bersih");
  EXPECT_EQ(gotong.images[1].ref, "1692236400_irigasi2.jpg");  // gambar1, shown under the text
  std::string text = text_of(gotong.body_doc_json);
  EXPECT_NE(text.find("Warga's semangat"), std::string::npos) << text;
  EXPECT_NE(text.find("\xE2\x80\x9C" "Kalau saluran bersih"), std::string::npos) << text;
  EXPECT_NE(text.find("hadir & membawa"), std::string::npos) << text;
  EXPECT_NE(html_of(gotong.body_doc_json).find("<strong>78 orang</strong>"), std::string::npos);
  EXPECT_FALSE(gotong.excerpt.empty());
  EXPECT_EQ(gotong.excerpt.rfind("Warga Dusun Krajan", 0), 0u);

  const auto& laporan = post(m, "102");
  EXPECT_FALSE(laporan.published);  // enabled = 2
  EXPECT_EQ(laporan.author, "Siti Aminah");
  EXPECT_EQ(laporan.category_slug, "laporan-desa");
  EXPECT_FALSE(laporan.cover.has_value());  // gambar NULL
  EXPECT_EQ(laporan.slug, "laporan-realisasi-apbdes-semester-i");

  // The same title twice: the second gets its own slug.
  EXPECT_EQ(post(m, "108").slug, "gotong-royong-bersihkan-saluran-irigasi-2");

  const auto& blt = post(m, "107");
  EXPECT_EQ(blt.title, "Penyaluran BLT \"Dana Desa\" Tahap II");
  ASSERT_TRUE(blt.cover.has_value());
  EXPECT_EQ(blt.cover->ref, "kecil_1700000000_blt.png");
  std::string html = html_of(blt.body_doc_json);
  EXPECT_EQ(html.find("alert"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"https://sukamaju.desa.id/first/dokumen\""), std::string::npos) << html;
  EXPECT_NE(html.find("di sini"), std::string::npos) << html;  // the text of the unsafe link stays
}

TEST(MoveIn, OpenSidDumpGivesPagesAgendaAndAReport) {
  MoveIn m = parse_opensid_dump(fixture("opensid_backup.sql"));
  ASSERT_EQ(m.pages.size(), 1u);
  const auto& sejarah = m.pages[0];
  EXPECT_EQ(sejarah.source_id, "103");
  EXPECT_EQ(sejarah.title, "Sejarah Desa");
  EXPECT_EQ(sejarah.slug, "sejarah-desa");
  EXPECT_TRUE(sejarah.published);
  EXPECT_EQ(sejarah.published_at, "2013-07-29T11:13:36+07:00");
  std::string html = html_of(sejarah.body_doc_json);
  EXPECT_NE(html.find("<ol><li><p>Mbah Karto (1912–1940)</p></li>"), std::string::npos) << html;
  EXPECT_NE(html.find("<th>Dusun</th>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td>Sidomulyo</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<em>Sukamaju</em> berarti &quot;senang maju&quot;."), std::string::npos) << html;
  json doc = json::parse(sejarah.body_doc_json);
  EXPECT_EQ(doc["content"][0]["type"], "heading");
  EXPECT_EQ(doc["content"][0]["attrs"]["level"], 2);

  ASSERT_EQ(m.agenda.size(), 1u);
  const auto& rapat = m.agenda[0];
  EXPECT_EQ(rapat.title, "Musyawarah Desa RKPDes 2024");
  EXPECT_EQ(rapat.starts_at, "2024-01-20T09:00:00+07:00");  // agenda.tgl_agenda is a DATETIME: local time as typed
  EXPECT_EQ(rapat.place, "Balai Desa Sukamaju");
  EXPECT_EQ(rapat.organiser, "Sekretaris Desa");
  EXPECT_NE(rapat.description.find("RKPDes"), std::string::npos);
  EXPECT_TRUE(rapat.published);

  ASSERT_NE(skipped(m.skipped, "Teks berjalan"), nullptr);
  ASSERT_NE(skipped(m.skipped, "Artikel #106"), nullptr);
  EXPECT_EQ(skipped(m.skipped, "Artikel #106")->reason, "Judul dan isinya kosong.");
  ASSERT_NE(skipped(m.skipped, "Komentar (2)"), nullptr);
  EXPECT_NE(skipped(m.skipped, "Komentar (2)")->reason.find("tidak ikut dipindahkan"), std::string::npos);

  std::string title = "Penyaluran BLT \"Dana Desa\" Tahap II";
  bool iframe = false, dokumen = false;
  for (const auto& n : m.notes) {
    if (n.what != title) continue;
    iframe |= n.reason.find("iframe") != std::string::npos;
    dokumen |= n.reason.find("daftar_penerima_blt.pdf") != std::string::npos;
  }
  EXPECT_TRUE(iframe);
  EXPECT_TRUE(dokumen);
}

TEST(MoveIn, OpenSidReadsOtherDumpStylesAndCompressedBackups) {
  // CodeIgniter-style backup: no backquotes, a column list, no time zone, no CREATE TABLE.
  std::string ci =
      "#\n# TABLE STRUCTURE FOR: artikel\n#\n"
      "INSERT INTO artikel (id, judul, isi, enabled, tgl_upload, id_kategori, id_user, gambar) VALUES "
      "(1, 'Bantuan ''Bibit'' Jagung', \"<p>Dibagikan 2 ton bibit; \\\"unggul\\\".</p>\", 1, '2020-01-02 03:04:05', 5, 9, _binary 'bibit.jpg');\n"
      "INSERT INTO artikel VALUES (2, 'Tanpa kolom');\n"
      "INSERT INTO kategori (id, kategori) VALUES (5, 0x506572746173616e);\n";
  for (const std::string& input : {ci, gzip(ci)}) {
    MoveIn m = parse_opensid_dump(input);
    expect_fits(m);
    ASSERT_EQ(m.posts.size(), 1u);
    EXPECT_EQ(m.posts[0].title, "Bantuan 'Bibit' Jagung");
    EXPECT_EQ(m.posts[0].published_at, "2020-01-02T03:04:05+07:00");  // no zone in the dump: the village's time
    EXPECT_EQ(m.posts[0].author, "");
    EXPECT_EQ(m.posts[0].category_slug, "pertasan");
    ASSERT_TRUE(m.posts[0].cover.has_value());
    EXPECT_EQ(m.posts[0].cover->ref, "bibit.jpg");
    EXPECT_NE(text_of(m.posts[0].body_doc_json).find("2 ton bibit; \"unggul\"."), std::string::npos);
    ASSERT_NE(skipped(m.skipped, "Artikel (1)"), nullptr);  // the row without a column list nor CREATE TABLE
  }
}

TEST(MoveIn, OpenSidCutsLongTitlesAndKeepsSlugsWithinLimits) {
  std::string judul;
  for (int i = 0; i < 40; ++i) judul += "Pembangunan ";
  std::string sql = "INSERT INTO `artikel` (`id`,`judul`,`isi`,`enabled`,`id_kategori`) VALUES (1,'" + judul +
                    "','<p>x</p>',1,1),(2,'" + judul + "','<p>y</p>',1,1),(3,'ضيعة','<p>z</p>',1,999);";
  MoveIn m = parse_opensid_dump(sql);
  expect_fits(m);
  ASSERT_EQ(m.posts.size(), 2u);
  EXPECT_LE(chars(m.posts[0].title), 200u);  // cut at a word, with an ellipsis
  EXPECT_TRUE(m.posts[0].title.ends_with("Pembangunan…")) << m.posts[0].title;
  EXPECT_LE(m.posts[0].slug.size(), 120u);
  EXPECT_NE(m.posts[0].slug, m.posts[1].slug);
  EXPECT_TRUE(m.posts[1].slug.ends_with("-2"));
  EXPECT_EQ(m.posts[0].published_at, "");  // no tgl_upload
  ASSERT_EQ(m.pages.size(), 1u);
  EXPECT_EQ(m.pages[0].slug, "halaman-3");  // nothing of the title makes a slug
  bool noted = false;
  for (const auto& n : m.notes) noted |= n.reason.find("dipotong") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(MoveIn, OpenSidRefusesOtherFilesAndSurvivesDamage) {
  for (const std::string& bad : {std::string("hello"), std::string(), fixture("wordpress.xml"), fixture("desa.zip"),
                                 std::string("CREATE TABLE `penduduk` (`id` int);")}) {
    try {
      parse_opensid_dump(bad);
      ADD_FAILURE() << "accepted " << bad.substr(0, 40);
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("OpenSID"), std::string::npos) << e.what();
    }
  }
  survives_damage(fixture("opensid_backup.sql"), [](const std::string& s) { return parse_opensid_dump(s); });
  // An unterminated string runs to the end of the file without trouble.
  MoveIn m = parse_opensid_dump("CREATE TABLE `artikel` (`id` int, `judul` text);\nINSERT INTO `artikel` VALUES (1,'tanpa akhir");
  EXPECT_TRUE(m.posts.empty());
}

// ---------------------------------------------------------------------------
// WordPress

TEST(MoveIn, WxrGivesPostsPagesAuthorsCategoriesAndFeaturedImages) {
  MoveIn m = parse_wxr(fixture("wordpress.xml"));
  EXPECT_EQ(m.source, "wordpress");
  expect_fits(m);

  ASSERT_EQ(m.categories.size(), 2u);  // "Uncategorized" is not brought over
  EXPECT_EQ(m.categories[0].slug, "berita-desa");
  EXPECT_EQ(m.categories[1].nama, "Pengumuman");

  ASSERT_EQ(m.posts.size(), 3u);
  const auto& panen = post(m, "10");
  EXPECT_EQ(panen.title, "Panen Raya Padi di Desa Mekarsari");
  EXPECT_EQ(panen.slug, "panen-raya-padi");
  EXPECT_EQ(panen.source_link, "https://mekarsari.desa.id/2024/03/05/panen-raya-padi/");
  EXPECT_EQ(panen.author, "Budi Santoso");
  EXPECT_EQ(panen.published_at, "2024-03-05T09:15:00+07:00");
  EXPECT_TRUE(panen.published);
  EXPECT_EQ(panen.category_slug, "berita-desa");
  ASSERT_TRUE(panen.cover.has_value());
  EXPECT_EQ(panen.cover->ref, "https://mekarsari.desa.id/wp-content/uploads/2024/03/panen-raya.jpg");
  EXPECT_EQ(panen.cover->alt, "Petani memanen padi");
  // The resized copy in the text points at the original upload.
  ASSERT_EQ(panen.images.size(), 1u);
  EXPECT_EQ(panen.images[0].ref, "https://mekarsari.desa.id/wp-content/uploads/2024/03/panen.jpg");
  EXPECT_EQ(panen.images[0].alt, "Bulir padi siap panen");
  // Classic-editor text: blank lines are paragraphs, single line breaks <br>.
  std::string html = html_of(panen.body_doc_json);
  EXPECT_NE(html.find("120 hektare.<br>Hasilnya"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"https://mekarsari.desa.id/profil/\" rel=\"nofollow noopener ugc\">Kepala Desa</a>"), std::string::npos) << html;
  EXPECT_NE(html.find("<em>lebih baik</em>"), std::string::npos) << html;
  EXPECT_EQ(html.find("[caption"), std::string::npos) << html;
  EXPECT_EQ(json::parse(panen.body_doc_json)["content"].size(), 4u) << panen.body_doc_json;

  const auto& posyandu = post(m, "11");
  EXPECT_EQ(posyandu.title, "Pengumuman Jadwal Posyandu & Imunisasi");
  EXPECT_EQ(posyandu.excerpt, "Jadwal posyandu dan imunisasi bulan April.");
  EXPECT_EQ(posyandu.author, "Admin Desa Mekarsari");
  EXPECT_EQ(posyandu.category_slug, "pengumuman");
  EXPECT_NE(html_of(posyandu.body_doc_json).find("<ul><li><p>Penimbangan balita</p></li><li><p>Imunisasi dasar</p></li></ul>"),
            std::string::npos)
      << html_of(posyandu.body_doc_json);

  const auto& draf = post(m, "40");
  EXPECT_FALSE(draf.published);
  EXPECT_EQ(draf.slug, "rencana-pembangunan-jalan-usaha-tani");  // no post_name: from the title
  EXPECT_EQ(draf.published_at, "2024-04-01T10:00:00+07:00");     // the site's offset, learnt from other posts
  EXPECT_FALSE(draf.cover.has_value());

  ASSERT_EQ(m.pages.size(), 1u);
  EXPECT_EQ(m.pages[0].title, "Profil Desa");
  EXPECT_EQ(m.pages[0].slug, "profil");
  EXPECT_TRUE(m.pages[0].published);
  EXPECT_NE(html_of(m.pages[0].body_doc_json).find("<h3>Letak Geografis</h3>"), std::string::npos);
}

TEST(MoveIn, WxrReportsWhatItLeavesOut) {
  MoveIn m = parse_wxr(fixture("wordpress.xml"));
  ASSERT_NE(skipped(m.skipped, "Tes Lama"), nullptr);
  EXPECT_EQ(skipped(m.skipped, "Tes Lama")->reason, "Ada di tempat sampah WordPress.");
  ASSERT_NE(skipped(m.skipped, "Auto Draft"), nullptr);
  EXPECT_NE(skipped(m.skipped, "Auto Draft")->reason.find("Draf otomatis"), std::string::npos);
  ASSERT_NE(skipped(m.skipped, "Beranda"), nullptr);
  EXPECT_NE(skipped(m.skipped, "Beranda")->reason.find("menu"), std::string::npos);
  ASSERT_NE(skipped(m.skipped, "panen-raya"), nullptr);  // an attachment: it became the cover
  EXPECT_NE(skipped(m.skipped, "panen-raya")->reason.find("gambar"), std::string::npos);
  ASSERT_NE(skipped(m.skipped, "Komentar (1)"), nullptr);
  bool embed = false;
  for (const auto& n : m.notes) embed |= n.what == "Pengumuman Jadwal Posyandu & Imunisasi" && n.reason.find("iframe") != std::string::npos;
  EXPECT_TRUE(embed);
}

TEST(MoveIn, WxrRefusesOtherFilesAndEntityExpansion) {
  auto message = [](const std::string& input) -> std::string {
    try {
      parse_wxr(input);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message(fixture("feed_rss.xml")).find("bukan ekspor WordPress"), std::string::npos);
  EXPECT_NE(message("<html><body>x</body></html>").find("bukan ekspor WordPress"), std::string::npos);
  EXPECT_NE(message("").find("bukan ekspor WordPress"), std::string::npos);
  EXPECT_NE(message(fixture("desa.tar.gz")).find("bukan ekspor WordPress"), std::string::npos);
  EXPECT_NE(message(fixture("opensid_backup.sql")).find("bukan ekspor WordPress"), std::string::npos);

  std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) laughs += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    laughs += "\">\n";
  }
  laughs += "]>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><item><title>&lol9;</title>"
            "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item></channel></rss>";
  auto start = std::chrono::steady_clock::now();
  EXPECT_NE(message(laughs).find("entitas"), std::string::npos);
  EXPECT_NE(message(std::string(laughs).replace(laughs.find("<rss"), 4, "<feed")).find("entitas"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));

  std::string external = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                         "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><item><title>&x;</title></item></channel></rss>";
  EXPECT_NE(message(external).find("entitas"), std::string::npos);
}

TEST(MoveIn, WxrCutShortKeepsWhatWasReadAndSurvivesDamage) {
  std::string wxr = fixture("wordpress.xml");
  std::string cut = wxr.substr(0, wxr.find("<title><![CDATA[Profil Desa]]>"));
  MoveIn m = parse_wxr(cut);
  expect_fits(m);
  EXPECT_EQ(m.posts.size(), 2u);
  ASSERT_NE(skipped(m.notes, "Berkas"), nullptr);
  EXPECT_NE(skipped(m.notes, "Berkas")->reason.find("terpotong"), std::string::npos);
  survives_damage(wxr, [](const std::string& s) { return parse_wxr(s); });
  // Invalid UTF-8 and control characters, as some real exports carry.
  std::string dirty = wxr;
  dirty.replace(dirty.find("Petani Desa"), 6, "Pet\xff\x01ni");
  MoveIn d = parse_wxr(dirty);
  expect_fits(d);
  EXPECT_EQ(d.posts.size(), 3u);
}

// ---------------------------------------------------------------------------
// Feeds

TEST(MoveIn, RssFeedGivesPublishedPostsWithDatesAuthorsAndImages) {
  MoveIn m = parse_feed(fixture("feed_rss.xml"));
  EXPECT_EQ(m.source, "rss");
  expect_fits(m);
  ASSERT_EQ(m.posts.size(), 3u);
  const auto& festival = m.posts[0];
  EXPECT_EQ(festival.title, "Festival Kuliner Desa Tirtomulyo 2024");
  EXPECT_EQ(festival.source_id, "tag:tirtomulyo,2024:post-881");
  EXPECT_EQ(festival.slug, "festival-kuliner-desa");
  EXPECT_EQ(festival.published_at, "2024-05-11T19:30:00+07:00");
  EXPECT_TRUE(festival.published);
  EXPECT_EQ(festival.author, "Tim Humas Desa");
  EXPECT_EQ(festival.excerpt, "Lebih dari 40 stan kuliner meramaikan festival tahun ini.");
  ASSERT_TRUE(festival.cover.has_value());
  EXPECT_EQ(festival.cover->ref, "https://tirtomulyo.example.id/img/festival-besar.jpg");  // media:content over the thumbnail
  ASSERT_EQ(festival.images.size(), 1u);
  EXPECT_EQ(festival.images[0].ref, "https://tirtomulyo.example.id/img/festival-stan.jpg");
  EXPECT_NE(html_of(festival.body_doc_json).find("<a href=\"https://wa.me/6281234567890\""), std::string::npos);
  ASSERT_FALSE(festival.category_slug.empty());
  EXPECT_EQ(festival.category_slug, "wisata-budaya");

  const auto& ktp = m.posts[1];
  EXPECT_EQ(ktp.published_at, "2024-05-09T02:00:00+00:00");
  EXPECT_EQ(ktp.author, "Sri Wahyuni");
  EXPECT_EQ(ktp.slug, "ktp-keliling");
  ASSERT_TRUE(ktp.cover.has_value());
  EXPECT_EQ(ktp.cover->ref, "https://tirtomulyo.example.id/img/ktp.png");
  EXPECT_NE(html_of(ktp.body_doc_json).find("<strong>Senin, 13 Mei</strong>"), std::string::npos) << html_of(ktp.body_doc_json);

  const auto& bakti = m.posts[2];
  EXPECT_EQ(bakti.published_at, "2024-05-08T07:00:00+07:00");  // "Rab, 08 Mei 2024 07:00:00 WIB"
  EXPECT_EQ(bakti.author, "");  // an address alone is not published
  EXPECT_FALSE(bakti.cover.has_value());

  ASSERT_EQ(m.categories.size(), 1u);
  EXPECT_EQ(m.categories[0].nama, "Wisata & Budaya");
}

TEST(MoveIn, AtomFeedGivesPosts) {
  MoveIn m = parse_feed(fixture("feed_atom.xml"));
  expect_fits(m);
  ASSERT_EQ(m.posts.size(), 2u);
  const auto& batik = m.posts[0];
  EXPECT_EQ(batik.title, "Pelatihan Membatik untuk Ibu-ibu PKK & Remaja");
  EXPECT_EQ(batik.slug, "pelatihan-membatik");
  EXPECT_EQ(batik.published_at, "2024-06-01T09:30:00+07:00");
  EXPECT_EQ(batik.author, "Dewi Lestari");
  EXPECT_EQ(batik.excerpt, "Tiga puluh peserta mengikuti pelatihan membatik.");
  EXPECT_EQ(batik.category_slug, "pelatihan");
  ASSERT_TRUE(batik.cover.has_value());
  EXPECT_EQ(batik.cover->ref, "https://wanareja.example.id/media/batik.jpg");
  // <h1> in the source is the editor's first heading level (2), shown as <h3> under the page's own title.
  EXPECT_NE(html_of(batik.body_doc_json).find("<h3>Hasil Pelatihan</h3>"), std::string::npos) << html_of(batik.body_doc_json);

  const auto& libur = m.posts[1];
  EXPECT_EQ(libur.published_at, "2024-06-02T01:00:00+00:00");  // only <updated>
  EXPECT_EQ(libur.source_link, "https://wanareja.example.id/berita/libur-pelayanan");
  EXPECT_NE(html_of(libur.body_doc_json).find("<p>Kantor desa <em>libur</em> pada hari raya.</p><ul><li><p>Senin</p></li>"),
            std::string::npos)
      << html_of(libur.body_doc_json);
}

TEST(MoveIn, FeedRefusesOtherFilesAndSurvivesDamage) {
  for (const std::string& bad : {std::string("not xml"), std::string("<html><body/></html>"), std::string("\x89PNG\r\n\x1a\n", 8),
                                 std::string("<?xml version=\"1.0\"?><urlset/>")}) {
    try {
      parse_feed(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("bukan umpan RSS atau Atom"), std::string::npos) << e.what();
    }
  }
  survives_damage(fixture("feed_rss.xml"), [](const std::string& s) { return parse_feed(s); });
  survives_damage(fixture("feed_atom.xml"), [](const std::string& s) { return parse_feed(s); });
  // A WordPress export is an RSS feed too: its items come in as posts.
  MoveIn wxr = parse_feed(fixture("wordpress.xml"));
  expect_fits(wxr);
  EXPECT_FALSE(wxr.posts.empty());
}

// ---------------------------------------------------------------------------
// HTML to rich text

TEST(MoveIn, HtmlToDocKeepsTextLinksAndEscapesAndDropsScripts) {
  std::vector<MoveInImage> images;
  std::string doc = html_to_doc(
      "<div><p>Harga &lt;b&gt;beras&lt;/b&gt; naik &amp; <a href=\"https://pasar.example.id/?a=1&amp;b=2\">lihat daftar</a>.</p>"
      "<script>document.cookie</script><style>p{}</style><iframe src=\"https://evil.example\"></iframe>"
      "<custom-tag>teks tetap</custom-tag> <font color=red>merah</font>"
      "<p><span style=\"font-weight: bold\">tebal</span> <u>garis</u> <a href=\"javascript:alert(1)\">klik</a>"
      " <a href=\"www.desa.id\">situs</a></p>"
      "<img src=\"/media/abc.jpg\" alt=\"Foto &quot;warga&quot;\"><img src=\"data:image/png;base64,AAAA\">"
      "<img src=\"/media/abc.jpg\"><pre>baris 1\nbaris 2</pre><h1>Judul</h1><h5>Kecil</h5><hr></div>",
      images);
  expect_doc(doc, "html");
  auto r = render_richtext(doc);
  EXPECT_NE(r.html.find("Harga &lt;b&gt;beras&lt;/b&gt; naik &amp; "), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("<a href=\"https://pasar.example.id/?a=1&amp;b=2\" rel=\"nofollow noopener ugc\">lihat daftar</a>."), std::string::npos) << r.html;
  EXPECT_EQ(r.html.find("cookie"), std::string::npos);
  EXPECT_EQ(r.html.find("p{}"), std::string::npos);
  EXPECT_EQ(r.html.find("evil"), std::string::npos);
  EXPECT_NE(r.plain.find("teks tetap merah"), std::string::npos) << r.plain;
  EXPECT_NE(r.html.find("<strong>tebal</strong> <u>garis</u> klik <a href=\"https://www.desa.id\""), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("<img src=\"/media/abc.jpg\" alt=\"Foto &quot;warga&quot;\""), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("<p>baris 1<br>baris 2</p>"), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("<h3>Judul</h3>"), std::string::npos) << r.html;  // level 2, the page title being the h1
  EXPECT_NE(r.html.find("<h4>Kecil</h4>"), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("<hr>"), std::string::npos);
  ASSERT_EQ(images.size(), 1u);  // once, and no data: picture
  EXPECT_EQ(images[0].ref, "/media/abc.jpg");
  EXPECT_EQ(images[0].alt, "Foto \"warga\"");
}

TEST(MoveIn, HtmlToDocGivesWellFormedStructure) {
  std::vector<MoveInImage> images;
  // Badly nested lists, an image opening a list item, a cell without content,
  // a quote, text straight in the list, an empty paragraph of &nbsp;.
  std::string doc = html_to_doc(
      "<ul><li><img src=\"https://x.id/a.png\">foto</li><ul><li>anak</li></ul>lepas<li></li></ul>"
      "<table><tr><td></td><td><p>isi</p><p>dua</p></td></tr><caption>Tabel 1</caption></table>"
      "<blockquote>kutipan <b>tebal</b></blockquote><p>&nbsp;</p><p>  spasi   ganda\n baris </p>"
      "<ol start=\"3\"><li>tiga</li></ol>",
      images);
  expect_doc(doc, "structure");
  json j = json::parse(doc);
  EXPECT_EQ(j["content"][0]["type"], "bulletList");
  EXPECT_EQ(j["content"][0]["content"][0]["content"][0]["type"], "paragraph");
  EXPECT_EQ(j["content"][0]["content"][0]["content"][1]["type"], "image");
  std::string html = render_richtext(doc).html;
  EXPECT_NE(html.find("<p>spasi ganda baris</p>"), std::string::npos) << html;
  EXPECT_NE(html.find("<blockquote><p>kutipan <strong>tebal</strong></p></blockquote>"), std::string::npos) << html;
  EXPECT_NE(html.find("</blockquote><p>spasi"), std::string::npos) << html;  // no paragraph for &nbsp;
  EXPECT_NE(html.find("<td>isi<br>dua</td>"), std::string::npos) << html;
  for (const auto& b : j["content"]) {
    if (b["type"] == "orderedList") {
      EXPECT_EQ(b["attrs"]["start"], 3);
    }
  }

  images.clear();
  EXPECT_EQ(html_to_doc("", images), "{\"content\":[],\"type\":\"doc\"}");
  EXPECT_EQ(html_to_doc("   \n ", images), "{\"content\":[],\"type\":\"doc\"}");
}

TEST(MoveIn, HtmlToDocSurvivesHostileInput) {
  std::vector<MoveInImage> images;
  // Nesting far beyond what the renderer walks keeps its text, flattened.
  std::string deep;
  for (int i = 0; i < 70; ++i) deep += i % 3 == 0 ? "<div>" : i % 3 == 1 ? "<ul><li>" : "<blockquote>";
  deep += "dalam sekali";
  std::string doc = html_to_doc(deep, images);
  expect_doc(doc, "deep");
  EXPECT_NE(render_richtext(doc).plain.find("dalam sekali"), std::string::npos);
  // Absurd nesting: libxml2 gives up at 256 levels; what came before stays.
  deep = "<p>awal</p>";
  for (int i = 0; i < 50000; ++i) deep += i % 3 == 0 ? "<div>" : i % 3 == 1 ? "<ul><li>" : "<blockquote>";
  doc = html_to_doc(deep, images);
  expect_doc(doc, "absurd");
  EXPECT_EQ(render_richtext(doc).plain.rfind("awal", 0), 0u);

  std::string many;
  for (int i = 0; i < 30000; ++i) many += "<p>p" + std::to_string(i) + "</p>";
  doc = html_to_doc(many, images);
  expect_doc(doc, "many");
  EXPECT_LE(json::parse(doc)["content"].size(), 20000u);

  doc = html_to_doc("<p>\xff\xfe bad \xc3\x28 utf8 \x01\x02</p><a href=\"\x80\">x</a><img src=\"\xff\">", images);
  expect_doc(doc, "bytes");

  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string junk;
    static const char* pieces[] = {"<p>", "</p>", "<ul>", "<li>", "</ul>", "<table>", "<tr>", "<td>", "<b>", "</i>",
                                   "<img src=x>", "<br>", "&amp;", "&#0;", "<a href='", "'>", "<h2>", "<!--", "-->", "\n\n", "text ", "<"};
    for (int k = 0; k < 60; ++k) junk += pieces[rng() % (sizeof pieces / sizeof *pieces)];
    expect_doc(html_to_doc(junk, images), junk);
  }
}

// ---------------------------------------------------------------------------
// Archives of the desa/ folder

TEST(MoveIn, ArchivesGiveOnlyPicturesAndTheBestOpenSidFile) {
  const std::string long_name = "desa/upload/media/" + [] {
    std::string s;
    for (int i = 0; i < 8; ++i) s += "sangat-panjang-";
    return s;
  }() + "foto.webp";
  for (const char* name : {"desa.zip", "desa.tar.gz"}) {
    SCOPED_TRACE(name);
    auto files = read_image_archive(fixture(name));
    std::set<std::string> paths;
    for (const auto& [p, d] : files) paths.insert(p);
    std::set<std::string> expected = {
        "desa/upload/artikel/1692236400_gotong.jpg",        "desa/upload/artikel/sedang_1692236400_gotong.jpg",
        "desa/upload/artikel/kecil_1692236400_gotong.jpg",  "desa/upload/artikel/sedang_1692236400_irigasi.jpg",
        "desa/upload/artikel/kecil_1692236400_irigasi.jpg", "desa/upload/artikel/kecil_1700000000_blt.png",
        "desa/upload/galeri/sedang_1692236400_gotong.jpg",  "desa/upload/galeri/kegiatan.png",
        long_name};
    EXPECT_EQ(paths, expected);  // no PDF, PHP, fake JPEG, AppleDouble or symlink
    EXPECT_EQ(files.at("desa/upload/galeri/kegiatan.png").substr(1, 3), "PNG");

    EXPECT_EQ(find_opensid_image(files, "1692236400_gotong.jpg"), "desa/upload/artikel/1692236400_gotong.jpg");
    EXPECT_EQ(find_opensid_image(files, "http://sukamaju.desa.id/desa/upload/artikel/kecil_1692236400_gotong.jpg?v=2"),
              "desa/upload/artikel/1692236400_gotong.jpg");
    EXPECT_EQ(find_opensid_image(files, "1692236400_irigasi.jpg"), "desa/upload/artikel/sedang_1692236400_irigasi.jpg");
    EXPECT_EQ(find_opensid_image(files, "kecil_1692236400_irigasi.jpg"), "desa/upload/artikel/sedang_1692236400_irigasi.jpg");
    EXPECT_EQ(find_opensid_image(files, "kecil_1700000000_blt.png"), "desa/upload/artikel/kecil_1700000000_blt.png");
    EXPECT_EQ(find_opensid_image(files, "../desa/upload/galeri/sedang_1692236400_gotong.jpg"),
              "desa/upload/galeri/sedang_1692236400_gotong.jpg");
    EXPECT_EQ(find_opensid_image(files, "/desa/upload/galeri/kegiatan.png"), "desa/upload/galeri/kegiatan.png");
    EXPECT_EQ(find_opensid_image(files, "tidak-ada.jpg"), std::nullopt);
    EXPECT_EQ(find_opensid_image(files, ""), std::nullopt);
  }
}

TEST(MoveIn, ArchivesRefuseTraversalGarbageAndTooManyFiles) {
  for (const char* name : {"traversal.zip", "traversal.tar"}) {
    try {
      read_image_archive(fixture(name));
      ADD_FAILURE() << name << " accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("tidak aman"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(read_image_archive("bukan arsip"), std::runtime_error);
  EXPECT_THROW(read_image_archive(""), std::runtime_error);
  std::string zip = fixture("desa.zip");
  EXPECT_THROW(read_image_archive(zip.substr(0, zip.size() / 2)), std::runtime_error);
  std::string targz = fixture("desa.tar.gz");
  EXPECT_THROW(read_image_archive(targz.substr(0, targz.size() - 40)), std::runtime_error);
  EXPECT_THROW(read_image_archive(gzip("plain text, not a tar")), std::runtime_error);

  std::string png = fixture("desa.zip");  // any bytes: only the count matters here
  std::ostringstream out;
  balai::tar::Writer w(out);
  const std::string tiny("\x89PNG\r\n\x1a\n0000", 12);
  for (int i = 0; i < 2001; ++i) w.add("desa/upload/artikel/f" + std::to_string(i) + ".png", tiny);
  w.finish();
  try {
    read_image_archive(out.str());
    ADD_FAILURE() << "2001 pictures accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("2.000"), std::string::npos) << e.what();
  }

  // Damaged archives of every kind never crash.
  std::mt19937 rng(99);
  for (const std::string& a : {zip, targz, fixture("traversal.tar")}) {
    for (int i = 0; i < 60; ++i) {
      std::string v = a;
      for (int k = 0; k < 4; ++k) v[rng() % v.size()] = static_cast<char>(rng() & 0xff);
      try {
        read_image_archive(v);
      } catch (const std::runtime_error&) {
      }
    }
  }
}
