// Shared helpers for the expression tests: compile a spelling against the names of a data
// object (as a model would), evaluate it, and collect diagnostics.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compiler/expr.hpp"
#include "core/compiler/json_value.hpp"
#include "core/runtime/value.hpp"

namespace leadqual::testing {

inline nlohmann::json parse(const std::string& text) {
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

// A model-like environment: every top-level key of `data` is a named slot.
struct Env {
  Symbols symbols;
  std::vector<Value> slots;
  double now_ms = std::numeric_limits<double>::quiet_NaN();

  explicit Env(const nlohmann::json& data) {
    if (!data.is_object()) return;
    for (auto it = data.begin(); it != data.end(); ++it) {
      symbols.names.push_back(it.key());
      slots.push_back(value_from_json(*it));
    }
  }

  std::optional<Expr> compile(const nlohmann::json& spelling, std::vector<Diagnostic>& out,
                              const Limits& limits = {}) const {
    return Expr::compile(spelling, &symbols, "/rules/0/if", out, limits);
  }

  Value eval(const Expr& e) const {
    EvalContext ctx;
    ctx.slots = slots.data();
    ctx.now_ms = now_ms;
    return e.eval(ctx);
  }
};

// Compiles `spelling` (a JSON value: a string is infix text) with the data's keys as names and
// evaluates it; the result as JSON, or {"compile_error": "pointer: message"} when refused.
inline nlohmann::json run(const nlohmann::json& spelling, const nlohmann::json& data = {},
                          double now_ms = std::numeric_limits<double>::quiet_NaN()) {
  Env env(data.is_null() ? nlohmann::json::object() : data);
  env.now_ms = now_ms;
  std::vector<Diagnostic> diagnostics;
  std::optional<Expr> e = env.compile(spelling, diagnostics);
  if (!e) {
    std::string text;
    for (const auto& d : diagnostics) text += d.pointer + ": " + d.message;
    return {{"compile_error", text}};
  }
  return value_to_json(env.eval(*e));
}

// Infix text shorthand.
inline nlohmann::json text(const std::string& expression, const std::string& data_json = "{}",
                           double now_ms = std::numeric_limits<double>::quiet_NaN()) {
  return run(nlohmann::json(expression), parse(data_json), now_ms);
}

// JsonLogic shorthand (the rule given as JSON text).
inline nlohmann::json logic(const std::string& rule_json, const std::string& data_json = "{}") {
  return run(parse(rule_json), parse(data_json));
}

// Plain JsonLogic apply(rule, data): no symbols, names looked up in the data at run time.
inline Value apply(const std::string& rule_json, const std::string& data_json = "null",
                   const Limits& limits = {}) {
  std::vector<Diagnostic> diagnostics;
  std::optional<Expr> e =
      Expr::compile_jsonlogic(parse(rule_json), nullptr, "", diagnostics, limits);
  if (!e) return Value::error("compile", diagnostics.empty() ? "" : diagnostics[0].message);
  Value data = value_from_json(parse(data_json));
  EvalContext ctx;
  ctx.data = &data;
  return e->eval(ctx);
}

// The diagnostics of a spelling that must not compile, as "pointer: message" lines.
inline std::vector<std::string> errors(const nlohmann::json& spelling,
                                       const std::vector<std::string>& names,
                                       const Limits& limits = {}) {
  Symbols symbols;
  symbols.names = names;
  std::vector<Diagnostic> diagnostics;
  std::optional<Expr> e = Expr::compile(spelling, &symbols, "/rules/3/if", diagnostics, limits);
  std::vector<std::string> lines;
  for (const auto& d : diagnostics) lines.push_back(d.pointer + ": " + d.message);
  if (e) lines.insert(lines.begin(), "COMPILED");
  return lines;
}

inline nlohmann::json compile_error(const std::string& message) {
  return {{"compile_error", message}};
}

}  // namespace leadqual::testing
