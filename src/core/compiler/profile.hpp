// What each column of a CRM history holds (numbers or a few repeated values, how often empty,
// how each value converted), read in one streaming pass with bounded memory; and what follows
// from it: a starter model with one question per column (`leadqual new --from-csv`), quantile
// bands for number questions, and leakage evidence per column.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compiler/history.hpp"
#include "core/compiler/leakage.hpp"

namespace leadqual {

struct ColumnProfile {
  struct Count {
    std::size_t rows = 0;
    std::size_t positives = 0;
  };
  std::string name;
  Count filled;             // non-empty cells
  Count empty;              // empty cells
  std::size_t numbers = 0;  // non-empty cells that hold a decimal number
  bool integers = true;     // every number is a whole number
  // Distinct values (spaces around them trimmed), at most kMaxLevels; later new values are only
  // counted in `other_levels`.
  std::map<std::string, Count, std::less<>> levels;
  std::size_t other_levels = 0;
  // Distinct numbers, at most kMaxValues; a new number beyond that is counted with its nearest
  // kept neighbour (so quantiles stay close and memory stays bounded).
  std::map<double, Count> values;

  static constexpr std::size_t kMaxLevels = 1000;
  static constexpr std::size_t kMaxValues = 10000;

  // Counts one cell of a row with the given outcome.
  void add(std::string_view cell, bool positive);

  bool numeric() const { return filled.rows > 0 && numbers == filled.rows; }
  std::size_t distinct() const { return levels.size() + other_levels; }
  // Every value different (an id, an email address): nothing to learn from.
  bool identifier() const;
  // The column's values as levels for leakage_evidence: its values, or for numbers its decile
  // bins; the empty cells as one more level.
  std::vector<LevelCount> level_counts() const;
};

class CsvProfile : public History {
 public:
  explicit CsvProfile(OutcomeOptions outcome, CsvOptions csv = {});
  const std::vector<ColumnProfile>& profiles() const { return profiles_; }

 private:
  bool start() override;
  void row(const CsvRecord& record, bool positive) override;
  std::vector<ColumnProfile> profiles_;
};

// Cut points that split `values` (number -> how many leads) into at most `bins` groups of
// about equal size: group i is (cut[i-1], cut[i]]. Fewer cuts when values repeat.
std::vector<double> quantile_cuts(const std::map<double, std::size_t>& values, int bins);

// Bands for the groups between `cuts`, in order from the lowest: {"max": c0}, {"min": c0,
// "max": c1}, …, {"min": cN}, each with `"points": {}`. Whole-number columns get whole bounds
// that do not overlap ({"min": 3, "max": 5}); otherwise neighbours share their bound and the
// first band that matches (the lower) takes it.
nlohmann::ordered_json bands_for_cuts(const std::vector<double>& cuts, bool integers);

// A question id from a column name: lower-case letters, digits and '_' ("Lead Origin" ->
// "lead_origin"), not a reserved name, unique among `taken` (which it is added to).
std::string question_id_for(const std::string& column, std::vector<std::string>& taken);

struct DraftOptions {
  std::string id = "starter";
  std::string title;
  std::vector<std::string> exclude;  // columns left out
  int bands = 10;                    // quantile bands per number question
  std::size_t max_options = 100;     // more distinct values than this: a text question
};

struct Draft {
  nlohmann::ordered_json model;
  std::vector<std::string> notes;  // columns left out and why
};

// One question per column: choice for columns of repeated values (their values as options,
// most frequent first), number for numeric columns (with quantile bands), text for free text;
// no points. The outcome column, excluded columns, empty, constant and identifier columns are
// left out (with a note). One dimension `fit`; stages sql, mql and nurture to be set by
// `leadqual calibrate`.
Draft draft_model(const CsvProfile& profile, const DraftOptions& options);

}  // namespace leadqual
