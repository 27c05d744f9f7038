// Schema migrations: the numbered SQL files of schema/, compiled into the
// binary, applied in order and recorded with a checksum.
#pragma once
#include <string>
#include <vector>

#include <pqxx/connection>

namespace balai::db {

struct Migration {
  std::string name;  // "001_registry.sql"
  std::string sql;
  std::string checksum() const;  // sha256 hex of sql
};

const std::vector<Migration>& embedded_migrations();

struct MigrationStatus {
  std::vector<std::string> applied_now;
  std::vector<std::string> pending;   // filled by check(), never by apply()
  std::vector<std::string> problems;  // changed or unknown applied files
};

// Applies every pending migration, each in its own transaction. Refuses (and
// applies nothing) when an applied file has changed since it was applied.
MigrationStatus apply_migrations(pqxx::connection& conn);

// What `serve` checks at start: nothing changed, nothing pending.
MigrationStatus check_migrations(pqxx::connection& conn);

}  // namespace balai::db
