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
#include "cli/decimal.hpp"
#include "cli/flat_answers.hpp"
#include "cli/host.hpp"
#include "cli/io.hpp"
#include "cli/model_shape.hpp"
#include "cli/verbs.hpp"
#include "core/compiler/csv.hpp"
#include "core/compiler/csv_answers.hpp"
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

// CSV input through the core's reader and column mapping (src/core/csv.hpp, csv_answers.hpp),
// the same the backtest and the browser use.
class CsvScoring final : public CsvSink {
 public:
  CsvScoring(Scorer& scorer, const std::string& input) : scorer_(scorer), input_(input) {}

  bool readable() const { return readable_; }

  void header(const CsvRecord& record) override {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < record.size(); ++i) names.emplace_back(record[i]);
    ColumnMapping mapping;
    if (!scorer_.signals_field.empty()) {
      mapping.skip.push_back(scorer_.signals_field);
      signals_column_ = find_column(names, scorer_.signals_field);
    }
    answers_ = std::make_unique<CsvAnswers>(scorer_.model, names, mapping);
    for (const std::string& error : answers_->errors()) {
      err("leadqual score: %s: %s\n", input_.c_str(), error.c_str());
      readable_ = false;
    }
    for (const std::string& warning : answers_->warnings()) {
      err("leadqual score: %s: %s\n", input_.c_str(), warning.c_str());
    }
  }

  void record(const CsvRecord& record) override {
    if (!readable_) return;
    answers_->fill(record, answers_json_);
    if (signals_column_ >= 0) {
      const std::string_view cell = record[static_cast<std::size_t>(signals_column_)];
      if (!cell.empty()) {
        json signals;
        if (!parse_json(cell, signals, error_, scorer_.limits)) {
          scorer_.bad(record.line(),
                      "column '" + scorer_.signals_field + "': " + line_parse_error(error_));
          return;
        }
        answers_json_[scorer_.signals_field] = std::move(signals);
      }
    }
    scorer_.score(record.line(), answers_json_);
  }

  void bad(std::size_t line, const std::string& message) override {
    if (!answers_) {
      err("leadqual score: %s: the header row cannot be read: %s\n", input_.c_str(),
          message.c_str());
      readable_ = false;
      return;
    }
    if (readable_) scorer_.bad(line, message);
  }

 private:
  Scorer& scorer_;
  const std::string& input_;
  std::unique_ptr<CsvAnswers> answers_;
  int signals_column_ = -1;
  json answers_json_;
  std::string error_;
  bool readable_ = true;
};

// Returns false when the input cannot be scored at all (no readable header).
bool score_csv(InputBuffer& in, Scorer& scorer, const std::string& input) {
  CsvReader reader(CsvOptions{0, scorer.limits.max_model_bytes});
  CsvScoring scoring(scorer, input);
  while (!in.pending().empty() || in.fill()) {
    reader.feed(in.pending(), scoring);
    in.consume(in.pending().size());
  }
  reader.finish(scoring);
  return scoring.readable();
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

  Output results(Stream::Out);
  std::unique_ptr<ResultWriter> writer;
  if (out_format == Format::Csv) {
    writer = std::make_unique<CsvWriter>(results, dimension_ids(loaded.model->compiled()));
  } else {
    writer = std::make_unique<JsonLinesWriter>(results);
  }
  ScoreOptions options;
  options.now_ms = now_ms;
  Scorer scorer{*loaded.model, limits, options, signals_field, *writer};
  bool readable = true;
  if (in_format == Format::Csv) {
    readable = score_csv(in, scorer, input_path);
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
