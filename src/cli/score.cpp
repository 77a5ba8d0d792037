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
#include "core/compiler/answers.hpp"
#include "core/compiler/csv.hpp"
#include "core/compiler/csv_answers.hpp"
#include "core/leadqual.hpp"
#include "core/runtime/csv_writer.hpp"
#include "core/runtime/format.hpp"
#include "core/runtime/json_writer.hpp"
#include "core/runtime/result_text.hpp"
#include "core/runtime/score.hpp"

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

// Text from the model or the answers as a result's JSON carries it: invalid UTF-8 replaced.
std::string_view utf8_text(std::string_view text, std::string& scratch) {
  if (is_valid_utf8(text)) return text;
  scratch = valid_utf8(text);
  return scratch;
}

const json kNoSignals = json::object();

class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  // Writes the result the runtime scored for one lead.
  virtual void result(std::size_t line, const Result& result) = 0;
  virtual void error(std::size_t line, const std::string& message) = 0;
};

class JsonLinesWriter final : public ResultWriter {
 public:
  JsonLinesWriter(Output& out, const CompiledModel& model) : out_(out), text_(model) {}
  void result(std::size_t, const Result& result) override {
    // The runtime prints the canonical result straight into the output block: the CLI's hot
    // path.
    text_.write(result, out_);
    out_.raw('\n');
  }
  void error(std::size_t line, const std::string& message) override {
    out_.write(canonical(json{{"line", line}, {"error", message}}));
    out_.put('\n');
  }

 private:
  Output& out_;
  ResultText text_;  // write_result's bytes, each reason's text kept from lead to lead
};

// One row per lead, from the typed result: each cell is what the result's JSON holds at that
// place (a string's text, a number as JSON prints it, null as an empty cell). The cells that
// come from the model (grade, stage, the disqualifying rule's reason) are quoted once, here.
class CsvWriter final : public ResultWriter {
 public:
  CsvWriter(Output& out, const CompiledModel& model, const std::vector<std::string>& dimensions)
      : out_(out) {
    out_.raw("line,score,percent,grade,stage,disqualified,complete");
    for (const std::string& dimension : dimensions) {
      out_.raw(',');
      append_csv_cell(out_, dimension);
      dimensions_.push_back(model.find_dimension(dimension));
    }
    out_.raw(",errors\n");
    for (const GradeBand& band : model.grade_bands) grades_.push_back(cell(band.grade));
    for (const Stage& stage : model.stages) stages_.push_back(cell(stage.id));
    // A disqualification is {"rule", "reason"}; people reading the sheet want the reason.
    for (const Rule& rule : model.rules) reasons_.push_back(cell(rule.text));
    disqualified_ = cell("disqualified");
  }
  void result(std::size_t line, const Result& result) override { write_row(line, result); }
  void error(std::size_t line, const std::string& message) override {
    TextSink& row = out_;
    row.number(static_cast<double>(line));
    for (std::size_t i = 0; i < 7 + dimensions_.size(); ++i) row.raw(',');
    append_csv_cell(row, message);
    row.raw('\n');
  }

 private:
  void write_row(std::size_t line, const Result& result) {
    TextSink& row = out_;
    row.number(static_cast<double>(line));
    row.raw(',');
    number(row, result.score);
    row.raw(',');
    number(row, result.percent);
    row.raw(',');
    if (result.grade >= 0) row.raw(grades_[static_cast<std::size_t>(result.grade)]);
    row.raw(',');
    if (result.disqualified >= 0) {
      row.raw(disqualified_);
      row.raw(',');
      row.raw(reasons_[static_cast<std::size_t>(result.disqualified)]);
    } else {
      if (result.stage >= 0) row.raw(stages_[static_cast<std::size_t>(result.stage)]);
      row.raw(',');
    }
    row.raw(result.complete ? std::string_view(",true") : std::string_view(",false"));
    for (const int d : dimensions_) {
      row.raw(',');
      if (d >= 0) number(row, result.dimensions[static_cast<std::size_t>(d)]);
    }
    row.raw(',');
    if (!result.errors.empty()) {
      // "where: message" for each error, joined by "; ".
      errors_.clear();
      for (const AnswerError& error : result.errors) {
        if (!errors_.empty()) errors_ += "; ";
        if (!error.path.empty()) {
          errors_ += utf8_text(error.path, scratch_);
          errors_ += ": ";
        }
        errors_ += utf8_text(error.message, scratch_);
      }
      append_csv_cell(row, errors_);
    }
    row.raw('\n');
  }
  // A text cell from the model, as the result's JSON carries its text (invalid UTF-8 replaced).
  std::string cell(std::string_view text) { return csv_cell(utf8_text(text, scratch_)); }
  // As the result's JSON prints it; NaN and infinities are null there, an empty cell here.
  static void number(TextSink& row, double value) {
    if (std::isfinite(value)) row.number(value);
  }

  Output& out_;
  std::vector<int> dimensions_;  // per output column, the dimension's index (-1: none)
  std::vector<std::string> grades_, stages_, reasons_;  // cells, by index into the model
  std::string disqualified_;
  std::string errors_;
  std::string scratch_;
};

struct Scorer {
  const CompiledModel& model;
  ModelLimits limits;
  double now_ms;
  std::string signals_field;
  ResultWriter& writer;
  std::size_t bad_lines = 0;
  leadqual::Input input;  // one lead's answers, reused from lead to lead
  Result result;          // its result, likewise

  void bad(std::size_t line, const std::string& message) {
    ++bad_lines;
    writer.error(line, message);
  }
  // Scores the answers already read into `input`.
  void score_input(std::size_t line) {
    leadqual::score(model, input, now_ms, result);
    writer.result(line, result);
  }
  // Scores a JSON object of answers, taking the signals out of it first when a field is named.
  void score_json(std::size_t line, json& answers) {
    if (!signals_field.empty()) {
      auto found = answers.find(signals_field);
      if (found != answers.end()) {
        const json signals = std::move(*found);
        answers.erase(found);
        read_answers(model, answers, signals, input);
        score_input(line);
        return;
      }
    }
    read_answers(model, answers, kNoSignals, input);
    score_input(line);
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
  FlatAnswersReader flat(scorer.model, scorer.signals_field);
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
    if (flat.read(line, scorer.input)) {
      scorer.score_input(number);
      continue;
    }
    if (!parse_json(line, answers, error, scorer.limits)) {
      scorer.bad(number, line_parse_error(error));
      continue;
    }
    if (!answers.is_object()) {
      scorer.bad(number,
                 std::string("expected a JSON object of answers, got ") + json_type_name(answers));
      continue;
    }
    scorer.score_json(number, answers);
  }
}

// CSV input through the core's reader and column mapping (src/core/csv.hpp, csv_answers.hpp),
// the same the backtest and the browser use.
class CsvScoring final : public CsvSink {
 public:
  CsvScoring(Scorer& scorer, const Model& model, const std::string& input)
      : scorer_(scorer), model_(model), input_(input) {}

  bool readable() const { return readable_; }

  void header(const CsvRecord& record) override {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < record.size(); ++i) names.emplace_back(record[i]);
    ColumnMapping mapping;
    if (!scorer_.signals_field.empty()) {
      mapping.skip.push_back(scorer_.signals_field);
      signals_column_ = find_column(names, scorer_.signals_field);
    }
    answers_ = std::make_unique<CsvAnswers>(model_, names, mapping);
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
    // The cells straight into the runtime's Input, by question index: no keys to look up.
    answers_->read(record, scorer_.input);
    if (signals_column_ >= 0) {
      const std::string_view cell = record[static_cast<std::size_t>(signals_column_)];
      if (!cell.empty()) {
        if (!parse_json(cell, signals_, error_, scorer_.limits)) {
          scorer_.bad(record.line(),
                      "column '" + scorer_.signals_field + "': " + line_parse_error(error_));
          return;
        }
        read_signals(scorer_.model, signals_, scorer_.input);
      }
    }
    scorer_.score_input(record.line());
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
  const Model& model_;
  const std::string& input_;
  std::unique_ptr<CsvAnswers> answers_;
  int signals_column_ = -1;
  json signals_;
  std::string error_;
  bool readable_ = true;
};

// Returns false when the input cannot be scored at all (no readable header).
bool score_csv(InputBuffer& in, Scorer& scorer, const Model& model, const std::string& input) {
  CsvReader reader(CsvOptions{0, scorer.limits.max_model_bytes});
  CsvScoring scoring(scorer, model, input);
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
  if (const auto done = start_verb("score", kHelp, args,
                                   {{"--help"},
                                    {"--format", true},
                                    {"--output", true},
                                    {"--now", true},
                                    {"--signals-field", true}},
                                   parsed)) {
    return *done;
  }
  std::string error;
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
  const CompiledModel& compiled = loaded.model->compiled();
  if (out_format == Format::Csv) {
    writer = std::make_unique<CsvWriter>(results, compiled, dimension_ids(compiled));
  } else {
    writer = std::make_unique<JsonLinesWriter>(results, compiled);
  }
  Scorer scorer{compiled, limits, now_ms, signals_field, *writer, 0, leadqual::Input(), Result()};
  bool readable = true;
  if (in_format == Format::Csv) {
    readable = score_csv(in, scorer, *loaded.model, input_path);
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
