#include "server/store.hpp"

#include <sqlite3.h>

#include <utility>

#include "core/leadqual.hpp"
#include "server/util.hpp"

namespace leadqual::server {
namespace {

// Each entry moves the schema from version i to i + 1. Never edit a released entry: append.
const char* const kMigrations[] = {
    // 1: results (unique by submission id) and the forwarding outbox.
    R"sql(
CREATE TABLE results (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  received_ms INTEGER NOT NULL,
  submitted_at TEXT NOT NULL,
  model_id TEXT NOT NULL,
  model_version TEXT NOT NULL,
  model_hash TEXT NOT NULL,
  score REAL NOT NULL,
  percent REAL,
  grade TEXT,
  stage TEXT NOT NULL,
  format TEXT NOT NULL,
  client TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  suspect_reason TEXT NOT NULL DEFAULT '',
  payload TEXT NOT NULL
);
CREATE UNIQUE INDEX results_id ON results(id);
CREATE INDEX results_model_received ON results(model_id, received_ms);
CREATE INDEX results_received ON results(received_ms);
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,
  result_seq INTEGER NOT NULL REFERENCES results(seq),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  delivered_ms INTEGER
);
CREATE INDEX outbox_due ON outbox(next_attempt_ms) WHERE delivered_ms IS NULL;
)sql",
    // 2: results for models the collector did not know are kept, flagged with why; the funnel
    // (which questions each visit answered, reported by the widget) for starts and drop-off.
    R"sql(
ALTER TABLE results ADD COLUMN unverified_reason TEXT NOT NULL DEFAULT '';
CREATE TABLE progress (
  model_id TEXT NOT NULL,
  session TEXT NOT NULL,
  step TEXT NOT NULL,
  received_ms INTEGER NOT NULL,
  PRIMARY KEY (model_id, session, step)
) WITHOUT ROWID;
)sql",
};
static_assert(sizeof kMigrations / sizeof kMigrations[0] == Store::kSchemaVersion,
              "one migration per schema version");

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStmt {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Stmt = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;

std::string db_error(sqlite3* db, const std::string& doing) {
  return doing + ": " + sqlite3_errmsg(db);
}

bool exec(sqlite3* db, const char* sql, std::string& error) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    error = std::string(message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    return false;
  }
  return true;
}

Stmt prepare(sqlite3* db, const char* sql, std::string& error) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
    error = db_error(db, "prepare");
    return nullptr;
  }
  return Stmt(raw);
}

void bind_text(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* stmt, int index) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, index));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, index)))
              : std::string();
}

Db open_connection(const std::string& path, bool synchronous_full, std::string& error) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    error = "cannot open database '" + path + "': " + (raw ? sqlite3_errmsg(raw) : "out of memory");
    return nullptr;
  }
  sqlite3_extended_result_codes(raw, 1);
  // busy_timeout covers the moments another connection (ours or a backup tool's) holds a lock.
  sqlite3_busy_timeout(raw, 5000);
  const std::string pragmas = std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=") +
                              (synchronous_full ? "FULL" : "NORMAL") + "; PRAGMA foreign_keys=ON;";
  if (!exec(raw, pragmas.c_str(), error)) {
    error = "cannot configure database '" + path + "': " + error;
    return nullptr;
  }
  return db;
}

bool migrate(sqlite3* db, std::string& error) {
  if (!exec(db, "BEGIN IMMEDIATE", error)) return false;
  auto fail = [&](const std::string& why) {
    std::string ignored;
    exec(db, "ROLLBACK", ignored);
    error = why;
    return false;
  };
  if (!exec(db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", error)) {
    return fail("cannot create schema_version: " + error);
  }
  Stmt current_stmt = prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version", error);
  if (!current_stmt || sqlite3_step(current_stmt.get()) != SQLITE_ROW) {
    return fail("cannot read schema_version: " + std::string(sqlite3_errmsg(db)));
  }
  const int current = sqlite3_column_int(current_stmt.get(), 0);
  current_stmt.reset();
  if (current > Store::kSchemaVersion) {
    return fail("the database has schema version " + std::to_string(current) +
                ", newer than this leadqual understands (" + std::to_string(Store::kSchemaVersion) +
                ")");
  }
  for (int version = current + 1; version <= Store::kSchemaVersion; ++version) {
    if (!exec(db, kMigrations[version - 1], error)) {
      return fail("migration to schema version " + std::to_string(version) + " failed: " + error);
    }
    const std::string record =
        "INSERT INTO schema_version(version) VALUES(" + std::to_string(version) + ")";
    if (!exec(db, record.c_str(), error)) return fail(error);
  }
  if (!exec(db, "COMMIT", error)) return fail("cannot commit migrations: " + error);
  return true;
}

}  // namespace

struct Store::Impl {
  std::string path;
  std::mutex write_mutex;  // guards writer and its statements
  Db writer;
  Stmt insert_result, insert_outbox, delivered, failed, insert_progress;
  std::mutex read_mutex;  // guards reader and its statements
  Db reader;
  Stmt due, next_due, by_id;
};

namespace {

StoredResult read_row(sqlite3_stmt* stmt) {
  StoredResult row;
  row.seq = sqlite3_column_int64(stmt, 0);
  row.received_ms = sqlite3_column_int64(stmt, 1);
  row.suspect_reason = column_text(stmt, 2);
  std::string ignored;
  if (!parse_json(column_text(stmt, 3), row.payload, ignored)) row.payload = nullptr;
  row.unverified_reason = column_text(stmt, 4);
  return row;
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

std::unique_ptr<Store> Store::open(const std::string& path, bool synchronous_full,
                                   std::string& error) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->writer = open_connection(path, synchronous_full, error);
  if (!impl->writer) return nullptr;
  if (!migrate(impl->writer.get(), error)) {
    error = "database '" + path + "': " + error;
    return nullptr;
  }
  impl->reader = open_connection(path, synchronous_full, error);
  if (!impl->reader) return nullptr;
  sqlite3* w = impl->writer.get();
  impl->insert_result = prepare(w, R"sql(
INSERT INTO results (id, received_ms, submitted_at, model_id, model_version, model_hash, score,
                     percent, grade, stage, format, client, user_agent, suspect_reason, payload,
                     unverified_reason)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
ON CONFLICT(id) DO NOTHING)sql",
                                error);
  impl->insert_outbox = prepare(
      w, "INSERT INTO outbox (result_seq, next_attempt_ms) VALUES (last_insert_rowid(), ?1)",
      error);
  impl->delivered = prepare(
      w, "UPDATE outbox SET delivered_ms = ?2, attempts = attempts + 1 WHERE seq = ?1", error);
  impl->failed = prepare(w,
                         "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?2, "
                         "last_error = ?3 WHERE seq = ?1",
                         error);
  impl->insert_progress = prepare(w,
                                  "INSERT INTO progress (model_id, session, step, received_ms) "
                                  "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                                  error);
  sqlite3* r = impl->reader.get();
  impl->due = prepare(r, R"sql(
SELECT o.seq, r.id, r.payload, o.attempts FROM outbox o JOIN results r ON r.seq = o.result_seq
WHERE o.delivered_ms IS NULL AND o.next_attempt_ms <= ?1 ORDER BY o.next_attempt_ms, o.seq LIMIT ?2)sql",
                      error);
  impl->next_due =
      prepare(r, "SELECT MIN(next_attempt_ms) FROM outbox WHERE delivered_ms IS NULL", error);
  impl->by_id = prepare(r,
                        "SELECT seq, received_ms, suspect_reason, payload, unverified_reason "
                        "FROM results WHERE id = ?1",
                        error);
  if (!impl->insert_result || !impl->insert_outbox || !impl->delivered || !impl->failed ||
      !impl->insert_progress || !impl->due || !impl->next_due || !impl->by_id) {
    error = "database '" + path + "': " + error;
    return nullptr;
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

InsertOutcome Store::insert(const Submission& s, bool queue_forward, std::string& error) {
  std::lock_guard<std::mutex> lock(impl_->write_mutex);
  sqlite3* db = impl_->writer.get();
  if (!exec(db, "BEGIN IMMEDIATE", error)) return InsertOutcome::Failed;
  auto rollback = [&](const std::string& doing) {
    error = db_error(db, doing);
    std::string ignored;
    exec(db, "ROLLBACK", ignored);
    return InsertOutcome::Failed;
  };
  const std::int64_t received = now_ms();
  sqlite3_stmt* stmt = impl_->insert_result.get();
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  bind_text(stmt, 1, s.id);
  sqlite3_bind_int64(stmt, 2, received);
  bind_text(stmt, 3, s.submitted_at);
  bind_text(stmt, 4, s.model_id);
  bind_text(stmt, 5, s.model_version);
  bind_text(stmt, 6, s.model_hash);
  sqlite3_bind_double(stmt, 7, s.score);
  if (s.percent) sqlite3_bind_double(stmt, 8, *s.percent);
  if (s.grade) bind_text(stmt, 9, *s.grade);
  bind_text(stmt, 10, s.stage);
  bind_text(stmt, 11, s.format);
  bind_text(stmt, 12, s.client);
  bind_text(stmt, 13, s.user_agent);
  bind_text(stmt, 14, s.suspect_reason);
  bind_text(stmt, 15, json_text(s.payload));
  bind_text(stmt, 16, s.unverified_reason);
  if (sqlite3_step(stmt) != SQLITE_DONE) return rollback("storing the result");
  if (sqlite3_changes(db) == 0) {
    std::string ignored;
    exec(db, "ROLLBACK", ignored);
    return InsertOutcome::Duplicate;
  }
  if (queue_forward) {
    sqlite3_stmt* outbox = impl_->insert_outbox.get();
    sqlite3_reset(outbox);
    sqlite3_bind_int64(outbox, 1, received);
    if (sqlite3_step(outbox) != SQLITE_DONE) return rollback("queueing the result to forward");
  }
  if (!exec(db, "COMMIT", error)) return rollback("committing the result");
  return InsertOutcome::Stored;
}

bool Store::list(const ResultFilter& filter, std::vector<StoredResult>& out, std::string& error) {
  std::string sql =
      "SELECT seq, received_ms, suspect_reason, payload, unverified_reason FROM results "
      "WHERE seq > ?1";
  if (filter.since_ms) sql += " AND received_ms >= ?2";
  if (filter.until_ms) sql += " AND received_ms < ?3";
  if (!filter.stage.empty()) sql += " AND stage = ?4";
  if (!filter.model.empty()) sql += " AND model_id = ?5";
  if (filter.suspect)
    sql += *filter.suspect ? " AND suspect_reason <> ''" : " AND suspect_reason = ''";
  if (filter.unverified)
    sql += *filter.unverified ? " AND unverified_reason <> ''" : " AND unverified_reason = ''";
  sql += filter.newest_first ? " ORDER BY seq DESC" : " ORDER BY seq";
  sql += " LIMIT ?6";
  std::lock_guard<std::mutex> lock(impl_->read_mutex);
  sqlite3* db = impl_->reader.get();
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    error = db_error(db, "listing results");
    return false;
  }
  Stmt stmt(raw);
  sqlite3_bind_int64(raw, 1, filter.after_seq);
  if (filter.since_ms) sqlite3_bind_int64(raw, 2, *filter.since_ms);
  if (filter.until_ms) sqlite3_bind_int64(raw, 3, *filter.until_ms);
  if (!filter.stage.empty()) bind_text(raw, 4, filter.stage);
  if (!filter.model.empty()) bind_text(raw, 5, filter.model);
  sqlite3_bind_int(raw, 6, filter.limit);
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) out.push_back(read_row(raw));
  if (rc != SQLITE_DONE) {
    error = db_error(db, "listing results");
    return false;
  }
  return true;
}

bool Store::stats(nlohmann::json& out, std::string& error) {
  std::lock_guard<std::mutex> lock(impl_->read_mutex);
  sqlite3* db = impl_->reader.get();
  // One read transaction so the counts agree with each other.
  if (!exec(db, "BEGIN", error)) return false;
  auto finish = [&](bool ok) {
    std::string ignored;
    exec(db, "COMMIT", ignored);
    return ok;
  };
  auto query = [&](const char* sql, auto&& each_row) {
    Stmt stmt = prepare(db, sql, error);
    if (!stmt) return false;
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) each_row(stmt.get());
    if (rc != SQLITE_DONE) {
      error = db_error(db, "computing stats");
      return false;
    }
    return true;
  };
  StatsBuilder builder;
  std::int64_t total = 0, suspect = 0, unverified = 0;
  const bool ok =
      query(
          "SELECT COUNT(*), COALESCE(SUM(suspect_reason <> ''), 0), "
          "COALESCE(SUM(unverified_reason <> ''), 0) FROM results",
          [&](sqlite3_stmt* s) {
            total = sqlite3_column_int64(s, 0);
            suspect = sqlite3_column_int64(s, 1);
            unverified = sqlite3_column_int64(s, 2);
          }) &&
      query(
          "SELECT COALESCE(SUM(delivered_ms IS NULL), 0), COALESCE(SUM(delivered_ms IS NOT "
          "NULL), 0) FROM outbox",
          [&](sqlite3_stmt* s) {
            builder.totals(total, suspect, unverified, sqlite3_column_int64(s, 0),
                           sqlite3_column_int64(s, 1));
          }) &&
      query(
          "SELECT model_id, stage, COUNT(*) FROM results WHERE suspect_reason = '' GROUP BY "
          "model_id, stage ORDER BY model_id, stage",
          [&](sqlite3_stmt* s) {
            builder.stage(column_text(s, 0), column_text(s, 1), sqlite3_column_int64(s, 2));
          }) &&
      query(
          "SELECT model_id, MAX(0, MIN(9, CAST(percent / 10 AS INTEGER))) AS bucket, COUNT(*) "
          "FROM results WHERE suspect_reason = '' AND percent IS NOT NULL GROUP BY model_id, "
          "bucket",
          [&](sqlite3_stmt* s) {
            builder.bucket(column_text(s, 0), sqlite3_column_int(s, 1), sqlite3_column_int64(s, 2));
          }) &&
      // The funnel: distinct visits per step ("start", "complete", "q:<question id>").
      query("SELECT model_id, step, COUNT(*) FROM progress GROUP BY model_id, step",
            [&](sqlite3_stmt* s) {
              builder.progress(column_text(s, 0), column_text(s, 1), sqlite3_column_int64(s, 2));
            });
  if (!ok) return finish(false);
  out = builder.finish();
  return finish(true);
}

bool Store::due_outbox(std::int64_t now, int limit, std::vector<OutboxItem>& out,
                       std::string& error) {
  std::lock_guard<std::mutex> lock(impl_->read_mutex);
  sqlite3_stmt* stmt = impl_->due.get();
  sqlite3_reset(stmt);
  sqlite3_bind_int64(stmt, 1, now);
  sqlite3_bind_int(stmt, 2, limit);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    OutboxItem item;
    item.seq = sqlite3_column_int64(stmt, 0);
    item.submission_id = column_text(stmt, 1);
    item.body = column_text(stmt, 2);
    item.attempts = sqlite3_column_int(stmt, 3);
    out.push_back(std::move(item));
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) {
    error = db_error(impl_->reader.get(), "reading the outbox");
    return false;
  }
  return true;
}

bool Store::mark_delivered(std::int64_t outbox_seq, std::int64_t now, std::string& error) {
  std::lock_guard<std::mutex> lock(impl_->write_mutex);
  sqlite3_stmt* stmt = impl_->delivered.get();
  sqlite3_reset(stmt);
  sqlite3_bind_int64(stmt, 1, outbox_seq);
  sqlite3_bind_int64(stmt, 2, now);
  if (sqlite3_step(stmt) != SQLITE_DONE) {
    error = db_error(impl_->writer.get(), "marking a forwarded result");
    return false;
  }
  return true;
}

bool Store::mark_failed(std::int64_t outbox_seq, std::int64_t next_attempt_ms,
                        const std::string& failure, std::string& error) {
  std::lock_guard<std::mutex> lock(impl_->write_mutex);
  sqlite3_stmt* stmt = impl_->failed.get();
  sqlite3_reset(stmt);
  sqlite3_bind_int64(stmt, 1, outbox_seq);
  sqlite3_bind_int64(stmt, 2, next_attempt_ms);
  bind_text(stmt, 3, failure);
  if (sqlite3_step(stmt) != SQLITE_DONE) {
    error = db_error(impl_->writer.get(), "recording a forwarding failure");
    return false;
  }
  return true;
}

bool Store::find(const std::string& id, std::optional<StoredResult>& out, std::string& error) {
  std::lock_guard<std::mutex> lock(impl_->read_mutex);
  sqlite3_stmt* stmt = impl_->by_id.get();
  sqlite3_reset(stmt);
  bind_text(stmt, 1, id);
  const int rc = sqlite3_step(stmt);
  out.reset();
  if (rc == SQLITE_ROW) out = read_row(stmt);
  sqlite3_reset(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    error = db_error(impl_->reader.get(), "reading a result");
    return false;
  }
  return true;
}

bool Store::record_progress(const std::string& model_id, const std::string& session,
                            const std::string& step, std::string& error) {
  std::lock_guard<std::mutex> lock(impl_->write_mutex);
  sqlite3_stmt* stmt = impl_->insert_progress.get();
  sqlite3_reset(stmt);
  bind_text(stmt, 1, model_id);
  bind_text(stmt, 2, session);
  bind_text(stmt, 3, step);
  sqlite3_bind_int64(stmt, 4, now_ms());
  if (sqlite3_step(stmt) != SQLITE_DONE) {
    error = db_error(impl_->writer.get(), "recording progress");
    return false;
  }
  return true;
}

bool Store::keep_token(Token& out, std::string& error) {
  return resolve_token("", impl_->path, out, error);  // beside the file, in <db>.token
}

std::optional<std::int64_t> Store::next_outbox_due() {
  std::lock_guard<std::mutex> lock(impl_->read_mutex);
  sqlite3_stmt* stmt = impl_->next_due.get();
  sqlite3_reset(stmt);
  std::optional<std::int64_t> due;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
    due = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_reset(stmt);
  return due;
}

}  // namespace leadqual::server
