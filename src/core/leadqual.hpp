// The public face of the whole leadqual core — compiler and runtime together — for callers that
// hold models and answers as JSON (the CLI, the collector, the tests): load a model (compile it,
// then load the compiled form into the runtime), score answers, evaluate a bare expression.
// Pure and deterministic: no I/O, no clock (the caller passes `now`), never throws or aborts.
//
//   src/core/compiler/  model JSON → compiled model (nlohmann/json, validation, expressions)
//   src/core/runtime/   compiled model + answers → result (no JSON parser; also the browser's)
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compiler/compile.hpp"
#include "core/compiler/expr.hpp"
#include "core/compiler/json_text.hpp"
#include "core/runtime/model.hpp"

namespace leadqual {

class Model;

struct LoadResult {
  std::shared_ptr<const Model> model;  // null when errors is not empty
  std::vector<Diagnostic> errors;      // every problem found, in document order
};

struct ScoreOptions {
  nlohmann::json signals = nlohmann::json::object();  // behavioural counters, see docs/model.md
  double now_ms = std::numeric_limits<double>::quiet_NaN();  // ms since epoch; NaN = unknown
};

class Model {
 public:
  // Parse JSON text (size and depth limited; syntax errors located), then load it.
  static LoadResult parse(std::string_view json_text, const ModelLimits& limits = {});
  // Validate and compile a model document. Reports all errors, each by JSON Pointer.
  static LoadResult load(const nlohmann::json& doc, const ModelLimits& limits = {});
  // Load a compiled model (what `leadqual build` writes) into the runtime; no compiler involved.
  static LoadResult load_compiled(std::string_view bytes);

  // answers (a JSON object: question id -> answer) -> the result object of docs/model.md.
  // Invalid answers are reported in result["errors"]; the result is still a result.
  nlohmann::json score(const nlohmann::json& answers, const ScoreOptions& options = {}) const;
  // canonical(score(answers, options)), byte for byte, written by the runtime straight to text.
  std::string score_text(const nlohmann::json& answers, const ScoreOptions& options = {}) const;

  // What a live UI needs after each change: {"visible": [question ids in model order],
  // "result": <as score()>}. Per-question errors are in result["errors"].
  nlohmann::json state(const nlohmann::json& answers, const ScoreOptions& options = {}) const;
  // canonical(state(answers, options)), byte for byte (see score_text).
  std::string state_text(const nlohmann::json& answers, const ScoreOptions& options = {}) const;

  const nlohmann::json& normalized() const;  // the model with defaults filled in, for renderers
  const std::string& id() const;
  const std::string& version() const;
  const std::string& hash() const;  // "sha256:<hex>" of the canonical JSON of the source model

  // The typed read-only view of the model (runtime/model.hpp), and its compiled bytes.
  const CompiledModel& compiled() const { return compiled_; }
  const std::string& bytes() const { return bytes_; }

  Model(CompiledModel compiled, std::string bytes);
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

 private:
  CompiledModel compiled_;
  std::string bytes_;
  nlohmann::json normalized_;
};

// What evaluating one bare expression gave: a value, or a failure while running it (a JsonLogic
// "throw", NaN, the step limit), kept apart so that no value (a user's own data included) can
// be taken for a failure.
struct Evaluation {
  nlohmann::json value;  // null when failed
  bool failed = false;
  std::string type;     // when failed: "NaN", "Invalid Arguments", a thrown value...
  std::string message;  // when failed: what happened
};

// One bare expression (infix text or JsonLogic) on a data object, for `leadqual eval` and the
// JS `evaluate()`. Returns false with located errors when it does not compile; else true with
// the value or the failure in `out`.
bool evaluate(const nlohmann::json& rule, const nlohmann::json& data, Evaluation& out,
              std::vector<Diagnostic>& errors,
              double now_ms = std::numeric_limits<double>::quiet_NaN());

}  // namespace leadqual
