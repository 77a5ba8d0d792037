// `leadqual serve`: the demo site and the result collector (HTTP + SQLite).
#pragma once

#include "server/options.hpp"

namespace leadqual::server {

// Runs the server until SIGINT/SIGTERM. Returns the process exit code (0 clean stop, 1 a
// failure to start or run).
int serve(Options options);

}  // namespace leadqual::server
