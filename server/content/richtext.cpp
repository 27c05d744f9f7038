#include "server/content/richtext.hpp"

#include <nlohmann/json.hpp>

#include "server/core/text.hpp"

namespace balai::content {

namespace {

using nlohmann::json;

constexpr int kMaxDepth = 64;
constexpr int kMaxNodes = 20000;

std::string scheme_of(std::string_view url) {
  // Browsers ignore tabs, newlines and leading control/space characters in a
  // scheme ("jav\tascript:"), so look at the URL the way they do.
  std::string cleaned;
  for (char c : url) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 && cleaned.empty()) continue;
    if (c == '\t' || c == '\n' || c == '\r') continue;
    cleaned += c;
  }
  auto colon = cleaned.find(':');
  auto stop = cleaned.find_first_of("/?#");
  if (colon == std::string::npos || (stop != std::string::npos && stop < colon)) return "";
  return to_lower_ascii(cleaned.substr(0, colon));
}

// Control characters, and characters no well-formed URL carries unencoded.
bool has_control(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f || c == ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '\\')
      return true;
  return false;
}

}  // namespace

bool safe_link(std::string_view url) {
  if (url.empty() || url.size() > 2000 || has_control(url)) return false;
  std::string scheme = scheme_of(url);
  if (scheme.empty()) return url.front() == '/' && !url.starts_with("//") ? true : url.front() == '#';
  return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel" || scheme == "whatsapp";
}

bool safe_image_src(std::string_view url) {
  if (url.empty() || url.size() > 2000 || has_control(url)) return false;
  std::string scheme = scheme_of(url);
  if (scheme.empty()) return url.front() == '/' && !url.starts_with("//");
  return scheme == "https" || scheme == "http";
}

namespace {

class Renderer {
 public:
  RenderedText out;

  void block_children(const json& node, int depth) {
    auto it = node.find("content");
    if (it == node.end() || !it->is_array()) return;
    for (const auto& child : *it) block(child, depth + 1);
  }

  void inline_children(const json& node, int depth) {
    auto it = node.find("content");
    if (it == node.end() || !it->is_array()) return;
    for (const auto& child : *it) inline_node(child, depth + 1);
  }

  bool budget(int depth) { return depth <= kMaxDepth && ++nodes_ <= kMaxNodes; }

  static std::string type_of(const json& node) {
    if (!node.is_object()) return "";
    auto t = node.find("type");
    if (t == node.end() || !t->is_string()) return "";
    // TipTap names the same nodes in camelCase.
    std::string type = t->get<std::string>();
    static const std::pair<const char*, const char*> kAliases[] = {
        {"bulletList", "bullet_list"}, {"orderedList", "ordered_list"}, {"listItem", "list_item"}, {"hardBreak", "hard_break"},
        {"horizontalRule", "horizontal_rule"}, {"tableRow", "table_row"}, {"tableCell", "table_cell"}, {"tableHeader", "table_header"}};
    for (auto [camel, snake] : kAliases)
      if (type == camel) return snake;
    return type;
  }

  static std::string attr(const json& node, const char* name) {
    auto a = node.find("attrs");
    if (a == node.end() || !a->is_object()) return "";
    auto v = a->find(name);
    if (v == a->end()) return "";
    if (v->is_string()) return v->get<std::string>();
    if (v->is_number_integer()) return std::to_string(v->get<long long>());
    return "";
  }

  void text_break() {
    if (!out.plain.empty() && out.plain.back() != '\n') out.plain += '\n';
  }

  void block(const json& node, int depth) {
    if (!budget(depth)) return;
    const std::string type = type_of(node);
    if (type == "paragraph") {
      out.html += "<p>";
      inline_children(node, depth);
      out.html += "</p>";
      text_break();
    } else if (type == "heading") {
      std::string level = attr(node, "level");
      int n = level.size() == 1 && level[0] >= '1' && level[0] <= '6' ? level[0] - '0' : 2;
      n = std::clamp(n + 1, 2, 4);  // the page title is the h1
      out.html += "<h" + std::to_string(n) + ">";
      inline_children(node, depth);
      out.html += "</h" + std::to_string(n) + ">";
      text_break();
    } else if (type == "bullet_list" || type == "ordered_list") {
      const char* tag = type == "bullet_list" ? "ul" : "ol";
      out.html += std::string("<") + tag + ">";
      if (auto it = node.find("content"); it != node.end() && it->is_array())
        for (const auto& item : *it) {
          if (!budget(depth + 1)) break;
          out.html += "<li>";
          if (type_of(item) == "list_item") block_children(item, depth + 1);
          out.html += "</li>";
        }
      out.html += std::string("</") + tag + ">";
    } else if (type == "blockquote") {
      out.html += "<blockquote>";
      block_children(node, depth);
      out.html += "</blockquote>";
    } else if (type == "image") {
      image(node);
    } else if (type == "table") {
      table(node, depth);
    } else if (type == "horizontal_rule") {
      out.html += "<hr>";
    } else if (type == "doc") {
      block_children(node, depth);
    } else if (type == "text" || type == "hard_break") {
      out.html += "<p>";
      inline_node(node, depth);
      out.html += "</p>";
    } else {
      block_children(node, depth);  // unknown container: keep what it holds, not what it is
    }
  }

  void image(const json& node) {
    std::string src = attr(node, "src");
    if (!safe_image_src(src)) return;
    std::string alt = attr(node, "alt"), w = attr(node, "width"), h = attr(node, "height");
    auto number = [](const std::string& s) {
      return !s.empty() && s.size() <= 5 && s.find_first_not_of("0123456789") == std::string::npos;
    };
    out.html += "<figure><img src=\"" + html_escape(src) + "\" alt=\"" + html_escape(alt) + "\" loading=\"lazy\" decoding=\"async\"";
    if (number(w) && number(h)) out.html += " width=\"" + w + "\" height=\"" + h + "\"";
    out.html += ">";
    std::string caption = attr(node, "caption");
    if (!caption.empty()) out.html += "<figcaption>" + html_escape(caption) + "</figcaption>";
    out.html += "</figure>";
    if (!alt.empty()) {
      out.plain += alt;
      text_break();
    }
  }

  void table(const json& node, int depth) {
    out.html += "<div class=\"tabel\"><table>";
    if (auto rows = node.find("content"); rows != node.end() && rows->is_array())
      for (const auto& row : *rows) {
        if (!budget(depth + 1) || type_of(row) != "table_row") continue;
        out.html += "<tr>";
        if (auto cells = row.find("content"); cells != row.end() && cells->is_array())
          for (const auto& cell : *cells) {
            if (!budget(depth + 2)) break;
            std::string t = type_of(cell);
            const char* tag = t == "table_header" ? "th" : "td";
            if (t != "table_header" && t != "table_cell") continue;
            out.html += std::string("<") + tag + ">";
            // Cells hold paragraphs; render their inline content without <p> wrappers.
            if (auto inner = cell.find("content"); inner != cell.end() && inner->is_array())
              for (const auto& para : *inner) {
                if (type_of(para) == "paragraph") inline_children(para, depth + 3);
                else block(para, depth + 3);
                out.plain += ' ';
              }
            out.html += std::string("</") + tag + ">";
          }
        out.html += "</tr>";
        text_break();
      }
    out.html += "</table></div>";
  }

  void inline_node(const json& node, int depth) {
    if (!budget(depth)) return;
    const std::string type = type_of(node);
    if (type == "hard_break") {
      out.html += "<br>";
      out.plain += '\n';
      return;
    }
    if (type == "image") return image(node);
    if (type != "text") return inline_children(node, depth);
    auto t = node.find("text");
    if (t == node.end() || !t->is_string()) return;
    const std::string& text = t->get_ref<const std::string&>();
    std::string open, close;
    if (auto marks = node.find("marks"); marks != node.end() && marks->is_array()) {
      bool bold = false, italic = false, underline = false, code = false;
      std::string href;
      for (const auto& m : *marks) {
        std::string mt = type_of(m);
        if (mt == "bold" || mt == "strong") bold = true;
        else if (mt == "italic" || mt == "em") italic = true;
        else if (mt == "underline") underline = true;
        else if (mt == "code") code = true;
        else if (mt == "link") href = attr(m, "href");
      }
      // A fixed nesting order keeps the output well-formed whatever the input order.
      if (!href.empty() && safe_link(href)) {
        std::string scheme = scheme_of(href);
        bool external = scheme == "http" || scheme == "https";
        open += "<a href=\"" + html_escape(href) + "\"" + (external ? " rel=\"nofollow noopener ugc\"" : "") + ">";
        close = "</a>" + close;
      }
      if (bold) open += "<strong>", close = "</strong>" + close;
      if (italic) open += "<em>", close = "</em>" + close;
      if (underline) open += "<u>", close = "</u>" + close;
      if (code) open += "<code>", close = "</code>" + close;
    }
    out.html += open;
    out.html += html_escape(text);
    out.html += close;
    out.plain += text;
  }

 private:
  int nodes_ = 0;
};

}  // namespace

RenderedText render_richtext(std::string_view input) {
  Renderer r;
  auto doc = json::parse(input, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || Renderer::type_of(doc) != "doc") {
    r.out.valid = false;
    return std::move(r.out);
  }
  r.block(doc, 0);
  while (!r.out.plain.empty() && (r.out.plain.back() == '\n' || r.out.plain.back() == ' ')) r.out.plain.pop_back();
  return std::move(r.out);
}

std::string excerpt(std::string_view plain, std::size_t max_chars) {
  std::string flat;
  for (char c : plain) flat += (c == '\n' || c == '\t') ? ' ' : c;
  std::size_t chars = 0, cut = flat.size();
  for (std::size_t i = 0; i < flat.size(); ++i) {
    if ((static_cast<unsigned char>(flat[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) {
        cut = i;
        break;
      }
      ++chars;
    }
  }
  if (cut == flat.size()) return flat;
  auto space = flat.rfind(' ', cut);
  if (space != std::string::npos && space > cut / 2) cut = space;
  return flat.substr(0, cut) + "…";
}

}  // namespace balai::content
