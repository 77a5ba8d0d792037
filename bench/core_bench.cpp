// Google Benchmark timings of the native core on the shared benchmark model: loading and
// compiling the model, scoring one lead (pre-parsed, from text, and with the result printed as
// the CLI does), and the same sum as one JsonLogic `score_expression`.
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench_model.hpp"
#include "cli/flat_answers.hpp"
#include "core/compiler/json_value.hpp"
#include "core/leadqual.hpp"
#include "core/runtime/score.hpp"

namespace {

using nlohmann::json;

struct Fixture {
  json source;
  json model_doc;
  std::string model_text;
  std::shared_ptr<const leadqual::Model> model;
  json answers;
  std::string answers_text;
  json score_expression;
  std::string error;  // set when the fixture could not be built or the model disagrees
};

const Fixture& fixture() {
  static const Fixture built = [] {
    Fixture f;
    if (!leadqual::bench::read_shared_model(f.source, f.error)) return f;
    f.model_doc = leadqual::bench::to_leadqual_model(f.source);
    f.model_text = f.model_doc.dump();
    leadqual::LoadResult loaded = leadqual::Model::load(f.model_doc);
    if (!loaded.model) {
      f.error = "the converted model does not load:";
      for (const auto& d : loaded.errors) f.error += " " + d.pointer + ": " + d.message + ";";
      return f;
    }
    f.model = loaded.model;
    f.answers = leadqual::bench::representative_answers();
    f.answers_text = f.answers.dump();
    f.score_expression = f.source.value("score_expression", json());
    // The model and the one-expression form must agree before either is worth timing.
    const json result = f.model->score(f.answers);
    leadqual::Evaluation evaluation;
    std::vector<leadqual::Diagnostic> errors;
    if (!leadqual::evaluate(f.score_expression, f.answers, evaluation, errors)) {
      f.error = "score_expression does not compile";
    } else if (!result.contains("score") || evaluation.failed ||
               result["score"] != evaluation.value || !result["errors"].empty()) {
      f.error = "Model::score gives " + leadqual::canonical(result) + " but score_expression " +
                evaluation.value.dump();
    }
    return f;
  }();
  return built;
}

bool ready(benchmark::State& state) {
  if (!fixture().error.empty()) {
    state.SkipWithError(fixture().error.c_str());
    return false;
  }
  return true;
}

void BM_ModelParseAndLoad(benchmark::State& state) {
  if (!ready(state)) return;
  for (auto _ : state) {
    leadqual::LoadResult loaded = leadqual::Model::parse(fixture().model_text);
    benchmark::DoNotOptimize(loaded.model);
  }
}
BENCHMARK(BM_ModelParseAndLoad);

void BM_ModelLoad(benchmark::State& state) {
  if (!ready(state)) return;
  for (auto _ : state) {
    leadqual::LoadResult loaded = leadqual::Model::load(fixture().model_doc);
    benchmark::DoNotOptimize(loaded.model);
  }
}
BENCHMARK(BM_ModelLoad);

void BM_Score(benchmark::State& state) {
  if (!ready(state)) return;
  const leadqual::Model& model = *fixture().model;
  for (auto _ : state) {
    json result = model.score(fixture().answers);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_Score);

void BM_ScoreFromText(benchmark::State& state) {
  if (!ready(state)) return;
  const leadqual::Model& model = *fixture().model;
  json answers;
  std::string error;
  for (auto _ : state) {
    leadqual::parse_json(fixture().answers_text, answers, error);
    json result = model.score(answers);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_ScoreFromText);

// The result written straight to canonical text, as `leadqual score` and the WebAssembly API do.
void BM_ScoreText(benchmark::State& state) {
  if (!ready(state)) return;
  const leadqual::Model& model = *fixture().model;
  for (auto _ : state) {
    std::string line = model.score_text(fixture().answers);
    benchmark::DoNotOptimize(line);
  }
}
BENCHMARK(BM_ScoreText);

// canonical(score()): the same bytes through the result object.
void BM_ScoreThenCanonical(benchmark::State& state) {
  if (!ready(state)) return;
  const leadqual::Model& model = *fixture().model;
  for (auto _ : state) {
    std::string line = leadqual::canonical(model.score(fixture().answers));
    benchmark::DoNotOptimize(line);
  }
}
BENCHMARK(BM_ScoreThenCanonical);

// What `leadqual score` does per JSON Lines line: read the answers into the runtime's Input
// (fast path), score, write the result into the output buffer.
void BM_CliLine(benchmark::State& state) {
  if (!ready(state)) return;
  const leadqual::CompiledModel& model = fixture().model->compiled();
  leadqual::Input input;
  leadqual::Result result;
  std::string out;
  leadqual::cli::FlatAnswersReader reader(model, "");
  for (auto _ : state) {
    out.clear();
    reader.read(fixture().answers_text, input);
    leadqual::score(model, input, std::numeric_limits<double>::quiet_NaN(), result);
    leadqual::write_result(model, result, out);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_CliLine);

// evaluate() compiles the expression on every call, as the JS evaluate(rule, data) does.
void BM_EvaluateScoreExpression(benchmark::State& state) {
  if (!ready(state)) return;
  leadqual::Evaluation value;
  std::vector<leadqual::Diagnostic> errors;
  for (auto _ : state) {
    leadqual::evaluate(fixture().score_expression, fixture().answers, value, errors);
    benchmark::DoNotOptimize(value);
  }
}
BENCHMARK(BM_EvaluateScoreExpression);

// The same expression compiled once and evaluated many times (how a model's rules run).
void BM_CompiledScoreExpression(benchmark::State& state) {
  if (!ready(state)) return;
  std::vector<leadqual::Diagnostic> errors;
  const std::optional<leadqual::Expr> expr =
      leadqual::Expr::compile(fixture().score_expression, nullptr, "", errors);
  if (!expr) {
    state.SkipWithError("score_expression does not compile");
    return;
  }
  const leadqual::Value data = leadqual::value_from_json(fixture().answers);
  leadqual::EvalContext context;
  context.data = &data;
  for (auto _ : state) {
    leadqual::Value value = expr->eval(context);
    benchmark::DoNotOptimize(value);
  }
}
BENCHMARK(BM_CompiledScoreExpression);

}  // namespace

BENCHMARK_MAIN();
