// The verbs of the `leadqual` command. Each takes the words after its name and returns the
// process exit status.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "core/compiler/expr.hpp"
#include "core/leadqual.hpp"

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

// How every verb starts: `args` parsed by `spec` into `parsed`. Returns the exit status when the
// verb is done already: a usage error printed, or `help` printed for --help (which `spec`
// names); nullopt when the verb goes on.
std::optional<int> start_verb(const std::string& verb, const char* help,
                              const std::vector<std::string>& args,
                              const std::vector<OptionSpec>& spec, ParsedArgs& parsed);

// Prints each located error of a model that does not load on stderr: "PATH: POINTER: MESSAGE".
void print_model_errors(const std::string& path, const std::vector<Diagnostic>& errors);

// Reads and compiles the model file at `path` ("-": standard input), as validate and build
// report it: when it cannot be read "PATH: WHY", when it is invalid each located error
// (print_model_errors), on stderr; null then.
std::shared_ptr<const Model> read_model(const std::string& path);

}  // namespace leadqual::cli
