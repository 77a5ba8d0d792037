// The expression tree the two spelling compilers build (internal to the compiler); Expr flattens
// it into a runtime Program (runtime/program.hpp).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compiler/expr.hpp"
#include "core/runtime/program.hpp"

namespace leadqual::expr {

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

}  // namespace leadqual::expr
