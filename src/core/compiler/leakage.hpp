// Evidence that a column was recorded after sales contact ("leakage"): it predicts the outcome
// suspiciously well on its own. A column that is written once the sale is (nearly) decided, such
// as a CRM's status tags or a call's duration, makes any model look better on history than it
// can be on new leads, which do not have it yet.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace leadqual {

// How the leads of one value (level) of a column converted. An empty cell is a level too.
struct LevelCount {
  std::string text;
  std::size_t rows = 0;
  std::size_t positives = 0;
};

struct LeakageEvidence {
  // The ROC AUC of ranking leads by their level's conversion rate alone (levels of fewer than
  // 10 rows pooled, so that rare values do not predict themselves).
  double auc = 0.5;
  // Levels of at least 20 rows converting at 1 % or less, or at 99 % or more.
  std::vector<LevelCount> extreme;
  // auc >= 0.79 or an extreme level: worth a warning.
  bool suspicious = false;
};

constexpr double kLeakyAuc = 0.79;
constexpr std::size_t kExtremeLevelRows = 20;

LeakageEvidence leakage_evidence(const std::vector<LevelCount>& levels);

// {"column", "auc", "levels": [{"value", "rows", "positives", "rate"}], "note"}.
nlohmann::json leakage_json(const std::string& column, const LeakageEvidence& evidence);

// One line for people: "'Tags': on its own it ranks leads with AUC 0.92; 'Closed by Horizzon'
// converts 99.4 % of 358, ... — probably recorded after contact".
std::string leakage_text(const std::string& column, const LeakageEvidence& evidence);

}  // namespace leadqual
