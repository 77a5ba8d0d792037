// JSON text in and out on the compiler's side (nlohmann/json): size- and depth-limited parsing
// with "line L, column C" errors, the canonical serialisation of any document, type names.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace leadqual {

struct ModelLimits;

// Parse JSON text with the same size/depth limits as models (used for answers, data, signals).
// On failure returns false and sets `error` to "line L, column C: what is wrong".
bool parse_json(std::string_view text, nlohmann::json& out, std::string& error);
bool parse_json(std::string_view text, nlohmann::json& out, std::string& error,
                const ModelLimits& limits);

// The canonical bytes of a result or model: compact, keys sorted, numbers as nlohmann prints
// them (runtime/json_writer.hpp writes the very same bytes without nlohmann).
std::string canonical(const nlohmann::json& value);

// "a number", "a string", ... for messages like "expected a number, got a string".
const char* json_type_name(const nlohmann::json& value);

}  // namespace leadqual
