// Host header normalisation, the port suffix, trusted-proxy parsing and the
// client address taken from X-Forwarded-For. Input: "host\nxff\nproxies".
#include <cstdint>
#include <string>
#include <string_view>

#include "server/core/host.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto a = in.find('\n');
  std::string_view host = in.substr(0, a);
  std::string_view rest = a == std::string_view::npos ? std::string_view() : in.substr(a + 1);
  auto b = rest.find('\n');
  std::string_view xff = rest.substr(0, b);
  std::string_view proxies = b == std::string_view::npos ? std::string_view() : rest.substr(b + 1);

  if (auto n = balai::normalize_host(host)) {
    // Normalising is idempotent and never yields what a header could not carry.
    auto again = balai::normalize_host(*n);
    if (!again || *again != *n) __builtin_trap();
    for (char c : *n)
      if (c == '\r' || c == '\n' || c == ' ' || c == '/' || (c >= 'A' && c <= 'Z')) __builtin_trap();
  }
  (void)balai::host_port_suffix(host);
  std::vector<balai::Cidr> trusted;
  if (auto net = balai::parse_cidr(proxies)) {
    trusted.push_back(*net);
    (void)balai::cidr_contains(*net, xff);
  }
  (void)balai::client_address(host, xff, trusted);
  return 0;
}
