#include "core/compiler/history.hpp"

#include "core/compiler/csv_answers.hpp"
#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

constexpr std::size_t kProblemsKept = 20;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// 1: converted, 0: did not, -1: neither (the usual spellings only).
int usual_outcome(std::string_view value) {
  const std::string word = lower(value);
  for (const char* yes : {"1", "true", "yes", "y", "won", "converted", "closed won"}) {
    if (word == yes) return 1;
  }
  for (const char* no : {"0", "false", "no", "n", "lost", "not converted", "closed lost"}) {
    if (word == no) return 0;
  }
  return -1;
}

}  // namespace

History::History(OutcomeOptions outcome, CsvOptions csv)
    : outcome_options_(std::move(outcome)), reader_(csv) {}

void History::problem(std::size_t line, std::string message) {
  if (problems_.size() < kProblemsKept) problems_.emplace_back(line, std::move(message));
}

void History::header(const CsvRecord& record) {
  header_.clear();
  for (std::size_t i = 0; i < record.size(); ++i) header_.emplace_back(trim(record[i]));
  outcome_ = find_column(header_, outcome_options_.column);
  if (outcome_ < 0) {
    fail("no outcome column '" + quote_for_message(outcome_options_.column) + "' in the header" +
         did_you_mean_column(header_, outcome_options_.column));
    return;
  }
  start();
}

void History::record(const CsvRecord& record) {
  if (failed()) return;
  const std::string_view value = trim(record[static_cast<std::size_t>(outcome_)]);
  if (value.empty()) {
    ++no_outcome_;
    return;
  }
  bool positive = false;
  if (outcome_options_.positive.empty()) {
    const int usual = usual_outcome(value);
    if (usual < 0) {
      ++unknown_outcome_;
      problem(record.line(), "line " + std::to_string(record.line()) + ": outcome '" +
                                 quote_for_message(value) +
                                 "' is not one of 1/0, yes/no, true/false, won/lost (say which "
                                 "values are conversions with --positive)");
      return;
    }
    positive = usual == 1;
  } else {
    for (const std::string& wanted : outcome_options_.positive) {
      if (trim(wanted) == value) positive = true;
    }
  }
  ++rows_;
  if (positive) ++positives_;
  row(record, positive);
}

void History::finish() {
  reader_.finish(*this);
  if (header_.empty() && !failed()) fail("no header row: the input is empty");
}

void History::bad(std::size_t line, const std::string& message) {
  if (failed()) return;
  if (header_.empty()) {
    fail("the header row cannot be read: " + message);
    return;
  }
  ++bad_;
  problem(line, message);
}

}  // namespace leadqual
