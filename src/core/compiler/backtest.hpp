// Backtest: score every lead of a CRM history with a model and measure how well the scores
// rank the leads that converted (ROC AUC, lift by decile), how each score band, stage and reason
// converted, which points look wrong, and which columns look recorded after contact. Streams:
// memory follows the model and the number of distinct scores, not the length of the file.
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compiler/csv_answers.hpp"
#include "core/compiler/history.hpp"
#include "core/compiler/score_stats.hpp"
#include "core/leadqual.hpp"

namespace leadqual {

struct BacktestOptions {
  OutcomeOptions outcome;
  ColumnMapping mapping;  // the outcome column is never an answer
  CsvOptions csv;
  double now_ms = std::numeric_limits<double>::quiet_NaN();  // for days_since in rules
};

class Backtest : public History {
 public:
  Backtest(std::shared_ptr<const Model> model, BacktestOptions options);

  // The report (docs/calibration.md, "The backtest report"); call after finish(). Its keys are
  // stable: rows, positives, rate, auc, lift, deciles, bands, stages, reasons, wrong, leakage,
  // columns, skipped, problems, answer_errors, model, outcome.
  nlohmann::json report() const;

  const ScoreStats& scores() const { return scores_; }

 private:
  bool start() override;
  void row(const CsvRecord& record, bool positive) override;

  struct Count {
    std::size_t rows = 0;
    std::size_t positives = 0;
  };
  struct ErrorCount {
    int question = -1;
    std::string code;
    std::size_t rows = 0;
    std::string example;
  };

  std::shared_ptr<const Model> model_;
  BacktestOptions options_;
  ScoreOptions score_options_;
  std::vector<ModelItem> items_;
  std::unique_ptr<CsvAnswers> answers_;
  ScoreTrace trace_;
  ScoreStats scores_;
  std::vector<Count> item_counts_;
  std::vector<Count> stage_counts_;  // per stage, then one for disqualified
  std::vector<Count> answered_;      // per question: rows with a valid answer
  std::vector<ErrorCount> errors_;
};

}  // namespace leadqual
