// The named functions of both spellings, evaluated (their names and arities are the compiler's,
// compiler/node.hpp), and the ISO-8601 reading they and signal timestamps share.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/runtime/program.hpp"

namespace leadqual {

// Evaluates `fn` on already evaluated arguments (none of them errors).
Value call_function(Fn fn, const Value* args, std::size_t n, double now_ms);

// ISO 8601 date/time → milliseconds since the epoch (also used for signal timestamps).
bool parse_iso_date(std::string_view s, double& ms);

}  // namespace leadqual
