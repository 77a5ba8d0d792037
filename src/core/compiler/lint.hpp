// Lint: what a valid model says that it probably does not mean. A model with warnings still
// loads and scores; `leadqual validate` prints them (and fails on them with --strict), the JS
// checkModel() returns them for the studio. Each warning is documented in docs/model.md
// ("Warnings"), with an example that a test runs.
//
// It reads the typed view of the compiled model (runtime/model.hpp) and its flat programs, so a
// model loaded from `leadqual build`'s bytes gets the same warnings as its JSON source.
#pragma once

#include <string>
#include <vector>

#include "core/leadqual.hpp"
#include "core/runtime/model.hpp"

namespace leadqual {

struct Warning {
  std::string pointer;  // JSON Pointer into the model
  std::string code;     // "unreachable-stage", "unknown-option-value", ... (docs/model.md)
  std::string message;
};

// Every warning for a compiled model, in document order.
std::vector<Warning> lint(const CompiledModel& model);
inline std::vector<Warning> lint(const Model& model) {
  return lint(model.compiled());
}

}  // namespace leadqual
