// Answers and signals given as JSON documents (the CLI's general path, the collector, the tests)
// as the runtime's Input. The Input points into the documents, which must outlive the score.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/runtime/score.hpp"

namespace leadqual {

void read_answers(const CompiledModel& model, const nlohmann::json& answers,
                  const nlohmann::json& signals, Input& input);
// The same with the answers by question index, in model order (nullptr, or beyond the end: no
// answer), as a CSV column mapping holds them: no keys to look up.
void read_answers(const CompiledModel& model, const std::vector<const nlohmann::json*>& answers,
                  const nlohmann::json& signals, Input& input);
// Only the signals, into an Input whose answers are already read (CsvAnswers::read).
void read_signals(const CompiledModel& model, const nlohmann::json& signals, Input& input);

}  // namespace leadqual
