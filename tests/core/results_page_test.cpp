// The results page a model describes (docs/model.md "Outcomes and the results page"): what is
// shown, calls to action, placeholders checked at load, the intro screen.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace leadqual::testing {
namespace {

using ::testing::ElementsAre;

// The minimal model plus a computed value and a second dimension to fill in.
std::string with_values(const std::string& patch) {
  nlohmann::json doc = json_of(patched(R"({
    "dimensions": [{"id": "fit", "label": "Fit", "max": 10}, {"id": "need", "max": 5}],
    "questions": [{"id": "hours", "type": "number"}],
    "computed": [{"id": "annual_savings", "expr": "hours * 46", "label": "Savings",
                  "format": "currency"},
                 {"id": "step", "expr": "hours * 2"}],
    "stages": [{"id": "sql", "if": "score >= 5"}, {"id": "nurture"}]})"));
  doc.merge_patch(json_of(patch));
  return doc.dump();
}

TEST(ResultsPage, DefaultsShowScoreBreakdownAndLabelledValuesButNoInternalLabels) {
  auto model = load_ok(with_values("{}"));
  ASSERT_NE(model, nullptr);
  // Grade and stage are the team's words, not the visitor's: hidden unless the model asks.
  EXPECT_EQ(model->normalized()["results"],
            json_of(R"({"show": {"score": true, "grade": false, "stage": false,
                                 "dimensions": ["fit", "need"], "computed": ["annual_savings"]}})"));
}

TEST(ResultsPage, ShowListsAreCheckedAndNormalised) {
  auto model = load_ok(with_values(R"({"results": {"show": {"score": false, "grade": true,
      "dimensions": ["need"], "computed": false}}})"));
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->normalized()["results"]["show"],
            json_of(R"({"score": false, "grade": true, "stage": false, "dimensions": ["need"],
                        "computed": []})"));
  EXPECT_THAT(
      load_errors(with_values(R"({"results": {"show": {"scroe": true, "dimensions": ["ned"],
                                  "computed": ["anual_savings", 3]}, "x-note": 1, "shwo": 1}})")),
      ElementsAre("/results/shwo: unknown key 'shwo' \u2014 did you mean 'show'?",
                  "/results/show/scroe: unknown key 'scroe' \u2014 did you mean 'score'?",
                  "/results/show/dimensions/0: unknown dimension 'ned' \u2014 did you mean 'need'?",
                  "/results/show/computed/0: unknown computed value 'anual_savings' \u2014 did you "
                  "mean 'annual_savings'?",
                  "/results/show/computed/1: expected a string, got a number"));
  EXPECT_THAT(load_errors(with_values(R"({"results": {"show": {"grade": "yes"}}})")),
              ElementsAre("/results/show/grade: expected true or false, got a string"));
}

TEST(ResultsPage, AnOutcomeMayShowMoreOrLess) {
  auto model = load_ok(with_values(R"({"outcomes": {
      "sql": {"title": "Let's talk", "show": {"stage": true}},
      "disqualified": {"title": "Thanks", "show": {"score": false, "dimensions": false}}}})"));
  ASSERT_NE(model, nullptr);
  const nlohmann::json& outcomes = model->normalized()["outcomes"];
  // Each outcome's `show` is complete: the page's defaults with the outcome's changes.
  EXPECT_EQ(outcomes["sql"]["show"], json_of(R"({"score": true, "grade": false, "stage": true,
                        "dimensions": ["fit", "need"], "computed": ["annual_savings"]})"));
  EXPECT_EQ(outcomes["disqualified"]["show"],
            json_of(R"({"score": false, "grade": false, "stage": false, "dimensions": [],
                        "computed": ["annual_savings"]})"));
}

TEST(ResultsPage, CallsToActionAreOneOrSeveral) {
  auto model = load_ok(with_values(R"({"outcomes": {
      "sql": {"cta": [{"label": "Book a call", "href": "https://cal.example/ledgerline"},
                      {"label": "Email us", "href": "mailto:sales@example.com"}]},
      "nurture": {"cta": {"label": "Read the guide", "href": "/guide"}}}})"));
  ASSERT_NE(model, nullptr);
  const nlohmann::json& outcomes = model->normalized()["outcomes"];
  // Normalised to a list: renderers draw the first as the primary action.
  EXPECT_EQ(outcomes["sql"]["cta"].size(), 2u);
  EXPECT_EQ(outcomes["nurture"]["cta"],
            json_of(R"([{"label": "Read the guide", "href": "/guide"}])"));
  EXPECT_THAT(load_errors(with_values(R"({"outcomes": {"sql": {"cta": [
                  {"label": "a", "href": "/a"}, {"label": "b", "href": "javascript:x"},
                  {"label": "c", "href": "/c"}, {"label": "d", "href": "/d"}]}}})")),
              ElementsAre("/outcomes/sql/cta: 4 calls to action, at most 3 are allowed"));
  EXPECT_THAT(load_errors(with_values(R"({"outcomes": {"sql": {"cta": [
                  {"label": "a", "href": "/a"}, {"label": "b", "href": "javascript:x"}]}}})")),
              ElementsAre("/outcomes/sql/cta/1/href: 'javascript:x' is not a web, mail or phone "
                          "address (use an https:// or http:// URL, a path on this site, mailto: "
                          "or tel:)"));
  EXPECT_THAT(load_errors(with_values(R"({"outcomes": {"sql": {"cta": []}}})")),
              ElementsAre("/outcomes/sql/cta: expected at least one call to action"));
}

TEST(ResultsPage, PlaceholdersNameResultValues) {
  auto model = load_ok(with_values(R"({"outcomes": {"sql": {
      "title": {"en": "Save {annual_savings} a year", "ja": "年間 {annual_savings} の削減"},
      "body": "Fit {dimensions.fit} of 10, need {dimension.need}; score {score} ({percent}), grade {grade}. Braces: {{x}}.",
      "cta": {"label": "Claim {annual_savings}", "href": "/book"}}}})"));
  ASSERT_NE(model, nullptr);
}

TEST(ResultsPage, UnknownPlaceholdersAreLocatedWithDidYouMean) {
  EXPECT_THAT(
      load_errors(with_values(R"({"outcomes": {
        "sql": {"title": {"en": "Save {annual_savings}", "ja": "{anual_savings} の削減"},
                "body": "Need: {dimensions.ned}, {step}",
                "cta": {"label": "Go {scor}", "href": "/go"}},
        "nurture": {"body": "{answers.hours} {} {grade"}}})")),
      ElementsAre(
          // Outcomes in key order (nurture, sql), each text's languages in tag order.
          "/outcomes/nurture/body: unknown placeholder '{answers.hours}' (a placeholder names a "
          "computed value, dimensions.<id>, score, percent or grade)",
          "/outcomes/nurture/body: empty placeholder '{}' (write '{{' for a literal brace)",
          "/outcomes/nurture/body: '{grade' is never closed (write '{{' for a literal brace)",
          "/outcomes/sql/title/ja: unknown placeholder '{anual_savings}' \u2014 did you mean "
          "'annual_savings'? (a placeholder names a computed value, dimensions.<id>, score, "
          "percent or grade)",
          "/outcomes/sql/body: unknown dimension 'ned' in '{dimensions.ned}' \u2014 did you mean "
          "'need'?",
          "/outcomes/sql/cta/label: unknown placeholder '{scor}' \u2014 did you mean 'score'? "
          "(a placeholder names a computed value, dimensions.<id>, score, percent or grade)"));
}

TEST(ResultsPage, IntroScreenIsOptionalText) {
  auto model = load_ok(with_values(R"({"intro": {"title": {"en": "Two minutes", "ja": "2 分"},
      "body": "Five questions.", "start": "Start"}})"));
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->normalized()["intro"]["start"], "Start");
  EXPECT_FALSE(load_ok(with_values("{}"))->normalized().contains("intro"));
  EXPECT_THAT(load_errors(with_values(R"({"intro": {"title": 1, "strat": "Go"}})")),
              ElementsAre("/intro/strat: unknown key 'strat' \u2014 did you mean 'start'?",
                          "/intro/title: expected a string or an object of language \u2192 "
                          "string, got a number"));
  // The intro comes before any answer: it has no values to fill.
  EXPECT_THAT(load_errors(with_values(R"({"intro": {"body": "Save {annual_savings}"}})")),
              ElementsAre("/intro/body: placeholders are filled from the result, which the "
                          "intro screen comes before (write '{{' for a literal brace)"));
}

}  // namespace
}  // namespace leadqual::testing
