// Answers and signals given as JSON documents (the CLI's general path, the collector, the tests)
// as the runtime's Input. The Input points into the documents, which must outlive the score.
#pragma once

#include <nlohmann/json.hpp>

#include "core/runtime/score.hpp"

namespace leadqual {

void read_answers(const CompiledModel& model, const nlohmann::json& answers,
                  const nlohmann::json& signals, Input& input);

}  // namespace leadqual
