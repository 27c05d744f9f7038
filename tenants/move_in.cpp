#include "tenants/move_in.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "server/content/richtext.hpp"
#include "server/core/text.hpp"
#include "tenants/wilayah.hpp"

namespace balai::tenants {

namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------
// Limits of the database columns the import is written into.

constexpr std::size_t kPostSlugMax = 120, kPageSlugMax = 100, kCategorySlugMax = 60;
constexpr std::size_t kPostTitleMax = 200, kPageTitleMax = 300, kCategoryNameMax = 80;
constexpr std::size_t kExcerptMax = 400, kAuthorMax = 100, kAgendaTextMax = 200, kAgendaDescriptionMax = 4000;
constexpr std::size_t kAltMax = 300, kUrlMax = 2000;
// A generated excerpt is a summary, not the text's first 400 characters.
constexpr std::size_t kGeneratedExcerpt = 200;
// Rich-text documents stay within what the renderer walks (20,000 nodes, 64 levels).
constexpr int kMaxDocNodes = 18000;
constexpr int kMaxHtmlDepth = 96;  // elements deeper than this keep only their text
constexpr int kMaxNesting = 10;    // lists, quotes and tables inside one another
constexpr std::size_t kMaxArchiveEntries = 200000;

void init_libxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

void ignore_generic_error(void*, const char*, ...) {}
void ignore_structured_error(void*, xmlErrorPtr) {}

// libxml2 reports some errors (encodings, I/O) through its per-thread generic
// handlers, which print to stderr: silenced while one of these lives, then restored.
class QuietLibxml {
 public:
  QuietLibxml()
      : generic_(*__xmlGenericError()),
        generic_ctx_(*__xmlGenericErrorContext()),
        structured_(*__xmlStructuredError()),
        structured_ctx_(*__xmlStructuredErrorContext()) {
    init_libxml();
    xmlSetGenericErrorFunc(nullptr, ignore_generic_error);
    xmlSetStructuredErrorFunc(nullptr, ignore_structured_error);
  }
  ~QuietLibxml() {
    xmlSetGenericErrorFunc(generic_ctx_, generic_);
    xmlSetStructuredErrorFunc(structured_ctx_, structured_);
  }
  QuietLibxml(const QuietLibxml&) = delete;
  QuietLibxml& operator=(const QuietLibxml&) = delete;

 private:
  xmlGenericErrorFunc generic_;
  void* generic_ctx_;
  xmlStructuredErrorFunc structured_;
  void* structured_ctx_;
};

// ---------------------------------------------------------------------------
// Text helpers.

// Valid UTF-8 without control characters (other than tab and line breaks):
// what JSON, XML and PostgreSQL all accept. Broken sequences become U+FFFD.
std::string clean_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
      if (c == 0x7f) out.pop_back();
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
    bool ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) ok = false;
      else cp = (cp << 6) | (d & 0x3F);
    }
    if (ok && len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)) ok = false;
    if (ok && len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ok = false;
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

bool is_clean(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return false;
  return true;
}

std::string clean(std::string_view s) { return is_clean(s) ? std::string(s) : clean_text(s); }

std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The first `max_chars` characters of valid UTF-8.
std::string utf8_cut(std::string_view s, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) return std::string(s.substr(0, i));
      ++chars;
    }
  }
  return std::string(s);
}

// Whitespace runs (no-break spaces included) as one space, trimmed.
std::string collapse_ws(std::string_view s) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (!ws && static_cast<unsigned char>(c) == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ws = true;
      ++i;
    }
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Cleaned, collapsed and cut to `max` characters.
std::string fit(std::string_view s, std::size_t max) {
  std::string t = collapse_ws(clean(s));
  if (utf8_chars(t) <= max) return t;
  std::string out = utf8_cut(t, max);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Like `fit`, ending in "…" when cut (for summaries).
std::string fit_ellipsis(std::string_view s, std::size_t max) {
  std::string t = collapse_ws(clean(s));
  if (utf8_chars(t) <= max) return t;
  return content::excerpt(t, max - 1);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && to_lower_ascii(a) == to_lower_ascii(b);
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

std::string percent_decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// A slug of at most `max` characters from any text ("" when nothing of it is
// a letter or digit), with the project's rules for letters and apostrophes.
std::string slug_of(std::string_view text, std::size_t max) {
  // wilayah::slugify answers "desa" for an empty result; a leading letter
  // tells an empty result apart from a text that is "desa".
  std::string s = wilayah::slugify("z " + clean(text));
  s = s.size() > 2 ? s.substr(2) : "";
  if (s.size() > max) s.resize(max);
  while (!s.empty() && s.back() == '-') s.pop_back();
  return s;
}

// Slugs unique within one table of one import.
class Slugs {
 public:
  explicit Slugs(std::size_t max) : max_(max) {}
  std::string take(std::string base, const std::string& fallback) {
    if (base.empty()) base = slug_of(fallback, max_);
    if (base.empty()) base = "isi";
    if (used_.insert(base).second) return base;
    for (int n = 2;; ++n) {
      std::string suffix = "-" + std::to_string(n);
      std::string head = base.substr(0, std::min(base.size(), max_ - suffix.size()));
      while (!head.empty() && head.back() == '-') head.pop_back();
      std::string candidate = head + suffix;
      if (used_.insert(candidate).second) return candidate;
    }
  }

 private:
  std::size_t max_;
  std::set<std::string> used_;
};

// ---------------------------------------------------------------------------
// Dates. Every date leaves as "YYYY-MM-DDTHH:MM:SS+HH:MM".

constexpr int kJakartaOffset = 7 * 60;  // WIB, no daylight saving

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

struct Civil {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
};

bool valid_civil(const Civil& c) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (c.y < 1900 || c.y > 2200 || c.mo < 1 || c.mo > 12 || c.d < 1 || c.d > kDays[c.mo - 1]) return false;
  if (c.mo == 2 && c.d == 29 && !((c.y % 4 == 0 && c.y % 100 != 0) || c.y % 400 == 0)) return false;
  return c.h >= 0 && c.h < 24 && c.mi >= 0 && c.mi < 60 && c.s >= 0 && c.s < 61;
}

// Seconds since the epoch of a wall-clock time at `offset` minutes east of UTC.
std::int64_t epoch_of(const Civil& c, int offset) {
  return days_from_civil(c.y, static_cast<unsigned>(c.mo), static_cast<unsigned>(c.d)) * 86400 + c.h * 3600 + c.mi * 60 +
         std::min(c.s, 59) - static_cast<std::int64_t>(offset) * 60;
}

std::string iso_at(std::int64_t epoch, int offset) {
  std::int64_t local = epoch + static_cast<std::int64_t>(offset) * 60;
  std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  std::int64_t secs = local - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[40];
  int off = offset < 0 ? -offset : offset;
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", static_cast<int>(y), m, d,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60),
                offset < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

bool read_int(std::string_view s, std::size_t& at, std::size_t min_digits, std::size_t max_digits, int& out) {
  std::size_t start = at;
  long v = 0;
  while (at < s.size() && at - start < max_digits && s[at] >= '0' && s[at] <= '9') v = v * 10 + (s[at++] - '0');
  if (at - start < min_digits) return false;
  out = static_cast<int>(v);
  return true;
}

// "2024-01-31 13:05:00", "2024-01-31T13:05", "2024-01-31" (MySQL and WordPress).
std::optional<Civil> parse_sql_datetime(std::string_view s) {
  s = trim(s);
  Civil c;
  std::size_t at = 0;
  if (!read_int(s, at, 4, 4, c.y) || at >= s.size() || s[at++] != '-' || !read_int(s, at, 1, 2, c.mo) ||
      at >= s.size() || s[at++] != '-' || !read_int(s, at, 1, 2, c.d))
    return std::nullopt;
  if (at < s.size() && (s[at] == ' ' || s[at] == 'T')) {
    ++at;
    if (!read_int(s, at, 1, 2, c.h) || at >= s.size() || s[at++] != ':' || !read_int(s, at, 1, 2, c.mi)) return std::nullopt;
    if (at < s.size() && s[at] == ':' && !read_int(s, ++at, 1, 2, c.s)) return std::nullopt;
  }
  if (!valid_civil(c)) return std::nullopt;
  return c;
}

// "+07:00", "-0530", "Z", "+07" → minutes east of UTC.
std::optional<int> parse_offset(std::string_view s) {
  if (s == "Z" || s == "z") return 0;
  if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  std::size_t at = 1;
  int h = 0, m = 0;
  if (!read_int(s, at, 2, 2, h)) return std::nullopt;
  if (at < s.size() && s[at] == ':') ++at;
  if (at < s.size() && !read_int(s, at, 2, 2, m)) return std::nullopt;
  if (at != s.size() || h > 14 || m > 59) return std::nullopt;
  int off = h * 60 + m;
  return s[0] == '-' ? -off : off;
}

// RFC 3339 / ISO 8601 ("2024-01-31T13:05:00.5+07:00"); without an offset
// the time is taken as the village's (WIB).
std::string iso_from_rfc3339(std::string_view s) {
  s = trim(s);
  auto c = parse_sql_datetime(s.substr(0, std::min<std::size_t>(s.size(), 19)));
  if (!c) return "";
  std::size_t at = std::min<std::size_t>(s.size(), 19);
  // The date-only and minute-precision forms are shorter than 19 characters.
  if (s.size() >= 10 && (s.size() == 10 || s[10] == 'T' || s[10] == ' ')) {
    at = 10;
    if (s.size() > 10) {
      at = 11;
      while (at < s.size() && ((s[at] >= '0' && s[at] <= '9') || s[at] == ':')) ++at;
    }
  }
  if (at < s.size() && (s[at] == '.' || s[at] == ',')) {
    ++at;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
  }
  int offset = kJakartaOffset;
  if (at < s.size()) {
    auto off = parse_offset(trim(s.substr(at)));
    if (!off) return "";
    offset = *off;
  }
  return iso_at(epoch_of(*c, offset), offset);
}

// RFC 822 dates of RSS ("Wed, 31 Jan 2024 13:05:00 +0700"), including the
// Indonesian month names and zones some village sites write.
std::string iso_from_rfc822(std::string_view s) {
  std::string t = collapse_ws(s);
  if (auto comma = t.find(','); comma != std::string::npos && comma < 12) t = t.substr(comma + 1);
  std::vector<std::string> parts;
  for (std::size_t at = 0; at < t.size();) {
    while (at < t.size() && (t[at] == ' ' || t[at] == ',')) ++at;
    std::size_t end = t.find_first_of(" ,", at);
    if (end == std::string::npos) end = t.size();
    if (end > at) parts.push_back(t.substr(at, end - at));
    at = end;
  }
  // A leading day name without a comma ("Wed 31 Jan 2024 ...").
  if (!parts.empty() && !parts[0].empty() && !(parts[0][0] >= '0' && parts[0][0] <= '9')) parts.erase(parts.begin());
  if (parts.size() < 3) return iso_from_rfc3339(s);
  Civil c;
  std::size_t at = 0;
  if (!read_int(parts[0], at, 1, 2, c.d) || at != parts[0].size()) return iso_from_rfc3339(s);
  static const std::pair<const char*, int> kMonths[] = {
      {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"may", 5}, {"mei", 5}, {"jun", 6}, {"jul", 7}, {"aug", 8},
      {"agu", 8}, {"agt", 8}, {"sep", 9}, {"oct", 10}, {"okt", 10}, {"nov", 11}, {"dec", 12}, {"des", 12}};
  std::string mon = to_lower_ascii(parts[1].substr(0, 3));
  for (auto [name, n] : kMonths)
    if (mon == name) c.mo = n;
  at = 0;
  if (c.mo == 0 || !read_int(parts[2], at, 2, 4, c.y) || at != parts[2].size()) return "";
  if (parts[2].size() == 2) c.y += c.y < 50 ? 2000 : 1900;
  int offset = 0;
  if (parts.size() >= 4) {
    at = 0;
    const std::string& tm = parts[3];
    if (!read_int(tm, at, 1, 2, c.h) || at >= tm.size() || tm[at++] != ':' || !read_int(tm, at, 2, 2, c.mi)) return "";
    if (at < tm.size() && (tm[at] != ':' || !read_int(tm, ++at, 2, 2, c.s))) return "";
    if (parts.size() >= 5) {
      std::string zone = to_lower_ascii(parts[4]);
      static const std::pair<const char*, int> kZones[] = {
          {"gmt", 0}, {"ut", 0}, {"utc", 0}, {"z", 0}, {"wib", 420}, {"wita", 480}, {"wit", 540},
          {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300}, {"mst", -420}, {"mdt", -360},
          {"pst", -480}, {"pdt", -420}};
      bool known = false;
      for (auto [name, off] : kZones)
        if (zone == name) offset = off, known = true;
      if (!known) {
        auto off = parse_offset(parts[4]);
        if (!off) return "";
        offset = *off;
      }
    }
  }
  if (!valid_civil(c)) return "";
  return iso_at(epoch_of(c, offset), offset);
}

// ---------------------------------------------------------------------------
// HTML to rich text.

struct Marks {
  bool bold = false, italic = false, underline = false;
  std::string href;
  bool operator==(const Marks&) const = default;
};

json marks_json(const Marks& m) {
  json a = json::array();
  if (!m.href.empty()) a.push_back({{"type", "link"}, {"attrs", {{"href", m.href}}}});
  if (m.bold) a.push_back({{"type", "bold"}});
  if (m.italic) a.push_back({{"type", "italic"}});
  if (m.underline) a.push_back({{"type", "underline"}});
  return a;
}

// Blocks being filled, with the paragraph (or heading) being written.
struct Flow {
  json blocks = json::array();
  json inl = json::array();
  Marks last_marks;   // of inl.back() when it is text
  bool space = false;  // a collapsed space waits for the next visible content
  Marks space_marks;   // the marks where that space was written
  int newlines = 0;    // line breaks in that whitespace (for autop)
  int heading = 0;     // > 0: the paragraph being written is a heading of this level
};

std::string attr_of(xmlNode* n, const char* name) {
  for (xmlAttr* a = n->properties; a; a = a->next) {
    if (!a->name || xmlStrcasecmp(a->name, reinterpret_cast<const xmlChar*>(name)) != 0) continue;
    std::string v;
    for (xmlNode* c = a->children; c; c = c->next)
      if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
        v += reinterpret_cast<const char*>(c->content);
    return v;
  }
  return "";
}

std::string name_of(xmlNode* n) { return n->name ? to_lower_ascii(reinterpret_cast<const char*>(n->name)) : ""; }

// Text and CDATA under `n`, walked without recursion; entity references are
// not followed (their declarations are refused before any content is read).
void collect_text(xmlNode* n, std::string& out, std::size_t cap = kMoveInMaxInputBytes) {
  xmlNode* cur = n->children;
  while (cur) {
    if ((cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) && cur->content) {
      out += reinterpret_cast<const char*>(cur->content);
      if (out.size() > cap) return;
    }
    bool skip = cur->type == XML_ELEMENT_NODE && cur->name &&
                (xmlStrcasecmp(cur->name, BAD_CAST "script") == 0 || xmlStrcasecmp(cur->name, BAD_CAST "style") == 0);
    if (cur->type == XML_ELEMENT_NODE && cur->children && !skip) {
      cur = cur->children;
      continue;
    }
    while (cur && !cur->next) {
      cur = cur->parent;
      if (cur == n) return;
    }
    if (!cur) return;
    cur = cur->next;
  }
}

struct HtmlOptions {
  bool autop = false;  // WordPress: blank lines are paragraphs, line breaks <br>
  std::function<std::string(const std::string&)> map_src;
};

struct Body {
  std::string doc;
  std::string plain;  // the words only (no image descriptions): for excerpts and agenda descriptions
  std::vector<MoveInImage> images;
  int embeds = 0, inline_data = 0;
  bool truncated = false;
};

class HtmlConverter {
 public:
  HtmlConverter(const HtmlOptions& opts, std::vector<MoveInImage>& images) : opts_(opts), images_(images) {}

  int embeds = 0, inline_data = 0;
  bool truncated = false;  // the node budget ran out
  bool gave_up = false;    // the HTML parser stopped early

  json convert(std::string_view html) {
    Flow root;
    std::string input = clean(html);
    if (!trim(input).empty()) {
      QuietLibxml quiet;
      htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
      htmlDocPtr doc = ctxt ? htmlCtxtReadMemory(ctxt, input.data(), static_cast<int>(input.size()), nullptr, "UTF-8",
                                                 HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                                     HTML_PARSE_NOWARNING | HTML_PARSE_NODEFDTD | HTML_PARSE_COMPACT)
                            : nullptr;
      // libxml2 stops at 256 levels of nesting; what came after is lost.
      if (ctxt && ctxt->errNo == XML_ERR_INTERNAL_ERROR) gave_up = true;
      if (ctxt) htmlFreeParserCtxt(ctxt);
      if (doc) {
        xmlNode* top = xmlDocGetRootElement(doc);
        xmlNode* body = nullptr;
        for (xmlNode* c = top ? top->children : nullptr; c; c = c->next)
          if (c->type == XML_ELEMENT_NODE && name_of(c) == "body") body = c;
        if (body) walk(body, Marks{}, root, 1, 0, false);
        else if (top) walk(top, Marks{}, root, 1, 0, false);
        xmlFreeDoc(doc);
      }
    }
    flush(root);
    return json{{"type", "doc"}, {"content", std::move(root.blocks)}};
  }

  // Blocks into `f` from `source`; a doc of blocks for OpenSID's extra pictures.
  void image_block(Flow& f, const std::string& src, const std::string& alt) { add_image(f, src, alt); }
  void push(Flow& f, json node) { push_block(f, std::move(node)); }
  void finish(Flow& f) { flush(f); }
  void paragraph(Flow& f, const std::string& text, const Marks& m) {
    flush(f);
    add_text(f, text, m, false);
    flush(f);
  }

 private:
  const HtmlOptions& opts_;
  std::vector<MoveInImage>& images_;
  int nodes_ = 0;

  bool budget() {
    if (nodes_ >= kMaxDocNodes) {
      truncated = true;
      return false;
    }
    ++nodes_;
    return true;
  }

  void push_block(Flow& f, json node) {
    flush(f);
    if (budget()) f.blocks.push_back(std::move(node));
  }

  void push_inline(Flow& f, json node) {
    if (budget()) f.inl.push_back(std::move(node));
  }

  bool last_is_text(const Flow& f) const { return !f.inl.empty() && f.inl.back()["type"] == "text"; }

  void emit_text(Flow& f, const std::string& s, const Marks& m) {
    if (s.empty()) return;
    if (last_is_text(f) && f.last_marks == m) {
      f.inl.back()["text"].get_ref<std::string&>() += s;
      return;
    }
    json t = {{"type", "text"}, {"text", s}};
    json marks = marks_json(m);
    if (!marks.empty()) t["marks"] = std::move(marks);
    push_inline(f, std::move(t));
    f.last_marks = m;
  }

  void hard_break(Flow& f) {
    f.space = false;
    f.newlines = 0;
    if (!f.inl.empty()) push_inline(f, json{{"type", "hardBreak"}});  // none at a paragraph's start
  }

  // Whatever whitespace waits before visible content: a space, a line break or a new paragraph.
  void resolve(Flow& f) {
    int newlines = f.newlines;
    bool space = f.space;
    f.space = false;
    f.newlines = 0;
    if (f.inl.empty()) return;
    if (opts_.autop && newlines >= 2) return flush(f);
    if (opts_.autop && newlines == 1) return hard_break(f);
    if (space && f.inl.back()["type"] != "hardBreak") emit_text(f, " ", f.space_marks);
  }

  void add_text(Flow& f, std::string_view s, const Marks& m, bool pre) {
    std::string buf;
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      bool nbsp = static_cast<unsigned char>(c) == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0;
      if (pre) {
        if (c == '\r') continue;
        if (c == '\n') {
          emit_text(f, buf, m);
          buf.clear();
          if (!f.inl.empty()) push_inline(f, json{{"type", "hardBreak"}});
          continue;
        }
        if (buf.empty()) resolve(f);
        buf += nbsp ? ' ' : c;
        if (nbsp) ++i;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp) {
        emit_text(f, buf, m);
        buf.clear();
        if (!f.space) f.space_marks = m;
        f.space = true;
        if (c == '\n') ++f.newlines;
        if (nbsp) ++i;
        continue;
      }
      if (buf.empty()) resolve(f);
      buf += c;
    }
    emit_text(f, buf, m);
  }

  void flush(Flow& f) {
    f.space = false;
    f.newlines = 0;
    while (!f.inl.empty()) {
      json& last = f.inl.back();
      if (last["type"] == "hardBreak") {
        f.inl.erase(f.inl.end() - 1);
        continue;
      }
      if (last["type"] == "text") {
        std::string t = last["text"].get<std::string>();
        while (!t.empty() && t.back() == ' ') t.pop_back();
        if (t.empty()) {
          f.inl.erase(f.inl.end() - 1);
          continue;
        }
        last["text"] = t;
      }
      break;
    }
    if (f.inl.empty()) return;
    json node = f.heading > 0 ? json{{"type", "heading"}, {"attrs", {{"level", f.heading}}}} : json{{"type", "paragraph"}};
    node["content"] = std::move(f.inl);
    f.inl = json::array();
    if (budget()) f.blocks.push_back(std::move(node));
  }

  void walk(xmlNode* parent, const Marks& m, Flow& f, int depth, int nest, bool pre) {
    for (xmlNode* c = parent->children; c && !truncated; c = c->next) node(c, m, f, depth, nest, pre);
  }

  void node(xmlNode* n, const Marks& m, Flow& f, int depth, int nest, bool pre) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) add_text(f, reinterpret_cast<const char*>(n->content), m, pre);
      return;
    }
    if (n->type != XML_ELEMENT_NODE) return;
    element(n, m, f, depth, nest, pre);
  }

  static bool in(const std::string& name, std::initializer_list<const char*> names) {
    for (const char* x : names)
      if (name == x) return true;
    return false;
  }

  void element(xmlNode* e, const Marks& m, Flow& f, int depth, int nest, bool pre) {
    const std::string name = name_of(e);
    if (in(name, {"iframe", "video", "audio", "embed", "object", "applet"})) {
      ++embeds;
      return;
    }
    if (in(name, {"script", "style", "noscript", "form", "input", "button", "select", "option", "textarea", "svg", "math",
                  "template", "head", "title", "meta", "link", "base", "canvas", "source", "track", "map", "area",
                  "frame", "frameset", "noframes", "param", "datalist", "dialog"}))
      return;
    if (depth > kMaxHtmlDepth) {
      std::string text;
      collect_text(e, text);
      add_text(f, text, m, pre);
      return;
    }
    if (name == "br") return hard_break(f);
    if (name == "img") return add_image(f, image_src(e), attr_of(e, "alt"));
    if (name == "hr") return push_block(f, json{{"type", "horizontalRule"}});
    if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
      flush(f);
      int prev = f.heading;
      f.heading = std::clamp(name[1] - '0', 2, 4);
      walk(e, m, f, depth + 1, nest, pre);
      flush(f);
      f.heading = prev;
      return;
    }
    bool structural = nest < kMaxNesting;
    if (structural && in(name, {"ul", "ol", "menu", "dir"})) return list(e, m, f, depth, nest, pre, name == "ol");
    if (structural && name == "table") return table(e, m, f, depth, nest, pre);
    if (structural && name == "blockquote") {
      flush(f);
      Flow q;
      walk(e, m, q, depth + 1, nest + 1, pre);
      flush(q);
      if (!q.blocks.empty()) push_block(f, json{{"type", "blockquote"}, {"content", std::move(q.blocks)}});
      return;
    }
    if (name == "pre" || name == "listing" || name == "xmp") {
      flush(f);
      walk(e, m, f, depth + 1, nest, true);
      flush(f);
      return;
    }
    if (name == "figcaption") {
      flush(f);
      Marks im = m;
      im.italic = true;
      walk(e, im, f, depth + 1, nest, pre);
      flush(f);
      return;
    }
    if (in(name, {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "center", "address",
                  "figure", "dl", "dt", "dd", "details", "summary", "fieldset", "legend", "body", "html", "hgroup", "li",
                  "ul", "ol", "menu", "dir", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "blockquote",
                  "caption", "picture"})) {
      flush(f);
      walk(e, m, f, depth + 1, nest, pre);
      flush(f);
      return;
    }
    Marks im = m;
    if (in(name, {"b", "strong"})) im.bold = true;
    else if (in(name, {"i", "em", "cite", "dfn", "var"})) im.italic = true;
    else if (in(name, {"u", "ins"})) im.underline = true;
    else if (name == "a") {
      std::string href = link_href(attr_of(e, "href"));
      if (!href.empty()) im.href = href;
    }
    std::string style = to_lower_ascii(attr_of(e, "style"));
    if (!style.empty()) {
      std::string compact;
      for (char c : style)
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact += c;
      if (compact.find("font-weight:bold") != std::string::npos || compact.find("font-weight:700") != std::string::npos ||
          compact.find("font-weight:800") != std::string::npos || compact.find("font-weight:900") != std::string::npos)
        im.bold = true;
      if (compact.find("font-style:italic") != std::string::npos) im.italic = true;
      if (compact.find("text-decoration:underline") != std::string::npos ||
          compact.find("text-decoration-line:underline") != std::string::npos)
        im.underline = true;
    }
    walk(e, im, f, depth + 1, nest, pre);
  }

  static std::string link_href(std::string href) {
    href = clean(std::string(trim(href)));
    if (href.empty() || href.front() == '#' || href.size() > kUrlMax) return "";
    if (starts_with_ci(href, "www.")) href = "https://" + href;
    if (href.starts_with("//")) href = "https:" + href;
    return content::safe_link(href) ? href : "";
  }

  std::string image_src(xmlNode* e) {
    std::string src(trim(attr_of(e, "src")));
    if (src.empty() || starts_with_ci(src, "data:"))
      for (const char* lazy : {"data-src", "data-lazy-src", "data-original"}) {
        std::string alt(trim(attr_of(e, lazy)));
        if (!alt.empty() && !starts_with_ci(alt, "data:")) {
          src = alt;
          break;
        }
      }
    return src;
  }

  void add_image(Flow& f, std::string src, const std::string& alt_raw) {
    src = clean(std::string(trim(src)));
    if (src.empty()) return;
    if (starts_with_ci(src, "data:")) {
      ++inline_data;
      return;
    }
    if (src.size() > kUrlMax || src.find_first_of("\"<>\\` \t\n\r") != std::string::npos) {
      // Spaces and the like are legal in file names people typed; encode the space only.
      std::string fixed;
      for (char c : src) {
        if (c == ' ') fixed += "%20";
        else if (c == '"' || c == '<' || c == '>' || c == '\\' || c == '`' || c == '\t' || c == '\n' || c == '\r') return;
        else fixed += c;
      }
      src = fixed;
      if (src.size() > kUrlMax) return;
    }
    if (src.starts_with("//")) src = "https:" + src;
    if (auto colon = src.find(':'); colon != std::string::npos && src.find('/') > colon) {
      std::string scheme = to_lower_ascii(src.substr(0, colon));
      if (scheme != "http" && scheme != "https") return;
    }
    if (opts_.map_src) src = opts_.map_src(src);
    std::string alt = fit(alt_raw, kAltMax);
    if (std::none_of(images_.begin(), images_.end(), [&](const MoveInImage& i) { return i.ref == src; }))
      images_.push_back({src, alt});
    int heading = f.heading;
    push_block(f, json{{"type", "image"}, {"attrs", {{"src", src}, {"alt", alt}}}});
    f.heading = heading;
  }

  void list(xmlNode* e, const Marks& m, Flow& f, int depth, int nest, bool pre, bool ordered) {
    flush(f);
    json items = json::array();
    std::optional<Flow> cur;
    auto finish = [&] {
      if (!cur) return;
      flush(*cur);
      if (!cur->blocks.empty() && budget()) {
        if (cur->blocks[0]["type"] != "paragraph") cur->blocks.insert(cur->blocks.begin(), json{{"type", "paragraph"}});
        items.push_back(json{{"type", "listItem"}, {"content", std::move(cur->blocks)}});
      }
      cur.reset();
    };
    for (xmlNode* c = e->children; c && !truncated; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && name_of(c) == "li") {
        finish();
        cur.emplace();
        walk(c, m, *cur, depth + 2, nest + 1, pre);
        continue;
      }
      // Content straight inside the list (a nested list, stray text) belongs to the item before it.
      if (!cur) {
        if (c->type == XML_TEXT_NODE && c->content && collapse_ws(reinterpret_cast<const char*>(c->content)).empty()) continue;
        if (c->type != XML_TEXT_NODE && c->type != XML_ELEMENT_NODE && c->type != XML_CDATA_SECTION_NODE) continue;
        cur.emplace();
      }
      node(c, m, *cur, depth + 2, nest + 1, pre);
    }
    finish();
    if (items.empty()) return;
    json list = {{"type", ordered ? "orderedList" : "bulletList"}, {"content", std::move(items)}};
    if (ordered) {
      std::string start(trim(attr_of(e, "start")));
      if (!start.empty() && start.size() <= 6 && start.find_first_not_of("0123456789") == std::string::npos &&
          std::stoi(start) > 1)
        list["attrs"] = {{"start", std::stoi(start)}};
    }
    push_block(f, std::move(list));
  }

  void table(xmlNode* e, const Marks& m, Flow& f, int depth, int nest, bool pre) {
    flush(f);
    json rows = json::array();
    auto row = [&](xmlNode* tr) {
      json cells = json::array();
      for (xmlNode* c = tr->children; c && !truncated; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        std::string n = name_of(c);
        if (n != "td" && n != "th") continue;
        Flow cell;
        walk(c, m, cell, depth + 3, nest + 1, pre);
        flush(cell);
        if (cell.blocks.size() > 1 &&
            std::all_of(cell.blocks.begin(), cell.blocks.end(), [](const json& b) { return b["type"] == "paragraph"; })) {
          json lines = json::array();
          for (auto& b : cell.blocks) {
            if (!lines.empty()) lines.push_back(json{{"type", "hardBreak"}});
            for (auto& i : b["content"]) lines.push_back(std::move(i));
          }
          cell.blocks = json::array({json{{"type", "paragraph"}, {"content", std::move(lines)}}});
        }
        if (cell.blocks.empty()) cell.blocks.push_back(json{{"type", "paragraph"}});
        if (!budget()) break;
        json node = {{"type", n == "th" ? "tableHeader" : "tableCell"}, {"content", std::move(cell.blocks)}};
        for (const char* span : {"colspan", "rowspan"}) {
          std::string v(trim(attr_of(c, span)));
          if (!v.empty() && v.size() <= 2 && v.find_first_not_of("0123456789") == std::string::npos && std::stoi(v) > 1)
            node["attrs"][span] = std::stoi(v);
        }
        cells.push_back(std::move(node));
      }
      if (!cells.empty() && budget()) rows.push_back(json{{"type", "tableRow"}, {"content", std::move(cells)}});
    };
    for (xmlNode* c = e->children; c && !truncated; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      std::string n = name_of(c);
      if (n == "tr") row(c);
      else if (n == "thead" || n == "tbody" || n == "tfoot") {
        for (xmlNode* r = c->children; r && !truncated; r = r->next)
          if (r->type == XML_ELEMENT_NODE && name_of(r) == "tr") row(r);
      } else if (n == "caption") {
        walk(c, m, f, depth + 1, nest, pre);
        flush(f);
      }
    }
    if (!rows.empty()) push_block(f, json{{"type", "table"}, {"content", std::move(rows)}});
  }
};

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// The text nodes of a document, one space between blocks and lines.
void words_of(const json& node, std::string& out) {
  if (!node.is_object()) return;
  auto type = node.find("type");
  if (type != node.end() && *type == "text") {
    if (auto t = node.find("text"); t != node.end() && t->is_string()) out += t->get_ref<const std::string&>();
    return;
  }
  if (type != node.end() && *type == "hardBreak") out += ' ';
  if (auto c = node.find("content"); c != node.end() && c->is_array())
    for (const auto& child : *c) words_of(child, out);
  out += ' ';
}

Body body_from_html(std::string_view html, const HtmlOptions& opts, const std::function<void(HtmlConverter&, Flow&)>& after = {}) {
  Body b;
  HtmlConverter conv(opts, b.images);
  json doc = conv.convert(html);
  if (after) {
    Flow tail;
    tail.blocks = std::move(doc["content"]);
    after(conv, tail);
    conv.finish(tail);
    doc["content"] = std::move(tail.blocks);
  }
  b.doc = dump(doc);
  std::string words;
  words_of(doc, words);
  b.plain = collapse_ws(words);
  b.embeds = conv.embeds;
  b.inline_data = conv.inline_data;
  b.truncated = conv.truncated || conv.gave_up;
  return b;
}

// Plain text of a title or caption that may hold entities or tags.
std::string html_plain(std::string_view s) {
  if (s.find_first_of("<&") == std::string_view::npos) return collapse_ws(clean(s));
  std::string input = "<p>" + clean(s) + "</p>";
  QuietLibxml quiet;
  htmlDocPtr doc = htmlReadMemory(input.data(), static_cast<int>(input.size()), nullptr, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NODEFDTD);
  if (!doc) return collapse_ws(clean(s));
  std::string out;
  if (xmlNode* root = xmlDocGetRootElement(doc)) collect_text(root, out);
  xmlFreeDoc(doc);
  return collapse_ws(clean(out));
}

void note_body(MoveIn& m, const std::string& what, const Body& b) {
  if (b.embeds > 0) m.notes.push_back({what, "Video atau sematan (iframe) tidak ikut dipindahkan; pasang ulang tautannya bila perlu."});
  if (b.inline_data > 0) m.notes.push_back({what, "Gambar yang tertanam langsung di teks (data:) tidak ikut dipindahkan."});
  if (b.truncated) m.notes.push_back({what, "Isinya terlalu panjang dan dipotong."});
}

std::string title_for(MoveIn& m, std::string_view raw, std::size_t max, const Body& body) {
  std::string plain = html_plain(raw);
  bool cut = utf8_chars(plain) > max;
  std::string title = fit_ellipsis(plain, max);
  if (title.empty() && !body.plain.empty()) {
    title = fit_ellipsis(body.plain, 80);
    m.notes.push_back({title, "Tanpa judul di sumbernya; judulnya diambil dari awal isi."});
  } else if (cut) {
    m.notes.push_back({title, "Judul terlalu panjang dan dipotong."});
  }
  return title;
}

bool body_empty(const Body& b) { return trim(b.plain).empty() && b.images.empty(); }

std::string excerpt_for(std::string_view given, const Body& body) {
  std::string e = fit_ellipsis(html_plain(given), kExcerptMax);
  if (!e.empty()) return e;
  return fit_ellipsis(body.plain, kGeneratedExcerpt);
}

// ---------------------------------------------------------------------------
// Gzip (an OpenSID backup may come compressed, and so may a desa/ archive).

bool is_gzip(std::string_view b) { return b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x1f && static_cast<unsigned char>(b[1]) == 0x8b; }

std::string gunzip(std::string_view in, std::size_t limit, const char* too_big) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) throw std::runtime_error("Berkas gzip tidak dapat dibuka.");
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  std::size_t fed = 0;
  int rc = Z_OK;
  std::array<char, 1 << 16> buf;
  while (rc != Z_STREAM_END) {
    if (z.avail_in == 0 && fed < in.size()) {
      std::size_t n = std::min<std::size_t>(in.size() - fed, 1u << 30);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + fed));
      z.avail_in = static_cast<uInt>(n);
      fed += n;
    }
    z.next_out = reinterpret_cast<Bytef*>(buf.data());
    z.avail_out = static_cast<uInt>(buf.size());
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      throw std::runtime_error("Berkas gzip rusak atau terpotong.");
    }
    out.append(buf.data(), buf.size() - z.avail_out);
    if (out.size() > limit) {
      inflateEnd(&z);
      throw std::runtime_error(too_big);
    }
    if (rc == Z_OK && z.avail_in == 0 && fed >= in.size() && z.avail_out != 0) {
      inflateEnd(&z);
      throw std::runtime_error("Berkas gzip rusak atau terpotong.");
    }
  }
  inflateEnd(&z);
  return out;
}

// ---------------------------------------------------------------------------
// MySQL dumps.

using Value = std::optional<std::string>;

struct Row {
  std::shared_ptr<const std::vector<std::string>> cols;
  std::vector<Value> vals;

  const Value* find(std::string_view name) const {
    for (std::size_t i = 0; i < cols->size() && i < vals.size(); ++i)
      if ((*cols)[i] == name) return &vals[i];
    return nullptr;
  }
  std::string str(std::string_view name) const {
    const Value* v = find(name);
    return v && *v ? **v : std::string();
  }
};

struct SqlTable {
  std::shared_ptr<const std::vector<std::string>> columns;  // from CREATE TABLE
  std::unordered_map<std::string, std::string> types;       // column -> lowercased type word
  std::vector<Row> rows;
  std::size_t rows_seen = 0, rows_bad = 0;
  bool seen = false;
};

class SqlDump {
 public:
  explicit SqlDump(std::string_view s) : s_(s) {}

  std::map<std::string, SqlTable> tables;
  std::optional<int> session_offset;  // the dump's SET TIME_ZONE, minutes east of UTC

  void run() {
    detect_time_zone();
    while (true) {
      skip_space();
      if (at_ >= s_.size()) break;
      if (line_start() && word_is("DELIMITER")) {
        at_ += 9;
        std::size_t eol = s_.find('\n', at_);
        if (eol == std::string_view::npos) eol = s_.size();
        std::string d(trim(s_.substr(at_, eol - at_)));
        if (!d.empty() && d.size() <= 8) delim_ = d;
        at_ = eol;
        continue;
      }
      std::size_t before = at_;
      if (word_is("INSERT") || word_is("REPLACE")) insert();
      else if (word_is("CREATE")) create();
      else skip_statement();
      if (at_ == before) ++at_;  // never stand still on malformed input
    }
  }

 private:
  std::string_view s_;
  std::size_t at_ = 0;
  std::string delim_ = ";";

  static bool wanted(const std::string& t) {
    return t == "artikel" || t == "kategori" || t == "agenda" || t == "user" || t == "users" || t == "komentar";
  }
  static bool keep_values(const std::string& t) { return t != "komentar"; }

  void detect_time_zone() {
    // mysqldump writes /*!40103 SET TIME_ZONE='+00:00' */ and phpMyAdmin
    // SET time_zone = "+00:00" near the top: TIMESTAMP values are then in that zone.
    std::string head = to_lower_ascii(s_.substr(0, std::min<std::size_t>(s_.size(), 1 << 16)));
    for (std::size_t p = head.find("time_zone"); p != std::string::npos; p = head.find("time_zone", p + 1)) {
      if (p > 0 && head[p - 1] == '@') continue;  // @@TIME_ZONE, @OLD_TIME_ZONE
      std::size_t eq = head.find_first_not_of(" \t", p + 9);
      if (eq == std::string::npos || head[eq] != '=') continue;
      std::size_t q = head.find_first_not_of(" \t", eq + 1);
      if (q == std::string::npos || (head[q] != '\'' && head[q] != '"')) continue;
      std::size_t end = head.find(head[q], q + 1);
      if (end == std::string::npos) continue;
      if (auto off = parse_offset(head.substr(q + 1, end - q - 1))) session_offset = *off;
    }
  }

  bool line_start() const {
    std::size_t p = at_;
    while (p > 0 && (s_[p - 1] == ' ' || s_[p - 1] == '\t')) --p;
    return p == 0 || s_[p - 1] == '\n';
  }

  bool word_is(std::string_view w) const {
    if (at_ + w.size() > s_.size() || !iequals(s_.substr(at_, w.size()), w)) return false;
    if (at_ + w.size() == s_.size()) return true;
    char c = s_[at_ + w.size()];
    return !(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$');
  }

  bool take_word(std::string_view w) {
    skip_space();
    if (!word_is(w)) return false;
    at_ += w.size();
    return true;
  }

  bool at_delim() const { return s_.compare(at_, delim_.size(), delim_) == 0; }

  void skip_space() {
    while (at_ < s_.size()) {
      char c = s_[at_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        ++at_;
      } else if (c == '#' || (c == '-' && at_ + 1 < s_.size() && s_[at_ + 1] == '-' &&
                              (at_ + 2 >= s_.size() || s_[at_ + 2] == ' ' || s_[at_ + 2] == '\t' || s_[at_ + 2] == '\n' ||
                               s_[at_ + 2] == '\r'))) {
        std::size_t eol = s_.find('\n', at_);
        at_ = eol == std::string_view::npos ? s_.size() : eol + 1;
      } else if (c == '/' && at_ + 1 < s_.size() && s_[at_ + 1] == '*') {
        std::size_t end = s_.find("*/", at_ + 2);
        at_ = end == std::string_view::npos ? s_.size() : end + 2;
      } else {
        break;
      }
    }
  }

  // Past a quoted run starting at at_ (the quote itself).
  void skip_quoted() {
    char q = s_[at_++];
    while (at_ < s_.size()) {
      char c = s_[at_++];
      if (c == '\\' && q != '`') {
        ++at_;
      } else if (c == q) {
        if (at_ < s_.size() && s_[at_] == q) ++at_;  // doubled quote
        else return;
      }
    }
  }

  void skip_statement() {
    while (at_ < s_.size()) {
      char c = s_[at_];
      if (c == '\'' || c == '"' || c == '`') {
        skip_quoted();
      } else if (c == '#' || c == '/' || c == '-') {
        std::size_t before = at_;
        skip_space();
        if (at_ == before) ++at_;
      } else if (at_delim()) {
        at_ += delim_.size();
        return;
      } else {
        ++at_;
      }
    }
  }

  // `name`, "name" or name; a qualified name (`db`.`t`) gives its last part. Lowercased.
  std::string identifier() {
    std::string name;
    while (true) {
      skip_space();
      if (at_ >= s_.size()) return name;
      name.clear();
      char c = s_[at_];
      if (c == '`' || c == '"') {
        ++at_;
        while (at_ < s_.size()) {
          if (s_[at_] == c) {
            if (at_ + 1 < s_.size() && s_[at_ + 1] == c) {
              name += c;
              at_ += 2;
              continue;
            }
            break;
          }
          name += s_[at_++];
        }
        if (at_ < s_.size()) ++at_;
      } else {
        while (at_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[at_])) || s_[at_] == '_' || s_[at_] == '$'))
          name += s_[at_++];
      }
      if (at_ < s_.size() && s_[at_] == '.') {
        ++at_;
        continue;
      }
      return to_lower_ascii(name);
    }
  }

  void create() {
    at_ += 6;
    take_word("TEMPORARY");
    if (!take_word("TABLE")) return skip_statement();
    if (take_word("IF")) {
      take_word("NOT");
      take_word("EXISTS");
    }
    std::string table = identifier();
    skip_space();
    if (!wanted(table) || at_ >= s_.size() || s_[at_] != '(') return skip_statement();
    ++at_;
    auto cols = std::make_shared<std::vector<std::string>>();
    SqlTable& t = tables[table];
    t.seen = true;
    t.types.clear();
    while (at_ < s_.size()) {
      skip_space();
      if (at_ >= s_.size()) break;
      if (s_[at_] == ')') {
        ++at_;
        break;
      }
      bool quoted = s_[at_] == '`' || s_[at_] == '"';
      std::string name = identifier();
      static const char* kNotColumns[] = {"primary", "key", "index", "unique", "constraint", "foreign", "fulltext", "spatial", "check"};
      bool column = !name.empty() && (quoted || std::none_of(std::begin(kNotColumns), std::end(kNotColumns), [&](const char* k) { return name == k; }));
      std::string type;
      if (column) {
        skip_space();
        while (at_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[at_]))) type += s_[at_++];
        cols->push_back(name);
        t.types[name] = to_lower_ascii(type);
      }
      // To the comma or parenthesis that ends this definition.
      int depth = 0;
      while (at_ < s_.size()) {
        char c = s_[at_];
        if (c == '\'' || c == '"' || c == '`') {
          skip_quoted();
          continue;
        }
        if (c == '(') ++depth;
        else if (c == ')') {
          if (depth == 0) break;
          --depth;
        } else if (c == ',' && depth == 0) {
          ++at_;
          break;
        } else if (at_delim()) {
          break;
        }
        ++at_;
      }
      if (at_ < s_.size() && at_delim()) break;
    }
    t.columns = std::move(cols);
    skip_statement();
  }

  // One literal of a VALUES row; false at malformed input.
  bool value(Value& out) {
    skip_space();
    if (at_ >= s_.size()) return false;
    char c = s_[at_];
    // Character set introducers: _binary'...', _utf8mb4'...'.
    if (c == '_') {
      std::size_t p = at_ + 1;
      while (p < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[p])) || s_[p] == '_')) ++p;
      std::size_t q = p;
      while (q < s_.size() && (s_[q] == ' ' || s_[q] == '\t')) ++q;
      if (q < s_.size() && (s_[q] == '\'' || s_[q] == '"')) {
        at_ = q;
        c = s_[at_];
      }
    }
    if (c == '\'' || c == '"') {
      out = quoted_string();
      return out.has_value();
    }
    if ((c == 'x' || c == 'X') && at_ + 1 < s_.size() && s_[at_ + 1] == '\'') {
      ++at_;
      auto hex = quoted_string();
      if (!hex) return false;
      out = unhex(*hex);
      return true;
    }
    if (c == '0' && at_ + 1 < s_.size() && (s_[at_ + 1] == 'x' || s_[at_ + 1] == 'X')) {
      std::size_t p = at_ + 2;
      while (p < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[p]))) ++p;
      out = unhex(s_.substr(at_ + 2, p - at_ - 2));
      at_ = p;
      return true;
    }
    if (word_is("NULL")) {
      at_ += 4;
      out = std::nullopt;
      return true;
    }
    // Numbers, TRUE/FALSE, DEFAULT, functions: the raw text up to the next separator.
    std::size_t start = at_;
    int depth = 0;
    while (at_ < s_.size()) {
      char d = s_[at_];
      if (d == '\'' || d == '"') {
        skip_quoted();
        continue;
      }
      if (d == '(') ++depth;
      else if (d == ')') {
        if (depth == 0) break;
        --depth;
      } else if (d == ',' && depth == 0) {
        break;
      } else if (d == '\n' && depth == 0) {
        break;
      }
      ++at_;
    }
    out = std::string(trim(s_.substr(start, at_ - start)));
    return at_ > start;
  }

  static std::string unhex(std::string_view h) {
    std::string out;
    auto v = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (std::size_t i = 0; i + 1 < h.size(); i += 2)
      if (std::isxdigit(static_cast<unsigned char>(h[i])) && std::isxdigit(static_cast<unsigned char>(h[i + 1])))
        out += static_cast<char>(v(h[i]) * 16 + v(h[i + 1]));
    return out;
  }

  // A '...' or "..." literal with MySQL's backslash escapes and doubled quotes.
  std::optional<std::string> quoted_string() {
    char q = s_[at_++];
    std::string out;
    while (at_ < s_.size()) {
      // Copy plain runs at once: bodies are long.
      std::size_t stop = s_.find_first_of(q == '\'' ? std::string_view("'\\") : std::string_view("\"\\"), at_);
      if (stop == std::string_view::npos) {
        at_ = s_.size();
        return std::nullopt;
      }
      out.append(s_.substr(at_, stop - at_));
      at_ = stop;
      char c = s_[at_++];
      if (c == '\\') {
        if (at_ >= s_.size()) return std::nullopt;
        char e = s_[at_++];
        switch (e) {
          case '0': break;  // NUL: dropped
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'b': break;
          case 'Z': break;
          case '%': out += "\\%"; break;
          case '_': out += "\\_"; break;
          default: out += e;
        }
      } else if (at_ < s_.size() && s_[at_] == q) {
        out += q;
        ++at_;
      } else {
        return out;
      }
    }
    return std::nullopt;
  }

  void insert() {
    at_ += word_is("INSERT") ? 6 : 7;
    for (const char* opt : {"LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "INTO"}) take_word(opt);
    std::string table = identifier();
    if (!wanted(table)) return skip_statement();
    SqlTable& t = tables[table];
    t.seen = true;
    skip_space();
    std::shared_ptr<const std::vector<std::string>> cols = t.columns;
    if (at_ < s_.size() && s_[at_] == '(') {
      ++at_;
      auto list = std::make_shared<std::vector<std::string>>();
      while (at_ < s_.size()) {
        std::string c = identifier();
        if (c.empty()) return skip_statement();
        list->push_back(c);
        skip_space();
        if (at_ < s_.size() && s_[at_] == ',') {
          ++at_;
          continue;
        }
        if (at_ < s_.size() && s_[at_] == ')') ++at_;
        break;
      }
      if (list->size() > 1000) return skip_statement();
      cols = std::move(list);
    }
    if (!take_word("VALUES") && !take_word("VALUE")) return skip_statement();
    bool keep = keep_values(table);
    while (true) {
      skip_space();
      if (at_ >= s_.size() || s_[at_] != '(') break;
      ++at_;
      std::vector<Value> vals;
      bool ok = true;
      while (true) {
        Value v;
        if (!value(v)) {
          ok = false;
          break;
        }
        if (keep) vals.push_back(std::move(v));
        skip_space();
        if (at_ < s_.size() && s_[at_] == ',') {
          ++at_;
          continue;
        }
        if (at_ < s_.size() && s_[at_] == ')') {
          ++at_;
          break;
        }
        ok = false;
        break;
      }
      if (!ok) return skip_statement();
      ++t.rows_seen;
      if (keep) {
        if (!cols || cols->size() != vals.size()) ++t.rows_bad;
        else if (t.rows.size() < kMoveInMaxItems + 1) t.rows.push_back({cols, std::move(vals)});
      }
      skip_space();
      if (at_ < s_.size() && s_[at_] == ',') {
        ++at_;
        continue;
      }
      break;
    }
    skip_statement();  // ON DUPLICATE KEY UPDATE ..., and the delimiter
  }
};

// A MySQL DATETIME/TIMESTAMP of an OpenSID column, at the village's offset.
std::string opensid_date(const SqlDump& dump, const SqlTable& table, const std::string& column, const std::string& value) {
  auto c = parse_sql_datetime(value);
  if (!c) return "";
  auto type = table.types.find(column);
  bool timestamp = type == table.types.end() || type->second == "timestamp";
  // TIMESTAMP columns were dumped in the session's zone when the dump names
  // one; everything else is the wall-clock time the village typed.
  int offset = timestamp && dump.session_offset ? *dump.session_offset : kJakartaOffset;
  return iso_at(epoch_of(*c, offset), kJakartaOffset);
}

}  // namespace

// ---------------------------------------------------------------------------

std::string html_to_doc(std::string_view html, std::vector<MoveInImage>& images) {
  HtmlOptions opts;
  HtmlConverter conv(opts, images);
  return dump(conv.convert(html.size() > kMoveInMaxInputBytes ? html.substr(0, kMoveInMaxInputBytes) : html));
}

MoveIn parse_opensid_dump(std::string_view input) {
  if (input.size() > kMoveInMaxInputBytes) throw std::runtime_error("Berkas cadangan terlalu besar (lebih dari 200 MB).");
  std::string unzipped;
  if (is_gzip(input)) {
    unzipped = gunzip(input, kMoveInMaxInputBytes, "Berkas cadangan terlalu besar (lebih dari 200 MB setelah diekstrak).");
    input = unzipped;
  }
  if (input.find('\0') != std::string_view::npos && input.find('\0') < 4096)
    throw std::runtime_error("Berkas ini bukan cadangan basis data OpenSID (berkas .sql).");
  SqlDump dump(input);
  dump.run();
  auto artikel_it = dump.tables.find("artikel");
  if (artikel_it == dump.tables.end() || !artikel_it->second.seen)
    throw std::runtime_error("Berkas ini bukan cadangan basis data OpenSID: tabel artikel tidak ditemukan.");
  const SqlTable& artikel = artikel_it->second;

  MoveIn m;
  m.source = "opensid";
  if (artikel.rows_bad > 0)
    m.skipped.push_back({"Artikel (" + std::to_string(artikel.rows_bad) + ")",
                         "Baris tabel artikel tidak dapat dibaca (jumlah kolom tidak cocok atau struktur tabel tidak ada di berkas)."});

  // Authors: user.id -> nama.
  std::unordered_map<std::string, std::string> authors;
  for (const char* name : {"user", "users"})
    if (auto it = dump.tables.find(name); it != dump.tables.end())
      for (const Row& r : it->second.rows) {
        std::string nama = fit(r.str("nama"), kAuthorMax);
        if (nama.empty()) nama = fit(r.str("username"), kAuthorMax);
        if (!nama.empty() && !r.str("id").empty()) authors.emplace(r.str("id"), nama);
      }

  // Categories. OpenSID keeps its running text in a category named teks_berjalan.
  std::unordered_map<std::string, std::string> category_slug;
  std::set<std::string> running_text;
  Slugs category_slugs(kCategorySlugMax);
  if (auto it = dump.tables.find("kategori"); it != dump.tables.end())
    for (const Row& r : it->second.rows) {
      std::string id = r.str("id"), nama = fit(html_plain(r.str("kategori")), kCategoryNameMax);
      if (id.empty() || nama.empty()) continue;
      if (iequals(nama, "teks_berjalan")) {
        running_text.insert(id);
        continue;
      }
      std::string slug = category_slugs.take(slug_of(r.str("slug").empty() ? nama : r.str("slug"), kCategorySlugMax), "kategori-" + id);
      category_slug[id] = slug;
      m.categories.push_back({slug, nama});
    }

  // Agenda details, by the article they belong to (OpenSID 20.x and later).
  const SqlTable* agenda_table = nullptr;
  std::unordered_map<std::string, const Row*> agenda_rows;
  if (auto it = dump.tables.find("agenda"); it != dump.tables.end()) {
    agenda_table = &it->second;
    for (const Row& r : it->second.rows)
      if (!r.str("id_artikel").empty()) agenda_rows.emplace(r.str("id_artikel"), &r);
  }

  Slugs post_slugs(kPostSlugMax), page_slugs(kPageSlugMax);
  std::size_t items = 0, over = 0;
  for (const Row& r : artikel.rows) {
    std::string id = r.str("id");
    std::string kategori = r.str("id_kategori");
    std::string judul = r.str("judul");
    std::string label = fit(html_plain(judul), 80);
    if (label.empty()) label = "Artikel #" + id;
    if (running_text.count(kategori)) {
      m.skipped.push_back({label, "Teks berjalan OpenSID tidak dipindahkan sebagai berita."});
      continue;
    }
    if (items >= kMoveInMaxItems) {
      ++over;
      continue;
    }
    bool page = kategori == "999" || kategori == "1001";
    bool is_agenda = kategori == "1000";
    bool published = trim(r.str("enabled")) == "1";
    std::string when = opensid_date(dump, artikel, "tgl_upload", r.str("tgl_upload"));

    // Pictures 1 to 3 follow the text, as OpenSID shows them under it.
    auto extras = [&](HtmlConverter& conv, Flow& f) {
      for (const char* col : {"gambar1", "gambar2", "gambar3"}) {
        std::string ref(trim(r.str(col)));
        if (ref.empty()) continue;
        std::string caption = html_plain(r.str(std::string("caption") + col[6]));
        conv.image_block(f, ref, caption.empty() ? label : caption);
        if (!caption.empty()) {
          Marks italic;
          italic.italic = true;
          conv.paragraph(f, caption, italic);
        }
      }
      std::string sumber = html_plain(r.str("sumber_berita")), sumber_link(trim(r.str("link_sumber_berita")));
      if (!sumber.empty() || !sumber_link.empty()) {
        Marks link;
        link.href = content::safe_link(sumber_link) && !sumber_link.starts_with("/") ? sumber_link : "";
        json para = {{"type", "paragraph"}, {"content", json::array({json{{"type", "text"}, {"text", "Sumber: "}}})}};
        json name = {{"type", "text"}, {"text", sumber.empty() ? sumber_link : sumber}};
        if (!link.href.empty()) name["marks"] = marks_json(link);
        para["content"].push_back(std::move(name));
        conv.push(f, std::move(para));
      }
    };
    HtmlOptions opts;
    opts.autop = r.str("isi").find('<') == std::string::npos;
    Body body = body_from_html(r.str("isi"), opts, extras);

    if (trim(collapse_ws(html_plain(judul))).empty() && body_empty(body)) {
      m.skipped.push_back({label, "Judul dan isinya kosong."});
      continue;
    }
    if (!r.str("dokumen").empty())
      m.notes.push_back({label, "Lampiran dokumen \"" + fit(r.str("dokumen"), 120) + "\" tidak ikut dipindahkan; unggah ulang di menu Dokumen."});

    if (is_agenda) {
      MoveInAgenda a;
      a.source_id = id;
      a.title = title_for(m, judul, kAgendaTextMax, body);
      a.published = published;
      a.description = fit(body.plain, kAgendaDescriptionMax);
      a.starts_at = when;
      if (auto it = agenda_rows.find(id); it != agenda_rows.end()) {
        const Row& ar = *it->second;
        std::string start = opensid_date(dump, *agenda_table, "tgl_agenda", ar.str("tgl_agenda"));
        if (!start.empty()) a.starts_at = start;
        a.place = fit(html_plain(ar.str("lokasi_kegiatan")), kAgendaTextMax);
        a.organiser = fit(html_plain(ar.str("koordinator_kegiatan")), kAgendaTextMax);
      } else if (!when.empty()) {
        m.notes.push_back({a.title, "Agenda tanpa tanggal kegiatan; tanggal unggahnya dipakai sebagai tanggal kegiatan."});
      }
      if (a.starts_at.empty()) {
        m.skipped.push_back({label, "Tanggal agenda tidak terbaca."});
        continue;
      }
      if (!body.images.empty()) m.notes.push_back({a.title, "Gambar agenda tidak ikut dipindahkan (agenda tidak bergambar)."});
      m.agenda.push_back(std::move(a));
      ++items;
      continue;
    }

    note_body(m, label, body);
    std::string slug_source = r.str("slug").empty() ? html_plain(judul) : r.str("slug");
    if (page) {
      MoveInPage p;
      p.source_id = id;
      p.title = title_for(m, judul, kPageTitleMax, body);
      p.slug = page_slugs.take(slug_of(slug_source, kPageSlugMax), "halaman-" + id);
      p.body_doc_json = std::move(body.doc);
      p.published = published;
      p.published_at = when;
      p.images = std::move(body.images);
      m.pages.push_back(std::move(p));
    } else {
      MoveInPost p;
      p.source_id = id;
      p.title = title_for(m, judul, kPostTitleMax, body);
      p.slug = post_slugs.take(slug_of(slug_source, kPostSlugMax), "artikel-" + id);
      p.excerpt = excerpt_for("", body);
      p.author = authors.count(r.str("id_user")) ? authors[r.str("id_user")] : "";
      p.published = published;
      p.published_at = when;
      if (auto it = category_slug.find(kategori); it != category_slug.end()) p.category_slug = it->second;
      std::string cover(trim(r.str("gambar")));
      if (!cover.empty()) {
        std::string caption = fit(html_plain(r.str("caption")), kAltMax);
        p.cover = MoveInImage{clean(cover), caption.empty() ? fit(p.title, kAltMax) : caption};
      }
      p.body_doc_json = std::move(body.doc);
      p.images = std::move(body.images);
      m.posts.push_back(std::move(p));
    }
    ++items;
  }
  over += artikel.rows_seen - artikel.rows_bad - artikel.rows.size();  // rows past the cap were not kept
  if (over > 0)
    m.skipped.push_back({"Artikel lainnya (" + std::to_string(over) + ")", "Batas 20.000 butir per pemindahan terlampaui."});
  if (auto it = dump.tables.find("komentar"); it != dump.tables.end() && it->second.rows_seen > 0)
    m.skipped.push_back({"Komentar (" + std::to_string(it->second.rows_seen) + ")",
                         "Komentar pengunjung dan laporan warga di OpenSID tidak ikut dipindahkan."});
  return m;
}

// ---------------------------------------------------------------------------
// XML (WordPress exports and feeds), read as a stream: only one item is ever
// held as a tree.

namespace {

enum class Ns { none, wp, excerpt, content, dc, media, atom, rdf, rss1, other };

Ns ns_of(const xmlChar* href) {
  if (!href || !*href) return Ns::none;
  std::string_view h(reinterpret_cast<const char*>(href));
  if (h.find("wordpress.org/export/") != std::string_view::npos) return h.find("excerpt") != std::string_view::npos ? Ns::excerpt : Ns::wp;
  if (h.find("purl.org/rss/1.0/modules/content") != std::string_view::npos) return Ns::content;
  if (h.find("purl.org/dc/elements/1.1") != std::string_view::npos) return Ns::dc;
  if (h.find("search.yahoo.com/mrss") != std::string_view::npos) return Ns::media;
  if (h.find("www.w3.org/2005/Atom") != std::string_view::npos) return Ns::atom;
  if (h.find("www.w3.org/1999/02/22-rdf-syntax-ns") != std::string_view::npos) return Ns::rdf;
  if (h.find("purl.org/rss/1.0/") != std::string_view::npos) return Ns::rss1;
  return Ns::other;
}

Ns ns_of(xmlNode* n) { return ns_of(n->ns ? n->ns->href : nullptr); }
std::string_view local_of(xmlNode* n) { return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : ""; }

std::string text_of(xmlNode* n) {
  std::string out;
  collect_text(n, out);
  return out;
}

// XML the parser accepts: UTF-8 input with broken sequences or control
// characters (both turn up in real WordPress exports) is cleaned first.
std::string_view xml_ready(std::string_view xml, std::string& storage, MoveIn& m) {
  std::string_view head = xml.substr(0, std::min<std::size_t>(xml.size(), 200));
  std::string lower = to_lower_ascii(head);
  auto enc = lower.find("encoding");
  bool utf8 = enc == std::string::npos || lower.find("utf-8", enc) != std::string::npos || lower.find("utf8", enc) != std::string::npos;
  if (!utf8 || is_clean(xml)) return xml;
  bool bad = false;
  for (std::size_t i = 0; i < xml.size() && !bad; ++i) {
    unsigned char c = static_cast<unsigned char>(xml[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') bad = true;
  }
  storage = clean_text(xml);
  if (bad || storage.size() != xml.size() || storage != xml)
    m.notes.push_back({"Berkas", "Berkas memuat karakter yang tidak sah; karakter itu diganti atau dibuang."});
  return storage;
}

// Entity declarations have no place in an export or a feed, and are how
// exponential expansion ("billion laughs") and external entities (XXE) are
// attempted: a document declaring any is refused.
void refuse_entity_declarations(std::string_view xml) {
  std::size_t doctype = xml.find("<!DOCTYPE");
  if (doctype == std::string_view::npos || doctype > (1u << 20)) return;
  std::size_t open = xml.find('[', doctype), close = xml.find('>', doctype);
  if (open == std::string_view::npos || open > close) return;  // no internal subset
  std::size_t end = xml.find("]>", open);
  if (xml.substr(open, end == std::string_view::npos ? std::string_view::npos : end - open).find("<!ENTITY") != std::string_view::npos)
    throw std::runtime_error("Berkas XML ini memuat deklarasi entitas (DOCTYPE) yang tidak diizinkan.");
}

class XmlStream {
 public:
  XmlStream(std::string_view xml, const char* not_this) : not_this_(not_this) {
    refuse_entity_declarations(xml);
    r_ = xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!r_) throw std::runtime_error(not_this_);
    xmlTextReaderSetErrorHandler(r_, [](void*, const char*, xmlParserSeverities, xmlTextReaderLocatorPtr) {}, nullptr);
  }
  ~XmlStream() {
    if (r_) xmlFreeTextReader(r_);
    if (doc_) xmlFreeDoc(doc_);
  }
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  bool broken = false;

  // Calls `on(depth, node)` for every element at depth 1 or 2 whose subtree
  // `want(depth, ns, local)` asks for, and returns the root element's local
  // name and namespace.
  void run(const std::function<void(std::string_view, Ns)>& root,
           const std::function<bool(int, Ns, std::string_view)>& want,
           const std::function<void(int, xmlNode*)>& on) {
    int rc = xmlTextReaderRead(r_);
    bool seen_root = false;
    while (rc == 1) {
      int type = xmlTextReaderNodeType(r_);
      if (type == XML_READER_TYPE_ELEMENT) {
        int depth = xmlTextReaderDepth(r_);
        const xmlChar* lname = xmlTextReaderConstLocalName(r_);
        std::string_view local = lname ? reinterpret_cast<const char*>(lname) : "";
        Ns ns = ns_of(xmlTextReaderConstNamespaceUri(r_));
        if (!seen_root) {
          seen_root = true;
          refuse_entities();
          root(local, ns);
        } else if (depth <= 2 && want(depth, ns, local)) {
          xmlNode* n = xmlTextReaderExpand(r_);
          if (!n) {
            broken = true;
            return;
          }
          on(depth, n);
          rc = xmlTextReaderNext(r_);
          continue;
        }
      }
      rc = xmlTextReaderRead(r_);
    }
    if (rc < 0) broken = true;
    if (!seen_root) throw std::runtime_error(not_this_);
  }

 private:
  QuietLibxml quiet_;
  xmlTextReaderPtr r_ = nullptr;
  xmlDocPtr doc_ = nullptr;
  const char* not_this_;

  // The same check on what the parser saw, whatever the text looked like.
  void refuse_entities() {
    doc_ = xmlTextReaderCurrentDoc(r_);
    if (!doc_) return;
    for (xmlDtdPtr dtd : {doc_->intSubset, doc_->extSubset}) {
      if (!dtd) continue;
      auto* ents = static_cast<xmlHashTablePtr>(dtd->entities);
      auto* pents = static_cast<xmlHashTablePtr>(dtd->pentities);
      if ((ents && xmlHashSize(ents) > 0) || (pents && xmlHashSize(pents) > 0))
        throw std::runtime_error("Berkas XML ini memuat deklarasi entitas (DOCTYPE) yang tidak diizinkan.");
    }
  }
};

// Children of `n` by local name (and namespace class).
xmlNode* child(xmlNode* n, Ns ns, std::string_view local) {
  for (xmlNode* c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && local_of(c) == local && ns_of(c) == ns) return c;
  return nullptr;
}

std::string child_text(xmlNode* n, Ns ns, std::string_view local) {
  xmlNode* c = child(n, ns, local);
  return c ? text_of(c) : "";
}

std::string xml_attr(xmlNode* n, const char* name) { return attr_of(n, name); }

// ---------------------------------------------------------------------------
// WordPress.

struct WpItem {
  std::string id, title, link, creator, content, excerpt, post_date, post_date_gmt, post_name, status, type, password,
      attachment_url, guid, pub_date;
  std::vector<std::pair<std::string, std::string>> categories;  // nicename, name (domain "category")
  std::map<std::string, std::string> meta;
  std::size_t comments = 0;
};

WpItem read_wp_item(xmlNode* item) {
  WpItem w;
  for (xmlNode* c = item->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string_view l = local_of(c);
    Ns ns = ns_of(c);
    if (ns == Ns::none) {
      if (l == "title") w.title = text_of(c);
      else if (l == "link") w.link = text_of(c);
      else if (l == "guid") w.guid = text_of(c);
      else if (l == "pubDate") w.pub_date = text_of(c);
      else if (l == "category" && xml_attr(c, "domain") == "category")
        w.categories.emplace_back(xml_attr(c, "nicename"), text_of(c));
    } else if (ns == Ns::dc && l == "creator") {
      w.creator = text_of(c);
    } else if (ns == Ns::content && l == "encoded") {
      w.content = text_of(c);
    } else if (ns == Ns::excerpt && l == "encoded") {
      w.excerpt = text_of(c);
    } else if (ns == Ns::wp) {
      if (l == "post_id") w.id = std::string(trim(text_of(c)));
      else if (l == "post_date") w.post_date = text_of(c);
      else if (l == "post_date_gmt") w.post_date_gmt = text_of(c);
      else if (l == "post_name") w.post_name = text_of(c);
      else if (l == "status") w.status = std::string(trim(text_of(c)));
      else if (l == "post_type") w.type = std::string(trim(text_of(c)));
      else if (l == "post_password") w.password = text_of(c);
      else if (l == "attachment_url") w.attachment_url = std::string(trim(text_of(c)));
      else if (l == "comment") ++w.comments;
      else if (l == "postmeta") {
        std::string key = child_text(c, Ns::wp, "meta_key");
        if (w.meta.size() < 200 && !key.empty()) w.meta[key] = child_text(c, Ns::wp, "meta_value");
      }
    }
  }
  return w;
}

// "foto-300x200.jpg" is WordPress's resized copy of "foto.jpg".
std::string without_size_suffix(const std::string& url) {
  std::size_t q = url.find_first_of("?#");
  std::string path = url.substr(0, q), rest = q == std::string::npos ? "" : url.substr(q);
  std::size_t dot = path.rfind('.'), slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return url;
  std::size_t dash = path.rfind('-', dot);
  if (dash == std::string::npos || (slash != std::string::npos && dash < slash)) return url;
  std::string size = path.substr(dash + 1, dot - dash - 1);
  auto x = size.find('x');
  if (x == std::string::npos || x == 0 || x + 1 == size.size() ||
      size.find_first_not_of("0123456789x") != std::string::npos || size.find('x', x + 1) != std::string::npos)
    return url;
  return path.substr(0, dash) + path.substr(dot) + rest;
}

struct WpAttachment {
  std::string url, alt, title;
};

// WordPress shortcodes: [caption] keeps what it wraps, [gallery ids] becomes
// its pictures, [embed]url[/embed] a link; [video], [audio] and page-builder
// wrappers are dropped (counted in `dropped`). Other bracketed text stays.
std::string wp_shortcodes(const std::string& html, const std::map<std::string, WpAttachment>& attachments, int& dropped) {
  auto is_builder = [](std::string_view name) {
    return name.starts_with("vc_") || name.starts_with("et_pb_") || name.starts_with("fusion_");
  };
  std::string out;
  out.reserve(html.size());
  std::size_t at = 0;
  while (at < html.size()) {
    std::size_t open = html.find('[', at);
    if (open == std::string::npos) {
      out.append(html, at, std::string::npos);
      break;
    }
    out.append(html, at, open - at);
    std::size_t p = open + 1;
    bool closing = p < html.size() && html[p] == '/';
    if (closing) ++p;
    std::size_t name_start = p;
    while (p < html.size() && (std::isalnum(static_cast<unsigned char>(html[p])) || html[p] == '_' || html[p] == '-')) ++p;
    std::string name = to_lower_ascii(std::string_view(html).substr(name_start, p - name_start));
    std::size_t close = html.find(']', p);
    bool known = name == "caption" || name == "wp_caption" || name == "gallery" || name == "embed" || name == "video" ||
                 name == "audio" || name == "playlist" || is_builder(name);
    if (name.empty() || close == std::string::npos || !known || (p < html.size() && html[p] != ']' && html[p] != ' ' && html[p] != '/')) {
      out += '[';
      at = open + 1;
      continue;
    }
    std::string attrs = html.substr(p, close - p);
    at = close + 1;
    if (closing) continue;
    if (name == "gallery") {
      std::size_t ids = attrs.find("ids=");
      if (ids != std::string::npos) {
        std::size_t q1 = attrs.find_first_of("\"'", ids);
        std::size_t q2 = q1 == std::string::npos ? std::string::npos : attrs.find(attrs[q1], q1 + 1);
        std::string list = q1 == std::string::npos || q2 == std::string::npos ? "" : attrs.substr(q1 + 1, q2 - q1 - 1);
        std::size_t s = 0;
        while (s <= list.size()) {
          std::size_t e = list.find(',', s);
          if (e == std::string::npos) e = list.size();
          std::string id(trim(std::string_view(list).substr(s, e - s)));
          if (auto it = attachments.find(id); it != attachments.end())
            out += "<p><img src=\"" + html_escape(it->second.url) + "\" alt=\"" + html_escape(it->second.alt) + "\"></p>";
          s = e + 1;
        }
      } else {
        ++dropped;
      }
    } else if (name == "embed" || name == "video" || name == "audio" || name == "playlist") {
      std::string end_tag = "[/" + name + "]";
      std::size_t end = html.find(end_tag, at);
      std::string inner = end == std::string::npos ? "" : std::string(trim(std::string_view(html).substr(at, end - at)));
      if (end != std::string::npos) at = end + end_tag.size();
      if (name == "embed" && content::safe_link(inner) && inner.find('<') == std::string::npos)
        out += "<p><a href=\"" + html_escape(inner) + "\">" + html_escape(inner) + "</a></p>";
      else
        ++dropped;
    }
    // caption, wp_caption and builder wrappers: the tag goes, what it wraps stays.
  }
  return out;
}

// The offset WordPress's local dates have, learnt from items that carry both.
std::optional<int> wp_site_offset(const std::vector<WpItem>& items) {
  for (const WpItem& w : items) {
    auto local = parse_sql_datetime(w.post_date), gmt = parse_sql_datetime(w.post_date_gmt);
    if (!local || !gmt) continue;
    std::int64_t diff = epoch_of(*local, 0) - epoch_of(*gmt, 0);
    if (diff % 900 == 0 && diff >= -14 * 3600 && diff <= 14 * 3600) return static_cast<int>(diff / 60);
  }
  return std::nullopt;
}

std::string wp_date(const WpItem& w, std::optional<int> site_offset) {
  auto local = parse_sql_datetime(w.post_date);
  if (auto gmt = parse_sql_datetime(w.post_date_gmt)) {
    std::int64_t t = epoch_of(*gmt, 0);
    int offset = 0;
    if (local) {
      std::int64_t diff = epoch_of(*local, 0) - t;
      if (diff % 900 == 0 && diff >= -14 * 3600 && diff <= 14 * 3600) offset = static_cast<int>(diff / 60);
    }
    return iso_at(t, offset);
  }
  if (local) {
    int offset = site_offset.value_or(kJakartaOffset);
    return iso_at(epoch_of(*local, offset), offset);
  }
  return w.pub_date.empty() ? "" : iso_from_rfc822(w.pub_date);
}

std::string wp_type_reason(const std::string& type) {
  if (type == "nav_menu_item") return "Butir menu navigasi WordPress tidak dipindahkan; susun ulang menu di Balai.";
  if (type == "revision") return "Revisi lama sebuah tulisan; yang dipindahkan hanya versi terakhirnya.";
  if (type == "wp_block" || type == "wp_template" || type == "wp_template_part" || type == "wp_global_styles" ||
      type == "wp_navigation" || type == "custom_css" || type == "customize_changeset" || type == "oembed_cache")
    return "Pengaturan tampilan WordPress (" + type + ") tidak dipindahkan.";
  return "Jenis konten WordPress \"" + type + "\" tidak didukung.";
}

// Where a link's last path segment makes a good slug ("/2024/01/judul/", "/judul.html").
std::string slug_from_link(std::string_view link) {
  std::size_t scheme = link.find("://");
  std::string_view path = scheme == std::string_view::npos ? link : link.substr(scheme + 3);
  std::size_t slash = path.find('/');
  if (slash == std::string_view::npos) return "";
  path = path.substr(slash);
  path = path.substr(0, path.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::string_view seg = path.substr(path.rfind('/') + 1);
  for (std::string_view ext : {".html", ".htm", ".php", ".aspx"})
    if (ends_with_ci(seg, ext)) seg.remove_suffix(ext.size());
  if (seg.empty() || seg.find_first_not_of("0123456789") == std::string_view::npos || iequals(seg, "index")) return "";
  return percent_decode(seg);
}

}  // namespace

MoveIn parse_wxr(std::string_view input) {
  static const char* kNotWxr = "Berkas ini bukan ekspor WordPress (WXR).";
  if (input.size() > kMoveInMaxInputBytes) throw std::runtime_error("Berkas ekspor terlalu besar (lebih dari 200 MB).");
  MoveIn m;
  m.source = "wordpress";
  std::string storage;
  std::string_view xml = xml_ready(input, storage, m);

  std::map<std::string, std::string> authors;  // login -> display name
  std::vector<std::pair<std::string, std::string>> channel_categories;  // nicename, name
  std::vector<WpItem> items;
  std::size_t over = 0;
  bool rss = false, wordpress = false;

  XmlStream stream(xml, kNotWxr);
  stream.run(
      [&](std::string_view local, Ns ns) {
        rss = local == "rss" && ns == Ns::none;
        if (!rss) throw std::runtime_error(kNotWxr);
      },
      [&](int depth, Ns ns, std::string_view local) {
        if (depth == 1) return false;
        if (ns == Ns::wp) wordpress = true;
        return (ns == Ns::none && local == "item") || (ns == Ns::wp && (local == "author" || local == "category"));
      },
      [&](int, xmlNode* n) {
        std::string_view local = local_of(n);
        if (local == "item") {
          if (items.size() >= kMoveInMaxItems * 4) {
            ++over;
            return;
          }
          WpItem w = read_wp_item(n);
          if (!w.type.empty() || !w.id.empty()) wordpress = true;
          items.push_back(std::move(w));
        } else if (local == "author") {
          std::string login = child_text(n, Ns::wp, "author_login"), name = child_text(n, Ns::wp, "author_display_name");
          if (!login.empty()) authors[login] = name.empty() ? login : name;
        } else if (local == "category") {
          channel_categories.emplace_back(child_text(n, Ns::wp, "category_nicename"), child_text(n, Ns::wp, "cat_name"));
        }
      });
  if (!wordpress) throw std::runtime_error("Berkas ini bukan ekspor WordPress (WXR); untuk umpan RSS atau Atom, gunakan impor umpan.");
  if (stream.broken) m.notes.push_back({"Berkas", "Berkas XML rusak atau terpotong; hanya bagian yang terbaca yang dipindahkan."});

  // Categories, WordPress's default one left out.
  std::map<std::string, std::string> category_slug;  // nicename -> slug
  Slugs category_slugs(kCategorySlugMax);
  auto add_category = [&](const std::string& nicename_raw, const std::string& name_raw) -> std::string {
    std::string nicename(trim(nicename_raw));
    std::string nama = fit(html_plain(name_raw), kCategoryNameMax);
    if (nicename.empty()) nicename = nama;
    if (nicename.empty()) return "";
    if (auto it = category_slug.find(nicename); it != category_slug.end()) return it->second;
    std::string decoded = percent_decode(nicename);
    if (decoded == "uncategorized" || decoded == "tak-berkategori" || decoded == "tidak-berkategori" || nama == "Uncategorized")
      return category_slug[nicename] = "";
    if (nama.empty()) nama = fit(decoded, kCategoryNameMax);
    std::string slug = category_slugs.take(slug_of(decoded, kCategorySlugMax), nama);
    m.categories.push_back({slug, nama});
    return category_slug[nicename] = slug;
  };
  for (const auto& [nicename, name] : channel_categories) add_category(nicename, name);

  std::map<std::string, WpAttachment> attachments;  // by post_id
  std::set<std::string> attachment_urls;
  for (const WpItem& w : items)
    if (w.type == "attachment" && !w.attachment_url.empty()) {
      WpAttachment a{clean(w.attachment_url), fit(w.meta.count("_wp_attachment_image_alt") ? w.meta.at("_wp_attachment_image_alt") : "", kAltMax),
                     fit(html_plain(w.title), kAltMax)};
      attachments[w.id] = a;
      attachment_urls.insert(a.url);
    }
  HtmlOptions opts;
  opts.autop = true;
  opts.map_src = [&](const std::string& src) {
    if (attachment_urls.count(src)) return src;
    std::string original = without_size_suffix(src);
    return attachment_urls.count(original) ? original : src;
  };

  std::optional<int> site_offset = wp_site_offset(items);
  Slugs post_slugs(kPostSlugMax), page_slugs(kPageSlugMax);
  std::size_t comments = 0, kept = 0;
  for (const WpItem& w : items) {
    std::string label = fit(html_plain(w.title), 80);
    if (label.empty()) label = (w.type.empty() ? "Butir" : w.type) + " #" + w.id;
    comments += w.comments;
    if (w.type == "attachment") {
      m.skipped.push_back({label, "Berkas media WordPress: dipakai sebagai gambar tulisan, bukan tulisan tersendiri."});
      continue;
    }
    if (w.type != "post" && w.type != "page") {
      m.skipped.push_back({label, wp_type_reason(w.type.empty() ? "?" : w.type)});
      continue;
    }
    if (w.status == "trash") {
      m.skipped.push_back({label, "Ada di tempat sampah WordPress."});
      continue;
    }
    if (w.status == "auto-draft") {
      m.skipped.push_back({label, "Draf otomatis WordPress yang tidak pernah ditulis."});
      continue;
    }
    if (w.status == "inherit") {
      m.skipped.push_back({label, wp_type_reason("revision")});
      continue;
    }
    if (kept >= kMoveInMaxItems) {
      ++over;
      continue;
    }
    int dropped_shortcodes = 0;
    Body body = body_from_html(wp_shortcodes(w.content, attachments, dropped_shortcodes), opts);
    body.embeds += dropped_shortcodes;
    if (html_plain(w.title).empty() && body_empty(body)) {
      m.skipped.push_back({label, "Judul dan isinya kosong."});
      continue;
    }
    bool published = w.status == "publish" || w.status == "future";
    if (w.status == "private") m.notes.push_back({label, "Tulisan pribadi di WordPress; dipindahkan sebagai draf."});
    if (!trim(w.password).empty()) {
      published = false;
      m.notes.push_back({label, "Dilindungi kata sandi di WordPress; dipindahkan sebagai draf."});
    }
    note_body(m, label, body);
    std::string slug_source = percent_decode(trim(w.post_name));
    if (slug_source.empty()) slug_source = html_plain(w.title);
    std::string when = wp_date(w, site_offset);
    if (w.type == "page") {
      MoveInPage p;
      p.source_id = w.id;
      p.source_link = clean(trim(w.link));
      p.title = title_for(m, w.title, kPageTitleMax, body);
      p.slug = page_slugs.take(slug_of(slug_source, kPageSlugMax), "halaman-" + w.id);
      p.body_doc_json = std::move(body.doc);
      p.published = published;
      p.published_at = when;
      p.images = std::move(body.images);
      m.pages.push_back(std::move(p));
    } else {
      MoveInPost p;
      p.source_id = w.id;
      p.source_link = clean(trim(w.link));
      p.title = title_for(m, w.title, kPostTitleMax, body);
      p.slug = post_slugs.take(slug_of(slug_source, kPostSlugMax), "artikel-" + w.id);
      p.excerpt = excerpt_for(w.excerpt, body);
      std::string login(trim(w.creator));
      p.author = fit(authors.count(login) ? authors[login] : login, kAuthorMax);
      p.published = published;
      p.published_at = when;
      for (const auto& [nicename, name] : w.categories) {
        std::string slug = add_category(nicename, name);
        if (!slug.empty()) {
          p.category_slug = slug;
          break;
        }
      }
      if (auto thumb = w.meta.find("_thumbnail_id"); thumb != w.meta.end()) {
        if (auto a = attachments.find(std::string(trim(thumb->second))); a != attachments.end())
          p.cover = MoveInImage{a->second.url, a->second.alt.empty() ? fit(p.title, kAltMax) : a->second.alt};
        else
          m.notes.push_back({label, "Gambar unggulan tidak ada di berkas ekspor (ekspor WordPress tanpa media)."});
      }
      p.body_doc_json = std::move(body.doc);
      p.images = std::move(body.images);
      m.posts.push_back(std::move(p));
    }
    ++kept;
  }
  if (over > 0)
    m.skipped.push_back({"Butir lainnya (" + std::to_string(over) + ")", "Batas 20.000 butir per pemindahan terlampaui."});
  if (comments > 0)
    m.skipped.push_back({"Komentar (" + std::to_string(comments) + ")", "Komentar pengunjung tidak ikut dipindahkan."});
  return m;
}

// ---------------------------------------------------------------------------
// RSS and Atom.

namespace {

// "admin@desa.id (Budi Santoso)" -> "Budi Santoso"; an address alone is not published.
std::string feed_author(std::string_view raw) {
  std::string a = collapse_ws(clean(raw));
  auto open = a.find('('), close = a.rfind(')');
  if (open != std::string::npos && close != std::string::npos && close > open) return fit(a.substr(open + 1, close - open - 1), kAuthorMax);
  if (a.find('@') != std::string::npos && a.find(' ') == std::string::npos) return "";
  return fit(a, kAuthorMax);
}

bool image_type(std::string_view type, std::string_view url) {
  if (starts_with_ci(type, "image/")) return true;
  if (!type.empty()) return false;
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  for (std::string_view ext : {".jpg", ".jpeg", ".png", ".gif", ".webp"})
    if (ends_with_ci(path, ext)) return true;
  return false;
}

// An Atom text construct as HTML: type="html" holds escaped HTML, "xhtml" a
// div of elements, "text" (the default) plain text.
std::string atom_html(xmlNode* n) {
  std::string type = xml_attr(n, "type");
  if (type == "xhtml") {
    xmlBufferPtr buf = xmlBufferCreate();
    for (xmlNode* c = n->children; c; c = c->next) xmlNodeDump(buf, n->doc, c, 0, 0);
    std::string out(reinterpret_cast<const char*>(xmlBufferContent(buf)), static_cast<std::size_t>(xmlBufferLength(buf)));
    xmlBufferFree(buf);
    return out;
  }
  std::string text = text_of(n);
  if (type == "html" || type == "text/html") return text;
  return "<p>" + html_escape(text) + "</p>";
}

struct FeedItem {
  std::string id, title, link, date, author, html, summary, cover;
  bool summary_is_html = true;
  std::vector<std::string> categories;
};

FeedItem read_rss_item(xmlNode* item) {
  FeedItem f;
  std::string media_content, media_thumb, enclosure, dc_date;
  auto media = [&](xmlNode* c) {
    std::string_view l = local_of(c);
    std::string url(trim(xml_attr(c, "url")));
    if (l == "content" && media_content.empty() &&
        (xml_attr(c, "medium") == "image" || image_type(xml_attr(c, "type"), url)))
      media_content = url;
    else if (l == "thumbnail" && media_thumb.empty())
      media_thumb = url;
  };
  for (xmlNode* c = item->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string_view l = local_of(c);
    Ns ns = ns_of(c);
    if (ns == Ns::none || ns == Ns::rss1) {
      if (l == "title") f.title = text_of(c);
      else if (l == "link") f.link = text_of(c);
      else if (l == "guid") f.id = text_of(c);
      else if (l == "pubDate") f.date = iso_from_rfc822(text_of(c));
      else if (l == "author" && f.author.empty()) f.author = feed_author(text_of(c));
      else if (l == "description") f.summary = text_of(c);
      else if (l == "category") f.categories.push_back(text_of(c));
      else if (l == "enclosure" && enclosure.empty() && image_type(xml_attr(c, "type"), xml_attr(c, "url")))
        enclosure = std::string(trim(xml_attr(c, "url")));
    } else if (ns == Ns::dc) {
      if (l == "creator") f.author = feed_author(text_of(c));
      else if (l == "date") dc_date = iso_from_rfc3339(text_of(c));
      else if (l == "subject") f.categories.push_back(text_of(c));
    } else if (ns == Ns::content && l == "encoded") {
      f.html = text_of(c);
    } else if (ns == Ns::media) {
      if (l == "group")
        for (xmlNode* g = c->children; g; g = g->next)
          if (g->type == XML_ELEMENT_NODE && ns_of(g) == Ns::media) media(g);
      media(c);
    } else if (ns == Ns::atom && l == "link" && xml_attr(c, "rel") == "enclosure" && enclosure.empty() &&
               image_type(xml_attr(c, "type"), xml_attr(c, "href"))) {
      enclosure = std::string(trim(xml_attr(c, "href")));
    }
  }
  if (f.date.empty()) f.date = dc_date;
  f.cover = !media_content.empty() ? media_content : !enclosure.empty() ? enclosure : media_thumb;
  if (f.html.empty()) {
    f.html = f.summary;
    f.summary.clear();
  }
  return f;
}

FeedItem read_atom_entry(xmlNode* entry) {
  FeedItem f;
  std::string published, updated, media_thumb, enclosure;
  for (xmlNode* c = entry->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string_view l = local_of(c);
    Ns ns = ns_of(c);
    if (ns == Ns::atom) {
      if (l == "title") f.title = html_plain(atom_html(c));
      else if (l == "id") f.id = text_of(c);
      else if (l == "published") published = iso_from_rfc3339(text_of(c));
      else if (l == "updated") updated = iso_from_rfc3339(text_of(c));
      else if (l == "author" && f.author.empty()) {
        std::string name = child_text(c, Ns::atom, "name");
        f.author = feed_author(name.empty() ? child_text(c, Ns::atom, "email") : name);
      } else if (l == "content") f.html = atom_html(c);
      else if (l == "summary") f.summary = atom_html(c);
      else if (l == "category") {
        std::string label = xml_attr(c, "label");
        f.categories.push_back(label.empty() ? xml_attr(c, "term") : label);
      } else if (l == "link") {
        std::string rel = xml_attr(c, "rel"), href(trim(xml_attr(c, "href")));
        if ((rel.empty() || rel == "alternate") && f.link.empty()) f.link = href;
        else if (rel == "enclosure" && enclosure.empty() && image_type(xml_attr(c, "type"), href)) enclosure = href;
      }
    } else if (ns == Ns::media && l == "thumbnail" && media_thumb.empty()) {
      media_thumb = std::string(trim(xml_attr(c, "url")));
    } else if (ns == Ns::dc && l == "creator" && f.author.empty()) {
      f.author = feed_author(text_of(c));
    }
  }
  f.date = !published.empty() ? published : updated;
  f.cover = !enclosure.empty() ? enclosure : media_thumb;
  if (f.html.empty()) {
    f.html = f.summary;
    f.summary.clear();
  }
  return f;
}

bool usable_url(const std::string& url) {
  return !url.empty() && url.size() <= kUrlMax && content::safe_image_src(url) && !url.starts_with("/");
}

}  // namespace

MoveIn parse_feed(std::string_view input) {
  static const char* kNotFeed = "Berkas ini bukan umpan RSS atau Atom.";
  if (input.size() > kMoveInMaxInputBytes) throw std::runtime_error("Berkas umpan terlalu besar (lebih dari 200 MB).");
  MoveIn m;
  m.source = "rss";
  std::string storage;
  std::string_view xml = xml_ready(input, storage, m);
  enum class Kind { rss, rdf, atom } kind = Kind::rss;
  std::vector<FeedItem> items;
  std::size_t over = 0;
  XmlStream stream(xml, kNotFeed);
  stream.run(
      [&](std::string_view local, Ns ns) {
        if (local == "rss" && ns == Ns::none) kind = Kind::rss;
        else if (local == "RDF" && ns == Ns::rdf) kind = Kind::rdf;
        else if (local == "feed" && ns == Ns::atom) kind = Kind::atom;
        else throw std::runtime_error(kNotFeed);
      },
      [&](int depth, Ns ns, std::string_view local) {
        if (kind == Kind::atom) return depth == 1 && ns == Ns::atom && local == "entry";
        if (kind == Kind::rdf) return depth == 1 && (ns == Ns::rss1 || ns == Ns::none) && local == "item";
        return depth == 2 && ns == Ns::none && local == "item";
      },
      [&](int, xmlNode* n) {
        if (items.size() >= kMoveInMaxItems) {
          ++over;
          return;
        }
        items.push_back(kind == Kind::atom ? read_atom_entry(n) : read_rss_item(n));
      });
  if (stream.broken) m.notes.push_back({"Berkas", "Berkas XML rusak atau terpotong; hanya bagian yang terbaca yang dipindahkan."});

  std::map<std::string, std::string> category_slug;
  Slugs category_slugs(kCategorySlugMax), post_slugs(kPostSlugMax);
  std::size_t index = 0;
  for (FeedItem& f : items) {
    ++index;
    std::string label = fit(html_plain(f.title), 80);
    if (label.empty()) label = "Butir #" + std::to_string(index);
    HtmlOptions opts;
    opts.autop = f.html.find('<') == std::string::npos;
    Body body = body_from_html(f.html, opts);
    if (html_plain(f.title).empty() && body_empty(body)) {
      m.skipped.push_back({label, "Judul dan isinya kosong."});
      continue;
    }
    note_body(m, label, body);
    MoveInPost p;
    p.source_id = fit(f.id.empty() ? f.link : f.id, kUrlMax);
    p.source_link = fit(f.link, kUrlMax);
    p.title = title_for(m, f.title, kPostTitleMax, body);
    p.slug = post_slugs.take(slug_of(slug_from_link(p.source_link), kPostSlugMax), p.title.empty() ? "berita-" + std::to_string(index) : p.title);
    p.excerpt = excerpt_for(f.summary, body);
    p.author = f.author;
    p.published = true;
    p.published_at = f.date;
    if (p.published_at.empty()) m.notes.push_back({label, "Tanggal terbit tidak ada atau tidak terbaca."});
    for (const std::string& c : f.categories) {
      std::string nama = fit(html_plain(c), kCategoryNameMax);
      if (nama.empty()) continue;
      auto it = category_slug.find(nama);
      if (it == category_slug.end()) {
        std::string slug = category_slugs.take(slug_of(nama, kCategorySlugMax), "kategori");
        m.categories.push_back({slug, nama});
        it = category_slug.emplace(nama, slug).first;
      }
      p.category_slug = it->second;
      break;
    }
    std::string cover = clean(trim(f.cover));
    if (cover.starts_with("//")) cover = "https:" + cover;
    if (usable_url(cover)) p.cover = MoveInImage{cover, fit(p.title, kAltMax)};
    p.body_doc_json = std::move(body.doc);
    p.images = std::move(body.images);
    m.posts.push_back(std::move(p));
  }
  if (over > 0)
    m.skipped.push_back({"Butir lainnya (" + std::to_string(over) + ")", "Batas 20.000 butir per pemindahan terlampaui."});
  return m;
}

// ---------------------------------------------------------------------------
// Archives of the desa/ folder.

namespace {

// A relative path inside an archive, or a refusal.
std::string archive_path(std::string_view raw) {
  std::string p = clean(raw);
  std::replace(p.begin(), p.end(), '\\', '/');
  if (p.empty() || p.front() == '/' || (p.size() >= 2 && p[1] == ':'))
    throw std::runtime_error("Arsip memuat path yang tidak aman: " + fit(p, 200));
  std::string out;
  std::size_t at = 0;
  while (at <= p.size()) {
    std::size_t slash = p.find('/', at);
    if (slash == std::string::npos) slash = p.size();
    std::string part = p.substr(at, slash - at);
    if (part == "..") throw std::runtime_error("Arsip memuat path yang tidak aman: " + fit(p, 200));
    if (!part.empty() && part != ".") out += (out.empty() ? "" : "/") + part;
    at = slash + 1;
  }
  return out;
}

bool image_name(std::string_view path) {
  for (std::string_view ext : {".jpg", ".jpeg", ".png", ".gif", ".webp"})
    if (ends_with_ci(path, ext)) return true;
  return false;
}

bool image_bytes(std::string_view d) {
  auto u = [&](std::size_t i) { return static_cast<unsigned char>(d[i]); };
  if (d.size() >= 3 && u(0) == 0xFF && u(1) == 0xD8 && u(2) == 0xFF) return true;
  if (d.size() >= 8 && d.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return true;
  if (d.size() >= 6 && (d.substr(0, 6) == "GIF87a" || d.substr(0, 6) == "GIF89a")) return true;
  return d.size() >= 12 && d.substr(0, 4) == "RIFF" && d.substr(8, 4) == "WEBP";
}

// Skips what macOS and Windows add to archives.
bool junk_path(std::string_view path) {
  std::string_view base = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  return path.starts_with("__MACOSX/") || base.starts_with("._") || iequals(base, "thumbs.db");
}

class ImageSink {
 public:
  std::map<std::string, std::string> files;

  // Whether `path` will be kept (before its bytes are read).
  bool wants(const std::string& path, std::uint64_t size) {
    if (!image_name(path) || junk_path(path)) return false;
    if (files.size() >= kMoveInMaxArchiveFiles)
      throw std::runtime_error("Arsip memuat lebih dari 2.000 gambar; pisahkan menjadi beberapa arsip.");
    if (size > kMoveInMaxArchiveBytes - total_)
      throw std::runtime_error("Isi arsip terlalu besar (lebih dari 500 MB).");
    return true;
  }
  void add(const std::string& path, std::string data) {
    if (!image_bytes(data)) return;
    total_ += data.size();
    files[path] = std::move(data);
  }
  void count_entry() {
    if (++entries_ > kMaxArchiveEntries) throw std::runtime_error("Arsip memuat terlalu banyak berkas.");
  }

 private:
  std::uint64_t total_ = 0;
  std::size_t entries_ = 0;
};

std::uint64_t tar_octal(const char* field, std::size_t width) {
  std::uint64_t v = 0;
  std::size_t i = 0;
  while (i < width && (field[i] == ' ' || field[i] == '\0')) ++i;
  for (; i < width && field[i] >= '0' && field[i] <= '7'; ++i) v = v * 8 + static_cast<std::uint64_t>(field[i] - '0');
  return v;
}

// A tar stream as written by GNU tar, bsdtar or Python: regular files kept,
// directories, links and other entries passed over, GNU long names and pax
// paths honoured.
void read_tar(std::string_view a, ImageSink& sink) {
  constexpr std::size_t kBlock = 512;
  std::size_t at = 0;
  std::string long_name;
  while (at + kBlock <= a.size()) {
    const char* h = a.data() + at;
    if (std::all_of(h, h + kBlock, [](char c) { return c == 0; })) return;
    unsigned sum = 0;
    for (std::size_t i = 0; i < kBlock; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(h[i]);
    if (sum != tar_octal(h + 148, 8)) throw std::runtime_error("Arsip tar rusak.");
    std::uint64_t size = tar_octal(h + 124, 12);
    char type = h[156];
    at += kBlock;
    if (size > a.size() - at) throw std::runtime_error("Arsip tar terpotong.");
    std::string_view data = a.substr(at, size);
    at += (size + kBlock - 1) / kBlock * kBlock;
    if (type == 'L') {
      long_name = std::string(data.substr(0, data.find('\0')));
      continue;
    }
    if (type == 'x') {
      // pax records: "<len> key=value\n"
      for (std::size_t p = 0; p < data.size();) {
        std::size_t space = data.find(' ', p);
        if (space == std::string_view::npos) break;
        std::size_t len = 0;
        for (std::size_t i = p; i < space && len < (1u << 30); ++i) {
          if (data[i] < '0' || data[i] > '9') {
            len = 0;
            break;
          }
          len = len * 10 + static_cast<std::size_t>(data[i] - '0');
        }
        if (len == 0 || p + len > data.size()) break;
        std::string_view rec = data.substr(space + 1, p + len - space - 2);
        if (rec.starts_with("path=")) long_name = std::string(rec.substr(5));
        p += len;
      }
      continue;
    }
    std::string name(h, strnlen(h, 100));
    std::string prefix(h + 345, strnlen(h + 345, 155));
    std::string path = !long_name.empty() ? long_name : prefix.empty() ? name : prefix + "/" + name;
    long_name.clear();
    if (type == 'g') continue;
    sink.count_entry();
    std::string safe = archive_path(path);
    if ((type == '0' || type == '\0' || type == '7') && !safe.empty() && sink.wants(safe, size)) sink.add(safe, std::string(data));
  }
}

void read_zip(std::string_view bytes, ImageSink& sink) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) {
    zip_error_fini(&error);
    throw std::runtime_error("Arsip zip tidak dapat dibuka.");
  }
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (!za) {
    zip_source_free(src);
    throw std::runtime_error("Arsip zip rusak.");
  }
  std::unique_ptr<zip_t, void (*)(zip_t*)> guard(za, [](zip_t* z) { zip_discard(z); });
  zip_int64_t n = zip_get_num_entries(za, 0);
  if (n < 0 || static_cast<std::uint64_t>(n) > kMaxArchiveEntries) throw std::runtime_error("Arsip memuat terlalu banyak berkas.");
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) continue;
    sink.count_entry();
    std::string raw = st.name;
    bool dir = !raw.empty() && (raw.back() == '/' || raw.back() == '\\');
    std::string path = archive_path(raw);
    if (dir || path.empty() || !(st.valid & ZIP_STAT_SIZE)) continue;
    if (!sink.wants(path, st.size)) continue;
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    if (!f) continue;  // encrypted, or a compression method libzip lacks
    std::string data(static_cast<std::size_t>(st.size), '\0');
    zip_int64_t got = data.empty() ? 0 : zip_fread(f, data.data(), data.size());
    zip_fclose(f);
    if (got < 0 || static_cast<std::uint64_t>(got) != st.size) throw std::runtime_error("Arsip zip rusak: " + fit(path, 200));
    sink.add(path, std::move(data));
  }
}

std::string base_name(std::string_view p) {
  std::size_t slash = p.rfind('/');
  return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
}

}  // namespace

std::map<std::string, std::string> read_image_archive(std::string_view bytes) {
  if (bytes.size() > kMoveInMaxArchiveBytes) throw std::runtime_error("Arsip terlalu besar (lebih dari 500 MB).");
  ImageSink sink;
  auto is_tar = [](std::string_view b) { return b.size() >= 512 && b.substr(257, 5) == "ustar"; };
  if (bytes.size() >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6))) {
    read_zip(bytes, sink);
  } else if (is_gzip(bytes)) {
    std::string tar = gunzip(bytes, kMoveInMaxArchiveBytes, "Isi arsip terlalu besar (lebih dari 500 MB).");
    if (!is_tar(tar)) throw std::runtime_error("Arsip .gz ini tidak berisi arsip tar.");
    read_tar(tar, sink);
  } else if (is_tar(bytes)) {
    read_tar(bytes, sink);
  } else {
    throw std::runtime_error("Arsip folder desa tidak dikenali; gunakan berkas .zip, .tar atau .tar.gz.");
  }
  return std::move(sink.files);
}

std::optional<std::string> find_opensid_image(const std::map<std::string, std::string>& files, std::string_view name) {
  std::string ref(trim(name));
  ref = ref.substr(0, ref.find_first_of("?#"));
  if (ref.find('%') != std::string::npos) ref = percent_decode(ref);
  std::replace(ref.begin(), ref.end(), '\\', '/');
  std::string want = base_name(ref);
  if (want.empty()) return std::nullopt;
  std::string core = want;
  for (std::string_view prefix : {"kecil_", "sedang_"})
    if (starts_with_ci(core, prefix)) core = core.substr(prefix.size());
  // The folders the reference names ("desa/upload/artikel/x.jpg" -> "upload/artikel/"); a file
  // there wins, then one under upload/artikel/, then any; within each, the original first.
  std::string dir = ref.size() > want.size() ? ref.substr(0, ref.size() - want.size()) : "";
  if (auto d = dir.find("upload/"); d != std::string::npos) dir = dir.substr(d);
  else dir.clear();

  std::optional<std::string> best;
  int best_score = 1 << 30;
  for (const auto& [path, data] : files) {
    std::string b = base_name(path);
    int rank;
    if (b == core) rank = 0;
    else if (b == "sedang_" + core) rank = 1;
    else if (b == "kecil_" + core) rank = 2;
    else if (iequals(b, core)) rank = 3;
    else if (iequals(b, "sedang_" + core)) rank = 4;
    else if (iequals(b, "kecil_" + core)) rank = 5;
    else continue;
    std::string folder = path.substr(0, path.size() - b.size());
    int place = !dir.empty() && ends_with_ci(folder, dir) ? 0 : folder.find("upload/artikel/") != std::string::npos ? 1 : 2;
    int score = (place * 6 + rank) * 4096 + static_cast<int>(std::min<std::size_t>(path.size(), 4095));
    if (score < best_score) best_score = score, best = path;
  }
  return best;
}

}  // namespace balai::tenants
