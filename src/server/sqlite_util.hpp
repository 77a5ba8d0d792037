// What the SQLite store and `migrate-store` (which reads a SQLite store) share: owning handles,
// reading a column, binding parameters.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "server/schema.hpp"

namespace leadqual::server::sqlite {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStmt {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Stmt = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;

// Column `index` of the current row as text ("" for NULL).
std::string column_text(sqlite3_stmt* stmt, int index);
// Column `index` of the current row as it is stored.
SqlValue column_value(sqlite3_stmt* stmt, int index);
// The columns `first` to `first + count - 1` of the current row.
std::vector<SqlValue> column_values(sqlite3_stmt* stmt, int first, int count);

void bind_text(sqlite3_stmt* stmt, int index, const std::string& text);
// Parameters 1, 2, … to `values` (NULL for an empty value).
void bind_values(sqlite3_stmt* stmt, const std::vector<SqlValue>& values);

}  // namespace leadqual::server::sqlite
