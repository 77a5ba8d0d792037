// Backtests in the core, against cases worked out by hand: ROC AUC and lift, stage and reason
// conversion, points that look wrong, leakage evidence, the column mapping, starter models.
#include "core/compiler/backtest.hpp"

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/compiler/csv_answers.hpp"
#include "core/compiler/leakage.hpp"
#include "core/compiler/profile.hpp"
#include "core/compiler/score_stats.hpp"
#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

using json = nlohmann::json;

std::shared_ptr<const Model> load(const std::string& text) {
  LoadResult loaded = Model::parse(text);
  EXPECT_TRUE(loaded.model) << (loaded.errors.empty()
                                    ? ""
                                    : loaded.errors[0].pointer + ": " + loaded.errors[0].message);
  return loaded.model;
}

// ---- ROC AUC and lift ---------------------------------------------------------------------------

TEST(ScoreStats, AucCountsOrderedPairsAndTiesHalf) {
  // Converted leads score 3 and 2, the others 1 and 2: of the 4 pairs, (3,1), (3,2) and (2,1)
  // are ordered right and (2,2) is a tie: (3 + 0.5) / 4.
  ScoreStats stats;
  stats.add(3, true);
  stats.add(2, true);
  stats.add(1, false);
  stats.add(2, false);
  EXPECT_DOUBLE_EQ(stats.auc(), 0.875);

  ScoreStats perfect;
  for (int i = 0; i < 5; ++i) perfect.add(10 + i, true);
  for (int i = 0; i < 5; ++i) perfect.add(i, false);
  EXPECT_DOUBLE_EQ(perfect.auc(), 1.0);

  ScoreStats ties;  // every lead the same score: a coin toss
  for (int i = 0; i < 6; ++i) ties.add(7, i % 3 == 0);
  EXPECT_DOUBLE_EQ(ties.auc(), 0.5);

  ScoreStats one_kind;
  one_kind.add(1, true);
  EXPECT_TRUE(std::isnan(one_kind.auc()));
}

TEST(ScoreStats, DecilesOfTwentyLeads) {
  // Scores 20 down to 1; the converted leads score 20, 19, 15, 8 and 2 (base rate 25 %).
  ScoreStats stats;
  for (int score = 1; score <= 20; ++score) {
    stats.add(score, score == 20 || score == 19 || score == 15 || score == 8 || score == 2);
  }
  const std::vector<ScoreStats::Decile> deciles = stats.deciles();
  ASSERT_EQ(deciles.size(), 10u);
  EXPECT_EQ(deciles[0].rows, 2u);
  EXPECT_DOUBLE_EQ(deciles[0].positives, 2);  // top decile converts 100 %: lift 4
  EXPECT_DOUBLE_EQ(deciles[0].max_score, 20);
  EXPECT_DOUBLE_EQ(deciles[0].min_score, 19);
  EXPECT_DOUBLE_EQ(deciles[1].positives, 0);  // 18, 17
  EXPECT_DOUBLE_EQ(deciles[2].positives, 1);  // 16, 15
  EXPECT_DOUBLE_EQ(deciles[6].positives, 1);  // 8, 7
  EXPECT_DOUBLE_EQ(deciles[9].positives, 1);  // 2, 1
}

TEST(ScoreStats, TiedLeadsAcrossACutAreSharedInProportion) {
  // Ten leads, all scoring 0, three converted: each decile holds one lead and 0.3 of a
  // conversion, the expected count had their order been random.
  ScoreStats stats;
  for (int i = 0; i < 10; ++i) stats.add(0, i < 3);
  for (const ScoreStats::Decile& decile : stats.deciles()) {
    EXPECT_EQ(decile.rows, 1u);
    EXPECT_NEAR(decile.positives, 0.3, 1e-12);
  }
  // Fewer than ten leads: the first decile is still a lead.
  ScoreStats few;
  few.add(5, true);
  few.add(1, false);
  few.add(1, false);
  EXPECT_EQ(few.deciles()[0].rows, 1u);
  EXPECT_DOUBLE_EQ(few.deciles()[0].positives, 1);
}

TEST(ScoreStats, BandsHaveRoundWidths) {
  ScoreStats stats;
  for (int score : {-5, 0, 3, 12, 47}) stats.add(score, score > 10);
  // From -5 to 47 in at most 10 bands: width 10 (5 would need 11 bands).
  const std::vector<ScoreStats::Band> bands = stats.bands();
  ASSERT_EQ(bands.size(), 4u);
  EXPECT_DOUBLE_EQ(bands[0].min, 40);
  EXPECT_DOUBLE_EQ(bands[0].max, 50);
  EXPECT_EQ(bands[0].positives, 1u);
  EXPECT_DOUBLE_EQ(bands[3].min, -10);
  EXPECT_EQ(bands[3].rows, 1u);
  EXPECT_EQ(bands[2].rows, 2u);  // 0 and 3
}

TEST(ScoreStats, ThresholdsForVolumesAndRates) {
  ScoreStats stats;
  for (int score = 1; score <= 100; ++score) stats.add(score, score > 80);
  // The top 10 % score 91 or more; the next 30 % (of all leads) from 61.
  EXPECT_DOUBLE_EQ(stats.threshold_for_share(0.10, INFINITY), 91);
  EXPECT_DOUBLE_EQ(stats.threshold_for_share(0.30, 91), 61);
  // Leads from 71 up convert at 2/3 (20 of 30); from 61 at half.
  EXPECT_DOUBLE_EQ(stats.threshold_for_rate(0.5, INFINITY), 61);
  EXPECT_DOUBLE_EQ(stats.threshold_for_rate(1.0, INFINITY), 81);
  EXPECT_EQ(stats.between(61, 91), (std::pair<std::size_t, std::size_t>{30, 10}));
}

// ---- leakage ------------------------------------------------------------------------------------

TEST(Leakage, LevelsThatConvertAlwaysOrNeverAreEvidence) {
  // "closed" converts 30 of 30, "open" 14 of 70, empty cells 0 of 5: an extreme level, and a
  // strong AUC.
  const LeakageEvidence evidence =
      leakage_evidence({{"closed", 30, 30}, {"open", 70, 14}, {"", 5, 0}});
  EXPECT_TRUE(evidence.suspicious);
  ASSERT_EQ(evidence.extreme.size(), 1u);
  EXPECT_EQ(evidence.extreme[0].text, "closed");
  // Ranked by their level's rate (0 %, 20 %, 100 %): "closed"'s 30 converted leads beat all 61
  // others; "open"'s 14 beat the 5 empty ones and tie with half of their own 56.
  EXPECT_NEAR(evidence.auc, (30.0 * 61 + 14 * (5 + 28)) / (44.0 * 61), 1e-12);
  const std::string text = leakage_text("Tags", evidence);
  EXPECT_NE(text.find("'closed' converts 100 % of 30"), std::string::npos) << text;
  EXPECT_NE(text.find("probably recorded after contact"), std::string::npos) << text;
}

TEST(Leakage, AnOrdinaryColumnIsNot) {
  const LeakageEvidence evidence = leakage_evidence({{"a", 50, 20}, {"b", 50, 15}});
  EXPECT_FALSE(evidence.suspicious);
  EXPECT_LT(evidence.auc, 0.6);
  // Rare values are pooled: a value of 3 rows converting 3 times is no evidence.
  EXPECT_FALSE(leakage_evidence({{"x", 3, 3}, {"a", 50, 20}, {"b", 50, 20}}).suspicious);
}

// ---- columns as answers -------------------------------------------------------------------------

const char* kModel = R"({
  "leadqual": 1, "id": "bt", "dimensions": [{"id": "fit"}],
  "questions": [
    {"id": "plan", "type": "choice", "label": "Current plan",
     "options": [{"value": "pro", "points": {"fit": 10}}, {"value": "free", "points": {"fit": -5}}, "trial"]},
    {"id": "seats", "type": "number", "bands": [{"min": 10, "points": {"fit": 5}}]},
    {"id": "lead_origin", "type": "boolean", "points": {"fit": 2}}
  ],
  "rules": [{"id": "student", "if": "plan == 'free' and seats < 2", "disqualify": "Students"}],
  "stages": [{"id": "sql", "if": "score >= 10", "label": "Sales-ready"}, {"id": "nurture"}]
})";

TEST(CsvAnswers, ColumnsMatchIdsAndLabelsWithoutCaseOrPunctuation) {
  const auto model = load(kModel);
  const CsvAnswers answers(*model, {"Current Plan", "SEATS", "Lead Origin", "Notes", "won"},
                           ColumnMapping{{}, {"won"}});
  EXPECT_EQ(answers.question_of_column(0), 0);  // the label
  EXPECT_EQ(answers.question_of_column(1), 1);  // the id, in capitals
  EXPECT_EQ(answers.question_of_column(2), 2);  // "Lead Origin" is lead_origin
  EXPECT_EQ(answers.question_of_column(3), -1);
  EXPECT_EQ(answers.question_of_column(4), -1);  // skipped: the outcome
  EXPECT_EQ(answers.warnings(),
            (std::vector<std::string>{"ignoring 1 column that answers no question: 'Notes'"}));
}

TEST(CsvAnswers, CloseNamesGetADidYouMeanAndMissingQuestionsAWarning) {
  const auto model = load(kModel);
  const CsvAnswers answers(*model, {"plna", "seats"}, ColumnMapping{});
  EXPECT_EQ(answers.warnings(),
            (std::vector<std::string>{"column 'plna' answers no question — did you mean 'plan'? "
                                      "(use --map COLUMN=QUESTION)"}));
  EXPECT_EQ(answers.unanswered_warning(),
            "no column for the questions 'plan', 'lead_origin': unanswered in every row");
}

TEST(CsvAnswers, AMappingNamesColumnsAndQuestions) {
  const auto model = load(kModel);
  const CsvAnswers mapped(*model, {"Tier", "seats"}, ColumnMapping{{{"Tier", "plan"}}, {}});
  EXPECT_EQ(mapped.question_of_column(0), 0);
  EXPECT_TRUE(mapped.errors().empty());
  const CsvAnswers wrong(*model, {"Tier", "seats"},
                         ColumnMapping{{{"Tire", "plan"}, {"Tier", "plna"}}, {}});
  EXPECT_EQ(wrong.errors(),
            (std::vector<std::string>{
                "--map 'Tire=plan': no column 'Tire' in the header — did you mean 'Tier'?",
                "--map 'Tier=plna': no question 'plna' in the model — did you mean 'plan'?"}));
}

struct OneRecord : CsvSink {
  CsvRecord last;
  void header(const CsvRecord&) override {}
  void record(const CsvRecord& record) override { last = record; }
  void bad(std::size_t, const std::string&) override {}
};

TEST(CsvAnswers, CellsBecomeAnswersOfTheirQuestionsType) {
  const auto model = load(kModel);
  OneRecord sink;
  CsvReader reader;
  reader.feed("plan,seats,lead_origin\n pro , 1e1 ,Yes\n", sink);
  reader.finish(sink);
  CsvAnswers answers(*model, {"plan", "seats", "lead_origin"}, ColumnMapping{});
  json object;
  answers.fill(sink.last, object);
  EXPECT_EQ(object, json({{"plan", "pro"}, {"seats", 10.0}, {"lead_origin", true}}));
  const std::vector<const json*>& by_question = answers.read(sink.last);
  ASSERT_EQ(by_question.size(), 3u);
  EXPECT_EQ(*by_question[1], json(10.0));
  double number = 0;
  EXPECT_TRUE(parse_cell_number("-93.994", number));
  EXPECT_EQ(number, -93.994);
  EXPECT_TRUE(parse_cell_number("+2.5e3", number));
  EXPECT_EQ(number, 2500);
  EXPECT_TRUE(parse_cell_number("-.5", number));
  EXPECT_EQ(number, -0.5);
  EXPECT_TRUE(parse_cell_number("007.e1", number));
  EXPECT_EQ(number, 70);
  EXPECT_TRUE(parse_cell_number("12345678901234567890", number));
  EXPECT_EQ(number, 12345678901234567890.0);
  EXPECT_FALSE(parse_cell_number("1,000", number));
  EXPECT_FALSE(parse_cell_number("1e999", number));
  EXPECT_FALSE(parse_cell_number("0x1A", number));
  EXPECT_FALSE(parse_cell_number("inf", number));
}

// Cells of plain digits take a shortcut: the same number as the core's number_text, at every
// length around the shortcut's limit and with anything that is not a digit in them.
TEST(CsvAnswers, PlainDigitCellsReadAsTheCoreReadsThem) {
  std::mt19937 random(9);
  for (int round = 0; round < 20000; ++round) {
    std::string cell;
    const std::size_t length = random() % 20;
    for (std::size_t i = 0; i < length; ++i) {
      const char* const bytes = "0123456789 .-+e";
      cell.push_back(random() % 8 == 0 ? bytes[random() % 15] : bytes[random() % 10]);
    }
    double expected = 0;
    const bool valid = number_text(cell, expected) && std::isfinite(expected);
    double value = -1;
    EXPECT_EQ(parse_cell_number(cell, value), valid) << cell;
    if (valid) {
      EXPECT_EQ(std::signbit(value), std::signbit(expected)) << cell;
      EXPECT_EQ(value, expected) << cell;
    }
  }
}

// A CSV cell is scored as the JSON answer it stands for, for every question type: valid cells as
// the typed answer and as the same text sent as a JSON string (forms send numbers so), bad cells
// with the very error that JSON string gets. The CSV reader spells nothing of its own: its
// numbers are read by the core's one reading of a number written as text.
TEST(CsvAnswers, ACellScoresAsTheJsonAnswerItStandsFor) {
  const auto model = load(R"({
    "leadqual": 1, "id": "cells", "dimensions": [{"id": "fit"}],
    "questions": [
      {"id": "plan", "type": "choice", "options": [{"value": "pro", "points": {"fit": 10}}, "free"]},
      {"id": "tools", "type": "multi", "options": [{"value": "crm", "points": {"fit": 3}}, "erp"]},
      {"id": "seats", "type": "number", "min": -100, "max": 1000,
       "bands": [{"min": 10, "points": {"fit": 5}}]},
      {"id": "hours", "type": "range", "min": 0, "max": 100,
       "bands": [{"min": 10, "points": {"fit": 1}}]},
      {"id": "call", "type": "boolean", "points": {"fit": 2}},
      {"id": "note", "type": "text"},
      {"id": "mail", "type": "email"},
      {"id": "src", "type": "hidden"}
    ],
    "computed": [{"id": "twice", "expr": "seats * 2"}],
    "stages": [{"id": "sql", "if": "score >= 10"}, {"id": "nurture"}]
  })");
  ASSERT_TRUE(model);
  struct Case {
    std::string column, cell;
    json answer;  // the JSON answer the cell stands for
  };
  const std::vector<Case> cases = {
      {"plan", "pro", "pro"},
      {"plan", " pro ", "pro"},
      {"plan", "zzz", "zzz"},  // unknown_option
      {"tools", "crm;erp", json::array({"crm", "erp"})},
      {"tools", "crm | zzz", json::array({"crm", "zzz"})},  // unknown_option at /tools/1
      {"seats", "250", 250},
      {"seats", "250", "250"},
      {"seats", " 1e1 ", " 1e1 "},
      {"seats", "-2.5", "-2.5"},
      {"seats", "+2.5", "+2.5"},
      {"seats", "-.5", "-.5"},
      {"seats", "007.e1", "007.e1"},
      {"seats", "-0", "-0"},
      {"seats", "0x10", "0x10"},          // not_a_number
      {"seats", "Infinity", "Infinity"},  // not_a_number
      {"seats", "1e400", "1e400"},        // not a finite number
      {"seats", "1,000", "1,000"},        // not_a_number
      {"seats", "5000", 5000},            // out_of_range
      {"hours", "12.5", "12.5"},
      {"hours", "abc", "abc"},  // not_a_number
      {"call", "yes", true},
      {"call", "No", false},
      {"call", "TRUE", true},
      {"call", "1", true},
      {"call", "true", "true"},
      {"call", "maybe", "maybe"},  // wrong_type
      {"note", "said \"hi\"", "said \"hi\""},
      {"mail", "ana@example.com", "ana@example.com"},
      {"mail", "not-an-email", "not-an-email"},  // invalid_email
      {"src", "newsletter", "newsletter"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.column + ": " + c.cell + " ~ " + c.answer.dump());
    OneRecord sink;
    CsvReader reader;
    std::string quoted;  // the cell as a CSV field, spaces and quotes kept
    for (char ch : c.cell) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    reader.feed(c.column + "\n\"" + quoted + "\"\n", sink);
    reader.finish(sink);
    ASSERT_EQ(sink.last.size(), 1u);
    CsvAnswers csv(*model, {c.column}, ColumnMapping{});
    json from_cell;
    csv.fill(sink.last, from_cell);
    const json expected = model->score(json{{c.column, c.answer}});
    EXPECT_EQ(model->score(from_cell), expected);
    // The path backtest and calibrate take: answers by question index.
    ScoreTrace by_index, by_json;
    model->trace(csv.read(sink.last), ScoreOptions{}, by_index);
    model->trace(json{{c.column, c.answer}}, ScoreOptions{}, by_json);
    EXPECT_EQ(by_index.score, by_json.score);
    EXPECT_EQ(by_index.stage, by_json.stage);
  }
}

// ---- the backtest -------------------------------------------------------------------------------

json run(const std::string& model_text, const std::string& csv, const std::string& outcome,
         std::size_t chunk = 7) {
  BacktestOptions options;
  options.outcome.column = outcome;
  Backtest backtest(load(model_text), options);
  for (std::size_t at = 0; at < csv.size(); at += chunk) {
    backtest.feed(std::string_view(csv).substr(at, chunk));
  }
  backtest.finish();
  EXPECT_FALSE(backtest.failed()) << backtest.error();
  return backtest.report();
}

TEST(Backtest, ASmallHistoryWorkedByHand) {
  // score, stage:   15 sql (won)  10 sql  0 nurture (won)  -5 disqualified  0 nurture
  //                 0 nurture (won)
  const std::string csv =
      "plan,seats,won\n"
      "pro,20,yes\n"
      "pro,1,no\n"
      "free,50,yes\n"
      "free,1,no\n"
      "trial,,no\n"
      ",5,YES\n";
  const json report = run(kModel, csv, "won");
  EXPECT_EQ(report["rows"], 6);
  EXPECT_EQ(report["positives"], 3);
  // Converted 15, 0, 0 against 10, -5, 0: 15 beats all three, each 0 beats -5 and ties 0.
  EXPECT_EQ(report["auc"], 0.6667);
  EXPECT_EQ(report["lift"], 2);  // the top lead (15) converted: 100 % against 50 %
  const json& stages = report["stages"];
  ASSERT_EQ(stages.size(), 3u);
  EXPECT_EQ(stages[0]["id"], "sql");
  EXPECT_EQ(stages[0]["label"], "Sales-ready");
  EXPECT_EQ(stages[0]["rows"], 2);
  EXPECT_EQ(stages[0]["positives"], 1);
  EXPECT_EQ(stages[1]["id"], "nurture");
  EXPECT_EQ(stages[1]["rows"], 3);
  EXPECT_EQ(stages[1]["rate"], 0.6667);
  EXPECT_EQ(stages[2]["id"], "disqualified");
  EXPECT_EQ(stages[2]["rows"], 1);
  // Reasons: pro, free, the band, the boolean and the disqualifier (trial has no points).
  const json& reasons = report["reasons"];
  ASSERT_EQ(reasons.size(), 5u);
  EXPECT_EQ(reasons[0]["pointer"], "/questions/0/options/0");
  EXPECT_EQ(reasons[0]["rows"], 2);
  EXPECT_EQ(reasons[0]["rate"], 0.5);
  EXPECT_EQ(reasons[2]["source"], "band");
  EXPECT_EQ(reasons[2]["rows"], 2);
  EXPECT_EQ(reasons[2]["rate"], 1);
  EXPECT_EQ(reasons[2]["lift"], 2);
  EXPECT_EQ(reasons[3]["pointer"], "/questions/2");
  EXPECT_EQ(reasons[3]["rows"], 0);  // no column answers it
  EXPECT_EQ(reasons[4]["source"], "disqualify");
  EXPECT_EQ(reasons[4]["rows"], 1);
  // Each item named once for a table: its question's id, then the option, the band's bounds,
  // "yes" for a boolean; a rule by its id and reason.
  EXPECT_EQ(reasons[0]["name"], "plan: pro");
  EXPECT_EQ(reasons[2]["name"], "seats: \u2265 10");
  EXPECT_EQ(reasons[3]["name"], "lead_origin: yes");
  EXPECT_EQ(reasons[4]["name"], "rule student: Students");
  EXPECT_EQ(report["columns"]["unanswered"], json::array({"lead_origin"}));
}

TEST(Backtest, PointsThatPointTheWrongWayAreListed) {
  // 50 "pro" leads (+10) convert 5 times, 50 "free" leads (-5) 45 times: base rate 50 %.
  std::string csv = "plan,won\n";
  for (int i = 0; i < 50; ++i) csv += std::string("pro,") + (i < 5 ? "1" : "0") + "\n";
  for (int i = 0; i < 50; ++i) csv += std::string("free,") + (i < 45 ? "1" : "0") + "\n";
  const json report = run(kModel, csv, "won", 64);
  const json& wrong = report["wrong"];
  ASSERT_EQ(wrong.size(), 2u) << wrong;
  EXPECT_EQ(wrong[0]["pointer"], "/questions/0/options/0");
  EXPECT_EQ(wrong[0]["why"],
            "adds 10 points, but its 50 leads convert at 10 % against 50 % overall");
  EXPECT_EQ(wrong[1]["why"],
            "takes away 5 points, but its 50 leads convert at 90 % against 50 % overall");
  EXPECT_TRUE(report["reasons"][0]["looks_wrong"].get<bool>());
  // The AUC says the same: every converted "free" lead scores below every other "pro" lead.
  EXPECT_LT(report["auc"].get<double>(), 0.2);
}

TEST(Backtest, ALeakyQuestionIsReported) {
  const std::string model = R"({"leadqual": 1, "id": "leak", "dimensions": [{"id": "fit"}],
    "questions": [{"id": "tags", "type": "choice", "options": ["closed", "open"]}],
    "stages": [{"id": "all"}]})";
  std::string csv = "Tags,Converted\n";
  for (int i = 0; i < 30; ++i) csv += "closed,1\n";
  for (int i = 0; i < 70; ++i) csv += std::string("open,") + (i < 14 ? "1" : "0") + "\n";
  const json report = run(model, csv, "Converted", 100);
  ASSERT_EQ(report["leakage"].size(), 1u);
  const json& leak = report["leakage"][0];
  EXPECT_EQ(leak["column"], "Tags");
  EXPECT_EQ(leak["question"], "tags");
  EXPECT_EQ(leak["levels"][0],
            json({{"value", "closed"}, {"rows", 30}, {"positives", 30}, {"rate", 1}}));
}

TEST(Backtest, BadRowsAndUnknownOutcomesAreCountedAndTheRestGoOn) {
  const std::string csv =
      "plan;seats;won\n"
      "pro;20;1\n"
      "pro;1\"x;0\n"
      "free;50;maybe\n"
      "free;1;\n"
      "trial;;0\n";
  const json report = run(kModel, csv, "won", 3);
  EXPECT_EQ(report["rows"], 2);
  EXPECT_EQ(report["skipped"], json({{"bad", 1}, {"no_outcome", 1}, {"unknown_outcome", 1}}));
  ASSERT_EQ(report["problems"].size(), 2u);
  EXPECT_EQ(report["problems"][0]["line"], 3);
  EXPECT_EQ(report["problems"][1]["message"],
            "line 4: outcome 'maybe' is not one of 1/0, yes/no, true/false, won/lost (say which "
            "values are conversions with --positive)");
}

TEST(Backtest, AnswerErrorsAreCountedPerQuestion) {
  const json report = run(kModel, "plan,seats,won\npremium,x,1\npremium,2,0\n", "won");
  const json& errors = report["answer_errors"];
  ASSERT_EQ(errors.size(), 2u) << errors;
  EXPECT_EQ(errors[0]["question"], "plan");
  EXPECT_EQ(errors[0]["code"], "unknown_option");
  EXPECT_EQ(errors[0]["rows"], 2);
  EXPECT_EQ(errors[1]["code"], "not_a_number");
  EXPECT_EQ(errors[1]["rows"], 1);
}

TEST(Backtest, ANamedOutcomeColumnMustExist) {
  BacktestOptions options;
  options.outcome.column = "Convertd";
  Backtest backtest(load(kModel), options);
  backtest.feed("plan,Converted\npro,1\n");
  backtest.finish();
  EXPECT_TRUE(backtest.failed());
  EXPECT_EQ(backtest.error(),
            "no outcome column 'Convertd' in the header — did you mean 'Converted'?");
}

TEST(Trace, ItemsAreTheReasonsAndTheOptionsWithoutPoints) {
  const auto model = load(kModel);
  const std::vector<ModelItem> items = model->items();
  ASSERT_EQ(items.size(), 6u);  // 3 options, 1 band, the boolean, the rule
  EXPECT_EQ(items[3].pointer, "/questions/1/bands/0");
  EXPECT_EQ(items[4].pointer, "/questions/2");
  EXPECT_EQ(items[4].points, 2);
  EXPECT_EQ(items[5].kind, ModelItem::Kind::Disqualifier);
  ScoreTrace trace;
  model->trace(json{{"plan", "trial"}, {"seats", 12}, {"lead_origin", true}}, {}, trace);
  EXPECT_EQ(trace.items, (std::vector<int>{2, 3, 4}));
  EXPECT_EQ(trace.score, 7);
  EXPECT_EQ(trace.stage, 1);
  model->trace(json{{"plan", "free"}, {"seats", 1}}, {}, trace);
  EXPECT_EQ(trace.items, (std::vector<int>{1, 5}));
  EXPECT_EQ(trace.stage, -1);
  EXPECT_EQ(trace.disqualifier, 0);
  EXPECT_EQ(trace.score, model->score(json{{"plan", "free"}, {"seats", 1}})["score"]);
}

// ---- starter models -----------------------------------------------------------------------------

TEST(Profile, QuantileCutsFollowTheData) {
  std::map<double, std::size_t> values;
  for (int v = 1; v <= 100; ++v) values[v] = 1;
  EXPECT_EQ(quantile_cuts(values, 4), (std::vector<double>{25, 50, 75}));
  // A value holding most leads gets a band of its own ("999: never contacted").
  std::map<double, std::size_t> heavy = {{0, 30}, {3, 20}, {999, 950}};
  EXPECT_EQ(quantile_cuts(heavy, 10), (std::vector<double>{3}));
  EXPECT_TRUE(quantile_cuts({{5, 10}}, 10).empty());
  EXPECT_EQ(bands_for_cuts({25, 50}, true),
            nlohmann::ordered_json::parse(R"([{"max": 25, "points": {}},
              {"min": 26, "max": 50, "points": {}}, {"min": 51, "points": {}}])"));
}

TEST(Profile, AStarterModelHasOneQuestionPerUsefulColumn) {
  std::string csv = "Lead ID,Plan,Seats,Region,Notes,Converted,Empty\n";
  for (int i = 0; i < 60; ++i) {
    csv += "L" + std::to_string(i) + "," + (i % 3 == 0 ? "pro" : "free") + "," +
           std::to_string(i % 12) + ",EU,,\"" + (i % 2 ? "yes" : "no") + "\",\n";
  }
  CsvProfile profile(OutcomeOptions{"Converted", {}});
  profile.feed(csv);
  profile.finish();
  ASSERT_FALSE(profile.failed()) << profile.error();
  DraftOptions options;
  options.id = "starter";
  const Draft draft = draft_model(profile, options);
  const auto& questions = draft.model["questions"];
  ASSERT_EQ(questions.size(), 2u) << draft.model.dump(2);
  EXPECT_EQ(questions[0]["id"], "plan");
  EXPECT_EQ(questions[0]["type"], "choice");
  EXPECT_EQ(questions[0]["options"], nlohmann::ordered_json::array({"free", "pro"}));
  EXPECT_EQ(questions[1]["id"], "seats");
  EXPECT_EQ(questions[1]["type"], "number");
  EXPECT_FALSE(questions[1]["bands"].empty());
  EXPECT_EQ(draft.notes, (std::vector<std::string>{
                             "left out 'Lead ID': a different value in every row (an identifier?)",
                             "left out 'Region': always 'EU'", "left out 'Notes': always empty",
                             "left out 'Empty': always empty"}));
  EXPECT_TRUE(Model::load(json(draft.model)).model) << "the starter model loads";
}

TEST(Profile, QuestionIdsAreIdentifiers) {
  std::vector<std::string> taken;
  EXPECT_EQ(question_id_for("Lead Origin", taken), "lead_origin");
  EXPECT_EQ(question_id_for("lead origin", taken), "lead_origin_2");
  EXPECT_EQ(question_id_for("emp.var.rate", taken), "emp_var_rate");
  EXPECT_EQ(question_id_for("1st touch", taken), "c_1st_touch");
  EXPECT_EQ(question_id_for("score", taken), "score_answer");
  EXPECT_EQ(question_id_for("Größe", taken), "gr_e");
  EXPECT_EQ(question_id_for("!!!", taken), "column");
}

}  // namespace
}  // namespace leadqual
