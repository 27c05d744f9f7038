// Village archives uploaded to the console: the tar reader refuses what is
// malformed or unsafe, and never yields a path that leaves its folder.
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "server/core/tar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& e : balai::tar::read_all(in, 1u << 20)) {
      if (e.path.empty() || e.path.front() == '/' || e.path.find("..") != std::string::npos) {
        // ".." is allowed inside a name ("a..b") but never as a path segment.
        if (e.path.empty() || e.path.front() == '/' || e.path == ".." || e.path.starts_with("../") ||
            e.path.find("/../") != std::string::npos || e.path.ends_with("/.."))
          __builtin_trap();
      }
    }
  } catch (const std::runtime_error&) {
  }
  return 0;
}
