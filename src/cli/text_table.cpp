#include "cli/text_table.hpp"

#include <cstdio>

namespace leadqual::cli {

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string percent_text(double rate) {
  return fixed(100 * rate, 1) + " %";
}

namespace {

std::size_t code_points(const std::string& text) {
  std::size_t length = 0;
  for (unsigned char c : text) length += (c & 0xC0) != 0x80;
  return length;
}

}  // namespace

std::string pad(const std::string& text, std::size_t width, bool right) {
  const std::size_t length = code_points(text);
  if (length >= width) return text;
  const std::string fill(width - length, ' ');
  return right ? fill + text : text + fill;
}

std::string clip(const std::string& text, std::size_t width) {
  if (width == 0) return {};
  std::size_t length = 0;
  std::size_t cut = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (length == width - 1) cut = i;
    ++length;
  }
  return length <= width ? text : text.substr(0, cut) + "…";
}

}  // namespace leadqual::cli
