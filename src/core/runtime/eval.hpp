// The one evaluator of compiled expressions (runtime/program.hpp).
#pragma once

#include <cstdint>

#include "core/runtime/program.hpp"

namespace leadqual {

// Evaluates the expression starting at program.code[start]. Never throws: a run-time failure (a
// JsonLogic `throw`, NaN arithmetic where the suites expect an error, more than `max_steps` node
// evaluations) comes back as a Value of kind Error. `names` (sorted) lets a model expression
// find a root name only known at run time; without it names are looked up in ctx.data.
Value evaluate(const Program& program, std::uint32_t start, const EvalContext& ctx,
               std::uint64_t max_steps, const NameIndex* names);

}  // namespace leadqual
