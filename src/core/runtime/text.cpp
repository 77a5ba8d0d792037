#include "core/runtime/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/runtime/js.hpp"
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
  return base + "/" + decimal(index);
}

// Optimal string alignment distance: insertions, deletions, substitutions, and a swap of two
// neighbouring letters ("emial" for "email") counted as one edit, as people mistype.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows of the table in one allocation: the row before the previous one (for the swaps),
  // the previous one and the current one.
  const std::size_t width = b.size() + 1;
  std::vector<std::size_t> rows(3 * width);
  std::size_t* before = rows.data();
  std::size_t* previous = before + width;
  std::size_t* current = previous + width;
  for (std::size_t j = 0; j < width; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j < width; ++j) {
      std::size_t d = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      d = std::min(d, previous[j] + 1);
      d = std::min(d, current[j - 1] + 1);
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, before[j - 2] + 1);
      }
      current[j] = d;
    }
    std::size_t* done = before;
    before = previous;
    previous = current;
    current = done;
  }
  return previous[b.size()];
}

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  // Close enough to be a typo: at most a third of the name's letters (and at least 1) wrong.
  std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  const std::string* best = nullptr;
  std::size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    if (c.size() > name.size() + limit || name.size() > c.size() + limit) continue;
    std::size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = &c;
    }
  }
  return best != nullptr ? *best : std::string();
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  if (name.size() > 200) return {};  // not a typo of an id; spare the quadratic comparison
  std::string best = closest_name(name, candidates);
  if (best.empty()) return {};
  std::string out = " \u2014 did you mean '";
  out += best;
  out += "'?";
  return out;
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
  // A heap sort: O(n log n) as std::sort, without introsort's insertion-sort and median-of-n
  // helpers, 1.9 KB of the runtime module (docs/performance.md, "The runtime's size, fifth
  // session"). Pairs that compare equal are equal in both fields, so every sort gives one order.
  std::make_heap(keys.begin(), keys.end());
  std::sort_heap(keys.begin(), keys.end());
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

std::string decimal(std::uint64_t value) {
  char digits[20];
  std::size_t n = sizeof digits;
  do {
    digits[--n] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  return std::string(digits + n, sizeof digits - n);
}

std::string format_number(double value) {
  std::string out;
  TextWriter(out).number(value);
  return out;
}

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

bool number_text(std::string_view text, double& value) {
  if (text.size() > 64) return false;
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  // [+-] digits [. digits] [e [+-] digits], a digit at least in the mantissa.
  std::size_t i = 0;
  const auto digit = [&](std::size_t k) {
    return k < text.size() && text[k] >= '0' && text[k] <= '9';
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const std::size_t sign = i;
  std::uint64_t mantissa = 0;
  std::size_t digits = 0;
  int decimals = -1;  // digits after the point; -1 without a point
  for (; i < text.size(); ++i) {
    if (digit(i)) {
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(text[i] - '0');
      ++digits;
      if (decimals >= 0) ++decimals;
    } else if (text[i] == '.' && decimals < 0) {
      decimals = 0;
    } else {
      break;
    }
  }
  if (digits == 0) return false;
  bool exponent = false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    exponent = true;
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i != text.size()) return false;
  const bool negative = sign == 1 && text[0] == '-';
  if (!exponent && digits <= 15 && decimals <= 15) {
    // Most answers are short plain decimals ("42", "-1.8", "93.994"): digits / 10^k is then the
    // correctly rounded value (both exact in a double), what the full conversion gives.
    static constexpr double kPowers[] = {1,   1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                         1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    double number = static_cast<double>(mantissa);
    if (decimals > 0) number /= kPowers[decimals];
    value = negative && number != 0 ? -number : number;
    if (negative && number == 0 && decimals >= 0) value = -0.0;
    return true;
  }
  value = js::string_to_number(text);
  // An integer is an integer: "-0" is 0, as JSON readers give it.
  if (decimals < 0 && !exponent && value == 0) value = 0;
  return true;
}

}  // namespace leadqual
