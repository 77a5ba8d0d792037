// std::from_chars for a double (general format), which Emscripten's C++ library does not have:
// there the same grammar, [-]digits[.digits][(e|E)[+|-]digits], is scanned here and converted
// with strtod (always in the "C" locale in WebAssembly), so both builds read the same numbers.
#pragma once

#include <charconv>
#include <cstdlib>
#include <string>
#include <system_error>

namespace leadqual::cli {

inline std::from_chars_result decimal_from_chars(const char* first, const char* last,
                                                 double& value) {
#ifndef __EMSCRIPTEN__
  return std::from_chars(first, last, value);
#else
  auto digits = [&](const char* p) {
    while (p != last && *p >= '0' && *p <= '9') ++p;
    return p;
  };
  const char* p = first != last && *first == '-' ? first + 1 : first;
  const char* integral_end = digits(p);
  const char* end = integral_end;
  if (end != last && *end == '.') end = digits(end + 1);
  if (end == p || (end == p + 1 && *p == '.')) return {first, std::errc::invalid_argument};
  if (end != last && (*end == 'e' || *end == 'E')) {
    const char* exponent = end + 1;
    if (exponent != last && (*exponent == '+' || *exponent == '-')) ++exponent;
    const char* exponent_end = digits(exponent);
    if (exponent_end != exponent) end = exponent_end;
  }
  value = std::strtod(std::string(first, end).c_str(), nullptr);
  return {end, std::errc()};
#endif
}

}  // namespace leadqual::cli
