#include "server/site/moderation.hpp"

#include <openssl/sha.h>

#include <pqxx/pqxx>

namespace balai::site {

namespace {

std::string sha256_hex(const std::string& data) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), d);
  static constexpr char k[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : d) out += {k[c >> 4], k[c & 15]};
  return out;
}

// Cuts at a character boundary.
std::string cut(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t at = max;
  while (at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;
  return s.substr(0, at) + "…";
}

}  // namespace

std::optional<Hold> scan_public_text(pqxx::transaction_base& tx, std::int64_t desa_id, const content::ScanInput& in) {
  std::vector<content::ScanTerm> terms;
  for (const auto& r : tx.exec("SELECT term, jenis FROM scan_terms")) terms.push_back({r[0].as<std::string>(), r[1].as<std::string>()});
  auto result = content::scan(terms, in);
  if (!result.hold) return std::nullopt;
  std::string all = in.text;
  for (const auto& l : in.links) all += "\n" + l;
  Hold h{result.alasan, sha256_hex(all)};
  if (!tx.exec_params("SELECT 1 FROM scan_released WHERE desa_id = $1 AND fingerprint = $2", desa_id, h.fingerprint).empty()) return std::nullopt;
  return h;
}

std::string hold_reason(const Hold& hold) {
  std::string out;
  for (const auto& a : hold.alasan) out += (out.empty() ? "" : "; ") + a;
  return cut(out, 900);
}

void record_hold(pqxx::transaction_base& tx, std::int64_t desa_id, const std::string& objek, std::int64_t objek_id, const std::string& judul,
                 const std::string& cuplikan, const Hold& hold, std::int64_t account_id, const std::string& requested) {
  std::string alasan = "{";
  for (std::size_t i = 0; i < hold.alasan.size(); ++i) {
    std::string a = hold.alasan[i];
    std::string quoted = "\"";
    for (char c : a) quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    alasan += (i ? "," : "") + quoted + "\"";
  }
  alasan += "}";
  // One open hold per item: a newer suspicious version replaces the older entry.
  tx.exec_params("UPDATE scan_holds SET status = 'dihapus', decided_by = 'diganti versi baru', decided_at = now()"
                 " WHERE desa_id = $1 AND objek = $2 AND objek_id = $3 AND status = 'menunggu'", desa_id, objek, objek_id);
  tx.exec_params("INSERT INTO scan_holds (desa_id, objek, objek_id, judul, cuplikan, alasan, fingerprint, account_id, requested)"
                 " VALUES ($1, $2, $3, $4, $5, $6::text[], $7, NULLIF($8::bigint, 0), $9)",
                 desa_id, objek, objek_id, cut(judul, 290), cut(cuplikan, 1900), alasan, hold.fingerprint, account_id, requested);
  tx.exec_params("INSERT INTO desa_notices (desa_id, jenis, pesan) VALUES ($1, 'konten_ditahan', $2)", desa_id,
                 cut("Isi \"" + cut(judul, 120) + "\" ditahan untuk diperiksa Diskominfo karena mirip konten judi online atau spam: " + hold_reason(hold) +
                         ". Jika ini keliru, Diskominfo akan melepasnya; Anda juga dapat membuat tiket bantuan.",
                     1900));
}

}  // namespace balai::site
