// The `leadqual` command line: the general help, the verbs and their dispatch, shared by the
// native binary (main.cpp, which adds the verbs that need the machine, such as serve) and the
// WebAssembly core module (`npx leadqual`).
#include "cli/command.hpp"

#include <memory>
#include <string>
#include <vector>

#include "cli/host.hpp"
#include "cli/io.hpp"

namespace leadqual::cli {
namespace {

constexpr const char* kHelp = R"(Usage: leadqual VERB [ARGS...]

Verbs
  validate MODEL...          check models; errors located by JSON Pointer
  score MODEL [FILE|-]       score leads (JSON Lines or CSV) into results (JSON Lines or CSV)
  eval EXPR [DATA]           evaluate an infix or JsonLogic expression on JSON data
  new --framework NAME       print a new model started from a preset (--list lists them)
  new --from-csv FILE        print a starter model with one question per column of a CRM export
  backtest MODEL FILE        how well a model ranks the converted leads of a CRM export
  calibrate MODEL FILE       learn the model's points from a CRM export (LIBLINEAR)
  build MODEL [-o FILE]      compile a model for the runtime (what pages load fastest)
  serve [OPTIONS]            the result collector (HTTP + SQLite or PostgreSQL), the demo site
  migrate-store --from F --to URL  copy a SQLite store into PostgreSQL (safe to repeat)
  help [VERB]                this text, or a verb's

Options
  --help                     this text (after a verb: that verb's)
  --version                  the version

Exit status: 0 success, 1 failure (invalid model, bad input), 2 usage error.
Run 'leadqual VERB --help' for a verb's arguments and options.
)";

// Verbs the general help lists that only the native binary has: the WebAssembly module says
// so instead of "unknown verb".
const char* const kNativeOnly[] = {"serve", "migrate-store", "calibrate"};

int dispatch(const std::string& verb, const std::vector<std::string>& rest,
             const std::vector<Verb>& more) {
  if (verb == "validate") return validate_main(rest);
  if (verb == "score") return score_main(rest);
  if (verb == "eval") return eval_main(rest);
  if (verb == "new") return new_main(rest);
  if (verb == "backtest") return backtest_main(rest);
  if (verb == "build") return build_main(rest);
  for (const Verb& extra : more) {
    if (verb == extra.name) return extra.run(rest);
  }
  for (const char* native : kNativeOnly) {
    if (verb == native) {
      err("leadqual %s: needs the native leadqual command (see \"Which verbs need the native "
          "build\" in docs/cli.md)\n",
          verb.c_str());
      return kExitUsage;
    }
  }
  return -1;
}

}  // namespace

std::optional<int> start_verb(const std::string& verb, const char* help,
                              const std::vector<std::string>& args,
                              const std::vector<OptionSpec>& spec, ParsedArgs& parsed) {
  std::string error;
  if (!parse_args(args, spec, parsed, error)) return usage_error(verb, error);
  if (parsed.has("--help")) {
    out("%s", help);
    return kExitOk;
  }
  return std::nullopt;
}

int usage_error(const std::string& verb, const std::string& message) {
  err("leadqual %s: %s\nRun 'leadqual %s --help' for usage.\n", verb.c_str(), message.c_str(),
      verb.c_str());
  return kExitUsage;
}

void print_model_errors(const std::string& path, const std::vector<Diagnostic>& errors) {
  for (const Diagnostic& diagnostic : errors) {
    err("%s: %s%s%s\n", path.c_str(), diagnostic.pointer.c_str(),
        diagnostic.pointer.empty() ? "" : ": ", diagnostic.message.c_str());
  }
}

std::shared_ptr<const Model> read_model(const std::string& path) {
  const ModelLimits limits;
  std::string text, error;
  if (!read_file(path, limits.max_model_bytes, text, error)) {
    err("%s: %s\n", path.c_str(), error.c_str());
    return nullptr;
  }
  const LoadResult loaded = Model::parse(text, limits);
  if (!loaded.model) {
    print_model_errors(path, loaded.errors);
    if (loaded.errors.empty()) err("%s: not a valid model\n", path.c_str());
  }
  return loaded.model;
}

int main_with(const std::vector<std::string>& args, const std::vector<Verb>& more) {
  if (args.empty()) {
    err("%s", kHelp);
    return kExitUsage;
  }
  const std::string& first = args[0];
  if (first == "--help" || first == "-h" || (first == "help" && args.size() == 1)) {
    out("%s", kHelp);
    return kExitOk;
  }
  if (first == "--version") {
    out("leadqual %s\n", LEADQUAL_VERSION);
    return kExitOk;
  }
  if (first == "help") {
    const int status = dispatch(args[1], {"--help"}, more);
    if (status >= 0) return status;
  } else {
    const int status = dispatch(first, {args.begin() + 1, args.end()}, more);
    if (status >= 0) return status;
  }
  const std::string& unknown = first == "help" ? args[1] : first;
  err("leadqual: unknown %s '%s'\n\n", unknown.rfind('-', 0) == 0 ? "option" : "verb",
      unknown.c_str());
  err("%s", kHelp);
  return kExitUsage;
}

}  // namespace leadqual::cli
