// The compiled expression tree shared by both spellings (internal to the expression engine).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/expr/expr.hpp"
#include "core/expr/value.hpp"

namespace leadqual::expr {

enum class Op : std::uint8_t {
  Const,  // value
  Fail,   // value is the error every evaluation returns (statically invalid arguments)
  Slot,   // slots[slot], then walk path
  Var,    // JsonLogic var: static path, or kids[0] computes the name; kids[1]/value = default
  Val,    // val: climb scopes, then static path (or kids compute the segments)
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
  Log,  // compiles to its first operand (no node of this kind is ever evaluated)
  // Infix operators (null-safe semantics for hand-written rules)
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
};

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
};

struct FunctionInfo {
  const char* name;
  Fn fn;
  int min_args;
  int max_args;  // -1: any number
};

// The entry named `name` in a table sorted by its `name` member, or nullptr.
template <typename Entry, std::size_t N>
const Entry* find_by_name(const Entry (&table)[N], std::string_view name) {
  const Entry* it = std::lower_bound(table, table + N, name,
                                     [](const Entry& e, std::string_view n) { return e.name < n; });
  if (it == table + N || it->name != name) return nullptr;
  return it;
}

// All functions, sorted by name. Returns nullptr when `name` is not a function.
const FunctionInfo* find_function(std::string_view name);
const std::vector<std::string>& function_names();
// "clamp() takes 3 arguments, not 2" when `count` does not fit the function, else "".
std::string arity_error(const FunctionInfo& f, int count, const char* call_suffix);

struct Node {
  Op op = Op::Const;
  Fn fn = Fn::Min;
  bool dynamic_args = false;  // kids[0] computes the argument array
  int slot = -1;
  int climb = 0;  // Val: how many scopes up the lookup starts
  Value value;
  std::vector<Value> path;  // static path segments (strings, or numbers for array indexes)
  std::vector<Node> kids;
};

// How many scopes `{"val": [[n], ...]}` climbs: |n|, capped far above any real nesting (the cap
// keeps the conversion defined for absurd values such as 1e300).
inline int scope_climb(double n) {
  double up = n < 0 ? -n : n;
  return up < 1e6 ? static_cast<int>(up) : 1000000;
}

// Evaluates `fn` on already evaluated arguments (none of them errors).
Value call_function(Fn fn, const Value* args, std::size_t n, double now_ms);

// Edit distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The closest of `candidates` to `name`, or "" if none is close enough to suggest.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

// Compiler state shared by the JsonLogic compiler and the infix parser.
struct Compiler {
  const Symbols* symbols;
  const Limits& limits;
  std::vector<Diagnostic>& out;
  std::vector<int> slots;  // read slots, unsorted
  bool ok = true;

  void error(const std::string& pointer, const std::string& message) {
    ok = false;
    out.push_back({pointer, message});
  }
  // Resolves the first segment of a root-level name against the symbols; reports
  // "unknown name" (with a suggestion) at `pointer`, prefixed by `where` (e.g. "at column 3: ").
  bool resolve(const std::string& first, const std::string& pointer, const std::string& where,
               int& slot);
};

// JsonLogic: compile `j` found at JSON Pointer `pointer`; `scopes` counts the iterator scopes
// between this node and the root data.
Node compile_jsonlogic(Compiler& c, const nlohmann::json& j, const std::string& pointer, int depth,
                       int scopes);
// Infix text.
Node compile_infix(Compiler& c, const std::string& text, const std::string& pointer);

// Splits a dotted name ("utm.source", "list.0") into path segments; "" is no segment.
std::vector<Value> split_dotted(std::string_view name);

}  // namespace leadqual::expr
