// JsonLogic spelling → Node tree.
#include <algorithm>
#include <cmath>
#include <string_view>

#include "core/compiler/json_value.hpp"
#include "core/compiler/node.hpp"
#include "core/runtime/js.hpp"
#include "core/runtime/text.hpp"

namespace leadqual::expr {
namespace {

struct OperatorInfo {
  const char* name;
  Op op;
};

// Every JsonLogic operator, sorted by name (functions shared with infix are looked up apart).
constexpr OperatorInfo kOperators[] = {
    {"!", Op::Not},
    {"!!", Op::Truthy},
    {"!=", Op::LooseNe},
    {"!==", Op::StrictNe},
    {"%", Op::Mod},
    {"*", Op::Mul},
    {"+", Op::Add},
    {"-", Op::Sub},
    {"/", Op::Div},
    {"<", Op::Lt},
    {"<=", Op::Le},
    {"==", Op::LooseEq},
    {"===", Op::StrictEq},
    {">", Op::Gt},
    {">=", Op::Ge},
    {"?:", Op::If},
    {"??", Op::Coalesce},
    {"all", Op::All},
    {"and", Op::And},
    {"cat", Op::Cat},
    {"exists", Op::Exists},
    {"filter", Op::Filter},
    {"if", Op::If},
    {"in", Op::In},
    {"log", Op::Log},
    {"map", Op::Map},
    {"max", Op::Max},
    {"merge", Op::Merge},
    {"min", Op::Min},
    {"missing", Op::Missing},
    {"missing_some", Op::MissingSome},
    {"none", Op::None},
    {"or", Op::Or},
    {"preserve", Op::Const},
    {"reduce", Op::Reduce},
    {"some", Op::Some},
    {"substr", Op::Substr},
    {"throw", Op::Throw},
    {"try", Op::Try},
    {"val", Op::Val},
    {"var", Op::Var},
};

const OperatorInfo* find_operator(std::string_view name) {
  return find_by_name(kOperators, name);
}

const std::vector<std::string>& operator_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& o : kOperators) v.emplace_back(o.name);
    for (const auto& f : function_names()) v.push_back(f);
    return v;
  }();
  return names;
}

Node constant(Value v) {
  Node n;
  n.op = Op::Const;
  n.value = std::move(v);
  return n;
}

Node failure(const std::string& message) {
  Node n;
  n.op = Op::Fail;
  n.value = Value::error("Invalid Arguments", message);
  return n;
}

bool all_const(const std::vector<Node>& kids) {
  return std::all_of(kids.begin(), kids.end(), [](const Node& k) { return k.op == Op::Const; });
}

bool is_operator_object(const nlohmann::json& j) {
  return j.is_object() && j.size() == 1;
}

class JsonLogicCompiler {
 public:
  explicit JsonLogicCompiler(Compiler& c) : c_(c) {}

  Node compile(const nlohmann::json& j, const std::string& ptr, int depth, int scopes);

 private:
  Node compile_operator(const std::string& name, const nlohmann::json& arg, const std::string& ptr,
                        int depth, int scopes);
  // The operands of an operator: each element of a literal array, or the single operand.
  std::vector<Node> operands(const nlohmann::json& arg, const std::string& ptr, int depth,
                             int scopes);
  Node compile_var(const nlohmann::json& arg, const std::string& ptr, int depth, int scopes);
  Node compile_val(Op op, const nlohmann::json& arg, const std::string& ptr, int depth, int scopes);
  // A statically invalid use: an error value when evaluated, and a diagnostic when compiling
  // against a model (where a rule that can only fail is a mistake worth refusing).
  Node invalid(const std::string& ptr, const std::string& message) {
    if (c_.symbols) c_.error(ptr, message);
    return failure(message);
  }
  Node resolve_root_path(std::vector<Value> path, const std::string& ptr);

  Compiler& c_;
};

Node JsonLogicCompiler::compile(const nlohmann::json& j, const std::string& ptr, int depth,
                                int scopes) {
  if (depth > c_.limits.max_depth) {
    c_.error(ptr, "expression nested deeper than " + std::to_string(c_.limits.max_depth));
    return Node();
  }
  if (j.is_array()) {
    Node n;
    n.op = Op::ArrayLit;
    n.kids.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
      n.kids.push_back(compile(j[i], pointer_append(ptr, std::to_string(i)), depth + 1, scopes));
    }
    if (all_const(n.kids)) {
      Array items;
      items.reserve(n.kids.size());
      for (auto& k : n.kids) items.push_back(std::move(k.value));
      return constant(Value::array(std::move(items)));
    }
    return n;
  }
  if (is_operator_object(j)) {
    auto it = j.begin();
    return compile_operator(it.key(), it.value(), pointer_append(ptr, it.key()), depth, scopes);
  }
  // Scalars, and objects that are not a single-key operator, are data.
  return constant(value_from_json(j));
}

std::vector<Node> JsonLogicCompiler::operands(const nlohmann::json& arg, const std::string& ptr,
                                              int depth, int scopes) {
  std::vector<Node> kids;
  if (arg.is_array()) {
    kids.reserve(arg.size());
    for (std::size_t i = 0; i < arg.size(); ++i) {
      kids.push_back(compile(arg[i], pointer_append(ptr, std::to_string(i)), depth + 1, scopes));
    }
  } else {
    kids.push_back(compile(arg, ptr, depth + 1, scopes));
  }
  return kids;
}

// Without symbols, or inside an iterator, names are looked up at run time. At the root of a
// model expression the first segment must be a known name; it becomes a slot.
Node JsonLogicCompiler::resolve_root_path(std::vector<Value> path, const std::string& ptr) {
  Node n;
  if (path.empty()) {
    c_.error(ptr, "a model expression cannot read the whole data object; name a value");
    return n;
  }
  int slot = -1;
  std::string first =
      path[0].is_string() ? std::string(path[0].as_string()) : js::to_string(path[0]);
  if (!c_.resolve(first, ptr, "", slot)) return n;
  n.op = Op::Slot;
  n.slot = slot;
  path.erase(path.begin());
  n.path = std::move(path);
  return n;
}

Node JsonLogicCompiler::compile_var(const nlohmann::json& arg, const std::string& ptr, int depth,
                                    int scopes) {
  // {"var": name} or {"var": [name, default]}
  const nlohmann::json* name = &arg;
  const nlohmann::json* fallback = nullptr;
  std::string name_ptr = ptr;
  static const nlohmann::json kNullJson;
  if (arg.is_array()) {
    name = arg.empty() ? &kNullJson : &arg[0];
    name_ptr = pointer_append(ptr, "0");
    if (arg.size() > 1) fallback = &arg[1];
  }
  Node n;
  n.op = Op::Var;
  if (name->is_string() || name->is_number() || name->is_null()) {
    std::string text;
    if (name->is_string()) {
      text = name->get_ref<const std::string&>();
    } else if (name->is_number()) {
      text = js::to_string(value_from_json(*name));
    }
    n.path = split_dotted(text);
  } else {
    if (c_.symbols && scopes == 0) {
      c_.error(name_ptr, "a model expression must name its values literally");
      return Node();
    }
    n.dynamic_args = true;
    n.kids.push_back(compile(*name, name_ptr, depth + 1, scopes));
  }
  if (fallback) n.kids.push_back(compile(*fallback, pointer_append(ptr, "1"), depth + 1, scopes));
  if (c_.symbols && scopes == 0 && !n.dynamic_args) {
    Node slot = resolve_root_path(n.path, name_ptr);
    if (slot.op != Op::Slot || !fallback) return slot;
    // A default applies when the value is null: coalesce(slot, default).
    Node co;
    co.op = Op::Coalesce;
    co.kids.push_back(std::move(slot));
    co.kids.push_back(std::move(n.kids.back()));
    return co;
  }
  return n;
}

Node JsonLogicCompiler::compile_val(Op op, const nlohmann::json& arg, const std::string& ptr,
                                    int depth, int scopes) {
  Node n;
  n.op = op;
  // Static form: "key", or [[climb]?, segment...] of strings and numbers.
  bool is_static = true;
  std::vector<Value> path;
  int climb = 0;
  if (arg.is_string() || arg.is_number()) {
    path.push_back(value_from_json(arg));
  } else if (arg.is_array()) {
    for (std::size_t i = 0; i < arg.size(); ++i) {
      const auto& e = arg[i];
      if (i == 0 && e.is_array()) {
        if (!e.empty() && e[0].is_number()) {
          climb = scope_climb(e[0].get<double>());
        }
        continue;
      }
      if (e.is_string() || e.is_number()) {
        path.push_back(value_from_json(e));
      } else {
        is_static = false;
      }
    }
  } else if (!arg.is_null()) {
    is_static = false;
  }
  if (is_static) {
    if (c_.symbols && climb >= scopes && op == Op::Val) {
      if (climb > scopes) return constant(Value());
      return resolve_root_path(std::move(path), ptr);
    }
    if (c_.symbols && climb >= scopes && !path.empty()) {
      int slot = -1;
      std::string first =
          path[0].is_string() ? std::string(path[0].as_string()) : js::to_string(path[0]);
      if (!c_.resolve(first, ptr, "", slot)) return Node();
      c_.slots.push_back(slot);
    }
    n.path = std::move(path);
    n.climb = climb;
    return n;
  }
  if (c_.symbols && scopes == 0) {
    c_.error(ptr, "a model expression must name its values literally");
    return Node();
  }
  n.dynamic_args = true;
  n.kids.push_back(compile(arg, ptr, depth + 1, scopes));
  return n;
}

Node JsonLogicCompiler::compile_operator(const std::string& name, const nlohmann::json& arg,
                                         const std::string& ptr, int depth, int scopes) {
  const OperatorInfo* info = find_operator(name);
  if (!info) {
    if (const FunctionInfo* f = find_function(name)) {
      Node n;
      n.op = Op::Call;
      n.fn = f->fn;
      n.kids = operands(arg, ptr, depth, scopes);
      std::string arity = arity_error(*f, static_cast<int>(n.kids.size()), "");
      if (!arity.empty()) c_.error(ptr, arity);
      return n;
    }
    std::string message = "unknown operator '" + name + "'";
    std::string guess = closest_name(name, operator_names());
    if (!guess.empty()) message += " — did you mean '" + guess + "'?";
    c_.error(ptr, message);
    return Node();
  }
  Op op = info->op;
  // Operators whose operands must be a literal array (not computed at run time).
  bool needs_array = op == Op::If || op == Op::And || op == Op::Or || op == Op::Map ||
                     op == Op::Filter || op == Op::Reduce || op == Op::All || op == Op::Some ||
                     op == Op::None || op == Op::Lt || op == Op::Le || op == Op::Gt ||
                     op == Op::Ge || op == Op::LooseEq || op == Op::LooseNe || op == Op::StrictEq ||
                     op == Op::StrictNe;
  switch (op) {
    case Op::Const:  // preserve: the operand is data, not logic
      return constant(value_from_json(arg));
    case Op::Var:
      return compile_var(arg, ptr, depth, scopes);
    case Op::Val:
    case Op::Exists:
      return compile_val(op, arg, ptr, depth, scopes);
    case Op::Log: {
      // json-logic-js logs its first operand and returns it; the core has no console, so log
      // is that operand (the others are still compiled, so their names are checked).
      std::vector<Node> kids = operands(arg, ptr, depth, scopes);
      return kids.empty() ? constant(Value()) : std::move(kids[0]);
    }
    default:
      break;
  }
  if (needs_array && !arg.is_array()) {
    return invalid(ptr, "'" + name + "' takes an array of operands");
  }
  Node n;
  n.op = op;
  bool iterator = op == Op::Map || op == Op::Filter || op == Op::Reduce || op == Op::All ||
                  op == Op::Some || op == Op::None;
  if (iterator) {
    if (arg.size() < 2) return invalid(ptr, "'" + name + "' takes [array, logic]");
    bool mapping = op == Op::Map || op == Op::Filter || op == Op::Reduce;
    if (arg[0].is_null() || (mapping && arg[1].is_null())) {
      return invalid(ptr, "'" + name + "' takes [array, logic], not null");
    }
    n.kids.push_back(compile(arg[0], pointer_append(ptr, "0"), depth + 1, scopes));
    n.kids.push_back(compile(arg[1], pointer_append(ptr, "1"), depth + 1, scopes + 2));
    if (op == Op::Reduce && arg.size() > 2) {
      n.kids.push_back(compile(arg[2], pointer_append(ptr, "2"), depth + 1, scopes));
    }
    return n;
  }
  if (op == Op::Try) {
    // Fallbacks run with the previous error as their data (two scopes, like an iterator).
    if (arg.is_array()) {
      for (std::size_t i = 0; i < arg.size(); ++i) {
        n.kids.push_back(compile(arg[i], pointer_append(ptr, std::to_string(i)), depth + 1,
                                 i == 0 ? scopes : scopes + 2));
      }
    } else {
      n.kids.push_back(compile(arg, ptr, depth + 1, scopes));
    }
    return n;
  }
  if (op == Op::Missing || op == Op::MissingSome) {
    if (c_.symbols && scopes == 0) {
      // Names must be literal so the dependency list is exact.
      const nlohmann::json& list =
          op == Op::MissingSome ? (arg.is_array() && arg.size() > 1 ? arg[1] : arg) : arg;
      auto check = [&](const nlohmann::json& key, const std::string& at) {
        if (!key.is_string()) {
          c_.error(at, "a model expression must name its values literally");
          return;
        }
        int slot = -1;
        std::vector<Value> segs = split_dotted(key.get_ref<const std::string&>());
        std::string first = segs.empty() ? std::string() : std::string(segs[0].as_string());
        if (c_.resolve(first, at, "", slot)) c_.slots.push_back(slot);
      };
      std::string list_ptr = op == Op::MissingSome ? pointer_append(ptr, "1") : ptr;
      if (list.is_array()) {
        const nlohmann::json& keys =
            (op == Op::Missing && !list.empty() && list[0].is_array()) ? list[0] : list;
        std::string keys_ptr = &keys == &list ? list_ptr : pointer_append(list_ptr, "0");
        for (std::size_t i = 0; i < keys.size(); ++i) {
          check(keys[i], pointer_append(keys_ptr, std::to_string(i)));
        }
      } else {
        check(list, list_ptr);
      }
    }
  }
  if (arg.is_array()) {
    n.kids = operands(arg, ptr, depth, scopes);
  } else if (is_operator_object(arg) && op != Op::Not && op != Op::Truthy) {
    // {"+": {"merge": ...}}: the operands are whatever the inner logic computes.
    n.dynamic_args = true;
    n.kids.push_back(compile(arg, ptr, depth + 1, scopes));
  } else {
    n.kids = operands(arg, ptr, depth, scopes);
  }
  if (op == Op::Throw && n.kids.empty()) n.kids.push_back(constant(Value()));
  if (op == Op::If && !n.dynamic_args) {
    // "if" with no operands is null; keep the node uniform.
    if (n.kids.empty()) return constant(Value());
  }
  if (op == Op::Mod && !n.dynamic_args && n.kids.size() < 2) {
    return invalid(ptr, "'%' takes two operands");
  }
  if ((op == Op::Min || op == Op::Max) && !n.dynamic_args && n.kids.empty()) {
    return invalid(ptr, "'" + name + "' takes at least one number");
  }
  if ((op == Op::Sub || op == Op::Div) && !n.dynamic_args && n.kids.empty()) {
    return invalid(ptr, "'" + name + "' takes at least one operand");
  }
  bool comparison = op == Op::Lt || op == Op::Le || op == Op::Gt || op == Op::Ge ||
                    op == Op::LooseEq || op == Op::LooseNe || op == Op::StrictEq ||
                    op == Op::StrictNe;
  if (comparison && n.kids.size() < 2) {
    return invalid(ptr, "'" + name + "' takes at least two operands");
  }
  return n;
}

}  // namespace

Node compile_jsonlogic(Compiler& c, const nlohmann::json& j, const std::string& pointer, int depth,
                       int scopes) {
  JsonLogicCompiler compiler(c);
  return compiler.compile(j, pointer, depth, scopes);
}

}  // namespace leadqual::expr
