#include "core/expr/expr.hpp"

#include <algorithm>

#include "core/expr/eval.hpp"
#include "core/expr/js.hpp"
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

using Kind = ExprFacts::Comparison::Kind;

std::vector<std::string> path_text(const std::vector<Value>& path) {
  std::vector<std::string> out;
  for (const Value& segment : path) {
    out.push_back(segment.is_string() ? segment.as_string() : js::to_string(segment));
  }
  return out;
}

// The comparison `op` as `name kind constant` when the name stands on the left, and mirrored
// (`5 < x` is `x > 5`) when it stands on the right.
bool comparison_kind(Op op, bool name_on_left, Kind& kind) {
  switch (op) {
    case Op::LooseEq:
    case Op::StrictEq:
    case Op::InfixEq:
      kind = Kind::Equal;
      return true;
    case Op::LooseNe:
    case Op::StrictNe:
    case Op::InfixNe:
      kind = Kind::NotEqual;
      return true;
    case Op::Lt:
    case Op::InfixLt:
      kind = name_on_left ? Kind::Less : Kind::Greater;
      return true;
    case Op::Le:
    case Op::InfixLe:
      kind = name_on_left ? Kind::LessEqual : Kind::GreaterEqual;
      return true;
    case Op::Gt:
    case Op::InfixGt:
      kind = name_on_left ? Kind::Greater : Kind::Less;
      return true;
    case Op::Ge:
    case Op::InfixGe:
      kind = name_on_left ? Kind::GreaterEqual : Kind::LessEqual;
      return true;
    case Op::In:
    case Op::InfixIn:
    case Op::InfixNotIn:
      kind = name_on_left ? Kind::In : Kind::Contains;
      return true;
    default:
      return false;
  }
}

bool is_name(const Node& n) {
  return n.op == Op::Slot;
}

// Each neighbouring pair of operands (JsonLogic chains `{"<": [0, x, 10]}`) that is a name
// and a constant.
void add_comparisons(const Node& n, ExprFacts& facts) {
  if (n.dynamic_args) return;
  for (std::size_t i = 0; i + 1 < n.kids.size(); ++i) {
    const Node& a = n.kids[i];
    const Node& b = n.kids[i + 1];
    const bool left = is_name(a) && b.op == Op::Const;
    const bool right = a.op == Op::Const && is_name(b);
    Kind kind;
    if ((!left && !right) || !comparison_kind(n.op, left, kind)) continue;
    const Node& name = left ? a : b;
    const Node& constant = left ? b : a;
    facts.comparisons.push_back({name.slot, path_text(name.path), kind, constant.value});
  }
}

void add_constant(const Value& v, ExprFacts& facts) {
  facts.constants.push_back(v);
  if (v.is_array()) {
    for (const Value& item : v.as_array()) facts.constants.push_back(item);
  }
}

}  // namespace
}  // namespace expr

ExprFacts Expr::facts() const {
  ExprFacts facts;
  std::vector<const expr::Node*> stack{&impl_->root};
  while (!stack.empty()) {
    const expr::Node* n = stack.back();
    stack.pop_back();
    if (n->op == expr::Op::Const) expr::add_constant(n->value, facts);
    if (n->op == expr::Op::Slot) facts.reads.push_back({n->slot, expr::path_text(n->path)});
    if (n->kids.size() == 2 || n->op == expr::Op::Lt || n->op == expr::Op::Le ||
        n->op == expr::Op::Gt || n->op == expr::Op::Ge) {
      expr::add_comparisons(*n, facts);
    }
    for (const expr::Node& k : n->kids) stack.push_back(&k);
  }
  return facts;
}

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
