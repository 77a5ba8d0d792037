// The collector's SQLite store (the embedded default; see storage.hpp): results stored exactly
// once by submission id, the forwarding outbox, schema versions and migrations (schema.hpp).
// One writer connection (behind a mutex) for every change, one reader connection for queries;
// WAL lets them run side by side. The read token is kept in the file `<db>.token`.
#pragma once

#include <memory>
#include <string>

#include "server/storage.hpp"

namespace leadqual::server {

class Store : public Storage {
 public:
  // Opens (creating if needed) and migrates the database. `synchronous_full` selects
  // PRAGMA synchronous=FULL instead of NORMAL (see docs/collector.md, "Durability").
  static std::unique_ptr<Store> open(const std::string& path, bool synchronous_full,
                                     std::string& error);
};

}  // namespace leadqual::server
