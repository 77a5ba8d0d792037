// JSON documents (nlohmann) as expression Values and back: data for `evaluate()`, constants of
// JsonLogic rules. The runtime never sees nlohmann; this is where the two meet.
#pragma once

#include <nlohmann/json.hpp>

#include "core/runtime/value.hpp"

namespace leadqual {

// Deeper data than 256 levels becomes an error value (the C stack is small in WebAssembly).
Value value_from_json(const nlohmann::json& j);
// Integral doubles in the safe range become integers; an error becomes
// {"error": {"type", "message"}}.
nlohmann::json value_to_json(const Value& v);

}  // namespace leadqual
