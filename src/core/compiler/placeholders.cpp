#include "core/compiler/placeholders.hpp"

#include "core/runtime/text.hpp"

namespace leadqual {

std::vector<Placeholder> placeholders_in(std::string_view text) {
  std::vector<Placeholder> found;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      i += 2;  // "{{" or "}}": a literal brace
      continue;
    }
    if (c != '{') {
      ++i;  // text, or a lone "}", which is a literal brace too
      continue;
    }
    const std::size_t close = text.find_first_of("{}", i + 1);
    if (close == std::string_view::npos || text[close] == '{') {
      const std::size_t end = close == std::string_view::npos ? text.size() : close;
      found.push_back({"", "'" + quote_for_message(text.substr(i, end - i), 20) +
                               "' is never closed (write '{{' for a literal brace)"});
      i = end;
      continue;
    }
    std::string name(text.substr(i + 1, close - i - 1));
    if (name.empty()) {
      found.push_back({"", "empty placeholder '{}' (write '{{' for a literal brace)"});
    } else {
      found.push_back({std::move(name), ""});
    }
    i = close + 1;
  }
  return found;
}

}  // namespace leadqual
