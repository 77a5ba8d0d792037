// The compiled form of a model, shared by loading (load.cpp) and scoring (score.cpp).
// Everything a score needs is precomputed here so score() only walks vectors.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/expr/expr.hpp"
#include "core/expr/value.hpp"
#include "core/leadqual.hpp"

namespace leadqual {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Points for one dimension. `head` and `tail` are the JSON text of a reason around its points,
// prepared at load so that scoring writes a reason with two appends.
struct Contribution {
  int dimension = 0;
  double points = 0;
  std::string head;  // {"dimension":…,"id":…,"points":
  std::string tail;  // ,"source":…,"text":…}
};

// Points per dimension, in dimension order, zeros left out.
using Points = std::vector<Contribution>;

enum class QuestionType { Choice, Multi, Number, Range, Boolean, Text, Email, Hidden };

struct Option {
  std::string value;
  Value as_value;  // built once so a choice answer costs no allocation
  std::string text;
  Points points;
};

struct Band {
  double min = -kInfinity;
  double max = kInfinity;
  Points points;
  std::string text;
};

struct Question {
  std::string id;
  std::string answer_path;  // JSON Pointer of its answer, "/" + id escaped
  std::string text;         // label in the model's language, for reasons
  QuestionType type = QuestionType::Text;
  bool required = false;
  bool has_show_if = false;
  Expr show_if;
  std::string show_if_pointer;
  std::vector<Option> options;
  std::vector<std::pair<std::string, int>> option_lookup;  // sorted by value
  std::vector<std::string> option_values;                  // for "did you mean"
  std::size_t first_option = 0;  // index of options[0] among all options of the model
  double min = -kInfinity;
  double max = kInfinity;
  std::vector<Band> bands;
  Points true_points;  // boolean questions
  std::size_t max_length = 0;
};

struct Computed {
  std::string id;
  Expr expr;
  std::string pointer;
};

struct Dimension {
  std::string id;
  double min = -kInfinity;
  double max = kInfinity;
  double weight = 1;
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
  Expr condition;
  std::string pointer;  // of `if`
  Points add;
  bool disqualifies = false;
  std::string text;  // reason (add) or disqualification reason
};

struct GradeBand {
  std::string grade;
  bool has_min = false;
  double min = 0;
};

struct Stage {
  std::string id;
  bool has_condition = false;
  Expr condition;
  std::string pointer;  // of `if`
};

// One step of "visibility and computed values together in dependency order".
struct EvalStep {
  bool is_question = false;
  int index = 0;
};

struct Model::Impl {
  nlohmann::json normalized;
  std::string id;
  std::string version;
  std::string hash;
  nlohmann::json model_json;  // {"id", "version", "hash"} for every result
  std::string model_text;     // canonical(model_json)

  std::vector<Dimension> dimensions;
  std::vector<int> dimensions_by_id;  // indices in id order, for writing sorted JSON text
  std::vector<Question> questions;
  std::vector<std::pair<std::string, int>> question_lookup;  // sorted by id
  std::vector<std::string> question_ids;
  std::size_t option_count = 0;
  std::vector<Computed> computed;
  std::vector<int> computed_by_id;  // indices in id order
  std::vector<Signal> signals;
  std::vector<std::pair<std::string, int>> signal_lookup;  // sorted by id
  std::vector<std::string> signal_ids;
  std::vector<Rule> rules;
  bool has_grade = false;
  std::vector<int> grade_from;
  std::vector<GradeBand> grade_bands;
  std::vector<Stage> stages;
  std::vector<EvalStep> plan;
  bool stages_use_dimensions = false;
  double percent_base = 0;  // Σ weight·max; NaN when some dimension has no max

  // Model::items() numbering: question q's options or bands (or its "true") start at
  // item_base[q]; rule r is item rule_item_base + r.
  std::vector<int> item_base;
  int rule_item_base = 0;

  // Expression slots: questions, then computed values, then these.
  int slot_signals = 0;
  int slot_dimensions = 0;
  int slot_score = 0;
  int slot_percent = 0;
  int slot_grade = 0;
  int slot_complete = 0;
  int slot_count = 0;
};

// Fills item_base and rule_item_base (items.cpp).
void number_items(Model::Impl& impl);

}  // namespace leadqual
