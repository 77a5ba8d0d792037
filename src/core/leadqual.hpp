// The public face of the leadqual core. Everything a caller (CLI, server, WebAssembly
// bindings, tests) needs: load a model, score answers, evaluate a bare expression.
// Pure and deterministic: no I/O, no clock (the caller passes `now`), never throws or aborts.
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/expr/expr.hpp"

namespace leadqual {

// Documented in docs/model.md ("Limits"); every one is enforced with a located error.
struct ModelLimits {
  std::size_t max_model_bytes = 1 << 20;  // JSON text of a model
  int max_json_depth = 64;                // nesting of any JSON document we parse
  std::size_t max_questions = 500;
  std::size_t max_options = 200;  // per question
  std::size_t max_rules = 1000;
  std::size_t max_string_length = 10000;  // any label, id or answer string
  Limits expr;                            // expression depth, text length, steps
};

class Model;
struct Warning;
std::vector<Warning> lint(const Model& model);  // core/lint.hpp

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

  // answers (a JSON object: question id -> answer) -> the result object of docs/model.md.
  // Invalid answers are reported in result["errors"]; the result is still a result.
  nlohmann::json score(const nlohmann::json& answers, const ScoreOptions& options = {}) const;
  // canonical(score(answers, options)), byte for byte, written straight to text without building
  // the result object: several times faster, for the CLI's throughput and the WebAssembly API.
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

  const nlohmann::json& normalized() const;  // the model with defaults filled in, for renderers
  const std::string& id() const;
  const std::string& version() const;
  const std::string& hash() const;  // "sha256:<hex>" of the canonical JSON of the source model

  struct Impl;  // defined in the core; public only so the core's .cpp files can share it
  explicit Model(std::unique_ptr<Impl> impl);
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

 private:
  friend std::vector<Warning> lint(const Model& model);
  std::unique_ptr<Impl> impl_;
};

// Parse JSON text with the same size/depth limits as models (used for answers, data, signals).
// On failure returns false and sets `error` to "line L, column C: what is wrong".
bool parse_json(std::string_view text, nlohmann::json& out, std::string& error,
                const ModelLimits& limits = {});

// One bare expression (infix text or JsonLogic) on a data object, for `leadqual eval` and the
// JS `evaluate()`. Returns false with located errors when it does not compile; an evaluation
// error is returned as {"error": {"type": ..., "message": ...}} in `out` with true.
bool evaluate(const nlohmann::json& rule, const nlohmann::json& data, nlohmann::json& out,
              std::vector<Diagnostic>& errors,
              double now_ms = std::numeric_limits<double>::quiet_NaN());

// The canonical bytes of a result or model: compact, keys sorted, numbers as nlohmann prints
// them. Identical natively and in WebAssembly.
std::string canonical(const nlohmann::json& value);

}  // namespace leadqual
