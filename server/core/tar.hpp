// Plain POSIX ustar archives: written for exports (a village's archive, the
// regency's open data), read back for imports. No compression, no links.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace balai::tar {

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  // `path` is relative, '/'-separated, at most 255 bytes; `mtime` in Unix seconds.
  void add(std::string_view path, std::string_view data, std::int64_t mtime = 0);
  // Writes the two zero blocks that end an archive.
  void finish();

 private:
  std::ostream& out_;
};

struct Entry {
  std::string path, data;
};

// Reads every regular file of an archive. Throws std::runtime_error for a
// malformed archive, an unsafe path ("..", absolute) or more than
// `max_total` bytes of content.
std::vector<Entry> read_all(std::string_view archive, std::size_t max_total);

}  // namespace balai::tar
