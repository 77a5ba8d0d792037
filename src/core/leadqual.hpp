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

// A part of a model that holds or not for each lead and may carry points: an option of a choice
// or multi question, a band of a number or range question, the "true" answer of a boolean
// question, a rule. Backtests count how the leads it held for converted; calibration learns its
// points. Model::items() lists them in model order (questions in order, each question's options
// or bands in order, then the rules).
struct ModelItem {
  enum class Kind { Option, Band, Boolean, Rule, Disqualifier };
  Kind kind = Kind::Option;
  int question = -1;    // index into the model's questions (not for rules)
  int index = 0;        // the option's or band's index within its question, or the rule's index
  std::string pointer;  // where it is in the model: "/questions/2/options/1", "/rules/0"
  std::string id;       // the question's or rule's id
  std::string text;     // the reason text: the option's or band's label, the rule's reason
  // The item once in a table of items: "plan: Pro" (question id, option label), "seats: ≥ 10"
  // (a band's label, else its bounds), "newsletter: yes" (a boolean), "rule hot: Hot lead".
  std::string name;
  double points = 0;  // what it adds to the score: Σ weight × points over the dimensions
};

// What a backtest needs of one score, without building the result (see Model::trace).
struct ScoreTrace {
  struct Error {
    int question = -1;  // the question the answer error is about, -1 for others
    const char* code = "";
    std::string message;
  };
  double score = 0;
  int stage = -1;              // index into the model's stages; -1 when disqualified
  int disqualifier = -1;       // the rule that disqualified the lead, else -1
  std::vector<int> items;      // indices into Model::items() that held for the lead, ascending
  std::vector<char> answered;  // per question: visible and validly answered
  std::vector<Error> errors;   // the result's errors (answers, evaluation)
};

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

  // The same scoring as score(), reported as a ScoreTrace: the score, the stage, which items held
  // (whatever their points) and the errors. `out` is reused between calls without reallocating.
  void trace(const nlohmann::json& answers, const ScoreOptions& options, ScoreTrace& out) const;
  // The same with the answers by question index, in model order (nullptr: no answer), as a
  // CSV column mapping holds them: no answer keys to look up.
  void trace(const std::vector<const nlohmann::json*>& answers, const ScoreOptions& options,
             ScoreTrace& out) const;
  std::vector<ModelItem> items() const;

  // The model with defaults filled in, as JSON: for renderers (every language of every text, the
  // results page, consent, CRM mappings). To know the model's shape, read compiled() instead.
  const nlohmann::json& normalized() const;
  const std::string& id() const;
  const std::string& version() const;
  const std::string& hash() const;  // "sha256:<hex>" of the canonical JSON of the source model

  // The typed read-only view of the model (core/runtime/model.hpp): what the result check, the
  // CLI, the collector and the backtest read of a model, with every default applied and every
  // text in the model's language. Plain structs and vectors, in model order:
  //   questions    id, type (QuestionType), text (label), required, options (value, text,
  //                points), min/max, bands (min, max, text, has_label, points), max_length
  //   dimensions   id, min, max, weight;  percent_base: Σ weight·max (NaN when one has no max)
  //   stages       id, label, condition (-1: the default stage, the last)
  //   rules        id, disqualifies, text (the reason);  computed, signals: id, ...
  //   has_grade, grade_from (dimension indexes), grade_bands (grade, has_min, min)
  //   sharing      what a posted result carries (submit.result): reasons, dimensions, computed
  //   max_steps    the evaluation limit per expression
  // Points are runs of `contributions` (dimension index, points, source). Lookups by id:
  // find_question, find_dimension, find_stage, find_signal (-1 when there is none). The same
  // view comes back from load_compiled(bytes()): it is what the compiled form carries.
  const CompiledModel& compiled() const { return compiled_; }
  const std::string& bytes() const { return bytes_; }  // the compiled form (`leadqual build`)

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
