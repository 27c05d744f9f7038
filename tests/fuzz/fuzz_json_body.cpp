// Every JSON request body of the admin API goes through the same steps: the
// parse (no exceptions), the typed field readers (bounded, kind-checked), and
// for documents the renderer and the content scanner.
#include <cstdint>
#include <string>

#include "server/admin/api.hpp"
#include "server/content/richtext.hpp"
#include "server/content/scan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using balai::admin::json;
  std::string in(reinterpret_cast<const char*>(data), size);
  json body = json::parse(in, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return 0;
  json kolom = json::object();
  for (const char* key : {"judul", "ringkasan", "slug", "username", "sandi", "nama", "alamat", "url", "status", "alasan"}) {
    auto v = balai::admin::str(body, key, 200, kolom, true);
    if (v.size() > 200 * 4) __builtin_trap();  // bounded in characters, so at most 4 bytes each
  }
  for (const char* key : {"desa_id", "id", "kategori_id", "menit"}) (void)balai::admin::num(body, key);
  for (const char* key : {"isi", "dokumen"}) {
    if (!body.contains(key)) continue;
    std::string doc = body[key].dump(-1, ' ', false, json::error_handler_t::replace);
    (void)balai::content::render_richtext(doc);
    balai::content::ScanInput scan;
    balai::content::collect_richtext(doc, scan);
    (void)balai::content::scan(balai::content::default_terms(), scan);
  }
  return 0;
}
