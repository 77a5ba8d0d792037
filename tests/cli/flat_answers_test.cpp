// The fast answers reader of `leadqual score` must give exactly what parse_json gives, for every
// line it accepts, and leave every other line to parse_json.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/flat_answers.hpp"
#include "core/leadqual.hpp"

namespace {

using nlohmann::json;

// Equal values of equal JSON types all the way down (unsigned 5 and integer 5 differ here).
void expect_identical(const json& a, const json& b, const std::string& where) {
  ASSERT_EQ(a.type(), b.type()) << where;
  if (a.is_object()) {
    ASSERT_EQ(a.size(), b.size()) << where;
    for (auto it = a.begin(); it != a.end(); ++it) {
      ASSERT_TRUE(b.contains(it.key())) << where << "/" << it.key();
      expect_identical(it.value(), b[it.key()], where + "/" + it.key());
    }
  } else if (a.is_array()) {
    ASSERT_EQ(a.size(), b.size()) << where;
    for (std::size_t i = 0; i < a.size(); ++i) expect_identical(a[i], b[i], where);
  } else {
    EXPECT_EQ(a, b) << where;
  }
}

// Returns whether the fast reader took the line; checks it agrees with parse_json if so.
bool agrees(const std::string& line) {
  json fast;
  const bool taken = leadqual::cli::read_flat_answers(line, fast);
  if (taken) {
    json general;
    std::string error;
    EXPECT_TRUE(leadqual::parse_json(line, general, error)) << line << ": " << error;
    expect_identical(fast, general, line);
  }
  return taken;
}

TEST(FlatAnswers, TakesTheCommonShape) {
  for (const char* line : {
           R"({})",
           R"(  { "budget" : "approved" , "employees":250,"ok":true,"no":false,"x":null }  )",
           R"({"channels":["email","ads"],"empty":[],"mixed":[1,-2,"a",true,null,0.5]})",
           R"({"n":-0,"z":0,"f":1.5,"e":1e3,"E":-2.5E-3,"big":123456789012345678})",
           R"({"a":1,"a":2})",
           "{\"tab\":\t1}\r",
       }) {
    EXPECT_TRUE(agrees(line)) << line;
  }
}

TEST(FlatAnswers, LeavesEverythingElseToTheGeneralParser) {
  for (const char* line : {
           "",
           "[]",
           "1",
           "\"x\"",
           "{",
           "{\"a\"}",
           "{\"a\":}",
           "{\"a\":1,}",
           "{\"a\":1 \"b\":2}",
           "{\"a\":01}",
           "{\"a\":1.}",
           "{\"a\":.5}",
           "{\"a\":-}",
           "{\"a\":1e}",
           "{\"a\":tru}",
           "{\"a\":\"\\n\"}",
           "{\"a\":\"caf\xC3\xA9\"}",
           "{\"a\":{\"b\":1}}",
           "{\"a\":[[1]]}",
           "{\"a\":1234567890123456789}",
           "{\"a\":1e999}",
           "{\"a\":1} x",
           "{\"a\":\"x\x01\"}",
           "{\"a\":[1,]}",
           "{\"a\":\"open}",
       }) {
    EXPECT_FALSE(agrees(line)) << line;
  }
}

// Random lines near the common shape, many of them broken: whatever the fast reader takes, it
// reads exactly as parse_json does.
TEST(FlatAnswers, AgreesWithParseJsonOnMutatedLines) {
  const std::string base =
      R"({"budget":"approved","employees":4488,"role":"ceo","rate":-12.5e1,)"
      R"("pricing":true,"demo":false,"note":null,"channels":["email","ads",3]})";
  const std::string alphabet = "{}[]\",:0123456789.-+eEtrufalsn \t\\\x01\xC3";
  std::mt19937 random(12345);
  int taken = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string line = base;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % (line.size() + 1);
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          if (at < line.size()) line[at] = c;
          break;
        case 1:
          line.insert(at, 1, c);
          break;
        default:
          if (at < line.size()) line.erase(at, 1);
      }
    }
    if (agrees(line)) ++taken;
  }
  EXPECT_GT(taken, 1000);  // the comparison above ran on many accepted lines
}

}  // namespace
