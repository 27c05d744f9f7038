// Small text helpers shared by every module: HTML escaping, ASCII case, trimming.
#pragma once
#include <string>
#include <string_view>

namespace balai {

std::string html_escape(std::string_view s);
std::string to_lower_ascii(std::string_view s);
std::string_view trim(std::string_view s);
bool starts_with_ci(std::string_view s, std::string_view prefix);

}  // namespace balai
