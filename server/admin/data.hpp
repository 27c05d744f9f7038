// The admin API for every other kind of village content: structured rows
// described by a schema the UI renders as forms (/api/data), profile and
// free pages (/api/halaman), and downloadable documents (/api/dokumen).
#pragma once
#include <string>
#include <vector>

#include <pqxx/transaction>

#include "server/admin/api.hpp"

namespace balai::admin {

// Runs inside the village's tenant transaction. `changed` is set when the
// public site must be refreshed. parts: {"api", "data"|"halaman"|"dokumen", ...}.
http::Response village_data(pqxx::work& tx, const http::Request& req, const Account& a, const std::vector<std::string>& parts,
                            const json& body, bool& changed, const std::string& public_origin);

}  // namespace balai::admin
