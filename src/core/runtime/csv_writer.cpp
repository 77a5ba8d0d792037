#include "core/runtime/csv_writer.hpp"

namespace leadqual {
namespace {

bool starts_a_formula(std::string_view cell) {
  if (!cell.empty() && (cell[0] == '\t' || cell[0] == '\r')) return true;
  std::size_t i = 0;
  while (i < cell.size() &&
         (cell[i] == ' ' || cell[i] == '\t' || cell[i] == '\r' || cell[i] == '\n')) {
    ++i;
  }
  const std::string_view rest = cell.substr(i);
  if (rest.empty()) return false;
  const char c = rest[0];
  if (c == '=' || c == '+' || c == '-' || c == '@') return true;
  // U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠ in UTF-8.
  for (std::string_view wide : {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"}) {
    if (rest.substr(0, wide.size()) == wide) return true;
  }
  return false;
}

}  // namespace

void append_csv_cell(TextSink& out, std::string_view cell, CsvCell kind) {
  const bool guard = kind == CsvCell::Text && starts_a_formula(cell);
  bool quote = !cell.empty() && ((cell.front() == ' ' && !guard) || cell.back() == ' ');
  for (char c : cell) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') quote = true;
  }
  if (quote) out.raw('"');
  if (guard) out.raw('\'');
  if (!quote) {
    out.raw(cell);
    return;
  }
  for (char c : cell) {
    if (c == '"') out.raw('"');
    out.raw(c);
  }
  out.raw('"');
}

void append_csv_cell(std::string& out, std::string_view cell, CsvCell kind) {
  TextBuffer buffer(out);
  append_csv_cell(buffer, cell, kind);
}

std::string csv_cell(std::string_view cell, CsvCell kind) {
  std::string out;
  append_csv_cell(out, cell, kind);
  return out;
}

}  // namespace leadqual
