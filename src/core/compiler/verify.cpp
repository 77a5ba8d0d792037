#include "core/compiler/verify.hpp"

#include "core/compiler/json_value.hpp"
#include "core/runtime/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace leadqual {
namespace {

using json = nlohmann::json;

// The names a stage condition may read that a posted result carries, in slot order.
enum Slot { kScore, kPercent, kGrade, kComplete, kDimensions, kSlotCount };

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

}  // namespace

ResultCheck::ResultCheck(std::shared_ptr<const Model> model) : model_(std::move(model)) {
  const json& doc = model_->normalized();
  const auto dimensions = doc.find("dimensions");
  if (dimensions != doc.end() && dimensions->is_array()) {
    for (const json& d : *dimensions) {
      if (!d.is_object()) continue;
      dimensions_.push_back({text_or_empty(d, "id"),
                             number_or(d, "min", -std::numeric_limits<double>::infinity()),
                             number_or(d, "max", std::numeric_limits<double>::infinity()),
                             number_or(d, "weight", 1)});
    }
  }
  percent_base_ = 0;
  for (const auto& d : dimensions_) {
    percent_base_ +=
        std::isfinite(d.max) ? d.weight * d.max : std::numeric_limits<double>::quiet_NaN();
    // A weight of 0 makes any bound 0 (never 0 × infinity).
    score_min_ += d.weight == 0 ? 0 : std::min(d.weight * d.min, d.weight * d.max);
    score_max_ += d.weight == 0 ? 0 : std::max(d.weight * d.min, d.weight * d.max);
  }
  const auto grade = doc.find("grade");
  if (grade != doc.end() && grade->is_object()) {
    has_grade_ = true;
    const auto from = grade->find("from");
    for (std::size_t i = 0; i < dimensions_.size(); ++i) {
      bool listed = from == grade->end() || !from->is_array();
      if (!listed) {
        for (const json& id : *from) listed = listed || (id.is_string() && id == dimensions_[i].id);
      }
      if (listed) grade_from_.push_back(i);
    }
    const auto bands = grade->find("bands");
    if (bands != grade->end() && bands->is_array()) {
      for (const json& band : *bands) {
        if (!band.is_object()) continue;
        const auto min = band.find("min");
        const bool has_min = min != band.end() && min->is_number();
        grade_bands_.push_back(
            {text_or_empty(band, "grade"), has_min, has_min ? min->get<double>() : 0.0});
      }
    }
  }
  Symbols symbols;
  symbols.names = {"score", "percent", "grade", "complete", "dimensions"};
  const auto stages = doc.find("stages");
  if (stages != doc.end() && stages->is_array()) {
    for (const json& stage : *stages) {
      if (!stage.is_object()) continue;
      StageInfo info{text_or_empty(stage, "id"), false, false, false, Expr()};
      const auto condition = stage.find("if");
      if (condition != stage.end()) {
        info.has_condition = true;
        // A condition naming anything else (an answer, a computed value, a signal) does not
        // compile here: it depends on what was not posted, so it cannot be re-checked.
        std::vector<Diagnostic> ignored;
        auto compiled = Expr::compile(*condition, &symbols, "", ignored);
        if (compiled) {
          info.decidable = true;
          info.condition = *compiled;
          for (int slot : info.condition.slots()) info.reads_complete |= slot == kComplete;
        }
      }
      stages_.push_back(std::move(info));
    }
  }
  const auto rules = doc.find("rules");
  if (rules != doc.end() && rules->is_array()) {
    for (const json& rule : *rules) {
      if (!rule.is_object()) continue;
      (rule.contains("disqualify") ? disqualifying_rules_ : adding_rules_)
          .push_back(text_or_empty(rule, "id"));
    }
  }
  const auto submit = doc.find("submit");
  if (submit != doc.end() && submit->is_object()) {
    const auto policy = submit->find("result");
    shares_dimensions_ = policy != submit->end() && policy->is_object() &&
                         policy->value("dimensions", false) == true;
  }
}

std::vector<Diagnostic> ResultCheck::check(const json& result, bool flat) const {
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
  if (!flat && shares_dimensions_ && !dimensions_known) {
    problems.push_back(
        {"/dimensions", "missing: the model shares them (submit.result.dimensions)"});
    return problems;
  }

  auto grade_of = [&](double value) -> std::string {
    for (const auto& band : grade_bands_) {
      if (!band.has_min || band.min <= value) return band.grade;
    }
    return {};  // below every band: null
  };

  if (dimensions_known) {
    const json& posted = *dims_it;
    for (const auto& d : dimensions_) {
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
      bool known = false;
      for (const auto& d : dimensions_) known = known || d.id == id;
      if (!known) {
        problems.push_back(
            {pointer_append("/dimensions", id), "the model has no dimension '" + id + "'"});
      }
    }
    if (!problems.empty()) return problems;

    // The core rounds dimensions and score to 2 decimals and percent to 1 (docs/model.md), so
    // a sum of rounded dimensions may differ from the rounded score by a few hundredths.
    double sum = 0;
    double weights = 0;
    for (const auto& d : dimensions_) {
      sum += d.weight * posted.find(d.id)->get<double>();
      weights += d.weight;
    }
    const double score_tolerance = 0.005 * (1 + weights) + 1e-9 * std::fabs(sum);
    if (!(std::fabs(score - sum) <= score_tolerance)) {
      problems.push_back({"/score", "is " + show(score) +
                                        " but the weighted sum of the dimensions is " + show(sum)});
    }
    if (has_grade_) {
      double value = 0;
      for (std::size_t i : grade_from_) value += posted.find(dimensions_[i].id)->get<double>();
      const double tolerance = 0.005 * static_cast<double>(grade_from_.size()) + 1e-9;
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
    for (const auto& d : dimensions_) weights += std::fabs(d.weight);
    const double tolerance = 0.005 * (1 + weights);
    if (score < score_min_ - tolerance || score > score_max_ + tolerance) {
      problems.push_back({"/score", "is " + show(score) + ", outside the model's range " +
                                        show(score_min_) + " to " + show(score_max_)});
    }
  }
  // The percent follows from the score alone.
  if (std::isfinite(percent_base_) && percent_base_ > 0) {
    const double expected = 100 * score / percent_base_;
    if (!percent_is_number) {
      problems.push_back(
          {"/percent", "is null but the model's maximum score is " + show(percent_base_)});
    } else if (!(std::fabs(percent_it->get<double>() - expected) <= 0.05 + 1e-9)) {
      problems.push_back({"/percent", "is " + show(percent_it->get<double>()) + " but score " +
                                          show(score) + " of " + show(percent_base_) + " is " +
                                          show(expected)});
    }
  } else if (percent_is_number) {
    problems.push_back({"/percent", "must be null: the model has no maximum score"});
  }
  if (!has_grade_ && grade_is_string) {
    problems.push_back({"/grade", "must be null: the model has no grade"});
  } else if (has_grade_ && grade_is_string) {
    bool known = false;
    for (const auto& band : grade_bands_) known = known || band.grade == posted_grade;
    if (!known) problems.push_back({"/grade", "the model has no grade '" + posted_grade + "'"});
  }
  if (!problems.empty()) return problems;

  const std::string stage = text_or_empty(result, "stage");
  if (stage == "disqualified") {
    // Which rule fired depends on the answers, but it must be one that disqualifies.
    if (disqualifying_rules_.empty()) {
      problems.push_back({"/stage", "is 'disqualified' but the model has no disqualifying rule"});
      return problems;
    }
    const auto disqualified = result.find("disqualified");
    const std::string rule = disqualified != result.end() && disqualified->is_object()
                                 ? text_or_empty(*disqualified, "rule")
                                 : std::string();
    const auto named = [&rule](const std::vector<std::string>& ids) {
      for (const auto& id : ids) {
        if (id == rule) return true;
      }
      return false;
    };
    if (rule.empty()) {
      problems.push_back({"/disqualified", "a disqualified result must name the rule that fired"});
    } else if (named(adding_rules_)) {
      problems.push_back(
          {"/disqualified/rule", "rule '" + rule + "' adds points; it cannot disqualify"});
    } else if (!named(disqualifying_rules_)) {
      problems.push_back({"/disqualified/rule", "the model has no rule '" + rule + "'"});
    }
    return problems;
  }
  std::size_t index = stages_.size();
  std::string names;
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    if (stages_[i].id == stage && index == stages_.size()) index = i;
    names += (names.empty() ? "" : ", ") + stages_[i].id;
  }
  if (index == stages_.size()) {
    problems.push_back({"/stage", "the model has no stage '" + stage + "' (its stages: " + names +
                                      (disqualifying_rules_.empty() ? "" : ", disqualified") +
                                      ")"});
    return problems;
  }
  std::vector<Value> slots(kSlotCount);
  slots[kScore] = Value::number(score);
  slots[kPercent] = percent_is_number ? Value::number(percent_it->get<double>()) : Value::null();
  slots[kGrade] = grade_is_string ? Value::string(posted_grade) : Value::null();
  const auto complete_it = result.find("complete");
  const bool complete_known = complete_it != result.end() && complete_it->is_boolean();
  if (complete_known) slots[kComplete] = Value::boolean(complete_it->get<bool>());
  if (dimensions_known) slots[kDimensions] = value_from_json(*dims_it);
  EvalContext context;
  context.slots = slots.data();
  auto decided = [&](const StageInfo& s) {
    if (!s.has_condition || !s.decidable || (s.reads_complete && !complete_known)) return false;
    if (!dimensions_known) {
      for (int slot : s.condition.slots()) {
        if (slot == kDimensions) return false;
      }
    }
    return true;
  };
  for (std::size_t i = 0; i < index; ++i) {
    if (decided(stages_[i]) && stages_[i].condition.eval(context).truthy()) {
      problems.push_back({"/stage", "is '" + stage + "' but the earlier stage '" + stages_[i].id +
                                        "' holds for this result"});
      return problems;
    }
  }
  if (decided(stages_[index]) && !stages_[index].condition.eval(context).truthy()) {
    problems.push_back({"/stage", "is '" + stage + "' but that stage's condition does not hold"});
  }
  return problems;
}

}  // namespace leadqual
