#include "server/pg_store.hpp"

#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "server/schema.hpp"
#include "server/util.hpp"

namespace leadqual::server {
namespace {

// How long a request waits for a free pooled connection before it is answered 503.
constexpr auto kPoolWait = std::chrono::seconds(10);

struct ClosePg {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ClearResult {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Conn = std::unique_ptr<PGconn, ClosePg>;
using Result = std::unique_ptr<PGresult, ClearResult>;

// PostgreSQL text holds valid UTF-8 without NUL: other bytes (a client's User-Agent may have
// any) become U+FFFD, as the JSON writer replaces them, rather than failing the insert.
std::string pg_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size;) {
    const unsigned char c = bytes[i];
    std::size_t length = 0;
    std::uint32_t min = 0;
    if (c >= 0x01 && c < 0x80) {
      length = 1;
    } else if (c >= 0xc2 && c < 0xe0) {
      length = 2, min = 0x80;
    } else if (c >= 0xe0 && c < 0xf0) {
      length = 3, min = 0x800;
    } else if (c >= 0xf0 && c < 0xf5) {
      length = 4, min = 0x10000;
    }
    bool valid = length > 0 && i + length <= size;
    std::uint32_t code = length == 1 ? c : c & (0x3f >> (length - 1));
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (bytes[i + k] & 0xc0) == 0x80;
      code = (code << 6) | (bytes[i + k] & 0x3f);
    }
    valid = valid && code >= min && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    if (valid) {
      out.append(text, i, length);
      i += length;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  return out;
}

// A libpq message on one line, without the password.
std::string clean_message(std::string message, const std::string& password) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  for (char& c : message) {
    if (c == '\n') c = ' ';
  }
  if (!password.empty()) {
    for (auto at = message.find(password); at != std::string::npos;
         at = message.find(password, at)) {
      message.replace(at, password.size(), "***");
    }
  }
  return message;
}

class Pool {
 public:
  Pool(std::string url, std::string password, int size)
      : url_(std::move(url)), password_(std::move(password)), size_(size < 1 ? 1 : size) {}

  const std::string& password() const { return password_; }

  Conn connect(std::string& error) const {
    // Defaults first: the URL's own settings (connect_timeout, sslmode, …) override them.
    const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {"5", "leadqual", url_.c_str(), nullptr};
    Conn conn(PQconnectdbParams(keywords, values, 1));
    if (!conn) {
      error = "out of memory connecting to PostgreSQL";
      return nullptr;
    }
    if (PQstatus(conn.get()) != CONNECTION_OK) {
      error = clean_message(PQerrorMessage(conn.get()), password_);
      return nullptr;
    }
    return conn;
  }

  // A connection (idle or new), or null with `error` after waiting up to kPoolWait.
  // `reused` says whether it had been used before (and so may have been dropped by the server).
  Conn acquire(bool& reused, std::string& error) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!cv_.wait_for(lock, kPoolWait, [this] { return !idle_.empty() || open_ < size_; })) {
      error = "all " + std::to_string(size_) + " database connections stayed busy (see --db-pool)";
      return nullptr;
    }
    if (!idle_.empty()) {
      Conn conn = std::move(idle_.back());
      idle_.pop_back();
      reused = true;
      return conn;
    }
    ++open_;
    lock.unlock();
    reused = false;
    Conn conn = connect(error);
    if (!conn) release(nullptr);
    return conn;
  }

  // Back to the pool when healthy and outside a transaction; otherwise closed.
  void release(Conn conn) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (conn && PQstatus(conn.get()) == CONNECTION_OK &&
          PQtransactionStatus(conn.get()) == PQTRANS_IDLE) {
        idle_.push_back(std::move(conn));
      } else {
        --open_;
      }
    }
    cv_.notify_one();
  }

 private:
  const std::string url_;
  const std::string password_;
  const int size_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Conn> idle_;
  int open_ = 0;  // connections out of the pool or idle in it
};

using Params = std::vector<std::optional<std::string>>;

// Runs `sql` with text parameters; null with `error` unless it succeeded.
Result execute(PGconn* conn, const char* sql, const Params& params, const std::string& password,
               std::string& error) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
  // Without parameters the simple protocol, which also runs several statements (migrations).
  Result result(params.empty() ? PQexec(conn, sql)
                               : PQexecParams(conn, sql, static_cast<int>(values.size()), nullptr,
                                              values.data(), nullptr, nullptr, 0));
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    error =
        clean_message(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn), password);
    if (error.empty()) error = clean_message(PQerrorMessage(conn), password);
    return nullptr;
  }
  return result;
}

std::string text_at(const PGresult* result, int row, int column) {
  return std::string(PQgetvalue(result, row, column),
                     static_cast<std::size_t>(PQgetlength(result, row, column)));
}

std::int64_t int_at(const PGresult* result, int row, int column) {
  return std::strtoll(PQgetvalue(result, row, column), nullptr, 10);
}

std::string number(std::int64_t value) {
  return std::to_string(value);
}

std::string number(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

// Statement parameters as libpq takes them: text (valid UTF-8), or null.
Params params_of(const std::vector<SqlValue>& values) {
  Params params;
  params.reserve(values.size());
  for (const SqlValue& value : values) {
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
      params.emplace_back(number(*integer));
    } else if (const auto* real = std::get_if<double>(&value)) {
      params.emplace_back(number(*real));
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      params.emplace_back(pg_text(*text));
    } else {
      params.emplace_back(std::nullopt);
    }
  }
  return params;
}

constexpr const char* kInsertProgress =
    "INSERT INTO progress (model_id, session, step, received_ms) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT DO NOTHING";
// The read token, unless one is kept already (then no row is returned).
constexpr const char* kInsertToken =
    "INSERT INTO settings (name, value) VALUES ('read_token', $1) ON CONFLICT (name) DO NOTHING "
    "RETURNING value";

// A row of kResultColumns.
StoredResult read_result(const PGresult* result, int row) {
  return result_row(int_at(result, row, 0), int_at(result, row, 1), text_at(result, row, 2),
                    text_at(result, row, 3), text_at(result, row, 4));
}

// The migrations (schema.hpp) on a PostgreSQL connection.
class PgSchema final : public SchemaConnection {
 public:
  PgSchema(PGconn* conn, const std::string& password) : conn_(conn), password_(password) {}
  bool exec(const std::string& sql, std::string& error) override {
    return execute(conn_, sql.c_str(), {}, password_, error) != nullptr;
  }
  bool select_int(const std::string& sql, int& value, std::string& error) override {
    Result result = execute(conn_, sql.c_str(), {}, password_, error);
    if (!result) return false;
    value = static_cast<int>(int_at(result.get(), 0, 0));
    return true;
  }

 private:
  PGconn* conn_;
  const std::string& password_;
};

// The password a libpq connection string or URL carries, if any (for keeping it out of messages).
bool parse_url(const std::string& url, std::string& password, std::string& error) {
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &message);
  if (!options) {
    error = message ? without_passwords(clean_message(message, ""), url) : "out of memory";
    PQfreemem(message);
    return false;
  }
  for (PQconninfoOption* option = options; option->keyword; ++option) {
    if (std::string(option->keyword) == "password" && option->val) password = option->val;
  }
  PQconninfoFree(options);
  return true;
}

// The pool, and the forwarder's claim on the outbox item it is sending.
struct Connections {
  explicit Connections(std::string url, std::string password, int size)
      : pool(std::move(url), std::move(password), size) {}

  // Runs `work(conn)` on a pooled connection. A reused connection the server dropped (it
  // restarted since) fails its first use; then the work runs once more on a new connection.
  // Every caller's work is safe to repeat (inserts are ON CONFLICT DO NOTHING).
  template <class Work>
  bool with_connection(std::string& error, Work&& work) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      bool reused = false;
      Conn conn = pool.acquire(reused, error);
      if (!conn) return false;
      const bool ok = work(conn.get());
      const bool dropped = PQstatus(conn.get()) != CONNECTION_OK;
      if (!ok && PQtransactionStatus(conn.get()) == PQTRANS_INERROR) {
        std::string ignored;
        execute(conn.get(), "ROLLBACK", {}, pool.password(), ignored);
      }
      pool.release(std::move(conn));
      if (ok || !dropped || !reused) return ok;
    }
    return false;
  }

  Result run(PGconn* conn, const char* sql, const Params& params, std::string& error) {
    return execute(conn, sql, params, pool.password(), error);
  }

  // The forwarder's claim on one outbox item: a connection of its own (outside the pool) in a
  // transaction holding the item's row lock until mark_delivered/mark_failed.
  struct Claim {
    Conn conn;
    std::int64_t seq = 0;  // the claimed outbox row; 0 = none
  };
  bool begin_claim(std::string& error);
  bool end_claim(std::string& error);
  bool mark(std::int64_t outbox_seq, const char* sql, const Params& params, std::string& error);

  Pool pool;
  std::mutex claim_mutex;  // guards claim
  Claim claim;
};

// $1–$16 of store_result_sql(): the result row as `s` holds it, received at `received_ms`.
Params result_params(const Submission& s, std::int64_t received_ms,
                     const std::string& payload_text) {
  return params_of(submission_values(s, received_ms, payload_text));
}

// The start of one statement (so one transaction) storing a result and, in the `queued` part
// that follows, its outbox row; nothing when the id is stored already. A concurrent insert of
// the same id (another collector) waits for the first and then does nothing.
std::string store_result_sql() {
  return "WITH stored AS (" + insert_result_sql(kPostgres) + " RETURNING seq),\n";
}

bool Connections::begin_claim(std::string& error) {
  if (claim.conn && PQtransactionStatus(claim.conn.get()) != PQTRANS_IDLE) {
    std::string ignored;
    run(claim.conn.get(), "ROLLBACK", {}, ignored);  // a claim never marked
  }
  if (claim.conn && PQstatus(claim.conn.get()) != CONNECTION_OK) claim.conn.reset();
  if (!claim.conn) claim.conn = pool.connect(error);
  claim.seq = 0;
  return claim.conn && run(claim.conn.get(), "BEGIN", {}, error);
}

bool Connections::end_claim(std::string& error) {
  claim.seq = 0;
  return run(claim.conn.get(), "COMMIT", {}, error) != nullptr;
}

bool Connections::mark(std::int64_t outbox_seq, const char* sql, const Params& params,
                       std::string& error) {
  std::lock_guard<std::mutex> lock(claim_mutex);
  if (claim.seq == outbox_seq && claim.conn &&
      PQtransactionStatus(claim.conn.get()) == PQTRANS_INTRANS) {
    // The claimed item: its update and the lock's release in one commit.
    const bool ok = run(claim.conn.get(), sql, params, error) && end_claim(error);
    if (!ok) {
      std::string ignored;
      run(claim.conn.get(), "ROLLBACK", {}, ignored);
      claim.seq = 0;
    }
    return ok;
  }
  return with_connection(error,
                         [&](PGconn* conn) { return run(conn, sql, params, error) != nullptr; });
}

class PostgresStore final : public PgStore {
 public:
  PostgresStore(std::string url, std::string password, int pool_size)
      : db_(std::move(url), std::move(password), pool_size) {}

  // A connection of its own (for the migrations).
  Conn connect(std::string& error) const { return db_.pool.connect(error); }

  InsertOutcome insert(const Submission& s, bool queue_forward, std::string& error) override {
    Params params = result_params(s, now_ms(), json_text(s.payload));
    params.emplace_back(queue_forward ? "t" : "f");  // $17
    static const std::string sql = store_result_sql() + R"sql(
queued AS (
  INSERT INTO outbox (result_seq, next_attempt_ms) SELECT seq, $2 FROM stored WHERE $17::boolean)
SELECT seq FROM stored)sql";
    InsertOutcome outcome = InsertOutcome::Failed;
    const bool ok = db_.with_connection(error, [&](PGconn* conn) {
      Result result = db_.run(conn, sql.c_str(), params, error);
      if (!result) return false;
      outcome = PQntuples(result.get()) == 1 ? InsertOutcome::Stored : InsertOutcome::Duplicate;
      return true;
    });
    if (!ok) {
      error = "storing the result: " + error;
      return InsertOutcome::Failed;
    }
    return outcome;
  }

  bool import(const Imported& r, bool& inserted, std::string& error) override {
    Params params = result_params(r.submission, r.received_ms, r.payload_text);
    params.emplace_back(r.has_outbox ? "t" : "f");  // $17
    params.emplace_back(number(static_cast<std::int64_t>(r.attempts)));
    params.emplace_back(number(r.next_attempt_ms));
    params.emplace_back(pg_text(r.last_error));
    params.emplace_back(r.delivered_ms ? std::optional<std::string>(number(*r.delivered_ms))
                                       : std::nullopt);  // $21
    static const std::string sql = store_result_sql() + R"sql(
queued AS (
  INSERT INTO outbox (result_seq, attempts, next_attempt_ms, last_error, delivered_ms)
  SELECT seq, $18, $19, $20, $21 FROM stored WHERE $17::boolean)
SELECT seq FROM stored)sql";
    return db_.with_connection(error, [&](PGconn* conn) {
      Result result = db_.run(conn, sql.c_str(), params, error);
      if (!result) return false;
      inserted = PQntuples(result.get()) == 1;
      return true;
    });
  }

  bool import_progress(const std::string& model_id, const std::string& session,
                       const std::string& step, std::int64_t received_ms,
                       std::string& error) override {
    const Params params = {pg_text(model_id), pg_text(session), pg_text(step), number(received_ms)};
    return db_.with_connection(error, [&](PGconn* conn) {
      return db_.run(conn, kInsertProgress, params, error) != nullptr;
    });
  }

  bool import_token(const std::string& token, bool& inserted, std::string& error) override {
    return db_.with_connection(error, [&](PGconn* conn) {
      Result result = db_.run(conn, kInsertToken, {pg_text(token)}, error);
      if (!result) return false;
      inserted = PQntuples(result.get()) == 1;
      return true;
    });
  }

  bool list(const ResultFilter& filter, std::vector<StoredResult>& out,
            std::string& error) override {
    std::vector<SqlValue> values;
    const std::string sql = list_query(filter, kPostgres, values);
    const Params params = params_of(values);
    return db_.with_connection(error, [&](PGconn* conn) {
      Result result = db_.run(conn, sql.c_str(), params, error);
      if (!result) {
        error = "listing results: " + error;
        return false;
      }
      out.clear();
      for (int row = 0; row < PQntuples(result.get()); ++row) {
        out.push_back(read_result(result.get(), row));
      }
      return true;
    });
  }

  bool find(const std::string& id, std::optional<StoredResult>& out, std::string& error) override {
    const std::string sql = std::string("SELECT ") + kResultColumns + " FROM results WHERE id = $1";
    return db_.with_connection(error, [&](PGconn* conn) {
      Result result = db_.run(conn, sql.c_str(), {pg_text(id)}, error);
      if (!result) {
        error = "reading a result: " + error;
        return false;
      }
      out.reset();
      if (PQntuples(result.get()) == 1) out = read_result(result.get(), 0);
      return true;
    });
  }

  bool record_progress(const std::string& model_id, const std::string& session,
                       const std::string& step, std::string& error) override {
    const Params params = {pg_text(model_id), pg_text(session), pg_text(step), number(now_ms())};
    return db_.with_connection(error, [&](PGconn* conn) {
      if (db_.run(conn, kInsertProgress, params, error)) {
        return true;
      }
      error = "recording progress: " + error;
      return false;
    });
  }

  bool keep_token(Token& out, std::string& error) override {
    const std::string fresh = random_token();
    return db_.with_connection(error, [&](PGconn* conn) {
      // Of collectors starting together, one insert wins; the others then read its token (a new
      // statement, so a snapshot that sees the winner's commit).
      Result made = db_.run(conn, kInsertToken, {fresh}, error);
      Result kept =
          made && PQntuples(made.get()) == 0
              ? db_.run(conn, "SELECT value FROM settings WHERE name = 'read_token'", {}, error)
              : nullptr;
      if (!made || (PQntuples(made.get()) == 0 && (!kept || PQntuples(kept.get()) != 1))) {
        error = "keeping the read token in the database: " + error;
        return false;
      }
      const bool created = PQntuples(made.get()) == 1;
      out = {text_at(created ? made.get() : kept.get(), 0, 0), "the database (table settings)",
             created};
      return true;
    });
  }

  bool stats(nlohmann::json& out, std::string& error) override {
    return db_.with_connection(error, [&](PGconn* conn) {
      // One snapshot so the counts agree with each other.
      auto query = [&](const char* sql) { return db_.run(conn, sql, {}, error); };
      if (!query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")) return false;
      Result totals = query(
          "SELECT COUNT(*), COUNT(*) FILTER (WHERE suspect_reason <> ''), "
          "COUNT(*) FILTER (WHERE unverified_reason <> '') FROM results");
      Result outbox = totals ? query(
                                   "SELECT COUNT(*) FILTER (WHERE delivered_ms IS NULL), "
                                   "COUNT(*) FILTER (WHERE delivered_ms IS NOT NULL) FROM outbox")
                             : nullptr;
      Result stages = outbox ? query(
                                   "SELECT model_id, stage, COUNT(*) FROM results WHERE "
                                   "suspect_reason = '' GROUP BY model_id, stage "
                                   "ORDER BY model_id, stage")
                             : nullptr;
      Result buckets =
          stages ? query(
                       "SELECT model_id, GREATEST(0, LEAST(9, TRUNC(percent / 10)::INTEGER)) AS "
                       "bucket, COUNT(*) FROM results WHERE suspect_reason = '' AND percent IS NOT "
                       "NULL GROUP BY model_id, bucket")
                 : nullptr;
      // The funnel: distinct visits per step ("start", "complete", "q:<question id>").
      Result steps = buckets ? query(
                                   "SELECT model_id, step, COUNT(*) FROM progress "
                                   "GROUP BY model_id, step")
                             : nullptr;
      if (!steps || !query("COMMIT")) {
        error = "computing stats: " + error;
        return false;
      }
      StatsBuilder builder;
      builder.totals(int_at(totals.get(), 0, 0), int_at(totals.get(), 0, 1),
                     int_at(totals.get(), 0, 2), int_at(outbox.get(), 0, 0),
                     int_at(outbox.get(), 0, 1));
      for (int row = 0; row < PQntuples(stages.get()); ++row) {
        builder.stage(text_at(stages.get(), row, 0), text_at(stages.get(), row, 1),
                      int_at(stages.get(), row, 2));
      }
      for (int row = 0; row < PQntuples(buckets.get()); ++row) {
        builder.bucket(text_at(buckets.get(), row, 0),
                       static_cast<int>(int_at(buckets.get(), row, 1)),
                       int_at(buckets.get(), row, 2));
      }
      for (int row = 0; row < PQntuples(steps.get()); ++row) {
        builder.progress(text_at(steps.get(), row, 0), text_at(steps.get(), row, 1),
                         int_at(steps.get(), row, 2));
      }
      out = builder.finish();
      return true;
    });
  }

  bool due_outbox(std::int64_t now, int, std::vector<OutboxItem>& out,
                  std::string& error) override {
    // One item at a time, locked (FOR UPDATE) in a transaction held open until it is marked:
    // another collector skips it (SKIP LOCKED) meanwhile, and if this collector dies its
    // connection closes, the lock goes, and the item is the others' to retry at once.
    static const char* const sql = R"sql(
SELECT o.seq, r.id, r.payload, o.attempts FROM outbox o JOIN results r ON r.seq = o.result_seq
WHERE o.delivered_ms IS NULL AND o.next_attempt_ms <= $1
ORDER BY o.next_attempt_ms, o.seq LIMIT 1 FOR UPDATE OF o SKIP LOCKED)sql";
    std::lock_guard<std::mutex> lock(db_.claim_mutex);
    Connections::Claim& claim = db_.claim;
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool reused = claim.conn != nullptr;
      if (!db_.begin_claim(error)) return false;
      Result result = db_.run(claim.conn.get(), sql, {number(now)}, error);
      if (result && PQntuples(result.get()) == 0) return db_.end_claim(error);
      if (result) {
        OutboxItem item;
        item.seq = int_at(result.get(), 0, 0);
        item.submission_id = text_at(result.get(), 0, 1);
        item.body = text_at(result.get(), 0, 2);
        item.attempts = static_cast<int>(int_at(result.get(), 0, 3));
        claim.seq = item.seq;
        out.push_back(std::move(item));
        return true;
      }
      const bool dropped = PQstatus(claim.conn.get()) != CONNECTION_OK;
      claim.conn.reset();
      if (!dropped || !reused) break;
    }
    error = "reading the outbox: " + error;
    return false;
  }

  bool mark_delivered(std::int64_t outbox_seq, std::int64_t now, std::string& error) override {
    if (db_.mark(outbox_seq,
                 "UPDATE outbox SET delivered_ms = $2, attempts = attempts + 1 WHERE seq = $1",
                 {number(outbox_seq), number(now)}, error)) {
      return true;
    }
    error = "marking a forwarded result: " + error;
    return false;
  }

  bool mark_failed(std::int64_t outbox_seq, std::int64_t next_attempt_ms,
                   const std::string& failure, std::string& error) override {
    if (db_.mark(outbox_seq,
                 "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = $2, "
                 "last_error = $3 WHERE seq = $1",
                 {number(outbox_seq), number(next_attempt_ms), pg_text(failure)}, error)) {
      return true;
    }
    error = "recording a forwarding failure: " + error;
    return false;
  }

  std::optional<std::int64_t> next_outbox_due() override {
    // Items another collector holds are left out (SKIP LOCKED), so waiting for them does not
    // spin; the row lock taken here lasts only this statement.
    std::optional<std::int64_t> due;
    std::string error;
    db_.with_connection(error, [&](PGconn* conn) {
      Result result = db_.run(conn,
                              "SELECT next_attempt_ms FROM outbox WHERE delivered_ms IS NULL "
                              "ORDER BY next_attempt_ms LIMIT 1 FOR UPDATE SKIP LOCKED",
                              {}, error);
      if (!result) return false;
      if (PQntuples(result.get()) == 1) due = int_at(result.get(), 0, 0);
      return true;
    });
    return due;
  }

  bool reachable(std::string& error) override {
    return db_.with_connection(
        error, [&](PGconn* conn) { return db_.run(conn, "SELECT 1", {}, error) != nullptr; });
  }

  const char* kind() const override { return "postgresql"; }

 private:
  Connections db_;
};

}  // namespace

std::unique_ptr<PgStore> PgStore::open(const std::string& url, int pool_size, std::string& error) {
  const std::string shown = printable_db(url);
  std::string password;
  if (!parse_url(url, password, error)) {
    error = "invalid PostgreSQL URL '" + shown + "': " + error;
    return nullptr;
  }
  auto store = std::make_unique<PostgresStore>(url, password, pool_size);
  Conn conn = store->connect(error);
  if (!conn) {
    error = "cannot connect to PostgreSQL '" + shown + "': " + error;
    return nullptr;
  }
  PgSchema schema(conn.get(), password);
  if (!migrate_schema(schema, kPostgres, error)) {
    error = "database '" + shown + "': " + error;
    return nullptr;
  }
  return store;
}

}  // namespace leadqual::server
