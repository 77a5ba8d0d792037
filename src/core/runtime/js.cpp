#include "core/runtime/js.hpp"

#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace leadqual::js {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_js_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_js_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_js_space(s.back())) s.remove_suffix(1);
  return s;
}

// Length of the longest prefix of `s` that is a decimal literal ([+-]digits[.digits][e[+-]digits],
// at least one digit in the mantissa), or 0.
std::size_t decimal_prefix(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    std::size_t exp_digits = 0;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j, ++exp_digits;
    if (exp_digits > 0) i = j;
  }
  return i;
}

// Converts a validated decimal literal ([+-0-9.eE] only). strtod reads the decimal point of the
// C locale, so '.' is swapped for it in case a host program changed LC_NUMERIC.
double convert_decimal(std::string_view literal) {
  std::string copy(literal);
  const char* point = std::localeconv()->decimal_point;
  if (point && point[0] != '.' && point[0] != '\0' && point[1] == '\0') {
    for (char& c : copy) {
      if (c == '.') c = point[0];
    }
  }
  return std::strtod(copy.c_str(), nullptr);
}

std::string_view infinity_prefix(std::string_view s, double& out) {
  std::string_view rest = s;
  double sign = 1;
  if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
    if (rest.front() == '-') sign = -1;
    rest.remove_prefix(1);
  }
  constexpr std::string_view kInfinity = "Infinity";
  if (rest.substr(0, kInfinity.size()) == kInfinity) {
    out = sign * std::numeric_limits<double>::infinity();
    return rest.substr(kInfinity.size());
  }
  return s;
}

double parse_radix_integer(std::string_view digits, int radix) {
  if (digits.empty()) return kNaN;
  double value = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return kNaN;
    }
    if (d >= radix) return kNaN;
    value = value * radix + d;
  }
  return value;
}

std::string primitive_string(const Value& v);

}  // namespace

double string_to_number(std::string_view raw) {
  std::string_view s = trim(raw);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    char p = s[1];
    if (p == 'x' || p == 'X') return parse_radix_integer(s.substr(2), 16);
    if (p == 'o' || p == 'O') return parse_radix_integer(s.substr(2), 8);
    if (p == 'b' || p == 'B') return parse_radix_integer(s.substr(2), 2);
  }
  double inf = 0;
  if (infinity_prefix(s, inf).empty()) return inf;
  std::size_t n = decimal_prefix(s);
  if (n == 0 || n != s.size()) return kNaN;
  return convert_decimal(s);
}

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

bool shortest_decimal(double d, std::string& digits, int& n) {
  // The fewest significant digits that read back as the same double, as JavaScript prints:
  // try 1, 2, ... 17 digits of the correctly rounded "%e" form (exact in glibc and musl). Only
  // the digits and exponent are taken from printf, so its locale's decimal point is irrelevant.
  bool negative = std::signbit(d);
  double magnitude = std::fabs(d);
  digits.clear();
  n = 0;
  if (magnitude == 0 || !std::isfinite(magnitude)) {
    digits = "0";
    return negative;
  }
  char buffer[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*e", precision - 1, magnitude);
    std::string mantissa;
    int exponent = 0;
    for (const char* c = buffer; *c; ++c) {
      if (*c >= '0' && *c <= '9') {
        mantissa += *c;
      } else if (*c == 'e' || *c == 'E') {
        exponent = std::atoi(c + 1);
        break;
      }
    }
    std::string literal =
        mantissa.substr(0, 1) + "." + mantissa.substr(1) + "e" + std::to_string(exponent);
    if (convert_decimal(literal) == magnitude || precision == 17) {
      while (mantissa.size() > 1 && mantissa.back() == '0') mantissa.pop_back();
      digits = mantissa;
      n = exponent + 1;  // d = 0.digits × 10^n
      break;
    }
  }
  return negative;
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
  std::string literal = (negative ? "-" : "") + kept + "e" + std::to_string(n - keep);
  return convert_decimal(literal);
}

void append_number(std::string& out, double d) {
  if (std::isnan(d)) {
    out += "NaN";
    return;
  }
  if (std::isinf(d)) {
    out += d < 0 ? "-Infinity" : "Infinity";
    return;
  }
  if (d == 0) {
    out += '0';  // also -0, as JS prints it
    return;
  }
  std::string digits;
  int n = 0;
  bool negative = shortest_decimal(d, digits, n);
  int k = static_cast<int>(digits.size());
  if (negative) out += '-';
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<std::size_t>(n));
    out += '.';
    out.append(digits, static_cast<std::size_t>(n), std::string::npos);
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1, std::string::npos);
    }
    out += 'e';
    int e = n - 1;
    out += e < 0 ? '-' : '+';
    out += std::to_string(e < 0 ? -e : e);
  }
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

bool strict_equals(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::Null:
      return true;
    case Value::Kind::Bool:
      return a.as_bool() == b.as_bool();
    case Value::Kind::Number:
      return a.as_number() == b.as_number();
    case Value::Kind::String:
      return a.as_string() == b.as_string();
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
  }
  return false;
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
