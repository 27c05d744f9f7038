// Server-rendered SVG bar charts: no JavaScript on the visitor's phone, and
// every figure is also in an accessible table beside the chart.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace balai::site {

struct Bar {
  std::string label;
  std::vector<std::int64_t> values;  // one per series
};

// Horizontal grouped bars. `series` names each value column (legend);
// `title` becomes the SVG's accessible name.
std::string bar_chart_svg(const std::string& title, const std::vector<std::string>& series, const std::vector<Bar>& bars);

// 1234567 -> "1.234.567" (Indonesian grouping).
std::string format_number(std::int64_t n);
// 1500000 -> "Rp1.500.000".
std::string format_rupiah(std::int64_t n);

}  // namespace balai::site
