// Compiled expressions as flat programs: every expression of a model is a run of instructions in
// one array (a node followed by its children, each child's subtree `size` instructions long) over
// one pool of constants. The compiler writes them (compiler/expr.cpp), the compiled-model format
// carries them, and runtime/eval.cpp is the one evaluator that runs them — for model rules as for
// a bare JsonLogic `apply(rule, data)`.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/runtime/value.hpp"

namespace leadqual {

// The numeric values of Op and Fn are part of the compiled-model format (runtime/format.hpp):
// adding or reordering one changes the format, so bump its version when you do.
enum class Op : std::uint8_t {
  Const,  // constants[arg]
  Fail,   // constants[arg] is the error every evaluation returns (statically invalid arguments)
  Slot,   // slots[arg], then walk the static path
  Var,    // JsonLogic var: static path, or kid 0 computes the name; the next kid is the default
  Val,    // val: climb `arg` scopes, then the static path (or the kids compute the segments)
  Exists,
  Missing,
  MissingSome,
  ArrayLit,
  // JsonLogic operators (JS semantics)
  If,
  And,
  Or,
  Not,
  Truthy,
  // The JsonLogic comparisons, LooseEq to Ge (is_comparison): keep them together.
  LooseEq,
  LooseNe,
  StrictEq,
  StrictNe,
  Lt,
  Le,
  Gt,
  Ge,
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  Min,
  Max,
  Cat,
  Substr,
  In,
  Merge,
  Map,
  Filter,
  Reduce,
  All,
  Some,
  None,
  Coalesce,
  Try,
  Throw,
  Log,  // compiles to its first operand (no instruction of this kind is ever evaluated)
  // Infix operators (null-safe semantics for hand-written rules); the comparisons, InfixEq to
  // InfixGe (is_infix_comparison), together.
  InfixEq,
  InfixNe,
  InfixLt,
  InfixLe,
  InfixGt,
  InfixGe,
  InfixAdd,
  InfixSub,
  InfixMul,
  InfixDiv,
  InfixMod,
  InfixNeg,
  InfixAnd,
  InfixOr,
  InfixNot,
  InfixIn,
  InfixNotIn,
  InfixCond,
  // Named functions shared by both spellings
  Call,
  Count_  // not an operator: the number of operators
};

// {"==": …} to {">=": …}: chained, one or more operands (Evaluator::eval_compare).
constexpr bool is_comparison(Op op) {
  return op >= Op::LooseEq && op <= Op::Ge;
}
// a == b to a >= b: two operands, null-safe.
constexpr bool is_infix_comparison(Op op) {
  return op >= Op::InfixEq && op <= Op::InfixGe;
}

enum class Fn : std::uint8_t {
  Min,
  Max,
  Round,
  Floor,
  Ceil,
  Clamp,
  Abs,
  Lower,
  Upper,
  Len,
  Contains,
  StartsWith,
  EndsWith,
  Domain,
  IsFreeEmail,
  IsDisposableEmail,
  DaysSince,
  Coalesce,
  Count_  // not a function: the number of functions
};

struct Instr {
  Op op = Op::Const;
  Fn fn = Fn::Min;            // Call
  bool dynamic_args = false;  // kid 0 computes the argument array
  std::uint32_t kids = 0;     // direct children, which follow this instruction in order
  std::uint32_t size = 1;     // this instruction and all of its descendants
  std::int32_t arg = 0;       // Const/Fail: constant; Slot: slot; Val/Exists: scopes to climb
  std::uint32_t path = 0;     // static path: its first segment in the constants
  std::uint32_t path_length = 0;
};

// Instructions and constants of one or more expressions; an expression is an index into `code`.
struct Program {
  std::vector<Instr> code;
  std::vector<Value> constants;

  // The fewest kids an operator's evaluation reads (the loader refuses programs with fewer).
  static std::uint32_t min_kids(const Instr& instr);
};

// A condition's truth as the evaluator's fast paths answer it (runtime/eval.hpp's test()):
// Unknown leaves it to evaluate().
enum class Truth : std::uint8_t { False, True, Unknown };

// A condition prepared once per model (prepare_check) into typed checks, so that scoring reads
// its truth without walking the generic instructions: a comparison of two operands (each a slot
// or a constant, by index), `in`, a truth, and/or/not of those; any other shape is one check
// that hands its instruction to test(). A check's answer is test()'s (and so evaluate()'s
// truthiness wherever it answers): it compares through the same functions, with the cases of
// two numbers, and of a string compared with constant texts (===, !==, `in` a list of texts)
// read inline, the texts prepared as keys (Text checks).
struct Check {
  enum class Kind : std::uint8_t {
    Fixed,    // a constant's truth: `truth`
    Truthy,   // the truth of slot `a`
    Compare,  // op(a, b): a comparison of two operands
    In,       // op(a, b): In, InfixIn or InfixNotIn
    Texts,    // op(a, b) of slot a and constant b, a text (op ===, !==, infix == or !=) or an
              // array of texts only (op In, InfixIn or InfixNotIn): its texts are the `kids`
              // Text checks that follow
    Text,     // a text of Texts: its length and key
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
  std::uint32_t kids = 0;        // All/Any/Texts
  std::uint32_t size = 1;        // this check and the checks of its operands
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t pc = 0;      // Instr
  std::uint32_t length = 0;  // Text: the text's length in bytes, and its key
  std::uint64_t key = 0;     // (eval.cpp's text_key: its first and last 8 bytes, or all of a
  std::uint64_t tail = 0;    // shorter one)
};

// Where an expression reads its names. A model's expressions read slots (answers, computed
// values, signals, ...); a bare JsonLogic rule reads `data`.
struct EvalContext {
  const Value* slots = nullptr;  // indexed like the model's slot names
  const Value* data = nullptr;   // the data object of a rule evaluated without a model
  double now_ms = std::numeric_limits<double>::quiet_NaN();  // clock for days_since; NaN = none
};

// Name → slot, sorted by name: how a model expression finds a root name that is only known at
// run time (missing, or a val that climbs out of an iterator).
using NameIndex = std::vector<std::pair<std::string, int>>;

// Splits a dotted name ("utm.source", "list.0") into path segments; "" is no segment.
std::vector<Value> split_dotted(std::string_view name);

// How many scopes `{"val": [[n], ...]}` climbs: |n|, capped far above any real nesting (the cap
// keeps the conversion defined for absurd values such as 1e300).
inline int scope_climb(double n) {
  double up = n < 0 ? -n : n;
  return up < 1e6 ? static_cast<int>(up) : 1000000;
}

}  // namespace leadqual
