#include "core/compiler/expr.hpp"

#include <algorithm>

#include "core/compiler/node.hpp"
#include "core/runtime/eval.hpp"
#include "core/runtime/text.hpp"

namespace leadqual {

std::optional<int> Symbols::find(std::string_view name) const {
  std::string_view first = name.substr(0, name.find('.'));
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == first) return static_cast<int>(i);
  }
  return std::nullopt;
}

struct Expr::Impl {
  Program program;
  std::vector<int> slots;
  Limits limits;
  bool has_symbols = false;
  NameIndex names;  // sorted; only with symbols
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

std::uint32_t add_constant(Program& program, Value value) {
  program.constants.push_back(std::move(value));
  return static_cast<std::uint32_t>(program.constants.size() - 1);
}

// Appends `node` and its subtree in prefix order (the tree's depth is limited, so recursion is
// bounded); returns the size of the subtree.
std::uint32_t flatten(const Node& node, Program& program) {
  const std::size_t at = program.code.size();
  Instr instr;
  instr.op = node.op;
  instr.fn = node.fn;
  instr.dynamic_args = node.dynamic_args;
  instr.kids = static_cast<std::uint32_t>(node.kids.size());
  switch (node.op) {
    case Op::Const:
    case Op::Fail:
      instr.arg = static_cast<std::int32_t>(add_constant(program, node.value));
      break;
    case Op::Slot:
      instr.arg = node.slot;
      break;
    case Op::Val:
    case Op::Exists:
      instr.arg = node.climb;
      break;
    default:
      break;
  }
  if (!node.path.empty()) {
    instr.path = static_cast<std::uint32_t>(program.constants.size());
    instr.path_length = static_cast<std::uint32_t>(node.path.size());
    for (const Value& segment : node.path) program.constants.push_back(segment);
  }
  program.code.push_back(instr);
  std::uint32_t size = 1;
  for (const Node& kid : node.kids) size += flatten(kid, program);
  program.code[at].size = size;
  return size;
}

}  // namespace
}  // namespace expr

Expr::Expr()
    : impl_(std::make_shared<const Impl>(Impl{{{Instr{}}, {Value()}}, {}, {}, false, {}})) {}

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
  expr::flatten(root, impl->program);
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
  return evaluate(impl_->program, 0, ctx, impl_->limits.max_steps,
                  impl_->has_symbols ? &impl_->names : nullptr)
      .owned();
}

const std::vector<int>& Expr::slots() const {
  return impl_->slots;
}

const Program& Expr::program() const {
  return impl_->program;
}

std::uint32_t append_program(Program& into, const Program& from) {
  const auto start = static_cast<std::uint32_t>(into.code.size());
  const auto offset = static_cast<std::uint32_t>(into.constants.size());
  into.constants.insert(into.constants.end(), from.constants.begin(), from.constants.end());
  for (Instr instr : from.code) {
    if (instr.op == Op::Const || instr.op == Op::Fail) {
      instr.arg += static_cast<std::int32_t>(offset);
    }
    if (instr.path_length > 0) instr.path += offset;
    into.code.push_back(instr);
  }
  return start;
}

}  // namespace leadqual
