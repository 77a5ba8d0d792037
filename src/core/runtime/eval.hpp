// The one evaluator of compiled expressions (runtime/program.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "core/runtime/program.hpp"

namespace leadqual {

// Evaluates the expression starting at program.code[start]. Never throws: a run-time failure (a
// JsonLogic `throw`, NaN arithmetic where the suites expect an error, more than `max_steps` node
// evaluations) comes back as a Value of kind Error. `names` (sorted) lets a model expression
// find a root name only known at run time; without it names are looked up in ctx.data.
Value evaluate(const Program& program, std::uint32_t start, const EvalContext& ctx,
               std::uint64_t max_steps, const NameIndex* names);

// The truth of a condition (a rule's, a showIf's, a stage's) for the shapes conditions mostly
// take — a slot or constant compared with a slot or constant, `in` a constant array or string,
// `!`, and/or of those — read straight off the program without building a Value. Where it
// answers True or False, that is exactly evaluate(...).truthy() and evaluate() would not have
// failed: it compares through the evaluator's own pair_holds, infix_holds, jsonlogic_in and
// infix_in. Unknown (any other shape, a string read as a number, or a comparison that fails)
// leaves the answer, and the error, to evaluate(). `slots` as in EvalContext (never null).
Truth test(const Program& program, std::uint32_t start, const Value* slots,
           std::uint64_t max_steps);

// Appends the checks of the condition at program.code[start] to `out`; returns where they start.
std::uint32_t prepare_check(const Program& program, std::uint32_t start, std::uint64_t max_steps,
                            std::vector<Check>& out);
// The truth of prepared checks: exactly test(program, start, slots, max_steps) for the
// condition they were prepared from.
Truth test_check(const Program& program, const Check* check, const Value* slots);

}  // namespace leadqual
