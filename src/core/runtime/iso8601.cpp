#include "core/runtime/iso8601.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace leadqual {
namespace {

bool digits(std::string_view s, std::size_t& i, int count, int& out) {
  out = 0;
  for (int k = 0; k < count; ++k, ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's method).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// "Z", "±HH:MM", "±HHMM" or "±HH" from s[i] to the end: the offset east of UTC in minutes.
bool zone(std::string_view s, std::size_t i, int& minutes) {
  minutes = 0;
  if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size();
  if (s[i] != '+' && s[i] != '-') return false;
  const int sign = s[i] == '+' ? 1 : -1;
  ++i;
  int hours = 0;
  int mins = 0;
  if (!digits(s, i, 2, hours)) return false;
  if (i < s.size()) {
    if (s[i] == ':') ++i;
    if (!digits(s, i, 2, mins)) return false;
  }
  if (i != s.size() || hours > 23 || mins > 59) return false;
  minutes = sign * (hours * 60 + mins);
  return true;
}

}  // namespace

bool parse_iso8601(std::string_view s, double& ms) {
  std::size_t i = 0;
  int year = 0, month = 0, day = 0;
  if (!digits(s, i, 4, year) || i >= s.size() || s[i++] != '-') return false;
  if (!digits(s, i, 2, month) || i >= s.size() || s[i++] != '-') return false;
  if (!digits(s, i, 2, day)) return false;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return false;
  double total = static_cast<double>(days_from_civil(year, month, day)) * 86400000.0;
  if (i == s.size()) {
    ms = total;
    return true;
  }
  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return false;
  ++i;
  int hour = 0, minute = 0, second = 0, millis = 0;
  if (!digits(s, i, 2, hour) || i >= s.size() || s[i++] != ':') return false;
  if (!digits(s, i, 2, minute)) return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!digits(s, i, 2, second)) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      const std::size_t start = i;
      int scale = 100;
      for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, scale /= 10) {
        millis += (s[i] - '0') * scale;
      }
      if (i == start) return false;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return false;
  int offset = 0;
  if (i < s.size() && !zone(s, i, offset)) return false;
  total += ((hour * 60.0 + minute - offset) * 60.0 + second) * 1000.0 + millis;
  ms = total;
  return true;
}

}  // namespace leadqual
