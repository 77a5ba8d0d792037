// The words of the model format, defined once: question types and their keys, every object's
// keys, the computed and submit formats, the reason policies, the reserved names. The loader
// checks models with these lists, and the core module hands them out (`vocabulary()`), so that
// the JSON Schema, leadqual.d.ts, the widget's per-type controls, delivery.js and docs/model.md
// can be compared with them (tests/js/vocabulary.test.mjs): adding a type or a format to this
// file and not to one of those fails that test.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/runtime/model.hpp"

namespace leadqual::vocabulary {

using Keys = std::vector<std::string>;

// One question type: its name (the runtime's question_type_name), the keys only it takes, the
// keys it requires besides id and type, and what an answer to it is (docs/model.md).
struct QuestionTypeWords {
  QuestionType type;
  std::string name;
  Keys keys;
  Keys required;
  std::string answer;
};
const std::vector<QuestionTypeWords>& question_types();  // in QuestionType order
const QuestionTypeWords* question_type(const std::string& name);
const Keys& question_type_names();

extern const Keys kCommonQuestionKeys;  // every question
extern const Keys kAllQuestionKeys;     // common and every type's own
extern const Keys kReservedNames;       // not a question or computed id
extern const Keys kComputedFormats;
extern const Keys kSubmitFormats;
extern const Keys kReasonPolicies;
extern const Keys kResultSources;  // what a CRM mapping may send besides shared answers
extern const Keys kShowKeys;

// The keys of each object of a model, by name ("model" is the top level): what the loader
// accepts besides "x-" extension keys.
const Keys& keys_of(const std::string& object);

// All of the above as JSON, for the core module's vocabulary() binding.
nlohmann::json to_json();

}  // namespace leadqual::vocabulary
