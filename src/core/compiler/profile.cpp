#include "core/compiler/profile.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>

#include "core/compiler/csv_answers.hpp"
#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

using ordered_json = nlohmann::ordered_json;

const char* const kReserved[] = {"score",   "percent",      "grade", "complete", "dimensions",
                                 "signals", "disqualified", "stage", "and",      "or",
                                 "not",     "in",           "true",  "false",    "null"};

bool is_excluded(const std::vector<std::string>& exclude, const std::string& column) {
  for (const std::string& name : exclude) {
    if (find_column({column}, name) == 0) return true;
  }
  return false;
}

// Whole numbers as JSON integers, so bounds print as people write them.
ordered_json number_of(double value) {
  if (std::floor(value) == value && std::fabs(value) < 9007199254740992.0) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

}  // namespace

bool ColumnProfile::identifier() const {
  if (filled.rows < 50) return false;
  // No value of the (first kMaxLevels) values comes back.
  for (const auto& level : levels) {
    if (level.second.rows > 1) return false;
  }
  return true;
}

std::vector<LevelCount> ColumnProfile::level_counts() const {
  std::vector<LevelCount> out;
  std::map<double, std::size_t> counts;
  for (const auto& [value, count] : values) counts[value] = count.rows;
  const std::vector<double> cuts =
      numeric() && values.size() > 20 ? quantile_cuts(counts, 10) : std::vector<double>();
  if (!cuts.empty()) {
    out.assign(cuts.size() + 1, LevelCount{});
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i].text = i == 0 ? "\u2264 " + format_number(cuts[0]) : "> " + format_number(cuts[i - 1]);
    }
    for (const auto& [value, count] : values) {
      const std::size_t bin = static_cast<std::size_t>(
          std::lower_bound(cuts.begin(), cuts.end(), value) - cuts.begin());
      out[bin].rows += count.rows;
      out[bin].positives += count.positives;
    }
  } else {
    for (const auto& [text, count] : levels)
      out.push_back(LevelCount{text, count.rows, count.positives});
  }
  if (empty.rows > 0) out.push_back(LevelCount{"", empty.rows, empty.positives});
  return out;
}

CsvProfile::CsvProfile(OutcomeOptions outcome, CsvOptions csv) : History(std::move(outcome), csv) {}

bool CsvProfile::start() {
  profiles_.assign(columns().size(), ColumnProfile{});
  for (std::size_t i = 0; i < columns().size(); ++i) profiles_[i].name = columns()[i];
  return true;
}

void CsvProfile::row(const CsvRecord& record, bool positive) {
  for (std::size_t i = 0; i < profiles_.size(); ++i) {
    if (static_cast<int>(i) != outcome_column()) profiles_[i].add(record[i], positive);
  }
}

void ColumnProfile::add(std::string_view raw, bool positive) {
  const std::string_view cell = trim_cell(raw);
  Count* count = nullptr;
  if (cell.empty()) {
    count = &empty;
  } else {
    count = &filled;
    auto level = levels.find(cell);
    if (level == levels.end() && levels.size() < kMaxLevels) {
      level = levels.emplace(std::string(cell), Count{}).first;
    }
    if (level != levels.end()) {
      ++level->second.rows;
      level->second.positives += positive;
    } else {
      ++other_levels;
    }
    double number = 0;
    if (parse_cell_number(cell, number)) {
      ++numbers;
      if (number != std::floor(number)) integers = false;
      auto value = values.find(number);
      if (value == values.end()) {
        if (values.size() < kMaxValues) {
          value = values.emplace(number, Count{}).first;
        } else {
          value = values.lower_bound(number);
          if (value == values.end()) --value;
        }
      }
      ++value->second.rows;
      value->second.positives += positive;
    }
  }
  ++count->rows;
  count->positives += positive;
}

std::vector<double> quantile_cuts(const std::map<double, std::size_t>& values, int bins) {
  std::size_t total = 0;
  for (const auto& entry : values) total += entry.second;
  if (total == 0 || bins < 2 || values.size() < 2) return {};
  const double per_bin = static_cast<double>(total) / bins;
  // Candidates: after the value where the running count passes each k·total/bins, and around a
  // value that alone holds a bin's worth (999 for "never contacted" gets a bin of its own).
  std::vector<double> cuts;
  std::size_t seen = 0;
  int k = 1;
  double previous = values.begin()->first;
  for (auto it = values.begin(); it != values.end(); ++it) {
    const bool last = std::next(it) == values.end();
    if (static_cast<double>(it->second) >= per_bin && it != values.begin())
      cuts.push_back(previous);
    seen += it->second;
    bool passed = false;
    while (k < bins && static_cast<double>(seen) >= per_bin * k) {
      passed = true;
      ++k;
    }
    if ((passed || static_cast<double>(it->second) >= per_bin) && !last) cuts.push_back(it->first);
    previous = it->first;
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  // No bin smaller than a quarter of a bin's share: such a bin joins its smaller neighbour.
  const auto min_rows = static_cast<std::size_t>(std::max(1.0, per_bin / 4));
  for (;;) {
    std::vector<std::size_t> sizes(cuts.size() + 1, 0);
    for (const auto& [value, count] : values) {
      sizes[static_cast<std::size_t>(std::lower_bound(cuts.begin(), cuts.end(), value) -
                                     cuts.begin())] += count;
    }
    std::size_t smallest = 0;
    for (std::size_t i = 1; i < sizes.size(); ++i) {
      if (sizes[i] < sizes[smallest]) smallest = i;
    }
    if (cuts.empty() || sizes[smallest] >= min_rows) break;
    // Remove the cut between the small bin and its smaller neighbour.
    std::size_t cut = 0;
    if (smallest == 0) {
      cut = 0;
    } else if (smallest == sizes.size() - 1) {
      cut = smallest - 1;
    } else {
      cut = sizes[smallest - 1] <= sizes[smallest + 1] ? smallest - 1 : smallest;
    }
    cuts.erase(cuts.begin() + static_cast<std::ptrdiff_t>(cut));
  }
  return cuts;
}

ordered_json bands_for_cuts(const std::vector<double>& cuts, bool integers) {
  ordered_json bands = ordered_json::array();
  for (std::size_t i = 0; i <= cuts.size(); ++i) {
    ordered_json band = ordered_json::object();
    if (i > 0) band["min"] = number_of(integers ? cuts[i - 1] + 1 : cuts[i - 1]);
    if (i < cuts.size()) band["max"] = number_of(cuts[i]);
    band["points"] = ordered_json::object();
    bands.push_back(std::move(band));
  }
  return bands;
}

std::string question_id_for(const std::string& column, std::vector<std::string>& taken) {
  std::string id;
  for (char c : column_key(column)) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (plain) {
      id.push_back(c);
    } else if (!id.empty() && id.back() != '_') {
      id.push_back('_');  // '_' itself, or a non-ASCII letter
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  if (id.empty()) id = "column";
  if (id[0] >= '0' && id[0] <= '9') id = "c_" + id;
  for (const char* reserved : kReserved) {
    if (id == reserved) id += "_answer";
  }
  std::string unique = id;
  for (int n = 2; std::find(taken.begin(), taken.end(), unique) != taken.end(); ++n) {
    unique = id + "_" + std::to_string(n);
  }
  taken.push_back(unique);
  return unique;
}

Draft draft_model(const CsvProfile& profile, const DraftOptions& options) {
  Draft draft;
  ordered_json& model = draft.model;
  model["leadqual"] = 1;
  model["id"] = options.id;
  model["version"] = "1";
  if (!options.title.empty()) model["title"] = options.title;
  model["dimensions"] = ordered_json::array({{{"id", "fit"}, {"label", "Fit"}}});
  ordered_json questions = ordered_json::array();
  std::vector<std::string> taken;
  const auto note = [&](const std::string& column, const std::string& why) {
    draft.notes.push_back("left out '" + quote_for_message(column) + "': " + why);
  };
  for (std::size_t i = 0; i < profile.profiles().size(); ++i) {
    const ColumnProfile& column = profile.profiles()[i];
    if (static_cast<int>(i) == profile.outcome_column()) continue;
    if (column.name.empty() && column.filled.rows == 0) continue;  // a trailing separator
    if (is_excluded(options.exclude, column.name)) {
      note(column.name, "excluded");
      continue;
    }
    if (column.filled.rows == 0) {
      note(column.name, "always empty");
      continue;
    }
    if (column.identifier()) {
      note(column.name, "a different value in every row (an identifier?)");
      continue;
    }
    // A column that is (nearly) always the same says (nearly) nothing about a lead.
    std::string commonest;
    std::size_t commonest_rows = column.empty.rows;
    for (const auto& [text, count] : column.levels) {
      if (count.rows > commonest_rows) {
        commonest = text;
        commonest_rows = count.rows;
      }
    }
    const std::size_t rows = column.filled.rows + column.empty.rows;
    if (commonest_rows == rows) {
      note(column.name, "always '" + quote_for_message(commonest) + "'");
      continue;
    }
    if (static_cast<double>(commonest_rows) >= 0.995 * static_cast<double>(rows)) {
      note(column.name,
           (commonest.empty() ? std::string("empty") : "'" + quote_for_message(commonest) + "'") +
               " in " +
               format_number(round_to(
                   100.0 * static_cast<double>(commonest_rows) / static_cast<double>(rows), 1)) +
               " % of rows");
      continue;
    }
    ordered_json question = ordered_json::object();
    question["id"] = question_id_for(column.name, taken);
    const bool numeric = column.numeric() && column.values.size() > 2;
    if (numeric) {
      question["type"] = "number";
      question["label"] = column.name;
      std::map<double, std::size_t> counts;
      for (const auto& [value, count] : column.values) counts[value] = count.rows;
      question["bands"] = bands_for_cuts(quantile_cuts(counts, options.bands), column.integers);
    } else if (column.distinct() <= options.max_options) {
      question["type"] = "choice";
      question["label"] = column.name;
      std::vector<std::pair<std::size_t, std::string>> levels;
      for (const auto& [text, count] : column.levels) levels.emplace_back(count.rows, text);
      std::stable_sort(levels.begin(), levels.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      ordered_json values = ordered_json::array();
      for (const auto& level : levels) values.push_back(level.second);
      question["options"] = std::move(values);
    } else {
      question["type"] = "text";
      question["label"] = column.name;
      draft.notes.push_back("'" + quote_for_message(column.name) + "' has " +
                            std::to_string(column.distinct()) +
                            " different values: a text question, without points");
    }
    questions.push_back(std::move(question));
  }
  model["questions"] = std::move(questions);
  model["stages"] =
      ordered_json::array({{{"id", "sql"}, {"if", "score >= 20"}, {"label", "Sales-ready"}},
                           {{"id", "mql"}, {"if", "score >= 10"}, {"label", "Marketing-qualified"}},
                           {{"id", "nurture"}, {"label", "Nurture"}}});
  return draft;
}

}  // namespace leadqual
