// `leadqual migrate-store --from FILE.sqlite --to postgres://…` (the verb is
// cli/migrate_store.cpp): copies a SQLite store into a PostgreSQL store: every result with its
// forwarding state, the visit funnel and the read token. Idempotent: a result whose id the target
// holds already is left as it is, so running it again (or while collectors write to the target)
// copies only what is missing.
#pragma once

#include <cstdint>
#include <string>

namespace leadqual::server {

struct MigrateReport {
  std::int64_t copied = 0;    // results stored now
  std::int64_t present = 0;   // results the target held already (left alone)
  std::int64_t queued = 0;    // of those copied, still to forward
  std::int64_t steps = 0;     // funnel steps read (a step the target holds is not doubled)
  bool token_copied = false;  // the source's <db>.token became the target's read token
};

// False with `error` (never containing the password) when the source cannot be read (or is not
// a leadqual SQLite store at this schema version) or the target cannot be written; running again
// then continues where it stopped.
// `to` is a PostgreSQL URL (is_postgres_url).
bool migrate_store(const std::string& from, const std::string& to, MigrateReport& report,
                   std::string& error);

}  // namespace leadqual::server
