#include "server/store.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "server/schema.hpp"
#include "server/sqlite_util.hpp"
#include "server/util.hpp"

namespace leadqual::server {
namespace {

using sqlite::bind_text;
using sqlite::column_text;
using sqlite::Db;
using sqlite::Stmt;

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

// The migrations (schema.hpp) on a SQLite connection.
class SqliteSchema final : public SchemaConnection {
 public:
  explicit SqliteSchema(sqlite3* db) : db_(db) {}
  bool exec(const std::string& sql, std::string& error) override {
    return server::exec(db_, sql.c_str(), error);
  }
  bool select_int(const std::string& sql, int& value, std::string& error) override {
    Stmt stmt = prepare(db_, sql.c_str(), error);
    if (!stmt || sqlite3_step(stmt.get()) != SQLITE_ROW) {
      error = sqlite3_errmsg(db_);
      return false;
    }
    value = sqlite3_column_int(stmt.get(), 0);
    return true;
  }

 private:
  sqlite3* db_;
};

// A row of kResultColumns.
StoredResult read_row(sqlite3_stmt* stmt) {
  return result_row(sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1),
                    column_text(stmt, 2), column_text(stmt, 3), column_text(stmt, 4));
}

// The store: one writer connection (behind a mutex) for every change, one reader connection
// for queries.
class SqliteStore final : public Store {
 public:
  // Opens both connections, migrates and prepares the statements: false with `error`.
  bool connect(const std::string& path, bool synchronous_full, std::string& error) {
    path_ = path;
    writer_ = open_connection(path, synchronous_full, error);
    if (!writer_) return false;
    SqliteSchema schema(writer_.get());
    if (!migrate_schema(schema, kSqlite, error)) {
      error = "database '" + path + "': " + error;
      return false;
    }
    reader_ = open_connection(path, synchronous_full, error);
    if (!reader_) return false;
    sqlite3* w = writer_.get();
    insert_result_ = prepare(w, insert_result_sql(kSqlite).c_str(), error);
    insert_outbox_ = prepare(
        w, "INSERT INTO outbox (result_seq, next_attempt_ms) VALUES (last_insert_rowid(), ?1)",
        error);
    delivered_ = prepare(
        w, "UPDATE outbox SET delivered_ms = ?2, attempts = attempts + 1 WHERE seq = ?1", error);
    failed_ = prepare(w,
                      "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?2, "
                      "last_error = ?3 WHERE seq = ?1",
                      error);
    insert_progress_ = prepare(w,
                               "INSERT INTO progress (model_id, session, step, received_ms) "
                               "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                               error);
    sqlite3* r = reader_.get();
    due_ = prepare(r, R"sql(
SELECT o.seq, r.id, r.payload, o.attempts FROM outbox o JOIN results r ON r.seq = o.result_seq
WHERE o.delivered_ms IS NULL AND o.next_attempt_ms <= ?1 ORDER BY o.next_attempt_ms, o.seq LIMIT ?2)sql",
                   error);
    next_due_ =
        prepare(r, "SELECT MIN(next_attempt_ms) FROM outbox WHERE delivered_ms IS NULL", error);
    by_id_ = prepare(
        r, (std::string("SELECT ") + kResultColumns + " FROM results WHERE id = ?1").c_str(),
        error);
    if (!insert_result_ || !insert_outbox_ || !delivered_ || !failed_ || !insert_progress_ ||
        !due_ || !next_due_ || !by_id_) {
      error = "database '" + path + "': " + error;
      return false;
    }
    return true;
  }

  InsertOutcome insert(const Submission& s, bool queue_forward, std::string& error) override {
    std::lock_guard<std::mutex> lock(write_mutex_);
    sqlite3* db = writer_.get();
    if (!exec(db, "BEGIN IMMEDIATE", error)) return InsertOutcome::Failed;
    auto rollback = [&](const std::string& doing) {
      error = db_error(db, doing);
      std::string ignored;
      exec(db, "ROLLBACK", ignored);
      return InsertOutcome::Failed;
    };
    const std::int64_t received = now_ms();
    sqlite3_stmt* stmt = insert_result_.get();
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    sqlite::bind_values(stmt, submission_values(s, received, json_text(s.payload)));
    if (sqlite3_step(stmt) != SQLITE_DONE) return rollback("storing the result");
    if (sqlite3_changes(db) == 0) {
      std::string ignored;
      exec(db, "ROLLBACK", ignored);
      return InsertOutcome::Duplicate;
    }
    if (queue_forward) {
      sqlite3_stmt* outbox = insert_outbox_.get();
      sqlite3_reset(outbox);
      sqlite3_bind_int64(outbox, 1, received);
      if (sqlite3_step(outbox) != SQLITE_DONE) return rollback("queueing the result to forward");
    }
    if (!exec(db, "COMMIT", error)) return rollback("committing the result");
    return InsertOutcome::Stored;
  }

  bool list(const ResultFilter& filter, std::vector<StoredResult>& out,
            std::string& error) override {
    std::vector<SqlValue> params;
    const std::string sql = list_query(filter, kSqlite, params);
    std::lock_guard<std::mutex> lock(read_mutex_);
    sqlite3* db = reader_.get();
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
      error = db_error(db, "listing results");
      return false;
    }
    Stmt stmt(raw);
    sqlite::bind_values(raw, params);
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) out.push_back(read_row(raw));
    if (rc != SQLITE_DONE) {
      error = db_error(db, "listing results");
      return false;
    }
    return true;
  }

  bool stats(nlohmann::json& out, std::string& error) override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    sqlite3* db = reader_.get();
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
              builder.bucket(column_text(s, 0), sqlite3_column_int(s, 1),
                             sqlite3_column_int64(s, 2));
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

  bool due_outbox(std::int64_t now, int limit, std::vector<OutboxItem>& out,
                  std::string& error) override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    sqlite3_stmt* stmt = due_.get();
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
      error = db_error(reader_.get(), "reading the outbox");
      return false;
    }
    return true;
  }

  bool mark_delivered(std::int64_t outbox_seq, std::int64_t now, std::string& error) override {
    return write(delivered_, "marking a forwarded result", error, [&](sqlite3_stmt* stmt) {
      sqlite3_bind_int64(stmt, 1, outbox_seq);
      sqlite3_bind_int64(stmt, 2, now);
    });
  }

  bool mark_failed(std::int64_t outbox_seq, std::int64_t next_attempt_ms,
                   const std::string& failure, std::string& error) override {
    return write(failed_, "recording a forwarding failure", error, [&](sqlite3_stmt* stmt) {
      sqlite3_bind_int64(stmt, 1, outbox_seq);
      sqlite3_bind_int64(stmt, 2, next_attempt_ms);
      bind_text(stmt, 3, failure);
    });
  }

  bool find(const std::string& id, std::optional<StoredResult>& out, std::string& error) override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    sqlite3_stmt* stmt = by_id_.get();
    sqlite3_reset(stmt);
    bind_text(stmt, 1, id);
    const int rc = sqlite3_step(stmt);
    out.reset();
    if (rc == SQLITE_ROW) out = read_row(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      error = db_error(reader_.get(), "reading a result");
      return false;
    }
    return true;
  }

  bool record_progress(const std::string& model_id, const std::string& session,
                       const std::string& step, std::string& error) override {
    return write(insert_progress_, "recording progress", error, [&](sqlite3_stmt* stmt) {
      bind_text(stmt, 1, model_id);
      bind_text(stmt, 2, session);
      bind_text(stmt, 3, step);
      sqlite3_bind_int64(stmt, 4, now_ms());
    });
  }

  bool keep_token(Token& out, std::string& error) override {
    return resolve_token("", path_, out, error);  // beside the file, in <db>.token
  }

  std::optional<std::int64_t> next_outbox_due() override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    sqlite3_stmt* stmt = next_due_.get();
    sqlite3_reset(stmt);
    std::optional<std::int64_t> due;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
      due = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_reset(stmt);
    return due;
  }

  bool reachable(std::string&) override { return true; }  // a local file
  const char* kind() const override { return "sqlite"; }

 private:
  // One statement on the writer: bind its parameters, run it, name what failed.
  template <typename Bind>
  bool write(const Stmt& statement, const char* what, std::string& error, Bind bind) {
    std::lock_guard<std::mutex> lock(write_mutex_);
    sqlite3_stmt* stmt = statement.get();
    sqlite3_reset(stmt);
    bind(stmt);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
      error = db_error(writer_.get(), what);
      return false;
    }
    return true;
  }

  std::string path_;
  std::mutex write_mutex_;  // guards writer_ and its statements
  Db writer_;
  Stmt insert_result_, insert_outbox_, delivered_, failed_, insert_progress_;
  std::mutex read_mutex_;  // guards reader_ and its statements
  Db reader_;
  Stmt due_, next_due_, by_id_;
};

}  // namespace

std::unique_ptr<Store> Store::open(const std::string& path, bool synchronous_full,
                                   std::string& error) {
  auto store = std::make_unique<SqliteStore>();
  if (!store->connect(path, synchronous_full, error)) return nullptr;
  return store;
}

}  // namespace leadqual::server
