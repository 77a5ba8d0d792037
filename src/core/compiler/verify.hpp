// Checking a result that arrived from elsewhere (a browser, a CRM) against the model that
// supposedly produced it: is it something score() could have returned? Answers are not part
// of a result, so only what follows from the dimensions is re-derived (see docs/collector.md).
#pragma once

#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compiler/expr.hpp"
#include "core/leadqual.hpp"

namespace leadqual {

class ResultCheck {
 public:
  // Prepares the checks once per model (stage conditions are compiled here).
  explicit ResultCheck(std::shared_ptr<const Model> model);

  // Every inconsistency, located by JSON Pointer into `result` ("/score", "/stage", ...).
  // `result` must already have the shape of docs/model.md's result (numbers where numbers go).
  // It is shaped by the model's submit.result (docs/model.md "What the result shares"): reasons
  // and computed values may be missing, and "dimensions" too unless the model shares them;
  // without dimensions the score is checked against the range the dimensions allow, the
  // percent against the score, and the stage and grade names. `flat` is a post of the flat
  // fields only (score, grade, stage: no result object), which never has dimensions.
  std::vector<Diagnostic> check(const nlohmann::json& result, bool flat = false) const;

  const Model& model() const { return *model_; }

 private:
  struct DimensionInfo {
    std::string id;
    double min, max, weight;
  };
  struct GradeBandInfo {
    std::string grade;
    bool has_min;
    double min;
  };
  struct StageInfo {
    std::string id;
    bool has_condition;
    bool decidable;  // the condition reads only score, percent, grade, complete, dimensions
    bool reads_complete;
    Expr condition;
  };

  std::shared_ptr<const Model> model_;
  std::vector<DimensionInfo> dimensions_;
  bool has_grade_ = false;
  std::vector<std::size_t> grade_from_;  // indexes into dimensions_
  std::vector<GradeBandInfo> grade_bands_;
  std::vector<StageInfo> stages_;
  std::vector<std::string> disqualifying_rules_;  // ids of rules with "disqualify"
  std::vector<std::string> adding_rules_;         // ids of rules with "add"
  bool shares_dimensions_ = false;                // submit.result.dimensions
  double percent_base_ = 0;                       // Σ weight·max; NaN when a dimension has no max
  double score_min_ = 0;  // the score's range from the dimensions' ranges (may be infinite)
  double score_max_ = 0;
};

}  // namespace leadqual
