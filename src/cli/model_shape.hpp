// What the command needs to know about a loaded model beyond the core's API: its questions
// (for CSV cell conversion and the question count) and its dimensions (CSV output columns),
// read defensively from Model::normalized().
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/leadqual.hpp"

namespace leadqual::cli {

struct QuestionShape {
  std::string id;
  std::string type;                           // "number", "choice", ...
  std::vector<nlohmann::json> option_values;  // choice/multi option values, model order
};

struct ModelShape {
  std::vector<QuestionShape> questions;
  std::vector<std::string> dimensions;
};

ModelShape shape_of(const Model& model);

// The member `key` of `object`, or nullptr when `object` is not an object or lacks it.
const nlohmann::json* member(const nlohmann::json& object, const char* key);

}  // namespace leadqual::cli
