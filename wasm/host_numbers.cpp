// The primitives of number text (core/runtime/js.hpp) in the page's runtime module, computed by
// the JavaScript that runs it: Number(string), String(number) and % are exactly what they
// stand for, so the module imports them (web/leadqual.js hands them in, instantiateRuntime)
// instead of carrying js_numbers.cpp's exact conversions, its bignum and musl's fmod — 2.5 KB
// gzip of the module (docs/performance.md, "The runtime's size, seventh session"). Native code
// and the core module keep js_numbers.cpp; tests/js/numbers.test.mjs holds both to this very
// engine's answers.
//
// Linked into the runtime module only (wasm/CMakeLists.txt): its definitions come before the
// runtime library's, so the linker never takes js_numbers.cpp's object from it (a function
// declared there and not here would take it, and the link then fails on the duplicates).
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/runtime/js.hpp"
#include "core/runtime/text.hpp"

extern "C" {
// Number(text) of the UTF-8 text at `text`.
__attribute__((import_module("env"), import_name("js_number"))) double lq_host_number_of(
    const char* text, std::size_t size);
// Writes String(value) (ASCII, at most 25 characters) into the 32 bytes at `out`; returns its
// length.
__attribute__((import_module("env"), import_name("js_string"))) std::size_t lq_host_number_text(
    double value, char* out);
// x % y.
__attribute__((import_module("env"), import_name("js_remainder"))) double lq_host_remainder(
    double x, double y);
}

namespace leadqual::js {

double string_to_number(std::string_view s) {
  return lq_host_number_of(s.data(), s.size());
}

void append_number(std::string& out, double d) {
  char text[32];
  const std::size_t size = lq_host_number_text(d, text);
  out.append(text, size < sizeof text ? size : sizeof text);
}

bool shortest_decimal(double d, std::string& digits, int& n) {
  // String(|d|) has them: "123", "0.00123", "1.5e+21", "1e-7".
  const bool negative = std::signbit(d);
  digits.clear();
  n = 0;
  if (d == 0 || !std::isfinite(d)) {
    digits = "0";
    return negative;
  }
  std::string text;
  append_number(text, std::fabs(d));
  bool fraction = false;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != 'e'; ++i) {
    if (text[i] == '.') {
      fraction = true;
    } else if (digits.empty() && text[i] == '0') {
      if (fraction) --n;  // a leading zero after the point
    } else {
      digits += text[i];
      if (!fraction) ++n;
    }
  }
  if (i < text.size()) {  // e+21, e-7
    const bool minus = text[i + 1] == '-';
    int exponent = 0;
    for (i += 2; i < text.size(); ++i) exponent = exponent * 10 + (text[i] - '0');
    n += minus ? -exponent : exponent;
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  return negative;
}

double decimal_value(std::string_view digits, int exp10) {
  std::string literal(digits);
  literal += exp10 < 0 ? "e-" : "e";
  literal +=
      decimal(static_cast<std::uint64_t>(exp10 < 0 ? -static_cast<long long>(exp10) : exp10));
  return string_to_number(literal);
}

double remainder(double x, double y) {
  return lq_host_remainder(x, y);
}

}  // namespace leadqual::js
