// Holding suspicious public text (online gambling spam, defacement) for
// Diskominfo's review: the scanner of server/content/scan.hpp with the
// regency's term list, the village's released texts, and the review queue
// (scan_holds). Used by the public forms and by the admin's writes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "server/content/scan.hpp"

namespace balai::site {

struct Hold {
  std::vector<std::string> alasan;  // Bahasa Indonesia, strongest first
  std::string fingerprint;          // SHA-256 of the scanned text: a released text is not held again
};

// Scans with the regency's current terms; nullopt when the text may go out
// (clean, or this exact text was released for this village before).
std::optional<Hold> scan_public_text(pqxx::transaction_base& tx, std::int64_t desa_id, const content::ScanInput& in);

// Puts a held item in the review queue and tells the village why.
// objek: berita, halaman, komentar, layanan, dokumen, menu.
void record_hold(pqxx::transaction_base& tx, std::int64_t desa_id, const std::string& objek, std::int64_t objek_id,
                 const std::string& judul, const std::string& cuplikan, const Hold& hold, std::int64_t account_id,
                 const std::string& requested);

// The reasons as one line, for the item's own "why" field.
std::string hold_reason(const Hold& hold);

}  // namespace balai::site
