#include "core/compiler/verify.hpp"

#include "core/compiler/json_value.hpp"
#include "core/runtime/eval.hpp"
#include "core/runtime/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace leadqual {
namespace {

using json = nlohmann::json;

double number_or(const json& object, const char* key, double fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : fallback;
}

std::string text_or_empty(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string show(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

// Whether the expression reads the clock the page scored with (days_since), which a posted
// result does not carry.
bool reads_the_clock(const Program& program, std::uint32_t start) {
  const std::uint32_t end = start + program.code[start].size;
  for (std::uint32_t pc = start; pc < end; ++pc) {
    if (program.code[pc].op == Op::Call && program.code[pc].fn == Fn::DaysSince) return true;
  }
  return false;
}

}  // namespace

ResultCheck::ResultCheck(std::shared_ptr<const Model> model) : model_(std::move(model)) {
  const CompiledModel& m = model_->compiled();
  for (const Dimension& d : m.dimensions) {
    // A weight of 0 makes any bound 0 (never 0 × infinity).
    score_min_ += d.weight == 0 ? 0 : std::min(d.weight * d.min, d.weight * d.max);
    score_max_ += d.weight == 0 ? 0 : std::max(d.weight * d.min, d.weight * d.max);
  }
  disqualifies_ = std::any_of(m.rules.begin(), m.rules.end(),
                              [](const Rule& rule) { return rule.disqualifies; });
  const SlotLayout& slots = m.slots;
  for (const Stage& stage : m.stages) {
    StageCheck check;
    if (stage.condition >= 0) {
      const Expression& condition = m.expressions[static_cast<std::size_t>(stage.condition)];
      // The reads are exact: a model expression names what it reads literally.
      check.decidable = !reads_the_clock(m.program, condition.start);
      for (int slot : condition.reads) {
        check.reads_complete |= slot == slots.complete;
        check.reads_dimensions |= slot == slots.dimensions;
        // An answer, a computed value or a signal was not posted: not decidable here.
        check.decidable &= slot == slots.score || slot == slots.percent || slot == slots.grade ||
                           slot == slots.complete || slot == slots.dimensions;
      }
    }
    stages_.push_back(check);
  }
}

std::vector<Diagnostic> ResultCheck::check(const json& result, bool flat) const {
  const CompiledModel& m = model_->compiled();
  std::vector<Diagnostic> problems;
  if (!result.is_object()) {
    problems.push_back({"", "expected a result object"});
    return problems;
  }
  const double score = number_or(result, "score", std::numeric_limits<double>::quiet_NaN());
  const auto percent_it = result.find("percent");
  const bool percent_is_number = percent_it != result.end() && percent_it->is_number();
  const auto grade_it = result.find("grade");
  const bool grade_is_string = grade_it != result.end() && grade_it->is_string();
  const std::string posted_grade = grade_is_string ? grade_it->get<std::string>() : std::string();
  const auto dims_it = result.find("dimensions");
  const bool dimensions_known = dims_it != result.end() && dims_it->is_object();
  if (!flat && m.sharing.dimensions && !dimensions_known) {
    problems.push_back(
        {"/dimensions", "missing: the model shares them (submit.result.dimensions)"});
    return problems;
  }

  auto grade_of = [&](double value) -> std::string {
    for (const GradeBand& band : m.grade_bands) {
      if (!band.has_min || band.min <= value) return band.grade;
    }
    return {};  // below every band: null
  };

  if (dimensions_known) {
    const json& posted = *dims_it;
    for (const Dimension& d : m.dimensions) {
      const auto it = posted.find(d.id);
      if (it == posted.end() || !it->is_number()) {
        problems.push_back(
            {pointer_append("/dimensions", d.id), "missing dimension '" + d.id + "'"});
        continue;
      }
      const double value = it->get<double>();
      if (value > d.max + 0.005) {
        problems.push_back({pointer_append("/dimensions", d.id),
                            "is " + show(value) + ", above the dimension's max " + show(d.max)});
      } else if (value < d.min - 0.005) {
        problems.push_back({pointer_append("/dimensions", d.id),
                            "is " + show(value) + ", below the dimension's min " + show(d.min)});
      }
    }
    for (const auto& [id, value] : posted.items()) {
      if (m.find_dimension(id) < 0) {
        problems.push_back(
            {pointer_append("/dimensions", id), "the model has no dimension '" + id + "'"});
      }
    }
    if (!problems.empty()) return problems;

    // The core rounds dimensions and score to 2 decimals and percent to 1 (docs/model.md), so
    // a sum of rounded dimensions may differ from the rounded score by a few hundredths.
    double sum = 0;
    double weights = 0;
    for (const Dimension& d : m.dimensions) {
      sum += d.weight * posted.find(d.id)->get<double>();
      weights += d.weight;
    }
    const double score_tolerance = 0.005 * (1 + weights) + 1e-9 * std::fabs(sum);
    if (!(std::fabs(score - sum) <= score_tolerance)) {
      problems.push_back({"/score", "is " + show(score) +
                                        " but the weighted sum of the dimensions is " + show(sum)});
    }
    if (m.has_grade) {
      double value = 0;
      for (int d : m.grade_from) {
        value += posted.find(m.dimensions[static_cast<std::size_t>(d)].id)->get<double>();
      }
      const double tolerance = 0.005 * static_cast<double>(m.grade_from.size()) + 1e-9;
      const std::string expected = grade_of(value);
      // Near a band's min, rounding may put the core's unrounded value on the other side.
      if (posted_grade != expected && posted_grade != grade_of(value - tolerance) &&
          posted_grade != grade_of(value + tolerance)) {
        problems.push_back({"/grade", "is " +
                                          (grade_is_string ? "'" + posted_grade + "'" : "null") +
                                          " but the graded dimensions sum to " + show(value) +
                                          ", which is grade " +
                                          (expected.empty() ? "null" : "'" + expected + "'")});
      }
    }
  }
  if (!dimensions_known) {
    // Without dimensions (a flat form post) the score can still not leave the range the
    // dimensions allow.
    double weights = 0;
    for (const Dimension& d : m.dimensions) weights += std::fabs(d.weight);
    const double tolerance = 0.005 * (1 + weights);
    if (score < score_min_ - tolerance || score > score_max_ + tolerance) {
      problems.push_back({"/score", "is " + show(score) + ", outside the model's range " +
                                        show(score_min_) + " to " + show(score_max_)});
    }
  }
  // The percent follows from the score alone.
  const double percent_base = m.percent_base;  // Σ weight·max; NaN when a dimension has no max
  if (std::isfinite(percent_base) && percent_base > 0) {
    const double expected = 100 * score / percent_base;
    if (!percent_is_number) {
      problems.push_back(
          {"/percent", "is null but the model's maximum score is " + show(percent_base)});
    } else if (!(std::fabs(percent_it->get<double>() - expected) <= 0.05 + 1e-9)) {
      problems.push_back({"/percent", "is " + show(percent_it->get<double>()) + " but score " +
                                          show(score) + " of " + show(percent_base) + " is " +
                                          show(expected)});
    }
  } else if (percent_is_number) {
    problems.push_back({"/percent", "must be null: the model has no maximum score"});
  }
  if (!m.has_grade && grade_is_string) {
    problems.push_back({"/grade", "must be null: the model has no grade"});
  } else if (m.has_grade && grade_is_string) {
    bool known = false;
    for (const GradeBand& band : m.grade_bands) known = known || band.grade == posted_grade;
    if (!known) problems.push_back({"/grade", "the model has no grade '" + posted_grade + "'"});
  }
  if (!problems.empty()) return problems;

  const std::string stage = text_or_empty(result, "stage");
  if (stage == "disqualified") {
    // Which rule fired depends on the answers, but it must be one that disqualifies.
    if (!disqualifies_) {
      problems.push_back({"/stage", "is 'disqualified' but the model has no disqualifying rule"});
      return problems;
    }
    const auto disqualified = result.find("disqualified");
    const std::string id = disqualified != result.end() && disqualified->is_object()
                               ? text_or_empty(*disqualified, "rule")
                               : std::string();
    const auto rule =
        std::find_if(m.rules.begin(), m.rules.end(), [&id](const Rule& r) { return r.id == id; });
    if (id.empty()) {
      problems.push_back({"/disqualified", "a disqualified result must name the rule that fired"});
    } else if (rule == m.rules.end()) {
      problems.push_back({"/disqualified/rule", "the model has no rule '" + id + "'"});
    } else if (!rule->disqualifies) {
      problems.push_back(
          {"/disqualified/rule", "rule '" + id + "' adds points; it cannot disqualify"});
    }
    return problems;
  }
  const int index = m.find_stage(stage);
  if (index < 0) {
    std::string names;
    for (const Stage& s : m.stages) names += (names.empty() ? "" : ", ") + s.id;
    problems.push_back({"/stage", "the model has no stage '" + stage + "' (its stages: " + names +
                                      (disqualifies_ ? ", disqualified" : "") + ")"});
    return problems;
  }
  // The stage conditions run as the runtime runs them, on the slots a posted result fills.
  const SlotLayout& layout = m.slots;
  std::vector<Value> slots(static_cast<std::size_t>(layout.count));
  const auto slot = [&slots](int at) -> Value& { return slots[static_cast<std::size_t>(at)]; };
  slot(layout.score) = Value::number(score);
  slot(layout.percent) =
      percent_is_number ? Value::number(percent_it->get<double>()) : Value::null();
  slot(layout.grade) = grade_is_string ? Value::string(posted_grade) : Value::null();
  const auto complete_it = result.find("complete");
  const bool complete_known = complete_it != result.end() && complete_it->is_boolean();
  if (complete_known) slot(layout.complete) = Value::boolean(complete_it->get<bool>());
  if (dimensions_known) slot(layout.dimensions) = value_from_json(*dims_it);
  EvalContext context;
  context.slots = slots.data();
  const auto decided = [&](std::size_t s) {
    const StageCheck& c = stages_[s];
    return c.decidable && (complete_known || !c.reads_complete) &&
           (dimensions_known || !c.reads_dimensions);
  };
  const auto holds = [&](std::size_t s) {
    const Expression& condition = m.expressions[static_cast<std::size_t>(m.stages[s].condition)];
    const Value value = evaluate(m.program, condition.start, context, m.max_steps, &m.names);
    return !value.is_error() && value.truthy();
  };
  const auto posted = static_cast<std::size_t>(index);
  for (std::size_t s = 0; s < posted; ++s) {
    if (decided(s) && holds(s)) {
      problems.push_back({"/stage", "is '" + stage + "' but the earlier stage '" + m.stages[s].id +
                                        "' holds for this result"});
      return problems;
    }
  }
  if (decided(posted) && !holds(posted)) {
    problems.push_back({"/stage", "is '" + stage + "' but that stage's condition does not hold"});
  }
  return problems;
}

}  // namespace leadqual
