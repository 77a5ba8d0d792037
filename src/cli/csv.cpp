#include "cli/csv.hpp"

namespace leadqual::cli {

void append_csv_cell(std::string& out, std::string_view cell) {
  bool quote = !cell.empty() && (cell.front() == ' ' || cell.back() == ' ');
  for (char c : cell) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') quote = true;
  }
  if (!quote) {
    out.append(cell);
    return;
  }
  out.push_back('"');
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace leadqual::cli
