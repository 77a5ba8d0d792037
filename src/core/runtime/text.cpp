#include "core/runtime/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/runtime/json_writer.hpp"

namespace leadqual {

std::string pointer_append(const std::string& base, std::string_view token) {
  std::string out = base;
  out.reserve(base.size() + token.size() + 1);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string pointer_append(const std::string& base, std::size_t index) {
  return base + "/" + std::to_string(index);
}

// Optimal string alignment distance: insertions, deletions, substitutions, and a swap of two
// neighbouring letters ("emial" for "email") counted as one edit, as people mistype.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t width = b.size() + 1;
  std::vector<std::size_t> before(width), previous(width), current(width);
  for (std::size_t j = 0; j < width; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j < width; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  // Close enough to be a typo: at most a third of the name's letters (and at least 1) wrong.
  std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    if (c.size() > name.size() + limit || name.size() > c.size() + limit) continue;
    std::size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  if (name.size() > 200) return {};  // not a typo of an id; spare the quadratic comparison
  std::string best = closest_name(name, candidates);
  if (best.empty()) return {};
  return " \u2014 did you mean '" + best + "'?";
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;  // every byte that does not continue a sequence
  }
  return count;
}

std::string quote_for_message(std::string_view text, std::size_t max_chars) {
  std::string clean = valid_utf8(text);
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < clean.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(clean[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars == max_chars) {
        out += "\u2026";
        return out;
      }
      ++chars;
    }
    out += clean[i];
  }
  return out;
}

void sort_keys(TextKeys& keys) {
  std::sort(keys.begin(), keys.end());
}

double round_to(double value, int decimals) {
  static const double kScale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  if (!std::isfinite(value)) return value;
  double scale = kScale[std::clamp(decimals, 0, 6)];
  double scaled = value * scale;
  if (std::fabs(scaled) >= 9007199254740992.0) return value;  // no fraction left to round
  double rounded = std::round(scaled) / scale;
  return rounded == 0 ? 0.0 : rounded;
}

std::string format_number(double value) {
  std::string out;
  TextWriter(out).number(value);
  return out;
}

}  // namespace leadqual
