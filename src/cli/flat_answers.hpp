// A fast path for `leadqual score`'s hot loop. Most JSON Lines leads are one flat object whose
// values are plain strings, numbers, booleans, nulls or arrays of those; reading that shape
// directly is several times faster than the general, error-locating parse_json, which was most
// of the time per lead once results were written straight to text.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace leadqual::cli {

// Reads `line` when it is such an object (strings printable ASCII without escapes; arrays of
// scalars), into exactly the value parse_json would give. Returns false for anything else or
// any error, leaving the line to parse_json, which handles all JSON and locates errors.
bool read_flat_answers(std::string_view line, nlohmann::json& out);

}  // namespace leadqual::cli
