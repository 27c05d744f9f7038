// Moving a village in: the OpenSID dump reader, the WordPress and feed
// readers, the HTML converter and the desa/ folder archive reader. The first
// byte picks the reader; whatever they return renders safely.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "server/content/richtext.hpp"
#include "tenants/move_in.hpp"

namespace {
void check(const balai::tenants::MoveIn& m) {
  for (const auto& p : m.posts) {
    if (p.title.empty() || p.title.size() > 200 * 4 || p.slug.empty()) __builtin_trap();
    auto out = balai::content::render_richtext(p.body_doc_json);
    if (!out.valid || out.html.find("<script") != std::string::npos) __builtin_trap();
  }
  for (const auto& p : m.pages)
    if (!balai::content::render_richtext(p.body_doc_json).valid) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 5) {
      case 0: check(balai::tenants::parse_opensid_dump(in)); break;
      case 1: check(balai::tenants::parse_wxr(in)); break;
      case 2: check(balai::tenants::parse_feed(in)); break;
      case 3: {
        std::vector<balai::tenants::MoveInImage> images;
        if (!balai::content::render_richtext(balai::tenants::html_to_doc(in, images)).valid) __builtin_trap();
        break;
      }
      default: {
        auto files = balai::tenants::read_image_archive(in);
        for (const auto& [path, bytes] : files)
          if (path.empty() || path.front() == '/' || path.find("../") != std::string::npos) __builtin_trap();
        (void)balai::tenants::find_opensid_image(files, "foto.jpg");
      }
    }
  } catch (const std::runtime_error&) {
  }
  return 0;
}
