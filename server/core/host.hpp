// Host header handling: normalisation of what a client sent into a canonical
// hostname, and client-address resolution behind trusted proxies.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace balai {

// Lowercases, strips a port and one trailing dot, and validates the result as
// a DNS name (labels of [a-z0-9-], 1..63 chars, total <= 253). Punycode
// (xn--) labels pass through untouched. IP literals are accepted as-is.
// Returns nullopt for anything malformed.
std::optional<std::string> normalize_host(std::string_view raw);

// Port part of a Host header (":8080"), or "" when there is none.
std::string host_port_suffix(std::string_view raw);

// An IPv4/IPv6 network in CIDR form ("10.0.0.0/8", "::1", "127.0.0.1").
struct Cidr {
  std::vector<unsigned char> addr;  // 4 or 16 bytes
  int prefix = 0;
};
std::optional<Cidr> parse_cidr(std::string_view text);
bool cidr_contains(const Cidr& net, std::string_view address);

// The client address a request is attributed to: the socket peer, unless the
// peer is a trusted proxy; then the right-most X-Forwarded-For entry that is
// not itself a trusted proxy.
std::string client_address(std::string_view peer, std::string_view x_forwarded_for,
                           const std::vector<Cidr>& trusted);

}  // namespace balai
