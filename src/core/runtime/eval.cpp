#include "core/runtime/eval.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/runtime/functions.hpp"
#include "core/runtime/js.hpp"
#include "core/runtime/json_writer.hpp"
#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

const char* const kInvalidArguments = "Invalid Arguments";

bool jsonlogic_in(const Value& needle, const Value& haystack);
bool infix_in(const Value& needle, const Value& haystack);

Value nan_error() {
  return Value::error("NaN", "the result is not a number");
}

// A value as it appears in a message: its JSON, cut short (on a character boundary).
std::string shown(const Value& v) {
  std::string json;
  TextWriter(json).value(v);
  return quote_for_message(json, 40);
}
Value invalid_arguments(const char* what) {
  return Value::error(kInvalidArguments, what);
}

// One scope pushed by an iterator (or by try's fallback). Iterators push an Index frame and
// then the Item frame, so `val` can climb to the index ([[1], "index"]) or further out.
struct Frame {
  enum class Kind : std::uint8_t { Item, Index, Reduce };
  Kind kind;
  const Value* item;  // Item: the element; Reduce: the current element
  const Value* acc;   // Reduce: the accumulator
  std::size_t index;  // Index
};

// A path segment as an object key (numbers print as JS would).
std::string segment_key(const Value& seg) {
  if (seg.is_string()) return std::string(seg.as_string());
  return js::to_string(seg);
}

// An array index from a segment: a non-negative integer number or decimal string.
bool segment_index(const Value& seg, std::size_t& index) {
  if (seg.is_number()) {
    double d = seg.as_number();
    if (d < 0 || std::trunc(d) != d || d > 4294967295.0) return false;
    index = static_cast<std::size_t>(d);
    return true;
  }
  if (!seg.is_string()) return false;
  std::string_view s = seg.as_string();
  if (s.empty() || s.size() > 10) return false;
  std::size_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  if (s.size() > 1 && s[0] == '0') return false;
  index = value;
  return true;
}

// Walks `segs` from `base`; nullptr when a step does not exist.
const Value* walk(const Value* cur, const Value* segs, std::size_t n) {
  for (std::size_t i = 0; i < n && cur; ++i) {
    const Value& seg = segs[i];
    if (cur->is_object()) {
      cur = seg.is_string() ? cur->find(seg.as_string()) : cur->find(segment_key(seg));
    } else if (cur->is_array()) {
      std::size_t index = 0;
      const Array& items = cur->as_array();
      cur = segment_index(seg, index) && index < items.size() ? &items[index] : nullptr;
    } else {
      return nullptr;
    }
  }
  return cur;
}

// Evaluated operator arguments without a heap allocation for the common case (up to four);
// dynamic arguments point into the array value that computed them.
class Args {
 public:
  Args() = default;
  Args(const Args&) = delete;
  Args& operator=(const Args&) = delete;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Value* data() const {
    if (holder_.is_array()) return holder_.as_array().data();
    return heap_.empty() ? small_ : heap_.data();
  }
  const Value& operator[](std::size_t i) const { return data()[i]; }
  const Value* begin() const { return data(); }
  const Value* end() const { return data() + size_; }

  void push_back(Value v) {
    if (heap_.empty() && size_ < kSmall) {
      small_[size_++] = std::move(v);
      return;
    }
    if (heap_.empty()) {
      heap_.reserve(kSmall * 2);
      for (std::size_t i = 0; i < size_; ++i) heap_.push_back(std::move(small_[i]));
    }
    heap_.push_back(std::move(v));
    ++size_;
  }
  // Use the elements of `array` (an array Value) as the arguments.
  void adopt(Value array) {
    holder_ = std::move(array);
    size_ = holder_.as_array().size();
  }

 private:
  static constexpr std::size_t kSmall = 4;
  Value small_[kSmall];
  std::vector<Value> heap_;
  Value holder_;
  std::size_t size_ = 0;
};

// An operand that is read in place when it is a constant or a slot (no copy), else evaluated.
struct Operand {
  const Value* ptr = nullptr;
  Value owned;
  const Value& get() const { return *ptr; }
};

class Evaluator {
 public:
  Evaluator(const Program& program, const EvalContext& ctx, std::uint64_t max_steps,
            const NameIndex* names)
      : code_(program.code.data()),
        constants_(program.constants.data()),
        ctx_(ctx),
        max_steps_(max_steps),
        names_(names) {}

  Value eval(std::uint32_t pc);
  Value eval_other(std::uint32_t pc);
  Value step_limit() const;
  // Building strings and arrays costs steps in proportion to their size, so a reduce that
  // keeps growing its accumulator cannot run for long on a small number of node evaluations.
  bool charge(std::size_t units) {
    steps_ += units / kUnitsPerStep;
    return steps_ <= max_steps_;
  }
  static constexpr std::size_t kUnitsPerStep = 64;

 private:
  // Result of a lookup: `found` says whether the path exists; `value` holds it (copied only
  // when it had to be built, e.g. a reduce frame's {current, accumulator}).
  struct Lookup {
    bool found = false;
    Value value;
  };

  Lookup lookup(std::size_t climb, const Value* segs, std::size_t n) const;
  Lookup lookup_root(const Value* segs, std::size_t n) const;
  Value root_object() const;

  // The children of the instruction at `pc` follow it; each subtree is `size` long.
  static std::uint32_t first_kid(std::uint32_t pc) { return pc + 1; }
  std::uint32_t next_kid(std::uint32_t kid) const { return kid + code_[kid].size; }
  std::uint32_t kid(std::uint32_t pc, std::uint32_t index) const {
    std::uint32_t k = first_kid(pc);
    for (std::uint32_t i = 0; i < index; ++i) k = next_kid(k);
    return k;
  }
  const Value& constant(const Instr& n) const { return constants_[n.arg]; }
  const Value* path(const Instr& n) const { return constants_ + n.path; }

  Value eval_var(std::uint32_t pc);
  Value eval_val(std::uint32_t pc, bool exists);
  // JsonLogic's missing: the name is absent, null or "".
  bool is_missing(const Value& name) const;
  Value missing(const Args& args) const;
  Value missing_some(const Args& args) const;
  // map, filter, all, some, none and reduce: the array kid 0 computes (evaluated), and where
  // the logic applied to each element starts (kid 1).
  Value eval_source(std::uint32_t pc, std::uint32_t& logic_pc);
  Value eval_iterator(std::uint32_t pc);
  Value eval_reduce(std::uint32_t pc);
  Value eval_try(std::uint32_t pc);
  Value eval_compare(std::uint32_t pc);
  Value eval_infix_arith(std::uint32_t pc);
  Value eval_infix_compare(std::uint32_t pc);
  // The operators that take their evaluated arguments (missing, arithmetic, cat, merge, a
  // function call, ...): the arguments first, the first error stops, then the operator.
  Value eval_applied(std::uint32_t pc);
  Value cat(const Args& args);
  Value merge(const Args& args);

  // Evaluates the operator's arguments into `args`: each kid, or the array kid 0 computes
  // when the arguments are dynamic. Returns an error Value when one argument fails.
  bool eval_args(std::uint32_t pc, Args& args, Value& error);
  // Fills `out`; false (with the error in out.owned) when evaluation failed.
  bool operand(std::uint32_t pc, Operand& out);

  const Instr* code_;
  const Value* constants_;
  const EvalContext& ctx_;
  std::uint64_t steps_ = 0;
  std::uint64_t max_steps_;
  const NameIndex* names_;
  std::vector<Frame> frames_;
};

Value Evaluator::root_object() const {
  if (!names_) return ctx_.data ? *ctx_.data : Value();
  Object members;
  for (const auto& [name, slot] : *names_) {
    members.emplace_back(name, ctx_.slots ? ctx_.slots[slot] : Value());
  }
  return Value::object(std::move(members));
}

Evaluator::Lookup Evaluator::lookup_root(const Value* segs, std::size_t n) const {
  Lookup r;
  if (!names_) {
    static const Value kNull = Value();
    const Value* base = ctx_.data ? ctx_.data : &kNull;
    const Value* v = walk(base, segs, n);
    if (v) {
      r.found = true;
      r.value = *v;
    }
    return r;
  }
  if (n == 0) {
    r.found = true;
    r.value = root_object();
    return r;
  }
  std::string key = segment_key(segs[0]);
  auto it = std::lower_bound(names_->begin(), names_->end(), key,
                             [](const auto& e, const std::string& k) { return e.first < k; });
  if (it == names_->end() || it->first != key || !ctx_.slots) return r;
  const Value* v = walk(&ctx_.slots[it->second], segs + 1, n - 1);
  if (v) {
    r.found = true;
    r.value = *v;
  }
  return r;
}

Evaluator::Lookup Evaluator::lookup(std::size_t climb, const Value* segs, std::size_t n) const {
  Lookup r;
  if (climb > frames_.size()) return r;
  if (climb == frames_.size()) return lookup_root(segs, n);
  const Frame& f = frames_[frames_.size() - 1 - climb];
  switch (f.kind) {
    case Frame::Kind::Item: {
      const Value* v = walk(f.item, segs, n);
      if (v) {
        r.found = true;
        r.value = *v;
      }
      return r;
    }
    case Frame::Kind::Index:
      if (n == 0) {
        r.found = true;
        r.value = Value::object({{"index", Value::number(static_cast<double>(f.index))}});
      } else if (n == 1 && segment_key(segs[0]) == "index") {
        r.found = true;
        r.value = Value::number(static_cast<double>(f.index));
      }
      return r;
    case Frame::Kind::Reduce: {
      if (n == 0) {
        r.found = true;
        r.value = Value::object({{"accumulator", *f.acc}, {"current", *f.item}});
        return r;
      }
      std::string key = segment_key(segs[0]);
      const Value* base = key == "current" ? f.item : key == "accumulator" ? f.acc : nullptr;
      const Value* v = base ? walk(base, segs + 1, n - 1) : nullptr;
      if (v) {
        r.found = true;
        r.value = *v;
      }
      return r;
    }
  }
  return r;
}

bool Evaluator::eval_args(std::uint32_t pc, Args& args, Value& error) {
  const Instr& n = code_[pc];
  if (n.dynamic_args) {
    Value v = eval(first_kid(pc));
    if (v.is_error()) {
      error = v;
      return false;
    }
    if (v.is_array()) {
      args.adopt(std::move(v));
    } else {
      args.push_back(std::move(v));
    }
    return true;
  }
  std::uint32_t k = first_kid(pc);
  for (std::uint32_t i = 0; i < n.kids; ++i, k = next_kid(k)) {
    Value v = eval(k);
    if (v.is_error()) {
      error = v;
      return false;
    }
    args.push_back(std::move(v));
  }
  return true;
}

// A JsonLogic var name ("a.b.0", a number, or null for the whole data) as path segments.
std::vector<Value> split_var_name(const Value& name) {
  if (name.is_null()) return {};
  if (name.is_string()) return split_dotted(name.as_string());
  return split_dotted(js::to_string(name));
}

Value Evaluator::eval_var(std::uint32_t pc) {
  const Instr& n = code_[pc];
  std::uint32_t first_default = 0;
  Lookup r;
  if (n.dynamic_args) {
    Value name = eval(first_kid(pc));
    if (name.is_error()) return name;
    first_default = 1;
    if (name.is_array()) {
      // {"var": {"op": ...}} computing [name, default]
      const Array& a = name.as_array();
      std::vector<Value> segs = split_var_name(a.empty() ? Value() : a[0]);
      r = lookup(0, segs.data(), segs.size());
      if ((!r.found || r.value.is_null()) && a.size() > 1) return a[1];
    } else {
      std::vector<Value> segs = split_var_name(name);
      r = lookup(0, segs.data(), segs.size());
    }
  } else {
    r = lookup(0, path(n), n.path_length);
  }
  // The default stands in for a missing or null value (as it does for model slots).
  if (r.found && !r.value.is_null()) return r.value;
  if (n.kids > first_default) return eval(kid(pc, first_default));
  return r.found ? r.value : Value();
}

Value Evaluator::eval_val(std::uint32_t pc, bool exists) {
  const Instr& n = code_[pc];
  Lookup r;
  if (n.dynamic_args) {
    Args args;
    Value error;
    if (!eval_args(pc, args, error)) return error;
    std::size_t climb = 0;
    std::size_t first = 0;
    if (!args.empty() && args[0].is_array()) {
      const Array& up = args[0].as_array();
      if (!up.empty() && up[0].is_number())
        climb = static_cast<std::size_t>(scope_climb(up[0].as_number()));
      first = 1;
    }
    r = lookup(climb, args.data() + first, args.size() - first);
  } else {
    r = lookup(static_cast<std::size_t>(n.arg), path(n), n.path_length);
  }
  if (exists) return Value::boolean(r.found);
  return r.found ? r.value : Value();
}

bool Evaluator::is_missing(const Value& name) const {
  std::vector<Value> segs = split_var_name(name);
  Lookup r = lookup(0, segs.data(), segs.size());
  return !r.found || r.value.is_null() || (r.value.is_string() && r.value.as_string().empty());
}

Value Evaluator::missing(const Args& args) const {
  // {"missing": [["a", "b"]]} and {"missing": {"merge": ...}} name the keys in an array.
  const Value* keys = args.data();
  std::size_t count = args.size();
  if (!args.empty() && args[0].is_array()) {
    keys = args[0].as_array().data();
    count = args[0].as_array().size();
  }
  Array missing;
  for (std::size_t i = 0; i < count; ++i) {
    if (is_missing(keys[i])) missing.push_back(keys[i]);
  }
  return Value::array(std::move(missing));
}

Value Evaluator::missing_some(const Args& args) const {
  if (args.size() < 2 || !args[1].is_array()) {
    return invalid_arguments("missing_some takes [minimum, [names...]]");
  }
  double need = js::to_number(args[0]);
  Array missing;
  std::size_t total = args[1].as_array().size();
  for (const Value& key : args[1].as_array()) {
    if (is_missing(key)) missing.push_back(key);
  }
  if (static_cast<double>(total - missing.size()) >= need) return Value::array({});
  return Value::array(std::move(missing));
}

Value Evaluator::eval_source(std::uint32_t pc, std::uint32_t& logic_pc) {
  const std::uint32_t source_pc = first_kid(pc);
  logic_pc = next_kid(source_pc);
  return eval(source_pc);
}

Value Evaluator::eval_iterator(std::uint32_t pc) {
  const Instr& n = code_[pc];
  std::uint32_t logic_pc = 0;
  Value source = eval_source(pc, logic_pc);
  if (source.is_error()) return source;
  bool quantifier = n.op == Op::All || n.op == Op::Some || n.op == Op::None;
  if (!source.is_array()) {
    // map/filter over nothing is nothing; a quantifier over nothing has no meaningful answer.
    if (!quantifier) return Value::array({});
    return invalid_arguments("all/some/none need an array to iterate over");
  }
  const Array& items = source.as_array();
  if (n.op == Op::All && items.empty()) return Value::boolean(false);
  Array out;
  if (n.op == Op::Map || n.op == Op::Filter) out.reserve(items.size());
  std::size_t base = frames_.size();
  Value result;
  bool done = false;
  for (std::size_t i = 0; i < items.size() && !done; ++i) {
    frames_.resize(base);
    frames_.push_back({Frame::Kind::Index, nullptr, nullptr, i});
    frames_.push_back({Frame::Kind::Item, &items[i], nullptr, 0});
    Value v = eval(logic_pc);
    if (v.is_error()) {
      result = v;
      done = true;
      break;
    }
    switch (n.op) {
      case Op::Map:
        out.push_back(std::move(v));
        break;
      case Op::Filter:
        if (v.truthy()) out.push_back(items[i]);
        break;
      case Op::All:
        if (!v.truthy()) {
          result = Value::boolean(false);
          done = true;
        }
        break;
      case Op::Some:
        if (v.truthy()) {
          result = Value::boolean(true);
          done = true;
        }
        break;
      case Op::None:
        if (v.truthy()) {
          result = Value::boolean(false);
          done = true;
        }
        break;
      default:
        break;
    }
  }
  frames_.resize(base);
  if (done) return result;
  switch (n.op) {
    case Op::Map:
    case Op::Filter:
      return Value::array(std::move(out));
    case Op::All:
      return Value::boolean(true);
    case Op::Some:
      return Value::boolean(false);
    default:
      return Value::boolean(true);  // None
  }
}

Value Evaluator::eval_reduce(std::uint32_t pc) {
  const Instr& n = code_[pc];
  std::uint32_t logic_pc = 0;
  Value source = eval_source(pc, logic_pc);
  if (source.is_error()) return source;
  Value acc;
  if (n.kids > 2) {
    acc = eval(next_kid(logic_pc));
    if (acc.is_error()) return acc;
  }
  if (!source.is_array()) return acc;
  const Array& items = source.as_array();
  std::size_t base = frames_.size();
  for (std::size_t i = 0; i < items.size(); ++i) {
    frames_.resize(base);
    frames_.push_back({Frame::Kind::Index, nullptr, nullptr, i});
    frames_.push_back({Frame::Kind::Reduce, &items[i], &acc, 0});
    Value next = eval(logic_pc);
    if (next.is_error()) {
      frames_.resize(base);
      return next;
    }
    acc = std::move(next);
  }
  frames_.resize(base);
  return acc;
}

Value Evaluator::eval_try(std::uint32_t pc) {
  const Instr& n = code_[pc];
  Value last;
  std::size_t base = frames_.size();
  std::uint32_t k = first_kid(pc);
  for (std::uint32_t i = 0; i < n.kids; ++i, k = next_kid(k)) {
    Value v;
    if (i == 0 || !last.is_error()) {
      v = eval(k);
    } else {
      // A fallback sees the previous error as its data: {"type": ...}.
      Value error_object = Value::object({{"type", Value::string(std::string(last.as_string()))}});
      frames_.push_back({Frame::Kind::Index, nullptr, nullptr, 0});
      frames_.push_back({Frame::Kind::Item, &error_object, nullptr, 0});
      v = eval(k);
      frames_.resize(base);
    }
    if (!v.is_error()) return v;
    if (v.as_string() == "Limit") return v;  // the step budget is not catchable
    last = std::move(v);
  }
  return last.is_error() ? last : Value();
}

bool Evaluator::operand(std::uint32_t pc, Operand& out) {
  const Instr& n = code_[pc];
  if (n.op == Op::Const) {
    if (++steps_ > max_steps_) {
      out.owned = step_limit();
      out.ptr = &out.owned;
      return false;
    }
    out.ptr = &constant(n);
    return true;
  }
  if (n.op == Op::Slot && ctx_.slots && n.path_length == 0) {
    if (++steps_ > max_steps_) {
      out.owned = step_limit();
      out.ptr = &out.owned;
      return false;
    }
    out.ptr = &ctx_.slots[n.arg];
    return true;
  }
  out.owned = eval(pc);
  out.ptr = &out.owned;
  return !out.owned.is_error();
}

// How two operands of a comparison stand: one of these, and the operators' semantics as the
// set of them each holds for (order_holds), one table for JsonLogic's and the infix comparisons.
constexpr std::uint8_t kLess = 1;
constexpr std::uint8_t kEqual = 2;
constexpr std::uint8_t kGreater = 4;
constexpr std::uint8_t kUnordered = 8;  // a NaN

constexpr std::uint8_t orders_held(Op op) {
  switch (op) {
    case Op::LooseEq:
    case Op::StrictEq:
    case Op::InfixEq:
      return kEqual;
    case Op::LooseNe:
    case Op::StrictNe:
    case Op::InfixNe:
      return kLess | kGreater | kUnordered;
    case Op::Lt:
    case Op::InfixLt:
      return kLess;
    case Op::Le:
    case Op::InfixLe:
      return kLess | kEqual;
    case Op::Gt:
    case Op::InfixGt:
      return kGreater;
    case Op::Ge:
    case Op::InfixGe:
      return kGreater | kEqual;
    default:
      return 0;  // not a comparison
  }
}

struct OrdersHeld {
  std::uint8_t by_op[static_cast<std::size_t>(Op::Count_)] = {};
};

constexpr OrdersHeld orders_held_table() {
  OrdersHeld table;
  for (std::size_t op = 0; op < static_cast<std::size_t>(Op::Count_); ++op) {
    table.by_op[op] = orders_held(static_cast<Op>(op));
  }
  return table;
}

constexpr OrdersHeld kOrdersHeld = orders_held_table();

LEADQUAL_INLINE bool order_holds(Op op, std::uint8_t order) {
  return (kOrdersHeld.by_op[static_cast<std::size_t>(op)] & order) != 0;
}

LEADQUAL_INLINE std::uint8_t number_order(double x, double y) {
  return x < y ? kLess : x > y ? kGreater : x == y ? kEqual : kUnordered;
}

std::uint8_t string_order(std::string_view x, std::string_view y) {
  const int c = js::compare_strings(x, y);
  return c < 0 ? kLess : c > 0 ? kGreater : kEqual;
}

// === and !== (and the infix == and !=): the same type and value.
constexpr bool is_strict_equality(Op op) {
  return op == Op::StrictEq || op == Op::StrictNe || op == Op::InfixEq || op == Op::InfixNe;
}

// JsonLogic comparison of two operands (not === or !==). Strings compare as strings; otherwise
// both become numbers (null → 0, booleans → 0/1, numeric strings parsed); arrays, objects and
// non-numeric strings against numbers are the error "NaN" rather than a silent false.
bool loose_order(const Value& a, const Value& b, std::uint8_t& order) {
  if (a.is_string() && b.is_string()) {
    order = string_order(a.as_string(), b.as_string());
    return true;
  }
  if (a.is_array() || a.is_object() || b.is_array() || b.is_object()) return false;
  order = number_order(js::to_number(a), js::to_number(b));
  return order != kUnordered;
}

// null against a string, as JavaScript and the peer engines' suites have it: never loosely
// equal (so {"==": [null, ""]} is false), and ordered as numbers with a non-numeric string
// unordered (so {"<": [null, "A"]} is false, not an error: a missing answer is not a bad rule).
bool null_and_string(Op op, const Value& a, const Value& b, bool& holds) {
  if (!((a.is_null() && b.is_string()) || (a.is_string() && b.is_null()))) return false;
  if (op == Op::LooseEq || op == Op::LooseNe) {
    holds = op == Op::LooseNe;
    return true;
  }
  double x = js::to_number(a);
  double y = js::to_number(b);
  if (std::isnan(x) || std::isnan(y)) {
    holds = false;
    return true;
  }
  return false;
}

Truth truth(bool b) {
  return b ? Truth::True : Truth::False;
}

// Two numbers compared by `op`, any of JsonLogic's comparisons or the infix ones: every one
// orders them alike. A NaN is unordered: === and the infix comparisons answer that (=== and ==
// false, !== and != true, the orderings false), the other JsonLogic ones fail (Unknown:
// evaluate's error "NaN").
LEADQUAL_INLINE Truth number_pair(Op op, double x, double y) {
  const std::uint8_t order = number_order(x, y);
  if (order == kUnordered && is_comparison(op) && !is_strict_equality(op)) return Truth::Unknown;
  return truth(order_holds(op, order));
}

// A JsonLogic comparison of two operands; `ok` false where it fails (evaluate's "NaN" error).
// Two numbers, the common case, first.
LEADQUAL_INLINE bool pair_holds(Op op, const Value& a, const Value& b, bool& ok) {
  ok = true;
  if (a.is_number() && b.is_number()) {
    const Truth t = number_pair(op, a.as_number(), b.as_number());
    ok = t != Truth::Unknown;
    return t == Truth::True;
  }
  if (op == Op::StrictEq) return js::strict_equals(a, b);
  if (op == Op::StrictNe) return !js::strict_equals(a, b);
  if (bool holds = false; null_and_string(op, a, b, holds)) return holds;
  std::uint8_t order = 0;
  if (!loose_order(a, b, order)) {
    ok = false;
    return false;
  }
  return order_holds(op, order);
}

// Chained and lazy: {"<": [a, b, c]} is a < b and b < c, and c is not evaluated when a < b fails.
Value Evaluator::eval_compare(std::uint32_t pc) {
  const Instr& n = code_[pc];
  Operand a;
  Operand b;
  std::uint32_t k = first_kid(pc);
  if (!operand(k, a)) return a.owned;
  Operand* previous = &a;
  Operand* current = &b;
  for (std::uint32_t i = 1; i < n.kids; ++i) {
    k = next_kid(k);
    if (!operand(k, *current)) return current->owned;
    bool ok = true;
    bool holds = pair_holds(n.op, previous->get(), current->get(), ok);
    if (!ok) {
      return Value::error(
          "NaN", "cannot compare " + shown(previous->get()) + " with " + shown(current->get()));
    }
    if (!holds) return Value::boolean(false);
    std::swap(previous, current);
  }
  return Value::boolean(true);
}

// JsonLogic arithmetic: operands become numbers as Number() does, except arrays and objects,
// which are not numbers; a NaN result is the error "NaN".
double arith_number(const Value& v) {
  if (v.is_array() || v.is_object()) return std::numeric_limits<double>::quiet_NaN();
  return js::to_number(v);
}

Value arith(Op op, const Args& args) {
  double acc = 0;
  switch (op) {
    case Op::Add:
      for (const Value& a : args) acc += arith_number(a);
      break;
    case Op::Mul:
      acc = 1;
      for (const Value& a : args) acc *= arith_number(a);
      break;
    case Op::Sub:
      if (args.empty()) return invalid_arguments("- needs at least one operand");
      acc = arith_number(args[0]);
      if (args.size() == 1) {
        acc = -acc;
      } else {
        for (std::size_t i = 1; i < args.size(); ++i) acc -= arith_number(args[i]);
      }
      break;
    case Op::Div:
      if (args.empty()) return invalid_arguments("/ needs at least one operand");
      acc = arith_number(args[0]);
      if (args.size() == 1) {
        if (acc == 0) return Value::error("NaN", "division by zero");
        acc = 1 / acc;
      } else {
        for (std::size_t i = 1; i < args.size(); ++i) {
          double divisor = arith_number(args[i]);
          if (divisor == 0) return Value::error("NaN", "division by zero");
          acc /= divisor;
        }
      }
      if (std::isinf(acc)) return nan_error();
      break;
    case Op::Mod:
      if (args.size() < 2) return invalid_arguments("% needs at least two operands");
      acc = arith_number(args[0]);
      for (std::size_t i = 1; i < args.size(); ++i) acc = js::remainder(acc, arith_number(args[i]));
      break;
    default:
      break;
  }
  if (std::isnan(acc)) {
    for (const Value& a : args) {
      if (std::isnan(arith_number(a))) return Value::error("NaN", shown(a) + " is not a number");
    }
    return nan_error();
  }
  return Value::number(acc);
}

Value minmax(Op op, const Args& args) {
  if (args.empty()) return invalid_arguments("min and max need at least one number");
  double best = op == Op::Min ? std::numeric_limits<double>::infinity()
                              : -std::numeric_limits<double>::infinity();
  for (const Value& a : args) {
    if (!a.is_number()) return invalid_arguments("min and max take numbers");
    double d = a.as_number();
    best = op == Op::Min ? std::min(best, d) : std::max(best, d);
  }
  return Value::number(best);
}

Value Evaluator::eval_infix_arith(std::uint32_t pc) {
  const Instr& n = code_[pc];
  const std::uint32_t left = first_kid(pc);
  Value a = eval(left);
  if (a.is_error()) return a;
  if (n.op == Op::InfixNeg) {
    return a.is_number() ? Value::number(-a.as_number()) : Value();
  }
  Value b = eval(next_kid(left));
  if (b.is_error()) return b;
  if (n.op == Op::InfixAdd && a.is_string() && b.is_string()) {
    if (!charge(a.as_string().size() + b.as_string().size())) return step_limit();
    std::string joined(a.as_string());
    joined += b.as_string();
    return Value::string(std::move(joined));
  }
  if (!a.is_number() || !b.is_number()) return Value();
  double x = a.as_number();
  double y = b.as_number();
  double r = 0;
  switch (n.op) {
    case Op::InfixAdd:
      r = x + y;
      break;
    case Op::InfixSub:
      r = x - y;
      break;
    case Op::InfixMul:
      r = x * y;
      break;
    case Op::InfixDiv:
      if (y == 0) return Value();
      r = x / y;
      break;
    default:
      if (y == 0) return Value();
      r = js::remainder(x, y);
      break;
  }
  if (!std::isfinite(r)) return Value();
  return Value::number(r);
}

// Infix comparisons never fail: == and != are strict (same type and value, numbers
// numerically, arrays/objects by content); the orderings hold only between two numbers (not
// NaN) or two strings, null and mixed types never order.
bool infix_holds(Op op, const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    return number_pair(op, a.as_number(), b.as_number()) == Truth::True;
  }
  if (op == Op::InfixEq) return js::strict_equals(a, b);
  if (op == Op::InfixNe) return !js::strict_equals(a, b);
  if (!(a.is_string() && b.is_string())) return false;
  return order_holds(op, string_order(a.as_string(), b.as_string()));
}

Value Evaluator::eval_infix_compare(std::uint32_t pc) {
  const Instr& n = code_[pc];
  Operand oa;
  Operand ob;
  const std::uint32_t left = first_kid(pc);
  if (!operand(left, oa)) return oa.owned;
  if (!operand(next_kid(left), ob)) return ob.owned;
  return Value::boolean(infix_holds(n.op, oa.get(), ob.get()));
}

// Infix `in`: an element of an array (as JsonLogic's), or a substring of a string.
bool infix_in(const Value& needle, const Value& haystack) {
  if (haystack.is_array()) return jsonlogic_in(needle, haystack);
  if (haystack.is_string() && needle.is_string()) {
    return haystack.as_string().find(needle.as_string()) != std::string::npos;
  }
  return false;
}

// JsonLogic substr: start and length may be negative (counted from the end), by code point.
Value substr(const Args& args) {
  std::string s = args.empty() ? std::string() : js::to_string(args[0]);
  // Split into code points so multi-byte characters are never cut.
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  auto len = static_cast<double>(starts.size());
  double start = args.size() > 1 ? js::to_number(args[1]) : 0;
  if (std::isnan(start)) start = 0;
  start = std::trunc(start);
  if (start < 0) start = std::max(0.0, len + start);
  start = std::min(start, len);
  double end = len;
  if (args.size() > 2 && !args[2].is_null()) {
    double count = js::to_number(args[2]);
    if (std::isnan(count)) count = 0;
    count = std::trunc(count);
    end = count < 0 ? std::max(start, len + count) : std::min(len, start + count);
  }
  if (end <= start) return Value::string("");
  auto b = static_cast<std::size_t>(start);
  auto e = static_cast<std::size_t>(end);
  std::size_t from = starts[b];
  std::size_t to = e < starts.size() ? starts[e] : s.size();
  return Value::string(s.substr(from, to - from));
}

// A string === some element of an array.
inline bool string_in(std::string_view s, const Array& items) {
  for (const Value& e : items) {
    if (e.is_string() && e.as_string() == s) return true;
  }
  return false;
}

// JsonLogic in: substring of a string, or an element (===) of an array.
bool jsonlogic_in(const Value& needle, const Value& haystack) {
  if (haystack.is_string()) {
    if (needle.is_string())
      return haystack.as_string().find(needle.as_string()) != std::string::npos;
    return haystack.as_string().find(js::to_string(needle)) != std::string::npos;
  }
  if (haystack.is_array()) {
    if (needle.is_string()) return string_in(needle.as_string(), haystack.as_array());
    for (const Value& e : haystack.as_array()) {
      if (js::strict_equals(needle, e)) return true;
    }
  }
  return false;
}

// The hot path stays small: constants, slots and comparisons are handled here, everything
// else in eval_other (a large function whose stack frame the common case should not pay for).
Value Evaluator::cat(const Args& args) {
  std::string s;
  for (const Value& a : args) {
    if (a.is_string()) {
      s += a.as_string();
    } else if (!a.is_null()) {
      s += js::to_string(a);
    }
  }
  if (!charge(s.size())) return step_limit();
  return Value::string(std::move(s));
}

Value Evaluator::merge(const Args& args) {
  Array out;
  for (const Value& a : args) {
    if (a.is_array()) {
      out.insert(out.end(), a.as_array().begin(), a.as_array().end());
    } else {
      out.push_back(a);
    }
  }
  if (!charge(out.size() * 8)) return step_limit();
  return Value::array(std::move(out));
}

Value Evaluator::eval_applied(std::uint32_t pc) {
  const Instr& n = code_[pc];
  Args args;
  Value error;
  if (!eval_args(pc, args, error)) return error;
  switch (n.op) {
    case Op::Missing:
      return missing(args);
    case Op::MissingSome:
      return missing_some(args);
    case Op::Not:
    case Op::Truthy: {
      bool t = !args.empty() && args[0].truthy();
      return Value::boolean(n.op == Op::Truthy ? t : !t);
    }
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
    case Op::Mod:
      return arith(n.op, args);
    case Op::Min:
    case Op::Max:
      return minmax(n.op, args);
    case Op::Cat:
      return cat(args);
    case Op::Substr:
      return substr(args);
    case Op::Merge:
      return merge(args);
    case Op::Call:
      return call_function(n.fn, args.data(), args.size(), ctx_.now_ms);
    default:
      return Value();  // eval_other sends only the operators above
  }
}

Value Evaluator::eval(std::uint32_t pc) {
  if (++steps_ > max_steps_) return step_limit();
  const Instr& n = code_[pc];
  if (n.op == Op::Const) return constant(n);
  if (n.op == Op::Slot && ctx_.slots && n.path_length == 0) return ctx_.slots[n.arg];
  if (is_comparison(n.op)) return eval_compare(pc);
  if (is_infix_comparison(n.op)) return eval_infix_compare(pc);
  return eval_other(pc);
}

Value Evaluator::step_limit() const {
  return Value::error("Limit", "evaluation took more than " + decimal(max_steps_) + " steps");
}

Value Evaluator::eval_other(std::uint32_t pc) {
  const Instr& n = code_[pc];
  switch (n.op) {
    case Op::Fail:
      return constant(n);
    case Op::Slot: {
      if (!ctx_.slots) return Value();
      const Value& base = ctx_.slots[n.arg];
      if (n.path_length == 0) return base;
      const Value* v = walk(&base, path(n), n.path_length);
      return v ? *v : Value();
    }
    case Op::Var:
      return eval_var(pc);
    case Op::Val:
      return eval_val(pc, false);
    case Op::Exists:
      return eval_val(pc, true);
    case Op::Missing:
    case Op::MissingSome:
    case Op::Not:
    case Op::Truthy:
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
    case Op::Mod:
    case Op::Min:
    case Op::Max:
    case Op::Cat:
    case Op::Substr:
    case Op::Merge:
    case Op::Call:
      return eval_applied(pc);
    case Op::ArrayLit: {
      Array items;
      items.reserve(n.kids);
      std::uint32_t k = first_kid(pc);
      for (std::uint32_t i = 0; i < n.kids; ++i, k = next_kid(k)) {
        Value v = eval(k);
        if (v.is_error()) return v;
        items.push_back(std::move(v));
      }
      return Value::array(std::move(items));
    }
    case Op::If: {
      // [c1, v1, c2, v2, ..., else]
      std::uint32_t i = 0;
      std::uint32_t k = first_kid(pc);
      for (; i + 1 < n.kids; i += 2) {
        Value c = eval(k);
        if (c.is_error()) return c;
        k = next_kid(k);
        if (c.truthy()) return eval(k);
        k = next_kid(k);
      }
      if (i < n.kids) return eval(k);
      return Value();
    }
    case Op::And:
    case Op::Or: {
      if (n.kids == 0) return Value::boolean(false);
      Value last;
      std::uint32_t k = first_kid(pc);
      for (std::uint32_t i = 0; i < n.kids; ++i, k = next_kid(k)) {
        last = eval(k);
        if (last.is_error()) return last;
        if (last.truthy() == (n.op == Op::Or)) return last;
      }
      return last;
    }
    case Op::In: {
      if (n.dynamic_args || n.kids < 2) {
        Args args;
        Value error;
        if (!eval_args(pc, args, error)) return error;
        if (args.size() < 2) return Value::boolean(false);
        return Value::boolean(jsonlogic_in(args[0], args[1]));
      }
      Operand a;
      Operand b;
      const std::uint32_t left = first_kid(pc);
      if (!operand(left, a)) return a.owned;
      if (!operand(next_kid(left), b)) return b.owned;
      return Value::boolean(jsonlogic_in(a.get(), b.get()));
    }
    case Op::Map:
    case Op::Filter:
    case Op::All:
    case Op::Some:
    case Op::None:
      return eval_iterator(pc);
    case Op::Reduce:
      return eval_reduce(pc);
    case Op::Coalesce: {
      if (n.dynamic_args) {
        Args args;
        Value error;
        if (!eval_args(pc, args, error)) return error;
        for (const Value& a : args) {
          if (!a.is_null()) return a;
        }
        return Value();
      }
      std::uint32_t k = first_kid(pc);
      for (std::uint32_t i = 0; i < n.kids; ++i, k = next_kid(k)) {
        Value v = eval(k);
        if (!v.is_null()) return v;
      }
      return Value();
    }
    case Op::Try:
      return eval_try(pc);
    case Op::Throw: {
      Value v = eval(first_kid(pc));
      if (v.is_error()) return v;
      if (v.is_object()) {
        const Value* type = v.find("type");
        return Value::error(type && type->is_string() ? std::string(type->as_string())
                                                      : js::to_string(v));
      }
      return Value::error(js::to_string(v));
    }
    case Op::InfixAdd:
    case Op::InfixSub:
    case Op::InfixMul:
    case Op::InfixDiv:
    case Op::InfixMod:
    case Op::InfixNeg:
      return eval_infix_arith(pc);
    case Op::InfixAnd:
    case Op::InfixOr: {
      const std::uint32_t left = first_kid(pc);
      Value a = eval(left);
      if (a.is_error()) return a;
      bool t = a.truthy();
      if (t == (n.op == Op::InfixOr)) return Value::boolean(t);
      Value b = eval(next_kid(left));
      if (b.is_error()) return b;
      return Value::boolean(b.truthy());
    }
    case Op::InfixNot: {
      Value a = eval(first_kid(pc));
      if (a.is_error()) return a;
      return Value::boolean(!a.truthy());
    }
    case Op::InfixIn:
    case Op::InfixNotIn: {
      Operand a;
      Operand b;
      const std::uint32_t left = first_kid(pc);
      if (!operand(left, a)) return a.owned;
      if (!operand(next_kid(left), b)) return b.owned;
      return Value::boolean(infix_in(a.get(), b.get()) == (n.op == Op::InfixIn));
    }
    case Op::InfixCond: {
      const std::uint32_t condition = first_kid(pc);
      Value c = eval(condition);
      if (c.is_error()) return c;
      const std::uint32_t yes = next_kid(condition);
      return eval(c.truthy() ? yes : next_kid(yes));
    }
    default:
      break;  // constants and comparisons are handled by eval()
  }
  return Value();
}

// ---- conditions without Values (test()) -------------------------------------------------------

// The evaluator's pair_holds where it needs no string read as a number and does not fail (the
// conversion, and a failure's error, are evaluate()'s). null never loosely equals a string.
LEADQUAL_INLINE Truth test_pair(Op op, const Value& a, const Value& b) {
  if (a.is_string() != b.is_string()) {
    const bool strict = op == Op::StrictEq || op == Op::StrictNe;
    const bool null_equality =
        (a.is_null() || b.is_null()) && (op == Op::LooseEq || op == Op::LooseNe);
    if (!strict && !null_equality) return Truth::Unknown;
  }
  bool ok = true;
  const bool holds = pair_holds(op, a, b, ok);
  return ok ? truth(holds) : Truth::Unknown;
}

class Tester {
 public:
  Tester(const Program& program, const Value* slots)
      : code_(program.code.data()), constants_(program.constants.data()), slots_(slots) {}

  Truth test(std::uint32_t pc) const {
    const Instr& n = code_[pc];
    if (n.dynamic_args) return Truth::Unknown;
    if (is_comparison(n.op)) return test_compare(pc);
    switch (n.op) {
      case Op::Const:
      case Op::Slot: {
        const Value* v = leaf(pc);
        return v ? truth(v->truthy()) : Truth::Unknown;
      }
      case Op::And:
      case Op::Or:
      case Op::InfixAnd:
      case Op::InfixOr: {
        // and/or return one of their operands; its truth is that of all/any of them.
        const bool any = n.op == Op::Or || n.op == Op::InfixOr;
        std::uint32_t k = pc + 1;
        for (std::uint32_t i = 0; i < n.kids; ++i, k += code_[k].size) {
          Truth t = test(k);
          if (t == Truth::Unknown) return t;
          if ((t == Truth::True) == any) return t;
        }
        return truth(!any && n.kids > 0);
      }
      case Op::Not:
      case Op::Truthy:
      case Op::InfixNot: {
        if (n.kids != 1) return Truth::Unknown;
        Truth t = test(pc + 1);
        if (t == Truth::Unknown || n.op == Op::Truthy) return t;
        return truth(t == Truth::False);
      }
      case Op::In:
      case Op::InfixIn:
      case Op::InfixNotIn: {
        if (n.kids != 2) return Truth::Unknown;
        const Value* a = leaf(pc + 1);
        const Value* b = a ? leaf(pc + 1 + code_[pc + 1].size) : nullptr;
        if (!b) return Truth::Unknown;
        // Neither fails on two leaves (evaluate's Op::In and Op::InfixIn read them alike).
        if (n.op == Op::In) return truth(jsonlogic_in(*a, *b));
        return truth(infix_in(*a, *b) == (n.op == Op::InfixIn));
      }
      case Op::InfixEq:
      case Op::InfixNe:
      case Op::InfixLt:
      case Op::InfixLe:
      case Op::InfixGt:
      case Op::InfixGe: {
        if (n.kids != 2) return Truth::Unknown;
        const Value* a = leaf(pc + 1);
        const Value* b = a ? leaf(pc + 1 + code_[pc + 1].size) : nullptr;
        if (!b) return Truth::Unknown;
        return truth(infix_holds(n.op, *a, *b));
      }
      default:
        return Truth::Unknown;
    }
  }

 private:
  // A constant or a slot read in place; nullptr for anything that must be evaluated.
  const Value* leaf(std::uint32_t pc) const {
    const Instr& n = code_[pc];
    if (n.op == Op::Const) return &constants_[n.arg];
    if (n.op == Op::Slot && n.path_length == 0) return &slots_[n.arg];
    return nullptr;
  }

  // Chained like eval_compare: each pair in turn, the first that fails decides.
  Truth test_compare(std::uint32_t pc) const {
    const Instr& n = code_[pc];
    if (n.kids == 0) return Truth::Unknown;
    std::uint32_t k = pc + 1;
    const Value* previous = leaf(k);
    if (!previous) return Truth::Unknown;
    for (std::uint32_t i = 1; i < n.kids; ++i) {
      k += code_[k].size;
      const Value* current = leaf(k);
      if (!current) return Truth::Unknown;
      Truth t = test_pair(n.op, *previous, *current);
      if (t != Truth::True) return t;
      previous = current;
    }
    return Truth::True;
  }

  const Instr* code_;
  const Value* constants_;
  const Value* slots_;
};

// ---- prepared checks (prepare_check, test_check) ----------------------------------------------

// A text's key, for equality at a glance: two texts of one length up to 16 bytes are the same
// exactly when their keys are (the first and last 8 bytes, overlapping, from 8 bytes up; the
// first and last 4 from 4; the first, middle and last byte below that). Longer texts of equal
// keys still need their bytes compared.
struct TextKey {
  std::uint64_t head = 0;
  std::uint64_t tail = 0;
};
constexpr std::size_t kKeyedText = 16;

inline TextKey text_key(const char* p, std::size_t n) {
  TextKey key;
  if (n >= 8) {
    std::memcpy(&key.head, p, 8);
    std::memcpy(&key.tail, p + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    std::memcpy(&first, p, 4);
    std::memcpy(&last, p + n - 4, 4);
    key.head = first | std::uint64_t{last} << 32;
  } else if (n > 0) {
    const auto byte = [p](std::size_t i) {
      return std::uint64_t{static_cast<unsigned char>(p[i])};
    };
    key.head = byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16;
  }
  return key;
}

// Whether `s` has the key of `text` (a Text check): for texts up to kKeyedText
// bytes, whether it is that text.
LEADQUAL_INLINE bool has_key(std::string_view s, const TextKey& key, const Check& text) {
  return s.size() == text.length && key.head == text.key && key.tail == text.tail;
}

// Prepares the checks of the condition at `pc` as Tester::test reads it, node for node.
class CheckBuilder {
 public:
  CheckBuilder(const Program& program, std::vector<Check>& out)
      : code_(program.code), constants_(program.constants.data()), out_(out) {}

  void prepare(std::uint32_t pc) {
    const Instr& n = code_[pc];
    if (n.dynamic_args) return fixed(Truth::Unknown);
    if (is_comparison(n.op) || is_infix_comparison(n.op)) {
      // Two leaves: the shape of nearly every rule. Chains and anything else: test() reads them
      // (it leaves what is not two leaves, and an infix comparison of other than two, unknown).
      if (n.kids == 2 && pair(pc, Check::Kind::Compare, n.op)) return;
      if (is_infix_comparison(n.op) || n.kids == 0) return fixed(Truth::Unknown);
      return instr(pc);
    }
    switch (n.op) {
      case Op::Const:
      case Op::Slot: {
        Check c;
        if (!leaf(pc, c.a_slot, c.a)) return fixed(Truth::Unknown);
        if (!c.a_slot) return fixed(truth(constants_[c.a].truthy()));
        c.kind = Check::Kind::Truthy;
        out_.push_back(c);
        return;
      }
      case Op::And:
      case Op::Or:
      case Op::InfixAnd:
      case Op::InfixOr: {
        const std::size_t at = out_.size();
        Check c;
        c.kind = n.op == Op::Or || n.op == Op::InfixOr ? Check::Kind::Any : Check::Kind::All;
        c.kids = n.kids;
        out_.push_back(c);
        std::uint32_t k = pc + 1;
        for (std::uint32_t i = 0; i < n.kids; ++i, k += code_[k].size) prepare(k);
        out_[at].size = static_cast<std::uint32_t>(out_.size() - at);
        return;
      }
      case Op::Truthy:
        if (n.kids != 1) return fixed(Truth::Unknown);
        return prepare(pc + 1);
      case Op::Not:
      case Op::InfixNot: {
        if (n.kids != 1) return fixed(Truth::Unknown);
        const std::size_t at = out_.size();
        Check c;
        c.kind = Check::Kind::Not;
        out_.push_back(c);
        prepare(pc + 1);
        out_[at].size = static_cast<std::uint32_t>(out_.size() - at);
        return;
      }
      case Op::In:
      case Op::InfixIn:
      case Op::InfixNotIn:
        if (n.kids == 2 && pair(pc, Check::Kind::In, n.op)) return;
        return fixed(Truth::Unknown);
      default:
        return fixed(Truth::Unknown);
    }
  }

 private:
  // Tester::leaf: a constant, or a slot without a path.
  bool leaf(std::uint32_t pc, bool& is_slot, std::uint32_t& index) const {
    const Instr& n = code_[pc];
    if (n.op == Op::Const) {
      is_slot = false;
      index = static_cast<std::uint32_t>(n.arg);
      return true;
    }
    if (n.op == Op::Slot && n.path_length == 0) {
      is_slot = true;
      index = static_cast<std::uint32_t>(n.arg);
      return true;
    }
    return false;
  }

  bool pair(std::uint32_t pc, Check::Kind kind, Op op) {
    Check c;
    c.kind = kind;
    c.op = op;
    const std::uint32_t second = pc + 1 + code_[pc + 1].size;
    if (!leaf(pc + 1, c.a_slot, c.a) || !leaf(second, c.b_slot, c.b)) return false;
    // A slot against constant texts: === a text, `in` an array of texts only.
    const Value* texts = nullptr;
    std::size_t count = 0;
    if (c.a_slot && !c.b_slot) {
      const Value& b = constants_[c.b];
      if (kind == Check::Kind::Compare && is_strict_equality(op) && b.is_string()) {
        texts = &b;
        count = 1;
      } else if (kind == Check::Kind::In && texts_only(b)) {
        texts = b.as_array().data();
        count = b.as_array().size();
      }
    }
    if (texts != nullptr) {
      c.kind = Check::Kind::Texts;
      c.kids = static_cast<std::uint32_t>(count);
      c.size = 1 + c.kids;
    }
    out_.push_back(c);
    for (std::size_t i = 0; i < count; ++i) {
      const std::string_view text = texts[i].as_string();
      const TextKey key = text_key(text.data(), text.size());
      Check t;
      t.kind = Check::Kind::Text;
      t.length = static_cast<std::uint32_t>(text.size());
      t.key = key.head;
      t.tail = key.tail;
      out_.push_back(t);
    }
    return true;
  }

  static bool texts_only(const Value& v) {
    if (!v.is_array()) return false;
    for (const Value& item : v.as_array()) {
      if (!item.is_string()) return false;
    }
    return true;
  }

  void fixed(Truth t) {
    Check c;
    c.kind = Check::Kind::Fixed;
    c.truth = t;
    out_.push_back(c);
  }

  void instr(std::uint32_t pc) {
    Check c;
    c.kind = Check::Kind::Instr;
    c.pc = pc;
    out_.push_back(c);
  }

  const std::vector<Instr>& code_;
  const Value* constants_;
  std::vector<Check>& out_;
};

// A prepared comparison of two leaves: test_pair's answer, or infix_holds's (which never fails).
Truth compare(Op op, const Value& a, const Value& b) {
  return is_comparison(op) ? test_pair(op, a, b) : truth(infix_holds(op, a, b));
}

}  // namespace

std::uint32_t prepare_check(const Program& program, std::uint32_t start, std::uint64_t max_steps,
                            std::vector<Check>& out) {
  const auto at = static_cast<std::uint32_t>(out.size());
  CheckBuilder builder(program, out);
  if (program.code[start].size > max_steps) {
    // test() leaves a condition longer than the step budget to evaluate().
    Check c;
    c.kind = Check::Kind::Fixed;
    out.push_back(c);
    return at;
  }
  builder.prepare(start);
  return at;
}

namespace {

// test_check's cases beyond its inline ones: compare(), jsonlogic_in and infix_in, and/or/not,
// test() of an instruction.
LEADQUAL_NOINLINE Truth test_check_other(const Program& program, const Check* check,
                                         const Value* slots) {
  const Check& c = *check;
  switch (c.kind) {
    case Check::Kind::Fixed:
      return c.truth;
    case Check::Kind::Truthy:
      return truth(slots[c.a].truthy());
    case Check::Kind::Compare:
    case Check::Kind::In:
    case Check::Kind::Texts: {
      const Value* constants = program.constants.data();
      const Value& a = c.a_slot ? slots[c.a] : constants[c.a];
      const Value& b = c.b_slot ? slots[c.b] : constants[c.b];
      if (is_comparison(c.op) || is_infix_comparison(c.op)) return compare(c.op, a, b);
      if (c.op == Op::In) return truth(jsonlogic_in(a, b));
      return truth(infix_in(a, b) == (c.op == Op::InfixIn));
    }
    case Check::Kind::All:
    case Check::Kind::Any: {
      const bool any = c.kind == Check::Kind::Any;
      const Check* k = check + 1;
      for (std::uint32_t i = 0; i < c.kids; ++i, k += k->size) {
        Truth t = test_check(program, k, slots);
        if (t == Truth::Unknown) return t;
        if ((t == Truth::True) == any) return t;
      }
      return truth(!any && c.kids > 0);
    }
    case Check::Kind::Not: {
      Truth t = test_check(program, check + 1, slots);
      if (t == Truth::Unknown) return t;
      return truth(t == Truth::False);
    }
    case Check::Kind::Instr:
      return Tester(program, slots).test(c.pc);
    case Check::Kind::Text:
      break;  // read by its Texts
  }
  return Truth::Unknown;
}

}  // namespace

// The shapes of nearly every rule read here, without a call: two numbers compared (as
// pair_holds and infix_holds compare them), a string === a constant text or `in` a list of
// texts (js::strict_equals of two strings: the same bytes; string_in), found by its key.
// Everything else, a NaN, and a long text whose key matches are test_check_other's.
Truth test_check(const Program& program, const Check* check, const Value* slots) {
  const Check& c = *check;
  const Value* constants = program.constants.data();
  switch (c.kind) {
    case Check::Kind::Compare: {
      const Value& a = c.a_slot ? slots[c.a] : constants[c.a];
      const Value& b = c.b_slot ? slots[c.b] : constants[c.b];
      if (a.is_number() && b.is_number()) {
        const Truth t = number_pair(c.op, a.as_number(), b.as_number());
        if (t != Truth::Unknown) return t;
      }
      break;
    }
    case Check::Kind::Texts: {
      const Value& a = slots[c.a];
      if (!a.is_string()) break;
      const std::string_view s = a.as_string();
      const TextKey key = text_key(s.data(), s.size());
      const bool among = c.op != Op::InfixNotIn && c.op != Op::StrictNe && c.op != Op::InfixNe;
      const Check* text = check + 1;
      bool longer = false;  // a longer text of the same key: test_check_other compares bytes
      for (std::uint32_t i = 0; i < c.kids; ++i, ++text) {
        if (!has_key(s, key, *text)) continue;
        if (s.size() <= kKeyedText) return truth(among);
        longer = true;
      }
      if (longer) break;
      return truth(!among);
    }
    default:
      break;
  }
  return test_check_other(program, check, slots);
}

std::vector<Value> split_dotted(std::string_view name) {
  std::vector<Value> segs;
  if (name.empty()) return segs;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = name.find('.', start);
    segs.push_back(Value::string(std::string(name.substr(start, dot - start))));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return segs;
}

Value evaluate(const Program& program, std::uint32_t start, const EvalContext& ctx,
               std::uint64_t max_steps, const NameIndex* names) {
  Evaluator e(program, ctx, max_steps, names);
  return e.eval(start);
}

Truth test(const Program& program, std::uint32_t start, const Value* slots,
           std::uint64_t max_steps) {
  // Every instruction evaluated is a step: a condition no longer than the budget cannot run out.
  if (program.code[start].size > max_steps) return Truth::Unknown;
  return Tester(program, slots).test(start);
}

std::uint32_t Program::min_kids(const Instr& instr) {
  if (instr.dynamic_args) return 1;
  if (is_comparison(instr.op)) return 1;
  if (is_infix_comparison(instr.op)) return 2;
  switch (instr.op) {
    case Op::Map:
    case Op::Filter:
    case Op::All:
    case Op::Some:
    case Op::None:
    case Op::Reduce:
    case Op::InfixAdd:
    case Op::InfixSub:
    case Op::InfixMul:
    case Op::InfixDiv:
    case Op::InfixMod:
    case Op::InfixAnd:
    case Op::InfixOr:
    case Op::InfixIn:
    case Op::InfixNotIn:
      return 2;
    case Op::InfixCond:
      return 3;
    case Op::Throw:
    case Op::InfixNeg:
    case Op::InfixNot:
      return 1;
    default:
      return 0;
  }
}

}  // namespace leadqual
