#include "cli/clock.hpp"

#include <chrono>

#include "core/runtime/iso8601.hpp"

namespace leadqual::cli {
namespace {

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
  // ISO dates mean exactly what they mean in models (signal timestamps, days_since).
  if (parse_ms(text, ms) || parse_iso8601(text, ms)) return true;
  error = "--now: '" + std::string(text) +
          "' is neither milliseconds since 1970 nor an ISO 8601 date-time such as "
          "2026-11-22T09:30:00Z";
  return false;
}

bool now_option(const ParsedArgs& parsed, double& ms, std::string& error) {
  const std::string* now = parsed.value("--now");
  if (!now) {
    ms = system_now_ms();
    return true;
  }
  return parse_now(*now, ms, error);
}

}  // namespace leadqual::cli
