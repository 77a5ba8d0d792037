// The verbs of the `leadqual` command. Each takes the words after its name and returns the
// process exit status.
#pragma once

#include <string>
#include <vector>

#include "core/compiler/expr.hpp"

namespace leadqual::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // invalid model, bad input line, unreadable file
constexpr int kExitUsage = 2;    // unknown verb or option, missing argument

int validate_main(const std::vector<std::string>& args);
int score_main(const std::vector<std::string>& args);
int eval_main(const std::vector<std::string>& args);
int new_main(const std::vector<std::string>& args);
int build_main(const std::vector<std::string>& args);
int backtest_main(const std::vector<std::string>& args);
int calibrate_main(const std::vector<std::string>& args);      // in the leadqual executable only
int serve_main(const std::vector<std::string>& args);          // in the leadqual executable only
int migrate_store_main(const std::vector<std::string>& args);  // likewise

// Prints "leadqual VERB: MESSAGE" and where to find help on stderr; returns kExitUsage.
int usage_error(const std::string& verb, const std::string& message);

// Prints each located error of a model that does not load on stderr: "PATH: POINTER: MESSAGE".
void print_model_errors(const std::string& path, const std::vector<Diagnostic>& errors);

}  // namespace leadqual::cli
