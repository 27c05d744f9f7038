// Themes: logic-less mustache templates and CSS compiled into the binary,
// one Indonesian message catalogue, and the conversion of page data (JSON)
// into what the templates see. Every {{value}} is HTML-escaped; only
// renderer-made HTML is placed with {{{triple}}} braces.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace balai::site {

const std::map<std::string, std::string>& embedded_theme_files();

class Themes {
 public:
  Themes();
  // Renders `page` (a template name such as "home") inside the layout of
  // `theme`; unknown themes fall back to the default. `data` is the page's
  // data; "t" (the catalogue), "theme_css" and "content" are added here.
  std::string render(std::string_view theme, std::string_view page, nlohmann::json data) const;
  // A catalogue text by key ("not_found_title"); the key itself when missing.
  const std::string& text(const std::string& key) const;
  std::vector<std::string> names() const;
  static constexpr const char* kDefault = "balai";

 private:
  const std::string* find(std::string_view theme, std::string_view name) const;
  std::map<std::string, std::string> files_;
  std::map<std::string, std::string> messages_;
  std::map<std::string, std::string> css_;  // theme -> base + theme CSS
};

}  // namespace balai::site
