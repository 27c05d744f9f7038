#include "server/site/pages.hpp"

#include "server/core/text.hpp"
#include "server/site/messages.hpp"

namespace balai::site {

namespace {

constexpr std::string_view kStyle =
    "body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafaf7;line-height:1.5}"
    "header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}"
    "header{border-bottom:3px solid #0b6e4f}h1{margin:.2rem 0;color:#0b4f38}"
    "a{color:#0b5fa5}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}"
    "dt{font-weight:600}.kec{columns:14rem}.kec li{break-inside:avoid}"
    "footer{color:#555;font-size:.9rem;border-top:1px solid #ddd}";

std::string layout(std::string_view title, std::string_view header_html, std::string_view main_html,
                   std::string_view footer_text) {
  std::string out;
  out.reserve(4096 + main_html.size());
  out += "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>";
  out += html_escape(title);
  out += "</title><style>";
  out += kStyle;
  out += "</style></head><body><header>";
  out += header_html;
  out += "</header><main id=\"isi\">";
  out += main_html;
  out += "</main><footer><p>";
  out += html_escape(footer_text);
  out += "</p></footer></body></html>\n";
  return out;
}

std::string portal_name(const Directory& dir) {
  return dir.kabupaten_nama.empty() ? std::string(msg::portal_title) : std::string(msg::portal_title) + " " + dir.kabupaten_nama;
}

}  // namespace

std::string label_of(const DesaEntry& d) {
  return (d.jenis == "kelurahan" ? std::string(msg::kelurahan) : std::string(msg::desa)) + " " + d.nama;
}

std::string render_portal(const Directory& dir, std::string_view base, std::string_view suffix) {
  std::string body;
  body += "<p>";
  body += html_escape(msg::portal_intro);
  body += " ";
  body += std::to_string(dir.desa.size());
  body += " ";
  body += html_escape(msg::desa_kelurahan);
  body += ", ";
  body += std::to_string(dir.kecamatan.size());
  body += " ";
  body += html_escape(msg::kecamatan_lower);
  body += ".</p>";
  std::vector<std::vector<const DesaEntry*>> by_kec(dir.kecamatan.size());
  for (const auto& d : dir.desa)
    if (d.status != "archived") by_kec[d.kecamatan].push_back(&d);
  for (std::size_t k = 0; k < dir.kecamatan.size(); ++k) {
    if (by_kec[k].empty()) continue;
    const auto& kec = dir.kecamatan[k];
    body += "<section><h2 id=\"kec-" + html_escape(kec.slug) + "\">" + html_escape(msg::kecamatan) + " " +
            html_escape(kec.nama) + "</h2><ul class=\"kec\">";
    for (const DesaEntry* d : by_kec[k]) {
      body += "<li><a href=\"//" + html_escape(dir.primary_host(*d, base)) + html_escape(suffix) + "/\">" +
              html_escape(label_of(*d)) + "</a>";
      if (d->status == "suspended") body += " <small>(" + html_escape(msg::suspended_short) + ")</small>";
      body += "</li>";
    }
    body += "</ul></section>";
  }
  std::string name = portal_name(dir);
  return layout(name, "<h1>" + html_escape(name) + "</h1>", body, msg::footer_portal);
}

namespace {

std::string village_header(const Directory& dir, const DesaEntry& d, std::string_view base, std::string_view suffix) {
  const auto& kec = dir.kecamatan[d.kecamatan];
  return "<p><a href=\"//" + html_escape(base) + html_escape(suffix) + "/\">" + html_escape(portal_name(dir)) +
         "</a></p><h1><a href=\"/\">" + html_escape(label_of(d)) + "</a></h1><p>" + html_escape(msg::kecamatan) + " " +
         html_escape(kec.nama) + "</p>";
}

}  // namespace

std::string render_village_home(const Directory& dir, const DesaEntry& d, const VillageHome& home,
                                std::string_view base, std::string_view suffix) {
  const auto& kec = dir.kecamatan[d.kecamatan];
  std::string body;
  if (!home.tagline.empty()) body += "<p><strong>" + html_escape(home.tagline) + "</strong></p>";
  body += "<h2>" + html_escape(msg::identitas) + "</h2><dl>";
  body += "<dt>" + html_escape(msg::nama) + "</dt><dd>" + html_escape(d.nama) + "</dd>";
  body += "<dt>" + html_escape(msg::jenis) + "</dt><dd>" + html_escape(d.jenis == "kelurahan" ? msg::kelurahan : msg::desa) + "</dd>";
  body += "<dt>" + html_escape(msg::kecamatan) + "</dt><dd>" + html_escape(kec.nama) + "</dd>";
  if (!dir.kabupaten_nama.empty())
    body += "<dt>" + html_escape(msg::kabupaten) + "</dt><dd>" + html_escape(dir.kabupaten_nama) + "</dd>";
  body += "<dt>" + html_escape(msg::kode_wilayah) + "</dt><dd>" + html_escape(d.kode) + "</dd></dl>";
  if (!home.pages.empty()) {
    body += "<h2>" + html_escape(msg::halaman) + "</h2><ul>";
    for (const auto& p : home.pages)
      body += "<li><a href=\"/halaman/" + html_escape(p.slug) + "\">" + html_escape(p.title) + "</a></li>";
    body += "</ul>";
  }
  return layout(label_of(d) + " — " + kec.nama, village_header(dir, d, base, suffix), body, msg::footer_village);
}

std::string render_village_page(const Directory& dir, const DesaEntry& d, std::string_view title,
                                const std::vector<std::string>& paragraphs, std::string_view base,
                                std::string_view suffix) {
  std::string body = "<article><h2>" + html_escape(title) + "</h2>";
  for (const auto& p : paragraphs) body += "<p>" + html_escape(p) + "</p>";
  body += "</article>";
  return layout(std::string(title) + " — " + label_of(d), village_header(dir, d, base, suffix), body, msg::footer_village);
}

std::string render_notice(std::string_view title, std::string_view message) {
  return layout(title, "<h1>" + html_escape(title) + "</h1>", "<p>" + html_escape(message) + "</p>", msg::footer_portal);
}

}  // namespace balai::site
