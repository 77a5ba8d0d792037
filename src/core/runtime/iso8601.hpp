// ISO 8601 date-times (the RFC 3339 profile, a little more lenient), the one parser every part
// uses: signal timestamps and days_since() in the core, `leadqual --now`, and the collector's
// submittedAt and since/until filters. Pure, locale-free, the same natively and in WebAssembly.
#pragma once

#include <string_view>

namespace leadqual {

// "YYYY-MM-DD", optionally followed by "T" (or "t" or a space) "HH:MM", optionally ":SS",
// optionally a fraction ".s…" (any number of digits; milliseconds are kept, the rest dropped),
// and a zone: "Z" (or "z"), "±HH:MM", "±HHMM" or "±HH". No zone means UTC. A leap second
// ("23:59:60") is accepted as the second after :59. Returns false for anything else (an
// impossible date such as 2026-02-29 included); on success `ms` is milliseconds since
// 1970-01-01T00:00:00Z.
bool parse_iso8601(std::string_view text, double& ms);

}  // namespace leadqual
