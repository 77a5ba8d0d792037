// Embind bindings of the core module's compiler half: loading (compiling) a model, validating it,
// evaluating one expression. Scoring is the runtime's (wasm/runtime.cpp, linked in beside this,
// plain exports): a loaded model is handed out as the runtime's model handle, which JS drives as
// it drives one the runtime module loaded. Every failure comes back as a value
// (never an exception or abort), and web/leadqual.js turns it into a LeadqualError.
//
// Reply convention of every text-returning call: a JSON array is a list of located errors
// [{"pointer", "message"}]; anything else is the call's canonical JSON answer.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/compiler/backtest.hpp"
#include "core/compiler/csv.hpp"
#include "core/compiler/csv_answers.hpp"
#include "core/compiler/lint.hpp"
#include "core/compiler/verify.hpp"
#include "core/compiler/vocabulary.hpp"
#include "core/leadqual.hpp"
#include "runtime.hpp"

namespace {

using nlohmann::json;

std::string errors_text(const std::vector<leadqual::Diagnostic>& errors) {
  json list = json::array();
  for (const leadqual::Diagnostic& error : errors) {
    list.push_back(json{{"pointer", error.pointer}, {"message", error.message}});
  }
  return leadqual::canonical(list);
}

std::string input_error_text(const std::string& what, const std::string& message) {
  return errors_text({leadqual::Diagnostic{"", what + ": " + message}});
}

// Parses one JSON argument; on failure fills `reply` with the located error.
bool parse_argument(const std::string& what, const std::string& text, json& out,
                    std::string& reply) {
  std::string error;
  if (!leadqual::parse_json(text, out, error)) {
    reply = input_error_text(what, error);
    return false;
  }
  return true;
}

// A backtest of one model on a CRM history fed in chunks (web/leadqual.js backtest()): the
// model as its JSON text or, with `compiled`, its compiled bytes. Options are JSON: {"outcome":
// column, "positive": [values], "map": {column: question}, "now": ms}. A tool of the compiler
// side: this module only, never the runtime module.
class CoreBacktest {
 public:
  CoreBacktest(const std::string& model_source, bool compiled, const std::string& options_text) {
    const leadqual::LoadResult loaded = compiled ? leadqual::Model::load_compiled(model_source)
                                                 : leadqual::Model::parse(model_source);
    if (!loaded.model) {
      error_ = errors_text(loaded.errors);
      return;
    }
    json options;
    if (!parse_argument("options", options_text, options, error_)) return;
    leadqual::BacktestOptions settings;
    if (!options.is_object() || !options.contains("outcome") || !options["outcome"].is_string()) {
      error_ = input_error_text("options", "outcome: expected the name of the outcome column");
      return;
    }
    settings.outcome.column = options["outcome"].get<std::string>();
    if (const auto positive = options.find("positive"); positive != options.end()) {
      for (const json& value : *positive) {
        if (value.is_string()) settings.outcome.positive.push_back(value.get<std::string>());
      }
    }
    if (const auto map = options.find("map"); map != options.end() && map->is_object()) {
      for (const auto& entry : map->items()) {
        if (entry.value().is_string()) {
          settings.mapping.map.emplace_back(entry.key(), entry.value().get<std::string>());
        }
      }
    }
    if (const auto now = options.find("now"); now != options.end() && now->is_number()) {
      settings.now_ms = now->get<double>();
    }
    backtest_ = std::make_unique<leadqual::Backtest>(loaded.model, std::move(settings));
  }

  // "" while all is well, else the located errors (see the reply convention above).
  std::string error() const { return error_; }
  void feed(const std::string& chunk) {
    if (backtest_) backtest_->feed(chunk);
  }
  // The report's JSON text, or the errors (no outcome column, an unknown --map name).
  std::string finish() {
    if (!backtest_) return error_;
    backtest_->finish();
    if (backtest_->failed()) return input_error_text("csv", backtest_->error());
    return leadqual::canonical(backtest_->report());
  }

 private:
  std::string error_;
  std::unique_ptr<leadqual::Backtest> backtest_;
};

CoreBacktest start_backtest(const std::string& model_source, bool compiled,
                            const std::string& options) {
  return CoreBacktest(model_source, compiled, options);
}

// Test leads from a CSV fed in chunks (web/leadqual.js readLeads()), read as `leadqual score`
// reads them: the core's streaming reader (core/compiler/csv.hpp) and its columns as answers
// (core/compiler/csv_answers.hpp). Each feed() replies the leads its chunk completed, so memory
// holds one chunk's leads, not the file: {"leads": [{"line", "answers"} | {"line", "error"}]}.
// finish() adds the columns that answer no question: {"leads": [...], "warnings": [text]}. A
// header that cannot be read or mapped (two columns answering one question) replies the errors.
class CoreLeadReader {
 public:
  CoreLeadReader(const std::string& model_source, bool compiled) {
    const leadqual::LoadResult loaded = compiled ? leadqual::Model::load_compiled(model_source)
                                                 : leadqual::Model::parse(model_source);
    if (loaded.model) {
      sink_.model = loaded.model;
    } else {
      sink_.error = errors_text(loaded.errors);
    }
  }

  std::string feed(const std::string& chunk) {
    if (sink_.error.empty()) reader_.feed(chunk, sink_);
    return sink_.reply(false);
  }
  std::string finish() {
    if (sink_.error.empty()) reader_.finish(sink_);
    if (sink_.error.empty() && !sink_.answers)
      sink_.error = input_error_text("csv", "no header row");
    return sink_.reply(true);
  }

 private:
  struct Sink final : leadqual::CsvSink {
    std::shared_ptr<const leadqual::Model> model;
    std::unique_ptr<leadqual::CsvAnswers> answers;
    json filled;
    json leads = json::array();
    std::string error;

    void header(const leadqual::CsvRecord& record) override {
      std::vector<std::string> names;
      for (std::size_t i = 0; i < record.size(); ++i) names.emplace_back(record[i]);
      answers = std::make_unique<leadqual::CsvAnswers>(*model, names, leadqual::ColumnMapping{});
      std::vector<leadqual::Diagnostic> errors;
      for (const std::string& message : answers->errors()) {
        errors.push_back(leadqual::Diagnostic{"", "csv: " + message});
      }
      if (!errors.empty()) error = errors_text(errors);
    }
    void record(const leadqual::CsvRecord& record) override {
      if (!error.empty()) return;
      answers->fill(record, filled);
      json lead = json::object();
      for (const auto& [id, value] : filled.items()) {
        if (!value.is_null()) lead[id] = value;  // an empty cell is no answer
      }
      leads.push_back(json{{"line", record.line()}, {"answers", std::move(lead)}});
    }
    void bad(std::size_t line, const std::string& message) override {
      if (!answers) {
        error = input_error_text("csv", "the header row cannot be read: " + message);
      } else if (error.empty()) {
        leads.push_back(json{{"line", line}, {"error", message}});
      }
    }
    std::string reply(bool last) {
      if (!error.empty()) return error;
      json out{{"leads", std::move(leads)}};
      leads = json::array();
      if (last) out["warnings"] = answers->warnings();
      return leadqual::canonical(out);
    }
  };

  Sink sink_;
  // A record as long as `leadqual score` takes (the longest JSON text it reads).
  leadqual::CsvReader reader_{leadqual::CsvOptions{0, leadqual::ModelLimits{}.max_model_bytes}};
};

// The outcome of loading: a model, or the located errors.
class LoadOutcome {
 public:
  explicit LoadOutcome(leadqual::LoadResult result) : result_(std::move(result)) {}
  bool ok() const { return result_.model != nullptr; }
  std::string errors() const { return errors_text(result_.errors); }
  // The model in the runtime (wasm/runtime.cpp), as loading its compiled bytes would give it: a
  // handle JS frees with the runtime's lq_model_free.
  std::uintptr_t model() const {
    // The handle keeps the Model its compiled model lives in (the core links shared_ptr anyway).
    auto owner = std::make_unique<std::shared_ptr<const leadqual::Model>>(result_.model);
    const leadqual::CompiledModel& compiled = (*owner)->compiled();
    return leadqual::wasm::hand_out(compiled, leadqual::wasm::model_owner(std::move(owner)));
  }
  // The compiled bytes (what `leadqual build` writes), as a view JS copies out at once.
  emscripten::val bytes() const {
    const std::string& bytes = result_.model->bytes();
    return emscripten::val(emscripten::typed_memory_view(
        bytes.size(), reinterpret_cast<const unsigned char*>(bytes.data())));
  }

 private:
  leadqual::LoadResult result_;
};

LoadOutcome load_model(const std::string& model_text) {
  return LoadOutcome(leadqual::Model::parse(model_text));
}

// A model's errors and, when it loads, its lint warnings, for the studio:
// {"errors": [{"pointer", "message"}], "warnings": [{"pointer", "code", "message"}]}.
std::string check_model(const std::string& model_text) {
  const leadqual::LoadResult loaded = leadqual::Model::parse(model_text);
  json errors = json::array();
  for (const leadqual::Diagnostic& error : loaded.errors) {
    errors.push_back(json{{"pointer", error.pointer}, {"message", error.message}});
  }
  json warnings = json::array();
  if (loaded.model) {
    for (const leadqual::Warning& warning : leadqual::lint(*loaded.model)) {
      warnings.push_back(
          json{{"pointer", warning.pointer}, {"code", warning.code}, {"message", warning.message}});
    }
  }
  return leadqual::canonical(
      json{{"errors", std::move(errors)}, {"warnings", std::move(warnings)}});
}

// One bare expression; replies {"value": v}, {"failure": {"type", "message"}} when running it
// failed (apart from any value, so data shaped like a failure stays a value), or the compile
// errors as a list. With `jsonlogic` a string rule is a JsonLogic literal (its own value) rather
// than infix text, as in the JsonLogic suites; every other JSON value is JsonLogic in both modes.
std::string evaluate(const std::string& rule_text, const std::string& data_text, double now_ms,
                     bool jsonlogic) {
  std::string reply;
  json rule;
  json data;
  if (!parse_argument("rule", rule_text, rule, reply)) return reply;
  if (!parse_argument("data", data_text, data, reply)) return reply;
  if (jsonlogic && rule.is_string()) return leadqual::canonical(json{{"value", std::move(rule)}});
  leadqual::Evaluation out;
  std::vector<leadqual::Diagnostic> errors;
  if (!leadqual::evaluate(rule, data, out, errors, now_ms)) return errors_text(errors);
  if (out.failed) {
    return leadqual::canonical(
        json{{"failure", {{"type", std::move(out.type)}, {"message", std::move(out.message)}}}});
  }
  return leadqual::canonical(json{{"value", std::move(out.value)}});
}

// The collector's consistency check (core/compiler/verify.hpp) for the results of one model,
// prepared once: check(result) replies the list of problems ([] when consistent).
class ResultChecker {
 public:
  explicit ResultChecker(const std::string& model_text) {
    leadqual::LoadResult loaded = leadqual::Model::parse(model_text);
    errors_ = std::move(loaded.errors);
    if (loaded.model) check_ = std::make_unique<leadqual::ResultCheck>(loaded.model);
  }
  bool ok() const { return check_ != nullptr; }
  std::string errors() const { return errors_text(errors_); }
  std::string check(const std::string& result_text, bool flat) const {
    std::string reply;
    json result;
    if (!parse_argument("result", result_text, result, reply)) return reply;
    return errors_text(check_->check(result, flat));
  }

 private:
  std::vector<leadqual::Diagnostic> errors_;
  std::unique_ptr<leadqual::ResultCheck> check_;
};

// The words of the model format (core/compiler/vocabulary.hpp) as JSON.
std::string vocabulary() {
  return leadqual::canonical(leadqual::vocabulary::to_json());
}

// Bytes currently allocated on the wasm heap: lets tests prove that calls do not leak.
std::size_t heap_bytes_in_use() {
  return static_cast<std::size_t>(mallinfo().uordblks);
}

}  // namespace

EMSCRIPTEN_BINDINGS(leadqual) {
  using emscripten::class_;
  using emscripten::function;
  class_<CoreBacktest>("CoreBacktest")
      .function("error", &CoreBacktest::error)
      .function("feed", &CoreBacktest::feed)
      .function("finish", &CoreBacktest::finish);
  function("startBacktest", &start_backtest);
  class_<CoreLeadReader>("CoreLeadReader")
      .constructor<const std::string&, bool>()
      .function("feed", &CoreLeadReader::feed)
      .function("finish", &CoreLeadReader::finish);
  class_<LoadOutcome>("LoadOutcome")
      .function("ok", &LoadOutcome::ok)
      .function("errors", &LoadOutcome::errors)
      .function("model", &LoadOutcome::model)
      .function("bytes", &LoadOutcome::bytes);
  function("loadModel", &load_model);
  function("checkModel", &check_model);
  function("evaluate", &evaluate);
  class_<ResultChecker>("ResultChecker")
      .constructor<const std::string&>()
      .function("ok", &ResultChecker::ok)
      .function("errors", &ResultChecker::errors)
      .function("check", &ResultChecker::check);
  function("vocabulary", &vocabulary);
  function("heapBytesInUse", &heap_bytes_in_use);
}
