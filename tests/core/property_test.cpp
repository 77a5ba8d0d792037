// The one contract, as a property: whatever model and answers, every result the core produces
// passes the collector's consistency check (ResultCheck, core/compiler/verify.hpp) — as scored,
// as a page posts it without the finer parts (no dimensions unless the model shares them, no
// reasons, no computed values), and as a flat form post (score, percent, grade, stage; not
// disqualified). tests/js/property.test.mjs is the same property through WebAssembly.
//
// Models are generated from a seed: every question type, dimensions with and without bounds
// (negative and zero maxima, min == max, weights 0 and fractional), grades, stages whose
// conditions read the verdict or the answers, rules that add or disqualify, computed values,
// signals, showIf, in infix text and JsonLogic. Answers are valid, missing or odd (wrong types,
// "0x10", out of range, unknown options and questions). A failure prints the case's seed, the
// model and the answers, and LEADQUAL_PROPERTY_SEED=<seed> LEADQUAL_PROPERTY_CASES=1 replays
// exactly that case.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/compiler/verify.hpp"
#include "core/leadqual.hpp"
#include "helpers.hpp"

namespace leadqual::testing {
namespace {

using json = nlohmann::json;

// splitmix64: the same sequence on every platform and standard library (std:: distributions
// are not specified bit for bit).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
  // A number from lo to hi in steps of 1/`per` (per 1: whole numbers).
  double number(int lo, int hi, int per = 1) {
    return lo + static_cast<double>(below((hi - lo) * per + 1)) / per;
  }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(below(static_cast<int>(items.size())))];
  }

 private:
  std::uint64_t state_;
};

std::string num(double value) {
  return json(value).dump();
}
json var(const std::string& name) {
  return json{{"var", name}};
}
json op(const char* name, json args) {
  json out = json::object();
  out[name] = std::move(args);
  return out;
}

struct Question {
  std::string id, type;
  std::vector<std::string> options;  // choice, multi
  bool has_min = false, has_max = false;
  double min = 0, max = 0;  // number, range
  int max_length = 0;       // text
};

// A model that must load, and what the answers generator needs to know about it.
struct Generated {
  json doc;
  std::vector<Question> questions;
  std::vector<std::string> signals;
  bool shares_dimensions = false;  // submit.result.dimensions
};

class ModelGenerator {
 public:
  explicit ModelGenerator(Rng& rng) : rng_(rng) {}

  Generated generate() {
    Generated g;
    json& doc = g.doc;
    doc = {{"leadqual", 1}, {"id", "property"}};
    if (rng_.chance(70))
      doc["version"] = rng_.chance(20) ? "" : "v" + std::to_string(rng_.below(9));
    const int dimension_count = 1 + rng_.below(4);
    json dimensions = json::array();
    for (int i = 0; i < dimension_count; ++i) {
      json d = {{"id", "d" + std::to_string(i)}};
      switch (rng_.below(6)) {
        case 0:  // unbounded
          break;
        case 1:  // a maximum only: positive, zero or negative
          d["max"] = rng_.number(-30, 40);
          break;
        case 2:  // a minimum only
          d["min"] = rng_.number(-20, 10);
          break;
        case 3: {  // both, possibly equal, possibly all negative
          const double min = rng_.number(-40, 20);
          d["min"] = min;
          d["max"] = min + rng_.number(0, 40);
          break;
        }
        case 4: {  // both negative
          const double max = -rng_.number(1, 30);
          d["min"] = max - rng_.number(0, 20);
          d["max"] = max;
          break;
        }
        default:
          d["min"] = 0;
          d["max"] = rng_.number(1, 50);
      }
      if (rng_.chance(40)) d["weight"] = rng_.pick(std::vector<double>{0, 0.5, 1, 2, 3.25});
      dimensions.push_back(d);
      dimension_ids_.push_back(d["id"]);
    }
    doc["dimensions"] = dimensions;

    const int question_count = rng_.below(7);
    json questions = json::array();
    for (int i = 0; i < question_count; ++i) {
      Question q;
      q.id = "q" + std::to_string(i);
      q.type = rng_.pick(std::vector<std::string>{"choice", "multi", "number", "range", "boolean",
                                                  "text", "email", "hidden"});
      json item = {{"id", q.id}, {"type", q.type}};
      if (q.type == "choice" || q.type == "multi") {
        json options = json::array();
        const int count = 1 + rng_.below(4);
        for (int k = 0; k < count; ++k) {
          const std::string value = std::string(1, static_cast<char>('a' + k));
          q.options.push_back(value);
          if (rng_.chance(30)) {
            options.push_back(value);
          } else {
            json option = {{"value", value}};
            if (rng_.chance(80)) option["points"] = points();
            if (rng_.chance(30)) option["label"] = "Option " + value;
            options.push_back(option);
          }
        }
        item["options"] = options;
      } else if (q.type == "number" || q.type == "range") {
        q.has_min = q.type == "range" || rng_.chance(50);
        q.has_max = q.type == "range" || rng_.chance(50);
        q.min = rng_.number(-50, 50);
        q.max = q.min + rng_.number(0, 200, 2);
        if (q.has_min) item["min"] = q.min;
        if (q.has_max) item["max"] = q.max;
        if (rng_.chance(30)) item["step"] = rng_.pick(std::vector<double>{0.5, 1, 5});
        if (rng_.chance(70)) {
          json bands = json::array();
          const int count = 1 + rng_.below(3);
          for (int k = 0; k < count; ++k) {
            json band = {{"points", points()}};
            const double lo = rng_.number(-60, 150);
            if (rng_.chance(70)) band["min"] = lo;
            if (rng_.chance(70)) band["max"] = lo + rng_.number(0, 100);
            bands.push_back(band);
          }
          item["bands"] = bands;
        }
      } else if (q.type == "boolean") {
        if (rng_.chance(80)) item["points"] = points();
      } else if (q.type == "text") {
        if (rng_.chance(50)) {
          q.max_length = 1 + rng_.below(20);
          item["maxLength"] = q.max_length;
        }
      }
      if (rng_.chance(30)) item["required"] = true;
      if (i > 0 && rng_.chance(35)) item["showIf"] = condition_on(g.questions);
      if (rng_.chance(20)) item["share"] = true;
      questions.push_back(item);
      g.questions.push_back(q);
    }
    doc["questions"] = questions;

    std::vector<std::string> computed_ids;
    json computed = json::array();
    const int computed_count = rng_.below(3);
    for (int i = 0; i < computed_count; ++i) {
      const std::string id = "c" + std::to_string(i);
      computed.push_back({{"id", id}, {"expr", formula(g.questions, computed_ids)}});
      if (rng_.chance(50)) computed.back()["label"] = "Computed " + id;
      computed_ids.push_back(id);
    }
    if (!computed.empty()) doc["computed"] = computed;

    json signals = json::array();
    const int signal_count = rng_.below(3);
    for (int i = 0; i < signal_count; ++i) {
      json s = {{"id", "s" + std::to_string(i)}, {"points", points()}};
      if (rng_.chance(40)) s["cap"] = rng_.number(0, 20);
      if (rng_.chance(40)) s["halfLife"] = rng_.number(1, 30);
      signals.push_back(s);
      g.signals.push_back(s["id"]);
    }
    if (!signals.empty()) doc["signals"] = signals;

    json rules = json::array();
    const int rule_count = rng_.below(4);
    for (int i = 0; i < rule_count; ++i) {
      json rule = {{"id", "r-" + std::to_string(i)}};
      rule["if"] = rule_condition(g, computed_ids);
      if (rng_.chance(30)) {
        rule["disqualify"] = "Disqualified by r-" + std::to_string(i);
      } else {
        rule["add"] = points();
        if (rng_.chance(40)) rule["reason"] = "Rule " + std::to_string(i);
      }
      rules.push_back(rule);
    }
    if (!rules.empty()) doc["rules"] = rules;

    std::vector<std::string> grades;
    if (rng_.chance(50)) {
      json grade = json::object();
      if (rng_.chance(40)) {
        json from = json::array();
        for (const std::string& id : dimension_ids_) {
          if (rng_.chance(60)) from.push_back(id);
        }
        if (from.empty()) from.push_back(dimension_ids_[0]);
        grade["from"] = from;
      }
      json bands = json::array();
      double min = rng_.number(-10, 60);
      const int count = 1 + rng_.below(3);
      for (int k = 0; k < count; ++k) {
        const std::string letter(1, static_cast<char>('A' + k));
        grades.push_back(letter);
        if (k == count - 1 && rng_.chance(50)) {
          bands.push_back({{"grade", letter}});
        } else {
          bands.push_back({{"grade", letter}, {"min", min}});
          min -= rng_.number(1, 30, 2);
        }
      }
      grade["bands"] = bands;
      doc["grade"] = grade;
    }

    json stages = json::array();
    const int stage_count = rng_.below(4);
    for (int i = 0; i < stage_count; ++i) {
      stages.push_back(
          {{"id", "st" + std::to_string(i)}, {"if", stage_condition(g, grades, computed_ids)}});
    }
    stages.push_back({{"id", "default"}});
    doc["stages"] = stages;

    if (rng_.chance(30)) {
      g.shares_dimensions = rng_.chance(50);
      doc["submit"] = {{"result", {{"dimensions", g.shares_dimensions}}}};
    }
    return g;
  }

 private:
  json points() {
    json out = json::object();
    for (const std::string& id : dimension_ids_) {
      if (rng_.chance(60)) out[id] = rng_.number(-20, 30, rng_.chance(30) ? 4 : 1);
    }
    if (out.empty()) out[rng_.pick(dimension_ids_)] = rng_.number(-10, 20);
    return out;
  }

  // A condition on one of `questions`, in either spelling.
  json condition_on(const std::vector<Question>& questions) {
    const Question& q = rng_.pick(questions);
    const bool infix = rng_.chance(60);
    if (q.type == "choice" || q.type == "multi") {
      const std::string value = rng_.pick(q.options);
      if (q.type == "multi") {
        return infix ? json("'" + value + "' in " + q.id) : op("in", {value, var(q.id)});
      }
      return infix ? json(q.id + " == '" + value + "'") : op("==", {var(q.id), value});
    }
    if (q.type == "number" || q.type == "range") {
      const double threshold = rng_.number(-50, 150);
      return infix ? json(q.id + " >= " + num(threshold)) : op(">=", {var(q.id), threshold});
    }
    if (q.type == "boolean") return infix ? json(q.id) : op("!!", json::array({var(q.id)}));
    return infix ? json(q.id + " != null") : op("!=", {var(q.id), nullptr});
  }

  json formula(const std::vector<Question>& questions, const std::vector<std::string>& earlier) {
    std::vector<std::string> names = earlier;
    for (const Question& q : questions) {
      if (q.type == "number" || q.type == "range") names.push_back(q.id);
    }
    if (names.empty()) return rng_.chance(50) ? json("1 + 2") : op("+", {1, 2});
    const std::string a = rng_.pick(names), b = rng_.pick(names);
    switch (rng_.below(4)) {
      case 0:
        return json(a + " * " + num(rng_.number(-5, 5)) + " + " + b);
      case 1:
        return json(a + " / " + b);  // null when b is 0 or missing
      case 2:
        return op("*", {var(a), rng_.number(0, 10, 2)});
      default:
        return json(a + " > " + num(rng_.number(0, 100)) + " ? " + a + " : 0");
    }
  }

  json rule_condition(const Generated& g, const std::vector<std::string>& computed_ids) {
    const int kind = rng_.below(4);
    if (kind == 0 && !g.signals.empty()) {
      return json("signals." + rng_.pick(g.signals) + " > " + num(rng_.number(0, 5)));
    }
    if (kind == 1 && !computed_ids.empty()) {
      const std::string c = rng_.pick(computed_ids);
      return rng_.chance(50) ? json(c + " > " + num(rng_.number(-20, 100)))
                             : op(">", {var(c), rng_.number(-20, 100)});
    }
    if (g.questions.empty()) return rng_.chance(50) ? json("true") : json(true);
    return condition_on(g.questions);
  }

  // Most read only the verdict (the collector can re-decide those); some read answers.
  json stage_condition(const Generated& g, const std::vector<std::string>& grades,
                       const std::vector<std::string>& computed_ids) {
    const std::string dimension = rng_.pick(dimension_ids_);
    switch (rng_.below(9)) {
      case 0:
        return json("score >= " + num(rng_.number(-40, 80)));
      case 1:
        return op(">=", {var("score"), rng_.number(-40, 80)});
      case 2:
        return json("percent >= " + num(rng_.number(-50, 150)));
      case 3:
        return json("dimensions." + dimension + " > " + num(rng_.number(-30, 40)));
      case 4:
        return json("complete and score > " + num(rng_.number(-20, 50)));
      case 5:
        return grades.empty() ? json("grade == null")
                              : json("grade == '" + rng_.pick(grades) + "'");
      case 6:
        return op("and", {var("complete"), op("<", {var("percent"), 50})});
      case 7:
        return rule_condition(g, computed_ids);  // answers: not decidable from a result
      default:
        return json("score < " + num(rng_.number(-40, 80)) + " or dimensions." + dimension +
                    " == " + num(rng_.number(-5, 5)));
    }
  }

  Rng& rng_;
  std::vector<std::string> dimension_ids_;
};

json valid_answer(Rng& rng, const Question& q) {
  if (q.type == "choice") return rng.pick(q.options);
  if (q.type == "multi") {
    json picked = json::array();
    for (const std::string& value : q.options) {
      if (rng.chance(50)) picked.push_back(value);
    }
    if (picked.empty()) picked.push_back(q.options.back());
    return picked;
  }
  if (q.type == "number" || q.type == "range") {
    const double lo = q.has_min ? q.min : -100;
    const double hi = q.has_max ? q.max : lo + 300;
    const double value = lo + (hi - lo) * static_cast<double>(rng.below(1001)) / 1000;
    return rng.chance(20) ? json(num(value)) : json(value);  // numbers may come as strings
  }
  if (q.type == "boolean") {
    const bool value = rng.chance(50);
    return rng.chance(20) ? json(value ? "true" : "false") : json(value);
  }
  if (q.type == "text") return std::string(static_cast<std::size_t>(1 + rng.below(8)), 'x');
  if (q.type == "email") return rng.chance(50) ? "ana@example.com" : "b.c+d@mail.example.org";
  switch (rng.below(3)) {  // hidden: string, number or boolean
    case 0:
      return "newsletter";
    case 1:
      return 42;
    default:
      return true;
  }
}

json odd_answer(Rng& rng, const Question& q) {
  static const std::vector<json> kOdd = {"0x10",
                                         "1e400",
                                         " 5",
                                         "5 ",
                                         "+5",
                                         "NaN",
                                         "Infinity",
                                         "",
                                         nullptr,
                                         json::array(),
                                         json::object(),
                                         json::array({1, 2}),
                                         true,
                                         -1e300,
                                         1e300,
                                         "zz",
                                         "true ",
                                         "TRUE",
                                         "not-an-email",
                                         "a@b",
                                         json::array({"a", "a"}),
                                         json::array({"zz"}),
                                         0.1,
                                         -0.0};
  if ((q.type == "number" || q.type == "range") && rng.chance(40)) {
    return (q.has_max ? q.max : 0) + rng.number(1, 1000);  // above the maximum (if any)
  }
  if (q.type == "text" && q.max_length > 0 && rng.chance(40)) {
    return std::string(static_cast<std::size_t>(q.max_length + 1), 'y');
  }
  return rng.pick(kOdd);
}

json signals_for(Rng& rng, const Generated& g) {
  json out = json::object();
  for (const std::string& id : g.signals) {
    switch (rng.below(6)) {
      case 0:
        break;  // not supplied
      case 1:
      case 2:
        out[id] = rng.number(0, 12, 4);
        break;
      case 3:
        out[id] = json::array({1.7e12, "2026-11-20", "2026-11-20T10:00:00.5+01:00", 1.8e12});
        break;
      case 4:
        out[id] = rng.pick(std::vector<json>{-3, "7", json::array({"yesterday"}), true});
        break;
      default:
        out[id] = json::array({1.69e12});
    }
  }
  if (rng.chance(5)) out["unknown_signal"] = 1;
  return out;
}

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  return text && *text ? std::strtoull(text, nullptr, 0) : fallback;
}

json verdict_of(const json& result) {
  json out = json::object();
  for (const char* key : {"model", "score", "percent", "grade", "stage", "complete"}) {
    out[key] = result.value(key, json());
  }
  const json disqualified = result.value("disqualified", json());
  out["disqualified"] =
      disqualified.is_object() ? json{{"rule", disqualified.value("rule", json())}} : json();
  return out;
}

TEST(Property, EveryResultTheCoreProducesPassesTheCollectorsCheck) {
  const std::uint64_t base = env_number("LEADQUAL_PROPERTY_SEED", 20261202);
  const std::uint64_t cases = env_number("LEADQUAL_PROPERTY_CASES", 3000);
  constexpr int kAnswersPerModel = 8;
  std::size_t results = 0, failures = 0, with_percent = 0, disqualified = 0, with_errors = 0;
  for (std::uint64_t n = 0; n < cases && failures < 3; ++n) {
    const std::uint64_t seed = base + n;
    Rng rng(seed);
    ModelGenerator generator(rng);
    const Generated g = generator.generate();
    LoadResult loaded = Model::load(g.doc);
    ASSERT_TRUE(loaded.model) << "seed " << seed << ": the generator wrote a model that does "
                              << "not load:\n"
                              << joined(loaded.errors) << g.doc.dump();
    const ResultCheck check(loaded.model);
    for (int k = 0; k < kAnswersPerModel; ++k) {
      json answers = json::object();
      for (const Question& q : g.questions) {
        const int roll = rng.below(100);
        if (roll < 25) continue;
        answers[q.id] = roll < 80 ? valid_answer(rng, q) : odd_answer(rng, q);
      }
      if (rng.chance(5)) answers["unknown_question"] = "x";
      ScoreOptions options;
      options.signals = signals_for(rng, g);
      if (rng.chance(50)) options.now_ms = 1.8e12;
      const json result = loaded.model->score(answers, options);
      ++results;
      with_percent += result["percent"].is_number();
      disqualified += result["stage"] == "disqualified";
      with_errors += !result["errors"].empty();

      const json posted = verdict_of(result);
      json flat = json::object();
      for (const char* key : {"score", "percent", "grade", "stage"}) {
        flat[key] = result.value(key, json());
      }
      std::vector<std::pair<std::string, std::vector<Diagnostic>>> checked;
      checked.emplace_back("the result as scored", check.check(result));
      if (!g.shares_dimensions) {
        checked.emplace_back("the verdict alone", check.check(posted));
      }
      // A flat post cannot say which rule disqualified, so it cannot carry a disqualification
      // (docs/collector.md, "Form-encoded").
      if (result["stage"] != "disqualified") {
        checked.emplace_back("the flat fields", check.check(flat, true));
      }
      for (const auto& [form, problems] : checked) {
        if (problems.empty()) continue;
        ++failures;
        ADD_FAILURE() << "seed " << seed << " (replay: LEADQUAL_PROPERTY_SEED=" << seed
                      << " LEADQUAL_PROPERTY_CASES=1), answers #" << k << ": " << form
                      << " fails the check:\n"
                      << joined(problems) << "model   " << g.doc.dump() << "\nanswers "
                      << answers.dump() << "\nsignals " << options.signals.dump() << "\nresult  "
                      << canonical(result);
        break;
      }
    }
  }
  // The generator must reach the interesting cases, or the property proves little.
  if (cases >= 1000) {
    EXPECT_GT(with_percent, results / 10);
    EXPECT_GT(disqualified, results / 50);
    EXPECT_GT(with_errors, results / 10);
  }
  std::printf(
      "property: %zu models, %zu results, %zu with a percent, %zu disqualified, "
      "%zu with answer errors\n",
      static_cast<std::size_t>(cases), results, with_percent, disqualified, with_errors);
}

}  // namespace
}  // namespace leadqual::testing
