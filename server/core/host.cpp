#include "server/core/host.hpp"

#include <arpa/inet.h>

#include <cstring>

#include "server/core/text.hpp"

namespace balai {

namespace {

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::vector<unsigned char>> parse_ip(std::string_view text) {
  std::string s(text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return std::vector<unsigned char>(buf, buf + 4);
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address.
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(buf, mapped, 12) == 0) return std::vector<unsigned char>(buf + 12, buf + 16);
    return std::vector<unsigned char>(buf, buf + 16);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> normalize_host(std::string_view raw) {
  raw = trim(raw);
  if (raw.empty() || raw.size() > 260) return std::nullopt;
  std::string_view host = raw;
  if (host.front() == '[') {  // IPv6 literal, optionally with port
    auto close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    auto rest = host.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':' || rest.size() < 2 || rest.size() > 6) return std::nullopt;
      for (char c : rest.substr(1))
        if (c < '0' || c > '9') return std::nullopt;
    }
    auto inner = host.substr(1, close - 1);
    if (!parse_ip(inner) || inner.find(':') == std::string_view::npos) return std::nullopt;
    return "[" + to_lower_ascii(inner) + "]";
  }
  if (auto colon = host.find(':'); colon != std::string_view::npos) {
    auto port = host.substr(colon + 1);
    if (port.empty() || port.size() > 5) return std::nullopt;
    for (char c : port)
      if (c < '0' || c > '9') return std::nullopt;
    host = host.substr(0, colon);
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty() || host.size() > 253) return std::nullopt;
  std::string lower = to_lower_ascii(host);
  std::string_view rest = lower;
  while (true) {
    auto dot = rest.find('.');
    if (!valid_label(rest.substr(0, dot))) return std::nullopt;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return lower;
}

std::string host_port_suffix(std::string_view raw) {
  raw = trim(raw);
  auto start = raw.empty() || raw.front() != '[' ? 0 : raw.find(']');
  if (start == std::string_view::npos) return "";
  auto colon = raw.find(':', start);
  if (colon == std::string_view::npos) return "";
  auto port = raw.substr(colon + 1);
  if (port.empty() || port.size() > 5) return "";
  for (char c : port)
    if (c < '0' || c > '9') return "";
  return ":" + std::string(port);
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  text = trim(text);
  Cidr net;
  auto slash = text.find('/');
  auto ip = parse_ip(text.substr(0, slash));
  if (!ip) return std::nullopt;
  net.addr = *ip;
  int max = static_cast<int>(net.addr.size() * 8);
  if (slash == std::string_view::npos) {
    net.prefix = max;
  } else {
    auto bits = text.substr(slash + 1);
    if (bits.empty() || bits.size() > 3) return std::nullopt;
    int n = 0;
    for (char c : bits) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    if (n > max) return std::nullopt;
    net.prefix = n;
  }
  return net;
}

bool cidr_contains(const Cidr& net, std::string_view address) {
  auto ip = parse_ip(trim(address));
  if (!ip || ip->size() != net.addr.size()) return false;
  int bits = net.prefix;
  for (size_t i = 0; i < ip->size() && bits > 0; ++i, bits -= 8) {
    unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
    if (((*ip)[i] & mask) != (net.addr[i] & mask)) return false;
  }
  return true;
}

std::string client_address(std::string_view peer, std::string_view xff,
                           const std::vector<Cidr>& trusted) {
  auto is_trusted = [&](std::string_view a) {
    for (const auto& net : trusted)
      if (cidr_contains(net, a)) return true;
    return false;
  };
  if (!is_trusted(peer)) return std::string(peer);
  // Walk X-Forwarded-For from the right: the nearest hop the proxy saw first.
  std::string_view rest = xff;
  while (!rest.empty()) {
    auto comma = rest.rfind(',');
    std::string_view entry = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    if (entry.empty()) continue;
    if (!parse_ip(entry)) return std::string(peer);  // garbage: do not trust further
    if (!is_trusted(entry)) return std::string(entry);
  }
  return std::string(peer);
}

}  // namespace balai
