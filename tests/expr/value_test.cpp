// Value: construction, JSON round trips, truthiness, and JS-compatible number printing.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/runtime/text.hpp"
#include "helpers.hpp"

namespace leadqual {
namespace {

using testing::apply;
using testing::parse;

TEST(Value, KindsAndAccessors) {
  EXPECT_TRUE(Value().is_null());
  EXPECT_TRUE(Value::boolean(true).as_bool());
  EXPECT_EQ(Value::number(2.5).as_number(), 2.5);
  EXPECT_EQ(Value::string("hé").as_string(), "hé");
  Value a = Value::array({Value::number(1), Value::string("x")});
  ASSERT_TRUE(a.is_array());
  EXPECT_EQ(a.as_array().size(), 2u);
  Value e = Value::error("NaN", "the result is not a number");
  EXPECT_TRUE(e.is_error());
  EXPECT_EQ(e.as_string(), "NaN");
  EXPECT_EQ(e.error_message(), "the result is not a number");
}

TEST(Value, ObjectMembersAreSortedAndFound) {
  Value o = Value::object({{"b", Value::number(2)}, {"a", Value::number(1)}});
  ASSERT_EQ(o.as_object().size(), 2u);
  EXPECT_EQ(o.as_object()[0].first, "a");
  ASSERT_NE(o.find("b"), nullptr);
  EXPECT_EQ(o.find("b")->as_number(), 2);
  EXPECT_EQ(o.find("c"), nullptr);
  EXPECT_EQ(Value::number(1).find("a"), nullptr);
}

TEST(Value, DuplicateKeysKeepTheLast) {
  Value o = Value::object({{"a", Value::number(1)}, {"a", Value::number(2)}});
  ASSERT_EQ(o.as_object().size(), 1u);
  EXPECT_EQ(o.find("a")->as_number(), 2);
}

TEST(Value, JsonRoundTrip) {
  nlohmann::json j = parse(R"({"n": 1, "f": 1.5, "s": "x", "b": false, "z": null, "a": [1, [2]],
                               "o": {"k": "v"}})");
  EXPECT_EQ(value_to_json(value_from_json(j)), j);
}

TEST(Value, IntegralNumbersBecomeJsonIntegers) {
  EXPECT_EQ(value_to_json(Value::number(3)).dump(), "3");
  EXPECT_EQ(value_to_json(Value::number(-0.0)).dump(), "0");
  EXPECT_EQ(value_to_json(Value::number(0.5)).dump(), "0.5");
  // Beyond 2^53 integers are not exact; they stay doubles.
  EXPECT_TRUE(value_to_json(Value::number(1e300)).is_number_float());
}

TEST(Value, NonFiniteNumbersBecomeJsonNull) {
  EXPECT_TRUE(value_to_json(Value::number(std::numeric_limits<double>::quiet_NaN())).is_null());
  EXPECT_TRUE(value_to_json(Value::number(std::numeric_limits<double>::infinity())).is_null());
}

TEST(Value, ErrorToJsonNamesTheType) {
  EXPECT_EQ(value_to_json(Value::error("Limit", "too many steps")),
            parse(R"({"error": {"type": "Limit", "message": "too many steps"}})"));
}

TEST(Value, Truthiness) {
  EXPECT_FALSE(Value().truthy());
  EXPECT_FALSE(Value::boolean(false).truthy());
  EXPECT_FALSE(Value::number(0).truthy());
  EXPECT_FALSE(Value::number(std::numeric_limits<double>::quiet_NaN()).truthy());
  EXPECT_FALSE(Value::string("").truthy());
  EXPECT_FALSE(Value::array({}).truthy());
  EXPECT_FALSE(Value::error("x").truthy());
  EXPECT_TRUE(Value::string("0").truthy());
  EXPECT_TRUE(Value::number(-1).truthy());
  EXPECT_TRUE(Value::object({}).truthy());
  EXPECT_TRUE(Value::array({Value()}).truthy());
}

TEST(Value, DeeplyNestedDataIsRefusedNotOverflowed) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  nlohmann::json j = parse(deep);
  ASSERT_FALSE(j.is_discarded());
  Value v = value_from_json(j);
  // The outer levels convert; the part past the depth limit is an error value, not a crash.
  const Value* cur = &v;
  int levels = 0;
  while (cur->is_array() && !cur->as_array().empty()) {
    cur = &cur->as_array()[0];
    ++levels;
  }
  EXPECT_TRUE(cur->is_error());
  EXPECT_EQ(cur->as_string(), "Limit");
  EXPECT_LT(levels, 1000);
}

// Numbers print as JavaScript's String(number) does, so `cat` matches json-logic-js.
TEST(Value, NumbersPrintLikeJavaScript) {
  EXPECT_EQ(apply(R"({"cat": [1, 2.5, -0.5]})").as_string(), "12.5-0.5");
  EXPECT_EQ(apply(R"({"cat": [0.1, "|", 100, "|", 1e21, "|", 1e20]})").as_string(),
            "0.1|100|1e+21|100000000000000000000");
  EXPECT_EQ(apply(R"({"cat": [1e-7, "|", 0.000001, "|", 1.5e-10]})").as_string(),
            "1e-7|0.000001|1.5e-10");
  EXPECT_EQ(apply(R"({"cat": [123456789012345680000, "|", 5e-324]})").as_string(),
            "123456789012345680000|5e-324");
  EXPECT_EQ(apply(R"({"cat": [{"+": [0.1, 0.2]}]})").as_string(), "0.30000000000000004");
  EXPECT_EQ(apply(R"({"cat": [-1e21, "|", 1.7976931348623157e308]})").as_string(),
            "-1e+21|1.7976931348623157e+308");
}

// Doubles where a fast shortest-digits method (Grisu2) picks a different last digit than
// JavaScript; the expected strings are what node prints for String(x).
TEST(Value, NumbersPrintExactlyAsJavaScriptDoes) {
  EXPECT_EQ(apply(R"({"cat": [618854108024826.2]})").as_string(), "618854108024826.2");
  EXPECT_EQ(apply(R"({"cat": [2.846227652546127e31]})").as_string(), "2.846227652546127e+31");
  EXPECT_EQ(apply(R"({"cat": [5.5364627e-8]})").as_string(), "5.5364627e-8");
  EXPECT_EQ(apply(R"({"cat": [68172541484664700]})").as_string(), "68172541484664700");
  EXPECT_EQ(apply(R"({"cat": [439388069979884000]})").as_string(), "439388069979884000");
  EXPECT_EQ(apply(R"({"cat": [220446289905420.38]})").as_string(), "220446289905420.38");
}

TEST(Value, CatPrintsOtherValuesLikeJavaScript) {
  EXPECT_EQ(apply(R"({"cat": [true, null, [1, [2, null]], "x"]})").as_string(), "true1,2,x");
  EXPECT_EQ(apply(R"({"cat": [{"preserve": {"a": 1}}]})").as_string(), "[object Object]");
}

// sort_keys (a heap sort, for size) orders exactly as std::sort does: by text, then index, equal
// pairs (the scorer's unknown keys all have index 0) side by side.
TEST(SortKeys, OrdersAsStdSort) {
  std::mt19937 random(3);
  const std::vector<std::string> texts = {"", "a", "b", "ab", "ba", "a\xff", "\xc3\xa9", "z", "aa"};
  for (int round = 0; round < 300; ++round) {
    TextKeys keys;
    const std::size_t n = random() % 40;
    for (std::size_t i = 0; i < n; ++i) {
      keys.emplace_back(texts[random() % texts.size()],
                        random() % 3 == 0 ? 0 : static_cast<std::uint32_t>(i));
    }
    TextKeys expected = keys;
    std::sort(expected.begin(), expected.end());
    sort_keys(keys);
    ASSERT_EQ(keys, expected) << "round " << round;
  }
}

// decimal(), the runtime's one integer printer (for messages), writes what std::to_string does.
TEST(Decimal, WritesAsStdToString) {
  EXPECT_EQ(decimal(0), "0");
  EXPECT_EQ(decimal(7), "7");
  EXPECT_EQ(decimal(10), "10");
  EXPECT_EQ(decimal(100000), "100000");
  EXPECT_EQ(decimal(std::numeric_limits<std::uint64_t>::max()), "18446744073709551615");
  std::mt19937_64 random(5);
  for (int i = 0; i < 10000; ++i) {
    const std::uint64_t value = random() >> (random() % 64);
    ASSERT_EQ(decimal(value), std::to_string(value)) << value;
  }
}

// Optimal string alignment distance as the textbook's full table computes it.
std::size_t full_table_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

TEST(EditDistance, CountsAnEditAndASwapOfNeighboursAsOne) {
  EXPECT_EQ(edit_distance("email", "emial"), 1u);
  EXPECT_EQ(edit_distance("budget", "budgte"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("ca", "abc"), 3u);  // OSA: a swapped pair is not edited again
  EXPECT_EQ(did_you_mean("emial", {"phone", "email"}), " \u2014 did you mean 'email'?");
  EXPECT_EQ(did_you_mean("zzzzz", {"phone", "email"}), "");
}

TEST(EditDistance, AgreesWithTheFullTable) {
  std::mt19937 random(20261204);
  std::uniform_int_distribution<int> length(0, 12);
  std::uniform_int_distribution<int> letter('a', 'd');
  for (int n = 0; n < 20000; ++n) {
    std::string a(static_cast<std::size_t>(length(random)), 'a');
    std::string b(static_cast<std::size_t>(length(random)), 'a');
    for (char& c : a) c = static_cast<char>(letter(random));
    for (char& c : b) c = static_cast<char>(letter(random));
    ASSERT_EQ(edit_distance(a, b), full_table_distance(a, b)) << a << " / " << b;
  }
}

}  // namespace
}  // namespace leadqual
