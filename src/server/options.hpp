// What `leadqual serve` runs with (src/cli/serve.cpp reads them from its command line).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace leadqual::server {

struct Options {
  std::string host = "127.0.0.1";
  int port = 8080;    // 0 = any free port (the bound port is printed)
  std::string root;   // static files; empty = none, unless `demo`
  bool demo = false;  // serve the project's web/ folder (the demo site) when no --root is given
  std::string db = "leadqual.sqlite";  // a SQLite file or a postgres:// URL
  int db_pool = 8;                     // PostgreSQL connections at most
  // Folders of model JSON files (--models may repeat); none = accept any model. The first is
  // also served at /models/.
  std::vector<std::string> models;
  // Refuse results of unknown models instead of storing them unverified.
  bool strict_models = false;
  std::vector<std::string> allow_origins;  // CORS allow-list; empty = same-origin only
  std::string token;           // for reading results; empty = the one kept beside the database
  std::string forward;         // webhook URL each stored result is forwarded to
  std::string forward_secret;  // signs forwarded results (Leadqual-Signature)
  std::int64_t forward_retry_ms = 1000;  // first forwarding retry delay (doubles per attempt)
  bool synchronous_full = false;         // PRAGMA synchronous=FULL instead of NORMAL
  double rate_per_second = 10;           // token bucket refill per client address
  double rate_burst = 60;                // token bucket size per client address
  std::size_t max_body = 32 * 1024;
  int threads = 8;  // threads running handlers; connections wait without holding one
  std::int64_t request_timeout_ms = 10000;  // a request's head and body, and one answer
  std::int64_t idle_timeout_ms = 5000;      // an open connection waiting for its next request
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_client = 64;  // 0: no bound
};

}  // namespace leadqual::server
