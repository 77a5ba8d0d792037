// Checking a result that arrived from elsewhere (a browser, a CRM) against the model that
// supposedly produced it: is it something score() could have returned? Answers are not part
// of a result, so only what follows from the dimensions is re-derived (see docs/collector.md).
// It reads the model through its typed view (Model::compiled()), and re-checks a stage with the
// very program the runtime runs.
#pragma once

#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/leadqual.hpp"

namespace leadqual {

class ResultCheck {
 public:
  // Prepares the checks once per model (which stage conditions a posted result decides).
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
  // Whether a stage's condition can be decided from a posted result: it reads nothing but the
  // result's score, percent, grade, complete and dimensions (no answer, computed value, signal,
  // nor the clock).
  struct StageCheck {
    bool decidable = false;
    bool reads_complete = false;
    bool reads_dimensions = false;
  };

  std::shared_ptr<const Model> model_;
  std::vector<StageCheck> stages_;  // as CompiledModel::stages
  double score_min_ = 0;  // the score's range from the dimensions' ranges (may be infinite)
  double score_max_ = 0;
  bool disqualifies_ = false;  // some rule of the model disqualifies
};

}  // namespace leadqual
