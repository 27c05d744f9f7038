// Content scanner: decides whether a village's new or changed public text
// (news, page, comment, complaint, document name, menu link) must be held for
// review by the regency's IT office because it looks like online gambling
// ("judol") spam or a defacement. Pure logic: no database, no network.
//
// The listed terms (table scan_terms, editable by the regency) are the only
// phrases and domains looked for; how matches combine into a decision (which
// words are ambiguous, promotional cues, awareness context) is built in.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace balai::content {

// One listed term. jenis: "frasa" (a word or phrase) or "domain" (a host or a
// suffix to distrust: "bit.ly" matches bit.ly and *.bit.ly, ".xyz" any host in .xyz).
struct ScanTerm {
  std::string term;
  std::string jenis;
};

// The seed list; schema/009_scan_terms.sql inserts exactly these rows.
std::vector<ScanTerm> default_terms();

// Text hidden from visitors in an HTML fragment (see collect_html).
struct HiddenText {
  std::string cara;      // how it is hidden, e.g. "display:none"
  std::string text;      // the hidden text
  std::size_t links = 0; // absolute (http, https, //) links inside it
};

struct ScanInput {
  std::string text;                 // plain text (titles, body, comment...)
  std::vector<std::string> links;   // link targets (href) not already in text
  std::size_t previous_links = 0;   // external_links() of the previous version
  std::string own_host;             // the village's own host: links to it are never suspicious
  std::vector<HiddenText> hidden;   // filled by collect_html
};

struct ScanResult {
  bool hold = false;                // hold for review by Diskominfo
  bool ragu = false;                // signs of gambling content that could not be decided either way
  int score = 0;                    // hold when score >= kHoldScore
  std::vector<std::string> alasan;  // findings, in Bahasa Indonesia, strongest first
};

constexpr int kHoldScore = 10;

ScanResult scan(const std::vector<ScanTerm>& terms, const ScanInput& in);

// Distinct external link targets of the input (in `links` and written in
// `text`), not counting the own host, relative links and government or school
// domains (go.id, desa.id, sch.id, ac.id, mil.id). Store it with a version and
// pass it back as previous_links when the text changes.
std::size_t external_links(const ScanInput& in, const std::vector<ScanTerm>& terms = default_terms());

// The listed phrases ("frasa") found in `text` after normalisation, in list
// order (a shorter term inside a longer one is listed too).
std::vector<std::string> matched_terms(const std::vector<ScanTerm>& terms, std::string_view text);

// Appends the plain text and link targets of a stored rich-text document (the
// JSON used by render_richtext). A string that is not a document is taken as text.
void collect_richtext(const std::string& doc_json, ScanInput& into);

// Appends the text and link targets of an HTML fragment, and records text that
// visitors cannot see (display:none, visibility:hidden, the hidden attribute,
// font-size:0, opacity:0, zero height with overflow hidden, off-screen
// positioning, text colour equal to background, CSS classes hidden by a
// <style> block in the fragment). Hidden text is also appended to `text`.
void collect_html(std::string_view html, ScanInput& into);

}  // namespace balai::content
