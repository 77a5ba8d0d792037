// Writing CSV as RFC 4180 describes it: comma-separated, fields in double quotes when they need
// them, a quote inside a quoted field doubled. (Reading CSV is the core's: src/core/csv.hpp.)
#pragma once

#include <string>
#include <string_view>

namespace leadqual::cli {

// Appends `cell` to `out`, quoted when it holds a comma, quote, CR or LF (or starts/ends with
// a space, which some readers would trim).
void append_csv_cell(std::string& out, std::string_view cell);

}  // namespace leadqual::cli
