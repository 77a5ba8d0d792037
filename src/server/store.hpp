// The collector's SQLite database: results stored exactly once by submission id, the forwarding
// outbox, schema versions and migrations. One writer connection (behind a mutex) for every
// change, one reader connection for queries; WAL lets them run side by side.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

struct sqlite3;
struct sqlite3_stmt;

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

class Store {
 public:
  // Opens (creating if needed) and migrates the database. `synchronous_full` selects
  // PRAGMA synchronous=FULL instead of NORMAL (see docs/collector.md, "Durability").
  static std::unique_ptr<Store> open(const std::string& path, bool synchronous_full,
                                     std::string& error);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  static constexpr int kSchemaVersion = 2;

  // One transaction: the result row and (with `queue_forward`) its outbox row. Returns only after
  // COMMIT has returned, so a Stored answer is on disk.
  InsertOutcome insert(const Submission& submission, bool queue_forward, std::string& error);

  bool list(const ResultFilter& filter, std::vector<StoredResult>& out, std::string& error);
  // The stored copy of a submission id (nullopt when there is none); false on a storage error.
  bool find(const std::string& id, std::optional<StoredResult>& out, std::string& error);
  // One step of one visit's funnel ("start", "complete", "q:<question id>"); a repeat is a no-op.
  bool record_progress(const std::string& model_id, const std::string& session,
                       const std::string& step, std::string& error);
  // {"total", "suspect", "unverified", "outbox": {...}, "models": [{"id", "count",
  // "stages": {...}, "histogram", "progress"?: {step: visits}}]}
  bool stats(nlohmann::json& out, std::string& error);

  // The outbox: items due at `now_ms`, then the outcome of each attempt.
  bool due_outbox(std::int64_t now_ms, int limit, std::vector<OutboxItem>& out, std::string& error);
  bool mark_delivered(std::int64_t outbox_seq, std::int64_t now_ms, std::string& error);
  bool mark_failed(std::int64_t outbox_seq, std::int64_t next_attempt_ms,
                   const std::string& failure, std::string& error);
  // Earliest next_attempt_ms of an undelivered item, if any.
  std::optional<std::int64_t> next_outbox_due();

  struct Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace leadqual::server
