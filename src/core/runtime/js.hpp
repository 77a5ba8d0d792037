// JavaScript's conversions on Values, as JsonLogic relies on them: ToNumber, String(x), strict
// equality, UTF-16 string order, number printing and decimal rounding. Internal to the
// expression engine; locale-independent so native and WebAssembly agree byte for byte.
#pragma once

#include <string>
#include <string_view>

#include "core/runtime/value.hpp"

namespace leadqual::js {

// The primitives of number text, JavaScript's own: js_numbers.cpp computes them exactly (native
// code and the core module); the page's runtime module imports them from the JavaScript that
// runs it (wasm/host_numbers.cpp), whose Number(), String() and % they are.
//
// JS Number(string), for strings only.
double string_to_number(std::string_view s);
void append_number(std::string& out, double d);  // JS Number.prototype.toString()
// The shortest decimal digits that round-trip: |d| = 0.digits × 10^n. Returns the sign.
bool shortest_decimal(double d, std::string& digits, int& n);
// The double nearest to digits × 10^exp10 (ties to even); `digits` are decimal digits without
// leading zeros.
double decimal_value(std::string_view digits, int exp10);
// JS x % y (C's fmod: exact, the sign of x).
double remainder(double x, double y);

// JS ToNumber: null → 0, booleans → 0/1, strings parsed (blank → 0, bad → NaN),
// arrays through their string form, objects → NaN.
double to_number(const Value& v);

// JS String(x): "null", "true", numbers as JS prints them, arrays joined with ",".
std::string to_string(const Value& v);
// Rounds half away from zero at `places` decimals (negative: tens, hundreds...) on the
// shortest decimal form, so round(2.345, 2) is 2.35 as written, not 2.34 from binary.
double round_decimal(double d, int places);

// === (arrays/objects by content). Inline for null, booleans, numbers and strings, which every
// rule condition compares (the scorer's test() and `in` call it once per comparison).
bool strict_equals_content(const Value& a, const Value& b);  // arrays, objects, errors
inline bool strict_equals(const Value& a, const Value& b) {
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
    default:
      return strict_equals_content(a, b);
  }
}

// UTF-16 code-unit order of two UTF-8 strings (what JS compares).
int compare_strings(std::string_view a, std::string_view b);

}  // namespace leadqual::js
