// `leadqual serve`: the demo site and the result collector (HTTP + SQLite).
#pragma once

#include <string>
#include <vector>

namespace leadqual {

// Runs the server until SIGINT/SIGTERM. `args` are the words after `serve`.
// Returns the process exit code (0 clean stop, 1 runtime failure, 2 usage).
int serve_main(const std::vector<std::string>& args);

}  // namespace leadqual
