#include "server/site/charts.hpp"

#include <algorithm>

#include "server/core/text.hpp"

namespace balai::site {

std::string format_number(std::int64_t n) {
  bool negative = n < 0;
  std::string digits = std::to_string(negative ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return (negative ? "-" : "") + out;
}

std::string format_rupiah(std::int64_t n) { return "Rp" + format_number(n); }

std::string bar_chart_svg(const std::string& title, const std::vector<std::string>& series, const std::vector<Bar>& bars) {
  static const char* colours[] = {"#0b6e4f", "#d9822b", "#1d4e89", "#8a3b12"};
  const int label_w = 200, chart_w = 300, bar_h = 14, gap = 10, legend_h = 22;
  const int group_h = static_cast<int>(series.size()) * bar_h + gap;
  const int height = legend_h + static_cast<int>(bars.size()) * group_h + 6;
  std::int64_t max = 1;
  for (const auto& b : bars)
    for (auto v : b.values) max = std::max(max, v);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(label_w + chart_w + 90) + " " +
                    std::to_string(height) + "\" role=\"img\" aria-label=\"" + html_escape(title) +
                    "\" class=\"grafik\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\"><title>" + html_escape(title) + "</title>";
  int x = 0;
  for (std::size_t s = 0; s < series.size(); ++s) {
    svg += "<rect x=\"" + std::to_string(x) + "\" y=\"4\" width=\"12\" height=\"12\" fill=\"" + colours[s % 4] + "\"/><text x=\"" +
           std::to_string(x + 16) + "\" y=\"14\" font-size=\"12\">" + html_escape(series[s]) + "</text>";
    x += 24 + static_cast<int>(series[s].size()) * 7;
  }
  int y = legend_h;
  for (const auto& b : bars) {
    // Long labels are shortened to fit beside the bars; the table has them whole.
    std::string label = b.label;
    if (label.size() > 26) {
      std::size_t cut = 24;  // never inside a UTF-8 sequence
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";
    }
    svg += "<text x=\"0\" y=\"" + std::to_string(y + bar_h) + "\" font-size=\"12\">" + html_escape(label) + "</text>";
    for (std::size_t s = 0; s < b.values.size() && s < series.size(); ++s) {
      std::int64_t v = std::max<std::int64_t>(0, b.values[s]);
      int w = static_cast<int>(v * chart_w / max);
      svg += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + static_cast<int>(s) * bar_h) + "\" width=\"" +
             std::to_string(std::max(w, 1)) + "\" height=\"" + std::to_string(bar_h - 2) + "\" fill=\"" + colours[s % 4] + "\"/>";
      svg += "<text x=\"" + std::to_string(label_w + w + 4) + "\" y=\"" + std::to_string(y + static_cast<int>(s) * bar_h + bar_h - 3) +
             "\" font-size=\"11\">" + format_number(v) + "</text>";
    }
    y += group_h;
  }
  svg += "</svg>";
  return svg;
}

}  // namespace balai::site
