// leadqual eval EXPR [DATA]
#include <cstdio>
#include <string>

#include "cli/args.hpp"
#include "cli/clock.hpp"
#include "cli/io.hpp"
#include "cli/verbs.hpp"
#include "core/leadqual.hpp"

namespace leadqual::cli {
namespace {

constexpr const char* kHelp = R"(Usage: leadqual eval EXPR [DATA] [--now ISO|MS]

Evaluates one expression on a JSON data value and prints the result as canonical JSON.
  EXPR  infix text ("employees >= 100 and budget in ['approved','planned']"), or JsonLogic
        when it starts with '{' or '[' ('{"<": [{"var": "employees"}, 100]}'); "@FILE" reads
        it from a file ("@-": standard input)
  DATA  the data, usually an object of answers: JSON text, or "@FILE"; default {}
  --now the clock for days_since (default: the system clock)

An evaluation error (a JsonLogic "throw", the step limit) prints {"error":{"type":...}} and still
exits 0. Exit status: 0 evaluated, 1 the expression does not compile (errors located on standard
error) or DATA is not JSON, 2 usage error.
)";

// Inline text, or the contents of the file named after an '@'.
bool argument_text(const std::string& argument, std::string& text, std::string& error) {
  if (argument.empty() || argument[0] != '@') {
    text = argument;
    return true;
  }
  const ModelLimits limits;
  if (!read_file(argument.substr(1), limits.max_model_bytes, text, error)) return false;
  if (text.size() > limits.max_model_bytes) {
    error = "'" + argument.substr(1) + "' is larger than " +
            std::to_string(limits.max_model_bytes) + " bytes";
    return false;
  }
  return true;
}

bool is_json_start(const std::string& text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[';
  }
  return false;
}

}  // namespace

int eval_main(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  if (const auto done = start_verb("eval", kHelp, args, {{"--help"}, {"--now", true}}, parsed)) {
    return *done;
  }
  std::string error;
  if (parsed.positional.empty()) return usage_error("eval", "no expression given");
  if (parsed.positional.size() > 2) {
    return usage_error("eval", "too many arguments: '" + parsed.positional[2] + "'");
  }
  double now_ms = 0;
  if (!now_option(parsed, now_ms, error)) {
    return usage_error("eval", error);
  }

  std::string text;
  if (!argument_text(parsed.positional[0], text, error)) {
    err("leadqual eval: %s\n", error.c_str());
    return kExitFailure;
  }
  nlohmann::json rule;
  if (is_json_start(text)) {
    if (!parse_json(text, rule, error)) {
      err("leadqual eval: expression: %s\n", error.c_str());
      return kExitFailure;
    }
  } else {
    rule = text;  // infix text is a JSON string to the core
  }

  nlohmann::json data = nlohmann::json::object();
  if (parsed.positional.size() > 1) {
    if (!argument_text(parsed.positional[1], text, error)) {
      err("leadqual eval: %s\n", error.c_str());
      return kExitFailure;
    }
    if (!parse_json(text, data, error)) {
      err("leadqual eval: data: %s\n", error.c_str());
      return kExitFailure;
    }
  }

  Evaluation result;
  std::vector<Diagnostic> errors;
  if (!evaluate(rule, data, result, errors, now_ms)) {
    for (const Diagnostic& diagnostic : errors) {
      err("leadqual eval: expression%s%s: %s\n", diagnostic.pointer.empty() ? "" : " at ",
          diagnostic.pointer.c_str(), diagnostic.message.c_str());
    }
    if (errors.empty()) err("leadqual eval: the expression does not compile\n");
    return kExitFailure;
  }
  // The command's output format (documented in its help): a failure prints as {"error": ...}.
  const nlohmann::json shown =
      result.failed
          ? nlohmann::json{{"error", {{"type", result.type}, {"message", result.message}}}}
          : result.value;
  out("%s\n", canonical(shown).c_str());
  return kExitOk;
}

}  // namespace leadqual::cli
