// The collector's PostgreSQL store (`--db postgres://…`), for several collectors sharing one
// database: the same schema versions as the SQLite store (schema.hpp), migrated once under an
// advisory lock however many collectors start together; a submission id stored once (a unique
// index, inserts ON CONFLICT DO NOTHING); the outbox claimed with FOR UPDATE SKIP LOCKED so one
// collector forwards each result (and retries a dead collector's): due_outbox claims one due item
// (whatever `limit`), locked until it is marked delivered or failed, and a dead collector's claim
// is released at once. The read token is kept in the table `settings`, shared by every collector
// on the database. Connections come from a bounded pool; a connection the server dropped (a
// restart) is replaced on the next use.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "server/storage.hpp"

namespace leadqual::server {

class PgStore : public Storage {
 public:
  // Connects (checking the URL and the credentials at once), then migrates. Errors never
  // contain the password.
  static std::unique_ptr<PgStore> open(const std::string& url, int pool_size, std::string& error);

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
  virtual bool import(const Imported& result, bool& inserted, std::string& error) = 0;
  // A funnel step as another store kept it (a step held already is left alone).
  virtual bool import_progress(const std::string& model_id, const std::string& session,
                               const std::string& step, std::int64_t received_ms,
                               std::string& error) = 0;
  // Makes `token` the read token unless the database has one (then `inserted` is false).
  virtual bool import_token(const std::string& token, bool& inserted, std::string& error) = 0;
};

}  // namespace leadqual::server
