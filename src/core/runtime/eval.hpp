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
enum class Truth : std::uint8_t { False, True, Unknown };
Truth test(const Program& program, std::uint32_t start, const Value* slots,
           std::uint64_t max_steps);

// A condition prepared once per model (prepare_check) into typed checks, so that scoring reads
// its truth without walking the generic instructions: a comparison of two operands (each a slot
// or a constant, by index), `in`, a truth, and/or/not of those; any other shape is one check
// that hands its instruction to test(). A check's answer is test()'s (and so evaluate()'s
// truthiness wherever it answers): it compares through the same functions, with the cases of
// two numbers, and two strings compared for equality, read inline.
struct Check {
  enum class Kind : std::uint8_t {
    Fixed,    // a constant's truth: `truth`
    Truthy,   // the truth of slot `a`
    Compare,  // op(a, b): a comparison of two operands
    In,       // op(a, b): In, InfixIn or InfixNotIn
    All,      // and: every one of the `kids` checks that follow
    Any,      // or: one of them
    Not,      // not: the one check that follows
    Instr     // test() of the instruction at `pc`
  };
  Kind kind = Kind::Instr;
  Op op = Op::Const;
  bool a_slot = false;  // Compare/In: operand a is slot `a` (else constant `a`); likewise b
  bool b_slot = false;
  Truth truth = Truth::Unknown;  // Fixed
  std::uint32_t kids = 0;        // All/Any
  std::uint32_t size = 1;        // this check and the checks of its operands
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t pc = 0;  // Instr
};

// Appends the checks of the condition at program.code[start] to `out`; returns where they start.
std::uint32_t prepare_check(const Program& program, std::uint32_t start, std::uint64_t max_steps,
                            std::vector<Check>& out);
// The truth of prepared checks: exactly test(program, start, slots, max_steps) for the
// condition they were prepared from.
Truth test_check(const Program& program, const Check* check, const Value* slots);

}  // namespace leadqual
