// The national kode wilayah file an operator uploads to the console.
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>

#include "tenants/wilayah.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  std::istringstream stream(in);
  try {
    (void)balai::wilayah::read_extract(stream, "33.24");
  } catch (const std::exception&) {
  }
  auto line = in.substr(0, in.find('\n'));
  (void)balai::wilayah::split_csv_line(line);
  (void)balai::wilayah::parse_kode(line);
  auto slug = balai::wilayah::slugify(line);
  for (char c : slug)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) __builtin_trap();
  return 0;
}
