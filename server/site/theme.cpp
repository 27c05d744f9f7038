#include "server/site/theme.hpp"

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "server/core/text.hpp"

namespace balai::site {

namespace {

using kainjow::mustache::data;
using nlohmann::json;

// JSON -> mustache data. Every array `x` also gets `has_x` (true when not
// empty), since mustache has no test for "list not empty".
data to_data(const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      data d{data::type::object};
      for (const auto& [k, v] : j.items()) {
        d.set(k, to_data(v));
        if (v.is_array()) d.set("has_" + k, data{!v.empty()});
      }
      return d;
    }
    case json::value_t::array: {
      data d{data::type::list};
      for (const auto& v : j) d.push_back(to_data(v));
      return d;
    }
    case json::value_t::string: {
      const auto& s = j.get_ref<const std::string&>();
      if (s.empty()) return data{false};
      return data{s};
    }
    case json::value_t::boolean: return data{j.get<bool>()};
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return data{j.dump()};
    default: return data{false};
  }
}

}  // namespace

Themes::Themes() : files_(embedded_theme_files()) {
  auto catalogue = json::parse(files_.at("messages.id.json"));
  for (const auto& [k, v] : catalogue.items()) messages_[k] = v.get<std::string>();
  const std::string& base = files_.at("common/base.css");
  for (const auto& [path, text] : files_) {
    if (!path.ends_with("/theme.css")) continue;
    std::string theme = path.substr(0, path.find('/'));
    // Collapse line breaks: the CSS is inlined into every page.
    std::string css = base + text;
    std::erase(css, '\n');
    css_[theme] = std::move(css);
  }
  if (!css_.count(kDefault)) throw std::runtime_error("default theme missing");
}

std::vector<std::string> Themes::names() const {
  std::vector<std::string> out;
  for (const auto& [name, css] : css_) out.push_back(name);
  return out;
}

const std::string& Themes::text(const std::string& key) const {
  auto it = messages_.find(key);
  return it == messages_.end() ? key : it->second;
}

const std::string* Themes::find(std::string_view theme, std::string_view name) const {
  for (const std::string& dir : {std::string(theme), std::string("common")}) {
    auto it = files_.find(dir + "/" + std::string(name) + ".mustache");
    if (it != files_.end()) return &it->second;
  }
  return nullptr;
}

std::string Themes::render(std::string_view theme_in, std::string_view page, json j) const {
  std::string theme = css_.count(std::string(theme_in)) ? std::string(theme_in) : kDefault;
  json t = json::object();
  for (const auto& [k, v] : messages_) t[k] = v;
  j["t"] = std::move(t);
  data d = to_data(j);
  // Partials (files named _*.mustache) resolve against the theme first, then
  // the common templates; the prefix keeps them apart from data keys.
  for (const auto& [path, text] : files_) {
    if (!path.ends_with(".mustache") || path.find("/_") == std::string::npos) continue;
    std::string name = path.substr(path.find('/') + 1);
    name.resize(name.size() - 9);
    const std::string* tpl = find(theme, name);
    d.set(name, data{kainjow::mustache::partial{[tpl] { return *tpl; }}});
  }
  auto render_one = [&](std::string_view name) {
    const std::string* tpl = find(theme, name);
    if (!tpl) throw std::runtime_error("template missing: " + std::string(name));
    kainjow::mustache::mustache m{*tpl};
    m.set_custom_escape([](const std::string& s) { return html_escape(s); });
    if (!m.is_valid()) throw std::runtime_error("template " + std::string(name) + ": " + m.error_message());
    return m.render(d);
  };
  d.set("content", data{render_one(page)});
  d.set("theme_css", data{css_.at(theme)});
  return render_one("layout");
}

}  // namespace balai::site
