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
  bool find(const std::string& id, std::optional<StoredResult>& out, std::string& error) override;
  bool record_progress(const std::string& model_id, const std::string& session,
                       const std::string& step, std::string& error) override;
  bool stats(nlohmann::json& out, std::string& error) override;
  // In the table `settings`, shared by every collector on the database.
  bool keep_token(Token& out, std::string& error) override;
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

  // A result as another store kept it (`leadqual migrate-store`), with its outbox row if any.
  struct Imported {
    Submission submission;  // its payload unused: payload_text is stored as it is
    std::string payload_text;
    std::int64_t received_ms = 0;
    bool has_outbox = false;
    int attempts = 0;
    std::int64_t next_attempt_ms = 0;
    std::string last_error;
    std::optional<std::int64_t> delivered_ms;
  };
  // Stores `result` unless its id is here already (then `inserted` is false and nothing changes).
  bool import(const Imported& result, bool& inserted, std::string& error);
  // A funnel step as another store kept it (a step held already is left alone).
  bool import_progress(const std::string& model_id, const std::string& session,
                       const std::string& step, std::int64_t received_ms, std::string& error);
  // Makes `token` the read token unless the database has one (then `inserted` is false).
  bool import_token(const std::string& token, bool& inserted, std::string& error);

  struct Impl;

 private:
  explicit PgStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace leadqual::server
