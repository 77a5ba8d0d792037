// Behavioural signals: counts, caps, half-life decay from timestamps, and their errors.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "core/compiler/answers.hpp"
#include "core/runtime/functions.hpp"
#include "core/runtime/result_text.hpp"
#include "core/runtime/score.hpp"
#include "core/runtime/text.hpp"
#include "helpers.hpp"

namespace leadqual::testing {
namespace {

using nlohmann::json;

constexpr double kDay = 86400000.0;
// 2026-11-22T00:00:00Z
constexpr double kNow = 1795305600000.0;

const char* kModel = R"({
  "leadqual": 1, "id": "s",
  "dimensions": [{"id": "fit", "max": 100}, {"id": "risk"}],
  "questions": [{"id": "q", "type": "boolean", "points": {"fit": 1}}],
  "signals": [
    {"id": "views", "label": "Pricing views", "points": {"fit": 2}, "cap": 10},
    {"id": "visits", "points": {"fit": 5}, "halfLife": 7},
    {"id": "refunds", "points": {"fit": -3, "risk": 1}, "cap": 4}
  ],
  "rules": [{"id": "regular", "if": "signals.visits > 1.5", "add": {"risk": 100}},
            {"id": "never-viewed", "if": "signals.views == 0", "add": {"risk": 1000}}],
  "stages": [{"id": "all"}]
})";

class Signals : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = load_ok(kModel);
    ASSERT_NE(model_, nullptr);
  }
  json score(const json& signals, double now = kNow, const json& answers = json::object()) {
    ScoreOptions options;
    options.signals = signals;
    options.now_ms = now;
    return model_->score(answers, options);
  }
  std::shared_ptr<const Model> model_;
};

TEST_F(Signals, CountsGivePointsPerUnitUpToTheCap) {
  EXPECT_EQ(score(json{{"views", 3}})["dimensions"]["fit"], 6);
  json capped = score(json{{"views", 7}});  // 14 → cap 10
  EXPECT_EQ(capped["dimensions"]["fit"], 10);
  EXPECT_EQ(capped["reasons"][0], json_of(R"({"source": "signal", "id": "views", "dimension": "fit",
                                               "points": 10, "text": "Pricing views"})"));
}

TEST_F(Signals, CapsLimitNegativePointsToo) {
  json result = score(json{{"refunds", 5}, {"views", 1}});  // fit: -15 → -4, risk: 5 → 4
  EXPECT_EQ(result["dimensions"]["fit"], -2);               // 2 from views, -4 from refunds
  EXPECT_EQ(result["dimensions"]["risk"], 4);
}

TEST_F(Signals, EventsDecayByHalfLife) {
  // Ages 0, 7 and 14 days with a half-life of 7: 1 + 0.5 + 0.25 = 1.75 visits → 8.75 points.
  json result =
      score(json{{"visits", {kNow, kNow - 7 * kDay, "2026-11-08T00:00:00Z"}}, {"views", 1}});
  EXPECT_EQ(result["dimensions"]["fit"], 10.75);
  EXPECT_EQ(result["dimensions"]["risk"], 100);  // the rule sees signals.visits = 1.75
}

TEST_F(Signals, DecayedValuesAreRounded) {
  // 0.5^(1/7) = 0.905723… → 0.9057 visits → 4.5285 → 4.53 points.
  json result = score(json{{"visits", {kNow - kDay}}, {"views", 1}});
  EXPECT_EQ(canonical(result["reasons"][1]["points"]), "4.53");
}

TEST_F(Signals, WithoutAClockOrHalfLifeEveryEventCountsOne) {
  json result =
      score(json{{"visits", {kNow - 70 * kDay, kNow - 700 * kDay}}, {"views", {"2020-01-01", 5}}},
            std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(result["dimensions"]["fit"], 14);  // visits 2 · 5 + views 2 · 2
}

TEST_F(Signals, TextOutputMatches) {
  ScoreOptions options;
  options.now_ms = kNow;
  options.signals = json{{"visits", {kNow - kDay, kNow - 3 * kDay}}, {"views", 2}, {"refunds", 9}};
  expect_text_matches(*model_, json{{"q", true}}, options);
  options.signals = json{{"vists", "x"}};
  expect_text_matches(*model_, json::object(), options);
}

TEST_F(Signals, FutureEventsWeighOne) {
  EXPECT_EQ(score(json{{"visits", {kNow + 3 * kDay}}, {"views", 1}})["dimensions"]["fit"], 7);
}

TEST_F(Signals, MissingSignalsAreZero) {
  json result = score(json::object());
  EXPECT_EQ(result["dimensions"]["risk"], 1000);  // signals.views == 0
  EXPECT_EQ(result["reasons"][0]["id"], "never-viewed");
}

TEST_F(Signals, ReasonsComeAfterQuestionsAndBeforeRules) {
  json result = score(json{{"visits", 2}, {"views", 1}}, kNow, json{{"q", true}});
  std::vector<std::string> order;
  for (const json& r : result["reasons"])
    order.push_back(r["source"].get<std::string>() + ":" + r["id"].get<std::string>());
  EXPECT_EQ(order, (std::vector<std::string>{"option:q", "signal:views", "signal:visits",
                                             "rule:regular"}));
}

TEST_F(Signals, BadSignalsAreErrorsAndCountNothing) {
  json result = score(json_of(R"({"view": 3, "visits": [1, "yesterday", true], "views": -1,
                                  "refunds": "2"})"));
  EXPECT_EQ(result["errors"], json_of(R"M([
    {"path": "/signals/refunds", "code": "wrong_type",
     "message": "expected a number or an array of timestamps, got a string"},
    {"path": "/signals/views", "code": "out_of_range", "message": "-1 is below the minimum 0"},
    {"path": "/signals/visits/1", "code": "invalid_date",
     "message": "'yesterday' is not an ISO 8601 date (e.g. 2026-11-20T10:00:00Z)"},
    {"path": "/signals/visits/2", "code": "wrong_type",
     "message": "expected a timestamp (milliseconds or an ISO 8601 string), got a boolean"},
    {"path": "/signals/view", "code": "unknown_signal",
     "message": "no signal 'view' in this model \u2014 did you mean 'views'?"}])M"));
  EXPECT_EQ(result["dimensions"]["fit"], 0);
  EXPECT_EQ(score(json{{"views", std::nan("")}})["errors"][0]["code"], "not_a_number");
  EXPECT_EQ(score(json::array())["errors"][0]["path"], "/signals");
  json many = json::array();
  for (int i = 0; i < 10001; ++i) many.push_back(kNow);
  EXPECT_EQ(score(json{{"visits", many}})["errors"][0]["code"], "too_long");
}

// A signal's points change from lead to lead (counts, caps, decay): ResultText, which keeps each
// reason's text for the points it last had, must write every result as write_result does.
TEST_F(Signals, KeptReasonTextsFollowPointsThatChange) {
  const CompiledModel& m = model_->compiled();
  ResultText kept(m);
  Input input;
  Result result;
  for (const char* signals :
       {R"({"views": 3})", R"({"views": 7})", R"({"views": 3})", R"({"views": 3, "refunds": 1})",
        R"({"views": 0.5, "refunds": 9})", R"({})", R"({"views": 3})",
        R"({"visits": [1795305600000, 1794700800000]})", R"({"visits": [1795305600000]})"}) {
    read_answers(m, json::object(), json_of(signals), input);
    leadqual::score(m, input, kNow, result);
    std::string expected;
    write_result(m, result, expected);
    std::string text = "before:";
    kept.write(result, text);
    EXPECT_EQ(text, "before:" + expected) << signals;
  }
}

// The decay's 0.5^t is the runtime's own (half_power, not std::pow: the same bits natively and in
// WebAssembly, without musl's tables). Whole half-lives are exact; elsewhere it is within one unit
// in the last place of std::pow, and what the scorer keeps of a sum of them (round_to(total, 4))
// is std::pow's (docs/performance.md, "The runtime's size, fifth session", measured 250 million
// values without a difference).
TEST(HalfPower, WholeHalfLivesAreExact) {
  for (int k = 0; k <= 1100; ++k) EXPECT_EQ(half_power(k), std::ldexp(1.0, -k)) << k;
  EXPECT_EQ(half_power(0.5), std::sqrt(0.5));
  EXPECT_EQ(half_power(std::numeric_limits<double>::infinity()), 0);
  EXPECT_TRUE(std::isnan(half_power(std::numeric_limits<double>::quiet_NaN())));
}

TEST(HalfPower, WithinOneUnitOfPowAndTheSameOnceRounded) {
  const auto bits = [](double d) {
    std::int64_t b = 0;
    std::memcpy(&b, &d, sizeof b);
    return b;
  };
  std::mt19937_64 random(9);
  for (int i = 0; i < 200000; ++i) {
    const double age = static_cast<double>(random() % (3650 * 86400000LL) + 1) / kDay;
    const double t = age / static_cast<double>(random() % 400 + 1);
    const double expected = std::pow(0.5, t);
    const double got = half_power(t);
    ASSERT_LE(std::llabs(bits(got) - bits(expected)), 1) << "t = " << t;
    ASSERT_EQ(round_to(got, 4), round_to(expected, 4)) << "t = " << t;
  }
}

}  // namespace
}  // namespace leadqual::testing
