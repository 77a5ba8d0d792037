// End-to-end tests of the `leadqual` command.
//
//   cli_tests LEADQUAL_BINARY DATA_DIR PRESETS_DIR
//
// Every expected score below is worked out by hand from tests/cli/data/small.json:
// dimensions fit and intent, each clamped to [0, 50] (so percent == score); budget approved
// +30 fit; employees >= 100 +20 fit; channels email +10, ads +5, events +5 intent; demo true
// +25 intent; pricing_views signal +5 intent per view, capped at 10; note 'student'
// disqualifies; grade A >= 60, B >= 30, else C; stage sql >= 70, mql >= 30, else nurture.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "run.hpp"

namespace {

using leadqual::test::RunResult;
using nlohmann::json;

std::string g_binary;
std::string g_data_dir;
std::string g_presets_dir;
std::string g_scratch;

RunResult leadqual(const std::vector<std::string>& args, const std::string& input = "") {
  return leadqual::test::run(g_binary, args, input, g_scratch);
}

std::string scratch_file(const std::string& name, const std::string& text) {
  const std::string path = g_scratch + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Parses one output line and checks that it is canonical JSON (compact, keys sorted).
json parse_canonical(const std::string& line) {
  json value = json::parse(line, nullptr, false);
  EXPECT_FALSE(value.is_discarded()) << line;
  EXPECT_EQ(value.dump(), line) << "not canonical";
  return value;
}

const std::string kNow = "--now=2026-11-22T00:00:00Z";

// The five leads of the header comment, as JSON Lines and as CSV.
const std::string kLeadsJsonl =
    R"({"budget":"approved","employees":250,"channels":["email","ads"],"demo":true})"
    "\n"
    R"({"budget":"none","employees":20})"
    "\n"
    R"({"budget":"approved","note":"student"})"
    "\n"
    R"({"employees":500,"channels":["events"]})"
    "\n"
    R"({"budget":"maybe","first_seen":"2026-11-12"})"
    "\n";

const std::string kLeadsCsv =
    "budget,employees,channels,demo,note,first_seen\r\n"
    "approved,250,email;ads,yes,,\r\n"
    "none,20,,,,\r\n"
    "approved,,,,student,\r\n"
    ",500,events,,,\r\n"
    "maybe,,,,,2026-11-12\r\n";

const std::string kCsvHeader =
    "line,score,percent,grade,stage,disqualified,complete,fit,intent,errors";

// ---- the command itself --------------------------------------------------------------------

TEST(Command, HelpListsEveryVerb) {
  const RunResult r = leadqual({"--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind("Usage: leadqual VERB [ARGS...]\n", 0), 0u) << r.out;
  for (const char* verb : {"validate", "score", "eval", "new", "build", "serve"}) {
    EXPECT_NE(r.out.find(std::string("\n  ") + verb + " "), std::string::npos) << verb;
  }
  EXPECT_EQ(r.err, "");
}

TEST(Command, EveryVerbHasHelp) {
  for (const char* verb : {"validate", "score", "eval", "new", "build"}) {
    const RunResult r = leadqual({verb, "--help"});
    EXPECT_EQ(r.status, 0) << verb;
    EXPECT_EQ(r.out.rfind(std::string("Usage: leadqual ") + verb + " ", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("Exit status"), std::string::npos) << verb;
    const RunResult via_help = leadqual({"help", verb});
    EXPECT_EQ(via_help.status, 0);
    EXPECT_EQ(via_help.out, r.out);
  }
}

// Every usage error of `leadqual score`, word for word: what is wrong, then where the usage is,
// exit status 2, nothing on standard output and nothing read.
TEST(Command, ScoreUsageErrorsWordForWord) {
  const std::string see = "\nRun 'leadqual score --help' for usage.\n";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"score"}, "no model file given"},
      {{"score", "small.json", "a.jsonl", "b.jsonl"}, "too many arguments: 'b.jsonl'"},
      {{"score", "small.json", "--bogus"}, "unknown option '--bogus'"},
      {{"score", "small.json", "-h"}, "unknown option '-h'"},
      {{"score", "small.json", "--help=yes"}, "option '--help' takes no value"},
      {{"score", "small.json", "--format"}, "option '--format' needs a value"},
      {{"score", "small.json", "--format", "xml"}, "--format: 'xml' is not jsonl or csv"},
      {{"score", "small.json", "--output=tsv"}, "--output: 'tsv' is not jsonl or csv"},
      {{"score", "small.json", "--now", "yesterday"},
       "--now: 'yesterday' is neither milliseconds since 1970 nor an ISO 8601 date-time such as "
       "2026-11-22T09:30:00Z"},
      {{"score", "small.json", "--signals-field="}, "--signals-field: the name is empty"},
      {{"score", "-", "-"}, "the model and the leads cannot both come from standard input"},
      {{"score", "-"}, "the model and the leads cannot both come from standard input"},
  };
  for (const auto& [args, message] : cases) {
    const RunResult r = leadqual(args, "{}\n");
    EXPECT_EQ(r.status, 2) << message;
    EXPECT_EQ(r.out, "") << message;
    EXPECT_EQ(r.err, "leadqual score: " + message + see);
  }
}

TEST(Command, Version) {
  const RunResult r = leadqual({"--version"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "leadqual " LEADQUAL_VERSION "\n");
}

TEST(Command, UsageErrorsExitTwo) {
  RunResult r = leadqual({});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("Usage: leadqual VERB", 0), 0u) << r.err;

  r = leadqual({"frobnicate"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("leadqual: unknown verb 'frobnicate'\n", 0), 0u) << r.err;

  r = leadqual({"--frobnicate"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("leadqual: unknown option '--frobnicate'\n", 0), 0u) << r.err;

  r = leadqual({"score", "small.json", "--bogus"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "leadqual score: unknown option '--bogus'\nRun 'leadqual score --help' for usage.\n");

  r = leadqual({"score", "small.json", "--format", "xml"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("leadqual score: --format: 'xml' is not jsonl or csv\n", 0), 0u);

  r = leadqual({"score", "small.json", "--now"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("leadqual score: option '--now' needs a value\n", 0), 0u);

  r = leadqual({"score", "small.json", "--now", "yesterday"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("leadqual score: --now: 'yesterday' is neither", 0), 0u) << r.err;

  r = leadqual({"score"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("leadqual score: no model file given\n", 0), 0u);

  r = leadqual({"score", "-", "-"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(
      r.err.rfind("leadqual score: the model and the leads cannot both come from standard input\n",
                  0),
      0u);

  r = leadqual({"validate"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("leadqual validate: no model file given\n", 0), 0u);

  r = leadqual({"eval"});
  EXPECT_EQ(r.status, 2);

  r = leadqual({"eval", "1", "{}", "extra"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("leadqual eval: too many arguments: 'extra'\n", 0), 0u);

  r = leadqual({"new"});
  EXPECT_EQ(r.status, 2);
}

// ---- validate ------------------------------------------------------------------------------

const std::regex kValidLine(
    R"(small\.json: valid \(cli-test 1, 6 questions, sha256:[0-9a-f]{64}\)\n)");

// ---- build ---------------------------------------------------------------------------------

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(Build, WritesACompiledModelThatScoresAsItsJson) {
  const std::string compiled = g_scratch + "/small.lqc";
  const RunResult b = leadqual({"build", "small.json", "-o", compiled});
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_EQ(b.out, "");
  EXPECT_EQ(b.err, "");
  const std::string bytes = file_bytes(compiled);
  EXPECT_EQ(bytes.rfind("LQCM", 0), 0u);
  // Without -o the same bytes go to standard output.
  EXPECT_EQ(leadqual({"build", "small.json"}).out, bytes);
  // `leadqual score` takes either form and prints the same results.
  const RunResult from_json = leadqual({"score", "small.json", kNow}, kLeadsJsonl);
  const RunResult from_compiled = leadqual({"score", compiled, kNow}, kLeadsJsonl);
  ASSERT_EQ(from_json.status, 0) << from_json.err;
  EXPECT_EQ(from_compiled.status, 0) << from_compiled.err;
  EXPECT_EQ(from_compiled.out, from_json.out);
}

TEST(Build, InvalidModelIsReportedAndNothingWritten) {
  const std::string compiled = g_scratch + "/invalid.lqc";
  const RunResult r = leadqual({"build", "invalid.json", "-o", compiled});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("invalid.json: /", 0), 0u) << r.err;
  // As `leadqual validate` reports it (the one reader of a model file, read_model).
  EXPECT_EQ(r.err, leadqual({"validate", "invalid.json"}).err);
  EXPECT_EQ(leadqual({"build", "no-such.json"}).err, leadqual({"validate", "no-such.json"}).err);
  EXPECT_FALSE(std::ifstream(compiled).good());
  EXPECT_EQ(leadqual({"build"}).status, 2);
  EXPECT_EQ(leadqual({"build", "small.json", "-o", g_scratch + "/no/such/dir/x.lqc"}).status, 1);
}

TEST(Build, CorruptCompiledModelIsRefusedByScore) {
  std::string bytes = leadqual({"build", "small.json"}).out;
  ASSERT_GT(bytes.size(), 100u);
  bytes.resize(bytes.size() / 2);
  const std::string path = scratch_file("broken.lqc", bytes);
  const RunResult r = leadqual({"score", path, kNow}, kLeadsJsonl);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("is not a valid model"), std::string::npos) << r.err;
}

TEST(Validate, ValidModel) {
  const RunResult r = leadqual({"validate", "small.json"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::regex_match(r.out, kValidLine)) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST(Validate, HashIsTheOneInResults) {
  const RunResult v = leadqual({"validate", "small.json"});
  const RunResult s = leadqual({"score", "small.json", kNow}, "{}\n");
  ASSERT_EQ(s.status, 0) << s.err;
  const json result = parse_canonical(lines_of(s.out).at(0));
  const std::string hash = result["model"]["hash"].get<std::string>();
  EXPECT_NE(v.out.find(hash), std::string::npos) << v.out << " vs " << hash;
  EXPECT_EQ(result["model"]["id"], "cli-test");
  EXPECT_EQ(result["model"]["version"], "1");
}

TEST(Validate, InvalidModelErrorsAreLocated) {
  const RunResult r = leadqual({"validate", "invalid.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  const std::vector<std::string> errors = lines_of(r.err);
  bool unknown_name = false, unknown_key = false;
  for (const std::string& line : errors) {
    EXPECT_EQ(line.rfind("invalid.json: ", 0), 0u) << line;
    if (line.rfind("invalid.json: /rules/0/if: ", 0) == 0) {
      unknown_name = true;
      EXPECT_NE(line.find("unknown name 'employes' — did you mean 'employees'?"), std::string::npos)
          << line;
    }
    if (line.rfind("invalid.json: /stage: unknown key 'stage'", 0) == 0) {
      unknown_key = true;
      EXPECT_NE(line.find("'stages'"), std::string::npos) << line;
    }
  }
  EXPECT_TRUE(unknown_name) << r.err;
  EXPECT_TRUE(unknown_key) << r.err;
}

TEST(Validate, SyntaxErrorIsLocated) {
  const RunResult r = leadqual({"validate", "not-json.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("not-json.json: line 3, column ", 0), 0u) << r.err;
}

TEST(Validate, SeveralModelsReportEachAndFailIfAnyFails) {
  const RunResult r = leadqual({"validate", "small.json", "invalid.json", "small.json"});
  EXPECT_EQ(r.status, 1);
  const std::vector<std::string> valid = lines_of(r.out);
  ASSERT_EQ(valid.size(), 2u) << r.out;
  EXPECT_TRUE(std::regex_match(valid[0] + "\n", kValidLine));
  EXPECT_EQ(valid[0], valid[1]);
  EXPECT_NE(r.err.find("invalid.json: /rules/0/if: "), std::string::npos);
}

TEST(Validate, WarningsArePrintedAndStrictMakesThemErrors) {
  const std::string warning =
      "/rules/0/if: 'role' has no option 'stuent' (its options: buyer, student) — did you mean "
      "'student'? [unknown-option-value]\n";
  const RunResult r = leadqual({"validate", "warnings.json"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("warnings.json: valid (cli-warnings 1, 1 question, sha256:", 0), 0u)
      << r.out;
  EXPECT_EQ(r.err, "warnings.json: warning: " + warning);
  const RunResult strict = leadqual({"validate", "--strict", "warnings.json", "small.json"});
  EXPECT_EQ(strict.status, 1);
  EXPECT_EQ(strict.err, "warnings.json: error: " + warning);
  EXPECT_TRUE(std::regex_match(strict.out, kValidLine)) << strict.out;  // only small.json
  EXPECT_EQ(leadqual({"validate", "--strict", "small.json"}).status, 0);
}

TEST(Validate, UnreadableFile) {
  const RunResult r = leadqual({"validate", "missing.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "missing.json: cannot read 'missing.json': No such file or directory\n");
  const RunResult dir = leadqual({"validate", "."});
  EXPECT_EQ(dir.status, 1);
  EXPECT_EQ(dir.err, ".: cannot read '.': Is a directory\n");
}

TEST(Validate, ModelFromStandardInput) {
  std::ifstream in(g_data_dir + "/small.json");
  std::ostringstream text;
  text << in.rdbuf();
  const RunResult r = leadqual({"validate", "-"}, text.str());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("-: valid (cli-test 1, 6 questions, sha256:", 0), 0u) << r.out;
}

TEST(Validate, NeverCrashesOnJunk) {
  const std::string junk = std::string("\0\x01\xff{[\"", 7) + std::string(5000, '[');
  const RunResult r = leadqual({"validate", scratch_file("junk.json", junk)});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err, "");
  const RunResult huge =
      leadqual({"validate", scratch_file("huge.json", std::string(2 << 20, ' '))});
  EXPECT_EQ(huge.status, 1);
  EXPECT_NE(huge.err, "");
}

// ---- score: JSON Lines ---------------------------------------------------------------------

TEST(ScoreJsonLines, EachLeadScoredInOrder) {
  const RunResult r = leadqual({"score", "small.json", "-", kNow}, kLeadsJsonl);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 5u) << r.out;
  std::vector<json> results;
  for (const std::string& line : lines) results.push_back(parse_canonical(line));

  EXPECT_EQ(results[0]["score"], 90);
  EXPECT_EQ(results[0]["percent"], 90);
  EXPECT_EQ(results[0]["dimensions"], json({{"fit", 50}, {"intent", 40}}));
  EXPECT_EQ(results[0]["grade"], "A");
  EXPECT_EQ(results[0]["stage"], "sql");
  EXPECT_EQ(results[0]["complete"], true);
  EXPECT_EQ(results[0]["errors"], json::array());
  ASSERT_EQ(results[0]["reasons"].size(), 5u);  // budget, employees band, email, ads, demo
  EXPECT_EQ(results[0]["reasons"][1]["source"], "band");
  EXPECT_EQ(results[0]["reasons"][1]["points"], 20);

  EXPECT_EQ(results[1]["score"], 0);
  EXPECT_EQ(results[1]["grade"], "C");
  EXPECT_EQ(results[1]["stage"], "nurture");
  EXPECT_EQ(results[1]["complete"], true);

  EXPECT_EQ(results[2]["score"], 30);
  EXPECT_EQ(results[2]["grade"], "B");
  EXPECT_EQ(results[2]["stage"], "disqualified");
  EXPECT_EQ(results[2]["disqualified"],
            json({{"rule", "student"}, {"reason", "Students, \"not buyers\""}}));

  EXPECT_EQ(results[3]["score"], 25);
  EXPECT_EQ(results[3]["dimensions"], json({{"fit", 20}, {"intent", 5}}));
  EXPECT_EQ(results[3]["stage"], "nurture");
  EXPECT_EQ(results[3]["complete"], false);

  EXPECT_EQ(results[4]["score"], 0);
  EXPECT_EQ(results[4]["complete"], false);
  ASSERT_EQ(results[4]["errors"].size(), 1u) << results[4]["errors"];
  EXPECT_EQ(results[4]["errors"][0]["path"], "/budget");
  EXPECT_EQ(results[4]["errors"][0]["code"], "unknown_option");
  EXPECT_EQ(results[4]["computed"]["days_known"], 10);  // --now is ten days after first_seen
}

TEST(ScoreJsonLines, BadLinesGiveErrorLinesAndTheRestGoOn) {
  const std::string input = std::string(R"({"budget":"approved"})") + "\n" + "not json\n" +
                            "[1,2]\n" + "\n" + R"({"budget":"none"})" + "\r\n" +
                            std::string("\x00\xff\x01", 3) + "\n" + std::string(10000, '[') + "\n" +
                            R"({"budget":"approved","employees":100})";  // no final newline
  const RunResult r = leadqual({"score", "small.json", "--format=jsonl", kNow}, input);
  EXPECT_EQ(r.status, 1);
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 8u) << r.out;
  EXPECT_EQ(parse_canonical(lines[0])["score"], 30);
  const json not_json = parse_canonical(lines[1]);
  EXPECT_EQ(not_json["line"], 2);
  EXPECT_EQ(not_json.size(), 2u);
  EXPECT_EQ(not_json["error"].get<std::string>().rfind("column 2: syntax error", 0), 0u)
      << not_json;
  EXPECT_EQ(lines[2], R"({"error":"expected a JSON object of answers, got an array","line":3})");
  EXPECT_EQ(parse_canonical(lines[3])["line"], 4);
  EXPECT_EQ(parse_canonical(lines[4])["score"], 0);  // \r\n is a line end
  EXPECT_EQ(parse_canonical(lines[5])["line"], 6);
  const json deep = parse_canonical(lines[6]);
  EXPECT_EQ(deep["line"], 7);
  EXPECT_EQ(parse_canonical(lines[7])["score"], 50);
}

TEST(ScoreJsonLines, LineTooLongIsSkippedWhole) {
  const std::string huge = "{\"note\":\"" + std::string(3 << 20, 'x') + "\"}";
  const std::string input = huge + "\n" + R"({"budget":"approved"})" + "\n";
  const RunResult r = leadqual({"score", "small.json", "--format", "jsonl", kNow}, input);
  EXPECT_EQ(r.status, 1);
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], R"({"error":"line longer than 1048576 bytes","line":1})");
  EXPECT_EQ(parse_canonical(lines[1])["score"], 30);
}

TEST(ScoreJsonLines, SignalsField) {
  const std::string input = R"({"budget":"none","web":{"pricing_views":3}})"
                            "\n"
                            R"({"budget":"none","web":{"pricing_views":1}})"
                            "\n";
  const RunResult r = leadqual({"score", "small.json", "--signals-field", "web", kNow}, input);
  EXPECT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(parse_canonical(lines[0])["dimensions"]["intent"], 10);  // 3 x 5 capped at 10
  EXPECT_EQ(parse_canonical(lines[1])["dimensions"]["intent"], 5);
  EXPECT_EQ(parse_canonical(lines[0])["errors"], json::array());

  // Without the option the member is an answer to no question.
  const RunResult plain = leadqual({"score", "small.json", kNow}, input);
  EXPECT_EQ(plain.status, 0);
  const json first = parse_canonical(lines_of(plain.out).at(0));
  EXPECT_EQ(first["dimensions"]["intent"], 0);
  ASSERT_EQ(first["errors"].size(), 1u);
  EXPECT_EQ(first["errors"][0]["code"], "unknown_question");
}

TEST(ScoreJsonLines, NowAcceptsIsoAndMilliseconds) {
  const std::string input = R"({"first_seen":"2026-11-12"})"
                            "\n";
  const RunResult iso =
      leadqual({"score", "small.json", "--now", "2026-11-22T09:00:00+09:00"}, input);
  // 2026-11-22T00:00:00Z is 20779 days of 86400000 ms after 1970-01-01.
  const RunResult ms = leadqual({"score", "small.json", "--now", "1795305600000"}, input);
  EXPECT_EQ(iso.status, 0) << iso.err;
  EXPECT_EQ(iso.out, ms.out);
  EXPECT_EQ(parse_canonical(lines_of(iso.out).at(0))["computed"]["days_known"], 10);
}

TEST(ScoreJsonLines, EmptyInputGivesNoOutput) {
  const RunResult r = leadqual({"score", "small.json"}, "");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "");
}

TEST(ScoreJsonLines, FormatDetectedFromFileName) {
  // A .jsonl file is JSON Lines even when its first line is not JSON.
  const std::string path = scratch_file("leads.jsonl", "oops\n{}\n");
  const RunResult r = leadqual({"score", "small.json", path, kNow});
  EXPECT_EQ(r.status, 1);
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_EQ(parse_canonical(lines[0])["line"], 1);
  EXPECT_EQ(parse_canonical(lines[1])["complete"], false);
}

// ---- score: CSV ----------------------------------------------------------------------------

TEST(ScoreCsv, CsvInCsvOut) {
  const RunResult r = leadqual({"score", "small.json", "-", kNow}, kLeadsCsv);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 6u) << r.out;
  EXPECT_EQ(lines[0], kCsvHeader);
  EXPECT_EQ(lines[1], "2,90,90,A,sql,,true,50,40,");
  EXPECT_EQ(lines[2], "3,0,0,C,nurture,,true,0,0,");
  EXPECT_EQ(lines[3], R"(4,30,30,B,disqualified,"Students, ""not buyers""",true,30,0,)");
  EXPECT_EQ(lines[4], "5,25,25,C,nurture,,false,20,5,");
  EXPECT_EQ(lines[5].rfind("6,0,0,C,nurture,,false,0,0,", 0), 0u) << lines[5];
  EXPECT_NE(lines[5].find("/budget: "), std::string::npos) << lines[5];
}

TEST(ScoreCsv, CsvInJsonOutMatchesJsonLinesIn) {
  const RunResult csv = leadqual({"score", "small.json", "--output", "jsonl", kNow}, kLeadsCsv);
  const RunResult jsonl = leadqual({"score", "small.json", kNow}, kLeadsJsonl);
  EXPECT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(csv.out, jsonl.out);
}

TEST(ScoreCsv, JsonLinesInCsvOut) {
  const RunResult r = leadqual({"score", "small.json", "--output=csv", kNow}, kLeadsJsonl + "[]\n");
  EXPECT_EQ(r.status, 1);
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0], kCsvHeader);
  EXPECT_EQ(lines[1], "1,90,90,A,sql,,true,50,40,");
  EXPECT_EQ(lines[6], "6,,,,,,,,,\"expected a JSON object of answers, got an array\"");
}

TEST(ScoreCsv, CellConversionAndQuoting) {
  const std::string input =
      "\xEF\xBB\xBF"  // Excel's byte order mark
      "budget, employees ,channels,demo,note\n"
      "\"approved\",\" 100 \",\"email | events\",TRUE,\"said \"\"hi\"\",\nthen left\"\n"
      "approved,99,ads,No,\n"
      "approved,lots,,maybe,\n";
  const RunResult r = leadqual({"score", "small.json", "--output", "jsonl", kNow}, input);
  EXPECT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  const json first = parse_canonical(lines[0]);
  EXPECT_EQ(first["dimensions"], json({{"fit", 50}, {"intent", 40}}));  // 10 + 5 + 25
  EXPECT_EQ(first["errors"], json::array());
  const json second = parse_canonical(lines[1]);
  EXPECT_EQ(second["dimensions"], json({{"fit", 30}, {"intent", 5}}));  // 99 < 100, demo no
  const json third = parse_canonical(lines[2]);
  ASSERT_EQ(third["errors"].size(), 2u) << third["errors"];
  EXPECT_EQ(third["errors"][0]["path"], "/employees");
  EXPECT_EQ(third["errors"][0]["code"], "not_a_number");
  EXPECT_EQ(third["errors"][1]["path"], "/demo");
  EXPECT_EQ(third["errors"][1]["code"], "wrong_type");
}

TEST(ScoreCsv, TextCellsCannotStartAFormula) {
  // The CSV writer is the collector's export's, formula guard included: a text cell a
  // spreadsheet would run gets a leading apostrophe; numbers stay numbers.
  const std::string model = R"M({"leadqual": 1, "id": "csv-guard",
    "dimensions": [{"id": "risk", "min": -10}],
    "questions": [{"id": "q", "type": "boolean", "points": {"risk": -5}}],
    "rules": [{"id": "stop", "if": "q == false", "disqualify": "=HYPERLINK(\"http://x\")"}],
    "stages": [{"id": "-lead"}]})M";
  const RunResult r =
      leadqual({"score", scratch_file("guard.json", model), "-", "--output", "csv", kNow},
               "{\"q\": true}\n{\"q\": false}\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "line,score,percent,grade,stage,disqualified,complete,risk,errors\n"
            "1,-5,,,'-lead,,true,-5,\n"
            "2,0,,,disqualified,\"'=HYPERLINK(\"\"http://x\"\")\",true,0,\n");
}

TEST(ScoreCsv, BadRowsGiveErrorRowsAndTheRestGoOn) {
  const std::string input =
      "budget,employees\n"
      "approved,100\n"
      "approved\n"
      "none,1,2\n"
      "appr\"oved,5\n"
      "none,\"5\"x\n"
      "approved,\"100\"\n"
      "none,\"never closed\n";
  const RunResult r = leadqual({"score", "small.json", "-", kNow}, input);
  EXPECT_EQ(r.status, 1);
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 8u) << r.out;
  EXPECT_EQ(lines[1], "2,50,50,B,mql,,true,50,0,");
  EXPECT_EQ(lines[2], "3,,,,,,,,,\"line 3: 1 field, but the header has 2\"");
  EXPECT_EQ(lines[3], "4,,,,,,,,,\"line 4: 3 fields, but the header has 2\"");
  EXPECT_EQ(lines[4],
            "5,,,,,,,,,line 5: field 1: a quote inside an unquoted field (quote the whole field "
            "and double the quote)");
  EXPECT_EQ(lines[5], "6,,,,,,,,,line 6: field 2: text after the closing quote");
  EXPECT_EQ(lines[6], "7,50,50,B,mql,,true,50,0,");
  EXPECT_EQ(lines[7], "8,,,,,,,,,line 8: a quoted field is not closed");
}

TEST(ScoreCsv, UnknownColumnsAreIgnoredWithOneWarning) {
  const std::string input = "budget,company\napproved,Acme\nnone,Initech\n";
  const RunResult r = leadqual({"score", "small.json", "-", kNow}, input);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "leadqual score: -: ignoring 1 column that answers no question: 'company'\n");
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], "2,30,30,B,mql,,true,30,0,");
}

TEST(ScoreCsv, TwoColumnsForOneQuestionAreFatal) {
  const RunResult r =
      leadqual({"score", "small.json", "-", kNow}, "budget,Budget\napproved,none\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "leadqual score: -: columns 'budget' and 'Budget' both answer 'budget' (say which "
            "with --map COLUMN=QUESTION)\n");
  EXPECT_EQ(r.out, "line,score,percent,grade,stage,disqualified,complete,fit,intent,errors\n");
}

TEST(ScoreCsv, HeaderNamesMatchWithoutCaseOrPunctuationAndSemicolonsWork) {
  const RunResult r =
      leadqual({"score", "small.json", "-", kNow}, "\"Budget\";\"Employees\"\r\napproved;250\r\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(lines_of(r.out).at(1), "2,50,50,B,mql,,true,50,0,");
}

TEST(ScoreCsv, SignalsColumnHoldsJson) {
  const std::string input =
      "budget,web\n"
      "none,\"{\"\"pricing_views\"\": 1}\"\n"
      "none,{oops\n";
  const RunResult r = leadqual({"score", "small.json", "--signals-field=web", kNow}, input);
  EXPECT_EQ(r.status, 1);
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], "2,5,5,C,nurture,,true,0,5,");
  EXPECT_EQ(lines[2].rfind("3,,,,,,,,,column 'web': column 2: syntax error", 0), 0u) << lines[2];
}

TEST(ScoreCsv, HeaderOnly) {
  const RunResult r = leadqual({"score", "small.json", "--format", "csv"}, "budget,employees\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, kCsvHeader + "\n");
}

// ---- score: recorded bytes -----------------------------------------------------------------

// data/golden: a model with every question type, computed values, signals, weights with
// fractions, a formula-looking stage; leads with every answer shape, escapes, UTF-8, duplicate
// and unknown keys, bad lines and rows. expected/ holds what `leadqual score` printed for each
// input and output format, with and without --signals-field, before its fast paths came in:
// every reader and writer of the verb must keep printing exactly these bytes.
TEST(ScoreGolden, EveryFormatPairPrintsTheRecordedBytes) {
  const std::string compiled = g_scratch + "/golden.lqc";
  ASSERT_EQ(leadqual({"build", "golden/model.json", "-o", compiled}).status, 0);
  for (const std::string& model : {std::string("golden/model.json"), compiled}) {
    for (const char* in : {"jsonl", "csv"}) {
      for (const char* out : {"jsonl", "csv"}) {
        for (const bool signals : {false, true}) {
          const std::string name = std::string(in) + "-to-" + out + (signals ? "-signals" : "");
          SCOPED_TRACE(name + " with " + model);
          std::vector<std::string> args = {"score",    model, std::string("golden/leads.") + in,
                                           "--output", out,   kNow};
          if (signals) args.push_back("--signals-field=web");
          const RunResult r = leadqual(args);
          EXPECT_EQ(r.status, 1);  // some lines are bad on purpose
          EXPECT_EQ(r.out, file_bytes("golden/expected/" + name + "." + out));
          EXPECT_EQ(r.err, file_bytes("golden/expected/" + name + ".err"));
          // Standard input reads the same (the format from the first character).
          if (std::string(in) == "jsonl") {
            args[2] = "-";
            EXPECT_EQ(leadqual(args, file_bytes("golden/leads.jsonl")).out, r.out);
          }
        }
      }
    }
  }
}

// ---- score: the model and files ------------------------------------------------------------

TEST(Score, InvalidModelIsRefused) {
  const RunResult r = leadqual({"score", "invalid.json"}, "{}\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("invalid.json: /rules/0/if: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown name 'employes'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("leadqual score: invalid.json is not a valid model\n"), std::string::npos);
}

TEST(Score, UnreadableInput) {
  const RunResult r = leadqual({"score", "small.json", "no-such-leads.csv"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "leadqual score: cannot read 'no-such-leads.csv': No such file or directory\n");
  const RunResult dir = leadqual({"score", "small.json", "."});
  EXPECT_EQ(dir.status, 1);
  EXPECT_EQ(dir.out, "");
  EXPECT_EQ(dir.err, "leadqual score: cannot read '.': Is a directory\n");
}

// ---- eval ----------------------------------------------------------------------------------

TEST(Eval, Infix) {
  RunResult r = leadqual({"eval", "1 + 2 * 3"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "7\n");
  r = leadqual({"eval", "employees >= 100 and budget in ['approved', 'planned']",
                R"({"employees": 250, "budget": "planned"})"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "true\n");
  r = leadqual({"eval", "lower(name)", R"({"name": "ACME"})"});
  EXPECT_EQ(r.out, "\"acme\"\n");
}

TEST(Eval, JsonLogic) {
  RunResult r = leadqual({"eval", R"({"+": [1, {"var": "a"}]})", R"({"a": 2})"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "3\n");
  r = leadqual(
      {"eval", R"(  {"map": [{"var": "xs"}, {"*": [{"var": ""}, 2]}]})", R"({"xs": [1, 2, 3]})"});
  EXPECT_EQ(r.out, "[2,4,6]\n");
  r = leadqual({"eval", R"(["a", {"var": "b"}])", R"({"b": {"z": 1, "a": [true, null]}})"});
  EXPECT_EQ(r.out, R"(["a",{"a":[true,null],"z":1}])"
                   "\n");
}

TEST(Eval, ExpressionAndDataFromFiles) {
  const std::string rule = scratch_file("rule.json", R"({"if": [{"var": "vip"}, "yes", "no"]})");
  const std::string data = scratch_file("data.json", R"({"vip": true})");
  const RunResult r = leadqual({"eval", "@" + rule, "@" + data});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "\"yes\"\n");
  const RunResult from_stdin = leadqual({"eval", "vip", "@-"}, R"({"vip": 5})");
  EXPECT_EQ(from_stdin.out, "5\n");
  const RunResult missing = leadqual({"eval", "@no-such-file"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.err, "leadqual eval: cannot read 'no-such-file': No such file or directory\n");
}

TEST(Eval, CompileErrorsAreLocated) {
  RunResult r = leadqual({"eval", "1 +"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("leadqual eval: expression", 0), 0u) << r.err;

  r = leadqual({"eval", R"({"no_such_operator": [1]})"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("leadqual eval: expression", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("no_such_operator"), std::string::npos) << r.err;

  r = leadqual({"eval", R"({"+": [1, )"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("leadqual eval: expression: line 1, column ", 0), 0u) << r.err;

  r = leadqual({"eval", "a", "{not json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("leadqual eval: data: line 1, column ", 0), 0u) << r.err;
}

TEST(Eval, NeverCrashesOnHostileInput) {
  for (const std::string& expression :
       {std::string(100000, '('), std::string(3000, '['), std::string("\xff\xfe'\x80'"),
        std::string("'a' * 1e308 * 1e308")}) {
    const RunResult r = leadqual({"eval", expression});
    EXPECT_TRUE(r.status == 0 || r.status == 1) << r.status << " " << r.err;
  }
}

// ---- new -----------------------------------------------------------------------------------

// The presets listed in models/frameworks/presets.txt, by name.
std::vector<std::string> listed_presets() {
  std::ifstream in(g_presets_dir + "/presets.txt");
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    names.push_back(line.substr(0, line.rfind(".json")));
  }
  return names;
}

json preset_file(const std::string& name) {
  std::ifstream in(g_presets_dir + "/" + name + ".json");
  std::ostringstream text;
  text << in.rdbuf();
  return json::parse(text.str(), nullptr, false);
}

TEST(New, ListNamesEveryPreset) {
  const RunResult r = leadqual({"new", "--list"});
  EXPECT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  const std::vector<std::string> names = listed_presets();
  ASSERT_EQ(lines.size(), names.size()) << r.out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const json doc = preset_file(names[i]);
    EXPECT_EQ(lines[i].rfind(names[i] + " ", 0), 0u) << lines[i];
    const std::string framework = doc.value("framework", "");
    EXPECT_NE(lines[i].find(" " + framework + " "), std::string::npos) << lines[i];
  }
}

TEST(New, UnknownFrameworkListsTheValidNames) {
  const RunResult r = leadqual({"new", "--framework", "NOPE"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  std::string names;
  for (const std::string& name : listed_presets()) names += (names.empty() ? "" : ", ") + name;
  EXPECT_EQ(r.err.rfind("leadqual new: unknown framework 'NOPE'; the presets are: " +
                            (names.empty() ? std::string("(none built in)") : names) + "\n",
                        0),
            0u)
      << r.err;
}

// Every localised text left in `value` (an object of strings under a text key).
int localised_texts(const json& value) {
  int count = 0;
  if (value.is_array()) {
    for (const json& item : value) count += localised_texts(item);
  } else if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      if ((key == "label" || key == "title") && member.is_object()) ++count;
      count += localised_texts(member);
    }
  }
  return count;
}

TEST(New, EveryPresetPrintsAValidModel) {
  const std::vector<std::string> names = listed_presets();
  if (names.empty()) GTEST_SKIP() << "models/frameworks/presets.txt lists no preset yet";
  for (const std::string& name : names) {
    const RunResult r = leadqual({"new", "--framework", name});
    ASSERT_EQ(r.status, 0) << name << ": " << r.err;
    EXPECT_EQ(json::parse(r.out, nullptr, false), preset_file(name)) << name;
    const RunResult v = leadqual({"validate", "-"}, r.out);
    EXPECT_EQ(v.status, 0) << name << ": " << v.err;
  }
}

TEST(New, FrameworkByItsLabelInAnyCase) {
  const std::vector<std::string> names = listed_presets();
  if (names.empty()) GTEST_SKIP() << "models/frameworks/presets.txt lists no preset yet";
  const json doc = preset_file(names[0]);
  std::string label = doc.value("framework", names[0]);
  for (char& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const RunResult r = leadqual({"new", "--framework", label});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json::parse(r.out, nullptr, false), doc);
}

TEST(New, LangKeepsOneLanguage) {
  const std::vector<std::string> names = listed_presets();
  if (names.empty()) GTEST_SKIP() << "models/frameworks/presets.txt lists no preset yet";
  for (const std::string& name : names) {
    const json source = preset_file(name);
    const RunResult r = leadqual({"new", "--framework", name, "--lang", "ja"});
    ASSERT_EQ(r.status, 0) << r.err;
    const json model = json::parse(r.out, nullptr, false);
    EXPECT_EQ(model["lang"], "ja");
    EXPECT_EQ(localised_texts(model), 0) << name;
    if (source["title"].is_object() && source["title"].contains("ja")) {
      EXPECT_EQ(model["title"], source["title"]["ja"]) << name;
    }
    const RunResult v = leadqual({"validate", "-"}, r.out);
    EXPECT_EQ(v.status, 0) << name << ": " << v.err;
    // Results never depend on the language: the same answers score the same.
    const RunResult fr = leadqual({"new", "--framework", name, "--lang", "fr"});
    const json french = json::parse(fr.out, nullptr, false);
    EXPECT_EQ(french["lang"], "fr");
    if (source["title"].is_object()) {
      const std::string fallback = source.value("lang", "en");
      EXPECT_EQ(french["title"], source["title"].value(fallback, source["title"].value("en", "")))
          << name;
    }
  }
}

TEST(New, ListTakesNoOtherOption) {
  const RunResult r = leadqual({"new", "--list", "--lang", "ja"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("leadqual new: --list takes no other option\n", 0), 0u);
}

// ---- CRM histories: new --from-csv, calibrate, backtest
// ------------------------------------------

// A synthetic CRM export, the same every run: plan, seats and source drive conversion, region is
// noise, and Status is written after the sale (a leak).
std::string history_csv(bool with_status) {
  std::uint64_t state = 12345;
  const auto next = [&state]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  std::string csv = std::string("Lead ID,Plan,Seats,Region,Source") +
                    (with_status ? ",Status" : "") + ",Converted\r\n";
  for (int i = 0; i < 900; ++i) {
    const double p = next();
    const std::string plan = p < 0.3 ? "pro" : p < 0.7 ? "free" : "trial";
    const int seats = 1 + static_cast<int>(next() * 200);
    const std::string region = next() < 0.5 ? "eu" : "us";
    const double s = next();
    const std::string source = s < 0.3 ? "referral" : s < 0.6 ? "ads" : "web";
    double chance = 0.1;
    if (plan == "pro") chance += 0.4;
    if (plan == "free") chance -= 0.05;
    if (source == "referral") chance += 0.2;
    if (seats > 100) chance += 0.2;
    const bool converted = next() < chance;
    csv += "L" + std::to_string(1000 + i) + "," + plan + "," + std::to_string(seats) + "," +
           region + "," + source;
    if (with_status) csv += std::string(",") + (converted ? "closed" : (i % 2 ? "open" : "lost"));
    csv += std::string(",") + (converted ? "1" : "0") + "\r\n";
  }
  return csv;
}

// The non-zero point entries of a model: options, bands, booleans, rules.
int point_entries(const json& model) {
  int entries = 0;
  const auto count = [&](const json& holder, const char* key) {
    if (!holder.is_object() || !holder.contains(key)) return;
    for (const auto& entry : holder[key].items()) entries += entry.value() != 0;
  };
  for (const json& question : model["questions"]) {
    for (const char* list : {"options", "bands"}) {
      if (!question.contains(list)) continue;
      for (const json& item : question[list]) count(item, "points");
    }
    if (question["type"] == "boolean") count(question, "points");
  }
  if (model.contains("rules")) {
    for (const json& rule : model["rules"]) count(rule, "add");
  }
  return entries;
}

json option_points(const json& model, const std::string& question, const std::string& value) {
  for (const json& q : model["questions"]) {
    if (q["id"] != question) continue;
    for (const json& option : q["options"]) {
      if (option.is_string() && option == value) return 0;
      if (option.is_object() && option["value"] == value) {
        return option.contains("points") ? option["points"].begin().value() : json(0);
      }
    }
  }
  return nullptr;
}

TEST(NewFromCsv, OneQuestionPerUsefulColumnAndNoPoints) {
  const std::string history = scratch_file("history.csv", history_csv(false));
  const RunResult r = leadqual({"new", "--from-csv", history, "--outcome", "Converted"});
  ASSERT_EQ(r.status, 0) << r.err;
  const json model = json::parse(r.out);
  EXPECT_EQ(model["id"], "history");
  std::vector<std::string> ids;
  for (const json& question : model["questions"]) ids.push_back(question["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"plan", "seats", "region", "source"}));
  EXPECT_EQ(model["questions"][1]["type"], "number");
  EXPECT_EQ(point_entries(model), 0);
  EXPECT_NE(r.err.find("left out 'Lead ID': a different value in every row"), std::string::npos)
      << r.err;
  const std::string starter = scratch_file("starter.json", r.out);
  EXPECT_EQ(leadqual({"validate", starter}).status, 0);

  const RunResult excluded =
      leadqual({"new", "--from-csv", history, "--outcome", "Converted", "--exclude", "Region"});
  EXPECT_EQ(json::parse(excluded.out)["questions"].size(), 3u);
  const RunResult typo =
      leadqual({"new", "--from-csv", history, "--outcome", "Converted", "--exclude", "Regoin"});
  EXPECT_EQ(typo.status, 2);
  EXPECT_NE(
      typo.err.find("--exclude: no column 'Regoin' in " + history + " — did you mean 'Region'?"),
      std::string::npos)
      << typo.err;
  const RunResult no_outcome = leadqual({"new", "--from-csv", history, "--outcome", "Won"});
  EXPECT_EQ(no_outcome.status, 1);
  EXPECT_NE(no_outcome.err.find("no outcome column 'Won' in the header"), std::string::npos);
}

TEST(Calibrate, LearnsPointsThatRankTheHistory) {
  const std::string history = scratch_file("history.csv", history_csv(false));
  const std::string starter = scratch_file(
      "starter.json", leadqual({"new", "--from-csv", history, "--outcome", "Converted"}).out);
  const std::string report = g_scratch + "/report.json";
  const RunResult r = leadqual({"calibrate", starter, history, "--outcome", "Converted", "--stages",
                                "sql=20%", "--report", report});
  ASSERT_EQ(r.status, 0) << r.err;
  const json model = json::parse(r.out);
  const std::string calibrated = scratch_file("calibrated.json", r.out);
  EXPECT_EQ(leadqual({"validate", calibrated}).status, 0);
  // The drivers get points the right way round; the noise (region) at most a little.
  EXPECT_GT(option_points(model, "plan", "pro").get<int>(),
            option_points(model, "plan", "free").get<int>());
  EXPECT_GT(option_points(model, "source", "referral").get<int>(),
            option_points(model, "source", "web").get<int>());
  EXPECT_LE(point_entries(model), 40);
  EXPECT_NE(r.err.find("ROC AUC, holdout"), std::string::npos) << r.err;
  std::ifstream in(report);
  const json figures = json::parse(in);
  EXPECT_EQ(figures["auc_before"], 0.5);  // the starter scores every lead 0
  EXPECT_GT(figures["auc"].get<double>(), 0.7);
  EXPECT_EQ(figures["holdout_rows"], 270);
  // The sql threshold puts about 20 % of the leads in sql, on the whole history too.
  const RunResult backtest =
      leadqual({"backtest", calibrated, history, "--outcome", "Converted", "--format", "json"});
  ASSERT_EQ(backtest.status, 0) << backtest.err;
  const json result = json::parse(backtest.out);
  EXPECT_EQ(result["stages"][0]["id"], "sql");
  EXPECT_NEAR(result["stages"][0]["share"].get<double>(), 0.2, 0.06);
  EXPECT_GT(result["auc"].get<double>(), 0.7);
  // The same seed gives the same model.
  EXPECT_EQ(
      leadqual({"calibrate", starter, history, "--outcome", "Converted", "--stages", "sql=20%"})
          .out,
      r.out);
}

TEST(Calibrate, AtMostMaxEntriesAndMaxPoints) {
  const std::string history = scratch_file("history.csv", history_csv(false));
  const std::string starter = scratch_file(
      "starter.json", leadqual({"new", "--from-csv", history, "--outcome", "Converted"}).out);
  const RunResult r = leadqual({"calibrate", starter, history, "--outcome", "Converted",
                                "--max-entries", "3", "--max-points", "5"});
  ASSERT_EQ(r.status, 0) << r.err;
  const json model = json::parse(r.out);
  EXPECT_LE(point_entries(model), 3);
  EXPECT_GE(point_entries(model), 1);
  EXPECT_EQ(option_points(model, "plan", "pro"), 5);  // the strongest driver gets the maximum
}

TEST(Calibrate, LearnsBandsForNumberQuestionsWithoutAndKeepsTheRest) {
  const std::string history = scratch_file("history.csv", history_csv(false));
  const std::string model_path = scratch_file("hand.json", R"({
    "leadqual": 1, "id": "hand", "version": "1",
    "dimensions": [{"id": "fit", "label": "Fit"}, {"id": "intent"}],
    "questions": [
      {"id": "plan", "type": "choice", "label": "Plan", "options": [
        {"value": "pro", "label": "Pro plan", "points": {"intent": 1}}, "free", "trial"]},
      {"id": "seats", "type": "number", "label": "Seats"}
    ],
    "rules": [{"id": "referred", "if": "source == 'referral'", "add": {"fit": 1}, "reason": "Referred"},
              {"id": "tiny", "if": "seats < 0", "disqualify": "No seats"}],
    "computed": [],
    "stages": [{"id": "sql", "if": "score >= 5 and plan != 'trial'"}, {"id": "nurture"}]
  })");
  // The rule reads a question the model does not have: it does not load.
  EXPECT_EQ(leadqual({"calibrate", model_path, history, "--outcome", "Converted"}).status, 1);
  const std::string fixed = scratch_file("hand.json", R"({
    "leadqual": 1, "id": "hand", "version": "1",
    "dimensions": [{"id": "fit", "label": "Fit"}, {"id": "intent"}],
    "questions": [
      {"id": "plan", "type": "choice", "label": "Plan", "options": [
        {"value": "pro", "label": "Pro plan", "points": {"intent": 1}}, "free", "trial"]},
      {"id": "seats", "type": "number", "label": "Seats"},
      {"id": "source", "type": "text"}
    ],
    "rules": [{"id": "referred", "if": "source == 'referral'", "add": {"fit": 1}, "reason": "Referred"},
              {"id": "tiny", "if": "seats < 0", "disqualify": "No seats"}],
    "stages": [{"id": "sql", "if": "score >= 5 and plan != 'trial'"}, {"id": "nurture"}]
  })");
  const RunResult r =
      leadqual({"calibrate", fixed, history, "--outcome", "Converted", "--stage-rates", "sql=50%"});
  ASSERT_EQ(r.status, 0) << r.err;
  const json model = json::parse(r.out);
  EXPECT_EQ(model["questions"][0]["options"][0]["label"], "Pro plan");
  // pro's points stay in its dimension; the rule's in the rule's.
  EXPECT_TRUE(model["questions"][0]["options"][0]["points"].contains("intent"));
  EXPECT_TRUE(model["rules"][0]["add"].contains("fit"));
  EXPECT_GT(model["rules"][0]["add"]["fit"].get<int>(), 0);
  EXPECT_EQ(model["rules"][1],
            json::parse(R"({"id": "tiny", "if": "seats < 0", "disqualify": "No seats"})"));
  ASSERT_TRUE(model["questions"][1].contains("bands"));
  bool high_seats_score = false;
  for (const json& band : model["questions"][1]["bands"]) {
    if (band.contains("min") && band["min"].get<double>() >= 90 && !band["points"].empty()) {
      high_seats_score = band["points"].begin().value().get<int>() > 0;
    }
  }
  EXPECT_TRUE(high_seats_score) << model["questions"][1]["bands"];
  // Only the number in the stage's condition changed.
  const std::string condition = model["stages"][0]["if"];
  EXPECT_EQ(condition.rfind("score >= ", 0), 0u) << condition;
  EXPECT_NE(condition.find(" and plan != 'trial'"), std::string::npos) << condition;
  EXPECT_EQ(model["x-calibration"]["outcome"], "Converted");
}

TEST(Calibrate, LeakyColumnsAreWarnedAboutAndUsedUnlessExcluded) {
  const std::string history = scratch_file("leaky.csv", history_csv(true));
  const std::string starter = scratch_file(
      "starter.json", leadqual({"new", "--from-csv", history, "--outcome", "Converted"}).out);
  const RunResult used = leadqual({"calibrate", starter, history, "--outcome", "Converted"});
  ASSERT_EQ(used.status, 0) << used.err;
  EXPECT_NE(used.err.find("warning: 'Status': alone it ranks leads with AUC 1; "),
            std::string::npos)
      << used.err;
  EXPECT_NE(used.err.find("'closed' converts 100 % of "), std::string::npos) << used.err;
  EXPECT_NE(used.err.find("probably recorded after contact (used; leave it out with --exclude)"),
            std::string::npos);
  EXPECT_GT(option_points(json::parse(used.out), "status", "closed").get<int>(), 0);
  const RunResult excluded =
      leadqual({"calibrate", starter, history, "--outcome", "Converted", "--exclude", "Status"});
  ASSERT_EQ(excluded.status, 0) << excluded.err;
  EXPECT_EQ(excluded.err.find("warning: 'Status'"), std::string::npos) << excluded.err;
  EXPECT_EQ(option_points(json::parse(excluded.out), "status", "closed"), 0);
}

TEST(Calibrate, UsageAndInputErrors) {
  const std::string history = scratch_file("history.csv", history_csv(false));
  const std::string starter = scratch_file(
      "starter.json", leadqual({"new", "--from-csv", history, "--outcome", "Converted"}).out);
  const RunResult stage =
      leadqual({"calibrate", starter, history, "--outcome", "Converted", "--stages", "sqll=10%"});
  EXPECT_EQ(stage.status, 2);
  EXPECT_NE(
      stage.err.find("no stage 'sqll' with a condition in " + starter + " — did you mean 'sql'?"),
      std::string::npos)
      << stage.err;
  EXPECT_EQ(
      leadqual({"calibrate", starter, history, "--outcome", "Converted", "--stages", "sql=ten"})
          .status,
      2);
  EXPECT_EQ(
      leadqual({"calibrate", starter, history, "--outcome", "Converted", "--holdout", "2"}).status,
      2);
  EXPECT_EQ(leadqual({"calibrate", starter, history}).status, 2);  // no --outcome
  const RunResult missing =
      leadqual({"calibrate", starter, g_scratch + "/none.csv", "--outcome", "x"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("cannot read"), std::string::npos);
  const std::string no_threshold = scratch_file("plain.json", R"({"leadqual": 1, "id": "p",
    "dimensions": [{"id": "fit"}], "questions": [{"id": "plan", "type": "choice", "options": ["pro", "free"]}],
    "stages": [{"id": "sql", "if": "plan == 'pro'"}, {"id": "nurture"}]})");
  const RunResult unset = leadqual(
      {"calibrate", no_threshold, history, "--outcome", "Converted", "--stages", "sql=10%"});
  EXPECT_EQ(unset.status, 1);
  EXPECT_NE(unset.err.find("stage 'sql': its 'if' has no 'score >= N' to set"), std::string::npos)
      << unset.err;
}

TEST(Backtest, TextAndJsonReports) {
  const std::string history = scratch_file("history.csv", history_csv(false));
  const std::string model = scratch_file("model.json", R"({"leadqual": 1, "id": "m", "version": "1",
    "dimensions": [{"id": "fit"}],
    "questions": [{"id": "plan", "type": "choice", "options": [{"value": "pro", "points": {"fit": 10}}, "free", "trial"]}],
    "stages": [{"id": "sql", "if": "score >= 10"}, {"id": "nurture"}]})");
  const RunResult json_run =
      leadqual({"backtest", model, history, "--outcome", "Converted", "--format", "json"});
  ASSERT_EQ(json_run.status, 0) << json_run.err;
  const json report = json::parse(json_run.out);
  for (const char* key : {"auc", "lift", "stages", "reasons", "rows", "positives", "deciles",
                          "bands", "wrong", "leakage", "columns"}) {
    EXPECT_TRUE(report.contains(key)) << key;
  }
  EXPECT_EQ(report["rows"], 900);
  EXPECT_EQ(report["reasons"].size(), 1u);
  EXPECT_GT(report["reasons"][0]["lift"].get<double>(), 1.5);
  EXPECT_NE(json_run.err.find("ignoring 4 columns that answer no question"), std::string::npos)
      << json_run.err;
  const RunResult text = leadqual({"backtest", model, history, "--outcome", "Converted"});
  ASSERT_EQ(text.status, 0);
  EXPECT_NE(
      text.out.find("900 leads, " + std::to_string(report["positives"].get<int>()) + " converted"),
      std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("ROC AUC          "), std::string::npos);
  EXPECT_NE(text.out.find("Lift by decile"), std::string::npos);
  // Bad rows: listed, counted, exit status 1, the rest still reported.
  const std::string broken =
      scratch_file("broken.csv", "Plan,Converted\npro,1\npro,\"1\nfree\"x,0\nfree,0\n");
  const RunResult bad =
      leadqual({"backtest", model, broken, "--outcome", "Converted", "--format", "json"});
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find(broken + ": line 4: field 2: text after the closing quote"),
            std::string::npos)
      << bad.err;
  EXPECT_EQ(json::parse(bad.out)["rows"], 2);
  EXPECT_EQ(leadqual({"backtest", model, history, "--outcome", "Won"}).status, 1);
  EXPECT_EQ(
      leadqual({"backtest", model, history, "--outcome", "Converted", "--format", "xml"}).status,
      2);
}

// The lines of `text` after the one that starts with `heading`, up to an empty line.
std::vector<std::string> section(const std::string& text, const std::string& heading) {
  std::vector<std::string> lines;
  bool in = false;
  for (const std::string& line : lines_of(text)) {
    if (in && line.empty()) break;
    if (in) lines.push_back(line);
    if (line.rfind(heading, 0) == 0) in = true;
  }
  return lines;
}

std::size_t code_points(const std::string& text) {
  std::size_t length = 0;
  for (unsigned char c : text) length += (c & 0xC0) != 0x80;
  return length;
}

TEST(Backtest, TheTextNamesEachItemOnceAndGivesLiftsToTwoDecimals) {
  // Half of every kind of lead converted: every lift is exactly 1.
  std::string csv = "Plan,Seats,Converted\n";
  for (int i = 0; i < 40; ++i) {
    csv += std::string(i < 20 ? "pro," : "free,") + (i % 4 < 2 ? "5," : "500,") +
           (i % 2 ? "1" : "0") + "\n";
  }
  const std::string history = scratch_file("even.csv", csv);
  const std::string model = scratch_file("even.json", R"({"leadqual": 1, "id": "even",
    "dimensions": [{"id": "fit"}],
    "questions": [
      {"id": "plan", "type": "choice", "options": [{"value": "pro", "points": {"fit": 10}}, {"value": "free", "points": {"fit": -5}}]},
      {"id": "seats", "type": "number", "label": "Seats", "bands": [
        {"max": 10, "points": {"fit": -3}}, {"min": 100, "label": "Large team", "points": {"fit": 5}}]}],
    "stages": [{"id": "sql", "if": "score >= 10"}, {"id": "nurture"}]})");
  const RunResult r = leadqual({"backtest", model, history, "--outcome", "Converted"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> reasons = section(r.out, "Reasons:");
  ASSERT_EQ(reasons.size(), 5u) << r.out;  // a header and four items
  EXPECT_EQ(reasons[1],
            "   +10  plan: pro                                         20  50.0 %  1.00");
  EXPECT_EQ(reasons[2],
            "    -5  plan: free                                        20  50.0 %  1.00");
  EXPECT_EQ(reasons[3],
            "    -3  seats: \u2264 10                                       20  50.0 %  1.00");
  EXPECT_EQ(reasons[4],
            "    +5  seats: Large team                                 20  50.0 %  1.00");
  const std::vector<std::string> deciles = section(r.out, "Lift by decile");
  ASSERT_EQ(deciles.size(), 11u) << r.out;
  for (std::size_t d = 1; d < deciles.size(); ++d) {
    EXPECT_NE(deciles[d].find(" 50.0 %  1.00 "), std::string::npos) << deciles[d];
  }
}

TEST(Calibrate, ThePointsTableLinesUpLabelsWithAccentsAndSigns) {
  const std::string history = scratch_file("history.csv", history_csv(false));
  const std::string model = scratch_file("accents.json", R"json({"leadqual": 1, "id": "accents",
    "dimensions": [{"id": "fit"}],
    "questions": [
      {"id": "plan", "type": "choice", "options": [
        {"value": "pro", "label": "Profi-Tarif für Teams ≥ 5"},
        {"value": "free", "label": "Kostenlos für immer: 0 € im Monat, ohne Kreditkarte, ohne Risiko"},
        {"value": "trial", "label": "Testphase (30 Tage)"}]},
      {"id": "source", "type": "choice", "label": "Quelle", "options": ["referral", "ads", "web"]}],
    "stages": [{"id": "sql", "if": "score >= 5"}, {"id": "nurture"}]})json");
  const RunResult r = leadqual({"calibrate", model, history, "--outcome", "Converted"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> points = section(r.err, "Points (");
  ASSERT_GE(points.size(), 3u) << r.err;
  bool clipped = false;
  for (const std::string& line : points) {
    EXPECT_EQ(code_points(line), code_points(points[0])) << line << "\n" << r.err;
    clipped = clipped || line.find("0 € im Monat, ohne Kre…") != std::string::npos;
  }
  EXPECT_TRUE(clipped) << r.err;
}

TEST(Calibrate, OptionsOfAQuestionEveryLeadAnswersShareNoConstantAndThresholdsAreNotNegative) {
  const std::string history = scratch_file("history.csv", history_csv(false));
  const std::string starter = scratch_file(
      "starter.json", leadqual({"new", "--from-csv", history, "--outcome", "Converted"}).out);
  const std::string report = g_scratch + "/shift-report.json";
  const RunResult r = leadqual({"calibrate", starter, history, "--outcome", "Converted", "--stages",
                                "sql=10%,mql=30%", "--report", report});
  ASSERT_EQ(r.status, 0) << r.err;
  const json model = json::parse(r.out);
  // Every lead answers plan, region and source: adding one number to all of a question's options
  // would move every score alike, so the options most leads chose get 0 points.
  for (const char* question : {"plan", "region", "source"}) {
    bool zero = false;
    for (const char* value : {"pro", "free", "trial", "eu", "us", "referral", "ads", "web"}) {
      const json given = option_points(model, question, value);
      zero = zero || (!given.is_null() && given == 0);
    }
    EXPECT_TRUE(zero) << question << ": " << r.out;
  }
  std::ifstream in(report);
  const json figures = json::parse(in);
  for (const auto& threshold : figures["thresholds"].items()) {
    EXPECT_GE(threshold.value().get<double>(), 0) << threshold.key() << "\n" << r.err;
  }
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  // ctest discovers the tests by listing them, without the arguments.
  if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();
  if (argc != 4) {
    std::cerr << "usage: cli_tests LEADQUAL_BINARY DATA_DIR PRESETS_DIR\n";
    return 2;
  }
  g_binary = argv[1];
  g_data_dir = argv[2];
  g_presets_dir = argv[3];
  char scratch[] = "/tmp/leadqual-cli-tests-XXXXXX";
  if (!mkdtemp(scratch)) {
    std::cerr << "cannot create a scratch directory\n";
    return 1;
  }
  g_scratch = scratch;
  // Tests name the data files relatively, as a user would.
  if (chdir(g_data_dir.c_str()) != 0) {
    std::cerr << "cannot enter " << g_data_dir << "\n";
    return 1;
  }
  const int status = RUN_ALL_TESTS();
  std::system(("rm -rf '" + g_scratch + "'").c_str());
  return status;
}
