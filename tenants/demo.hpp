// The demo regency's content: a deterministic generator that fills every
// village with varied, realistic Indonesian content (officials, profile
// pages, news, agenda, contacts, figures), so the demo looks like a living
// regency. Same input, same output.
#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>

#include <pqxx/connection>

namespace balai::tenants {

struct DemoStats {
  std::size_t villages = 0, posts = 0, agenda = 0, perangkat = 0, photos = 0;
};

// Seeds every village that has no posts yet, in one transaction.
// Pictures (generated landscapes and emblems) are stored under media_dir.
DemoStats seed_demo(pqxx::connection& conn, const std::filesystem::path& media_dir,
                    const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace balai::tenants
