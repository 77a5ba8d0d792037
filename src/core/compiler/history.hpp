// A team's CRM history as CSV, read for backtests, calibration and starter models: the header
// row, the outcome column (did the lead convert?), and for each record whether it is a positive.
// Bad rows are counted and the first of them kept with their line and message; the rest go on.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/compiler/csv.hpp"

namespace leadqual {

// Which outcome values mean "converted". Without `positive`, the usual spellings decide
// (1/0, true/false, yes/no, y/n, won/lost, converted/not converted, any case) and any other
// value skips its row as unknown; with it, those values are positive and every other non-empty
// value is negative.
struct OutcomeOptions {
  std::string column;
  std::vector<std::string> positive;
};

// Reads the rows, leaves what to do with each to the subclass.
class History : public CsvSink {
 public:
  explicit History(OutcomeOptions outcome, CsvOptions csv = {});

  void feed(std::string_view chunk) { reader_.feed(chunk, *this); }
  void finish();

  // The run cannot go on: no outcome column, or the subclass refused the header.
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

  const std::vector<std::string>& columns() const { return header_; }
  int outcome_column() const { return outcome_; }
  std::size_t rows() const { return rows_; }  // rows read with an outcome
  std::size_t positives() const { return positives_; }
  std::size_t bad_rows() const { return bad_; }
  std::size_t no_outcome() const { return no_outcome_; }  // the outcome cell was empty
  std::size_t unknown_outcome() const { return unknown_outcome_; }
  // The first bad rows and unknown outcome values, for messages: (line, message).
  const std::vector<std::pair<std::size_t, std::string>>& problems() const { return problems_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  char delimiter() const { return reader_.delimiter(); }

 protected:
  // The header row is known (columns(), outcome_column()); return false after fail() to stop.
  virtual bool start() { return true; }
  // One row with a known outcome.
  virtual void row(const CsvRecord& record, bool positive) = 0;
  void fail(std::string message) { error_ = std::move(message); }
  void warn(std::string message) { warnings_.push_back(std::move(message)); }

 private:
  void header(const CsvRecord& record) final;
  void record(const CsvRecord& record) final;
  void bad(std::size_t line, const std::string& message) final;
  void problem(std::size_t line, std::string message);

  OutcomeOptions outcome_options_;
  CsvReader reader_;
  std::vector<std::string> header_;
  int outcome_ = -1;
  std::string error_;
  std::size_t rows_ = 0;
  std::size_t positives_ = 0;
  std::size_t bad_ = 0;
  std::size_t no_outcome_ = 0;
  std::size_t unknown_outcome_ = 0;
  std::vector<std::pair<std::size_t, std::string>> problems_;
  std::vector<std::string> warnings_;
};

}  // namespace leadqual
