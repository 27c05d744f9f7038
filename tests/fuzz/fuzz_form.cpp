// Public form bodies (comments, complaints, PPID requests): the URL-encoded
// parser and the validation every submission passes.
#include <cstdint>
#include <string>

#include "server/site/forms.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  auto form = balai::site::parse_form(in);
  (void)balai::site::validate_submission(form, true, 4000);
  (void)balai::site::validate_submission(form, false, 2000);
  return 0;
}
