// The collector's SQLite store (the embedded default; see storage.hpp): results stored exactly
// once by submission id, the forwarding outbox, schema versions and migrations. One writer
// connection (behind a mutex) for every change, one reader connection for queries; WAL lets them
// run side by side.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/storage.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace leadqual::server {

class Store final : public Storage {
 public:
  // Opens (creating if needed) and migrates the database. `synchronous_full` selects
  // PRAGMA synchronous=FULL instead of NORMAL (see docs/collector.md, "Durability").
  static std::unique_ptr<Store> open(const std::string& path, bool synchronous_full,
                                     std::string& error);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // One transaction: the result row and (with `queue_forward`) its outbox row. Returns only after
  // COMMIT has returned, so a Stored answer is on disk.
  InsertOutcome insert(const Submission& submission, bool queue_forward,
                       std::string& error) override;

  bool list(const ResultFilter& filter, std::vector<StoredResult>& out,
            std::string& error) override;
  bool find(const std::string& id, std::optional<StoredResult>& out, std::string& error) override;
  bool record_progress(const std::string& model_id, const std::string& session,
                       const std::string& step, std::string& error) override;
  bool stats(nlohmann::json& out, std::string& error) override;
  bool keep_token(Token& out, std::string& error) override;

  // The outbox: items due at `now_ms`, then the outcome of each attempt.
  bool due_outbox(std::int64_t now_ms, int limit, std::vector<OutboxItem>& out,
                  std::string& error) override;
  bool mark_delivered(std::int64_t outbox_seq, std::int64_t now_ms, std::string& error) override;
  bool mark_failed(std::int64_t outbox_seq, std::int64_t next_attempt_ms,
                   const std::string& failure, std::string& error) override;
  // Earliest next_attempt_ms of an undelivered item, if any.
  std::optional<std::int64_t> next_outbox_due() override;
  bool reachable(std::string&) override { return true; }  // a local file
  const char* kind() const override { return "sqlite"; }

  struct Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace leadqual::server
