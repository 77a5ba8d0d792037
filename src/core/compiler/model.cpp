// Model: the compiler and the runtime behind one JSON-facing class (core/leadqual.hpp). Loading
// compiles, writes the compiled bytes and loads them back the way a browser does, so every
// consumer scores with the very runtime and format the pages use.
#include <string>

#include "core/compiler/answers.hpp"
#include "core/compiler/json_value.hpp"
#include "core/leadqual.hpp"
#include "core/runtime/format.hpp"
#include "core/runtime/score.hpp"

namespace leadqual {
namespace {

// Per thread, reused from one score to the next.
struct Scratch {
  Input input;
  Result result;
};
thread_local Scratch scratch;

const Result& run(const CompiledModel& model, const nlohmann::json& answers,
                  const ScoreOptions& options) {
  read_answers(model, answers, options.signals, scratch.input);
  score(model, scratch.input, options.now_ms, scratch.result);
  return scratch.result;
}

nlohmann::json parsed(const std::string& text) {
  nlohmann::json out;
  std::string error;
  parse_json(text, out, error);
  return out;
}

}  // namespace

Model::Model(CompiledModel compiled, std::string bytes)
    : compiled_(std::move(compiled)), bytes_(std::move(bytes)) {
  normalized_ = parsed(compiled_.normalized_json);
}

LoadResult Model::load_compiled(std::string_view bytes) {
  LoadResult result;
  CompiledModel compiled;
  std::string error;
  if (!read_compiled(bytes, compiled, error)) {
    result.errors.push_back(Diagnostic{"", error});
    return result;
  }
  result.model = std::make_shared<const Model>(std::move(compiled), std::string(bytes));
  return result;
}

LoadResult Model::load(const nlohmann::json& doc, const ModelLimits& limits) {
  CompileResult compiled = compile_model(doc, limits);
  if (!compiled.errors.empty()) return LoadResult{nullptr, std::move(compiled.errors)};
  return load_compiled(compiled.bytes);
}

LoadResult Model::parse(std::string_view json_text, const ModelLimits& limits) {
  CompileResult compiled = compile_model_text(json_text, limits);
  if (!compiled.errors.empty()) return LoadResult{nullptr, std::move(compiled.errors)};
  return load_compiled(compiled.bytes);
}

std::string Model::score_text(const nlohmann::json& answers, const ScoreOptions& options) const {
  const Result& result = run(compiled_, answers, options);
  std::string out;
  out.reserve(512 + 160 * result.reasons.size());
  write_result(compiled_, result, out);
  return out;
}

std::string Model::state_text(const nlohmann::json& answers, const ScoreOptions& options) const {
  const Result& result = run(compiled_, answers, options);
  std::string out;
  write_state(compiled_, result, out);
  return out;
}

nlohmann::json Model::score(const nlohmann::json& answers, const ScoreOptions& options) const {
  return parsed(score_text(answers, options));
}

nlohmann::json Model::state(const nlohmann::json& answers, const ScoreOptions& options) const {
  return parsed(state_text(answers, options));
}

const nlohmann::json& Model::normalized() const {
  return normalized_;
}
const std::string& Model::id() const {
  return compiled_.id;
}
const std::string& Model::version() const {
  return compiled_.version;
}
const std::string& Model::hash() const {
  return compiled_.hash;
}

bool evaluate(const nlohmann::json& rule, const nlohmann::json& data, Evaluation& out,
              std::vector<Diagnostic>& errors, double now_ms) {
  std::optional<Expr> expr = Expr::compile(rule, nullptr, "", errors);
  if (!expr) return false;
  Value values = value_from_json(data);
  EvalContext context;
  context.data = &values;
  context.now_ms = now_ms;
  Value value = expr->eval(context);
  out = Evaluation();
  if (value.is_error()) {
    out.failed = true;
    out.type = std::string(value.as_string());
    out.message = std::string(value.error_message());
  } else {
    out.value = value_to_json(value);
  }
  return true;
}

}  // namespace leadqual
