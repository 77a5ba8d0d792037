// The collector's PostgreSQL store (`--db postgres://…`), for several collectors sharing one
// database: the same schema versions as the SQLite store, migrated once under an advisory lock
// however many collectors start together; a submission id stored once (a unique index, inserts
// ON CONFLICT DO NOTHING); the outbox claimed with FOR UPDATE SKIP LOCKED so one collector
// forwards each result (and retries a dead collector's). Connections come from a bounded pool; a
// connection the server dropped (a restart) is replaced on the next use.
#pragma once

#include <memory>
#include <string>

#include "server/storage.hpp"

namespace leadqual::server {

class PgStore final : public Storage {
 public:
  // Connects (checking the URL and the credentials at once), then migrates. Errors never
  // contain the password.
  static std::unique_ptr<PgStore> open(const std::string& url, int pool_size, std::string& error);
  ~PgStore() override;
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  InsertOutcome insert(const Submission& submission, bool queue_forward,
                       std::string& error) override;
  bool list(const ResultFilter& filter, std::vector<StoredResult>& out,
            std::string& error) override;
  bool stats(nlohmann::json& out, std::string& error) override;
  // Claims one due item (whatever `limit`), locked until it is marked delivered or failed: two
  // collectors never hold the same item, and a dead collector's claim is released at once.
  bool due_outbox(std::int64_t now_ms, int limit, std::vector<OutboxItem>& out,
                  std::string& error) override;
  bool mark_delivered(std::int64_t outbox_seq, std::int64_t now_ms, std::string& error) override;
  bool mark_failed(std::int64_t outbox_seq, std::int64_t next_attempt_ms,
                   const std::string& failure, std::string& error) override;
  std::optional<std::int64_t> next_outbox_due() override;
  bool reachable(std::string& error) override;
  const char* kind() const override { return "postgresql"; }

  struct Impl;

 private:
  explicit PgStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace leadqual::server
