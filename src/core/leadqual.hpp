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
