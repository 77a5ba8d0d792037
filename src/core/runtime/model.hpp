// A compiled model: everything scoring needs, in flat vectors, made once by the compiler
// (compiler/load.cpp), carried as bytes (runtime/format.hpp) and loaded by the runtime.
//
// This is also the typed read-only view of a model for every consumer that needs to know its
// shape — the result check, the CLI, the collector: take a `const CompiledModel&` and read the
// fields below. Fields marked "derived" are filled in by the loader from the others.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/program.hpp"
#include "core/runtime/value.hpp"

namespace leadqual {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

enum class QuestionType : std::uint8_t {
  Choice,
  Multi,
  Number,
  Range,
  Boolean,
  Text,
  Email,
  Hidden
};
constexpr std::uint8_t kQuestionTypeCount = 8;
const char* question_type_name(QuestionType type);  // "choice", "multi", ...

// Where points come from, as a result's reasons name it.
enum class Source : std::uint8_t { Option, Band, Signal, Rule };
constexpr std::uint8_t kSourceCount = 4;
const char* source_name(Source source);  // "option", "band", "signal", "rule"

// Points for one dimension from one source. Every reason a result lists is one of these (with
// the points actually counted, which signals scale); reasons refer to them by index.
struct Contribution {
  int dimension = 0;
  double points = 0;
  Source source = Source::Rule;
  std::string id;    // the question, signal or rule
  std::string text;  // the reason's text: option label, band label, signal label, rule reason
  // derived: the reason's JSON text around its points, so writing a reason is two appends
  std::string head;  // {"dimension":…,"id":…,"points":
  std::string tail;  // ,"source":…,"text":…}
};

// A run of CompiledModel::contributions, in dimension order, zeros left out.
struct Points {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
};

struct Option {
  std::string value;
  std::string text;  // label in the model's language
  Points points;
};

struct Band {
  double min = -kInfinity;
  double max = kInfinity;
  std::string text;        // its label, else "Question label: bounds" (for reasons)
  bool has_label = false;  // the model gave the band a label of its own
  Points points;
};

struct Question {
  std::string id;
  QuestionType type = QuestionType::Text;
  std::string text;  // label in the model's language, for reasons
  bool required = false;
  int show_if = -1;             // expression index; -1: always shown
  std::vector<Option> options;  // choice, multi
  double min = -kInfinity;      // number, range
  double max = kInfinity;
  std::vector<Band> bands;       // number, range: the first band that holds counts
  Points true_points;            // boolean: points when the answer is true
  std::uint32_t max_length = 0;  // text, email, hidden: characters
  // derived
  std::string answer_path;         // JSON Pointer of its answer, "/" + id escaped
  std::uint32_t first_option = 0;  // index of options[0] among all options of the model
  std::vector<std::uint32_t> options_by_value;  // option indexes sorted by value (sort_tables)
  std::vector<std::string> option_values;       // for "did you mean"
};

struct Dimension {
  std::string id;
  double min = -kInfinity;
  double max = kInfinity;
  double weight = 1;
};

struct Computed {
  std::string id;
  int expr = 0;  // expression index
};

struct Signal {
  std::string id;
  std::string text;
  Points points;
  double cap = kInfinity;
  double half_life_days = 0;  // 0: no decay
};

struct Rule {
  std::string id;
  int condition = 0;  // expression index
  Points add;
  bool disqualifies = false;
  std::string text;  // the reason (add) or the disqualification reason
};

struct GradeBand {
  std::string grade;
  bool has_min = false;
  double min = 0;
};

struct Stage {
  std::string id;
  std::string label;   // in the model's language; the id when the model gives none
  int condition = -1;  // expression index; -1: the default stage
};

// Which parts of a result leave the page (the model's submit.result, docs/model.md "What the
// result shares"); the verdict (score, percent, grade, stage, ...) always does.
enum class SharedReasons : std::uint8_t { None, Ids, Texts };
constexpr std::uint8_t kSharedReasonsCount = 3;
struct ResultSharing {
  SharedReasons reasons = SharedReasons::None;
  bool dimensions = false;
  std::vector<int> computed;  // indexes into CompiledModel::computed, as submit.result lists them
};

// One compiled expression of the model.
struct Expression {
  std::uint32_t start = 0;  // in CompiledModel::program.code
  std::string pointer;      // where it is in the source model, for evaluation errors
  std::vector<int> reads;   // slots it reads, ascending
  // derived (prepare_checks()): a condition's first check in CompiledModel::checks; -1 when not a
  // condition
  std::int32_t check = -1;
};

// One step of "visibility and computed values together in dependency order".
struct EvalStep {
  bool is_question = false;
  int index = 0;
};

// Where names live when expressions run: questions are slots 0…, computed values follow, then
// these (each a slot of its own).
struct SlotLayout {
  int signals = 0;
  int dimensions = 0;
  int score = 0;
  int percent = 0;
  int grade = 0;
  int complete = 0;
  int count = 0;
};

struct CompiledModel {
  // Identity of the source model: id, version and "sha256:<hex>" of its canonical JSON.
  std::string id;
  std::string version;
  std::string hash;

  std::vector<Dimension> dimensions;
  std::vector<Question> questions;
  std::vector<Computed> computed;
  std::vector<Signal> signals;
  std::vector<Rule> rules;
  bool has_grade = false;
  std::vector<int> grade_from;  // dimension indexes summed for the grade
  std::vector<GradeBand> grade_bands;
  std::vector<Stage> stages;
  ResultSharing sharing;
  std::vector<Contribution> contributions;
  std::vector<Expression> expressions;
  Program program;             // the code and constants of every expression
  std::vector<EvalStep> plan;  // showIf and computed values in dependency order
  SlotLayout slots;
  std::uint64_t max_steps = 100000;  // node evaluations per expression evaluation

  // The normalised model (defaults filled in) and the state of no answers, as canonical JSON
  // text: what a renderer needs before (or without) the runtime.
  std::string normalized_json;
  std::string initial_state_json;

  // derived: sorted by sort_tables(), carried by the compiled format
  std::vector<int> dimensions_by_id;  // dimension indexes in id order (results sort keys)
  std::vector<int> computed_by_id;
  std::vector<std::uint32_t> questions_by_id;  // question indexes in id order
  std::vector<std::uint32_t> signals_by_id;
  NameIndex names;  // slot names, sorted, for names only known at run time
  // derived by prepare()
  std::string model_json;  // {"hash":…,"id":…,"version":…}, written into every result
  std::vector<std::string> question_ids;  // for "did you mean"
  std::vector<std::string> signal_ids;
  std::size_t option_count = 0;  // options of all questions
  std::vector<Check> checks;     // prepare_checks(): the conditions prepared for test_check
  bool stages_use_dimensions = false;
  double percent_base = 0;  // Σ weight·max; NaN when some dimension has no max

  // Lookups by id (binary search over the sorted indexes; stages: in model order); -1 when
  // there is none.
  int find_question(std::string_view question_id) const;
  int find_signal(std::string_view signal_id) const;
  int find_dimension(std::string_view dimension_id) const;
  int find_stage(std::string_view stage_id) const;
  static int find_option(const Question& question, std::string_view value);

  // Fills in the sorted tables (each question's options_by_value, the *_by_id indexes, names):
  // the compiler's work (compiler/load.cpp), which the compiled format carries, so that a page
  // loading a model sorts nothing (docs/performance.md, "The runtime's size, sixth session").
  void sort_tables();
  // Prepares the conditions (showIfs, rules, stages) into `checks` and each expression's check:
  // the compiler's work too, carried by the compiled format (format 4).
  void prepare_checks();
  // Fills in the other derived fields. Called by the compiler after sort_tables() and
  // prepare_checks(), and by the loader (runtime/format.cpp) once the rest is read.
  void prepare();
};

}  // namespace leadqual
