#include "server/core/tar.hpp"

#include <array>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace balai::tar {

namespace {

constexpr std::size_t kBlock = 512;

// `width - 1` zero-padded octal digits and a NUL (the value must fit).
void octal(char* field, std::size_t width, std::uint64_t value) {
  field[width - 1] = '\0';
  for (std::size_t i = width - 1; i-- > 0;) {
    field[i] = static_cast<char>('0' + (value & 7));
    value >>= 3;
  }
}

std::uint64_t parse_octal(const char* field, std::size_t width) {
  std::uint64_t v = 0;
  std::size_t i = 0;
  while (i < width && (field[i] == ' ' || field[i] == '\0')) ++i;
  for (; i < width && field[i] >= '0' && field[i] <= '7'; ++i) v = v * 8 + static_cast<std::uint64_t>(field[i] - '0');
  return v;
}

bool safe_path(std::string_view p) {
  if (p.empty() || p.front() == '/' || p.find('\\') != std::string_view::npos) return false;
  std::size_t at = 0;
  while (at <= p.size()) {
    auto slash = p.find('/', at);
    if (slash == std::string_view::npos) slash = p.size();
    auto part = p.substr(at, slash - at);
    if (part == ".." || part == ".") return false;
    at = slash + 1;
  }
  return true;
}

}  // namespace

void Writer::add(std::string_view path, std::string_view data, std::int64_t mtime) {
  if (!safe_path(path) || path.size() > 255) throw std::invalid_argument("tar: bad path " + std::string(path));
  std::array<char, kBlock> h{};
  std::string_view name = path, prefix;
  if (path.size() > 100) {
    auto split = path.rfind('/', 155);
    if (split == std::string_view::npos || path.size() - split - 1 > 100) throw std::invalid_argument("tar: path too long");
    prefix = path.substr(0, split);
    name = path.substr(split + 1);
  }
  std::memcpy(h.data(), name.data(), name.size());
  octal(h.data() + 100, 8, 0644);
  octal(h.data() + 108, 8, 0);
  octal(h.data() + 116, 8, 0);
  octal(h.data() + 124, 12, data.size());
  octal(h.data() + 136, 12, static_cast<std::uint64_t>(mtime < 0 ? 0 : mtime));
  std::memset(h.data() + 148, ' ', 8);
  h[156] = '0';
  std::memcpy(h.data() + 257, "ustar", 6);
  h[263] = '0';
  h[264] = '0';
  if (!prefix.empty()) std::memcpy(h.data() + 345, prefix.data(), prefix.size());
  unsigned sum = 0;
  for (char c : h) sum += static_cast<unsigned char>(c);
  octal(h.data() + 148, 7, sum);  // six digits, NUL, then a space
  h[155] = ' ';
  out_.write(h.data(), kBlock);
  if (!data.empty()) out_.write(data.data(), static_cast<std::streamsize>(data.size()));
  static const std::array<char, kBlock> zero{};
  if (auto rest = data.size() % kBlock) out_.write(zero.data(), static_cast<std::streamsize>(kBlock - rest));
}

void Writer::finish() {
  static const std::array<char, kBlock * 2> zero{};
  out_.write(zero.data(), zero.size());
  out_.flush();
}

std::vector<Entry> read_all(std::string_view a, std::size_t max_total) {
  std::vector<Entry> out;
  std::size_t at = 0, total = 0;
  while (at + kBlock <= a.size()) {
    const char* h = a.data() + at;
    bool zero = true;
    for (std::size_t i = 0; i < kBlock && zero; ++i) zero = h[i] == 0;
    if (zero) return out;
    unsigned sum = 0;
    for (std::size_t i = 0; i < kBlock; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(h[i]);
    if (sum != parse_octal(h + 148, 8)) throw std::runtime_error("tar: header checksum mismatch");
    std::string name(h, strnlen(h, 100));
    std::string prefix(h + 345, strnlen(h + 345, 155));
    std::string path = prefix.empty() ? name : prefix + "/" + name;
    std::uint64_t size = parse_octal(h + 124, 12);
    char type = h[156];
    at += kBlock;
    if (size > a.size() - at) throw std::runtime_error("tar: truncated archive");
    if (type == '0' || type == '\0') {
      if (!safe_path(path)) throw std::runtime_error("tar: unsafe path " + path);
      total += size;
      if (total > max_total) throw std::runtime_error("tar: archive content too large");
      out.push_back({path, std::string(a.substr(at, size))});
    } else if (type != '5') {
      throw std::runtime_error("tar: unsupported entry type for " + path);
    }
    at += (size + kBlock - 1) / kBlock * kBlock;
  }
  throw std::runtime_error("tar: archive has no end");
}

}  // namespace balai::tar
