#include "cli/clock.hpp"

#include <chrono>
#include <cstdint>

namespace leadqual::cli {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(std::int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Reads exactly `count` digits at `pos`.
bool digits(std::string_view text, std::size_t& pos, int count, int& value) {
  value = 0;
  for (int i = 0; i < count; ++i, ++pos) {
    if (pos >= text.size() || text[pos] < '0' || text[pos] > '9') return false;
    value = value * 10 + (text[pos] - '0');
  }
  return true;
}

bool parse_iso(std::string_view text, double& ms) {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-' ||
      !digits(text, pos, 2, month) || pos >= text.size() || text[pos++] != '-' ||
      !digits(text, pos, 2, day)) {
    return false;
  }
  static const int kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  if (day > kDaysIn[month - 1] + (month == 2 && is_leap(year) ? 1 : 0)) return false;
  double fraction_ms = 0;
  int offset_minutes = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return false;
    ++pos;
    if (!digits(text, pos, 2, hour) || pos >= text.size() || text[pos++] != ':' ||
        !digits(text, pos, 2, minute)) {
      return false;
    }
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!digits(text, pos, 2, second)) return false;
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        double scale = 100;
        const std::size_t first = pos;
        for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10) {
          fraction_ms += (text[pos] - '0') * scale;
        }
        if (pos == first) return false;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return false;
    if (pos < text.size()) {
      const char sign = text[pos++];
      if (sign == 'Z' || sign == 'z') {
        if (pos != text.size()) return false;
      } else if (sign == '+' || sign == '-') {
        int offset_hours = 0, offset_mins = 0;
        if (!digits(text, pos, 2, offset_hours)) return false;
        if (pos < text.size() && text[pos] == ':') ++pos;
        if (!digits(text, pos, 2, offset_mins) || pos != text.size()) return false;
        if (offset_hours > 23 || offset_mins > 59) return false;
        offset_minutes = (offset_hours * 60 + offset_mins) * (sign == '-' ? -1 : 1);
      } else {
        return false;
      }
    }
  }
  const std::int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t seconds =
      days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  ms = static_cast<double>(seconds) * 1000 + fraction_ms;
  return true;
}

bool parse_ms(std::string_view text, double& ms) {
  std::size_t pos = text.size() > 1 && text[0] == '-' ? 1 : 0;
  if (pos == text.size()) return false;
  double value = 0;
  for (; pos < text.size(); ++pos) {
    if (text[pos] < '0' || text[pos] > '9') return false;
    value = value * 10 + (text[pos] - '0');
  }
  if (value > 8.64e15) return false;  // beyond the range of a JavaScript Date
  ms = text[0] == '-' ? -value : value;
  return true;
}

}  // namespace

double system_now_ms() {
  using namespace std::chrono;
  return static_cast<double>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

bool parse_now(std::string_view text, double& ms, std::string& error) {
  if (parse_ms(text, ms) || parse_iso(text, ms)) return true;
  error = "--now: '" + std::string(text) +
          "' is neither milliseconds since 1970 nor an ISO 8601 date-time such as "
          "2026-11-22T09:30:00Z";
  return false;
}

}  // namespace leadqual::cli
