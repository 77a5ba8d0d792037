// Limits: nesting depth, text length, the evaluation step budget, hostile input that must not
// crash or hang, huge strings, NaN and Infinity.
#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "helpers.hpp"

namespace leadqual {
namespace {

using nlohmann::json;
using testing::apply;
using testing::errors;
using testing::parse;
using testing::text;

std::string nested_not(int depth) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += R"({"!": )";
  s += "true";
  for (int i = 0; i < depth; ++i) s += "}";
  return s;
}

TEST(Limits, JsonLogicDepth) {
  EXPECT_EQ(errors(parse(nested_not(63)), {}).front(), "COMPILED");
  auto lines = errors(parse(nested_not(80)), {});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("expression nested deeper than 64"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[0].rfind("/rules/3/if/!/!/!", 0), 0u) << lines[0];  // located inside the rule
}

TEST(Limits, DeeplyNestedJsonLogicDoesNotOverflowTheStack) {
  // 200,000 levels: refused at the depth limit, long before recursion could hurt.
  auto lines = errors(parse(nested_not(200000)), {});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("nested deeper than 64"), std::string::npos);
}

TEST(Limits, InfixDepth) {
  std::string deep = std::string(100, '(') + "1" + std::string(100, ')');
  EXPECT_EQ(errors(deep, {}), std::vector<std::string>{
                                  "/rules/3/if: at column 65: expression nested deeper than 64"});
  EXPECT_EQ(errors(std::string(10000, '-') + "1", {}).size(), 1u);
  EXPECT_EQ(errors(std::string(5000, '[') + std::string(5000, ']'), {}).size(), 1u);
  EXPECT_EQ(text(std::string(30, '(') + "1" + std::string(30, ')')), 1);
}

TEST(Limits, LongOperatorChainsCountAsDepth) {
  std::string chain = "1";
  for (int i = 0; i < 100; ++i) chain += " + 1";
  EXPECT_EQ(errors(chain, {}),
            std::vector<std::string>{"/rules/3/if: expression nested deeper than 64"});
  Limits generous;
  generous.max_depth = 200;
  EXPECT_EQ(errors(chain, {}, generous).front(), "COMPILED");
}

TEST(Limits, InfixTextLength) {
  std::string long_text = "'" + std::string(5000, 'a') + "'";
  EXPECT_EQ(errors(long_text, {}),
            std::vector<std::string>{"/rules/3/if: expression text longer than 4096 characters"});
  // The limit counts characters, not bytes: 3,000 three-byte characters fit.
  std::string wide;
  for (int i = 0; i < 3000; ++i) wide += "日";
  EXPECT_EQ(text("len('" + wide + "')"), 3000);
  Limits small;
  small.max_text_length = 10;
  EXPECT_EQ(errors("1 + 2 + 3 + 4", {}, small),
            std::vector<std::string>{"/rules/3/if: expression text longer than 10 characters"});
}

TEST(Limits, StepBudgetStopsBigIterations) {
  // A nested map over 1,000 × 1,000 elements would take a million steps.
  std::string range = "[";
  for (int i = 0; i < 1000; ++i) range += (i ? "," : "") + std::to_string(i);
  range += "]";
  std::string rule =
      R"({"map": [)" + range + R"(, {"map": [)" + range + R"(, {"+": [{"var": ""}, 1]}]}]})";
  Value v = apply(rule);
  ASSERT_TRUE(v.is_error());
  EXPECT_EQ(v.as_string(), "Limit");
  EXPECT_EQ(v.error_message(), "evaluation took more than 100000 steps");
}

TEST(Limits, StepBudgetIsConfigurableAndNotCatchable) {
  Limits tight;
  tight.max_steps = 10;
  EXPECT_TRUE(apply(R"({"+": [1, 2]})", "null", tight).is_number());
  Value v = apply(R"({"try": [{"map": [[1,2,3,4,5,6,7,8,9,10], {"var": ""}]}, "fallback"]})",
                  "null", tight);
  ASSERT_TRUE(v.is_error());
  EXPECT_EQ(v.as_string(), "Limit");
}

TEST(Limits, GrowingAnAccumulatorCostsSteps) {
  // 1,000 rounds appending 1,000 characters would copy half a gigabyte in total; building
  // strings is charged to the step budget, so this stops early with Limit.
  std::string range = "[";
  for (int i = 0; i < 1000; ++i) range += (i ? "," : "") + std::to_string(i);
  range += "]";
  std::string chunk(1000, 'x');
  Value v = apply(R"({"reduce": [)" + range + R"(, {"cat": [{"var": "accumulator"}, ")" + chunk +
                  R"("]}, ""]})");
  ASSERT_TRUE(v.is_error());
  EXPECT_EQ(v.as_string(), "Limit");
  // Modest string building stays well within the budget.
  EXPECT_EQ(
      value_to_json(apply(
          R"({"reduce": [[1, 2, 3], {"cat": [{"var": "accumulator"}, {"var": "current"}]}, ""]})")),
      "123");
}

TEST(Limits, AbsurdScopeClimbsReadNull) {
  EXPECT_TRUE(apply(R"({"val": [[1e300], "x"]})", R"({"x": 1})").is_null());
  EXPECT_TRUE(apply(R"({"val": {"merge": [[[-1e300]], ["x"]]}})", R"({"x": 1})").is_null());
  EXPECT_EQ(value_to_json(apply(R"({"val": [[0], "x"]})", R"({"x": 1})")), 1);
}

TEST(Limits, HugeStrings) {
  std::string big(1 << 20, 'x');
  json data = {{"s", big}};
  EXPECT_EQ(testing::run("len(s)", data), 1 << 20);
  EXPECT_EQ(testing::run("contains(s, 'y')", data), false);
  EXPECT_EQ(testing::run("lower(s) == s", data), true);
  EXPECT_EQ(testing::run(json::parse(R"({"in": ["xx", {"var": "s"}]})"), data), true);
  EXPECT_EQ(testing::run("is_free_email(s)", data), false);
  EXPECT_EQ(testing::run("domain('a@' + s) == s", data), true);
}

TEST(Limits, NaNAndInfinityNeverEscapeAsNumbers) {
  Value nan = Value::number(std::numeric_limits<double>::quiet_NaN());
  Value inf = Value::number(std::numeric_limits<double>::infinity());
  Symbols symbols;
  symbols.names = {"n", "i"};
  std::vector<Value> slots = {nan, inf};
  EvalContext ctx;
  ctx.slots = slots.data();
  auto eval = [&](const std::string& expression) {
    std::vector<Diagnostic> diagnostics;
    auto e = Expr::compile(expression, &symbols, "", diagnostics);
    EXPECT_TRUE(e.has_value()) << expression;
    return e ? e->eval(ctx) : Value();
  };
  EXPECT_EQ(value_to_json(eval("n == n")), false);
  EXPECT_EQ(value_to_json(eval("n < 1 or n >= 1")), false);
  EXPECT_EQ(value_to_json(eval("i > 1e308")), true);
  EXPECT_TRUE(eval("n + 1").is_null());  // infix arithmetic never yields NaN
  EXPECT_TRUE(eval("i - i").is_null());
  EXPECT_TRUE(eval("1e308 * 10").is_null());  // overflow is not a number either
  EXPECT_EQ(value_to_json(eval("round(n)")), nullptr);
  EXPECT_EQ(value_to_json(eval("max(1, n)")), nullptr);
  EXPECT_EQ(value_to_json(eval("i")), nullptr);  // JSON has no Infinity
  // JsonLogic turns NaN results into the error the suites expect.
  EXPECT_EQ(value_to_json(apply(R"({"*": [1e308, 10]})")), nullptr);
  EXPECT_EQ(apply(R"({"-": [{"/": [0, 0]}]})").as_string(), "NaN");
}

// Deterministic random input (fixed seed): any token soup compiles or is refused with a
// located message, and whatever compiles evaluates to some value.
TEST(Limits, RandomInfixNeverCrashes) {
  const char* pieces[] = {"x",   "y.z", "1",  "2.5",       "'s'",    "\"t\"", "null", "true",
                          "(",   ")",   "[",  "]",         ",",      "+",     "-",    "*",
                          "/",   "%",   "==", "!=",        "<",      ">=",    "and",  "or",
                          "not", "in",  "?",  ":",         "round(", "len(",  "max(", "!",
                          "&&",  "||",  " ",  "'\\u00e9'", "1e309",  "0"};
  std::uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1103515245u + 12345u;
    return (state >> 16) & 0x7fff;
  };
  Symbols symbols;
  symbols.names = {"x", "y"};
  std::vector<Value> slots = {Value::number(3), Value::object({{"z", Value::string("q")}})};
  EvalContext ctx;
  ctx.slots = slots.data();
  int compiled = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    int count = 1 + static_cast<int>(next() % 12);
    for (int i = 0; i < count; ++i) {
      text += pieces[next() % (sizeof pieces / sizeof pieces[0])];
      text += ' ';
    }
    std::vector<Diagnostic> diagnostics;
    auto e = Expr::compile(text, &symbols, "/p", diagnostics);
    if (e) {
      ++compiled;
      Value v = e->eval(ctx);
      EXPECT_FALSE(v.is_error() && v.as_string() != "Limit") << text;
    } else {
      ASSERT_FALSE(diagnostics.empty()) << text;
      EXPECT_EQ(diagnostics[0].pointer, "/p") << text;
    }
  }
  EXPECT_GT(compiled, 50);  // the soup is not all rejected: evaluation was exercised too
}

TEST(Limits, MalformedInputNeverCrashes) {
  const char* texts[] = {"(",    ")",        "[",        "]",    ",",      "?",
                         ":",    "'",        "\"",       "\\",   "a.",     ".a",
                         "a..b", "1e",       "1e+",      "f(",   "round(", "round(1,",
                         "not",  "not in",   "x not",    "[1,]", "[,1]",   "1 ? : 2",
                         "\x01", "\xff\xfe", "in in in", "()",   "a b"};
  for (const char* t : texts) {
    std::vector<Diagnostic> diagnostics;
    Symbols symbols;
    symbols.names = {"a", "x"};
    auto e = Expr::compile(t, &symbols, "/p", diagnostics);
    if (!e) {
      ASSERT_FALSE(diagnostics.empty()) << t;
      EXPECT_EQ(diagnostics[0].pointer, "/p");
      EXPECT_FALSE(diagnostics[0].message.empty());
    }
  }
}

}  // namespace
}  // namespace leadqual
