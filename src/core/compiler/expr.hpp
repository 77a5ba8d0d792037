// Expressions: one compiled form, two spellings. A JSON string is infix text
// ("employees >= 100 and budget in ['approved','planned']"); any other JSON value is JsonLogic.
// Compile once when the model loads (names resolved to slots, errors located by JSON Pointer)
// into a flat program the runtime evaluates (runtime/eval.hpp), evaluate many times. Nothing
// here throws, aborts or loops without bound.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/runtime/program.hpp"
#include "core/runtime/value.hpp"

namespace leadqual {

namespace expr {
struct Compiler;
struct Node;
}  // namespace expr

// One located problem: `pointer` is an RFC 6901 JSON Pointer into the model (or into the
// expression, prefixed by the caller's `at`), `message` says what is wrong and what would be right.
struct Diagnostic {
  std::string pointer;
  std::string message;
};

// The names an expression may use, fixed at compile time. Slot i is called names[i].
// A name may be dotted in use ("utm.source"): the first segment picks the slot, the rest
// walks into the slot's value. Without a symbol table (nullptr), names are looked up at run
// time in EvalContext::data — plain JsonLogic `apply(rule, data)`.
struct Symbols {
  std::vector<std::string> names;
  std::optional<int> find(std::string_view name) const;  // slot of the first dotted segment
};

struct Limits {
  int max_depth = 64;                // nesting of an expression tree
  int max_text_length = 4096;        // characters of infix text
  std::uint64_t max_steps = 100000;  // node evaluations per eval() call
};

class Expr {
 public:
  Expr();  // the constant null

  // Returns nullopt and appends to `out` (at least one Diagnostic) when the spelling is not a
  // valid expression, or names something `symbols` does not have ("unknown name 'employes' —
  // did you mean 'employees'?"). `at` is the JSON Pointer of the spelling inside the model.
  static std::optional<Expr> compile(const nlohmann::json& spelling, const Symbols* symbols,
                                     const std::string& at, std::vector<Diagnostic>& out,
                                     const Limits& limits = {});

  // The two spellings explicitly: infix text, and JsonLogic where every string is a literal
  // (plain JsonLogic `apply(rule, data)`, as the conformance suites use it).
  static std::optional<Expr> compile_text(const std::string& text, const Symbols* symbols,
                                          const std::string& at, std::vector<Diagnostic>& out,
                                          const Limits& limits = {});
  static std::optional<Expr> compile_jsonlogic(const nlohmann::json& logic, const Symbols* symbols,
                                               const std::string& at, std::vector<Diagnostic>& out,
                                               const Limits& limits = {});

  // Never throws. A run-time failure (a JsonLogic `throw`, NaN arithmetic where the suites
  // expect an error, the step limit) comes back as a Value of kind Error.
  Value eval(const EvalContext& ctx) const;

  // The slots this expression reads, ascending, without repeats (for dependency order).
  const std::vector<int>& slots() const;

  // The flat program (its code starts at index 0), for a model to take into its own.
  const Program& program() const;

 private:
  struct Impl;
  static std::optional<Expr> build(expr::Compiler& c, expr::Node&& root, const Symbols* symbols,
                                   const std::string& at);
  std::shared_ptr<const Impl> impl_;
};

// Appends a standalone program (code starting at 0) to `into`, its constant references moved
// along; returns where its code starts in `into`.
std::uint32_t append_program(Program& into, const Program& from);

}  // namespace leadqual
