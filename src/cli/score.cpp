// leadqual score MODEL [FILE|-]: one result per input line, streamed in constant memory.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/args.hpp"
#include "cli/clock.hpp"
#include "cli/csv.hpp"
#include "cli/decimal.hpp"
#include "cli/flat_answers.hpp"
#include "cli/host.hpp"
#include "cli/io.hpp"
#include "cli/model_shape.hpp"
#include "cli/verbs.hpp"
#include "core/leadqual.hpp"
#include "core/runtime/csv_writer.hpp"
#include "core/runtime/format.hpp"

namespace leadqual::cli {
namespace {

using nlohmann::json;

constexpr const char* kHelp = R"(Usage: leadqual score MODEL [FILE|-] [options]

Scores every lead in FILE (default: standard input) with MODEL (its JSON, or the compiled model
`leadqual build` writes) and writes one result per input line, in input order, on standard
output.

Input
  JSON Lines: one JSON object of answers (question id -> answer) per line.
  CSV: a header row of question ids, then one lead per row. Cells are converted by the type of
    their question: number/range -> number; boolean -> true/false/yes/no/1/0 (any case);
    multi -> values separated by ';' or '|'; choice -> the option value it spells; others ->
    text. An empty cell is a missing answer. Columns that are not questions are ignored
    (with one warning).
  The format comes from the file name (.jsonl, .ndjson, .json / .csv), else from the first
  character ('{' or '[' means JSON Lines, anything else CSV).

Output
  JSON Lines: the result object of each lead (canonical JSON); a bad line gives
    {"error":"...","line":N}.
  CSV: columns line, score, percent, grade, stage, disqualified, complete, one per dimension,
    errors (RFC 4180 quoting). A bad line has only line and errors filled in.

Options
  --format jsonl|csv     read this format whatever the file is called
  --output jsonl|csv     write this format (default: the input format)
  --now ISO|MS           the clock for days_since and signal decay (default: the system clock),
                         e.g. 2026-11-22T09:30:00Z or 1763803800000
  --signals-field NAME   the answers member (JSON Lines) or column (CSV, a JSON object) that
                         holds the lead's behavioural signals rather than an answer

Exit status: 0 every line scored, 1 a line was bad (the others are still scored) or the model
or input could not be read, 2 usage error. Invalid answers (wrong type, unknown option) do not
make a line bad: they are listed in the result's errors.
)";

enum class Format { Auto, JsonLines, Csv };

bool parse_format(const std::string& text, Format& format) {
  if (text == "jsonl") {
    format = Format::JsonLines;
  } else if (text == "csv") {
    format = Format::Csv;
  } else {
    return false;
  }
  return true;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

Format detect_format(const std::string& path, std::string_view start) {
  std::string lower;
  for (char c : path)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (ends_with(lower, ".csv")) return Format::Csv;
  if (ends_with(lower, ".jsonl") || ends_with(lower, ".ndjson") || ends_with(lower, ".json")) {
    return Format::JsonLines;
  }
  for (char c : start) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[' ? Format::JsonLines : Format::Csv;
  }
  return Format::JsonLines;
}

// A JSON value as one CSV cell: null is empty, a string is its text, anything else its JSON.
std::string cell_text(const json* value) {
  if (!value || value->is_null()) return {};
  if (value->is_string()) return value->get_ref<const std::string&>();
  return canonical(*value);
}

// "where: message" for each error the core put in a result, joined by "; ".
std::string join_result_errors(const json& result) {
  const json* errors = member(result, "errors");
  if (!errors || !errors->is_array()) return {};
  std::string joined;
  for (const json& error : *errors) {
    if (!joined.empty()) joined += "; ";
    const json* message = member(error, "message");
    if (!message) {
      joined += cell_text(&error);
      continue;
    }
    for (const char* key : {"pointer", "path", "at", "question"}) {
      const json* where = member(error, key);
      if (where && where->is_string() && !where->get_ref<const std::string&>().empty()) {
        joined += where->get_ref<const std::string&>() + ": ";
        break;
      }
    }
    joined += cell_text(message);
  }
  return joined;
}

class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  // Scores one lead and writes its result.
  virtual void score(std::size_t line, const Model& model, const json& answers,
                     const ScoreOptions& options) = 0;
  virtual void error(std::size_t line, const std::string& message) = 0;
};

class JsonLinesWriter final : public ResultWriter {
 public:
  explicit JsonLinesWriter(Output& out) : out_(out) {}
  void score(std::size_t, const Model& model, const json& answers,
             const ScoreOptions& options) override {
    // The core prints the canonical result without building it: the CLI's hot path.
    out_.write(model.score_text(answers, options));
    out_.put('\n');
  }
  void error(std::size_t line, const std::string& message) override {
    out_.write(canonical(json{{"line", line}, {"error", message}}));
    out_.put('\n');
  }

 private:
  Output& out_;
};

class CsvWriter final : public ResultWriter {
 public:
  CsvWriter(Output& out, std::vector<std::string> dimensions)
      : out_(out), dimensions_(std::move(dimensions)) {
    row_ = "line,score,percent,grade,stage,disqualified,complete";
    for (const std::string& dimension : dimensions_) {
      row_.push_back(',');
      append_csv_cell(row_, dimension);
    }
    row_ += ",errors\n";
    out_.write(row_);
  }
  void score(std::size_t line, const Model& model, const json& answers,
             const ScoreOptions& options) override {
    const json result = model.score(answers, options);
    row_ = std::to_string(line);
    for (const char* key : {"score", "percent"}) {
      row_.push_back(',');
      append_csv_cell(row_, cell_text(member(result, key)), CsvCell::Number);
    }
    for (const char* key : {"grade", "stage"}) {
      row_.push_back(',');
      append_csv_cell(row_, cell_text(member(result, key)));
    }
    // A disqualification is {"rule", "reason"}; people reading the sheet want the reason.
    const json* disqualified = member(result, "disqualified");
    const json* reason = disqualified ? member(*disqualified, "reason") : nullptr;
    row_.push_back(',');
    append_csv_cell(row_, cell_text(reason ? reason : disqualified));
    row_.push_back(',');
    append_csv_cell(row_, cell_text(member(result, "complete")));
    const json* dimensions = member(result, "dimensions");
    for (const std::string& dimension : dimensions_) {
      row_.push_back(',');
      append_csv_cell(row_,
                      cell_text(dimensions ? member(*dimensions, dimension.c_str()) : nullptr),
                      CsvCell::Number);
    }
    row_.push_back(',');
    append_csv_cell(row_, join_result_errors(result));
    row_.push_back('\n');
    out_.write(row_);
  }
  void error(std::size_t line, const std::string& message) override {
    row_ = std::to_string(line);
    row_.append(6 + dimensions_.size(), ',');
    row_.push_back(',');
    append_csv_cell(row_, message);
    row_.push_back('\n');
    out_.write(row_);
  }

 private:
  Output& out_;
  std::vector<std::string> dimensions_;
  std::string row_;
};

struct Scorer {
  const Model& model;
  ModelLimits limits;
  ScoreOptions options;
  std::string signals_field;
  ResultWriter& writer;
  std::size_t bad_lines = 0;

  void bad(std::size_t line, const std::string& message) {
    ++bad_lines;
    writer.error(line, message);
  }
  // Scores `answers`, taking the signals out of them first when a field is named.
  void score(std::size_t line, json& answers) {
    if (!signals_field.empty()) {
      auto found = answers.find(signals_field);
      if (found != answers.end()) {
        ScoreOptions with_signals;
        with_signals.now_ms = options.now_ms;
        with_signals.signals = std::move(*found);
        answers.erase(found);
        writer.score(line, model, answers, with_signals);
        return;
      }
    }
    writer.score(line, model, answers, options);
  }
};

// The JSON parser's location within one line: "line 1, column 9: x" says only "column 9: x".
std::string line_parse_error(const std::string& error) {
  constexpr std::string_view kFirstLine = "line 1, ";
  if (error.compare(0, kFirstLine.size(), kFirstLine) == 0) return error.substr(kFirstLine.size());
  return error;
}

void score_json_lines(InputBuffer& in, Scorer& scorer) {
  LineReader lines(in, scorer.limits.max_model_bytes);
  std::string_view line;
  std::string error;
  json answers;
  for (std::size_t number = 1;; ++number) {
    const LineReader::Status status = lines.next(line);
    if (status == LineReader::Status::End) break;
    if (status == LineReader::Status::TooLong) {
      scorer.bad(number,
                 "line longer than " + std::to_string(scorer.limits.max_model_bytes) + " bytes");
      continue;
    }
    if (!read_flat_answers(line, answers) && !parse_json(line, answers, error, scorer.limits)) {
      scorer.bad(number, line_parse_error(error));
      continue;
    }
    if (!answers.is_object()) {
      scorer.bad(number,
                 std::string("expected a JSON object of answers, got ") + json_type_name(answers));
      continue;
    }
    scorer.score(number, answers);
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool parse_number(std::string_view text, double& value) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const char* end = text.data() + text.size();
  const auto parsed = decimal_from_chars(text.data(), end, value);
  return parsed.ec == std::errc() && parsed.ptr == end && std::isfinite(value) && !text.empty();
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The option value a cell spells: a string option by its text, a number option by its value.
json option_value(const QuestionShape& question, std::string_view cell) {
  double number = 0;
  const bool is_number = parse_number(cell, number);
  for (const json& value : question.option_values) {
    if (value.is_string() && value.get_ref<const std::string&>() == cell) return value;
    if (value.is_number() && is_number && value.get<double>() == number) return value;
    if (value.is_boolean()) {
      const bool truth = value.get<bool>();
      if (equals_ignoring_case(cell, truth ? "true" : "false")) return value;
    }
  }
  return std::string(cell);
}

// A CSV cell as the answer its question takes (see the help text).
json convert_cell(const QuestionShape& question, std::string_view cell) {
  const std::string& type = question.type;
  if (type == "number" || type == "range") {
    double number = 0;
    if (parse_number(cell, number)) return number;
    return std::string(cell);  // the core reports the wrong type in the result
  }
  if (type == "boolean") {
    const std::string_view word = trim(cell);
    for (const char* yes : {"true", "yes", "1"}) {
      if (equals_ignoring_case(word, yes)) return true;
    }
    for (const char* no : {"false", "no", "0"}) {
      if (equals_ignoring_case(word, no)) return false;
    }
    return std::string(cell);
  }
  if (type == "multi") {
    json values = json::array();
    std::size_t start = 0;
    while (start <= cell.size()) {
      std::size_t end = cell.find_first_of(";|", start);
      if (end == std::string_view::npos) end = cell.size();
      const std::string_view item = trim(cell.substr(start, end - start));
      if (!item.empty()) values.push_back(option_value(question, item));
      start = end + 1;
    }
    return values;
  }
  if (type == "choice") return option_value(question, trim(cell));
  return std::string(cell);
}

struct CsvColumn {
  enum class Kind { Ignored, Question, Signals } kind = Kind::Ignored;
  const QuestionShape* question = nullptr;
};

// Returns false when the input cannot be scored at all (no readable header).
bool score_csv(InputBuffer& in, Scorer& scorer, const ModelShape& shape, const std::string& input) {
  CsvReader reader(in, scorer.limits.max_model_bytes);
  std::vector<std::string> fields;
  const CsvReader::Status header_status = reader.next(fields);
  if (header_status == CsvReader::Status::End) return true;
  if (header_status == CsvReader::Status::Bad) {
    err("leadqual score: %s: header row: %s\n", input.c_str(), reader.error().c_str());
    return false;
  }
  std::vector<CsvColumn> columns(fields.size());
  std::vector<std::string> ignored;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string name(trim(fields[i]));
    for (std::size_t j = 0; j < i; ++j) {
      if (trim(fields[j]) == name) {
        err("leadqual score: %s: line 1: column '%s' appears twice\n", input.c_str(), name.c_str());
        return false;
      }
    }
    if (!scorer.signals_field.empty() && name == scorer.signals_field) {
      columns[i].kind = CsvColumn::Kind::Signals;
      continue;
    }
    for (const QuestionShape& question : shape.questions) {
      if (question.id == name) {
        columns[i] = {CsvColumn::Kind::Question, &question};
      }
    }
    if (columns[i].kind == CsvColumn::Kind::Ignored) ignored.push_back("'" + name + "'");
  }
  if (!ignored.empty()) {
    std::string names;
    for (const std::string& name : ignored) names += (names.empty() ? "" : ", ") + name;
    err("leadqual score: %s: line 1: ignoring column%s %s: not a question of the model\n",
        input.c_str(), ignored.size() == 1 ? "" : "s", names.c_str());
  }

  json answers;
  std::string error;
  for (;;) {
    const CsvReader::Status status = reader.next(fields);
    if (status == CsvReader::Status::End) break;
    const std::size_t line = reader.line();
    if (status == CsvReader::Status::Bad) {
      scorer.bad(line, reader.error());
      continue;
    }
    if (fields.size() != columns.size()) {
      scorer.bad(line, std::to_string(fields.size()) + " field" + (fields.size() == 1 ? "" : "s") +
                           ", but the header has " + std::to_string(columns.size()));
      continue;
    }
    answers = json::object();
    json signals;
    bool row_ok = true;
    for (std::size_t i = 0; i < columns.size() && row_ok; ++i) {
      if (fields[i].empty()) continue;
      switch (columns[i].kind) {
        case CsvColumn::Kind::Ignored:
          break;
        case CsvColumn::Kind::Question:
          answers[columns[i].question->id] = convert_cell(*columns[i].question, fields[i]);
          break;
        case CsvColumn::Kind::Signals:
          if (!parse_json(fields[i], signals, error, scorer.limits)) {
            scorer.bad(line, "column '" + scorer.signals_field + "': " + line_parse_error(error));
            row_ok = false;
          }
          break;
      }
    }
    if (!row_ok) continue;
    if (!signals.is_null()) answers[scorer.signals_field] = std::move(signals);
    scorer.score(line, answers);
  }
  return true;
}

}  // namespace

int score_main(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  std::string error;
  if (!parse_args(args,
                  {{"--help"},
                   {"--format", true},
                   {"--output", true},
                   {"--now", true},
                   {"--signals-field", true}},
                  parsed, error)) {
    return usage_error("score", error);
  }
  if (parsed.has("--help")) {
    out("%s", kHelp);
    return kExitOk;
  }
  if (parsed.positional.empty()) return usage_error("score", "no model file given");
  if (parsed.positional.size() > 2) {
    return usage_error("score", "too many arguments: '" + parsed.positional[2] + "'");
  }
  Format in_format = Format::Auto;
  Format out_format = Format::Auto;
  if (const std::string* format = parsed.value("--format");
      format && !parse_format(*format, in_format)) {
    return usage_error("score", "--format: '" + *format + "' is not jsonl or csv");
  }
  if (const std::string* output = parsed.value("--output");
      output && !parse_format(*output, out_format)) {
    return usage_error("score", "--output: '" + *output + "' is not jsonl or csv");
  }
  double now_ms = system_now_ms();
  if (const std::string* now = parsed.value("--now"); now && !parse_now(*now, now_ms, error)) {
    return usage_error("score", error);
  }
  std::string signals_field;
  if (const std::string* field = parsed.value("--signals-field")) {
    if (field->empty()) return usage_error("score", "--signals-field: the name is empty");
    signals_field = *field;
  }

  const std::string& model_path = parsed.positional[0];
  const std::string input_path = parsed.positional.size() > 1 ? parsed.positional[1] : "-";
  if (input_path == "-" && model_path == "-") {
    return usage_error("score", "the model and the leads cannot both come from standard input");
  }
  const ModelLimits limits;
  std::string text;
  if (!read_file(model_path, limits.max_model_bytes, text, error)) {
    err("leadqual score: %s\n", error.c_str());
    return kExitFailure;
  }
  const LoadResult loaded =
      is_compiled(text) ? Model::load_compiled(text) : Model::parse(text, limits);
  if (!loaded.model) {
    print_model_errors(model_path, loaded.errors);
    err("leadqual score: %s is not a valid model\n", model_path.c_str());
    return kExitFailure;
  }
  text.clear();
  text.shrink_to_fit();

  std::string why;
  std::unique_ptr<Input> input = host().open(input_path, why);
  if (!input) {
    err("leadqual score: cannot read '%s': %s\n", input_path.c_str(), why.c_str());
    return kExitFailure;
  }
  InputBuffer in(*input);
  in.fill();
  if (in.pending().substr(0, 3) == "\xEF\xBB\xBF") in.consume(3);  // a UTF-8 byte order mark
  if (in_format == Format::Auto) in_format = detect_format(input_path, in.pending());
  if (out_format == Format::Auto) out_format = in_format;

  const ModelShape shape = shape_of(*loaded.model);
  Output results(Stream::Out);
  std::unique_ptr<ResultWriter> writer;
  if (out_format == Format::Csv) {
    writer = std::make_unique<CsvWriter>(results, shape.dimensions);
  } else {
    writer = std::make_unique<JsonLinesWriter>(results);
  }
  ScoreOptions options;
  options.now_ms = now_ms;
  Scorer scorer{*loaded.model, limits, options, signals_field, *writer};
  bool readable = true;
  if (in_format == Format::Csv) {
    readable = score_csv(in, scorer, shape, input_path);
  } else {
    score_json_lines(in, scorer);
  }
  if (in.read_error()) {
    err("leadqual score: cannot read '%s': %s\n", input_path.c_str(), in.read_error_text().c_str());
    readable = false;
  }
  if (!results.flush()) {
    err("leadqual score: cannot write the results: %s\n", results.error().c_str());
    return kExitFailure;
  }
  return readable && scorer.bad_lines == 0 ? kExitOk : kExitFailure;
}

}  // namespace leadqual::cli
