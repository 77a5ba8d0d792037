// The shared benchmark model (../shared/bench/model.jsonlogic.json: typed fields, JsonLogic
// rules with points, and one `score_expression` that computes the same sum) turned into a
// leadqual model, plus a representative lead. Read at run time, never copied into the project.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace leadqual::bench {

// $LEADQUAL_SHARED_DIR/bench/model.jsonlogic.json, or the shared folder CMake was given.
std::string shared_model_path();

// Reads and parses the shared model; false with `error` when it cannot.
bool read_shared_model(nlohmann::json& source, std::string& error);

// fields -> questions ("enum a|b" -> choice, "enum" -> text, "int" -> number, "int A..B" ->
// range, "bool" -> boolean, anything else -> text); rules -> rules adding their points to the
// single dimension "fit"; one default stage.
nlohmann::json to_leadqual_model(const nlohmann::json& source);

// A lead that fires ten of the twenty rules (score 102), as JSON.
nlohmann::json representative_answers();

}  // namespace leadqual::bench
