// The compiled model: its bytes load into the runtime alone and score exactly as the model did;
// the typed view shows the model's shape; corrupt bytes are refused, never a crash.
#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "core/compiler/format_writer.hpp"
#include "core/runtime/format.hpp"
#include "core/runtime/score.hpp"
#include "helpers.hpp"

namespace leadqual::testing {
namespace {

std::shared_ptr<const Model> acme() {
  return load_ok(read_file(std::string(LEADQUAL_SOURCE_DIR) + "/models/examples/acme-bant.json"));
}

const char* kHotLead = R"({"budget": "approved", "role": "manager", "employees": 1500,
  "hours": 10, "rate": 60, "start": "now", "talk_to_sales": true, "email": "ann@acme-buyer.com"})";

TEST(Compiled, BytesLoadWithoutTheCompilerAndScoreTheSame) {
  auto model = acme();
  ASSERT_NE(model, nullptr);
  LoadResult loaded = Model::load_compiled(model->bytes());
  ASSERT_TRUE(loaded.errors.empty()) << joined(loaded.errors);
  EXPECT_EQ(loaded.model->hash(), model->hash());
  EXPECT_EQ(loaded.model->normalized(), model->normalized());
  for (const char* answers : {kHotLead, "{}", R"({"budget": "nope", "employees": "many"})"}) {
    EXPECT_EQ(loaded.model->state_text(json_of(answers)), model->state_text(json_of(answers)));
  }
}

TEST(Compiled, TheRuntimeScoresTypedInputWithoutJson) {
  auto model = acme();
  ASSERT_NE(model, nullptr);
  const CompiledModel& m = model->compiled();
  Input input;
  input.reset(m);
  auto set = [&](const char* id) -> Raw& {
    const int q = m.find_question(id);
    EXPECT_GE(q, 0) << id;
    return input.questions[static_cast<std::size_t>(q)];
  };
  set("budget").kind = RawKind::String;
  set("budget").text = "approved";
  set("employees").kind = RawKind::Number;
  set("employees").number = 1500;
  set("talk_to_sales").kind = RawKind::Bool;
  set("talk_to_sales").boolean = true;
  input.unknown_questions.push_back("budjet");
  Result result;
  score(m, input, std::nan(""), result);
  std::string text;
  write_result(m, result, text);
  EXPECT_EQ(text, model->score_text(json_of(
                      R"({"budget": "approved", "employees": 1500, "talk_to_sales": true,
                          "budjet": 1})")));
  EXPECT_EQ(result.dimensions[0], 25);  // budget
  ASSERT_EQ(result.errors.size(), 1U);
  EXPECT_EQ(result.errors[0].message,
            "no question 'budjet' in this model — did you mean 'budget'?");
}

TEST(Compiled, TheTypedViewShowsTheModel) {
  auto model = acme();
  ASSERT_NE(model, nullptr);
  const CompiledModel& m = model->compiled();
  EXPECT_EQ(m.id, "acme-bant");
  EXPECT_EQ(m.version, "2026.11");
  EXPECT_EQ(m.hash, model->hash());
  ASSERT_EQ(m.dimensions.size(), 4U);
  EXPECT_EQ(m.dimensions[0].id, "budget");
  EXPECT_EQ(m.dimensions[0].max, 25);
  const Question& budget = m.questions[static_cast<std::size_t>(m.find_question("budget"))];
  EXPECT_EQ(budget.type, QuestionType::Choice);
  EXPECT_STREQ(question_type_name(budget.type), "choice");
  ASSERT_FALSE(budget.options.empty());
  EXPECT_EQ(budget.options[0].value, "approved");
  ASSERT_EQ(budget.options[0].points.count, 1U);
  const Contribution& points = m.contributions[budget.options[0].points.first];
  EXPECT_EQ(m.dimensions[static_cast<std::size_t>(points.dimension)].id, "budget");
  EXPECT_EQ(points.points, 25);
  EXPECT_TRUE(m.has_grade);
  EXPECT_EQ(m.stages.back().condition, -1);  // the default stage
  bool disqualifies = false;
  for (const Rule& rule : m.rules) disqualifies = disqualifies || rule.disqualifies;
  EXPECT_TRUE(disqualifies);
  EXPECT_EQ(m.percent_base, 100);
  // The state of no answers is in the compiled model, for renderers that start without wasm.
  EXPECT_EQ(m.initial_state_json, model->state_text(nlohmann::json::object()));
}

// What the collector, the CLI and the backtest read of a model's shape is in the typed view, so
// none of them re-reads normalized(): stage labels, whether a band has a label of its own, what
// the result shares (submit.result), and lookups by id. It survives the bytes.
TEST(Compiled, TheTypedViewHasWhatTheEdgesRead) {
  auto model = load_ok(patched(R"({
    "lang": "ja",
    "questions": [{"id": "fleet", "type": "number", "label": {"en": "Fleet", "ja": "台数"},
                   "bands": [{"min": 10, "label": {"en": "Big", "ja": "大"}, "points": {"fit": 5}},
                             {"max": 9, "points": {"fit": 1}}]},
                  {"id": "ref", "type": "hidden"}],
    "computed": [{"id": "cost", "expr": "fleet * 913"}, {"id": "half", "expr": "cost / 2"}],
    "stages": [{"id": "sql", "if": "score >= 5", "label": {"en": "Sales-ready", "ja": "商談"}},
               {"id": "nurture"}],
    "submit": {"result": {"reasons": "texts", "dimensions": true, "computed": ["half"]}}
  })"));
  ASSERT_NE(model, nullptr);
  LoadResult reloaded = Model::load_compiled(model->bytes());
  ASSERT_NE(reloaded.model, nullptr) << joined(reloaded.errors);
  for (const CompiledModel* m : {&model->compiled(), &reloaded.model->compiled()}) {
    ASSERT_EQ(m->stages.size(), 2U);
    EXPECT_EQ(m->stages[0].label, "商談");     // in the model's language
    EXPECT_EQ(m->stages[1].label, "nurture");  // no label: the id, as normalized() has it
    EXPECT_EQ(m->find_stage("nurture"), 1);
    EXPECT_EQ(m->find_stage("disqualified"), -1);
    EXPECT_EQ(m->find_dimension("fit"), 0);
    EXPECT_EQ(m->find_dimension("fat"), -1);
    const Question& fleet = m->questions[0];
    EXPECT_EQ(fleet.text, "台数");
    ASSERT_EQ(fleet.bands.size(), 2U);
    EXPECT_TRUE(fleet.bands[0].has_label);
    EXPECT_FALSE(fleet.bands[1].has_label);
    EXPECT_EQ(fleet.bands[1].text, "台数: ≤ 9");
    EXPECT_EQ(m->questions[1].type, QuestionType::Hidden);
    EXPECT_EQ(m->sharing.reasons, SharedReasons::Texts);
    EXPECT_TRUE(m->sharing.dimensions);
    EXPECT_EQ(m->sharing.computed, std::vector<int>{1});
  }
  auto plain = load_ok(patched("{}"));
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->compiled().sharing.reasons, SharedReasons::None);
  EXPECT_FALSE(plain->compiled().sharing.dimensions);
  EXPECT_TRUE(plain->compiled().sharing.computed.empty());
}

TEST(Compiled, WrongMagicOrFormatIsRefusedWithAReason) {
  auto model = acme();
  ASSERT_NE(model, nullptr);
  LoadResult json_given = Model::load_compiled(R"({"leadqual": 1})");
  ASSERT_EQ(json_given.errors.size(), 1U);
  EXPECT_EQ(json_given.errors[0].message,
            "not a compiled leadqual model (build one with `leadqual build model.json`)");
  // A file built by an older leadqual (format 1 had no stage labels nor the sharing policy) or a
  // newer one is refused with what to do, never half-read.
  for (char format : {'\1', 'c'}) {
    std::string other = model->bytes();
    other[4] = format;
    LoadResult refused = Model::load_compiled(other);
    ASSERT_EQ(refused.errors.size(), 1U);
    EXPECT_EQ(refused.errors[0].message,
              "compiled model format " + std::to_string(static_cast<int>(format)) +
                  ", this runtime reads format 4 (rebuild it from the model's JSON with this "
                  "version's `leadqual build model.json`)");
  }
}

// The sorted tables are the compiler's (sort_tables()), carried by the bytes: a loaded model has
// the very tables the compiler sorted, and never sorts them again.
TEST(Compiled, TheSortedTablesComeWithTheBytes) {
  auto model = acme();
  ASSERT_NE(model, nullptr);
  const CompiledModel& built = model->compiled();
  CompiledModel loaded;
  std::string error;
  ASSERT_TRUE(read_compiled(model->bytes(), loaded, error)) << error;
  EXPECT_EQ(loaded.dimensions_by_id, built.dimensions_by_id);
  EXPECT_EQ(loaded.computed_by_id, built.computed_by_id);
  EXPECT_EQ(loaded.questions_by_id, built.questions_by_id);
  EXPECT_EQ(loaded.signals_by_id, built.signals_by_id);
  EXPECT_EQ(loaded.names, built.names);
  ASSERT_EQ(loaded.questions.size(), built.questions.size());
  for (std::size_t q = 0; q < built.questions.size(); ++q) {
    EXPECT_EQ(loaded.questions[q].options_by_value, built.questions[q].options_by_value) << q;
  }
  ASSERT_FALSE(built.names.empty());
  EXPECT_TRUE(std::is_sorted(built.names.begin(), built.names.end()));

  // Written in another order, they are loaded as written (the loader does not sort).
  CompiledModel reordered = built;
  std::reverse(reordered.questions_by_id.begin(), reordered.questions_by_id.end());
  CompiledModel reread;
  ASSERT_TRUE(read_compiled(write_compiled(reordered), reread, error)) << error;
  EXPECT_EQ(reread.questions_by_id, reordered.questions_by_id);
}

// An index of the sorted tables out of range (or a table of another length) is refused.
TEST(Compiled, SortedTablesOutOfRangeAreRefused) {
  auto model = acme();
  ASSERT_NE(model, nullptr);
  const CompiledModel& built = model->compiled();
  ASSERT_FALSE(built.questions.empty());
  ASSERT_FALSE(built.questions[0].options.empty());
  const std::vector<std::pair<const char*, void (*)(CompiledModel&)>> corruptions = {
      {"an order names nothing", [](CompiledModel& m) { m.dimensions_by_id[0] = 99; }},
      {"an order names nothing", [](CompiledModel& m) { m.computed_by_id.push_back(0); }},
      {"an order names nothing", [](CompiledModel& m) { m.questions_by_id.pop_back(); }},
      {"an order names nothing", [](CompiledModel& m) { m.signals_by_id.push_back(7); }},
      {"an order names no option",
       [](CompiledModel& m) { m.questions[0].options_by_value[0] = 1000; }},
      {"a name is no slot", [](CompiledModel& m) { m.names[0].second = m.slots.count; }},
      {"a name is no slot", [](CompiledModel& m) { m.names[0].second = -1; }},
  };
  for (const auto& [message, corrupt] : corruptions) {
    CompiledModel m = built;
    corrupt(m);
    CompiledModel out;
    std::string error;
    EXPECT_FALSE(read_compiled(write_compiled(m), out, error)) << message;
    EXPECT_EQ(error, std::string("the compiled model is corrupt: ") + message);
  }
}

// The conditions' checks are the compiler's too (prepare_checks()), carried by the bytes.
TEST(Compiled, TheChecksComeWithTheBytes) {
  auto model = acme();
  ASSERT_NE(model, nullptr);
  const CompiledModel& built = model->compiled();
  CompiledModel loaded;
  std::string error;
  ASSERT_TRUE(read_compiled(model->bytes(), loaded, error)) << error;
  ASSERT_FALSE(built.checks.empty());
  ASSERT_EQ(loaded.checks.size(), built.checks.size());
  for (std::size_t i = 0; i < built.checks.size(); ++i) {
    const Check& a = loaded.checks[i];
    const Check& b = built.checks[i];
    EXPECT_TRUE(a.kind == b.kind && a.op == b.op && a.a_slot == b.a_slot && a.b_slot == b.b_slot &&
                a.truth == b.truth && a.kids == b.kids && a.size == b.size && a.a == b.a &&
                a.b == b.b && a.pc == b.pc && a.length == b.length && a.key == b.key &&
                a.tail == b.tail)
        << i;
  }
  ASSERT_EQ(loaded.expressions.size(), built.expressions.size());
  for (std::size_t e = 0; e < built.expressions.size(); ++e) {
    EXPECT_EQ(loaded.expressions[e].check, built.expressions[e].check) << e;
  }
}

// A check that names what is not there, or whose operands do not fill it, or nested deeper
// than the evaluator recurses, is refused.
TEST(Compiled, MalformedChecksAreRefused) {
  auto model = acme();
  ASSERT_NE(model, nullptr);
  const CompiledModel& built = model->compiled();
  std::size_t compare = built.checks.size();
  for (std::size_t i = 0; i < built.checks.size(); ++i) {
    if (built.checks[i].kind == Check::Kind::Compare) compare = i;
  }
  ASSERT_LT(compare, built.checks.size());
  std::size_t condition = built.expressions.size();
  for (std::size_t e = 0; e < built.expressions.size(); ++e) {
    if (built.expressions[e].check >= 0) condition = e;
  }
  ASSERT_LT(condition, built.expressions.size());
  const std::string nothing = "a check names nothing";
  const std::string malformed = "a check is malformed";
  std::vector<std::pair<std::string, std::function<void(CompiledModel&)>>> corruptions = {
      {nothing,
       [&](CompiledModel& m) {
         m.checks[compare].a_slot = true;
         m.checks[compare].a = static_cast<std::uint32_t>(m.slots.count);
       }},
      {nothing,
       [&](CompiledModel& m) {
         m.checks[compare].b_slot = false;
         m.checks[compare].b = static_cast<std::uint32_t>(m.program.constants.size());
       }},
      {nothing,
       [&](CompiledModel& m) {
         m.checks[compare].kind = Check::Kind::Instr;
         m.checks[compare].pc = static_cast<std::uint32_t>(m.program.code.size());
       }},
      {nothing,
       [&](CompiledModel& m) {
         m.expressions[condition].check = static_cast<std::int32_t>(m.checks.size());
       }},
      {malformed, [&](CompiledModel& m) { m.checks[compare].size = 0; }},
      {malformed, [&](CompiledModel& m) { m.checks[compare].size = 2; }},
      {malformed,
       [&](CompiledModel& m) {  // an `and` of two with one after it
         Check all;
         all.kind = Check::Kind::All;
         all.kids = 2;
         all.size = 2;
         m.checks.push_back(all);
         m.checks.push_back(Check{});
       }},
      {malformed,
       [&](CompiledModel& m) {  // 300 nested `not`s
         const std::size_t at = m.checks.size();
         for (std::uint32_t i = 0; i < 300; ++i) {
           Check c;
           c.kind = Check::Kind::Not;
           c.size = 301 - i;
           m.checks.push_back(c);
         }
         Check leaf;
         leaf.kind = Check::Kind::Fixed;
         leaf.truth = Truth::True;
         m.checks.push_back(leaf);
         m.expressions[condition].check = static_cast<std::int32_t>(at);
       }},
  };
  for (const auto& [message, corrupt] : corruptions) {
    CompiledModel m = built;
    corrupt(m);
    CompiledModel out;
    std::string error;
    EXPECT_FALSE(read_compiled(write_compiled(m), out, error)) << message;
    EXPECT_EQ(error, "the compiled model is corrupt: " + message);
  }
  // 200 nested `not`s are within the depth programs may have: loaded.
  CompiledModel m = built;
  for (std::uint32_t i = 0; i < 200; ++i) {
    Check c;
    c.kind = Check::Kind::Not;
    c.size = 201 - i;
    m.checks.push_back(c);
  }
  m.checks.push_back(Check{});
  CompiledModel out;
  std::string error;
  EXPECT_TRUE(read_compiled(write_compiled(m), out, error)) << error;
}

// Bytes from the network may be anything: every truncation and thousands of corruptions are
// either refused with a message or load and score (the checks keep every index in range).
TEST(Compiled, CorruptBytesAreRefusedOrScoreSafely) {
  auto model = acme();
  ASSERT_NE(model, nullptr);
  const std::string& bytes = model->bytes();
  for (std::size_t length = 0; length < bytes.size(); length += 7) {
    CompiledModel out;
    std::string error;
    EXPECT_FALSE(read_compiled(std::string_view(bytes).substr(0, length), out, error)) << length;
    EXPECT_FALSE(error.empty());
  }
  std::mt19937 random(9);
  const std::size_t runtime_start = bytes.size() - 600;  // the runtime part, near the end
  int loaded = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string corrupt = bytes;
    const std::size_t at = runtime_start + random() % (bytes.size() - runtime_start);
    corrupt[at] = static_cast<char>(random());
    LoadResult result = Model::load_compiled(corrupt);
    if (!result.model) {
      ASSERT_FALSE(result.errors.empty());
      continue;
    }
    ++loaded;
    result.model->score_text(json_of(kHotLead));
  }
  EXPECT_GT(loaded, 0);
}

}  // namespace
}  // namespace leadqual::testing
