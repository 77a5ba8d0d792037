// Model validation: every kind of model error, with its JSON Pointer and message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace leadqual::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Load, MinimalModelIsValid) {
  auto model = load_ok(kMinimalModel);
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->id(), "m");
  EXPECT_EQ(model->version(), "");
}

TEST(Load, UnknownTopLevelKeySuggestsTheRightOne) {
  EXPECT_THAT(errors_with(R"({"stage": []})"),
              ElementsAre("/stage: unknown key 'stage' \u2014 did you mean 'stages'?"));
}

TEST(Load, ExtensionKeysAreAllowedEverywhere) {
  auto model = load_ok(patched(R"({"x-editor": {"any": [1, 2]},
    "questions": [{"id": "q", "type": "choice", "x-note": 1,
                   "options": [{"value": "a", "x-color": "red"}]}],
    "stages": [{"id": "all", "x-crm": "Lead"}]})"));
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->normalized()["x-editor"], json_of(R"({"any": [1, 2]})"));
}

TEST(Load, UnknownKeysInNestedObjectsAreLocated) {
  EXPECT_THAT(errors_with(R"({"dimensions": [{"id": "fit", "maxx": 10}]})"),
              ElementsAre("/dimensions/0/maxx: unknown key 'maxx' \u2014 did you mean 'max'?"));
}

TEST(Load, FormatVersionIsRequiredAndMustBeOne) {
  EXPECT_THAT(errors_with(R"({"leadqual": null})"),
              ElementsAre(": missing required key 'leadqual'"));
  EXPECT_THAT(errors_with(R"({"leadqual": 2})"),
              ElementsAre("/leadqual: unsupported format version 2: this core reads format 1 "
                          "(\"leadqual\": 1)"));
}

TEST(Load, ModelIdIsRequiredAndPlain) {
  EXPECT_THAT(errors_with(R"({"id": null})"), ElementsAre(": missing required key 'id'"));
  EXPECT_THAT(
      errors_with(R"({"id": "a b"})"),
      ElementsAre("/id: 'a b' is not a valid model id: use letters, digits, '_', '-' and '.'"));
}

TEST(Load, WrongTypeSaysWhatWasExpected) {
  EXPECT_THAT(errors_with(R"({"dimensions": [{"id": "fit", "max": "10"}]})"),
              ElementsAre("/dimensions/0/max: expected a number, got a string"));
  EXPECT_THAT(errors_with(R"({"questions": {}})"),
              ElementsAre("/questions: expected an array, got an object"));
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "text", "required": "yes"}]})"),
              ElementsAre("/questions/0/required: expected true or false, got a string"));
}

TEST(Load, ModelMustBeAnObject) {
  LoadResult loaded = Model::load(nlohmann::json::array());
  EXPECT_EQ(loaded.model, nullptr);
  EXPECT_THAT(error_lines(loaded.errors),
              ElementsAre(": expected the model to be an object, got an array"));
}

TEST(Load, MissingRequiredKeys) {
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q"}]})"),
              ElementsAre("/questions/0: missing required key 'type'"));
  EXPECT_THAT(errors_with(R"({"dimensions": null})"),
              ElementsAre(": missing required key 'dimensions'"));
  EXPECT_THAT(errors_with(R"({"stages": null})"), ElementsAre(": missing required key 'stages'"));
}

TEST(Load, UnknownQuestionTypeSuggestsOne) {
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "chioce"}]})"),
              ElementsAre("/questions/0/type: unknown question type 'chioce' \u2014 did you mean "
                          "'choice'? (one of: choice, multi, number, range, boolean, text, email, "
                          "hidden)"));
}

TEST(Load, KeysOfAnotherQuestionTypeAreRefused) {
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "choice", "options": ["a"],
                                              "bands": []}]})"),
              ElementsAre("/questions/0/bands: 'bands' does not apply to a choice question"));
}

TEST(Load, DuplicateIdsNameTheFirst) {
  EXPECT_THAT(
      errors_with(R"({"questions": [{"id": "q", "type": "text"}, {"id": "q", "type": "email"}]})"),
      ElementsAre("/questions/1/id: duplicate id 'q' (first at /questions/0/id)"));
  // Questions and computed values share one namespace: both are names in expressions.
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "text"}],
                              "computed": [{"id": "q", "expr": "1"}]})"),
              ElementsAre("/computed/0/id: duplicate id 'q' (first at /questions/0/id)"));
  EXPECT_THAT(errors_with(R"({"dimensions": [{"id": "fit"}, {"id": "fit"}]})"),
              ElementsAre("/dimensions/1/id: duplicate id 'fit' (first at /dimensions/0/id)"));
  EXPECT_THAT(errors_with(R"({"stages": [{"id": "a", "if": "true"}, {"id": "a"}]})"),
              ElementsAre("/stages/1/id: duplicate id 'a' (first at /stages/0/id)"));
}

TEST(Load, ReservedNamesCannotBeIds) {
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "score", "type": "number"}]})"),
              ElementsAre("/questions/0/id: 'score' is reserved (it has a meaning of its own in "
                          "expressions); choose another id"));
  EXPECT_THAT(errors_with(R"({"computed": [{"id": "dimensions", "expr": "1"}]})"),
              ElementsAre("/computed/0/id: 'dimensions' is reserved (it has a meaning of its own "
                          "in expressions); choose another id"));
  EXPECT_THAT(errors_with(R"({"stages": [{"id": "disqualified"}]})"),
              ElementsAre("/stages/0/id: 'disqualified' is reserved for leads a 'disqualify' rule "
                          "stopped; choose another id"));
}

TEST(Load, ExpressionNamesMustBeIdentifiers) {
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "team-size", "type": "number"}]})"),
              ElementsAre("/questions/0/id: 'team-size' is not a valid question id: use letters, "
                          "digits and '_', starting with a letter or '_' (it is a name in "
                          "expressions)"));
}

TEST(Load, PointsMustNameExistingDimensions) {
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "choice",
                                              "options": [{"value": "a", "points": {"fitt": 1}}]}]})"),
              ElementsAre("/questions/0/options/0/points/fitt: unknown dimension 'fitt' \u2014 did "
                          "you mean 'fit'?"));
  EXPECT_THAT(errors_with(R"({"rules": [{"id": "r", "if": "true", "add": {"nope": 1}}]})"),
              ElementsAre("/rules/0/add/nope: unknown dimension 'nope'"));
  EXPECT_THAT(errors_with(R"({"rules": [{"id": "r", "if": "true", "add": {"fit": "1"}}]})"),
              ElementsAre("/rules/0/add/fit: expected a number of points, got a string"));
}

TEST(Load, OptionValuesAreUniqueAndNotEmpty) {
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "choice",
                                              "options": ["a", {"value": "b"}, {"value": "a"}]}]})"),
              ElementsAre("/questions/0/options/2/value: option value 'a' is used twice (first at "
                          "/questions/0/options/0)"));
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "multi", "options": [""]}]})"),
              ElementsAre("/questions/0/options/0: an option value cannot be empty (an empty "
                          "answer means 'not answered')"));
}

TEST(Load, ChoiceQuestionsNeedOptions) {
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "choice"}]})"),
              ElementsAre("/questions/0: missing required key 'options'"));
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "multi", "options": []}]})"),
              ElementsAre("/questions/0/options: at least one option is needed"));
}

TEST(Load, NumberBoundsAndBands) {
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "number",
                                              "bands": [{"min": 10, "max": 5, "points": {"fit": 1}}]}]})"),
              ElementsAre("/questions/0/bands/0: band min 10 is greater than max 5"));
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "number", "min": 3, "max": 1}]})"),
              ElementsAre("/questions/0: min 3 is greater than max 1"));
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "range", "max": 5, "step": 0}]})"),
              ElementsAre("/questions/0: missing required key 'min'",
                          "/questions/0/step: step must be greater than 0"));
  EXPECT_THAT(
      errors_with(R"({"questions": [{"id": "q", "type": "number", "bands": [{"min": 1}]}]})"),
      ElementsAre("/questions/0/bands/0: missing required key 'points'"));
}

TEST(Load, TextMaxLengthIsAWholeNumberWithinTheLimit) {
  EXPECT_THAT(
      errors_with(R"({"questions": [{"id": "q", "type": "text", "maxLength": 2.5}]})"),
      ElementsAre("/questions/0/maxLength: maxLength must be a whole number from 1 to 10000"));
}

TEST(Load, UnknownNameInAnExpressionIsLocatedWithASuggestion) {
  auto errors = errors_with(R"({"questions": [{"id": "employees", "type": "number"}],
                                "rules": [{"id": "r", "if": "employes < 100", "add": {"fit": 1}}]})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("/rules/0/if"));
  EXPECT_THAT(errors[0], HasSubstr("unknown name 'employes'"));
  EXPECT_THAT(errors[0], HasSubstr("did you mean 'employees'?"));
}

TEST(Load, StageNamesAreOnlyKnownInStages) {
  EXPECT_THAT(errors_with(R"({"rules": [{"id": "r", "if": "score > 3", "add": {"fit": 1}}]})"),
              ElementsAre("/rules/0/if: 'score' can only be used in stages (it is known only after "
                          "every rule has run)"));
  EXPECT_THAT(errors_with(R"({"computed": [{"id": "c", "expr": "dimensions.fit * 2"}]})"),
              ElementsAre("/computed/0/expr: 'dimensions' can only be used in stages (it is known "
                          "only after every rule has run)"));
  load_ok(patched(
      R"({"stages": [{"id": "hot", "if": "score > 3 and dimensions.fit > 1 and percent > 5 and complete and grade == null"}, {"id": "cold"}]})"));
}

TEST(Load, SignalAndDimensionMembersAreChecked) {
  const std::string signals = R"("signals": [{"id": "views", "points": {"fit": 1}}], )";
  EXPECT_THAT(
      errors_with("{" + signals +
                  R"("rules": [{"id": "r", "if": "signals.veiws > 2", "add": {"fit": 1}}]})"),
      ElementsAre("/rules/0/if: unknown signal 'veiws' in 'signals.veiws' \u2014 did you "
                  "mean 'views'?"));
  EXPECT_THAT(
      errors_with("{" + signals + R"("computed": [{"id": "c", "expr": {"var": "signals.view"}}]})"),
      ElementsAre("/computed/0/expr: unknown signal 'view' in 'signals.view' \u2014 did you "
                  "mean 'views'?"));
  EXPECT_THAT(errors_with(R"({"stages": [{"id": "a", "if": "dimensions.fitt > 1"}, {"id": "b"}]})"),
              ElementsAre("/stages/0/if: unknown dimension 'fitt' in 'dimensions.fitt' \u2014 did "
                          "you mean 'fit'?"));
  load_ok(patched(
      "{" + signals +
      R"("rules": [{"id": "r", "if": "signals.views > 2 and mysignals.x", "add": {"fit": 1}}],
    "questions": [{"id": "mysignals", "type": "hidden"}]})"));
}

TEST(Load, CyclesAmongComputedValuesAreNamed) {
  EXPECT_THAT(
      errors_with(R"({"computed": [{"id": "a", "expr": "b + 1"}, {"id": "b", "expr": "a * 2"}]})"),
      ElementsAre("/computed/0/expr: cycle: a \u2192 b \u2192 a"));
  EXPECT_THAT(errors_with(R"({"computed": [{"id": "a", "expr": "a + 1"}]})"),
              ElementsAre("/computed/0/expr: cycle: a \u2192 a"));
}

TEST(Load, CyclesThroughShowIfAreNamed) {
  // q is shown depending on c, and c reads q: neither can go first.
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "number", "showIf": "c > 1"}],
                              "computed": [{"id": "c", "expr": "q * 2"}]})"),
              ElementsAre("/questions/0/showIf: cycle: q \u2192 c \u2192 q"));
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "q", "type": "number", "showIf": "q > 1"}]})"),
              ElementsAre("/questions/0/showIf: cycle: q \u2192 q"));
}

TEST(Load, ShowIfMayReadAComputedValueDefinedLater) {
  load_ok(patched(R"({"questions": [{"id": "a", "type": "number"},
                                    {"id": "b", "type": "number", "showIf": "double_a > 4"}],
                      "computed": [{"id": "double_a", "expr": "a * 2"}]})"));
}

TEST(Load, StagesNeedExactlyOneDefaultAndItComesLast) {
  EXPECT_THAT(errors_with(R"({"stages": [{"id": "a", "if": "true"}]})"),
              ElementsAre("/stages: no default stage: the last stage must have no 'if'"));
  EXPECT_THAT(errors_with(R"({"stages": [{"id": "a"}, {"id": "b", "if": "true"}]})"),
              ElementsAre("/stages/0: only the last stage may have no 'if' (it is the default)",
                          "/stages: no default stage: the last stage must have no 'if'"));
  EXPECT_THAT(errors_with(R"({"stages": [{"id": "a"}, {"id": "b"}]})"),
              ElementsAre("/stages/0: only the last stage may have no 'if' (it is the default)"));
  EXPECT_THAT(errors_with(R"({"stages": []})"),
              ElementsAre("/stages: at least one stage is needed (the last one, without 'if', is "
                          "the default)"));
}

TEST(Load, GradeBandsDecreaseAndOnlyTheLastMayOmitMin) {
  EXPECT_THAT(
      errors_with(
          R"({"grade": {"bands": [{"grade": "B", "min": 25}, {"grade": "A", "min": 40}]}})"),
      ElementsAre("/grade/bands/1/min: band mins must decrease: 40 is not less than 25"));
  EXPECT_THAT(
      errors_with(R"({"grade": {"bands": [{"grade": "C"}, {"grade": "A", "min": 40}]}})"),
      ElementsAre("/grade/bands/0: only the last band may leave out 'min' (it is the default)"));
  EXPECT_THAT(errors_with(R"({"grade": {"from": ["fitt"], "bands": [{"grade": "A"}]}})"),
              ElementsAre("/grade/from/0: unknown dimension 'fitt' \u2014 did you mean 'fit'?"));
  EXPECT_THAT(errors_with(R"({"grade": {"from": ["fit"]}})"),
              ElementsAre("/grade: missing required key 'bands'"));
}

TEST(Load, RulesAddOrDisqualify) {
  EXPECT_THAT(
      errors_with(
          R"({"rules": [{"id": "r", "if": "true", "add": {"fit": 1}, "disqualify": "x"}]})"),
      ElementsAre("/rules/0: a rule has either 'add' or 'disqualify', not both"));
  EXPECT_THAT(
      errors_with(R"({"rules": [{"id": "r", "if": "true"}]})"),
      ElementsAre("/rules/0: missing 'add' (points per dimension) or 'disqualify' (a reason)"));
  EXPECT_THAT(
      errors_with(R"({"rules": [{"id": "r", "if": "true", "disqualify": "x", "reason": "y"}]})"),
      ElementsAre("/rules/0/reason: a disqualifying rule's reason is its 'disqualify' text; "
                  "remove 'reason'"));
  EXPECT_THAT(errors_with(R"({"rules": [{"id": "r", "add": {"fit": 1}}]})"),
              ElementsAre("/rules/0: missing required key 'if'"));
}

TEST(Load, OutcomesAreKeyedByStage) {
  EXPECT_THAT(
      errors_with(R"({"outcomes": {"al": {"title": "Hi"}}})"),
      ElementsAre("/outcomes/al: unknown stage 'al' \u2014 did you mean 'all'? (outcomes are "
                  "keyed by stage id or 'disqualified')"));
  EXPECT_THAT(errors_with(R"({"outcomes": {"disqualified": {"cta": {"label": "Go"}}}})"),
              ElementsAre("/outcomes/disqualified/cta: missing required key 'href'"));
}

TEST(Load, OutcomeLinksAreWebAddresses) {
  // A stage may send the visitor on (e.g. a calendar for sales-ready leads); links that could run
  // script on the page are refused at load, whatever the renderer does.
  auto model = load_ok(patched(R"({"outcomes": {"all": {"redirect": "https://cal.example/book",
                                   "cta": {"label": "Go", "href": "/pricing#plans"}}}})"));
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->normalized()["outcomes"]["all"]["redirect"], "https://cal.example/book");
  EXPECT_THAT(
      errors_with(R"j({"outcomes": {"all": {"redirect": "javascript:alert(1)",
                      "cta": {"label": "Go", "href": "//evil.example"}}}})j"),
      ElementsAre("/outcomes/all/cta/href: '//evil.example' is not a web, mail or phone address "
                  "(use an https:// or http:// URL, a path on this site, mailto: or tel:)",
                  "/outcomes/all/redirect: 'javascript:alert(1)' is not a web address (use an "
                  "https:// or http:// URL, or a path on this site)"));
}

TEST(Load, CallsToActionMayMailOrCall) {
  // A call to action may open the visitor's mail program or dialler, as docs/model.md says.
  auto mail = load_ok(patched(
      R"({"outcomes": {"all": {"cta": {"label": "Write", "href": "mailto:sales@example.com?subject=Demo"}}}})"));
  ASSERT_NE(mail, nullptr);
  EXPECT_EQ(mail->normalized()["outcomes"]["all"]["cta"][0]["href"],
            "mailto:sales@example.com?subject=Demo");
  auto phone = load_ok(
      patched(R"({"outcomes": {"all": {"cta": {"label": "Call", "href": "tel:+1-555-0100"}}}})"));
  ASSERT_NE(phone, nullptr);
  // Script and data URLs stay refused, whatever their case; an empty mailto:/tel: goes nowhere.
  EXPECT_THAT(
      errors_with(
          R"j({"outcomes": {"all": {"cta": {"label": "Go", "href": "JavaScript:alert(1)"}}}})j"),
      ElementsAre(
          "/outcomes/all/cta/href: 'JavaScript:alert(1)' is not a web, mail or phone "
          "address (use an https:// or http:// URL, a path on this site, mailto: or tel:)"));
  EXPECT_THAT(
      errors_with(R"({"outcomes": {"all": {"cta": {"label": "Go", "href": "data:text/html,hi"}},
                              "disqualified": {"cta": {"label": "Go", "href": "tel:"}}}})"),
      ElementsAre("/outcomes/all/cta/href: 'data:text/html,hi' is not a web, mail or phone "
                  "address (use an https:// or http:// URL, a path on this site, mailto: "
                  "or tel:)",
                  "/outcomes/disqualified/cta/href: 'tel:' is not a web, mail or phone "
                  "address (use an https:// or http:// URL, a path on this site, mailto: "
                  "or tel:)"));
  // A redirect happens without a click: it stays a web address.
  EXPECT_THAT(errors_with(R"({"outcomes": {"all": {"redirect": "mailto:sales@example.com"}}})"),
              ElementsAre("/outcomes/all/redirect: 'mailto:sales@example.com' is not a web "
                          "address (use an https:// or http:// URL, or a path on this site)"));
}

TEST(Load, SubmitIsCheckedForShape) {
  EXPECT_THAT(errors_with(R"({"questions": [{"id": "email", "type": "email"}],
                              "submit": {"include": ["emal"], "format": "xml"}})"),
              ElementsAre("/submit/include/0: unknown question 'emal' \u2014 did you mean 'email'?",
                          "/submit/format: unknown format 'xml' (one of: json, form, salesforce, "
                          "hubspot)"));
  EXPECT_THAT(errors_with(R"({"submit": {"consent": {"required": 1}}})"),
              ElementsAre("/submit/consent/required: expected true or false, got a number"));
}

TEST(Load, LocalisedTextIsAStringOrALanguageMap) {
  load_ok(patched(R"({"title": {"en": "Hello", "ja": "こんにちは"}})"));
  EXPECT_THAT(
      errors_with(R"({"title": {}})"),
      ElementsAre("/title: a localised text needs at least one language, e.g. {\"en\": \"…\"}"));
  EXPECT_THAT(errors_with(R"({"title": {"en": 3}})"),
              ElementsAre("/title/en: expected a string, got a number"));
  EXPECT_THAT(
      errors_with(R"({"title": 3})"),
      ElementsAre("/title: expected a string or an object of language → string, got a number"));
}

TEST(Load, DimensionChecks) {
  EXPECT_THAT(errors_with(R"({"dimensions": []})"),
              ElementsAre("/dimensions: at least one dimension is needed"));
  EXPECT_THAT(errors_with(R"({"dimensions": [{"id": "fit", "min": 5, "max": 1, "weight": -1}]})"),
              ElementsAre("/dimensions/0: min 5 is greater than max 1",
                          "/dimensions/0/weight: a weight cannot be negative"));
}

TEST(Load, SignalChecks) {
  EXPECT_THAT(
      errors_with(
          R"({"signals": [{"id": "views", "points": {"fit": 1}, "cap": -1, "halfLife": 0}]})"),
      ElementsAre("/signals/0/cap: a cap cannot be negative",
                  "/signals/0/halfLife: halfLife (days) must be greater than 0"));
  EXPECT_THAT(errors_with(R"({"signals": [{"id": "views"}]})"),
              ElementsAre("/signals/0: missing required key 'points'"));
}

TEST(Load, ComputedFormatIsOneOfTheKnown) {
  EXPECT_THAT(errors_with(R"({"computed": [{"id": "c", "expr": "1", "format": "curency"}]})"),
              ElementsAre("/computed/0/format: unknown format 'curency' \u2014 did you mean "
                          "'currency'? (one of: number, integer, currency, percent)"));
}

TEST(Load, EveryErrorIsReportedAtOnce) {
  auto errors = errors_with(R"({"stage": 1, "dimensions": [{"id": "fit", "max": "x"}],
                                "questions": [{"id": "q", "type": "choice", "options": ["a", "a"]}],
                                "stages": [{"id": "a", "if": "nope"}]})");
  EXPECT_EQ(errors.size(), 5u) << ::testing::PrintToString(errors);
}

TEST(Load, ListLimitsAreEnforcedBeforeAnythingElse) {
  nlohmann::json doc = json_of(kMinimalModel);
  ModelLimits limits;
  limits.max_questions = 2;
  doc["questions"] = json_of(R"([{"id": "a", "type": "text"}, {"id": "b", "type": "text"},
                                 {"id": "c", "type": "text"}])");
  LoadResult loaded = Model::load(doc, limits);
  EXPECT_THAT(error_lines(loaded.errors),
              ElementsAre("/questions: 3 questions, at most 2 are allowed"));
  limits.max_rules = 1;
  doc["questions"] = nlohmann::json::array();
  doc["rules"] = json_of(R"([{"id": "a", "if": "true", "add": {"fit": 1}},
                             {"id": "b", "if": "true", "add": {"fit": 1}}])");
  EXPECT_THAT(error_lines(Model::load(doc, limits).errors),
              ElementsAre("/rules: 2 rules, at most 1 are allowed"));
}

TEST(Load, OptionAndStringLimits) {
  nlohmann::json doc = json_of(kMinimalModel);
  ModelLimits limits;
  limits.max_options = 2;
  limits.max_string_length = 20;
  doc["questions"] = json_of(R"([{"id": "q", "type": "choice", "options": ["a", "b", "c"]},
                                 {"id": "r", "type": "text", "label": "a label that is far too long"}])");
  EXPECT_THAT(error_lines(Model::load(doc, limits).errors),
              ElementsAre("/questions/0/options: 3 options, at most 2 are allowed",
                          "/questions/1/label: a string of 28 characters, at most 20 are allowed"));
}

TEST(Load, DeepDocumentsAreRefusedWithoutRecursingIntoThem) {
  nlohmann::json deep = 1;
  for (int i = 0; i < 200; ++i) deep = nlohmann::json::array({deep});
  nlohmann::json doc = json_of(kMinimalModel);
  doc["x-deep"] = deep;
  EXPECT_THAT(error_lines(Model::load(doc).errors), ElementsAre(": nesting deeper than 64 levels"));
}

TEST(Load, ExpressionDepthLimitIsEnforced) {
  std::string text = "1";
  for (int i = 0; i < 100; ++i) text = "(" + text + " + 1)";
  auto errors = errors_with(R"({"computed": [{"id": "c", "expr": ")" + text + R"("}]})");
  ASSERT_FALSE(errors.empty());
  EXPECT_THAT(errors[0], HasSubstr("/computed/0/expr"));
}

TEST(Load, NormalizedFillsInTheDefaults) {
  auto model = load_ok(patched(R"({
    "questions": [{"id": "q", "type": "choice", "options": ["a", {"value": "b", "label": "Bee"}]},
                  {"id": "email", "type": "email", "share": true},
                  {"id": "phone", "type": "text"}],
    "computed": [{"id": "c", "expr": "1"}],
    "rules": [{"id": "r", "if": "true", "add": {"fit": 1}}],
    "submit": {"include": ["phone"]}, "$schema": "../model.schema.json"})"));
  ASSERT_NE(model, nullptr);
  const nlohmann::json& n = model->normalized();
  EXPECT_EQ(n["lang"], "en");
  EXPECT_EQ(n["version"], "");
  EXPECT_FALSE(n.contains("$schema"));
  EXPECT_EQ(n["dimensions"][0],
            json_of(R"({"id": "fit", "label": "fit", "max": 10, "weight": 1})"));
  EXPECT_EQ(
      n["questions"][0]["options"],
      json_of(
          R"([{"value": "a", "label": "a", "points": {}}, {"value": "b", "label": "Bee", "points": {}}])"));
  EXPECT_EQ(n["questions"][0]["label"], "q");
  EXPECT_EQ(n["questions"][0]["required"], false);
  // share and submit.include are one concept: normalized() makes them agree, in question order.
  EXPECT_EQ(n["questions"][1]["share"], true);
  EXPECT_EQ(n["questions"][2]["share"], true);
  EXPECT_EQ(n["questions"][0]["share"], false);
  EXPECT_EQ(n["submit"], json_of(R"({"include": ["email", "phone"], "consent": {"required": false},
                                     "format": "json", "result": {"reasons": "none",
                                     "computed": [], "dimensions": false}})"));
  EXPECT_EQ(n["computed"][0]["format"], "number");
  EXPECT_EQ(n["rules"][0]["reason"], "r");
  EXPECT_EQ(n["stages"][0]["label"], "all");
  EXPECT_EQ(n["outcomes"], nlohmann::json::object());
}

TEST(Load, HashIsSha256OfTheCanonicalModel) {
  auto a = load_ok(kMinimalModel);
  // Same document, other key order and spacing: same canonical JSON, same hash.
  auto b = load_ok(
      R"({"stages":[{"id":"all"}],"dimensions":[{"max":10,"id":"fit"}],"id":"m","leadqual":1})");
  auto c = load_ok(patched(R"({"version": "2"})"));
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->hash(), b->hash());
  EXPECT_NE(a->hash(), c->hash());
  // sha256 of {"dimensions":[{"id":"fit","max":10}],"id":"m","leadqual":1,"stages":[{"id":"all"}]}
  // computed independently (sha256sum).
  EXPECT_EQ(a->hash(), "sha256:ac42000061b457a5a52a529b528696238166815bf51f1cf4592d638bf4e160f9");
  EXPECT_EQ(a->score(nlohmann::json::object())["model"]["hash"], a->hash());
}

}  // namespace
}  // namespace leadqual::testing
