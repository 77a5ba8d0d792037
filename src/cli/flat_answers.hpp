// A fast path for `leadqual score`'s hot loop. Most JSON Lines leads are one flat object whose
// values are plain strings, numbers, booleans, nulls or arrays of those; reading that shape
// straight into the runtime's Input (the cells the browser fills too) skips building a JSON
// document and walking it again, which was most of the time per lead.
#pragma once

#include <string_view>

#include "core/runtime/score.hpp"

namespace leadqual::cli {

// Reads `line` when it is such an object (strings printable ASCII without escapes; arrays of
// scalars; no member named `signals_field` when that is not empty) into `input`, exactly as
// read_answers (core/compiler/answers.hpp) reads the document parse_json gives for it, with no
// signals. Strings in `input` point into `line`. Returns false for anything else or any error,
// leaving the line to parse_json, which handles all JSON and locates errors; `input` is then
// unspecified.
bool read_flat_answers(std::string_view line, const CompiledModel& model,
                       std::string_view signals_field, leadqual::Input& input);

}  // namespace leadqual::cli
