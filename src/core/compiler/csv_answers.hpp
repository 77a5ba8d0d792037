// CSV columns as answers: which question each column of a file answers (by a mapping the user
// gives, else by the question's id or label, compared without case or punctuation, so that
// "Lead Origin" answers `lead_origin`), and each cell as the answer its question takes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compiler/csv.hpp"
#include "core/leadqual.hpp"
#include "core/runtime/score.hpp"

namespace leadqual {

// A name as a column key: ASCII letters lowered, every run of other ASCII characters (spaces,
// punctuation) one '_', none at either end; other bytes (UTF-8 letters) kept. "Lead Origin" and
// "lead_origin" are both "lead_origin".
std::string column_key(std::string_view name);

// The index of the column called `name` in `header` (exactly, after trimming spaces, else by
// column_key), or -1.
int find_column(const std::vector<std::string>& header, std::string_view name);

// " — did you mean 'X'?" for a column name that is not in `header`, or "".
std::string did_you_mean_column(const std::vector<std::string>& header, std::string_view name);

// A cell or a column name without the spaces and tabs around it.
std::string_view trim_cell(std::string_view text);

// A cell as a decimal number the way people and spreadsheets write it ("250", " 1e3 ", "+2.5"):
// the core's number_text (runtime/text.hpp), what number questions take from a string answer
// too. False for anything else (and for infinities).
bool parse_cell_number(std::string_view cell, double& value);

struct ColumnMapping {
  std::vector<std::pair<std::string, std::string>> map;  // column -> question id, e.g. --map
  std::vector<std::string> skip;  // columns that are no answers (the outcome column)
};

class CsvAnswers {
 public:
  CsvAnswers(const Model& model, const std::vector<std::string>& header,
             const ColumnMapping& mapping);

  // Problems that stop a run: a mapping naming an unknown column or question, two columns that
  // both answer one question.
  const std::vector<std::string>& errors() const { return errors_; }
  // Columns that answer no question (with a "did you mean" when one is close).
  const std::vector<std::string>& warnings() const { return warnings_; }
  // "no column for the questions 'a', 'b': unanswered in every row", or "" (worth saying when
  // every row should answer every question, as in a backtest; not when scoring partial leads).
  std::string unanswered_warning() const;

  // The question answered by each column (-1: none), and the column of each question (-1).
  int question_of_column(std::size_t column) const { return columns_[column].question; }
  int column_of_question(std::size_t question) const { return column_of_[question]; }

  // The answers of one record into `answers`, an object reused from one record to the next
  // (the first call sets it up). An empty cell is no answer. Cells are converted by their
  // question's type: number/range "250", " 1e3 " -> a number; boolean true/false, yes/no, 1/0
  // (any case) -> a boolean; multi "email;ads" or "email | ads" -> an array; anything that does
  // not convert stays text, and the core reports it in the result's errors.
  void fill(const CsvRecord& record, nlohmann::json& answers);
  // The same answers by question index, in model order (nullptr: none), for Model::trace:
  // valid until the next call.
  const std::vector<const nlohmann::json*>& read(const CsvRecord& record);
  // The same answers straight into the runtime's Input (reset first), the strings pointing into
  // `record`: what `leadqual score` scores, with no JSON values in between. The signals are the
  // caller's to add (read_signals).
  void read(const CsvRecord& record, Input& input) const;

 private:
  enum class Type { Text, Choice, Multi, Number, Boolean };
  static Type cell_type(QuestionType type);
  template <class To>
  static void convert(Type type, std::string_view cell, To& to);  // csv_answers.cpp only
  struct Column {
    int question = -1;
    Type type = Type::Text;
    std::string id;
  };
  // A column that answers a question (the first for it), for read(record, Input&): the columns
  // to convert, in order, with nothing else to check.
  struct Cell {
    std::size_t column = 0;
    std::size_t question = 0;
    Type type = Type::Text;
  };
  const CompiledModel* model_;
  std::vector<Column> columns_;
  std::vector<Cell> cells_;
  std::vector<int> column_of_;
  std::vector<nlohmann::json*> slots_;  // per column: its member of the answers object
  nlohmann::json* answers_ = nullptr;   // the object the slots point into
  std::vector<nlohmann::json> values_;  // per column, for read()
  std::vector<const nlohmann::json*> by_question_;
  std::vector<std::string> errors_;
  std::vector<std::string> warnings_;
  std::vector<std::string> unanswered_;
};

}  // namespace leadqual
