#include "server/migrate_store.hpp"

#include <memory>

#include "server/pg_store.hpp"
#include "server/schema.hpp"
#include "server/sqlite_util.hpp"
#include "server/token.hpp"

namespace leadqual::server {

using sqlite::column_text;
using sqlite::Stmt;

bool migrate_store(const std::string& from, const std::string& to, MigrateReport& report,
                   std::string& error) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(from.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  sqlite::Db source(raw);
  if (rc != SQLITE_OK) {
    error = "cannot open '" + from + "': " + (raw ? sqlite3_errmsg(raw) : "out of memory");
    return false;
  }
  sqlite3_busy_timeout(raw, 5000);
  auto prepare = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(raw, sql, -1, &stmt, nullptr);
    return Stmt(stmt);
  };
  auto version = prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!version || sqlite3_step(version.get()) != SQLITE_ROW) {
    error = "'" + from + "' is not a leadqual SQLite store: " + sqlite3_errmsg(raw);
    return false;
  }
  const int source_version = sqlite3_column_int(version.get(), 0);
  version.reset();
  if (source_version != Storage::kSchemaVersion) {
    error = "'" + from + "' has schema version " + std::to_string(source_version) +
            "; this leadqual copies version " + std::to_string(Storage::kSchemaVersion) +
            " (start leadqual serve on it once to migrate it)";
    return false;
  }

  auto target = PgStore::open(to, 2, error);
  if (!target) return false;

  // One consistent snapshot of the source, even while a collector still writes to it.
  char* message = nullptr;
  if (sqlite3_exec(raw, "BEGIN", nullptr, nullptr, &message) != SQLITE_OK) {
    error = "cannot read '" + from + "': " + (message ? message : sqlite3_errmsg(raw));
    sqlite3_free(message);
    return false;
  }
  // The submission's columns (no outbox column has their names), then its outbox row's.
  const std::string select = std::string("SELECT ") + kSubmissionColumns +
                             ", o.seq IS NOT NULL, o.attempts, o.next_attempt_ms, o.last_error, "
                             "o.delivered_ms FROM results r LEFT JOIN outbox o "
                             "ON o.result_seq = r.seq ORDER BY r.seq";
  auto rows = prepare(select.c_str());
  if (!rows) {
    error = "cannot read '" + from + "': " + sqlite3_errmsg(raw);
    return false;
  }
  int step;
  while ((step = sqlite3_step(rows.get())) == SQLITE_ROW) {
    sqlite3_stmt* row = rows.get();
    PgStore::Imported result;
    result.submission = submission_of(sqlite::column_values(row, 0, kSubmissionColumnCount),
                                      result.received_ms, result.payload_text);
    const Submission& s = result.submission;
    constexpr int outbox = kSubmissionColumnCount;  // the outbox row's columns follow
    result.has_outbox = sqlite3_column_int(row, outbox) != 0;
    result.attempts = sqlite3_column_int(row, outbox + 1);
    result.next_attempt_ms = sqlite3_column_int64(row, outbox + 2);
    result.last_error = column_text(row, outbox + 3);
    if (sqlite3_column_type(row, outbox + 4) != SQLITE_NULL) {
      result.delivered_ms = sqlite3_column_int64(row, outbox + 4);
    }
    bool inserted = false;
    if (!target->import(result, inserted, error)) {
      error = "copying result '" + s.id + "' (after " + std::to_string(report.copied) +
              " copied; running again continues): " + error;
      return false;
    }
    (inserted ? report.copied : report.present) += 1;
    if (inserted && result.has_outbox && !result.delivered_ms) ++report.queued;
  }
  if (step != SQLITE_DONE) {
    error = "reading '" + from + "': " + sqlite3_errmsg(raw);
    return false;
  }
  auto steps = prepare("SELECT model_id, session, step, received_ms FROM progress");
  if (!steps) {
    error = "cannot read '" + from + "': " + sqlite3_errmsg(raw);
    return false;
  }
  while ((step = sqlite3_step(steps.get())) == SQLITE_ROW) {
    if (!target->import_progress(column_text(steps.get(), 0), column_text(steps.get(), 1),
                                 column_text(steps.get(), 2), sqlite3_column_int64(steps.get(), 3),
                                 error)) {
      error = "copying the funnel: " + error;
      return false;
    }
    ++report.steps;
  }
  if (step != SQLITE_DONE) {
    error = "reading '" + from + "': " + sqlite3_errmsg(raw);
    return false;
  }
  // Links and scripts that used the SQLite collector's token keep working (unless the target
  // has a token already).
  std::string unread;  // a store without a token file has no token to copy
  const std::string token = read_token_file(token_file(from), unread).value_or("");
  if (!token.empty() && !target->import_token(token, report.token_copied, error)) {
    error = "copying the read token: " + error;
    return false;
  }
  return true;
}

}  // namespace leadqual::server
