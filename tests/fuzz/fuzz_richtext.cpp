// The rich-text renderer: whatever document is stored, the HTML it gives has
// no markup that did not come from the allow-list.
#include <cstdint>
#include <string>

#include "server/content/richtext.hpp"
#include "server/content/scan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  auto out = balai::content::render_richtext(in);
  for (const char* bad : {"<script", "<iframe", "<object", "<embed", "<style", "javascript:", " onerror=", " onload=", " style="})
    if (out.html.find(bad) != std::string::npos) __builtin_trap();
  (void)balai::content::excerpt(out.plain, 160);
  balai::content::ScanInput scan;
  balai::content::collect_richtext(in, scan);
  balai::content::collect_html(in, scan);
  (void)balai::content::scan(balai::content::default_terms(), scan);
  return 0;
}
