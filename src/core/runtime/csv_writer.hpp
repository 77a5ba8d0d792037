// Writing CSV cells (RFC 4180) that are safe to open in a spreadsheet: the one writer of the
// CLI's `score --output csv` and the collector's CSV export. (Reading CSV is core/csv.hpp.)
#pragma once

#include <string>
#include <string_view>

#include "core/runtime/json_writer.hpp"

namespace leadqual {

enum class CsvCell {
  Text,    // guarded: a cell a spreadsheet would take for a formula gets a leading apostrophe
  Number,  // written as is ("-5" stays a number)
};

// Appends `cell` to `out`: quoted when it holds a comma, a quote, CR or LF, or starts or ends
// with a space (which some readers trim); quotes inside doubled. A Text cell whose first
// character other than spaces, tabs and line breaks is = + - @ (or their full-width forms
// ＝ ＋ － ＠, which an input method types), or that starts with a tab or CR, is prefixed with
// ' so that Excel, LibreOffice and Google Sheets show it as text instead of running it.
void append_csv_cell(std::string& out, std::string_view cell, CsvCell kind = CsvCell::Text);
// The same into a TextSink (rows written a piece at a time).
void append_csv_cell(TextSink& out, std::string_view cell, CsvCell kind = CsvCell::Text);

// The cell alone (append_csv_cell to an empty string).
std::string csv_cell(std::string_view cell, CsvCell kind = CsvCell::Text);

}  // namespace leadqual
