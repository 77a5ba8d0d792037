// parse_json: limits and located syntax errors; canonical(): the bytes of results and hashes.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace leadqual::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// nlohmann's strict serialiser throws on invalid UTF-8.
bool valid_utf8_for_test(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

std::string parse_error(const std::string& text, const ModelLimits& limits = {}) {
  nlohmann::json value;
  std::string error;
  EXPECT_FALSE(parse_json(text, value, error, limits));
  EXPECT_TRUE(value.is_null());
  return error;
}

TEST(ParseJson, ParsesValidText) {
  nlohmann::json value;
  std::string error = "stale";
  ASSERT_TRUE(parse_json(R"({"a": [1, 2.5, "x", true, null]})", value, error));
  EXPECT_EQ(value["a"][1], 2.5);
  EXPECT_EQ(error, "");
}

TEST(ParseJson, SyntaxErrorsSayLineAndColumn) {
  EXPECT_EQ(parse_error("{\n  \"a\": 1\n  \"b\": 2}"),
            "line 3, column 5: syntax error while parsing object - unexpected string literal; "
            "expected '}'");
  EXPECT_THAT(parse_error(""), StartsWith("line 1, column 1: "));
  EXPECT_THAT(parse_error("[1, 2"), StartsWith("line 1, column 6: "));  // the end of input
  // Columns count characters: the two-byte é is one column.
  EXPECT_THAT(parse_error("{\"é\": x}"), StartsWith("line 1, column 7: "));
}

// A number too large for a double used to come back as nlohmann's
// "[json.exception.out_of_range.406] number overflow parsing '1e400'".
TEST(ParseJson, ErrorsWithoutALocationDropTheLibrarysTag) {
  const std::string error = parse_error("{\"score\": 1e400}");
  EXPECT_EQ(error.find("json.exception"), std::string::npos) << error;
  EXPECT_THAT(error, StartsWith("line 1, column "));
  EXPECT_NE(error.find("number overflow parsing '1e400'"), std::string::npos) << error;
}

TEST(ParseJson, TrailingCommaIsNamed) {
  // JSON allows no comma before a closing bracket (JavaScript and JSON5 do): say so, at the comma.
  EXPECT_EQ(parse_error("{\n  \"a\": 1,\n}"),
            "line 2, column 9: syntax error: trailing comma before '}' (remove this ',')");
  EXPECT_EQ(parse_error("{\"a\": [1, 2, ]}"),
            "line 1, column 12: syntax error: trailing comma before ']' (remove this ',')");
  EXPECT_EQ(parse_error("[1,\n\t\n]"),
            "line 1, column 3: syntax error: trailing comma before ']' (remove this ',')");
  // A comma that is not trailing keeps the parser's own words.
  EXPECT_THAT(parse_error("[1,,2]"),
              StartsWith("line 1, column 4: syntax error while parsing value"));
}

TEST(ParseJson, CurlyQuotesAreNamed) {
  // Word processors and chat apps turn " into “ ”; the message names the character, whole.
  EXPECT_EQ(parse_error("{\"title\": {\u201cen\u201d: \"x\"}}"),
            "line 1, column 12: syntax error: curly quote '\u201c' (U+201C): JSON needs straight "
            "double quotes '\"'");
  EXPECT_EQ(parse_error("{\"title\": \u2018x\u2019}"),
            "line 1, column 11: syntax error: curly quote '\u2018' (U+2018): JSON needs straight "
            "double quotes '\"'");
  // A curly quote where a string should have ended: the parser fails later, the hint names it.
  EXPECT_EQ(
      parse_error("[\"a\u201d]"),
      "line 1, column 6: syntax error while parsing value - invalid string: missing closing "
      "quote; last read: '\"a\u201d]' \u2014 is the curly quote '\u201d' at column 4 meant to "
      "be '\"'?");
  EXPECT_THAT(parse_error("{\"title\": {\"en\u201d: \"Hello\"}}"),
              HasSubstr("\u2014 is the curly quote '\u201d' at column 15 meant to be '\"'?"));
  // An apostrophe in a text is no hint: only double curly quotes are.
  EXPECT_THAT(parse_error("{\"label\": \"It\u2019s\" x}"), ::testing::Not(HasSubstr("curly")));
}

TEST(ParseJson, SyntaxErrorsAreValidUtf8) {
  // The parser quotes what it last read; a character it stopped inside is shown whole…
  std::string error = parse_error("{\"\u00e9t\u00e9\": \u00e9}");
  EXPECT_TRUE(valid_utf8_for_test(error)) << error;
  EXPECT_THAT(error, HasSubstr(": \u00e9'"));
  // …and bytes that are no UTF-8 at all are shown as escapes.
  error = parse_error("[\"a\xff\"]");
  EXPECT_TRUE(valid_utf8_for_test(error)) << error;
  EXPECT_THAT(error, HasSubstr("\\xFF"));
  error = parse_error("[\xe2\x80]");
  EXPECT_TRUE(valid_utf8_for_test(error)) << error;
  EXPECT_THAT(error, HasSubstr("\\xE2\\x80"));
}

TEST(ParseJson, DepthIsLimitedBeforeParsing) {
  std::string ok(64, '[');
  ok += std::string(64, ']');
  nlohmann::json value;
  std::string error;
  EXPECT_TRUE(parse_json(ok, value, error)) << error;
  std::string deep(100000, '[');
  EXPECT_EQ(parse_error(deep), "line 1, column 65: nesting deeper than 64 levels");
  // Brackets inside strings do not count.
  std::string in_string = "[\"" + std::string(100, '[') + "\\\"" + std::string(100, '{') + "\"]";
  EXPECT_TRUE(parse_json(in_string, value, error)) << error;
}

TEST(ParseJson, SizeIsLimited) {
  ModelLimits limits;
  limits.max_model_bytes = 10;
  EXPECT_EQ(parse_error("[1,2,3,4,5,6]", limits),
            "the JSON text is 13 bytes, at most 10 are allowed");
}

TEST(ParseJson, ModelParseReportsSyntaxErrors) {
  LoadResult loaded = Model::parse("{\"leadqual\": 1,");
  EXPECT_EQ(loaded.model, nullptr);
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_EQ(loaded.errors[0].pointer, "");
  EXPECT_THAT(loaded.errors[0].message, StartsWith("line 1, column 16: "));
}

TEST(Canonical, SortedCompactIntegers) {
  nlohmann::json value = {{"b", 2.0}, {"a", {1, 2.5}}, {"c", "é"}};
  EXPECT_EQ(canonical(value), R"({"a":[1,2.5],"b":2.0,"c":"é"})");
  // Numbers the core produces go through number_json and print as integers.
  EXPECT_EQ(canonical(load_ok(kMinimalModel)->score(nlohmann::json::object())["score"]), "0");
}

TEST(Canonical, InvalidUtf8IsReplacedNotFatal) {
  nlohmann::json value = std::string("a\xff", 2);
  EXPECT_EQ(canonical(value), "\"a\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace leadqual::testing
