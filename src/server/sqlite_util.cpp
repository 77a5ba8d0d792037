#include "server/sqlite_util.hpp"

namespace leadqual::server::sqlite {

std::string column_text(sqlite3_stmt* stmt, int index) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, index));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, index)))
              : std::string();
}

SqlValue column_value(sqlite3_stmt* stmt, int index) {
  switch (sqlite3_column_type(stmt, index)) {
    case SQLITE_NULL:
      return {};
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(stmt, index));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, index);
    default:
      return column_text(stmt, index);
  }
}

std::vector<SqlValue> column_values(sqlite3_stmt* stmt, int first, int count) {
  std::vector<SqlValue> values;
  values.reserve(static_cast<std::size_t>(count));
  for (int i = first; i < first + count; ++i) values.push_back(column_value(stmt, i));
  return values;
}

void bind_text(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void bind_values(sqlite3_stmt* stmt, const std::vector<SqlValue>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    const SqlValue& value = values[i];
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
      sqlite3_bind_int64(stmt, index, *integer);
    } else if (const auto* real = std::get_if<double>(&value)) {
      sqlite3_bind_double(stmt, index, *real);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      bind_text(stmt, index, *text);
    } else {
      sqlite3_bind_null(stmt, index);
    }
  }
}

}  // namespace leadqual::server::sqlite
