#include "tenants/directory.hpp"

namespace balai {

void Directory::index() {
  by_slug.clear();
  by_domain.clear();
  by_id.clear();
  for (std::size_t i = 0; i < desa.size(); ++i) {
    by_slug.emplace(desa[i].slug, i);
    by_id.emplace(desa[i].id, i);
  }
  for (const auto& [host, id] : domains)
    if (auto it = by_id.find(id); it != by_id.end()) by_domain.emplace(host, it->second);
}

const DesaEntry* Directory::find(std::int64_t id) const {
  auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : &desa[it->second];
}

std::string Directory::primary_host(const DesaEntry& d, std::string_view base_domain) const {
  if (!d.primary_domain.empty()) return d.primary_domain;
  return d.slug + "." + std::string(base_domain);
}

namespace {

// The village a host names directly: a custom domain or <slug>.<base>.
const DesaEntry* direct(const Directory& dir, std::string_view host, std::string_view base) {
  if (auto it = dir.by_domain.find(std::string(host)); it != dir.by_domain.end()) return &dir.desa[it->second];
  if (host.size() > base.size() + 1 && host.ends_with(base) && host[host.size() - base.size() - 1] == '.') {
    auto label = host.substr(0, host.size() - base.size() - 1);
    if (label.find('.') != std::string_view::npos) return nullptr;
    if (auto it = dir.by_slug.find(std::string(label)); it != dir.by_slug.end()) return &dir.desa[it->second];
  }
  return nullptr;
}

}  // namespace

Resolution resolve_host(const Directory& dir, std::string_view host, std::string_view base) {
  Resolution r;
  if (host == base) {
    r.target = Target::portal;
    return r;
  }
  if (const DesaEntry* d = direct(dir, host, base)) {
    r.desa = d;
    // One address per village: its other names redirect to the primary one.
    if (auto primary = dir.primary_host(*d, base); primary != host) {
      r.target = Target::redirect;
      r.redirect_host = std::move(primary);
      return r;
    }
    r.target = Target::village;
    return r;
  }
  if (host.starts_with("www.")) {
    auto rest = host.substr(4);
    if (rest == base) {
      r.target = Target::redirect;
      r.redirect_host = std::string(base);
      return r;
    }
    if (const DesaEntry* d = direct(dir, rest, base)) {
      r.target = Target::redirect;
      r.desa = d;
      r.redirect_host = dir.primary_host(*d, base);
      return r;
    }
  }
  return r;
}

}  // namespace balai
