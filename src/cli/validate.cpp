// leadqual validate MODEL...
#include <string>

#include "cli/args.hpp"
#include "cli/io.hpp"
#include "cli/verbs.hpp"
#include "core/compiler/lint.hpp"
#include "core/leadqual.hpp"

namespace leadqual::cli {
namespace {

constexpr const char* kHelp = R"(Usage: leadqual validate [--strict] MODEL...

Loads each model file ("-" reads standard input), checks it completely and compiles its
expressions. For a valid model prints
  MODEL: valid (ID VERSION, N questions, sha256:HASH)
on standard output; for an invalid one prints every error, located by JSON Pointer, on
standard error:
  MODEL: /rules/3/if: unknown name 'employes' — did you mean 'employees'?
A valid model may still say something it probably does not mean (a stage that is never
reached, a comparison with an option the question does not have, ...): each such warning is
printed on standard error with its code:
  MODEL: warning: /stages/1: stage 'mql' is never reached: ... [unreachable-stage]

Options
  --strict    warnings count as errors (exit status 1)

Exit status: 0 all models valid, 1 any model invalid or unreadable (or, with --strict, has
warnings), 2 usage error.
)";

// Returns true when the model at `path` is valid (and, when strict, has no warning); reports
// either way.
bool validate_one(const std::string& path, bool strict) {
  const std::shared_ptr<const Model> loaded = read_model(path);
  if (!loaded) return false;
  const Model& model = *loaded;
  const std::vector<Warning> warnings = lint(model);
  for (const Warning& warning : warnings) {
    err("%s: %s: %s: %s [%s]\n", path.c_str(), strict ? "error" : "warning",
        warning.pointer.c_str(), warning.message.c_str(), warning.code.c_str());
  }
  if (strict && !warnings.empty()) return false;
  const std::size_t question_count = model.compiled().questions.size();
  out("%s: valid (%s %s, %zu question%s, %s)\n", path.c_str(), model.id().c_str(),
      model.version().c_str(), question_count, question_count == 1 ? "" : "s",
      model.hash().c_str());
  return true;
}

}  // namespace

int validate_main(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  if (const auto done = start_verb("validate", kHelp, args, {{"--help"}, {"--strict"}}, parsed)) {
    return *done;
  }
  std::string error;
  if (parsed.positional.empty()) return usage_error("validate", "no model file given");
  bool all_valid = true;
  for (const std::string& path : parsed.positional) {
    if (!validate_one(path, parsed.has("--strict"))) all_valid = false;
  }
  return all_valid ? kExitOk : kExitFailure;
}

}  // namespace leadqual::cli
