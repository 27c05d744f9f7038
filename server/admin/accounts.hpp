// Account operations shared by the admin API and the server's CLI.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include <pqxx/transaction>

namespace balai::admin {

// A refusal about one field, in Bahasa Indonesia.
struct AccountError : std::runtime_error {
  AccountError(std::string f, const std::string& message) : std::runtime_error(message), field(std::move(f)) {}
  std::string field;
};

struct NewAccount {
  std::int64_t id = 0;
  std::string temporary_password;  // shown once; must be changed at first sign-in
};

// peran: superadmin, operator_diskominfo, viewer_kecamatan (needs kecamatan_id),
// admin_desa, editor, kontributor (need desa_id).
NewAccount create_account(pqxx::work& tx, const std::string& username, const std::string& nama, const std::string& peran,
                          std::int64_t desa_id, std::int64_t kecamatan_id);

// A single-use code, valid 24 hours, that lets the account set a new password.
// issued_by: the account that asked for it, 0 for the server's CLI.
std::string issue_recovery_code(pqxx::work& tx, std::int64_t account_id, std::int64_t issued_by);

}  // namespace balai::admin
