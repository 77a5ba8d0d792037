// Scoring a compiled model: answers and signals in (as the caller read them, in JSON's shape but
// without any JSON library), a result out (typed, for callers that read fields), and the result's
// canonical JSON text (for callers that send or print it). The documented order of evaluation
// and every check on answers live here, once, for the CLI, the collector and the browser alike.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/model.hpp"

namespace leadqual {

// The shape of one value a caller was given, before the runtime checks it against its question.
// (GCC 12 wrongly reports the scoped enumerators as shadowing the Array/Object aliases.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
enum class RawKind : std::uint8_t { Absent, Null, Bool, Number, String, Array, Object };
#pragma GCC diagnostic pop
constexpr std::uint8_t kRawKindCount = 7;

// "null", "a boolean", "a number", "a string", "an array", "an object", as messages say it.
const char* raw_kind_name(RawKind kind);

struct Raw {
  RawKind kind = RawKind::Absent;
  bool boolean = false;     // Bool
  double number = 0;        // Number
  std::string_view text;    // String: the caller's memory, alive until the result is written
  std::uint32_t first = 0;  // Array: its elements are Input::items[first, first + count)
  std::uint32_t count = 0;  // (elements of elements are only their kind)
};

// One score's input. Reusable: reset() before each lead, then fill in what was given (reset()
// makes every value absent; a value's fields are those of its kind, written with it).
struct Input {
  // The answers as a whole: Object, or Null (no answers), or the kind of whatever else was
  // given instead of an object (reported as an error).
  RawKind answers = RawKind::Object;
  std::vector<Raw> questions;                       // by question index; Absent when not given
  std::vector<std::string_view> unknown_questions;  // keys that name no question, in any order
  // The signals as a whole, like `answers`. An object (even empty) gives expressions every
  // signal's count; Null leaves `signals` null.
  RawKind signals = RawKind::Object;
  std::vector<Raw> signal_values;  // by signal index
  std::vector<std::string_view> unknown_signals;
  std::vector<Raw> items;  // elements of the arrays above

  void reset(const CompiledModel& model);
  // Appends `count` absent elements to `items` and points `array` at them.
  Raw* add_items(Raw& array, std::size_t count);
};

// A reason of the result: contributions[contribution] counted with `points`.
struct Reason {
  std::uint32_t contribution = 0;
  double points = 0;
};

struct AnswerError {
  std::string path;  // JSON Pointer of the answer ("" for the answers as a whole)
  const char* code;  // wrong_type, unknown_option, … (docs/model.md "Errors")
  std::string message;
};

// The result of docs/model.md, typed. Reusable from one score to the next (its vectors keep
// their memory). Computed values may refer to the Input's strings: write the result (or copy
// what you need) before the Input changes.
struct Result {
  double score = 0;
  double percent = std::numeric_limits<double>::quiet_NaN();  // NaN: null
  int grade = -1;                                             // index into grade_bands; -1: null
  int stage = -1;         // index into stages; -1: null (disqualified, or no stage held)
  int disqualified = -1;  // index of the disqualifying rule; -1: not disqualified
  bool complete = true;
  std::vector<double> dimensions;  // by dimension index
  std::vector<Value> slots;        // expression slots; computed values at questions.size() + i
  std::vector<char> visible;       // by question index
  std::vector<Reason> reasons;     // in model order
  std::vector<AnswerError> errors;

  const Value& computed(const CompiledModel& model, std::size_t index) const {
    return slots[model.questions.size() + index];
  }

  // Working space of the scorer.
  std::vector<char> answered;
  std::vector<int> chosen;     // choice: the option's index
  std::vector<char> selected;  // multi: per option of the model
  std::vector<double> signal_counts;
  std::size_t errors_left_out = 0;
  // What held, whatever its points (for backtests, Model::trace): per number question the band
  // that counted (-1: none), per rule whether its condition held.
  std::vector<int> band;
  std::vector<char> fired;
};

// Steps 1–8 of docs/model.md. `now_ms`: milliseconds since the epoch (NaN: no clock).
void score(const CompiledModel& model, const Input& input, double now_ms, Result& result);

// canonical(result) and canonical({"result": …, "visible": [ids]}): the documented bytes.
void write_result(const CompiledModel& model, const Result& result, std::string& out);
// Appends the result's answer errors, [{"code","message","path"}], as write_result writes them.
void write_errors(const Result& result, std::string& out);
void write_state(const CompiledModel& model, const Result& result, std::string& out);

}  // namespace leadqual
