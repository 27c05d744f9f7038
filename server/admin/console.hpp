// Diskominfo's console on the admin origin (/api/konsol/...): every village
// at a glance, lifecycle, support, moderation; and the village side of
// support (/api/tiket, /api/pemberitahuan). Regency-wide reads use the
// roll-up tables of schema/008_console.sql, never lifted row-level security.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/connection>

#include "server/admin/admin.hpp"
#include "server/admin/api.hpp"

namespace balai::admin {

// Addresses a hostname resolves to (IPv4/IPv6 text). Injectable for tests.
using Resolver = std::function<std::vector<std::string>(const std::string& host)>;
Resolver system_resolver();
// A hosts(5)-style file ("203.0.113.7 desa.example") answers instead of DNS.
Resolver hosts_file_resolver(const std::string& path);

struct ConsoleEnv {
  const AdminConfig& config;
  DirectoryStore& directory;
  std::function<void(std::int64_t)> content_changed;
  std::function<std::string(std::int64_t)> public_origin;
  Resolver resolve;
};

http::Response console_api(ConsoleEnv& env, pqxx::connection& conn, const http::Request& req, const Account& a,
                           const std::vector<std::string>& parts, const json& body);
http::Response support_api(ConsoleEnv& env, pqxx::connection& conn, const http::Request& req, const Account& a,
                           const std::vector<std::string>& parts, const json& body);

// Notices (and emails, when SMTP is set) to every village that has been quiet
// for more than 30 days and was not nudged in the last 6 days. Returns their ids.
std::vector<std::int64_t> nudge_quiet(pqxx::connection& conn, const AdminConfig& config, const std::string& actor);

// The activity band of a village from the days since its last content update.
std::string activity_band(std::int64_t days_since_update);  // -1: never

}  // namespace balai::admin
