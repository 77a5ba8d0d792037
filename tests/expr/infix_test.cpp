// Infix text: lexing, precedence, the null-safe semantics for hand-written rules, and errors
// that say where and what.
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace leadqual {
namespace {

using nlohmann::json;
using testing::compile_error;
using testing::errors;
using testing::text;

TEST(Infix, Literals) {
  EXPECT_EQ(text("42"), 42);
  EXPECT_EQ(text("2.5e2"), 250);
  EXPECT_EQ(text(".5"), 0.5);
  EXPECT_EQ(text("'single'"), "single");
  EXPECT_EQ(text("\"double\""), "double");
  EXPECT_EQ(text("true"), true);
  EXPECT_EQ(text("false"), false);
  EXPECT_EQ(text("null"), nullptr);
  EXPECT_EQ(text("[1, 'a', [true]]"), json::parse(R"([1, "a", [true]])"));
  EXPECT_EQ(text("[]"), json::array());
}

TEST(Infix, StringEscapes) {
  EXPECT_EQ(text(R"('it\'s')"), "it's");
  EXPECT_EQ(text(R"("say \"hi\"")"), "say \"hi\"");
  EXPECT_EQ(text(R"('a\nb\tc\\d')"), "a\nb\tc\\d");
  EXPECT_EQ(text(R"('\u00e9\u65e5')"), "é日");
  EXPECT_EQ(text("'日本語'"), "日本語");
  EXPECT_EQ(text(R"('\uD83D\uDE00')"), "😀");  // a surrogate pair is one character
}

TEST(InfixErrors, LoneSurrogateEscapesAreRefused) {
  // They would make a string that is not valid UTF-8.
  EXPECT_EQ(errors(R"('ab\uD800')", {}),
            std::vector<std::string>{"/rules/3/if: at column 4: \\u escape of a lone surrogate "
                                     "(write the character, or a \\uD8xx\\uDCxx pair)"});
  EXPECT_EQ(errors(R"('\uDE00x')", {}).size(), 1u);
  EXPECT_EQ(errors(R"('\u12')", {}),
            std::vector<std::string>{"/rules/3/if: at column 2: \\u needs four hex digits"});
}

TEST(Infix, ArithmeticPrecedence) {
  EXPECT_EQ(text("1 + 2 * 3"), 7);
  EXPECT_EQ(text("(1 + 2) * 3"), 9);
  EXPECT_EQ(text("10 - 4 - 3"), 3);  // left-associative
  EXPECT_EQ(text("12 / 3 / 2"), 2);
  EXPECT_EQ(text("7 % 4 * 2"), 6);
  EXPECT_EQ(text("-2 * 3"), -6);
  EXPECT_EQ(text("- (2 + 3)"), -5);
  EXPECT_EQ(text("2 - -3"), 5);
  EXPECT_EQ(text("+4"), 4);
}

TEST(Infix, LogicalPrecedence) {
  // and binds tighter than or; not binds looser than comparisons.
  EXPECT_EQ(text("true or false and false"), true);
  EXPECT_EQ(text("(true or false) and false"), false);
  EXPECT_EQ(text("not 1 == 2"), true);
  EXPECT_EQ(text("not true or true"), true);
  EXPECT_EQ(text("!false && !false"), true);
  EXPECT_EQ(text("false || 1 < 2"), true);
  EXPECT_EQ(text("1 + 1 == 2 and 2 * 2 == 4"), true);
}

TEST(Infix, ConditionalIsLoosestAndRightAssociative) {
  EXPECT_EQ(text("x > 5 ? 'big' : 'small'", R"({"x": 7})"), "big");
  EXPECT_EQ(text("x > 5 ? 'big' : x > 2 ? 'medium' : 'small'", R"({"x": 3})"), "medium");
  EXPECT_EQ(text("x > 5 ? 'big' : x > 2 ? 'medium' : 'small'", R"({"x": 1})"), "small");
  EXPECT_EQ(text("true ? 1 + 1 : 0"), 2);
  EXPECT_EQ(text("x ? 1 : 2", R"({"x": null})"), 2);
}

TEST(Infix, AndOrReturnBooleans) {
  EXPECT_EQ(text("'a' and 3"), true);
  EXPECT_EQ(text("0 or ''"), false);
  EXPECT_EQ(text("not ''"), true);
}

TEST(Infix, NullGuardsReadNaturally) {
  EXPECT_EQ(text("x != null and x > 3", R"({"x": null})"), false);
  EXPECT_EQ(text("x == null or x > 3", R"({"x": null})"), true);
}

TEST(Infix, NamesAndDottedPaths) {
  EXPECT_EQ(text("employees", R"({"employees": 250})"), 250);
  EXPECT_EQ(text("utm.source", R"({"utm": {"source": "google"}})"), "google");
  EXPECT_EQ(text("utm.medium", R"({"utm": {"source": "google"}})"), nullptr);
  EXPECT_EQ(text("list.1", R"({"list": ["a", "b"]})"), "b");
  EXPECT_EQ(text("a.b.c", R"({"a": {"b": null}})"), nullptr);
  EXPECT_EQ(text("_x1 + 1", R"({"_x1": 1})"), 2);
}

TEST(Infix, StrictEquality) {
  EXPECT_EQ(text("1 == 1.0"), true);
  EXPECT_EQ(text("1 == '1'"), false);  // no coercion, unlike JsonLogic ==
  EXPECT_EQ(text("0 == false"), false);
  EXPECT_EQ(text("null == 0"), false);
  EXPECT_EQ(text("null == null"), true);
  EXPECT_EQ(text("x == null", R"({"x": null})"), true);
  EXPECT_EQ(text("'a' != 'b'"), true);
  EXPECT_EQ(text("[1, 2] == [1, 2]"), true);
  EXPECT_EQ(text("role == 'student'", R"({"role": null})"), false);
}

TEST(Infix, OrderingIsFalseForNullOrMixedTypes) {
  EXPECT_EQ(text("employees < 100", R"({"employees": null})"), false);
  EXPECT_EQ(text("employees >= 100", R"({"employees": null})"), false);
  EXPECT_EQ(text("'5' < 10"), false);  // mixed types never order
  EXPECT_EQ(text("true > false"), false);
  EXPECT_EQ(text("3 < 10"), true);
  EXPECT_EQ(text("10 <= 10"), true);
  EXPECT_EQ(text("'apple' < 'banana'"), true);
  EXPECT_EQ(text("'B' < 'a'"), true);  // code units, not locale
  EXPECT_EQ(text("'abc' >= 'abd'"), false);
  EXPECT_EQ(text("grade <= 'B'", R"({"grade": "A"})"), true);
}

TEST(Infix, ArithmeticWithNullGivesNull) {
  EXPECT_EQ(text("hours * rate * 46", R"({"hours": 10, "rate": null})"), nullptr);
  EXPECT_EQ(text("hours * rate * 46", R"({"hours": 10, "rate": 50})"), 23000);
  EXPECT_EQ(text("-x", R"({"x": null})"), nullptr);
  EXPECT_EQ(text("1 + 'a'"), nullptr);
  EXPECT_EQ(text("'a' + 'b'"), "ab");  // + joins two strings
  EXPECT_EQ(text("1 / 0"), nullptr);
  EXPECT_EQ(text("5 % 0"), nullptr);
  EXPECT_EQ(text("-7 % 3"), -1);
  EXPECT_EQ(text("(x * 2) > 10", R"({"x": null})"), false);
}

TEST(Infix, InAndNotIn) {
  EXPECT_EQ(text("budget in ['approved', 'planned']", R"({"budget": "planned"})"), true);
  EXPECT_EQ(text("budget in ['approved', 'planned']", R"({"budget": "none"})"), false);
  EXPECT_EQ(text("budget in ['approved', 'planned']", R"({"budget": null})"), false);
  EXPECT_EQ(text("budget not in ['approved', 'planned']", R"({"budget": "none"})"), true);
  EXPECT_EQ(text("2 in [1, 2.0, 3]"), true);
  EXPECT_EQ(text("'2' in [1, 2, 3]"), false);
  EXPECT_EQ(text("'gmail' in email", R"({"email": "x@gmail.com"})"), true);
  EXPECT_EQ(text("'x' in null"), false);
  EXPECT_EQ(text("1 in '123'"), false);  // substring needs a string
  EXPECT_EQ(text("not 'a' in ['a']"), false);
}

TEST(Infix, FunctionCalls) {
  EXPECT_EQ(text("max(1, x, 3)", R"({"x": 7})"), 7);
  EXPECT_EQ(text("round(2.345, 2) + 1"), 3.35);
  EXPECT_EQ(text("lower(upper('MiXed'))"), "mixed");
  EXPECT_EQ(text("len([1, 2, 3]) == 3"), true);
}

TEST(Infix, EvaluatesTheDesignExamples) {
  json data = json::parse(R"({"employees": 150, "budget": "approved", "role": "cto",
                              "email": "ana@gmail.com", "score": 72, "grade": "B"})");
  auto run = [&](const std::string& expression) { return testing::run(expression, data); };
  EXPECT_EQ(run("employees >= 100 and budget in ['approved','planned']"), true);
  EXPECT_EQ(run("employees < 100"), false);
  EXPECT_EQ(run("is_free_email(email)"), true);
  EXPECT_EQ(run("role == 'student'"), false);
  EXPECT_EQ(run("budget != 'none'"), true);
  EXPECT_EQ(run("score >= 70 and grade <= 'B'"), true);
}

TEST(InfixErrors, UnknownNameSuggestsTheClosest) {
  EXPECT_EQ(errors("employes >= 100", {"employees", "budget"}),
            std::vector<std::string>{
                "/rules/3/if: at column 1: unknown name 'employes' — did you mean 'employees'?"});
  EXPECT_EQ(errors("budget == 1 and emploeeys > 2", {"employees", "budget"}),
            std::vector<std::string>{
                "/rules/3/if: at column 17: unknown name 'emploeeys' — did you mean 'employees'?"});
}

TEST(InfixErrors, SwappedLettersCountAsOneTypo) {
  // "emial" is two substitutions away from "email" but one slip of the fingers.
  EXPECT_EQ(errors("is_free_email(emial)", {"email", "employees"}),
            std::vector<std::string>{
                "/rules/3/if: at column 15: unknown name 'emial' — did you mean 'email'?"});
}

TEST(InfixErrors, UnknownNameWithoutACloseMatch) {
  EXPECT_EQ(errors("zebra > 1", {"employees", "budget"}),
            std::vector<std::string>{"/rules/3/if: at column 1: unknown name 'zebra'"});
}

TEST(InfixErrors, DottedNameChecksTheFirstSegment) {
  EXPECT_EQ(errors("utn.source == 'x'", {"utm"}),
            std::vector<std::string>{
                "/rules/3/if: at column 1: unknown name 'utn' — did you mean 'utm'?"});
}

TEST(InfixErrors, ColumnsCountCharactersNotBytes) {
  EXPECT_EQ(errors("'日本' == nme", {"name"}),
            std::vector<std::string>{
                "/rules/3/if: at column 9: unknown name 'nme' — did you mean 'name'?"});
}

TEST(InfixErrors, Syntax) {
  EXPECT_EQ(errors("1 +", {}),
            std::vector<std::string>{"/rules/3/if: at column 4: expected a value, found the end of "
                                     "the text"});
  EXPECT_EQ(errors("(1 + 2", {}),
            std::vector<std::string>{"/rules/3/if: at column 7: expected ')', found the end of "
                                     "the text"});
  EXPECT_EQ(errors("1 2", {}),
            std::vector<std::string>{
                "/rules/3/if: at column 3: unexpected '2' after a complete expression"});
  EXPECT_EQ(
      errors("x = 1", {"x"}),
      std::vector<std::string>{"/rules/3/if: at column 3: unexpected '=' (use '==' to compare)"});
  EXPECT_EQ(errors("'open", {}),
            std::vector<std::string>{"/rules/3/if: at column 1: unterminated string"});
  EXPECT_EQ(errors("1 # 2", {}),
            std::vector<std::string>{"/rules/3/if: at column 3: unexpected character '#'"});
  EXPECT_EQ(errors("'\\q'", {}),
            std::vector<std::string>{"/rules/3/if: at column 2: unknown escape '\\q' (use \\n "
                                     "\\t \\r \\\\ \\' \\\" \\uXXXX)"});
  EXPECT_EQ(errors("", {}), std::vector<std::string>{"/rules/3/if: at column 1: empty expression"});
  EXPECT_EQ(errors("12abc", {}),
            std::vector<std::string>{"/rules/3/if: at column 1: malformed number '12a'"});
  EXPECT_EQ(errors("true ? 1", {}),
            std::vector<std::string>{"/rules/3/if: at column 9: expected ':' of a '?:', found the "
                                     "end of the text"});
}

TEST(InfixErrors, ComparisonsDoNotChain) {
  EXPECT_EQ(errors("1 < x < 3", {"x"}),
            std::vector<std::string>{"/rules/3/if: at column 7: comparisons do not chain; join "
                                     "them with 'and' (after the one at column 3)"});
}

TEST(InfixErrors, UnknownFunctionAndArity) {
  EXPECT_EQ(errors("lowr(x)", {"x"}),
            std::vector<std::string>{
                "/rules/3/if: at column 1: unknown function 'lowr' — did you mean 'lower'?"});
  EXPECT_EQ(
      errors("round(1, 2, 3)", {}),
      std::vector<std::string>{"/rules/3/if: at column 1: round() takes 1 or 2 arguments, not 3"});
  EXPECT_EQ(errors("clamp(1)", {}),
            std::vector<std::string>{"/rules/3/if: at column 1: clamp() takes 3 arguments, not 1"});
  EXPECT_EQ(errors("lower()", {}),
            std::vector<std::string>{"/rules/3/if: at column 1: lower() takes 1 argument, not 0"});
  EXPECT_EQ(errors("coalesce()", {}),
            std::vector<std::string>{
                "/rules/3/if: at column 1: coalesce() takes at least 1 argument, not 0"});
}

TEST(InfixErrors, KeywordsAreNotNames) {
  EXPECT_EQ(errors("in", {}),
            std::vector<std::string>{"/rules/3/if: at column 1: expected a value, found 'in'"});
}

TEST(Infix, WithoutSymbolsNamesComeFromTheData) {
  std::vector<Diagnostic> diagnostics;
  auto e = Expr::compile_text("a.b * 2", nullptr, "", diagnostics);
  ASSERT_TRUE(e.has_value());
  Value data = value_from_json(json::parse(R"({"a": {"b": 21}})"));
  EvalContext ctx;
  ctx.data = &data;
  EXPECT_EQ(value_to_json(e->eval(ctx)), 42);
}

TEST(Infix, SlotsListsTheNamesRead) {
  Symbols symbols;
  symbols.names = {"a", "b", "c", "d"};
  std::vector<Diagnostic> diagnostics;
  auto e = Expr::compile("d > 1 and b.x == a or d < 0", &symbols, "", diagnostics);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->slots(), (std::vector<int>{0, 1, 3}));
}

}  // namespace
}  // namespace leadqual
