#include "core/compiler/backtest.hpp"

#include <algorithm>
#include <cmath>

#include "core/compiler/leakage.hpp"
#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

using json = nlohmann::json;

constexpr std::size_t kWrongMinRows = 30;  // fewer leads say too little about an item
constexpr double kWrongZ = 2.0;            // how far from the base rate, in standard errors
constexpr std::size_t kUnscoredListed = 10;

double ratio(double a, double b) {
  return b == 0 ? 0 : a / b;
}

json rounded(double value, int decimals) {
  if (!std::isfinite(value)) return nullptr;
  return number_json(round_to(value, decimals));
}

const char* source_of(ModelItem::Kind kind) {
  switch (kind) {
    case ModelItem::Kind::Option:
    case ModelItem::Kind::Boolean:
      return "option";
    case ModelItem::Kind::Band:
      return "band";
    case ModelItem::Kind::Rule:
      return "rule";
    case ModelItem::Kind::Disqualifier:
      return "disqualify";
  }
  return "rule";
}

// How many standard errors the rate of `rows` leads with `positives` lies from `base`.
double z_score(std::size_t positives, std::size_t rows, double base) {
  if (rows == 0 || base <= 0 || base >= 1) return 0;
  const double rate = static_cast<double>(positives) / static_cast<double>(rows);
  return (rate - base) / std::sqrt(base * (1 - base) / static_cast<double>(rows));
}

std::string percent_text(double rate) {
  return format_number(round_to(100 * rate, 1)) + " %";
}

}  // namespace

Backtest::Backtest(std::shared_ptr<const Model> model, BacktestOptions options)
    : History(options.outcome, options.csv),
      model_(std::move(model)),
      options_(std::move(options)),
      items_(model_->items()) {
  score_options_.now_ms = options_.now_ms;
  item_counts_.assign(items_.size(), Count{});
  stage_counts_.assign(model_->compiled().stages.size() + 1, Count{});
  answered_.assign(model_->compiled().questions.size(), Count{});
}

bool Backtest::start() {
  ColumnMapping mapping = options_.mapping;
  mapping.skip.push_back(columns()[static_cast<std::size_t>(outcome_column())]);
  answers_ = std::make_unique<CsvAnswers>(*model_, columns(), mapping);
  if (!answers_->errors().empty()) {
    std::string message;
    for (const std::string& error : answers_->errors()) {
      message += (message.empty() ? "" : "; ") + error;
    }
    fail(message);
    return false;
  }
  for (const std::string& warning : answers_->warnings()) warn(warning);
  if (!answers_->unanswered_warning().empty()) warn(answers_->unanswered_warning());
  return true;
}

void Backtest::row(const CsvRecord& record, bool positive) {
  model_->trace(answers_->read(record), score_options_, trace_);
  scores_.add(trace_.score, positive);
  Count& stage = trace_.stage >= 0 ? stage_counts_[static_cast<std::size_t>(trace_.stage)]
                                   : stage_counts_.back();
  ++stage.rows;
  stage.positives += positive;
  for (int item : trace_.items) {
    Count& count = item_counts_[static_cast<std::size_t>(item)];
    ++count.rows;
    count.positives += positive;
  }
  for (std::size_t q = 0; q < trace_.answered.size(); ++q) {
    if (!trace_.answered[q]) continue;
    ++answered_[q].rows;
    answered_[q].positives += positive;
  }
  for (const ScoreTrace::Error& error : trace_.errors) {
    auto found = std::find_if(errors_.begin(), errors_.end(), [&](const ErrorCount& e) {
      return e.question == error.question && e.code == error.code;
    });
    if (found == errors_.end()) {
      if (errors_.size() >= 200) continue;  // a bound, whatever the file holds
      errors_.push_back(ErrorCount{error.question, error.code, 0,
                                   "line " + std::to_string(record.line()) + ": " + error.message});
      found = errors_.end() - 1;
    }
    ++found->rows;
  }
}

json Backtest::report() const {
  const CompiledModel& model = model_->compiled();
  const std::vector<Question>& questions = model.questions;
  const double total = static_cast<double>(rows());
  const double base = ratio(static_cast<double>(positives()), total);
  const auto column_name = [&](int question) -> std::string {
    if (!answers_ || question < 0) return {};
    const int column = answers_->column_of_question(static_cast<std::size_t>(question));
    return column < 0 ? std::string() : columns()[static_cast<std::size_t>(column)];
  };
  const auto rates = [&](json& entry, std::size_t n, double p) {
    entry["rows"] = n;
    entry["positives"] = rounded(p, 2);
    entry["rate"] = rounded(ratio(p, static_cast<double>(n)), 4);
    entry["lift"] = rounded(ratio(ratio(p, static_cast<double>(n)), base), 2);
  };

  json out = json::object();
  out["model"] = {{"id", model_->id()}, {"version", model_->version()}, {"hash", model_->hash()}};
  json outcome = {{"column", options_.outcome.column}};
  if (options_.outcome.positive.empty()) {
    outcome["positive"] = "1, true, yes, y, won, converted, closed won (any case)";
  } else {
    outcome["positive"] = options_.outcome.positive;
  }
  out["outcome"] = std::move(outcome);
  out["rows"] = rows();
  out["positives"] = positives();
  out["rate"] = rounded(base, 4);
  out["auc"] = rounded(scores_.auc(), 4);

  json deciles = json::array();
  double captured = 0;
  for (const ScoreStats::Decile& decile : scores_.deciles()) {
    json entry = {{"decile", decile.decile},
                  {"min_score", number_json(decile.min_score)},
                  {"max_score", number_json(decile.max_score)}};
    rates(entry, decile.rows, decile.positives);
    captured += decile.positives;
    entry["captured"] = rounded(ratio(captured, static_cast<double>(positives())), 4);
    deciles.push_back(std::move(entry));
  }
  out["lift"] = deciles.empty() || positives() == 0 ? json(nullptr) : deciles[0]["lift"];
  out["deciles"] = std::move(deciles);

  json bands = json::array();
  for (const ScoreStats::Band& band : scores_.bands()) {
    json entry = {{"min", number_json(band.min)}, {"max", number_json(band.max)}};
    rates(entry, band.rows, static_cast<double>(band.positives));
    bands.push_back(std::move(entry));
  }
  out["bands"] = std::move(bands);

  json stages = json::array();
  for (std::size_t i = 0; i < stage_counts_.size(); ++i) {
    const bool disqualified = i + 1 == stage_counts_.size();
    const Count& count = stage_counts_[i];
    if (disqualified && count.rows == 0) continue;
    json entry = json::object();
    if (disqualified) {
      entry["id"] = "disqualified";
      entry["label"] = "Disqualified";
    } else {
      entry["id"] = model.stages[i].id;
      entry["label"] = model.stages[i].label;
    }
    rates(entry, count.rows, static_cast<double>(count.positives));
    entry["share"] = rounded(ratio(static_cast<double>(count.rows), total), 4);
    stages.push_back(std::move(entry));
  }
  out["stages"] = std::move(stages);

  // Reasons: every item with points (and every disqualifier), in model order; and the items
  // whose leads convert on the wrong side of the base rate for their points.
  json reasons = json::array();
  json wrong = json::array();
  std::vector<std::pair<double, std::size_t>> unscored;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const ModelItem& item = items_[i];
    const Count& count = item_counts_[i];
    const bool disqualifier = item.kind == ModelItem::Kind::Disqualifier;
    const double z = z_score(count.positives, count.rows, base);
    const bool enough = count.rows >= kWrongMinRows && std::fabs(z) >= kWrongZ;
    if (item.points == 0 && !disqualifier) {
      if (enough) unscored.emplace_back(-std::fabs(z), i);
      continue;
    }
    json entry = {{"pointer", item.pointer}, {"source", source_of(item.kind)},
                  {"id", item.id},           {"text", item.text},
                  {"name", item.name},       {"points", number_json(item.points)}};
    rates(entry, count.rows, static_cast<double>(count.positives));
    // Points and disqualifications should point the way the leads went.
    const bool looks_wrong = enough && (disqualifier || item.points < 0 ? z > 0 : z < 0);
    entry["looks_wrong"] = looks_wrong;
    if (looks_wrong) {
      const double rate =
          ratio(static_cast<double>(count.positives), static_cast<double>(count.rows));
      json why = entry;
      why["why"] = (disqualifier ? std::string("disqualifies")
                                 : (item.points > 0 ? "adds " : "takes away ") +
                                       format_number(std::fabs(item.points)) +
                                       (std::fabs(item.points) == 1 ? " point" : " points")) +
                   ", but its " + std::to_string(count.rows) + " leads convert at " +
                   percent_text(rate) + " against " + percent_text(base) + " overall";
      wrong.push_back(std::move(why));
    }
    reasons.push_back(std::move(entry));
  }
  out["reasons"] = std::move(reasons);
  out["wrong"] = std::move(wrong);
  std::sort(unscored.begin(), unscored.end());
  json unscored_list = json::array();
  for (std::size_t k = 0; k < unscored.size() && k < kUnscoredListed; ++k) {
    const ModelItem& item = items_[unscored[k].second];
    const Count& count = item_counts_[unscored[k].second];
    json entry = {{"pointer", item.pointer},
                  {"source", source_of(item.kind)},
                  {"id", item.id},
                  {"text", item.text},
                  {"name", item.name}};
    rates(entry, count.rows, static_cast<double>(count.positives));
    unscored_list.push_back(std::move(entry));
  }
  out["unscored"] = std::move(unscored_list);

  // Leakage: each question's answers as levels (its options or bands, and no answer).
  json leakage = json::array();
  for (std::size_t q = 0; q < questions.size(); ++q) {
    if (questions[q].type == QuestionType::Multi) continue;  // several options per lead: not levels
    std::vector<LevelCount> levels;
    std::size_t in_items = 0;
    std::size_t positives_in_items = 0;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      const ModelItem& item = items_[i];
      if (item.question != static_cast<int>(q)) continue;
      levels.push_back(LevelCount{item.text, item_counts_[i].rows, item_counts_[i].positives});
      in_items += item_counts_[i].rows;
      positives_in_items += item_counts_[i].positives;
    }
    if (levels.empty()) continue;
    levels.push_back(LevelCount{"", rows() - in_items, positives() - positives_in_items});
    const LeakageEvidence evidence = leakage_evidence(levels);
    if (!evidence.suspicious) continue;
    const std::string column = column_name(static_cast<int>(q));
    const std::string& name = column.empty() ? questions[q].id : column;
    json entry = leakage_json(name, evidence);
    entry["question"] = questions[q].id;
    entry["text"] = leakage_text(name, evidence);
    leakage.push_back(std::move(entry));
  }
  out["leakage"] = std::move(leakage);

  json matched = json::array();
  json unanswered = json::array();
  for (std::size_t q = 0; q < questions.size(); ++q) {
    const std::string column = column_name(static_cast<int>(q));
    if (column.empty()) {
      unanswered.push_back(questions[q].id);
      continue;
    }
    matched.push_back(
        {{"column", column}, {"question", questions[q].id}, {"answered", answered_[q].rows}});
  }
  out["columns"] = {{"matched", std::move(matched)},
                    {"unanswered", std::move(unanswered)},
                    {"warnings", warnings()}};
  out["skipped"] = {
      {"bad", bad_rows()}, {"no_outcome", no_outcome()}, {"unknown_outcome", unknown_outcome()}};
  json problems_list = json::array();
  for (const auto& [line, message] : problems()) {
    problems_list.push_back({{"line", line}, {"message", message}});
  }
  out["problems"] = std::move(problems_list);
  json answer_errors = json::array();
  for (const ErrorCount& error : errors_) {
    answer_errors.push_back(
        {{"question", error.question < 0
                          ? json(nullptr)
                          : json(questions[static_cast<std::size_t>(error.question)].id)},
         {"column", column_name(error.question)},
         {"code", error.code},
         {"rows", error.rows},
         {"example", error.example}});
  }
  out["answer_errors"] = std::move(answer_errors);
  return out;
}

}  // namespace leadqual
