// Lint warnings (core/compiler/lint.hpp): the examples of docs/model.md ("Warnings") print exactly
// what the page says, the shipped models have none, and nothing is claimed where the answers cannot
// all be tried.
#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/compiler/lint.hpp"
#include "helpers.hpp"

namespace leadqual::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> warning_lines(const std::string& model_text) {
  std::vector<std::string> lines;
  auto model = load_ok(model_text);
  if (!model) return lines;
  for (const Warning& w : lint(*model)) {
    lines.push_back(w.pointer + ": " + w.message + " [" + w.code + "]");
  }
  return lines;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// In the "Warnings" section: each ```json model directly followed by a ```text block.
TEST(Lint, ExamplesInTheReferencePrintWhatThePageSays) {
  const std::string doc = read_file(std::string(LEADQUAL_SOURCE_DIR) + "/docs/model.md");
  const std::size_t begin = doc.find("\n## Warnings\n");
  ASSERT_NE(begin, std::string::npos);
  const std::string section = doc.substr(begin, doc.find("\n## ", begin + 1) - begin);
  int examples = 0;
  const std::string open_json = "```json\n";
  const std::string between = "```\n```text\n";
  for (std::size_t at = section.find(open_json); at != std::string::npos;
       at = section.find(open_json, at + 1)) {
    const std::size_t model_start = at + open_json.size();
    const std::size_t model_end = section.find("```", model_start);
    if (section.compare(model_end, between.size(), between) != 0) continue;
    const std::size_t text_start = model_end + between.size();
    const std::size_t text_end = section.find("```", text_start);
    const std::string model = section.substr(model_start, model_end - model_start);
    EXPECT_EQ(warning_lines(model), split_lines(section.substr(text_start, text_end - text_start)))
        << model;
    ++examples;
  }
  EXPECT_GE(examples, 6);
}

TEST(Lint, ShippedModelsHaveNoWarnings) {
  int models = 0;
  for (const char* folder : {"/models/examples", "/models/frameworks"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(LEADQUAL_SOURCE_DIR) + folder)) {
      if (entry.path().extension() != ".json") continue;
      ++models;
      EXPECT_THAT(warning_lines(read_file(entry.path().string())), IsEmpty()) << entry.path();
    }
  }
  EXPECT_GE(models, 6);
}

TEST(Lint, BothSpellingsAreRead) {
  // A JsonLogic "between" is two comparisons: one never holds, the other always does.
  EXPECT_THAT(
      warning_lines(patched(R"M({
    "questions": [{"id": "role", "type": "choice", "options": [{"value": "ceo", "points": {"fit": 5}}]}],
    "rules": [{"id": "r", "if": {"==": [{"var": "role"}, "cto"]}, "add": {"fit": 1}}],
    "stages": [{"id": "big", "if": {"<": [20, {"var": "score"}, 30]}}, {"id": "all"}]})M")),
      ElementsAre("/rules/0/if: 'role' has no option 'cto' (its options: ceo) — did you mean "
                  "'ceo'? [unknown-option-value]",
                  "/stages/0/if: 'score > 20' never holds: the score is at most 6 "
                  "[threshold-out-of-range]",
                  "/stages/0/if: 'score < 30' always holds: the score is at most 6 "
                  "[threshold-out-of-range]"));
}

TEST(Lint, AnswersTheRulesDependOnAreTriedThroughComputedValues) {
  // No false alarm: each of these holds for some answers, found through the functions and
  // computed values they use.
  EXPECT_THAT(warning_lines(patched(R"M({
    "questions": [{"id": "email", "type": "email"}, {"id": "hours", "type": "number"},
                  {"id": "rate", "type": "number"}, {"id": "note", "type": "text"},
                  {"id": "tools", "type": "multi", "options": ["a", "b", "c"]}],
    "computed": [{"id": "cost", "expr": "hours * rate * 46"}],
    "rules": [{"id": "pricey", "if": "cost > 100000", "add": {"fit": 2}},
              {"id": "work", "if": "not is_free_email(email)", "add": {
  "fit" : 2}},
              {"id": "junk", "if": "is_disposable_email(email)", "add": {"fit": -2}},
              {"id": "edu", "if": "ends_with(email, '.edu')", "add": {"fit": -1}},
              {"id": "acme", "if": "domain(email) == 'acme.com'", "add": {"fit": 2}},
              {"id": "long", "if": "len(note) > 100", "add": {"fit": 1}},
              {"id": "many", "if": "len(tools) == 3", "add": {"fit": 1}}]
})M")),
              IsEmpty());
}

TEST(Lint, NothingIsClaimedForWhatCannotBeTried) {
  // A signal's value comes from the page; a multi of 8 options has 256 subsets.
  EXPECT_THAT(warning_lines(patched(R"M({
    "signals": [{"id": "visits", "points": {"fit": 1}, "cap": 5}],
    "questions": [{"id": "tools", "type": "multi",
                   "options": ["a", "b", "c", "d", "e", "f", "g", "h"]}],
    "rules": [{"id": "loyal", "if": "signals.visits > 1000 and signals.visits < 10", "add": {"fit": 1}},
              {"id": "all", "if": "len(tools) > 8", "add": {"fit": 1}}]})M")),
              IsEmpty());
}

// Lint reads the typed view of the compiled model, so `leadqual build`'s bytes, loaded without
// the compiler, get exactly the warnings of their JSON source.
TEST(Lint, ACompiledModelGetsTheWarningsOfItsSource) {
  auto model = load_ok(patched(R"M({
    "questions": [{"id": "role", "type": "choice", "options": [{"value": "ceo", "points": {"fit": 5}}]}],
    "rules": [{"id": "r", "if": "role == 'cto'", "add": {"fit": 1}}],
    "stages": [{"id": "big", "if": "score >= 20"}, {"id": "all"}]})M"));
  ASSERT_TRUE(model);
  const LoadResult compiled = Model::load_compiled(model->bytes());
  ASSERT_TRUE(compiled.model);
  auto lines = [](const std::vector<Warning>& warnings) {
    std::vector<std::string> out;
    for (const Warning& w : warnings) out.push_back(w.pointer + " " + w.code + " " + w.message);
    return out;
  };
  EXPECT_THAT(lines(lint(*compiled.model)),
              ElementsAre(::testing::StartsWith("/rules/0/if unknown-option-value"),
                          ::testing::StartsWith("/stages/0/if threshold-out-of-range")));
  EXPECT_EQ(lines(lint(*compiled.model)), lines(lint(*model)));
}

TEST(Lint, ADimensionOnlyReadByAStageIsUnused) {
  EXPECT_THAT(warning_lines(kMinimalModel),
              ElementsAre("/dimensions/0: dimension 'fit' gets points from no option, band, "
                          "question, signal or rule, so it never moves [unused-dimension]"));
}

}  // namespace
}  // namespace leadqual::testing
