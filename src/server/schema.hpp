// The collector's schema, written once for both stores: the migrations (each moves the schema
// from version i to i + 1), spelled in each store's SQL by its dialect, and the one way they are
// applied (migrate_schema). Also what both stores read and write the same way: the result row's
// columns, the query of Storage::list.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/storage.hpp"

namespace leadqual::server {

// How one store spells the schema and takes the migration lock.
struct SqlDialect {
  const char* row_key;        // an auto-numbered primary key column's type and constraint
  const char* int64;          // a 64-bit integer column (milliseconds, row numbers)
  const char* real;           // a double column
  const char* without_rowid;  // the table option for a table keyed by its primary key, or ""
  // What this store alone adds at each schema version (index version - 1), or nullptr.
  std::array<const char*, Storage::kSchemaVersion> own;
  const char* begin;  // starts the transaction the migrations run in
  const char* lock;   // then, in it, serialises collectors migrating together (nullptr: none)
  char placeholder;   // how a statement's parameter n is spelled: '?' (?n) or '$' ($n)
};

extern const SqlDialect kSqlite;
extern const SqlDialect kPostgres;

// The SQL that moves the schema from `version - 1` to `version` (1 to kSchemaVersion).
std::string schema_migration(int version, const SqlDialect& dialect);

// What migrate_schema needs of a store's connection.
class SchemaConnection {
 public:
  virtual ~SchemaConnection() = default;
  // Runs `sql` (one or more statements); false with `error`.
  virtual bool exec(const std::string& sql, std::string& error) = 0;
  // The integer in the first column of the one row `sql` selects; false with `error`.
  virtual bool select_int(const std::string& sql, int& value, std::string& error) = 0;
};

// Brings the database to kSchemaVersion in one transaction (rolled back on any failure): false
// with `error`, also when the database is newer than this leadqual.
bool migrate_schema(SchemaConnection& db, const SqlDialect& dialect, std::string& error);

// The columns of a result as the API reads it (result_row's arguments), in that order.
constexpr const char* kResultColumns =
    "seq, received_ms, suspect_reason, payload, unverified_reason";

// A stored result from its row (kResultColumns); a payload that is no JSON reads as null.
StoredResult result_row(std::int64_t seq, std::int64_t received_ms, std::string suspect_reason,
                        std::string_view payload, std::string unverified_reason);

// A column's value or a statement's parameter, as a store reads or writes it: NULL, an
// integer, a double or a text.
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

// The columns of a result row that hold a submission, in the order of submission_values.
constexpr const char* kSubmissionColumns =
    "id, received_ms, submitted_at, model_id, model_version, model_hash, score, percent, grade, "
    "stage, format, client, user_agent, suspect_reason, payload, unverified_reason";
constexpr int kSubmissionColumnCount = 16;

// The row (kSubmissionColumns) that stores `s`, received at `received_ms`, its payload as
// `payload_text`.
std::vector<SqlValue> submission_values(const Submission& s, std::int64_t received_ms,
                                        std::string payload_text);
// The submission such a row holds (its payload unset: the text is `payload_text`).
Submission submission_of(std::vector<SqlValue> row, std::int64_t& received_ms,
                         std::string& payload_text);

// INSERT INTO results (kSubmissionColumns) VALUES (the dialect's parameters 1 to 16) ON
// CONFLICT (id) DO NOTHING: a submission id is stored once.
std::string insert_result_sql(const SqlDialect& dialect);

// The statement of Storage::list for `filter` (reading kResultColumns) and its parameters, in
// the order the statement numbers them.
std::string list_query(const ResultFilter& filter, const SqlDialect& dialect,
                       std::vector<SqlValue>& params);

}  // namespace leadqual::server
