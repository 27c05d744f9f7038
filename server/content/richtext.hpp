// Rich text: villages' articles and pages are stored as a structured document
// (a JSON tree of paragraphs, headings, lists, marks, images, quotes, tables)
// and rendered to HTML here from an allow-list, escaping every text node.
// Nothing a user stored reaches a page as HTML.
#pragma once
#include <string>
#include <string_view>

namespace balai::content {

struct RenderedText {
  std::string html;   // safe HTML fragment
  std::string plain;  // text only, for search and excerpts
  bool valid = true;  // false when the input was not a document (renders empty)
};

// Renders a stored document. Unknown node types and marks are dropped (their
// text kept), links with a scheme other than http, https, mailto, tel or
// whatsapp are rendered as plain text, images need an http(s) or site-relative
// source. Input is bounded: 64 levels deep, 20,000 nodes.
RenderedText render_richtext(std::string_view json);

// Is this URL acceptable as a link target in user content?
bool safe_link(std::string_view url);
// Is this URL acceptable as an image source in user content?
bool safe_image_src(std::string_view url);

// The first `max_chars` characters of `plain` (UTF-8 safe), cut at a word, with "…".
std::string excerpt(std::string_view plain, std::size_t max_chars);

}  // namespace balai::content
