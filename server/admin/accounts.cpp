#include "server/admin/accounts.hpp"

#include <pqxx/pqxx>
#include <regex>
#include <set>

#include "server/admin/auth.hpp"

namespace balai::admin {

NewAccount create_account(pqxx::work& tx, const std::string& username, const std::string& nama, const std::string& peran,
                          std::int64_t desa_id, std::int64_t kecamatan_id) {
  static const std::regex name_re("^[a-z0-9][a-z0-9._-]{2,39}$");
  if (!std::regex_match(username, name_re))
    throw AccountError("username", "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.");
  std::size_t chars = 0;
  for (unsigned char c : nama) chars += (c & 0xC0) != 0x80;
  if (chars == 0 || chars > 120) throw AccountError("nama", "Nama wajib diisi (maksimal 120 karakter).");
  static const std::set<std::string> village = {"admin_desa", "editor", "kontributor"};
  static const std::set<std::string> regency = {"superadmin", "operator_diskominfo", "viewer_kecamatan"};
  if (!village.count(peran) && !regency.count(peran)) throw AccountError("peran", "Peran tidak dikenal.");
  if (village.count(peran) && !desa_id) throw AccountError("desa", "Akun desa harus terhubung ke satu desa.");
  if (peran == "viewer_kecamatan" && !kecamatan_id) throw AccountError("kecamatan", "viewer_kecamatan harus terhubung ke satu kecamatan.");
  if (!tx.exec_params("SELECT 1 FROM accounts WHERE username = $1", username).empty())
    throw AccountError("username", "Nama pengguna \"" + username + "\" sudah dipakai.");
  NewAccount out;
  out.temporary_password = auth::temporary_password();
  auto r = tx.exec_params(
      "INSERT INTO accounts (username, nama, peran, desa_id, kecamatan_id, password_hash, must_change_password)"
      " VALUES ($1, $2, $3, NULLIF($4::bigint, 0), NULLIF($5::bigint, 0), $6, true) RETURNING id",
      username, nama, peran, village.count(peran) ? desa_id : 0, peran == "viewer_kecamatan" ? kecamatan_id : 0,
      auth::hash_password(out.temporary_password));
  out.id = r[0][0].as<std::int64_t>();
  return out;
}

std::string issue_recovery_code(pqxx::work& tx, std::int64_t account_id, std::int64_t issued_by) {
  // An older unused code stops working when a new one is issued.
  tx.exec_params("UPDATE recovery_codes SET expires_at = now() WHERE account_id = $1 AND used_at IS NULL AND expires_at > now()", account_id);
  std::string code = auth::recovery_code();
  tx.exec_params("INSERT INTO recovery_codes (account_id, code_hash, issued_by, expires_at) VALUES ($1, $2, NULLIF($3::bigint, 0), now() + interval '24 hours')",
                 account_id, pqxx::binarystring(auth::sha256(auth::normalize_code(code))), issued_by);
  return code;
}

}  // namespace balai::admin
