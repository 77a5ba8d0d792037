#include "core/compiler/csv_answers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

using json = nlohmann::json;

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// A boolean cell's word (true/false, yes/no, 1/0 in any case) as `value`; false for any other.
bool boolean_word(std::string_view cell, bool& value) {
  if (cell == "true" || cell == "false") {  // what most exports write
    value = cell.size() == 4;
    return true;
  }
  const std::string_view word = trim_cell(cell);
  if (equals_ignoring_case(word, "true") || equals_ignoring_case(word, "yes") || word == "1") {
    value = true;
  } else if (equals_ignoring_case(word, "false") || equals_ignoring_case(word, "no") ||
             word == "0") {
    value = false;
  } else {
    return false;
  }
  return true;
}

// Calls each(item) for every item of a multi cell ("email;ads", "email | ads"), trimmed, the
// empty ones left out.
template <class Each>
void each_item(std::string_view cell, Each each) {
  std::size_t start = 0;
  while (start <= cell.size()) {
    std::size_t end = cell.find_first_of(";|", start);
    if (end == std::string_view::npos) end = cell.size();
    const std::string_view item = trim_cell(cell.substr(start, end - start));
    if (!item.empty()) each(item);
    start = end + 1;
  }
}

}  // namespace

std::string_view trim_cell(std::string_view text) {
  // Most cells have neither at either end; both are below '!', so one comparison each says so.
  if (!text.empty() && static_cast<unsigned char>(text.front()) > ' ' &&
      static_cast<unsigned char>(text.back()) > ' ') {
    return text;
  }
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool parse_cell_number(std::string_view text, double& value) {
  if (!text.empty() && text.size() <= 15) {
    // Plain digits ("42", "007"), most number cells: the integer they spell, exactly what
    // number_text gives them, without its passes.
    std::uint64_t digits = 0;
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
      const auto digit = static_cast<unsigned>(static_cast<unsigned char>(text[i])) - '0';
      if (digit > 9) break;
      digits = digits * 10 + digit;
    }
    if (i == text.size()) {
      value = static_cast<double>(digits);
      return true;
    }
  }
  return number_text(text, value) && std::isfinite(value);
}

namespace {

std::string in_quotes(std::string_view text) {
  return "'" + quote_for_message(text) + "'";
}

// Every language's label of a question (a string, or an object of language -> string).
std::vector<std::string> labels_of(const json& question) {
  std::vector<std::string> labels;
  auto label = question.find("label");
  if (label == question.end()) return labels;
  if (label->is_string()) labels.push_back(label->get<std::string>());
  if (label->is_object()) {
    for (const auto& entry : label->items()) {
      if (entry.value().is_string()) labels.push_back(entry.value().get<std::string>());
    }
  }
  return labels;
}

std::string list_names(const std::vector<std::string>& names, std::size_t at_most) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < at_most; ++i) {
    if (i > 0) out += ", ";
    out += in_quotes(names[i]);
  }
  if (names.size() > at_most) out += ", …";
  return out;
}

}  // namespace

std::string column_key(std::string_view name) {
  std::string key;
  bool gap = false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    const bool keep =
        u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!keep) {
      gap = true;
      continue;
    }
    if (gap && !key.empty()) key.push_back('_');
    gap = false;
    key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return key;
}

int find_column(const std::vector<std::string>& header, std::string_view name) {
  const std::string_view wanted = trim_cell(name);
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (trim_cell(header[i]) == wanted) return static_cast<int>(i);
  }
  const std::string key = column_key(wanted);
  if (key.empty()) return -1;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (column_key(header[i]) == key) return static_cast<int>(i);
  }
  return -1;
}

std::string did_you_mean_column(const std::vector<std::string>& header, std::string_view name) {
  std::vector<std::string> names;
  for (const std::string& column : header) names.emplace_back(trim_cell(column));
  return did_you_mean(trim_cell(name), names);
}

// How a cell reads for a question of this type.
CsvAnswers::Type CsvAnswers::cell_type(QuestionType type) {
  switch (type) {
    case QuestionType::Choice:
      return Type::Choice;
    case QuestionType::Multi:
      return Type::Multi;
    case QuestionType::Number:
    case QuestionType::Range:
      return Type::Number;
    case QuestionType::Boolean:
      return Type::Boolean;
    case QuestionType::Text:
    case QuestionType::Email:
    case QuestionType::Hidden:
      break;
  }
  return Type::Text;
}

CsvAnswers::CsvAnswers(const Model& model, const std::vector<std::string>& header,
                       const ColumnMapping& mapping)
    : model_(&model.compiled()) {
  const std::vector<Question>& questions = model.compiled().questions;
  const std::size_t count = questions.size();
  std::vector<std::string> ids;
  std::vector<Type> types;
  for (const Question& question : questions) {
    ids.push_back(question.id);
    types.push_back(cell_type(question.type));
  }
  columns_.assign(header.size(), Column{});
  column_of_.assign(count, -1);
  std::vector<char> skipped(header.size(), 0);
  for (const std::string& name : mapping.skip) {
    const int column = find_column(header, name);
    if (column >= 0) skipped[static_cast<std::size_t>(column)] = 1;
  }

  const auto assign = [&](std::size_t column, std::size_t question) {
    column_of_[question] = static_cast<int>(column);
    columns_[column] = Column{static_cast<int>(question), types[question], ids[question]};
  };

  // 1. The mapping the user gave.
  std::vector<char> mapped(header.size(), 0);
  std::vector<char> by_map(count, 0);
  for (const auto& [column_name, question_id] : mapping.map) {
    const int column = find_column(header, column_name);
    std::size_t question = 0;
    while (question < count && ids[question] != question_id) ++question;
    const std::string what = "--map " + in_quotes(column_name + "=" + question_id) + ": ";
    if (column < 0) {
      errors_.push_back(what + "no column " + in_quotes(column_name) + " in the header" +
                        did_you_mean_column(header, column_name));
    }
    if (question == count) {
      errors_.push_back(what + "no question " + in_quotes(question_id) + " in the model" +
                        did_you_mean(question_id, ids));
    }
    if (column < 0 || question == count) continue;
    mapped[static_cast<std::size_t>(column)] = 1;
    assign(static_cast<std::size_t>(column), question);
    by_map[question] = 1;
  }
  // 2. Question ids, then labels, each compared as column keys. A column may carry a label in
  // any of the model's languages, and the compiled model keeps only the model's own: these come
  // from the model's JSON.
  const json& localized = model.normalized()["questions"];
  std::vector<std::vector<std::string>> keys(count);
  for (std::size_t q = 0; q < count; ++q) {
    keys[q].push_back(column_key(ids[q]));
    for (const std::string& label : labels_of(localized[q])) keys[q].push_back(column_key(label));
  }
  for (std::size_t pass = 0; pass < 2; ++pass) {
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (skipped[c] || mapped[c] || columns_[c].question >= 0) continue;
      const std::string key = column_key(header[c]);
      if (key.empty()) continue;
      for (std::size_t q = 0; q < count; ++q) {
        const bool match =
            pass == 0 ? keys[q][0] == key
                      : std::find(keys[q].begin() + 1, keys[q].end(), key) != keys[q].end();
        if (!match) continue;
        if (column_of_[q] < 0) {
          assign(c, q);
        } else if (!by_map[q]) {
          // Two columns for one question: which one holds the answers is for the user to say.
          errors_.push_back("columns " +
                            in_quotes(trim_cell(header[static_cast<std::size_t>(column_of_[q])])) +
                            " and " + in_quotes(trim_cell(header[c])) + " both answer " +
                            in_quotes(ids[q]) + " (say which with --map COLUMN=QUESTION)");
        }
        mapped[c] = 1;  // answered, or refused above: not an ignored column
        break;
      }
    }
  }

  // What is left over on either side.
  std::vector<std::string> free_ids;
  for (std::size_t q = 0; q < count; ++q) {
    if (column_of_[q] < 0) free_ids.push_back(ids[q]);
  }
  std::vector<std::string> ignored;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (skipped[c] || mapped[c] || columns_[c].question >= 0 || trim_cell(header[c]).empty())
      continue;
    const std::string hint = did_you_mean(column_key(header[c]), free_ids);
    if (hint.empty()) {
      ignored.emplace_back(trim_cell(header[c]));
    } else {
      warnings_.push_back("column " + in_quotes(trim_cell(header[c])) + " answers no question" +
                          hint + " (use --map COLUMN=QUESTION)");
    }
  }
  if (!ignored.empty()) {
    warnings_.push_back(std::string("ignoring ") + std::to_string(ignored.size()) +
                        (ignored.size() == 1 ? " column that answers" : " columns that answer") +
                        " no question: " + list_names(ignored, 8));
  }
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const int question = columns_[c].question;
    if (question >= 0 && column_of_[static_cast<std::size_t>(question)] == static_cast<int>(c)) {
      cells_.push_back(Cell{c, static_cast<std::size_t>(question), columns_[c].type});
    }
  }
  for (std::size_t q = 0; q < count; ++q) {
    // Questions that carry no points (text, email, hidden) matter only to rules.
    if (column_of_[q] < 0 && types[q] != Type::Text) unanswered_.push_back(ids[q]);
  }
}

std::string CsvAnswers::unanswered_warning() const {
  if (unanswered_.empty()) return {};
  return std::string("no column for ") +
         (unanswered_.size() == 1 ? "the question " : "the questions ") +
         list_names(unanswered_, 8) + ": unanswered in every row";
}

// One cell as the answer its question's type takes, told to `to` (a JSON value or the
// runtime's Raw, below): to.none() for an empty cell (no answer), else to.number(), to.boolean(),
// to.text() or, for a multi question, to.items(cell). Whatever does not convert stays text, for
// the core to report exactly as it would the same string answer (not_a_number, wrong_type).
template <class To>
void CsvAnswers::convert(Type type, std::string_view cell, To& to) {
  const std::string_view trimmed = trim_cell(cell);
  if (trimmed.empty()) {
    to.none();
    return;
  }
  switch (type) {
    case Type::Number: {
      double number = 0;
      if (parse_cell_number(cell, number)) {
        to.number(number);
      } else {
        to.text(cell);
      }
      return;
    }
    case Type::Boolean: {
      bool value = false;
      if (boolean_word(cell, value)) {
        to.boolean(value);
      } else {
        to.text(cell);
      }
      return;
    }
    case Type::Multi:
      to.items(cell);
      return;
    case Type::Choice:
      to.text(trimmed);
      return;
    case Type::Text:
      to.text(cell);
      return;
  }
}

namespace {

// A cell into a JSON value reused from row to row: a string keeps its buffer; "" means no
// answer, as null does.
struct JsonCell {
  json& slot;
  void none() {
    if (slot.is_string()) {
      slot.get_ref<std::string&>().clear();
    } else if (!slot.is_null()) {
      slot = nullptr;
    }
  }
  void number(double value) { slot = value; }
  void boolean(bool value) { slot = value; }
  void text(std::string_view text) {
    if (slot.is_string()) {
      slot.get_ref<std::string&>().assign(text.data(), text.size());
    } else {
      slot = std::string(text);
    }
  }
  void items(std::string_view cell) {
    json values = json::array();
    each_item(cell, [&values](std::string_view item) { values.push_back(std::string(item)); });
    slot = std::move(values);
  }
};

// A cell into the runtime's Raw of a freshly reset Input, its strings pointing into the record.
struct RawCell {
  Raw& raw;
  Input& input;
  void none() {}  // the Raw stays absent
  void number(double value) {
    raw.kind = RawKind::Number;
    raw.number = value;
  }
  void boolean(bool value) {
    raw.kind = RawKind::Bool;
    raw.boolean = value;
  }
  void text(std::string_view text) {
    raw.kind = RawKind::String;
    raw.text = text;
  }
  void items(std::string_view cell) {
    const std::size_t first = input.items.size();
    each_item(cell, [this](std::string_view item) {
      Raw& element = input.items.emplace_back();
      element.kind = RawKind::String;
      element.text = item;
    });
    raw.kind = RawKind::Array;
    raw.first = static_cast<std::uint32_t>(first);
    raw.count = static_cast<std::uint32_t>(input.items.size() - first);
  }
};

}  // namespace

void CsvAnswers::fill(const CsvRecord& record, json& answers) {
  if (answers_ != &answers || !answers.is_object()) {
    answers = json::object();
    slots_.assign(columns_.size(), nullptr);
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      if (columns_[c].question >= 0) slots_[c] = &answers[columns_[c].id];
    }
    answers_ = &answers;
  }
  for (std::size_t c = 0; c < columns_.size() && c < record.size(); ++c) {
    if (slots_[c] == nullptr) continue;
    JsonCell to{*slots_[c]};
    convert(columns_[c].type, record[c], to);
  }
}

const std::vector<const json*>& CsvAnswers::read(const CsvRecord& record) {
  if (values_.size() != columns_.size()) {
    values_.assign(columns_.size(), json());
    by_question_.assign(column_of_.size(), nullptr);
  }
  for (std::size_t c = 0; c < columns_.size() && c < record.size(); ++c) {
    const int question = columns_[c].question;
    if (question < 0 || column_of_[static_cast<std::size_t>(question)] != static_cast<int>(c)) {
      continue;
    }
    json& value = values_[c];
    JsonCell to{value};
    convert(columns_[c].type, record[c], to);
    const bool empty =
        value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty());
    by_question_[static_cast<std::size_t>(question)] = empty ? nullptr : &value;
  }
  return by_question_;
}

void CsvAnswers::read(const CsvRecord& record, Input& input) const {
  input.reset(*model_);
  const std::size_t fields = record.size();
  for (const Cell& cell : cells_) {
    if (cell.column >= fields) break;  // cells_ is in column order
    RawCell to{input.questions[cell.question], input};
    convert(cell.type, record[cell.column], to);
  }
}

}  // namespace leadqual
