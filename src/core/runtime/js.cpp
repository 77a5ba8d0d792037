// JavaScript's conversions over Values (js.hpp), built on the primitives of number text
// (js_numbers.cpp natively and in the core module, JavaScript's own in the page's runtime).
#include "core/runtime/js.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

namespace leadqual::js {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string primitive_string(const Value& v);

}  // namespace

double to_number(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null:
      return 0;
    case Value::Kind::Bool:
      return v.as_bool() ? 1 : 0;
    case Value::Kind::Number:
      return v.as_number();
    case Value::Kind::String:
      return string_to_number(v.as_string());
    case Value::Kind::Array:
      return string_to_number(to_string(v));
    default:
      return kNaN;
  }
}

double round_decimal(double d, int places) {
  if (!std::isfinite(d) || d == 0) return d;
  std::string digits;
  int n = 0;
  bool negative = shortest_decimal(d, digits, n);
  int keep = n + places;  // digits that stay before the cut
  if (keep >= static_cast<int>(digits.size())) return d;
  if (keep < 0) return negative ? -0.0 : 0.0;
  std::string kept = digits.substr(0, static_cast<std::size_t>(keep));
  if (digits[static_cast<std::size_t>(keep)] >= '5') {
    // Half away from zero: add one unit in the last kept place, carrying.
    int i = keep - 1;
    while (i >= 0 && kept[static_cast<std::size_t>(i)] == '9')
      kept[static_cast<std::size_t>(i--)] = '0';
    if (i >= 0) {
      ++kept[static_cast<std::size_t>(i)];
    } else {
      kept.insert(kept.begin(), '1');
      ++n;
      ++keep;
    }
  }
  if (kept.empty()) return negative ? -0.0 : 0.0;
  double magnitude = decimal_value(kept, n - keep);
  return negative ? -magnitude : magnitude;
}

namespace {
std::string primitive_string(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null:
      return "null";
    case Value::Kind::Bool:
      return v.as_bool() ? "true" : "false";
    case Value::Kind::Number: {
      std::string s;
      append_number(s, v.as_number());
      return s;
    }
    case Value::Kind::String:
      return std::string(v.as_string());
    case Value::Kind::Array: {
      // Array.prototype.join: null elements become empty strings.
      std::string s;
      bool first = true;
      for (const Value& e : v.as_array()) {
        if (!first) s += ',';
        first = false;
        if (!e.is_null()) s += primitive_string(e);
      }
      return s;
    }
    case Value::Kind::Object:
      return "[object Object]";
    case Value::Kind::Error:
      return std::string(v.as_string());
  }
  return {};
}
}  // namespace

std::string to_string(const Value& v) {
  return primitive_string(v);
}

bool strict_equals_content(const Value& a, const Value& b) {
  switch (a.kind()) {
    case Value::Kind::Array: {
      const Array& x = a.as_array();
      const Array& y = b.as_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!strict_equals(x[i], y[i])) return false;
      }
      return true;
    }
    case Value::Kind::Object: {
      const Object& x = a.as_object();
      const Object& y = b.as_object();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (x[i].first != y[i].first || !strict_equals(x[i].second, y[i].second)) return false;
      }
      return true;
    }
    case Value::Kind::Error:
      return a.as_string() == b.as_string();
    default:
      return false;  // scalars are strict_equals's own (js.hpp)
  }
}

int compare_strings(std::string_view a, std::string_view b) {
  // UTF-8 byte order equals code point order; it differs from UTF-16 order only for
  // supplementary characters against U+E000..U+FFFF, which we map accordingly.
  std::size_t i = 0;
  std::size_t j = 0;
  auto next = [](std::string_view s, std::size_t& k) -> std::uint32_t {
    auto c = static_cast<unsigned char>(s[k]);
    if (c < 0x80) {
      ++k;
      return c;
    }
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    std::uint32_t cp = c & (0x3F >> extra);
    ++k;
    for (int n = 0; n < extra && k < s.size(); ++n, ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
    }
    // A supplementary code point sorts as its high surrogate (0xD800..0xDBFF) in UTF-16.
    if (cp >= 0x10000) return 0xD800 + ((cp - 0x10000) >> 10);
    return cp;
  };
  while (i < a.size() && j < b.size()) {
    std::size_t i0 = i;
    std::size_t j0 = j;
    std::uint32_t x = next(a, i);
    std::uint32_t y = next(b, j);
    if (x != y) return x < y ? -1 : 1;
    // Same high surrogate: compare the whole sequence bytes (low surrogates order like bytes).
    int c = a.substr(i0, i - i0).compare(b.substr(j0, j - j0));
    if (c != 0) return c < 0 ? -1 : 1;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

}  // namespace leadqual::js
