// Moving a village in without retyping: reads what its old site can export
// (an OpenSID database backup with the images of its desa/ folder, a
// WordPress WXR export, an RSS 2.0 or Atom feed) into posts, pages,
// categories and agenda items shaped for Balai's tables, plus a report of
// what did not come in and why.
//
// Pure parsing: no database, no network, no files. Every input is bounded
// (kMaxInputBytes, kMaxItems, nesting depth) and malformed input either
// throws std::runtime_error with a message for the village operator (in
// Bahasa Indonesia) or yields what could be read, never a crash.
//
// Bodies come out as the rich-text document JSON that
// balai::content::render_richtext renders and the admin editor loads
// (doc, paragraph, heading 2..4, bulletList/orderedList/listItem,
// blockquote, image, table/tableRow/tableHeader/tableCell, horizontalRule,
// hardBreak, text with bold/italic/underline/link marks). Images keep the
// reference their source gave them (a URL, or a file name of the OpenSID
// archive) as `src`; whoever stores the images replaces those sources with
// the stored ones.
#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace balai::tenants {

inline constexpr std::size_t kMoveInMaxInputBytes = 200u * 1024 * 1024;
// Posts, pages and agenda items together; what is beyond is reported, not read.
inline constexpr std::size_t kMoveInMaxItems = 20000;
// Images kept from an archive of the desa/ folder, and their total size.
inline constexpr std::size_t kMoveInMaxArchiveFiles = 2000;
inline constexpr std::size_t kMoveInMaxArchiveBytes = 500u * 1024 * 1024;

struct MoveInImage {
  std::string ref;  // path or URL as the source names it
  std::string alt;
};

struct MoveInPost {
  std::string source_id;    // id in the old site (OpenSID artikel.id, WordPress post_id, feed guid)
  std::string source_link;  // its address on the old site when known, for redirects
  std::string title;        // 1..200 characters
  std::string slug;         // ^[a-z0-9]([a-z0-9-]{0,118}[a-z0-9])?$, unique within the import
  std::string excerpt;      // <= 400 characters
  std::string body_doc_json;
  std::string author;        // <= 100 characters, "" when unknown
  std::string published_at;  // ISO 8601 with offset, "" when unknown
  bool published = false;    // false: a draft (a date in the future with true: scheduled)
  std::string category_slug;  // one of MoveIn::categories, or ""
  std::optional<MoveInImage> cover;
  // Images the body shows, each once, in order; body_doc_json uses their `ref` as src.
  std::vector<MoveInImage> images;
};

struct MoveInPage {
  std::string source_id, source_link;
  std::string title;  // 1..300 characters
  std::string slug;   // ^[a-z0-9]([a-z0-9-]{0,98}[a-z0-9])?$, unique among the import's pages
  std::string body_doc_json;
  bool published = false;
  std::string published_at;
  std::vector<MoveInImage> images;
};

struct MoveInCategory {
  std::string slug;  // ^[a-z0-9]([a-z0-9-]{0,58}[a-z0-9])?$
  std::string nama;  // 1..80 characters
};

struct MoveInAgenda {
  std::string source_id;
  std::string title;      // 1..200 characters
  std::string starts_at;  // ISO 8601 with offset, never ""
  std::string ends_at;    // "" when the source has no end
  std::string place, organiser;  // <= 200 characters each
  std::string description;       // plain text, <= 4000 characters
  bool published = true;
};

// One line of the report. `what` names the item as the operator knows it
// (its title, or a count: "Komentar (12)"); `reason` says why, in Indonesian.
struct MoveInSkipped {
  std::string what;
  std::string reason;
};

struct MoveIn {
  std::string source;  // "opensid" | "wordpress" | "rss"
  std::vector<MoveInPost> posts;
  std::vector<MoveInPage> pages;
  std::vector<MoveInCategory> categories;
  std::vector<MoveInAgenda> agenda;
  std::vector<MoveInSkipped> skipped;  // what did not come in
  std::vector<MoveInSkipped> notes;    // what came in changed (cut, made a draft, a picture or file left out)
};

// A MySQL dump of an OpenSID database (mysqldump, phpMyAdmin, or OpenSID's
// own Database > Backup; gzip-compressed or not). Reads the tables artikel,
// kategori, agenda and user: artikel rows of category 999 (static pages)
// and 1001 (finance pages) become pages, rows of category 1000 become
// agenda items (with the agenda table's date, place and organiser when the
// dump has it), rows of the "teks_berjalan" category (running text) are
// reported, every other row is a post (enabled = 1: published). Comments
// are counted in the report. TIMESTAMP columns are read in the zone the
// dump declares (SET TIME_ZONE), everything else as WIB; dates leave as
// +07:00. Throws when the text is not an OpenSID dump.
MoveIn parse_opensid_dump(std::string_view sql);

// A WordPress export (WXR 1.0 to 1.2). Throws when the XML is not one.
MoveIn parse_wxr(std::string_view xml);

// An RSS 2.0, RSS 1.0 or Atom feed. Throws when the XML is none of those.
MoveIn parse_feed(std::string_view xml);

// An HTML fragment as a rich-text document (JSON). Unknown tags keep their
// text; script, style, iframe, forms and embedded media are dropped. Every
// image's source is appended to `images` (once each) and used as is as the
// image node's src.
std::string html_to_doc(std::string_view html, std::vector<MoveInImage>& images);

// The image files (jpg, jpeg, png, gif, webp, checked by content too) of an
// archive of OpenSID's desa/ folder, by path within the archive. Reads
// .zip, .tar and .tar.gz, told apart by their first bytes. Throws for an
// archive of another kind, a damaged one, one naming a path outside itself
// ("..", absolute), more than kMoveInMaxArchiveFiles images, or more than
// kMoveInMaxArchiveBytes uncompressed.
std::map<std::string, std::string> read_image_archive(std::string_view bytes);

// The archive file an OpenSID reference means ("1623_foto.jpg" from
// artikel.gambar, or a URL or path from an article's HTML), found under any
// folder: the original when the archive has it, else its sedang_ (880 px)
// version, else its kecil_ (440 px) one; files under upload/artikel/ first.
std::optional<std::string> find_opensid_image(const std::map<std::string, std::string>& files, std::string_view name);

}  // namespace balai::tenants
