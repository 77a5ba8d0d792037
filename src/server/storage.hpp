// The collector's storage, as the HTTP and verification code sees it: results stored exactly
// once by submission id, queries for the API and the dashboard, the visit funnel, the read token
// and the forwarding outbox. Two
// stores implement it: SQLite (store.hpp, the embedded default) and PostgreSQL (pg_store.hpp,
// shared by several collectors). `open_storage` picks one from the --db value.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/token.hpp"

namespace leadqual::server {

// One accepted submission, as the payload checks left it.
struct Submission {
  std::string id;
  std::string submitted_at;
  std::string model_id, model_version, model_hash;
  double score = 0;
  std::optional<double> percent;
  std::optional<std::string> grade;
  std::string stage;
  std::string format;  // "json" or "form"
  std::string client;  // remote address
  std::string user_agent;
  std::string suspect_reason;     // empty = not suspect
  std::string unverified_reason;  // empty = checked against its model
  nlohmann::json payload;         // the stored payload (documented members only)
};

struct ResultFilter {
  std::optional<std::int64_t> since_ms, until_ms;  // received time, inclusive / exclusive
  std::string stage, model;                        // empty = any
  std::optional<bool> suspect;                     // nullopt = both
  std::optional<bool> unverified;                  // nullopt = both
  std::int64_t after_seq = 0;                      // cursor: only rows with seq > after_seq
  bool newest_first = false;
  int limit = 100;
};

struct StoredResult {
  std::int64_t seq = 0;
  std::int64_t received_ms = 0;
  std::string suspect_reason;
  std::string unverified_reason;
  nlohmann::json payload;
};

struct OutboxItem {
  std::int64_t seq = 0;  // outbox row
  std::string submission_id;
  std::string body;  // JSON text to post
  int attempts = 0;
};

enum class InsertOutcome { Stored, Duplicate, Failed };

struct StorageSettings {
  bool synchronous_full = false;  // SQLite: PRAGMA synchronous=FULL instead of NORMAL
  int pool_size = 8;              // PostgreSQL: at most this many connections
};

class Storage {
 public:
  virtual ~Storage() = default;

  // Every store has the same schema versions (the migrations are in schema.cpp).
  static constexpr int kSchemaVersion = 2;

  // One transaction: the result row and (with `queue_forward`) its outbox row. Returns only after
  // the commit has returned, so a Stored answer is durable.
  virtual InsertOutcome insert(const Submission& submission, bool queue_forward,
                               std::string& error) = 0;

  virtual bool list(const ResultFilter& filter, std::vector<StoredResult>& out,
                    std::string& error) = 0;
  // The stored copy of a submission id (nullopt when there is none); false on a storage error.
  virtual bool find(const std::string& id, std::optional<StoredResult>& out,
                    std::string& error) = 0;
  // One step of one visit's funnel ("start", "complete", "q:<question id>"); a repeat is a no-op.
  virtual bool record_progress(const std::string& model_id, const std::string& session,
                               const std::string& step, std::string& error) = 0;
  // {"total", "suspect", "unverified", "outbox": {...}, "models": [{"id", "count",
  // "stages": {...}, "histogram", "progress"?: {step: visits}}]} (built by StatsBuilder)
  virtual bool stats(nlohmann::json& out, std::string& error) = 0;
  // The token for reading results when --token is not given: made once, by the first collector
  // to start, then kept where every later start (and every collector on a shared store) reads
  // the same one. SQLite: the file `<db>.token` beside the database; PostgreSQL: the database.
  virtual bool keep_token(Token& out, std::string& error) = 0;

  // The outbox: items due at `now_ms`, then the outcome of each attempt.
  virtual bool due_outbox(std::int64_t now_ms, int limit, std::vector<OutboxItem>& out,
                          std::string& error) = 0;
  virtual bool mark_delivered(std::int64_t outbox_seq, std::int64_t now_ms, std::string& error) = 0;
  virtual bool mark_failed(std::int64_t outbox_seq, std::int64_t next_attempt_ms,
                           const std::string& failure, std::string& error) = 0;
  // Earliest next_attempt_ms of an undelivered item, if any.
  virtual std::optional<std::int64_t> next_outbox_due() = 0;

  // Whether the store answers now (for /healthz); false with the reason.
  virtual bool reachable(std::string& error) = 0;
  // "sqlite" or "postgresql".
  virtual const char* kind() const = 0;
};

// The stats answer (see Storage::stats), from the counts each store's SQL gives.
class StatsBuilder {
 public:
  void totals(std::int64_t total, std::int64_t suspect, std::int64_t unverified,
              std::int64_t pending, std::int64_t delivered);
  // Results of `model` (not suspect) at `stage`.
  void stage(const std::string& model, const std::string& stage, std::int64_t count);
  // Results of `model` (not suspect) whose percent falls in bucket 0–9 (tens).
  void bucket(const std::string& model, int bucket, std::int64_t count);
  // Visits of `model` that reached `step` of the funnel.
  void progress(const std::string& model, const std::string& step, std::int64_t count);
  nlohmann::json finish();

 private:
  nlohmann::json& model_entry(const std::string& id);
  nlohmann::json out_ = nlohmann::json::object();
  nlohmann::json models_ = nlohmann::json::object();
};

// True when `db` names a PostgreSQL database (postgres:// or postgresql://) rather than a file.
bool is_postgres_url(const std::string& db);
// `db` fit to print: a URL's passwords (user info, password=…; any scheme://) replaced by "***".
std::string printable_db(const std::string& db);
// `text` (a message about `url`) with every password `url` holds, as written there, replaced by
// "***": libpq quotes parts of a URL it cannot parse, such as a badly percent-encoded password.
std::string without_passwords(std::string text, const std::string& url);
// Opens (creating if needed) and migrates the store `db` names.
std::unique_ptr<Storage> open_storage(const std::string& db, const StorageSettings& settings,
                                      std::string& error);

}  // namespace leadqual::server
