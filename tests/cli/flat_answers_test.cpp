// The fast answers reader of `leadqual score` must fill the runtime's Input exactly as
// read_answers fills it from the document parse_json gives, for every line it accepts (so the
// scores are the same bytes), and leave every other line to parse_json.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/flat_answers.hpp"
#include "core/compiler/answers.hpp"
#include "core/leadqual.hpp"
#include "core/runtime/score.hpp"
#include "same_input.hpp"

namespace {

using nlohmann::json;

const leadqual::Model& test_model() {
  return leadqual::test::every_type_model();
}

// Returns whether the fast reader took the line; checks it agrees with parse_json if so. One
// reader reads every line of the tests, so the keys it remembers come from other lines.
bool agrees(const std::string& line) {
  const leadqual::CompiledModel& model = test_model().compiled();
  static leadqual::cli::FlatAnswersReader reader(model, "");
  leadqual::Input fast;
  const bool taken = reader.read(line, fast);
  if (taken) {
    json document;
    std::string error;
    EXPECT_TRUE(leadqual::parse_json(line, document, error)) << line << ": " << error;
    EXPECT_TRUE(document.is_object()) << line;
    leadqual::Input general;
    leadqual::read_answers(model, document, json::object(), general);
    leadqual::test::expect_same_input(model, fast, general, line);
  }
  return taken;
}

TEST(FlatAnswers, TakesTheCommonShape) {
  for (const char* line : {
           R"({})",
           R"(  { "budget" : "approved" , "employees":250,"ok":true,"demo":false,"x":null }  )",
           R"({"channels":["email","ads"],"empty":[],"mixed":[1,-2,"a",true,null,0.5]})",
           R"({"n":-0,"rate":0,"f":1.5,"e":1e3,"E":-2.5E-3,"big":123456789012345678})",
           R"({"n":-0.0,"rate":9007199254740993,"big":1.7976931348623157e308,"a":5e-324})",
           R"({"a":1,"a":2})",
           R"({"zz":1,"zz":[2],"budget":"nope","budget":"none","channels":["x"],"channels":"x"})",
           R"({"note":"","a":"","employees":"","x":"me@example.com"})",
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

TEST(FlatAnswers, TheSignalsMemberGoesTheGeneralWay) {
  const leadqual::CompiledModel& model = test_model().compiled();
  leadqual::Input input;
  leadqual::cli::FlatAnswersReader with_signals(model, "web");
  EXPECT_FALSE(with_signals.read(R"({"budget":"none","web":5})", input));
  EXPECT_FALSE(with_signals.read(R"({"web":[1]})", input));
  // Without a signals field it is a key like any other (an unknown question here).
  EXPECT_TRUE(agrees(R"({"budget":"none","web":5})"));
  leadqual::cli::FlatAnswersReader other(model, "x");
  ASSERT_TRUE(other.read(R"({"budget":"none","web":5})", input));
  ASSERT_EQ(input.unknown_questions.size(), 1u);
  EXPECT_EQ(input.unknown_questions[0], "web");
}

// One Input and one Result serve lead after lead (reset keeps their memory and only marks the
// values absent): a lead read and scored after a fuller one gets exactly the result it gets
// read and scored afresh.
TEST(FlatAnswers, AnInputAndResultReusedHoldOnlyTheNewLead) {
  const leadqual::CompiledModel& model = test_model().compiled();
  leadqual::cli::FlatAnswersReader reader(model, "");
  const std::string full =
      R"({"budget":"approved","role":"ceo","employees":250,"rate":1.5,"pricing":true,)"
      R"("demo":false,"ok":true,"note":"n","a":"h","x":"me@example.com","channels":["ads"]})";
  const std::string sparse = R"({"role":"cto","note":""})";
  leadqual::Input reused;
  leadqual::Result reused_result;
  ASSERT_TRUE(reader.read(full, reused));
  leadqual::score(model, reused, 0, reused_result);
  ASSERT_TRUE(reader.read(sparse, reused));
  leadqual::score(model, reused, 0, reused_result);
  leadqual::Input fresh;
  leadqual::Result fresh_result;
  ASSERT_TRUE(reader.read(sparse, fresh));
  leadqual::score(model, fresh, 0, fresh_result);
  std::string again;
  std::string afresh;
  leadqual::write_state(model, reused_result, again);
  leadqual::write_state(model, fresh_result, afresh);
  EXPECT_EQ(again, afresh);
  EXPECT_EQ(reused_result.band, fresh_result.band);
  EXPECT_EQ(reused_result.fired, fresh_result.fired);
  EXPECT_EQ(reused_result.chosen, fresh_result.chosen);
  leadqual::test::expect_same_input(model, reused, fresh, sparse);
}

// Keys found at a position of one line are remembered for the next; a different key there is
// looked up again.
TEST(FlatAnswers, RemembersKeysByPositionAndNeverMixesThemUp) {
  for (const char* line : {
           R"({"budget":"none","employees":5,"role":"ceo"})",
           R"({"budget":"approved","employees":500,"role":"cto"})",
           R"({"employees":500,"budget":"approved","role":"cto"})",
           R"({"employee":500,"budget":"approved","rol":"cto","extra":1})",
           R"({"role":"ceo"})",
           R"({"budget":"none","employees":5,"role":"ceo","note":"x","a":"y"})",
       }) {
    EXPECT_TRUE(agrees(line)) << line;
  }
}

// A remembered key is matched with the colon after it; the same key with blanks before its
// colon, or a longer key it is a prefix of, is still read right.
TEST(FlatAnswers, ARememberedKeyWithBlanksBeforeItsColonIsTheSameKey) {
  for (const char* line : {
           R"({"budget":"none","employees":5,"role":"ceo","x":1})",
           R"({"budget" :"approved","employees"  : 7,"role" :"cto","x" :2})",
           R"({"budget":"none","employees":5,"role":"ceo","x":3})",
           R"({"budgets":"none","employees2":5,"rolex":"ceo","xy":4})",
           R"({"budget":"none","employees":5,"role":"ceo","x":5})",
       }) {
    EXPECT_TRUE(agrees(line)) << line;
  }
  EXPECT_FALSE(agrees(R"({"budget" "none"})"));
  EXPECT_FALSE(agrees(R"({"budget"})"));
}

// A remembered key followed by something other than blanks and a colon is not that key: the
// line is read again from the key's quote, never from where the match stopped (the fuzzer's
// {"a;{""":[""]} once came out as {"":[""]}).
TEST(FlatAnswers, AKeyThatOnlyStartsLikeARememberedOneIsReadFromItsQuote) {
  ASSERT_TRUE(agrees(R"({"budget":"none"})"));
  EXPECT_FALSE(agrees(R"({"budget""":1})"));
  EXPECT_FALSE(agrees(R"({"budget" "":1})"));
  ASSERT_TRUE(agrees(R"({"a;{":1})"));
  EXPECT_FALSE(agrees(R"({"a;{""":[""]})"));
}

// Keys are compared a word at a time where the line has the words, byte by byte where it ends
// sooner or the key is longer than the words kept: every way gives the same answers.
TEST(FlatAnswers, KeysAtTheLineEndAndLongKeysAreReadRight) {
  const std::string long_key(40, 'k');
  for (int round = 0; round < 2; ++round) {  // the second round reads remembered keys
    for (const std::string& line : {
             std::string(R"({"budget":"none","x":1})"),
             std::string(R"({"budget":"none","x" :1})"),
             std::string(R"({"budget":"none","x":)") + "\"" + long_key + "\"}",
             std::string(R"({"budget":"none","x":1,")") + long_key + "\":2}",
             std::string(R"({"budget":"none","x":1,")") + long_key + "\" : 3}",
             std::string(R"({"budget":"none","x":1,")") + long_key + "x\":4}",
         }) {
      EXPECT_TRUE(agrees(line)) << line;
    }
  }
  EXPECT_FALSE(agrees(R"({"budget":"none","x")"));
  EXPECT_FALSE(agrees(R"({"budget":"none","x":)"));
}

// JSON strings hold DEL (0x7F) as it is: the fast reader takes it as parse_json does; control
// bytes, quotes and backslashes it leaves to the general path, wherever they fall in a word.
TEST(FlatAnswers, StringsAreScannedWordByWordAsByteByByte) {
  EXPECT_TRUE(
      agrees("{\"note\":\"a\x7F"
             "b\"}"));
  for (std::size_t at = 0; at < 20; ++at) {
    for (const char c : {'\x01', '\x1F', '"', '\\', '\x7F', '\x80', '\xFF', ' '}) {
      std::string text(20, 'a');
      text[at] = c;
      const std::string line = "{\"note\":\"" + text + "\",\"a\":1}";
      const bool plain = c == '\x7F' || c == ' ';
      EXPECT_EQ(agrees(line), plain) << at << " " << static_cast<int>(c);
    }
  }
}

// Random lines near the common shape, many of them broken: whatever the fast reader takes, it
// reads exactly as parse_json and read_answers do.
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
