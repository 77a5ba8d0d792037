// leadqual calibrate MODEL HISTORY.csv --outcome COLUMN > calibrated.json
//
// Learns integer points for a model's options, bands and rules from a CRM history with
// L1-regularised logistic regression (LIBLINEAR, the solver behind scikit-learn's "liblinear"),
// keeping everything else of the model. Each option, band, boolean "yes" and rule is one
// feature: 1 when it holds for the lead (as the core scores it: visibility, validation and rule
// conditions all apply), else 0. Number questions without bands first get quantile bands, and
// neighbouring bands that learn the same points are merged. The L1 penalty is chosen by
// cross-validation on the training rows among those that leave at most --max-entries non-zero
// point entries; the weights are scaled so that the largest is --max-points and rounded. The
// holdout rows (--holdout, stratified, --seed) are only ever used to measure the result.
#include <linear.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/clock.hpp"
#include "cli/history_io.hpp"
#include "cli/host.hpp"
#include "cli/io.hpp"
#include "cli/points.hpp"
#include "cli/text_table.hpp"
#include "cli/verbs.hpp"
#include "core/compiler/csv_answers.hpp"
#include "core/compiler/leakage.hpp"
#include "core/compiler/profile.hpp"
#include "core/compiler/score_stats.hpp"
#include "core/runtime/text.hpp"

namespace leadqual::cli {
namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

constexpr const char* kHelp =
    R"(Usage: leadqual calibrate MODEL HISTORY.csv --outcome COLUMN [options] > calibrated.json

Learns integer points for MODEL's options, bands, boolean questions and rules from a CRM export
(CSV with an outcome column), with L1-regularised logistic regression (LIBLINEAR). Questions,
options, rules, dimensions, stages and texts are kept; number questions without bands get
bands learned from the data. Writes the calibrated model on standard output and a report on
standard error: AUC on the holdout before and after, lift, the stage table, the points.

Options
  --outcome COLUMN         the column that says whether the lead converted (required)
  --positive VALUE[,...]   outcome values that mean converted (as for `leadqual backtest`)
  --map COLUMN=QUESTION    read QUESTION from COLUMN (repeatable)
  --exclude COLUMN[,...]   leave these columns out (those recorded after sales contact): their
                           questions get no points
  --max-points N           the largest number of points of any entry (default 10)
  --max-entries K          at most K non-zero point entries in the model (default 40)
  --stages ID=P%[,...]     set the `score >= N` of these stages so that P % of the leads reach
                           each one (its own share: sql=10%,mql=30% is 10 % sql, the next 30 %
                           mql)
  --stage-rates ID=P%,...  set them so that each stage's leads convert at P % or better
  --holdout F              the share of rows kept aside to measure the result (default 0.3;
                           0: learn from every row and report in-sample figures)
  --seed S                 the seed of the stratified holdout split (default 1)
  --dimension ID           where points go for items that had none (default: the question's
                           other points' dimension, else the first dimension)
  --report FILE            also write the report as JSON to FILE
  --now ISO|MS             the clock for days_since in rules (default: the system clock)

Exit status: 0 calibrated, 1 the model or history could not be read or used, 2 usage error.
)";

// ---- small helpers ------------------------------------------------------------------------------

// splitmix64: a tiny, fully specified generator, so a seed gives the same split everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

template <typename T>
void shuffle(std::vector<T>& items, Random& random) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[random.below(i)]);
}

ordered_json number_of(double value) {
  if (std::floor(value) == value && std::fabs(value) < 9007199254740992.0) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

bool parse_percent(std::string text, double& out) {
  if (!text.empty() && text.back() == '%') text.pop_back();
  double value = 0;
  if (!parse_cell_number(text, value) || value < 0 || value > 100) return false;
  out = value / 100;
  return true;
}

// ---- the history, kept in memory ----------------------------------------------------------------

// Rows of the CSV as they were read (only calibration needs them all), with their outcome, and a
// profile of every column for the leakage warnings.
class StoredHistory : public History {
 public:
  explicit StoredHistory(OutcomeOptions outcome) : History(std::move(outcome)) {}

  struct Row {
    CsvRecord record;
    bool positive = false;
  };
  std::vector<Row> rows_kept;
  std::vector<ColumnProfile> profiles;

 private:
  bool start() override {
    profiles.assign(columns().size(), ColumnProfile{});
    for (std::size_t i = 0; i < columns().size(); ++i) profiles[i].name = columns()[i];
    return true;
  }
  void row(const CsvRecord& record, bool positive) override {
    rows_kept.push_back(Row{record, positive});
    for (std::size_t i = 0; i < profiles.size(); ++i) {
      if (static_cast<int>(i) != outcome_column()) profiles[i].add(record[i], positive);
    }
  }
};

// ---- stage thresholds ---------------------------------------------------------------------------

struct StageTarget {
  std::string id;
  bool by_rate = false;  // else by volume
  double value = 0;      // 0..1
};

bool parse_stage_targets(const std::vector<std::string>& specs, bool by_rate,
                         std::vector<StageTarget>& out, std::string& error) {
  for (const std::string& spec : specs) {
    const std::size_t equals = spec.find('=');
    StageTarget target;
    target.by_rate = by_rate;
    if (equals == std::string::npos || equals == 0 ||
        !parse_percent(spec.substr(equals + 1), target.value)) {
      error = std::string(by_rate ? "--stage-rates" : "--stages") + ": '" + spec +
              "' is not STAGE=PERCENT% (e.g. sql=10%)";
      return false;
    }
    target.id = spec.substr(0, equals);
    for (const StageTarget& seen : out) {
      if (seen.id == target.id) {
        error = "stage '" + target.id + "' is given twice";
        return false;
      }
    }
    out.push_back(target);
  }
  return true;
}

// Replaces N in the first `score >= N` of an infix condition, or {">=": [{"var": "score"}, N]}
// of a JsonLogic one. False when there is none.
bool set_score_threshold(ordered_json& condition, double threshold) {
  if (condition.is_string()) {
    std::string text = condition.get<std::string>();
    for (std::size_t at = text.find("score"); at != std::string::npos;
         at = text.find("score", at + 1)) {
      const bool word_start = at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) ||
                                           text[at - 1] == '_' || text[at - 1] == '.');
      std::size_t i = at + 5;
      if (!word_start || (i < text.size() &&
                          (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_'))) {
        continue;
      }
      while (i < text.size() && text[i] == ' ') ++i;
      if (text.compare(i, 2, ">=") != 0) continue;
      i += 2;
      while (i < text.size() && text[i] == ' ') ++i;
      std::size_t end = i;
      if (end < text.size() && text[end] == '-') ++end;
      while (end < text.size() &&
             (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) {
        ++end;
      }
      if (end == i) continue;
      text.replace(i, end - i, format_number(threshold));
      condition = text;
      return true;
    }
    return false;
  }
  if (condition.is_object() && condition.size() == 1 && condition.contains(">=")) {
    ordered_json& args = condition[">="];
    if (args.is_array() && args.size() == 2 && args[0].is_object() &&
        args[0].value("var", ordered_json()) == "score" && args[1].is_number()) {
      args[1] = number_of(threshold);
      return true;
    }
  }
  if (condition.is_structured()) {
    for (ordered_json& child : condition) {
      if (set_score_threshold(child, threshold)) return true;
    }
  }
  return false;
}

// The `score >= N` that --stages / --stage-rates ask of each stage (by index; NaN for stages
// not asked for), from the training rows' scores: each stage counts the leads below the one
// before.
std::vector<double> stage_thresholds(const ScoreStats& stats, const std::vector<Stage>& stages,
                                     const std::vector<StageTarget>& targets) {
  std::vector<double> out(stages.size(), std::numeric_limits<double>::quiet_NaN());
  double below = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i + 1 < stages.size(); ++i) {
    const auto target = std::find_if(targets.begin(), targets.end(),
                                     [&](const StageTarget& t) { return t.id == stages[i].id; });
    if (target == targets.end()) continue;
    out[i] = target->by_rate ? stats.threshold_for_rate(target->value, below)
                             : stats.threshold_for_share(target->value, below);
    below = out[i];
  }
  return out;
}

// ---- LIBLINEAR ----------------------------------------------------------------------------------

void quiet(const char*) {}

struct LinearModelDeleter {
  void operator()(struct model* m) const {
    struct model* owned = m;
    free_and_destroy_model(&owned);
  }
};

// Rows as LIBLINEAR's sparse vectors: every feature 1, a bias feature last. LIBLINEAR penalises
// the bias like any weight; a large bias value makes that penalty negligible, so near-constant
// columns ("No" in 99.9 % of rows) do not stand in for it and cost point entries.
constexpr double kBiasValue = 100;

class Problem {
 public:
  Problem(const std::vector<std::vector<int>>& features, const std::vector<bool>& labels,
          const std::vector<std::size_t>& rows, int feature_count) {
    nodes_.resize(rows.size());
    labels_.resize(rows.size());
    pointers_.resize(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::vector<feature_node>& nodes = nodes_[r];
      for (int f : features[rows[r]]) nodes.push_back(feature_node{f + 1, 1.0});
      nodes.push_back(feature_node{feature_count + 1, kBiasValue});
      nodes.push_back(feature_node{-1, 0.0});
      labels_[r] = labels[rows[r]] ? 1.0 : -1.0;
      pointers_[r] = nodes.data();
    }
    problem_.l = static_cast<int>(rows.size());
    problem_.n = feature_count + 1;
    problem_.y = labels_.data();
    problem_.x = pointers_.data();
    problem_.bias = -1;  // the bias is already one of the features above
  }

  // The weights (for the positive class) of L1-regularised logistic regression with cost C.
  std::vector<double> train_weights(double C, int feature_count) const {
    parameter param{};
    param.solver_type = L1R_LR;
    param.eps = 0.01;
    param.C = C;
    std::vector<double> w(static_cast<std::size_t>(feature_count), 0.0);
    if (check_parameter(&problem_, &param) != nullptr) return w;
    std::unique_ptr<struct model, LinearModelDeleter> trained(train(&problem_, &param));
    if (!trained) return w;
    // LIBLINEAR's first label is the class the weights score; it is the first label it met.
    const double sign = trained->label[0] == 1 ? 1.0 : -1.0;
    for (int f = 0; f < feature_count; ++f) w[static_cast<std::size_t>(f)] = sign * trained->w[f];
    return w;
  }

 private:
  std::vector<std::vector<feature_node>> nodes_;
  std::vector<double> labels_;
  std::vector<feature_node*> pointers_;
  problem problem_{};
};

// ---- the calibration ----------------------------------------------------------------------------

struct Feature {
  std::size_t item = 0;  // index into the augmented model's items
  // A band that adjoins the band before it (unlabelled, bounds touching): with the same points
  // the two are written as one.
  bool joins_previous = false;
};

// Whether bands a then b (in this order) cover touching ranges and carry no labels of their own,
// so that one band from a's min to b's max scores exactly as the two do.
bool bands_adjoin(const ordered_json& a, const ordered_json& b) {
  if (a.contains("label") || b.contains("label") || !a.contains("max") || !b.contains("min")) {
    return false;
  }
  const double max = a["max"].get<double>();
  const double min = b["min"].get<double>();
  const bool whole = std::floor(max) == max && std::floor(min) == min;
  return min == max || (whole && min == max + 1);
}

// Non-zero entries the written model will have: adjoining bands that get the same points are
// merged into one.
std::size_t entry_count(const std::vector<int>& points, const std::vector<Feature>& features) {
  std::size_t entries = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i] == 0) continue;
    const bool continues = features[i].joins_previous && points[i - 1] == points[i];
    if (!continues) ++entries;
  }
  return entries;
}

double auc_of(const std::vector<std::vector<int>>& rows_features, const std::vector<bool>& labels,
              const std::vector<std::size_t>& rows, const std::vector<int>& points) {
  ScoreStats stats;
  for (std::size_t r : rows) {
    double score = 0;
    for (int f : rows_features[r]) score += points[static_cast<std::size_t>(f)];
    stats.add(score, labels[r]);
  }
  return stats.auc();
}

struct Scored {
  ScoreStats stats;
  std::vector<double> scores;  // per row of `rows`
};

Scored score_rows(const Model& model, const StoredHistory& history, CsvAnswers& answers,
                  const std::vector<std::size_t>& rows, const ScoreOptions& options) {
  Scored out;
  json row_answers;
  ScoreTrace trace;
  for (std::size_t r : rows) {
    const StoredHistory::Row& row = history.rows_kept[r];
    answers.fill(row.record, row_answers);
    model.trace(row_answers, options, trace);
    out.stats.add(trace.score, row.positive);
    out.scores.push_back(trace.score);
  }
  return out;
}

}  // namespace

int calibrate_main(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  if (const auto done = start_verb("calibrate", kHelp, args,
                                   {{"--help"},
                                    {"--outcome", true},
                                    {"--positive", true},
                                    {"--map", true},
                                    {"--exclude", true},
                                    {"--max-points", true},
                                    {"--max-entries", true},
                                    {"--stages", true},
                                    {"--stage-rates", true},
                                    {"--holdout", true},
                                    {"--seed", true},
                                    {"--dimension", true},
                                    {"--report", true},
                                    {"--now", true}},
                                   parsed)) {
    return *done;
  }
  std::string error;
  if (!model_and_history(parsed, error)) return usage_error("calibrate", error);
  OutcomeOptions outcome;
  ColumnMapping mapping;
  if (!history_options(parsed, outcome, mapping, error)) return usage_error("calibrate", error);
  const auto whole_option = [&](const char* name, double fallback, double min, double max,
                                double& out) {
    out = fallback;
    const std::string* text = parsed.value(name);
    if (!text) return true;
    double value = 0;
    if (!parse_cell_number(*text, value) || value < min || value > max ||
        (std::floor(value) != value && std::string(name) != "--holdout")) {
      error = std::string(name) + ": '" + *text + "' is not " +
              (std::string(name) == "--holdout" ? "a number from " : "a whole number from ") +
              format_number(min) + " to " + format_number(max);
      return false;
    }
    out = value;
    return true;
  };
  double max_points = 0, max_entries = 0, holdout = 0, seed = 0;
  if (!whole_option("--max-points", 10, 1, 1000, max_points) ||
      !whole_option("--max-entries", 40, 1, 10000, max_entries) ||
      !whole_option("--holdout", 0.3, 0, 0.9, holdout) ||
      !whole_option("--seed", 1, 0, 9007199254740991.0, seed)) {
    return usage_error("calibrate", error);
  }
  std::vector<StageTarget> targets;
  if (!parse_stage_targets(list_option(parsed, "--stages"), false, targets, error) ||
      !parse_stage_targets(list_option(parsed, "--stage-rates"), true, targets, error)) {
    return usage_error("calibrate", error);
  }
  ScoreOptions score_options;
  if (!now_option(parsed, score_options.now_ms, error)) return usage_error("calibrate", error);
  const std::string& model_path = parsed.positional[0];
  const std::string& history_path = parsed.positional[1];

  // The model, as the core sees it and as a document to edit (key order kept).
  std::string model_text;
  if (!read_file(model_path, ModelLimits{}.max_model_bytes, model_text, error)) {
    err("leadqual calibrate: %s\n", error.c_str());
    return kExitFailure;
  }
  const std::shared_ptr<const Model> original = load_model_file("calibrate", model_path);
  if (!original) return kExitFailure;
  ordered_json doc = ordered_json::parse(model_text, nullptr, false);
  const CompiledModel& shape = original->compiled();
  std::vector<std::string> dimension_ids;
  for (const Dimension& dimension : shape.dimensions) dimension_ids.push_back(dimension.id);
  std::string default_dimension = dimension_ids.front();
  if (const std::string* dimension = parsed.value("--dimension")) {
    if (std::find(dimension_ids.begin(), dimension_ids.end(), *dimension) == dimension_ids.end()) {
      return usage_error("calibrate", "--dimension: no dimension '" + *dimension + "' in " +
                                          model_path + did_you_mean(*dimension, dimension_ids));
    }
    default_dimension = *dimension;
  }
  for (const StageTarget& target : targets) {
    bool found = false;
    std::vector<std::string> stage_ids;
    for (std::size_t i = 0; i < shape.stages.size(); ++i) {
      stage_ids.push_back(shape.stages[i].id);
      if (shape.stages[i].id == target.id && i + 1 < shape.stages.size()) found = true;
    }
    if (!found) {
      return usage_error("calibrate", "no stage '" + target.id + "' with a condition in " +
                                          model_path + did_you_mean(target.id, stage_ids));
    }
  }

  // The history.
  StoredHistory history(outcome);
  if (!read_history("calibrate", history_path, history)) return kExitFailure;
  const std::vector<std::string> exclude = list_option(parsed, "--exclude");
  for (const std::string& name : exclude) {
    if (find_column(history.columns(), name) < 0) {
      return usage_error("calibrate", "--exclude: no column '" + name + "' in " + history_path +
                                          did_you_mean_column(history.columns(), name));
    }
  }
  mapping.skip = exclude;
  mapping.skip.push_back(history.columns()[static_cast<std::size_t>(history.outcome_column())]);
  CsvAnswers original_answers(*original, history.columns(), mapping);
  for (const std::string& message : original_answers.errors()) {
    err("leadqual calibrate: %s\n", message.c_str());
  }
  if (!original_answers.errors().empty()) return kExitFailure;
  std::vector<std::string> column_warnings = original_answers.warnings();
  if (!original_answers.unanswered_warning().empty()) {
    column_warnings.push_back(original_answers.unanswered_warning());
  }
  for (const std::string& warning : column_warnings) {
    err("leadqual calibrate: %s: %s\n", history_path.c_str(), warning.c_str());
  }
  report_history("calibrate", history_path, history);
  const std::size_t total = history.rows_kept.size();
  if (history.positives() == 0 || history.positives() == total) {
    err("leadqual calibrate: %s: %zu rows, %zu converted: calibration needs leads of "
        "both kinds\n",
        history_path.c_str(), total, history.positives());
    return kExitFailure;
  }

  // Leakage: columns the model reads that predict the outcome suspiciously well. They are used
  // all the same (say --exclude to leave them out).
  json leakage = json::array();
  for (std::size_t c = 0; c < history.columns().size(); ++c) {
    if (original_answers.question_of_column(c) < 0) continue;
    const ColumnProfile& column = history.profiles[c];
    const LeakageEvidence evidence = leakage_evidence(column.level_counts());
    if (!evidence.suspicious) continue;
    err("leadqual calibrate: warning: %s (used; leave it out with --exclude)\n",
        leakage_text(column.name, evidence).c_str());
    leakage.push_back(leakage_json(column.name, evidence));
  }

  // Stratified split: the same share of converted and other leads in the holdout.
  Random random(static_cast<std::uint64_t>(seed));
  std::vector<std::size_t> train_rows, holdout_rows;
  for (const bool kind : {true, false}) {
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < total; ++r) {
      if (history.rows_kept[r].positive == kind) rows.push_back(r);
    }
    shuffle(rows, random);
    const auto kept =
        static_cast<std::size_t>(std::lround(holdout * static_cast<double>(rows.size())));
    holdout_rows.insert(holdout_rows.end(), rows.begin(),
                        rows.begin() + static_cast<std::ptrdiff_t>(kept));
    train_rows.insert(train_rows.end(), rows.begin() + static_cast<std::ptrdiff_t>(kept),
                      rows.end());
  }
  std::sort(train_rows.begin(), train_rows.end());
  std::sort(holdout_rows.begin(), holdout_rows.end());
  const std::vector<std::size_t>& measured = holdout_rows.empty() ? train_rows : holdout_rows;

  // Number questions without bands get quantile bands from the training rows.
  ordered_json augmented = doc;
  std::vector<char> learned_bands(shape.questions.size(), 0);
  std::vector<char> band_integers(shape.questions.size(), 1);
  for (std::size_t q = 0; q < shape.questions.size(); ++q) {
    const Question& question = shape.questions[q];
    const bool numeric =
        question.type == QuestionType::Number || question.type == QuestionType::Range;
    if (!numeric || !question.bands.empty()) continue;
    const int column = original_answers.column_of_question(q);
    if (column < 0) continue;
    const double min = question.min;
    const double max = question.max;
    std::map<double, std::size_t> values;
    bool integers = true;
    for (std::size_t r : train_rows) {
      double value = 0;
      if (!parse_cell_number(history.rows_kept[r].record[static_cast<std::size_t>(column)],
                             value) ||
          value < min || value > max) {
        continue;
      }
      ++values[value];
      integers = integers && std::floor(value) == value;
    }
    const std::vector<double> cuts = quantile_cuts(values, 10);
    if (cuts.empty()) continue;
    augmented["questions"][q]["bands"] = bands_for_cuts(cuts, integers);
    learned_bands[q] = 1;
    band_integers[q] = integers;
  }
  const LoadResult augmented_loaded = Model::load(json(augmented));
  if (!augmented_loaded.model) {
    err("leadqual calibrate: the model with learned bands does not load: %s\n",
        augmented_loaded.errors.empty() ? "?" : augmented_loaded.errors[0].message.c_str());
    return kExitFailure;
  }
  const Model& model = *augmented_loaded.model;
  CsvAnswers answers(model, history.columns(), mapping);
  const std::vector<ModelItem> items = model.items();

  // Features: every item but disqualifiers; rows as the items that held for them.
  std::vector<Feature> features;
  std::vector<int> feature_of_item(items.size(), -1);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind == ModelItem::Kind::Disqualifier) continue;
    feature_of_item[i] = static_cast<int>(features.size());
    Feature feature;
    feature.item = i;
    if (items[i].kind == ModelItem::Kind::Band && items[i].index > 0) {
      const ordered_json& bands =
          augmented["questions"][static_cast<std::size_t>(items[i].question)]["bands"];
      feature.joins_previous = bands_adjoin(bands[static_cast<std::size_t>(items[i].index - 1)],
                                            bands[static_cast<std::size_t>(items[i].index)]) &&
                               !features.empty() &&
                               items[features.back().item].question == items[i].question;
    }
    features.push_back(feature);
  }
  const int feature_count = static_cast<int>(features.size());
  std::vector<std::vector<int>> row_features(total);
  std::vector<bool> labels(total);
  std::vector<std::size_t> item_rows(items.size(), 0), item_positives(items.size(), 0);
  {
    json row_answers;
    ScoreTrace trace;
    for (std::size_t r = 0; r < total; ++r) {
      const StoredHistory::Row& row = history.rows_kept[r];
      answers.fill(row.record, row_answers);
      model.trace(row_answers, score_options, trace);
      labels[r] = row.positive;
      for (int item : trace.items) {
        const int f = feature_of_item[static_cast<std::size_t>(item)];
        if (f >= 0) row_features[r].push_back(f);
      }
    }
    for (std::size_t r : train_rows) {
      for (int f : row_features[r]) {
        ++item_rows[features[static_cast<std::size_t>(f)].item];
        item_positives[features[static_cast<std::size_t>(f)].item] += labels[r];
      }
    }
  }
  if (feature_count == 0) {
    err("leadqual calibrate: %s has no options, bands, boolean questions or rules that "
        "the history answers: nothing to learn\n",
        model_path.c_str());
    return kExitFailure;
  }
  set_print_string_function(quiet);

  // The penalty: among costs whose model has at most max_entries entries, the one with the best
  // cross-validated AUC (3 stratified folds of the training rows), with points rounded as they
  // will be written.
  const Problem train_problem(row_features, labels, train_rows, feature_count);
  // Options and bands of a question of which every training lead holds exactly one: their
  // common part moves every score alike, so it is taken out (the points most leads get are 0).
  std::vector<int> group_of(features.size(), -1);
  std::vector<std::size_t> feature_rows(features.size(), 0);
  for (std::size_t f = 0; f < features.size(); ++f) {
    const ModelItem& item = items[features[f].item];
    if (item.kind == ModelItem::Kind::Option || item.kind == ModelItem::Kind::Band) {
      group_of[f] = item.question;
    }
    feature_rows[f] = item_rows[features[f].item];
  }
  const std::vector<std::vector<int>> shift_groups =
      exclusive_groups(group_of, row_features, train_rows);
  const auto learn_points = [&](const Problem& problem, double cost) {
    std::vector<double> weights = problem.train_weights(cost, feature_count);
    absorb_shifts(weights, shift_groups, feature_rows);
    return integer_points(weights, static_cast<int>(max_points));
  };
  std::vector<std::vector<std::size_t>> fold_train(3), fold_test(3);
  {
    std::vector<std::size_t> order = train_rows;
    Random fold_random(static_cast<std::uint64_t>(seed) + 1);
    shuffle(order, fold_random);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return labels[a] > labels[b]; });
    for (std::size_t i = 0; i < order.size(); ++i) {
      for (std::size_t k = 0; k < 3; ++k)
        (i % 3 == k ? fold_test : fold_train)[k].push_back(order[i]);
    }
  }
  std::vector<std::unique_ptr<Problem>> fold_problems;
  for (std::size_t k = 0; k < 3; ++k) {
    fold_problems.push_back(
        std::make_unique<Problem>(row_features, labels, fold_train[k], feature_count));
  }
  double best_cost = 0, best_auc = -1;
  std::vector<int> best_points;
  std::size_t best_entries = 0;
  for (int step = 0; step <= 16; ++step) {
    const double cost = 0.001 * std::pow(2.0, step);
    const std::vector<int> points = learn_points(train_problem, cost);
    const std::size_t entries = entry_count(points, features);
    if (entries == 0) continue;
    if (entries > static_cast<std::size_t>(max_entries)) break;  // entries grow with the cost
    double cv = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      const std::vector<int> fold_points = learn_points(*fold_problems[k], cost);
      cv += auc_of(row_features, labels, fold_test[k], fold_points) / 3;
    }
    if (cv > best_auc + 1e-9) {
      best_auc = cv;
      best_cost = cost;
      best_points = points;
      best_entries = entries;
    }
  }
  if (best_points.empty()) {
    err("leadqual calibrate: even the strongest penalty leaves more than %g point "
        "entries; raise --max-entries\n",
        max_entries);
    return kExitFailure;
  }

  // Thresholds below 0 ("mql: score >= -5") read as if bad leads qualified: move the zero of
  // questions every lead answers to a lower answer, which raises every score alike.
  {
    ScoreStats train_stats;
    for (std::size_t r : train_rows) {
      double score = 0;
      for (int f : row_features[r]) score += best_points[static_cast<std::size_t>(f)];
      train_stats.add(score, labels[r]);
    }
    double lowest = 0;
    for (double threshold : stage_thresholds(train_stats, shape.stages, targets)) {
      if (!std::isnan(threshold)) lowest = std::min(lowest, threshold);
    }
    if (lowest < 0) {
      raise_scores(
          best_points, shift_groups, static_cast<int>(std::ceil(-lowest)),
          static_cast<int>(max_points),
          [&](const std::vector<int>& points) { return entry_count(points, features); },
          std::max(best_entries, static_cast<std::size_t>(max_entries)));
      best_entries = entry_count(best_points, features);
    }
  }

  // Write the points into the document (with the bands learned here).
  ordered_json calibrated_model = augmented;
  const auto home_dimension = [&](const ordered_json* points, std::size_t question) {
    // The dimension of the item's largest points, else of its question's, else the default.
    const auto largest = [](const ordered_json& object) -> std::string {
      std::string best;
      double size = -1;
      for (const auto& entry : object.items()) {
        if (entry.value().is_number() && std::fabs(entry.value().get<double>()) > size) {
          size = std::fabs(entry.value().get<double>());
          best = entry.key();
        }
      }
      return best;
    };
    if (points && points->is_object() && !largest(*points).empty()) return largest(*points);
    if (question < shape.questions.size()) {
      // How many of its options and bands give each dimension points (zeros are left out).
      std::vector<int> uses(shape.dimensions.size(), 0);
      const auto count_uses = [&](const Points& given) {
        for (std::uint32_t k = given.first; k < given.first + given.count; ++k) {
          ++uses[static_cast<std::size_t>(shape.contributions[k].dimension)];
        }
      };
      const Question& q = shape.questions[question];
      for (const Option& option : q.options) count_uses(option.points);
      for (const Band& band : q.bands) count_uses(band.points);
      std::size_t best = 0;
      for (std::size_t d = 1; d < uses.size(); ++d) {
        if (uses[d] > uses[best]) best = d;
      }
      if (!uses.empty() && uses[best] > 0) return dimension_ids[best];
    }
    return default_dimension;
  };
  json points_table = json::array();
  for (std::size_t f = 0; f < features.size(); ++f) {
    const ModelItem& item = items[features[f].item];
    const int points = best_points[f];
    const ordered_json::json_pointer at(item.pointer);
    if (item.kind == ModelItem::Kind::Option) {
      ordered_json& option = calibrated_model[at];
      if (option.is_string()) option = ordered_json{{"value", option.get<std::string>()}};
      const std::string dimension =
          home_dimension(option.contains("points") ? &option["points"] : nullptr,
                         static_cast<std::size_t>(item.question));
      if (points == 0) {
        option.erase("points");
        if (option.size() == 1) option = option["value"];  // back to the short spelling
      } else {
        option["points"] = ordered_json{{dimension, points}};
      }
    } else if (item.kind == ModelItem::Kind::Band) {
      ordered_json& band = calibrated_model[at];
      const std::string dimension =
          home_dimension(&band["points"], static_cast<std::size_t>(item.question));
      band["points"] = points == 0 ? ordered_json::object() : ordered_json{{dimension, points}};
    } else if (item.kind == ModelItem::Kind::Boolean) {
      ordered_json& question = calibrated_model[at];
      const std::string dimension =
          home_dimension(question.contains("points") ? &question["points"] : nullptr,
                         static_cast<std::size_t>(item.question));
      if (points == 0) {
        question.erase("points");
      } else {
        question["points"] = ordered_json{{dimension, points}};
      }
    } else if (item.kind == ModelItem::Kind::Rule) {
      ordered_json& rule = calibrated_model[at];
      const std::string dimension = home_dimension(&rule["add"], SIZE_MAX);
      rule["add"] = points == 0 ? ordered_json::object() : ordered_json{{dimension, points}};
    }
  }
  // Adjoining bands with the same points become one; learned bands without points are dropped
  // where that cannot move a value into another band.
  for (std::size_t q = 0; q < calibrated_model["questions"].size(); ++q) {
    ordered_json& question = calibrated_model["questions"][q];
    if (!question.contains("bands")) continue;
    ordered_json merged = ordered_json::array();
    for (const ordered_json& band : question["bands"]) {
      if (!merged.empty() && bands_adjoin(merged.back(), band) &&
          merged.back()["points"] == band["points"]) {
        if (band.contains("max")) {
          merged.back()["max"] = band["max"];
        } else {
          merged.back().erase("max");
        }
      } else {
        merged.push_back(band);
      }
    }
    if (learned_bands[q]) {
      ordered_json kept = ordered_json::array();
      for (std::size_t b = 0; b < merged.size(); ++b) {
        const bool last = b + 1 == merged.size();
        if (merged[b]["points"].empty() && (band_integers[q] || last)) continue;
        kept.push_back(merged[b]);
      }
      merged = std::move(kept);
    }
    if (merged.empty()) {
      question.erase("bands");
    } else {
      question["bands"] = std::move(merged);
    }
  }
  // Items of excluded columns' questions learn nothing (never answered): say so in the report.
  const LoadResult calibrated_loaded = Model::load(json(calibrated_model));
  if (!calibrated_loaded.model) {
    err("leadqual calibrate: the calibrated model does not load (a bug): %s: %s\n",
        calibrated_loaded.errors[0].pointer.c_str(), calibrated_loaded.errors[0].message.c_str());
    return kExitFailure;
  }

  // Stage thresholds from the training rows' calibrated scores.
  CsvAnswers calibrated_answers(*calibrated_loaded.model, history.columns(), mapping);
  const Scored train_scored =
      score_rows(*calibrated_loaded.model, history, calibrated_answers, train_rows, score_options);
  json thresholds = json::object();
  {
    const std::vector<double> found = stage_thresholds(train_scored.stats, shape.stages, targets);
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (std::isnan(found[i])) continue;
      const std::string& id = shape.stages[i].id;
      if (!set_score_threshold(calibrated_model["stages"][i]["if"], found[i])) {
        err("leadqual calibrate: stage '%s': its 'if' has no 'score >= N' to set; "
            "write one, or leave the stage out of --stages\n",
            id.c_str());
        return kExitFailure;
      }
      thresholds[id] = number_json(found[i]);
    }
  }
  // Where the points came from, for the next person who edits them (x- keys are kept as they are).
  calibrated_model["x-calibration"] =
      ordered_json{{"history", history_path.substr(history_path.find_last_of('/') + 1)},
                   {"outcome", outcome.column},
                   {"rows", total},
                   {"holdout", holdout},
                   {"seed", static_cast<std::int64_t>(seed)},
                   {"excluded", exclude}};
  const LoadResult final_loaded = Model::load(json(calibrated_model));
  if (!final_loaded.model) {
    err("leadqual calibrate: the calibrated model does not load (a bug): %s: %s\n",
        final_loaded.errors[0].pointer.c_str(), final_loaded.errors[0].message.c_str());
    return kExitFailure;
  }
  const Model& calibrated = *final_loaded.model;

  // Measure on the holdout: before (the model as given) and after.
  const Scored before = score_rows(*original, history, original_answers, measured, score_options);
  CsvAnswers final_answers(calibrated, history.columns(), mapping);
  const Scored after = score_rows(calibrated, history, final_answers, measured, score_options);
  const auto top_lift = [&](const ScoreStats& stats) {
    const std::vector<ScoreStats::Decile> deciles = stats.deciles();
    const double base = static_cast<double>(stats.positives()) / static_cast<double>(stats.rows());
    if (deciles.empty() || base == 0) return 0.0;
    return deciles[0].positives / static_cast<double>(deciles[0].rows) / base;
  };
  std::vector<std::size_t> stage_rows(calibrated.compiled().stages.size() + 1, 0);
  std::vector<std::size_t> stage_positives(stage_rows.size(), 0);
  {
    json row_answers;
    ScoreTrace trace;
    for (std::size_t r : measured) {
      final_answers.fill(history.rows_kept[r].record, row_answers);
      calibrated.trace(row_answers, score_options, trace);
      const std::size_t s =
          trace.stage >= 0 ? static_cast<std::size_t>(trace.stage) : stage_rows.size() - 1;
      ++stage_rows[s];
      stage_positives[s] += history.rows_kept[r].positive;
    }
  }

  // The report.
  const char* where = holdout_rows.empty() ? "in-sample (no holdout)" : "holdout";
  err("\nCalibrated %s on %s: %zu rows, %zu converted (%s)\n", model_path.c_str(),
      history_path.c_str(), total, history.positives(),
      percent_text(static_cast<double>(history.positives()) / static_cast<double>(total)).c_str());
  err("  learned from %zu rows, measured on %zu %s rows (seed %g)\n", train_rows.size(),
      measured.size(), where, seed);
  if (!exclude.empty()) {
    std::string names;
    for (const std::string& name : exclude) names += (names.empty() ? "'" : ", '") + name + "'";
    err("  excluded: %s\n", names.c_str());
  }
  err("  L1 cost C = %g (cross-validated AUC %.3f), %zu point entries, at most %g points each\n\n",
      best_cost, best_auc, best_entries, max_points);
  err("%-28s %8s %8s\n", "", "before", "after");
  err("%-28s %8.3f %8.3f\n", (std::string("ROC AUC, ") + where).c_str(),
      before.stats.auc() == before.stats.auc() ? before.stats.auc() : 0.5, after.stats.auc());
  err("%-28s %8.2f %8.2f\n\n", "top-decile lift", top_lift(before.stats), top_lift(after.stats));
  err("Stages (%s rows)\n%-14s %10s %7s %7s %9s %7s\n", where, "stage", "threshold", "leads",
      "share", "converted", "rate");
  {
    const std::vector<Stage>& stages = calibrated.compiled().stages;
    for (std::size_t i = 0; i < stage_rows.size(); ++i) {
      const bool disqualified = i + 1 == stage_rows.size();
      if (disqualified && stage_rows[i] == 0) continue;
      const std::string id = disqualified ? "disqualified" : stages[i].id;
      const std::string threshold =
          thresholds.contains(id) ? ">= " + format_number(thresholds[id].get<double>()) : "";
      err("%-14s %10s %7zu %7s %9zu %7s\n", id.c_str(), threshold.c_str(), stage_rows[i],
          percent_text(static_cast<double>(stage_rows[i]) / static_cast<double>(measured.size()))
              .c_str(),
          stage_positives[i],
          stage_rows[i] ? percent_text(static_cast<double>(stage_positives[i]) /
                                       static_cast<double>(stage_rows[i]))
                              .c_str()
                        : "-");
    }
  }
  err("\nPoints (%zu entries; training rows each held for, and how they converted)\n",
      best_entries);
  const std::vector<ModelItem> final_items = calibrated.items();
  {
    // Training-row counts per final item, by tracing the training rows with the final model.
    std::vector<std::size_t> rows_of(final_items.size(), 0), positives_of(final_items.size(), 0);
    json row_answers;
    ScoreTrace trace;
    for (std::size_t r : train_rows) {
      final_answers.fill(history.rows_kept[r].record, row_answers);
      calibrated.trace(row_answers, score_options, trace);
      for (int item : trace.items) {
        ++rows_of[static_cast<std::size_t>(item)];
        positives_of[static_cast<std::size_t>(item)] += history.rows_kept[r].positive;
      }
    }
    for (std::size_t i = 0; i < final_items.size(); ++i) {
      const ModelItem& item = final_items[i];
      if (item.points == 0) continue;
      const double rate =
          rows_of[i] ? static_cast<double>(positives_of[i]) / static_cast<double>(rows_of[i]) : 0;
      err("%+5g  %s %6zu %7s\n", item.points, pad(clip(item.name, 50), 50, false).c_str(),
          rows_of[i], percent_text(rate).c_str());
      points_table.push_back({{"pointer", item.pointer},
                              {"id", item.id},
                              {"text", item.text},
                              {"points", number_json(item.points)},
                              {"rows", rows_of[i]},
                              {"rate", round_to(rate, 4)}});
    }
  }
  if (const std::string* report_path = parsed.value("--report")) {
    // The holdout rows by their CSV line, so that anyone can measure them again.
    json holdout_lines = json::array();
    for (std::size_t r : holdout_rows) holdout_lines.push_back(history.rows_kept[r].record.line());
    json report = {{"rows", total},
                   {"positives", history.positives()},
                   {"train_rows", train_rows.size()},
                   {"holdout_rows", holdout_rows.size()},
                   {"cost", best_cost},
                   {"cv_auc", round_to(best_auc, 4)},
                   {"entries", best_entries},
                   {"auc_before", before.stats.auc() == before.stats.auc()
                                      ? json(round_to(before.stats.auc(), 4))
                                      : json(nullptr)},
                   {"auc", round_to(after.stats.auc(), 4)},
                   {"lift_before", round_to(top_lift(before.stats), 2)},
                   {"lift", round_to(top_lift(after.stats), 2)},
                   {"thresholds", thresholds},
                   {"holdout_lines", holdout_lines},
                   {"points", points_table},
                   {"leakage", leakage}};
    std::FILE* file = std::fopen(report_path->c_str(), "wb");
    if (!file) {
      err("leadqual calibrate: cannot write '%s'\n", report_path->c_str());
      return kExitFailure;
    }
    std::fprintf(file, "%s\n", report.dump(2).c_str());
    std::fclose(file);
  }
  out("%s\n", calibrated_model.dump(2, ' ', false, ordered_json::error_handler_t::replace).c_str());
  return kExitOk;
}

}  // namespace leadqual::cli
