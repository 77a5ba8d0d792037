// Writing the compiled-model format (runtime/format.hpp); the runtime reads it.
#pragma once

#include <string>

#include "core/runtime/model.hpp"

namespace leadqual {

std::string write_compiled(const CompiledModel& model);

}  // namespace leadqual
