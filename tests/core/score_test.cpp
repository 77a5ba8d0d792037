// Scoring semantics of docs/model.md, each worked out by hand.
#include <cmath>
#include <limits>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace leadqual::testing {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;

// Dimensions: budget (max 30, no min), need (0..20), timing (max 10, weight 2).
// Σ weight·max = 30 + 20 + 2·10 = 70.
const char* kModel = R"M({
  "leadqual": 1, "id": "t", "version": "1",
  "dimensions": [{"id": "budget", "max": 30}, {"id": "need", "min": 0, "max": 20},
                 {"id": "timing", "max": 10, "weight": 2}],
  "questions": [
    {"id": "budget", "type": "choice", "required": true, "options": [
      {"value": "yes", "label": "Approved", "points": {"need": 5, "budget": 25}},
      {"value": "no", "label": "None", "points": {"budget": -5}}]},
    {"id": "employees", "type": "number", "min": 1, "max": 100000, "bands": [
      {"min": 1000, "points": {"need": 10}, "label": "Big"},
      {"min": 500, "points": {"need": 7}},
      {"max": 99, "points": {"need": -10}}]},
    {"id": "role", "type": "choice", "showIf": "budget == 'yes'", "required": true,
     "options": [{"value": "cto", "points": {"timing": 5}}, "student"]},
    {"id": "tools", "type": "multi", "options": [
      {"value": "crm", "points": {"need": 3}}, {"value": "erp", "points": {"need": 4}}, "none"]},
    {"id": "call", "type": "boolean", "label": "Call me", "points": {"timing": 4}},
    {"id": "note", "type": "text", "maxLength": 10},
    {"id": "email", "type": "email"},
    {"id": "src", "type": "hidden"}
  ],
  "computed": [{"id": "seats", "expr": "employees * 2"}, {"id": "role_known", "expr": "role != null"}],
  "rules": [
    {"id": "big-cto", "if": "role == 'cto' and employees >= 1000", "add": {"timing": 3, "budget": 10},
     "reason": "Big company CTO"},
    {"id": "student", "if": "role == 'student'", "disqualify": "Students are not buyers"},
    {"id": "gmail", "if": "is_free_email(email)", "disqualify": "Personal email"}
  ],
  "grade": {"from": ["budget"], "bands": [{"grade": "A", "min": 25}, {"grade": "B", "min": 10}, {"grade": "C"}]},
  "stages": [{"id": "sql", "if": "score >= 50"}, {"id": "mql", "if": "dimensions.budget >= 20"},
             {"id": "nurture"}]
})M";

class Score : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = load_ok(kModel);
    ASSERT_NE(model_, nullptr);
  }
  json score(const std::string& answers) { return model_->score(json_of(answers)); }
  json reason(const char* source, const char* id, const char* dimension, double points,
              const char* text) {
    return json{{"source", source},
                {"id", id},
                {"dimension", dimension},
                {"points", points},
                {"text", text}};
  }
  json error(const char* path, const char* code, const std::string& message) {
    return json{{"path", path}, {"code", code}, {"message", message}};
  }
  std::shared_ptr<const Model> model_;
};

TEST_F(Score, OptionsAddTheirPointsPerDimension) {
  json result = score(R"({"budget": "yes"})");
  EXPECT_EQ(result["dimensions"], json_of(R"({"budget": 25, "need": 5, "timing": 0})"));
  EXPECT_EQ(result["score"], 30);
  EXPECT_EQ(result["percent"], 42.9);  // 100 · 30 / 70 = 42.857…
  EXPECT_EQ(result["reasons"], json::array({reason("option", "budget", "budget", 25, "Approved"),
                                            reason("option", "budget", "need", 5, "Approved")}));
}

TEST_F(Score, MissingAnswersAddNothing) {
  json result = score("{}");
  EXPECT_EQ(result["dimensions"], json_of(R"({"budget": 0, "need": 0, "timing": 0})"));
  EXPECT_EQ(result["score"], 0);
  EXPECT_EQ(result["percent"], 0);
  EXPECT_EQ(result["grade"], "C");
  EXPECT_EQ(result["stage"], "nurture");
  EXPECT_EQ(result["reasons"], json::array());
  EXPECT_EQ(result["errors"], json::array());
  EXPECT_EQ(result["complete"], false);
  EXPECT_EQ(result["computed"], json_of(R"({"seats": null, "role_known": false})"));
}

TEST_F(Score, DimensionsAreClampedToTheirCapsAfterAllPoints) {
  // budget 25 + rule 10 = 35 → 30; need 5 + band 10 = 15; timing 5 + rule 3 = 8.
  json result = score(R"({"budget": "yes", "role": "cto", "employees": 5000})");
  EXPECT_EQ(result["dimensions"], json_of(R"({"budget": 30, "need": 15, "timing": 8})"));
  EXPECT_EQ(result["score"], 61);      // 30 + 15 + 2·8
  EXPECT_EQ(result["percent"], 87.1);  // 100 · 61 / 70 = 87.14…
  EXPECT_EQ(result["grade"], "A");
  EXPECT_EQ(result["stage"], "sql");
  // Reasons show the points as contributed, before the clamp.
  EXPECT_EQ(result["reasons"][4], reason("rule", "big-cto", "budget", 10, "Big company CTO"));
}

TEST_F(Score, LowerCapsClampAndNoMinMeansNoLowerCap) {
  // budget -5 (no min); need -10 from the band, clamped to its min 0.
  json result = score(R"({"budget": "no", "employees": 50})");
  EXPECT_EQ(result["dimensions"], json_of(R"({"budget": -5, "need": 0, "timing": 0})"));
  EXPECT_EQ(result["score"], -5);
  EXPECT_EQ(result["percent"], -7.1);
  EXPECT_EQ(result["reasons"][1], reason("band", "employees", "need", -10, "employees: \u2264 99"));
}

TEST_F(Score, WeightsMultiplyDimensionsInTheScore) {
  json result = score(R"({"call": true})");
  EXPECT_EQ(result["dimensions"]["timing"], 4);
  EXPECT_EQ(result["score"], 8);  // weight 2
}

TEST_F(Score, FirstMatchingBandCountsAndBoundsAreInclusive) {
  EXPECT_EQ(score(R"({"employees": 5000})")["dimensions"]["need"], 10);  // not 10 + 7
  EXPECT_EQ(score(R"({"employees": 1000})")["dimensions"]["need"], 10);
  EXPECT_EQ(score(R"({"employees": 999})")["dimensions"]["need"], 7);
  EXPECT_EQ(score(R"({"employees": 500})")["dimensions"]["need"], 7);
  EXPECT_EQ(score(R"({"employees": 100})")["reasons"], json::array());
  json result = score(R"({"employees": 500})");
  EXPECT_EQ(result["reasons"][0], reason("band", "employees", "need", 7, "employees: \u2265 500"));
}

TEST_F(Score, BooleanPointsCountOnlyWhenTrue) {
  EXPECT_EQ(score(R"({"call": false})")["reasons"], json::array());
  EXPECT_EQ(score(R"({"call": true})")["reasons"][0],
            reason("option", "call", "timing", 4, "Call me"));
  EXPECT_EQ(score(R"({"call": "true"})")["dimensions"]["timing"], 4);
}

TEST_F(Score, MultiAddsEverySelectedOptionOnce) {
  json result = score(R"({"tools": ["erp", "crm", "erp"]})");
  EXPECT_EQ(result["dimensions"]["need"], 7);
  // Option order, not answer order.
  EXPECT_EQ(result["reasons"], json::array({reason("option", "tools", "need", 3, "crm"),
                                            reason("option", "tools", "need", 4, "erp")}));
  EXPECT_EQ(result["errors"], json::array());
}

TEST_F(Score, ReasonsComeInModelOrder) {
  json result = score(R"({"call": true, "tools": ["erp", "crm"], "role": "cto", "employees": 5000,
                          "budget": "yes"})");
  json expected = json::array(
      {reason("option", "budget", "budget", 25, "Approved"),
       reason("option", "budget", "need", 5, "Approved"),
       reason("band", "employees", "need", 10, "Big"), reason("option", "role", "timing", 5, "cto"),
       reason("option", "tools", "need", 3, "crm"), reason("option", "tools", "need", 4, "erp"),
       reason("option", "call", "timing", 4, "Call me"),
       reason("rule", "big-cto", "budget", 10, "Big company CTO"),
       reason("rule", "big-cto", "timing", 3, "Big company CTO")});
  EXPECT_EQ(result["reasons"], expected);
}

TEST_F(Score, GradeUsesOnlyTheFromDimensions) {
  // need 15 does not count towards the grade: budget alone is 25 → A; -5 → the default C.
  EXPECT_EQ(score(R"({"budget": "yes", "employees": 5000})")["grade"], "A");
  EXPECT_EQ(score(R"({"budget": "no", "employees": 5000})")["grade"], "C");
}

TEST_F(Score, DisqualifierBeatsTheScore) {
  // budget 25; need 5+10+3+4 = 22 → 20; timing 4 → score 25 + 20 + 8 = 53: sql, were it not for
  // the student rule.
  json result = score(R"({"budget": "yes", "role": "student", "employees": 5000,
                          "tools": ["crm", "erp"], "call": true})");
  EXPECT_EQ(result["score"], 53);
  EXPECT_EQ(result["stage"], "disqualified");
  EXPECT_EQ(result["disqualified"],
            json_of(R"({"rule": "student", "reason": "Students are not buyers"})"));
}

TEST_F(Score, FirstDisqualifierInModelOrderIsReported) {
  json result = score(R"({"budget": "yes", "role": "student", "email": "kid@gmail.com"})");
  EXPECT_EQ(result["disqualified"]["rule"], "student");  // before 'gmail' in the model
  result = score(R"({"email": "kid@gmail.com"})");
  EXPECT_EQ(result["disqualified"], json_of(R"({"rule": "gmail", "reason": "Personal email"})"));
}

TEST_F(Score, FirstStageWhoseConditionHoldsElseTheDefault) {
  EXPECT_EQ(score(R"({"budget": "yes", "role": "cto", "employees": 5000})")["stage"], "sql");
  // score 30 < 50, but dimensions.budget 25 ≥ 20 (not the question 'budget', which is "yes").
  EXPECT_EQ(score(R"({"budget": "yes"})")["stage"], "mql");
  EXPECT_EQ(score(R"({"budget": "no"})")["stage"], "nurture");
  EXPECT_EQ(score(R"({"budget": "no"})")["disqualified"], nullptr);
}

TEST_F(Score, HiddenQuestionsCountForNothingAnywhere) {
  // role is shown only when budget is 'yes': its points, the rule on it and the computed value
  // reading it all see nothing.
  json result = score(R"({"budget": "no", "role": "cto", "employees": 5000})");
  EXPECT_EQ(result["dimensions"], json_of(R"({"budget": -5, "need": 10, "timing": 0})"));
  EXPECT_EQ(result["computed"]["role_known"], false);
  for (const json& r : result["reasons"]) EXPECT_NE(r["id"], "role");
  EXPECT_EQ(score(R"({"budget": "no", "role": "student"})")["stage"], "nurture");
  // Visible again, the same answer counts.
  result = score(R"({"budget": "yes", "role": "cto", "employees": 5000})");
  EXPECT_EQ(result["computed"]["role_known"], true);
  EXPECT_EQ(result["dimensions"]["timing"], 8);
}

TEST_F(Score, CompleteMeansEveryVisibleRequiredQuestionIsValidlyAnswered) {
  EXPECT_EQ(score(R"({"budget": "yes"})")["complete"], false);  // role is visible and required
  EXPECT_EQ(score(R"({"budget": "yes", "role": "cto"})")["complete"], true);
  EXPECT_EQ(score(R"({"budget": "no"})")["complete"], true);      // role hidden
  EXPECT_EQ(score(R"({"budget": "maybe"})")["complete"], false);  // invalid = missing
  EXPECT_EQ(score(R"({"budget": ""})")["complete"], false);
}

TEST_F(Score, StateListsVisibleQuestionsInModelOrder) {
  json state = model_->state(json_of(R"({"budget": "no"})"));
  EXPECT_EQ(state["visible"],
            json_of(R"(["budget", "employees", "tools", "call", "note", "email", "src"])"));
  EXPECT_EQ(state["result"], model_->score(json_of(R"({"budget": "no"})")));
  state = model_->state(json_of(R"({"budget": "yes"})"));
  EXPECT_EQ(state["visible"][2], "role");
}

TEST_F(Score, ComputedValuesSeeValidAnswers) {
  EXPECT_EQ(score(R"({"employees": 40})")["computed"]["seats"], 80);
  EXPECT_EQ(score(R"({"employees": "40"})")["computed"]["seats"], 80);  // numeric strings accepted
  EXPECT_EQ(score(R"({"employees": "forty"})")["computed"]["seats"], nullptr);
}

TEST_F(Score, NullAndEmptyStringMeanNotAnswered) {
  json result = score(R"({"budget": "", "employees": null, "note": "", "tools": []})");
  EXPECT_EQ(result["errors"], json::array());
  EXPECT_EQ(result["score"], 0);
}

TEST_F(Score, WrongTypes) {
  json result = score(R"({"budget": 3, "employees": true, "call": "yes", "note": 5, "tools": "crm",
                          "src": {}})");
  EXPECT_EQ(
      result["errors"],
      json::array(
          {error("/budget", "wrong_type", "expected one of the options (a string), got a number"),
           error("/employees", "wrong_type", "expected a number, got a boolean"),
           error("/tools", "wrong_type", "expected an array of options, got a string"),
           error("/call", "wrong_type", "expected true or false, got a string"),
           error("/note", "wrong_type", "expected a string, got a number"),
           error("/src", "wrong_type", "expected a string, number or boolean, got an object")}));
  EXPECT_EQ(result["score"], 0);  // invalid answers count as missing
  EXPECT_EQ(
      model_->score(json::array())["errors"],
      json::array({error("", "wrong_type", "expected the answers as an object, got an array")}));
}

TEST_F(Score, NotANumber) {
  EXPECT_EQ(score(R"({"employees": "abc"})")["errors"],
            json::array({error("/employees", "not_a_number", "'abc' is not a number")}));
  json nan_answer = {{"employees", std::numeric_limits<double>::quiet_NaN()}};
  EXPECT_EQ(model_->score(nan_answer)["errors"],
            json::array({error("/employees", "not_a_number", "expected a finite number")}));
  json infinite = {{"employees", std::numeric_limits<double>::infinity()}};
  EXPECT_EQ(model_->score(infinite)["errors"][0]["code"], "not_a_number");
  json hidden_nan = {{"src", std::numeric_limits<double>::quiet_NaN()}};
  EXPECT_EQ(model_->score(hidden_nan)["errors"],
            json::array({error("/src", "not_a_number", "expected a finite number")}));
  // The result stays valid JSON text (no NaN in it).
  std::string text = canonical(model_->score(nan_answer));
  json back;
  std::string why;
  EXPECT_TRUE(parse_json(text, back, why)) << why;
}

TEST_F(Score, OutOfRange) {
  EXPECT_EQ(score(R"({"employees": 0})")["errors"],
            json::array({error("/employees", "out_of_range", "0 is below the minimum 1")}));
  EXPECT_EQ(
      score(R"({"employees": 200000.5})")["errors"],
      json::array({error("/employees", "out_of_range", "200000.5 is above the maximum 100000")}));
}

TEST_F(Score, UnknownOptions) {
  EXPECT_EQ(score(R"({"budget": "ye"})")["errors"],
            json::array({error("/budget", "unknown_option",
                               "'ye' is not an option \u2014 did you mean 'yes'?")}));
  EXPECT_EQ(score(R"({"budget": "zzz"})")["errors"],
            json::array(
                {error("/budget", "unknown_option", "'zzz' is not an option (one of: yes, no)")}));
  json result = score(R"({"tools": ["crm", "fax"]})");
  EXPECT_EQ(result["errors"],
            json::array({error("/tools/1", "unknown_option",
                               "'fax' is not an option (one of: crm, erp, none)")}));
  EXPECT_EQ(result["dimensions"]["need"], 0);  // the whole answer is invalid
}

TEST_F(Score, UnknownQuestionsComeAfterTheOthersSorted) {
  json result = score(R"({"zzz": 1, "employes": 5, "budget": 1})");
  EXPECT_EQ(
      result["errors"],
      json::array(
          {error("/budget", "wrong_type", "expected one of the options (a string), got a number"),
           error("/employes", "unknown_question",
                 "no question 'employes' in this model \u2014 did you mean 'employees'?"),
           error("/zzz", "unknown_question", "no question 'zzz' in this model")}));
}

TEST_F(Score, AFloodOfBadKeysIsCappedAndCounted) {
  json answers = json::object();
  for (int i = 0; i < 5000; ++i) answers["unknown_" + std::to_string(i)] = i;
  answers["employees"] = "many";
  json errors = model_->score(answers)["errors"];
  ASSERT_EQ(errors.size(), 101u);  // 100 listed, then the count of the rest
  EXPECT_EQ(errors[0]["path"], "/employees");
  EXPECT_EQ(errors[100], error("", "too_many_errors", "4901 more errors left out"));
  expect_text_matches(*model_, answers);
}

TEST_F(Score, PathsEscapeKeysAsJsonPointers) {
  EXPECT_EQ(score(R"({"a/b~c": 1})")["errors"][0]["path"], "/a~1b~0c");
}

TEST_F(Score, TooLong) {
  EXPECT_EQ(
      score(R"({"note": "12345678901"})")["errors"],
      json::array({error("/note", "too_long", "a text of 11 characters, at most 10 are allowed")}));
  EXPECT_EQ(score(R"({"note": "ééééééééé"})")["errors"], json::array());  // characters, not bytes
  json huge = {{"src", std::string(1000000, 'x')}};
  EXPECT_EQ(model_->score(huge)["errors"],
            json::array({error("/src", "too_long",
                               "a text of 1000000 characters, at most 10000 are allowed")}));
}

TEST_F(Score, InvalidEmails) {
  for (const char* bad : {"not-an-email", "a@b", "a b@c.com", "@c.com", "a@.com", "a@@b.com",
                          "a@b.c", "a@b.123", "a.@b.com", "a@-b.com"}) {
    json result = model_->score(json{{"email", bad}});
    ASSERT_EQ(result["errors"].size(), 1u) << bad;
    EXPECT_EQ(
        result["errors"][0],
        error("/email", "invalid_email",
              "'" + std::string(bad) + "' is not an email address (expected name@domain.tld)"));
  }
  for (const char* good : {"ann@acme.com", "ann.lee+leads@mail.acme.co.uk", "j@xn--bcher-kva.de"}) {
    EXPECT_EQ(model_->score(json{{"email", good}})["errors"], json::array()) << good;
  }
}

TEST_F(Score, MessagesQuoteLongOrBrokenAnswersSafely) {
  json broken = {{"budget", std::string("\xff\xfe", 2)}};
  json result = model_->score(broken);
  EXPECT_EQ(result["errors"][0]["code"], "unknown_option");
  EXPECT_FALSE(canonical(result).empty());  // serialises despite the invalid UTF-8 answer
  json long_answer = {{"budget", std::string(500, 'y')}};
  std::string message = model_->score(long_answer)["errors"][0]["message"];
  EXPECT_LT(message.size(), 120u);
}

TEST_F(Score, SameInputSameBytes) {
  json answers = json_of(R"({"budget": "yes", "role": "cto", "employees": 5000, "tools": ["crm"],
                             "email": "x@gmail.com", "bogus": 1})");
  std::string first = canonical(model_->score(answers));
  std::string second = canonical(model_->score(answers));
  EXPECT_EQ(first, second);
  auto reloaded = load_ok(kModel);
  EXPECT_EQ(canonical(reloaded->score(answers)), first);
  // Sorted keys, compact, integral numbers as integers.
  EXPECT_EQ(
      first.rfind("{\"complete\":true,\"computed\":{\"role_known\":true,\"seats\":10000},", 0), 0u)
      << first;
  // need: 5 (budget) + 10 (band) + 3 (crm) = 18; score 30 + 18 + 2·8 = 64.
  EXPECT_NE(first.find("\"score\":64,"), std::string::npos) << first;
}

TEST_F(Score, TextOutputIsTheCanonicalResultByteForByte) {
  for (
      const char* answers :
      {"{}", R"({"budget": "yes"})", R"({"budget": "no", "employees": 50})",
       R"({"budget": "yes", "role": "student", "employees": 5000, "tools": ["crm", "erp"], "call": true})",
       R"({"budget": "yes", "role": "cto", "employees": 5000, "email": "x@gmail.com", "src": 3.25})",
       R"({"budget": 3, "employees": "abc", "call": "yes", "note": "a\"b\\c\n\t\u0001", "zz\"z": 1})",
       R"({"note": "日本語 ✓", "src": "\u001f\u007f", "email": "a@b"})", "[]", "null"}) {
    expect_text_matches(*model_, json_of(answers));
  }
  expect_text_matches(*model_, json{{"employees", std::numeric_limits<double>::quiet_NaN()}});
  expect_text_matches(*model_,
                      json{{std::string("bad\xff\xfekey"), 1}, {"budget", std::string("\xc3")}});
  expect_text_matches(*model_, json{{"employees", 12345.678}, {"src", 1e300}});
}

TEST(ScoreRounding, FractionalPointsDoNotCarryFloatingNoise) {
  auto model = load_ok(patched(R"({"questions": [{"id": "q", "type": "multi", "options": [
    {"value": "a", "points": {"fit": 0.1}}, {"value": "b", "points": {"fit": 0.2}}]}]})"));
  json result = model->score(json_of(R"({"q": ["a", "b"]})"));
  EXPECT_EQ(canonical(result["dimensions"]), R"({"fit":0.3})");
  EXPECT_EQ(canonical(result["score"]), "0.3");
  EXPECT_EQ(canonical(result["percent"]), "3");
}

TEST(ScorePercent, NullWhenADimensionHasNoMax) {
  auto model = load_ok(patched(R"({"dimensions": [{"id": "fit", "max": 10}, {"id": "open"}]})"));
  EXPECT_EQ(model->score(json::object())["percent"], nullptr);
}

TEST(ScorePercent, NullWhenTheMaximumIsNotPositive) {
  // A percent of a maximum at or below zero means nothing (it once gave 300 here, a result the
  // collector then refused as inconsistent).
  auto model = load_ok(patched(R"({"dimensions": [{"id": "risk", "min": -10, "max": -1}],
    "questions": [{"id": "risky", "type": "boolean", "points": {"risk": -3}}]})"));
  json result = model->score(json{{"risky", true}});
  EXPECT_EQ(result["score"], -3);
  EXPECT_EQ(result["percent"], nullptr);
}

TEST(ScoreGrade, BandsPickTheFirstWhoseMinIsReached) {
  auto model = load_ok(patched(R"({
    "dimensions": [{"id": "a"}, {"id": "b"}],
    "questions": [{"id": "n", "type": "number"}],
    "rules": [{"id": "one", "if": "n >= 1", "add": {"a": 10}},
              {"id": "two", "if": "n >= 2", "add": {"a": 15}},
              {"id": "three", "if": "n >= 3", "add": {"b": 50}}],
    "grade": {"from": ["a"], "bands": [{"grade": "A", "min": 25}, {"grade": "B", "min": 10}, {"grade": "C"}]}})"));
  auto grade = [&](int n) { return model->score(json{{"n", n}})["grade"]; };
  EXPECT_EQ(grade(0), "C");
  EXPECT_EQ(grade(1), "B");  // 10 ≥ 10: min is inclusive
  EXPECT_EQ(grade(2), "A");  // 25
  EXPECT_EQ(grade(3), "A");  // b does not count
}

TEST(ScoreGrade, NoDefaultBandOrNoGradeMeansNull) {
  auto model = load_ok(patched(R"({"grade": {"bands": [{"grade": "A", "min": 5}]}})"));
  EXPECT_EQ(model->score(json::object())["grade"], nullptr);
  EXPECT_EQ(load_ok(kMinimalModel)->score(json::object())["grade"], nullptr);
}

TEST(ScoreOrder, ShowIfRulesAndStagesSeeComputedValuesInDependencyOrder) {
  // b's showIf reads a computed value defined after it; the rule and the stage read computed
  // values too; total reads b, so hiding b changes total.
  auto model = load_ok(patched(R"M({
    "dimensions": [{"id": "fit", "max": 100}],
    "questions": [{"id": "a", "type": "number"},
                  {"id": "b", "type": "number", "showIf": "double_a > 4"}],
    "computed": [{"id": "total", "expr": "a + (b == null ? 0 : b)"}, {"id": "double_a", "expr": "a * 2"}],
    "rules": [{"id": "big", "if": "total >= 10", "add": {"fit": 7}}],
    "stages": [{"id": "hot", "if": "total >= 10 and score >= 7"}, {"id": "cold"}]})M"));
  json shown = model->score(json_of(R"({"a": 3, "b": 8})"));  // double_a 6: b visible
  EXPECT_EQ(shown["computed"], json_of(R"({"total": 11, "double_a": 6})"));
  EXPECT_EQ(shown["score"], 7);
  EXPECT_EQ(shown["stage"], "hot");
  json hidden = model->score(json_of(R"({"a": 2, "b": 8})"));  // double_a 4: b hidden
  EXPECT_EQ(hidden["computed"], json_of(R"({"total": 2, "double_a": 4})"));
  EXPECT_EQ(hidden["score"], 0);
  EXPECT_EQ(hidden["stage"], "cold");
  EXPECT_EQ(model->state(json_of(R"({"a": 2, "b": 8})"))["visible"], json_of(R"(["a"])"));
}

TEST(ScoreOrder, InvalidAnswersAreMissingForRulesToo) {
  auto model = load_ok(patched(R"({"questions": [{"id": "n", "type": "number", "min": 0}],
    "rules": [{"id": "unanswered", "if": "n == null", "add": {"fit": 5}}]})"));
  EXPECT_EQ(model->score(json_of(R"({"n": "abc"})"))["score"], 5);  // not_a_number → null
  EXPECT_EQ(model->score(json_of(R"({"n": -1})"))["score"], 5);     // out_of_range → null
  EXPECT_EQ(model->score(json_of(R"({})"))["score"], 5);
  EXPECT_EQ(model->score(json_of(R"({"n": 3})"))["score"], 0);
}

TEST(ScoreErrors, EvaluationErrorsAreLocatedInTheModel) {
  auto model = load_ok(patched(R"({
    "questions": [{"id": "q", "type": "number", "showIf": {"throw": "hidden"}}],
    "computed": [{"id": "c", "expr": {"throw": "boom"}}],
    "rules": [{"id": "r", "if": {"throw": "nope"}, "add": {"fit": 1}}],
    "stages": [{"id": "s", "if": {"throw": "stage"}}, {"id": "rest"}]})"));
  json result = model->score(json_of(R"({"q": 1})"));
  EXPECT_EQ(result["computed"]["c"], nullptr);
  EXPECT_EQ(result["score"], 0);
  EXPECT_EQ(result["stage"], "rest");
  json paths = json::array();
  for (const json& e : result["errors"]) {
    EXPECT_EQ(e["code"], "eval_error");
    paths.push_back(e["path"]);
  }
  EXPECT_EQ(
      paths,
      json_of(R"(["/questions/0/showIf", "/computed/0/expr", "/rules/0/if", "/stages/0/if"])"));
  EXPECT_EQ(result["errors"][1]["message"], "boom");
  EXPECT_EQ(model->state(json_of(R"({"q": 1})"))["visible"], json::array());  // failed showIf hides
}

TEST(ScoreText, ReasonTextsUseTheModelLanguage) {
  auto model = load_ok(patched(R"({"lang": "ja",
    "questions": [{"id": "q", "type": "choice", "options": [
      {"value": "a", "label": {"en": "Yes", "ja": "はい"}, "points": {"fit": 1}},
      {"value": "b", "label": {"de": "Nein", "fr": "Non"}, "points": {"fit": 2}}]}]})"));
  EXPECT_EQ(model->score(json_of(R"({"q": "a"})"))["reasons"][0]["text"], "はい");
  // No entry for the model's language: the first language tag in sorted order.
  EXPECT_EQ(model->score(json_of(R"({"q": "b"})"))["reasons"][0]["text"], "Nein");
}

TEST(Evaluate, BareExpressionsOnData) {
  Evaluation out;
  std::vector<Diagnostic> errors;
  ASSERT_TRUE(evaluate(json("a * 2 + 1"), json_of(R"({"a": 4})"), out, errors));
  EXPECT_FALSE(out.failed);
  EXPECT_EQ(out.value, 9);
  ASSERT_TRUE(evaluate(json_of(R"({"in": [{"var": "x"}, ["p", "q"]]})"), json_of(R"({"x": "q"})"),
                       out, errors));
  EXPECT_EQ(out.value, true);
  ASSERT_TRUE(evaluate(json_of(R"({"throw": "bad"})"), json::object(), out, errors));
  EXPECT_TRUE(out.failed);
  EXPECT_EQ(out.type, "bad");
  EXPECT_TRUE(out.value.is_null());
  EXPECT_FALSE(evaluate(json("a +"), json::object(), out, errors));
  EXPECT_FALSE(errors.empty());
}

TEST(Evaluate, DataShapedLikeAFailureIsAValue) {
  // Was reported as a failure: evaluate() gave {"error": ...} for both.
  Evaluation out;
  std::vector<Diagnostic> errors;
  const json data = json_of(R"({"x": {"error": {"type": "NaN", "message": "mine"}}})");
  ASSERT_TRUE(evaluate(json_of(R"({"var": "x"})"), data, out, errors));
  EXPECT_FALSE(out.failed);
  EXPECT_EQ(out.value, data["x"]);
}

}  // namespace
}  // namespace leadqual::testing
