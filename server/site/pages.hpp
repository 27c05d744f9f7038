// Rendering of the placeholder public pages (portal and village) as pure
// functions of their data: every text from data is escaped here.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "tenants/directory.hpp"

namespace balai::site {

struct PageLink {
  std::string slug, title;
};

struct VillageHome {
  std::string tagline;
  std::vector<PageLink> pages;
};

// `link_suffix` is the port part kept in links (":8080" in the demo).
std::string render_portal(const Directory& dir, std::string_view base_domain, std::string_view link_suffix);
std::string render_village_home(const Directory& dir, const DesaEntry& d, const VillageHome& home,
                                std::string_view base_domain, std::string_view link_suffix);
std::string render_village_page(const Directory& dir, const DesaEntry& d, std::string_view title,
                                const std::vector<std::string>& paragraphs, std::string_view base_domain,
                                std::string_view link_suffix);
std::string render_notice(std::string_view title, std::string_view message);

// The display label of a village: "Desa Blumah" / "Kelurahan Langenharjo".
std::string label_of(const DesaEntry& d);

}  // namespace balai::site
