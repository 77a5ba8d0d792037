// Lint: what a valid model says that it probably does not mean. A model with warnings still
// loads and scores; `leadqual validate` prints them (and fails on them with --strict), the JS
// checkModel() returns them for the studio. Each warning is documented in docs/model.md
// ("Warnings"), with an example that a test runs.
#pragma once

#include <string>
#include <vector>

#include "core/leadqual.hpp"

namespace leadqual {

struct Warning {
  std::string pointer;  // JSON Pointer into the model
  std::string code;     // "unreachable-stage", "unknown-option-value", ... (docs/model.md)
  std::string message;
};

// Every warning for a loaded model, in document order.
std::vector<Warning> lint(const Model& model);

}  // namespace leadqual
