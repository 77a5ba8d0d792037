// Scoring with fuzzed answers and signals, on the project's models. The first byte picks the
// model; the rest is JSON: an answers object, or [answers, signals, now_ms]. Whatever the
// answers, the result must be one the collector's check accepts (the one contract), and the
// fast writers must agree with the result objects byte for byte.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/compiler/verify.hpp"
#include "core/leadqual.hpp"
#include "fuzz_check.hpp"
#include "models.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leadqual;
  using nlohmann::json;
  if (size == 0) return 0;
  const auto& models = fuzz::project_models();
  const std::shared_ptr<const Model>& model = models[data[0] % models.size()];
  json doc;
  std::string error;
  if (!parse_json(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), doc,
                  error)) {
    return 0;
  }
  json answers = doc;
  ScoreOptions options;
  if (doc.is_array() && !doc.empty()) {
    answers = doc[0];
    if (doc.size() > 1) options.signals = doc[1];
    if (doc.size() > 2 && doc[2].is_number()) options.now_ms = doc[2].get<double>();
  }
  const json result = model->score(answers, options);
  FUZZ_CHECK(model->score_text(answers, options) == canonical(result),
             "score_text and canonical(score) differ");
  FUZZ_CHECK(model->state_text(answers, options) == canonical(model->state(answers, options)),
             "state_text and canonical(state) differ");
  static std::vector<std::unique_ptr<ResultCheck>> checks;
  if (checks.empty()) {
    for (const auto& each : models) checks.push_back(std::make_unique<ResultCheck>(each));
  }
  const auto problems = checks[data[0] % models.size()]->check(result);
  if (!problems.empty()) {
    std::fprintf(stderr, "result %s\n%s: %s\n", canonical(result).c_str(),
                 problems[0].pointer.c_str(), problems[0].message.c_str());
  }
  FUZZ_CHECK(problems.empty(), "the collector's check refuses a result the core produced");
  return 0;
}
