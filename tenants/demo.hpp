// The demo regency's content: a deterministic generator that fills every
// village with varied, realistic Indonesian content (officials, profile
// pages, news, agenda, contacts, figures), so the demo looks like a living
// regency. Same input, same output.
#pragma once
#include <cstddef>
#include <functional>

#include <pqxx/connection>

namespace balai::tenants {

struct DemoStats {
  std::size_t villages = 0, posts = 0, agenda = 0, perangkat = 0;
};

// Seeds every village that has no posts yet, in one transaction.
DemoStats seed_demo(pqxx::connection& conn, const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace balai::tenants
