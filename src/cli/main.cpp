// leadqual: validate models, score files of leads, evaluate expressions, start a model from a
// preset, and serve the demo site with the result collector.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/verbs.hpp"

namespace leadqual::cli {
namespace {

constexpr const char* kHelp = R"(Usage: leadqual VERB [ARGS...]

Verbs
  validate MODEL...          check models; errors located by JSON Pointer
  score MODEL [FILE|-]       score leads (JSON Lines or CSV) into results (JSON Lines or CSV)
  eval EXPR [DATA]           evaluate an infix or JsonLogic expression on JSON data
  new --framework NAME       print a new model started from a preset (--list lists them)
  serve [OPTIONS]            the demo site and the result collector (HTTP + SQLite)
  help [VERB]                this text, or a verb's

Options
  --help                     this text (after a verb: that verb's)
  --version                  the version

Exit status: 0 success, 1 failure (invalid model, bad input), 2 usage error.
Run 'leadqual VERB --help' for a verb's arguments and options.
)";

int dispatch(const std::string& verb, const std::vector<std::string>& rest) {
  if (verb == "validate") return validate_main(rest);
  if (verb == "score") return score_main(rest);
  if (verb == "eval") return eval_main(rest);
  if (verb == "new") return new_main(rest);
  if (verb == "serve") return serve_main(rest);
  return -1;
}

}  // namespace

int usage_error(const std::string& verb, const std::string& message) {
  std::fprintf(stderr, "leadqual %s: %s\nRun 'leadqual %s --help' for usage.\n", verb.c_str(),
               message.c_str(), verb.c_str());
  return kExitUsage;
}

int main_with(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fputs(kHelp, stderr);
    return kExitUsage;
  }
  const std::string& first = args[0];
  if (first == "--help" || first == "-h" || (first == "help" && args.size() == 1)) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (first == "--version") {
    std::printf("leadqual %s\n", LEADQUAL_VERSION);
    return kExitOk;
  }
  if (first == "help") {
    const int status = dispatch(args[1], {"--help"});
    if (status >= 0) return status;
  } else {
    const int status = dispatch(first, {args.begin() + 1, args.end()});
    if (status >= 0) return status;
  }
  const std::string& unknown = first == "help" ? args[1] : first;
  std::fprintf(stderr, "leadqual: unknown %s '%s'\n\n",
               unknown.rfind('-', 0) == 0 ? "option" : "verb", unknown.c_str());
  std::fputs(kHelp, stderr);
  return kExitUsage;
}

}  // namespace leadqual::cli

int main(int argc, char** argv) {
  return leadqual::cli::main_with(std::vector<std::string>(argv + 1, argv + argc));
}
