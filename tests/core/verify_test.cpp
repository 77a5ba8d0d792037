// The result check (core/compiler/verify.hpp) reads the model through its typed view and
// re-checks stages with the runtime's own programs: what it cannot know from a posted result (an
// answer, a computed value, a signal, the clock the page scored with) it does not decide.
#include <cmath>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/compiler/verify.hpp"
#include "core/runtime/iso8601.hpp"
#include "helpers.hpp"

namespace leadqual::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

double at(const char* iso) {
  double ms = std::nan("");
  EXPECT_TRUE(parse_iso8601(iso, ms)) << iso;
  return ms;
}

nlohmann::json scored(const Model& model, const char* answers, double now_ms) {
  ScoreOptions options;
  options.now_ms = now_ms;
  return model.score(json_of(answers), options);
}

// A stage that holds while an offer runs: days_since() reads the clock the page scored with,
// which a posted result does not carry. The collector took the clock to be missing, found the
// condition false and refused every result in that stage as inconsistent.
TEST(ResultCheck, AStageThatReadsTheClockIsNotDecidedFromTheResult) {
  auto model = load_ok(patched(R"({
    "questions": [{"id": "fit", "type": "boolean", "points": {"fit": 10}}],
    "stages": [{"id": "offer", "if": "days_since('2026-11-01') < 30 and score >= 5"},
               {"id": "later"}]
  })"));
  ASSERT_NE(model, nullptr);
  const ResultCheck check(model);
  const nlohmann::json during = scored(*model, R"({"fit": true})", at("2026-11-20"));
  ASSERT_EQ(during["stage"], "offer");
  EXPECT_THAT(error_lines(check.check(during)), IsEmpty());
  const nlohmann::json after = scored(*model, R"({"fit": true})", at("2027-01-20"));
  ASSERT_EQ(after["stage"], "later");
  EXPECT_THAT(error_lines(check.check(after)), IsEmpty());
}

// What the result does carry is still decided: the score, percent, grade, complete and the
// dimensions, read by the stage's compiled program (as the runtime runs it).
TEST(ResultCheck, StagesOnWhatTheResultCarriesAreDecided) {
  auto model = load_ok(patched(R"({
    "dimensions": [{"id": "fit", "max": 10}, {"id": "need", "max": 10}],
    "questions": [{"id": "fit", "type": "boolean", "points": {"fit": 10}},
                  {"id": "need", "type": "boolean", "points": {"need": 4}}],
    "stages": [{"id": "both", "if": {"and": [{">=": [{"var": "dimensions.need"}, 4]},
                                             {"var": "complete"}]}},
               {"id": "fit", "if": "dimensions.fit >= 10"},
               {"id": "rest"}],
    "submit": {"result": {"dimensions": true}}
  })"));
  ASSERT_NE(model, nullptr);
  const ResultCheck check(model);
  nlohmann::json result = scored(*model, R"({"fit": true, "need": true})", std::nan(""));
  ASSERT_EQ(result["stage"], "both");
  EXPECT_THAT(error_lines(check.check(result)), IsEmpty());
  result["stage"] = "fit";
  EXPECT_THAT(error_lines(check.check(result)),
              ElementsAre("/stage: is 'fit' but the earlier stage 'both' holds for this result"));
  // Without `complete` the first stage cannot be decided; the second still is.
  result.erase("complete");
  EXPECT_THAT(error_lines(check.check(result)), IsEmpty());
  result["stage"] = "rest";
  EXPECT_THAT(error_lines(check.check(result)),
              ElementsAre("/stage: is 'rest' but the earlier stage 'fit' holds for this result"));
}

}  // namespace
}  // namespace leadqual::testing
