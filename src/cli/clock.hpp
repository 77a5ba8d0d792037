// The clock the core is given (`now_ms`): the system time, or a fixed `--now` for reproducible
// results (days_since, signal decay).
#pragma once

#include <string>
#include <string_view>

#include "cli/args.hpp"

namespace leadqual::cli {

double system_now_ms();

// Accepts milliseconds since the epoch ("1763800000000") or an ISO 8601 date or date-time
// ("2026-11-22", "2026-11-22T09:30:00Z", "2026-11-22T18:30:00.250+09:00"; no zone = UTC).
bool parse_now(std::string_view text, double& ms, std::string& error);

// A verb's --now option (parse_now) into `ms`, else the system clock. False with `error`.
bool now_option(const ParsedArgs& parsed, double& ms, std::string& error);

}  // namespace leadqual::cli
