// The compiler: a model document (JSON) → the compiled model (runtime/format.hpp), or every
// problem located by JSON Pointer. Validation, "did you mean", the expression compilers and the
// evaluation plan all happen here, once; the runtime only loads and scores.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compiler/expr.hpp"

namespace leadqual {

// Documented in docs/model.md ("Limits"); every one is enforced with a located error.
struct ModelLimits {
  std::size_t max_model_bytes = 1 << 20;  // JSON text of a model
  int max_json_depth = 64;                // nesting of any JSON document we parse
  std::size_t max_questions = 500;
  std::size_t max_options = 200;  // per question
  std::size_t max_rules = 1000;
  std::size_t max_string_length = 10000;  // any label, id or answer string
  Limits expr;                            // expression depth, text length, steps
};

struct CompileResult {
  std::string bytes;               // the compiled model; empty when errors is not empty
  std::vector<Diagnostic> errors;  // every problem found, in document order
};

CompileResult compile_model(const nlohmann::json& doc, const ModelLimits& limits = {});
// Parses JSON text (size and depth limited; syntax errors located), then compiles it.
CompileResult compile_model_text(std::string_view json_text, const ModelLimits& limits = {});

}  // namespace leadqual
