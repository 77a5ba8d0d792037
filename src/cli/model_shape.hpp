// What the commands read of a loaded model and of a result beyond the core's own API. The
// model's shape itself (questions, options, dimensions, stages, ...) is the core's typed view,
// Model::compiled() (core/runtime/model.hpp): read it there, never from normalized().
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/leadqual.hpp"

namespace leadqual::cli {

// The ids of the model's dimensions, in model order (CSV output columns).
std::vector<std::string> dimension_ids(const CompiledModel& model);

// The member `key` of `object`, or nullptr when `object` is not an object or lacks it.
const nlohmann::json* member(const nlohmann::json& object, const char* key);

}  // namespace leadqual::cli
