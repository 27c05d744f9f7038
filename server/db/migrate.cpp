#include "server/db/migrate.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <pqxx/pqxx>

namespace balai::db {

std::string Migration::checksum() const {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(sql.data(), sql.size(), md, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

namespace {

std::map<std::string, std::string> applied(pqxx::connection& conn, bool create) {
  pqxx::work tx(conn);
  if (create) {
    tx.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " name text PRIMARY KEY, checksum text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now())");
  }
  std::map<std::string, std::string> out;
  auto exists = tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL")[0].as<bool>();
  if (exists)
    for (const auto& row : tx.exec("SELECT name, checksum FROM schema_migrations"))
      out.emplace(row[0].as<std::string>(), row[1].as<std::string>());
  tx.commit();
  return out;
}

MigrationStatus compare(const std::map<std::string, std::string>& done) {
  MigrationStatus st;
  std::map<std::string, const Migration*> known;
  for (const auto& m : embedded_migrations()) known.emplace(m.name, &m);
  for (const auto& [name, sum] : done) {
    auto it = known.find(name);
    if (it == known.end()) st.problems.push_back(name + " was applied but is not part of this build (newer schema?)");
    else if (it->second->checksum() != sum) st.problems.push_back(name + " has changed since it was applied (checksum differs)");
  }
  for (const auto& m : embedded_migrations())
    if (!done.count(m.name)) st.pending.push_back(m.name);
  return st;
}

}  // namespace

MigrationStatus apply_migrations(pqxx::connection& conn) {
  auto st = compare(applied(conn, true));
  if (!st.problems.empty()) return st;
  for (const auto& m : embedded_migrations()) {
    if (std::find(st.pending.begin(), st.pending.end(), m.name) == st.pending.end()) continue;
    pqxx::work tx(conn);
    tx.exec(m.sql);
    tx.exec("INSERT INTO schema_migrations (name, checksum) VALUES (" + tx.quote(m.name) + ", " +
            tx.quote(m.checksum()) + ")");
    tx.commit();
    st.applied_now.push_back(m.name);
  }
  st.pending.clear();
  return st;
}

MigrationStatus check_migrations(pqxx::connection& conn) { return compare(applied(conn, false)); }

}  // namespace balai::db
