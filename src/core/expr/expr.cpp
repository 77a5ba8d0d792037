#include "core/expr/expr.hpp"

#include <algorithm>

#include "core/expr/eval.hpp"
#include "core/expr/node.hpp"

namespace leadqual {

std::optional<int> Symbols::find(std::string_view name) const {
  std::string_view first = name.substr(0, name.find('.'));
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == first) return static_cast<int>(i);
  }
  return std::nullopt;
}

struct Expr::Impl {
  expr::Node root;
  std::vector<int> slots;
  Limits limits;
  bool has_symbols = false;
  expr::NameIndex names;  // sorted; only with symbols
};

namespace expr {

bool Compiler::resolve(const std::string& first, const std::string& pointer,
                       const std::string& where, int& slot) {
  std::optional<int> found = symbols->find(first);
  if (found) {
    slot = *found;
    slots.push_back(slot);
    return true;
  }
  std::string message = where + "unknown name '" + first + "'";
  std::string guess = closest_name(first, symbols->names);
  if (!guess.empty()) message += " — did you mean '" + guess + "'?";
  error(pointer, message);
  return false;
}

namespace {

// Depth of the compiled tree; iterative so that a long operator chain cannot exhaust the stack.
int tree_depth(const Node& root) {
  int deepest = 0;
  std::vector<std::pair<const Node*, int>> stack{{&root, 1}};
  while (!stack.empty()) {
    auto [n, d] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, d);
    for (const Node& k : n->kids) stack.emplace_back(&k, d + 1);
  }
  return deepest;
}

}  // namespace
}  // namespace expr

Expr::Expr() : impl_(std::make_shared<const Impl>()) {}

std::optional<Expr> Expr::compile(const nlohmann::json& spelling, const Symbols* symbols,
                                  const std::string& at, std::vector<Diagnostic>& out,
                                  const Limits& limits) {
  if (spelling.is_string()) {
    return compile_text(spelling.get_ref<const std::string&>(), symbols, at, out, limits);
  }
  return compile_jsonlogic(spelling, symbols, at, out, limits);
}

std::optional<Expr> Expr::compile_text(const std::string& text, const Symbols* symbols,
                                       const std::string& at, std::vector<Diagnostic>& out,
                                       const Limits& limits) {
  expr::Compiler c{symbols, limits, out, {}, true};
  expr::Node root = expr::compile_infix(c, text, at);
  return build(c, std::move(root), symbols, at);
}

std::optional<Expr> Expr::compile_jsonlogic(const nlohmann::json& logic, const Symbols* symbols,
                                            const std::string& at, std::vector<Diagnostic>& out,
                                            const Limits& limits) {
  expr::Compiler c{symbols, limits, out, {}, true};
  expr::Node root = expr::compile_jsonlogic(c, logic, at, 0, 0);
  return build(c, std::move(root), symbols, at);
}

std::optional<Expr> Expr::build(expr::Compiler& c, expr::Node&& root, const Symbols* symbols,
                                const std::string& at) {
  const Limits& limits = c.limits;
  if (c.ok && expr::tree_depth(root) > limits.max_depth) {
    c.error(at, "expression nested deeper than " + std::to_string(limits.max_depth));
  }
  if (!c.ok) return std::nullopt;
  auto impl = std::make_shared<Impl>();
  impl->root = std::move(root);
  impl->limits = limits;
  std::sort(c.slots.begin(), c.slots.end());
  c.slots.erase(std::unique(c.slots.begin(), c.slots.end()), c.slots.end());
  impl->slots = std::move(c.slots);
  if (symbols) {
    impl->has_symbols = true;
    for (std::size_t i = 0; i < symbols->names.size(); ++i) {
      impl->names.emplace_back(symbols->names[i], static_cast<int>(i));
    }
    std::sort(impl->names.begin(), impl->names.end());
  }
  Expr e;
  e.impl_ = std::move(impl);
  return e;
}

Value Expr::eval(const EvalContext& ctx) const {
  return expr::evaluate(impl_->root, ctx, impl_->limits,
                        impl_->has_symbols ? &impl_->names : nullptr);
}

const std::vector<int>& Expr::slots() const {
  return impl_->slots;
}

}  // namespace leadqual
