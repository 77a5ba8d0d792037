#include "core/compiler/leakage.hpp"

#include <algorithm>
#include <cmath>

#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

constexpr std::size_t kPooledBelow = 10;

double rate_of(const LevelCount& level) {
  return level.rows == 0 ? 0
                         : static_cast<double>(level.positives) / static_cast<double>(level.rows);
}

std::string percent(double rate) {
  return format_number(round_to(100 * rate, 1)) + " %";
}

}  // namespace

LeakageEvidence leakage_evidence(const std::vector<LevelCount>& levels) {
  LeakageEvidence evidence;
  std::vector<LevelCount> ranked;
  LevelCount pooled;
  std::size_t positives = 0;
  std::size_t rows = 0;
  for (const LevelCount& level : levels) {
    if (level.rows == 0) continue;
    rows += level.rows;
    positives += level.positives;
    if (level.rows < kPooledBelow) {
      pooled.rows += level.rows;
      pooled.positives += level.positives;
    } else {
      ranked.push_back(level);
    }
    const double rate = rate_of(level);
    if (level.rows >= kExtremeLevelRows && (rate <= 0.01 || rate >= 0.99)) {
      evidence.extreme.push_back(level);
    }
  }
  if (pooled.rows > 0) ranked.push_back(pooled);
  const std::size_t negatives = rows - positives;
  if (positives > 0 && negatives > 0) {
    std::stable_sort(ranked.begin(), ranked.end(), [](const LevelCount& a, const LevelCount& b) {
      return rate_of(a) < rate_of(b);
    });
    double wins = 0;
    double negatives_below = 0;
    for (std::size_t i = 0; i < ranked.size();) {
      // Levels with the same rate tie with each other.
      std::size_t j = i;
      double group_positives = 0;
      double group_negatives = 0;
      while (j < ranked.size() && rate_of(ranked[j]) == rate_of(ranked[i])) {
        group_positives += static_cast<double>(ranked[j].positives);
        group_negatives += static_cast<double>(ranked[j].rows - ranked[j].positives);
        ++j;
      }
      wins += group_positives * (negatives_below + 0.5 * group_negatives);
      negatives_below += group_negatives;
      i = j;
    }
    evidence.auc = wins / (static_cast<double>(positives) * static_cast<double>(negatives));
  }
  std::sort(evidence.extreme.begin(), evidence.extreme.end(),
            [](const LevelCount& a, const LevelCount& b) { return a.rows > b.rows; });
  evidence.suspicious = evidence.auc >= kLeakyAuc || !evidence.extreme.empty();
  return evidence;
}

nlohmann::json leakage_json(const std::string& column, const LeakageEvidence& evidence) {
  nlohmann::json levels = nlohmann::json::array();
  for (const LevelCount& level : evidence.extreme) {
    levels.push_back({{"value", level.text},
                      {"rows", level.rows},
                      {"positives", level.positives},
                      {"rate", round_to(rate_of(level), 4)}});
  }
  return {{"column", column},
          {"auc", round_to(evidence.auc, 4)},
          {"levels", std::move(levels)},
          {"note",
           "predicts the outcome suspiciously well on its own: probably recorded after "
           "sales contact"}};
}

std::string leakage_text(const std::string& column, const LeakageEvidence& evidence) {
  std::string text = "'" + quote_for_message(column) + "': alone it ranks leads with AUC " +
                     format_number(round_to(evidence.auc, 3));
  const std::size_t shown = std::min<std::size_t>(evidence.extreme.size(), 3);
  for (std::size_t i = 0; i < shown; ++i) {
    const LevelCount& level = evidence.extreme[i];
    text += i == 0 ? "; " : ", ";
    text +=
        (level.text.empty() ? std::string("(empty)") : "'" + quote_for_message(level.text) + "'") +
        " converts " + percent(rate_of(level)) + " of " + std::to_string(level.rows);
  }
  if (evidence.extreme.size() > shown) {
    text += " and " + std::to_string(evidence.extreme.size() - shown) + " more such values";
  }
  return text + ": probably recorded after contact";
}

}  // namespace leadqual
