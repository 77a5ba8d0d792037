// Differential: the CLI's fast JSON Lines reader against parse_json and read_answers (the
// general path). Whenever the fast reader takes a line, parse_json must accept it as an object,
// read_answers must fill the runtime's Input the same, and both must score to the same bytes:
// on a model whose questions are the short keys of the seeds, and on the project's models.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "../cli/same_input.hpp"
#include "cli/flat_answers.hpp"
#include "core/compiler/answers.hpp"
#include "core/leadqual.hpp"
#include "core/runtime/score.hpp"
#include "fuzz_check.hpp"
#include "models.hpp"

namespace {

using namespace leadqual;

const Model& short_keys_model() {
  static const std::shared_ptr<const Model> model = [] {
    LoadResult loaded = Model::parse(R"({
      "leadqual": 1, "id": "flat", "dimensions": [{"id": "d"}],
      "questions": [
        {"id": "a", "type": "choice", "options": [{"value": "x", "points": {"d": 2}}, {"value": "y"}]},
        {"id": "b", "type": "number", "bands": [{"min": 10, "points": {"d": 3}}]},
        {"id": "c", "type": "boolean", "points": {"d": 1}},
        {"id": "d", "type": "text"},
        {"id": "e", "type": "multi", "options": [{"value": "p"}, {"value": "q"}]},
        {"id": "n", "type": "number"},
        {"id": "m", "type": "range", "min": -1e300, "max": 1e300},
        {"id": "s", "type": "email"},
        {"id": "k", "type": "hidden"}
      ],
      "stages": [{"id": "lead"}]})");
    FUZZ_CHECK(loaded.model != nullptr, "the harness's model does not load");
    return loaded.model;
  }();
  return *model;
}

// `reader` lives as long as the run, so its remembered keys come from earlier inputs.
void check(const CompiledModel& model, cli::FlatAnswersReader& reader, std::string_view line) {
  static Input fast;
  if (!reader.read(line, fast)) return;
  nlohmann::json document;
  std::string error;
  FUZZ_CHECK(parse_json(line, document, error), "the fast reader took what parse_json refuses");
  FUZZ_CHECK(document.is_object(), "the fast reader took what is not an object");
  static Input general;
  read_answers(model, document, nlohmann::json::object(), general);
  FUZZ_CHECK(test::describe_input(fast) == test::describe_input(general),
             "the fast reader read different answers than parse_json and read_answers");
  const double now = 1795305600000.0;
  FUZZ_CHECK(test::scored_text(model, fast, now) == test::scored_text(model, general, now),
             "the two readers' answers score differently");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  static cli::FlatAnswersReader short_keys(short_keys_model().compiled(), "");
  check(short_keys_model().compiled(), short_keys, line);
  static std::vector<std::unique_ptr<cli::FlatAnswersReader>> readers;
  const auto& models = fuzz::project_models();
  for (std::size_t m = 0; m < models.size(); ++m) {
    if (readers.size() <= m) {
      readers.push_back(std::make_unique<cli::FlatAnswersReader>(models[m]->compiled(), ""));
    }
    check(models[m]->compiled(), *readers[m], line);
  }
  return 0;
}
