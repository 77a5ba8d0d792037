// JsonLogic spelling: semantics that models rely on, names resolved against a model's symbols
// with located errors, scopes inside iterators, and errors as values.
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace leadqual {
namespace {

using nlohmann::json;
using testing::apply;
using testing::errors;
using testing::logic;

TEST(JsonLogic, LooseSemanticsAreKept) {
  EXPECT_EQ(logic(R"({"==": [1, "1"]})"), true);
  EXPECT_EQ(logic(R"({"==": [0, false]})"), true);
  EXPECT_EQ(logic(R"({"===": [1, "1"]})"), false);
  EXPECT_EQ(logic(R"({"<": [{"var": "x"}, 5]})", R"({"x": null})"), true);  // null is 0
  EXPECT_EQ(logic(R"({"<": ["1", 2]})"), true);
  EXPECT_EQ(logic(R"({"<": [1, 2, 3]})"), true);  // between
  EXPECT_EQ(logic(R"({"<=": [1, 4, 3]})"), false);
}

TEST(JsonLogic, NullAgainstAStringIsNeitherEqualNorAnError) {
  // As JavaScript and the peer engines' suites have it: a missing answer compared with a
  // string is simply not equal, and not ordered unless the string is a number.
  EXPECT_EQ(value_to_json(apply(R"({"==": [null, ""]})")), false);
  EXPECT_EQ(value_to_json(apply(R"({"==": ["text", null]})")), false);
  EXPECT_EQ(value_to_json(apply(R"({"!=": [null, ""]})")), true);
  EXPECT_EQ(value_to_json(apply(R"({"!=": [null, null, "A"]})")),
            false);  // null != null fails first
  EXPECT_EQ(value_to_json(apply(R"({"<": [null, "A"]})")), false);
  EXPECT_EQ(value_to_json(apply(R"({">=": [null, "A"]})")), false);
  EXPECT_EQ(value_to_json(apply(R"({"<": [null, "5"]})")), true);  // null is 0, "5" is 5
  EXPECT_EQ(logic(R"({"==": [{"var": "role"}, "ceo"]})", R"({"role": null})"), false);
  // A number against a non-numeric string is still the error NaN (the compat suites).
  EXPECT_EQ(apply(R"({"<": [1, "A"]})").as_string(), "NaN");
}

TEST(JsonLogic, LogIsItsFirstOperand) {
  EXPECT_EQ(value_to_json(apply(R"({"log": [1]})")), 1);
  EXPECT_EQ(value_to_json(apply(R"({"log": "apple"})")), "apple");
  EXPECT_EQ(value_to_json(apply(R"({"log": {"var": "x"}})", R"({"x": [2]})")), json::parse("[2]"));
  EXPECT_EQ(value_to_json(apply(R"({"log": []})")), nullptr);
}

TEST(JsonLogic, MinAndMaxOfNothingAreInvalidArguments) {
  EXPECT_EQ(apply(R"({"max": []})").as_string(), "Invalid Arguments");
  EXPECT_EQ(apply(R"({"min": []})").as_string(), "Invalid Arguments");
  EXPECT_EQ(apply(R"({"max": {"var": "list"}})", R"({"list": []})").as_string(),
            "Invalid Arguments");
  // In a model, an operator that can only fail is a load error.
  EXPECT_EQ(errors(json::parse(R"({"max": []})"), {}),
            std::vector<std::string>{"/rules/3/if/max: 'max' takes at least one number"});
}

TEST(JsonLogic, AndOrReturnOperands) {
  EXPECT_EQ(logic(R"({"and": [1, "a", 3]})"), 3);
  EXPECT_EQ(logic(R"({"or": [0, "", "x"]})"), "x");
  EXPECT_EQ(logic(R"({"or": [0, false]})"), false);
  EXPECT_EQ(logic(R"({"and": []})"), false);
}

TEST(JsonLogic, ShortCircuitSkipsErrors) {
  EXPECT_EQ(value_to_json(apply(R"({"and": [false, {"throw": "boom"}]})")), false);
  EXPECT_EQ(value_to_json(apply(R"({"or": [true, {"throw": "boom"}]})")), true);
  EXPECT_EQ(value_to_json(apply(R"({"if": [true, 1, {"throw": "boom"}]})")), 1);
  EXPECT_EQ(value_to_json(apply(R"({"<": [3, 2, {"throw": "boom"}]})")), false);
}

TEST(JsonLogic, SlotsAndDottedVar) {
  EXPECT_EQ(logic(R"({"var": "utm.source"})", R"({"utm": {"source": "ads"}})"), "ads");
  EXPECT_EQ(logic(R"({"var": ["utm.medium", "none"]})", R"({"utm": {"source": "ads"}})"), "none");
  EXPECT_EQ(logic(R"({"var": ["x", 5]})", R"({"x": null})"), 5);
  EXPECT_EQ(logic(R"({"in": [{"var": "role"}, ["ceo", "cto", "vp"]]})", R"({"role": "vp"})"), true);
  EXPECT_EQ(logic(R"({"val": ["utm", "source"]})", R"({"utm": {"source": "ads"}})"), "ads");
  EXPECT_EQ(logic(R"({"exists": "x"})", R"({"x": null})"), true);
}

TEST(JsonLogic, StringsInsideJsonLogicAreLiterals) {
  // Only a top-level string is infix text; inside JsonLogic, strings are data.
  EXPECT_EQ(logic(R"({"cat": ["x + 1", "!"]})"), "x + 1!");
}

TEST(JsonLogic, IteratorsSeeTheElementThenClimbToTheModel) {
  const char* data = R"({"items": [{"qty": 1}, {"qty": 5}], "minimum": 2})";
  EXPECT_EQ(logic(R"({"filter": [{"var": "items"}, {">=": [{"var": "qty"}, 2]}]})", data),
            json::parse(R"([{"qty": 5}])"));
  EXPECT_EQ(
      logic(R"({"map": [{"var": "items"}, {">=": [{"var": "qty"}, {"val": [[2], "minimum"]}]}]})",
            data),
      json::parse("[false, true]"));
  EXPECT_EQ(
      logic(
          R"({"reduce": [{"var": "items"}, {"+": [{"var": "accumulator"}, {"var": "current.qty"}]}, 0]})",
          data),
      6);
  EXPECT_EQ(logic(R"({"some": [{"var": "items"}, {"==": [{"var": "qty"}, 5]}]})", data), true);
}

TEST(JsonLogic, NaNErrorsSayWhichValue) {
  EXPECT_EQ(apply(R"({"==": [1, "A"]})").error_message(), R"(cannot compare 1 with "A")");
  EXPECT_EQ(apply(R"({"*": ["Hey", 2]})").error_message(), R"("Hey" is not a number)");
  EXPECT_EQ(apply(R"({"/": [1, 0]})").error_message(), "division by zero");
  // Long values are cut on a character boundary, so the message stays valid UTF-8.
  std::string long_text;
  for (int i = 0; i < 50; ++i) long_text += "é";
  std::string message(apply(R"({"+": [")" + long_text + R"(", 1]})").error_message());
  EXPECT_EQ(message, "\"" + long_text.substr(0, 39 * 2) + "… is not a number");
}

TEST(JsonLogic, ErrorsAreValues) {
  Value v = apply(R"({"/": [1, 0]})");
  ASSERT_TRUE(v.is_error());
  EXPECT_EQ(v.as_string(), "NaN");
  EXPECT_EQ(apply(R"({"+": ["abc", 1]})").as_string(), "NaN");
  EXPECT_EQ(value_to_json(apply(R"({"try": [{"/": [1, 0]}, 7]})")), 7);
  EXPECT_EQ(value_to_json(apply(R"({"try": [{"throw": "Custom"}, {"val": "type"}]})")), "Custom");
  // An error inside an operand propagates to the top.
  EXPECT_EQ(apply(R"({"cat": ["a", {"throw": "Deep"}]})").as_string(), "Deep");
}

TEST(JsonLogicErrors, UnknownNameIsLocatedInsideTheRule) {
  EXPECT_EQ(errors(json::parse(R"({"and": [true, {"==": [{"var": "rolee"}, "ceo"]}]})"),
                   {"role", "budget"}),
            std::vector<std::string>{
                "/rules/3/if/and/1/==/0/var: unknown name 'rolee' — did you mean 'role'?"});
  EXPECT_EQ(errors(json::parse(R"({"var": ["budgte", 0]})"), {"role", "budget"}),
            std::vector<std::string>{
                "/rules/3/if/var/0: unknown name 'budgte' — did you mean 'budget'?"});
  EXPECT_EQ(
      errors(json::parse(R"({"missing": ["role", "rol", "nope"]})"), {"role", "budget"}),
      (std::vector<std::string>{"/rules/3/if/missing/1: unknown name 'rol' — did you mean 'role'?",
                                "/rules/3/if/missing/2: unknown name 'nope'"}));
}

TEST(JsonLogicErrors, EveryProblemIsReported) {
  auto lines = errors(json::parse(R"({"or": [{"var": "a1"}, {"var": "b1"}]})"), {"a", "b"});
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "/rules/3/if/or/0/var: unknown name 'a1' — did you mean 'a'?",
                       "/rules/3/if/or/1/var: unknown name 'b1' — did you mean 'b'?"}));
}

TEST(JsonLogicErrors, PointerTokensAreEscaped) {
  EXPECT_EQ(errors(json::parse(R"({"/": [{"var": "x"}, 2]})"), {"y"}),
            std::vector<std::string>{"/rules/3/if/~1/0/var: unknown name 'x' — did you mean 'y'?"});
}

TEST(JsonLogicErrors, UnknownOperator) {
  EXPECT_EQ(errors(json::parse(R"({"and": [{"mising": ["a"]}]})"), {"a"}),
            std::vector<std::string>{
                "/rules/3/if/and/0/mising: unknown operator 'mising' — did you mean 'missing'?"});
  EXPECT_EQ(errors(json::parse(R"({"frobnicate": 1})"), {}),
            std::vector<std::string>{"/rules/3/if/frobnicate: unknown operator 'frobnicate'"});
}

TEST(JsonLogicErrors, StaticallyInvalidArgumentsAreRefusedInModels) {
  EXPECT_EQ(errors(json::parse(R"({"if": 5})"), {}),
            std::vector<std::string>{"/rules/3/if/if: 'if' takes an array of operands"});
  EXPECT_EQ(errors(json::parse(R"({"==": [1]})"), {}),
            std::vector<std::string>{"/rules/3/if/==: '==' takes at least two operands"});
  // Plain apply() keeps the suites' behaviour: an error value at evaluation.
  EXPECT_EQ(apply(R"({"if": 5})").as_string(), "Invalid Arguments");
}

TEST(JsonLogicErrors, ModelNamesMustBeLiteral) {
  EXPECT_EQ(errors(json::parse(R"({"var": {"cat": ["a", "b"]}})"), {"ab"}),
            std::vector<std::string>{
                "/rules/3/if/var: a model expression must name its values literally"});
}

TEST(JsonLogicErrors, FunctionArity) {
  EXPECT_EQ(errors(json::parse(R"({"clamp": [1, 2]})"), {}),
            std::vector<std::string>{"/rules/3/if/clamp: clamp takes 3 arguments, not 2"});
}

// Operators are found by bisection in a sorted table: every one of them must be found.
TEST(JsonLogic, EveryOperatorIsKnown) {
  const char* operators[] = {"!",
                             "!!",
                             "!=",
                             "!==",
                             "%",
                             "*",
                             "+",
                             "-",
                             "/",
                             "<",
                             "<=",
                             "==",
                             "===",
                             ">",
                             ">=",
                             "??",
                             "?:",
                             "all",
                             "and",
                             "cat",
                             "exists",
                             "filter",
                             "if",
                             "in",
                             "map",
                             "max",
                             "merge",
                             "min",
                             "missing",
                             "missing_some",
                             "none",
                             "or",
                             "preserve",
                             "reduce",
                             "some",
                             "substr",
                             "throw",
                             "try",
                             "val",
                             "var",
                             "abs",
                             "ceil",
                             "clamp",
                             "coalesce",
                             "contains",
                             "days_since",
                             "domain",
                             "ends_with",
                             "floor",
                             "is_disposable_email",
                             "is_free_email",
                             "len",
                             "lower",
                             "round",
                             "starts_with",
                             "upper"};
  for (const char* op : operators) {
    json rule = {{op, json::array({json::array({1, 2}), nullptr, 3})}};
    std::vector<Diagnostic> diagnostics;
    Expr::compile_jsonlogic(rule, nullptr, "", diagnostics);
    for (const auto& d : diagnostics) {
      EXPECT_EQ(d.message.find("unknown operator"), std::string::npos) << op << ": " << d.message;
    }
  }
}

TEST(JsonLogic, FunctionsAreOperatorsToo) {
  EXPECT_EQ(logic(R"({"lower": "ABC"})"), "abc");
  EXPECT_EQ(logic(R"({"is_free_email": {"var": "email"}})", R"({"email": "a@yahoo.com"})"), true);
  EXPECT_EQ(logic(R"({"clamp": [15, 0, 10]})"), 10);
  // min and max keep JsonLogic's meaning (Math.min over the operands).
  EXPECT_EQ(logic(R"({"max": [1, 5, 3]})"), 5);
}

TEST(JsonLogic, WithoutSymbolsNamesAreReadAtRunTime) {
  EXPECT_EQ(value_to_json(apply(R"({"var": "a.b"})", R"({"a": {"b": [1, 2]}})")),
            json::parse("[1, 2]"));
  EXPECT_EQ(value_to_json(apply(R"({"var": 1})", R"(["x", "y"])")), "y");
  EXPECT_EQ(value_to_json(apply(R"({"var": ""})", R"({"k": 1})")), json::parse(R"({"k": 1})"));
  EXPECT_EQ(value_to_json(apply(R"({"missing": ["a", "b"]})", R"({"a": 1})")),
            json::parse(R"(["b"])"));
  EXPECT_EQ(value_to_json(apply(R"({"missing_some": [1, ["a", "b"]]})", R"({"a": 1})")),
            json::array());
}

TEST(JsonLogic, ConstantsAreFoldedAtCompileTime) {
  // A constant array is built once: evaluating twice yields the very same (shared) array.
  std::vector<Diagnostic> diagnostics;
  auto e = Expr::compile_jsonlogic(json::parse(R"(["a", ["b"]])"), nullptr, "", diagnostics);
  ASSERT_TRUE(e.has_value());
  EvalContext ctx;
  Value first = e->eval(ctx);
  Value second = e->eval(ctx);
  EXPECT_EQ(&first.as_array(), &second.as_array());
}

}  // namespace
}  // namespace leadqual
