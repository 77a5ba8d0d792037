// Reading the compiled-model format (runtime/format.hpp), refusing anything malformed.
#include "core/runtime/format.hpp"
#include "core/runtime/text.hpp"

#include <cstring>
#include <limits>
#include <vector>

namespace leadqual {
namespace {

// Deeper constants or programs than this are refused: evaluation recurses along both.
constexpr int kMaxDepth = 256;

class Reader {
 public:
  explicit Reader(std::string_view bytes) : data_(bytes) {}

  bool ok() const { return error_ == nullptr; }
  const char* error() const { return error_; }
  bool at_end() const { return at_ == data_.size(); }
  void fail(const char* what) {
    if (error_ == nullptr) error_ = what;
  }

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ >= data_.size()) {
        fail("truncated");
        return 0;
      }
      const auto byte = static_cast<unsigned char>(data_[at_++]);
      value |= std::uint64_t{byte & 0x7Fu} << shift;
      if ((byte & 0x80u) == 0) return value;
    }
    fail("a number is too long");
    return 0;
  }

  // A count of at most `max` (0 after a failure). One function for every width, not inlined:
  // a copy per count read was 0.2 KB of lq_load (docs/performance.md, "The runtime's size,
  // sixth session").
  __attribute__((noinline)) std::uint64_t bounded(std::uint64_t max) {
    const std::uint64_t value = varint();
    if (value > max) fail("a count is out of range");
    return ok() ? value : 0;
  }
  template <class T>
  void count(T& out) {
    out = static_cast<T>(bounded(std::numeric_limits<T>::max()));
  }

  // A zigzag-encoded integer in [min, max] (0 after a failure).
  __attribute__((noinline)) std::int64_t signed_bounded(std::int64_t min, std::int64_t max) {
    const std::uint64_t raw = varint();
    const std::int64_t value =
        static_cast<std::int64_t>(raw >> 1) ^ -static_cast<std::int64_t>(raw & 1);
    if (value < min || value > max) fail("a number is out of range");
    return ok() ? value : 0;
  }
  template <class T>
  void integer(T& out) {
    out = static_cast<T>(
        signed_bounded(std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
  }

  void number(double& out) {
    if (data_.size() - at_ < 8) {
      fail("truncated");
      out = 0;
      return;
    }
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) {
      bits |= std::uint64_t{static_cast<unsigned char>(data_[at_ + i])} << (8 * i);
    }
    at_ += 8;
    std::memcpy(&out, &bits, sizeof out);
  }

  void flag(bool& out) {
    std::uint8_t value = 0;
    count(value);
    if (value > 1) fail("a flag is not 0 or 1");
    out = value == 1;
  }

  template <class E>
  void enumeration(E& out, std::uint8_t limit) {
    std::uint8_t value = 0;
    count(value);
    if (value >= limit) fail("an unknown kind");
    out = static_cast<E>(ok() ? value : 0);
  }

  void string(std::string& out) {
    std::size_t length = 0;
    count(length);
    if (!ok() || length > data_.size() - at_) {
      fail("truncated");
      out.clear();
      return;
    }
    out.assign(data_.data() + at_, length);
    at_ += length;
  }

  void value(Value& out) { out = read_value(0); }

  // A list's count: every element takes at least one byte, so a count beyond the bytes left is
  // corrupt (and would otherwise make us allocate without bound). 0 after a failure. One
  // function for the lists and the constants' arrays and objects.
  LEADQUAL_NOINLINE std::size_t items_left() {
    std::size_t size = 0;
    count(size);
    if (!ok() || size > data_.size() - at_) {
      fail("truncated");
      return 0;
    }
    return size;
  }

  // The list is built anew rather than resized: resize() inlines a grow, move and shrink path
  // for each of the format's ~20 element types, 5.8 KB of the runtime module's code
  // (docs/performance.md); on failure read_compiled() drops the whole model, so nothing here
  // needs clearing.
  template <class T, class F>
  void list(std::vector<T>& items, F each) {
    const std::size_t size = items_left();
    if (!ok()) return;
    items = std::vector<T>(size);
    for (T& item : items) {
      if (!ok()) return;
      each(item);
    }
  }

 private:
  Value read_value(int depth) {
    if (depth > kMaxDepth) {
      fail("a constant is nested too deeply");
      return Value();
    }
    std::uint8_t kind = 0;
    count(kind);
    switch (static_cast<Value::Kind>(kind)) {
      case Value::Kind::Null:
        return Value();
      case Value::Kind::Bool: {
        bool b = false;
        flag(b);
        return Value::boolean(b);
      }
      case Value::Kind::Number: {
        double d = 0;
        number(d);
        return Value::number(d);
      }
      case Value::Kind::String: {
        std::string s;
        string(s);
        return Value::string(std::move(s));
      }
      case Value::Kind::Array: {
        // Reserved and pushed, not list()'s vector of default values and move-assignment: the
        // push_back and emplace_back the evaluator has anyway (docs/performance.md, "The
        // runtime's size, seventh session").
        Array items;
        std::size_t n = items_left();
        items.reserve(n);
        for (; n > 0 && ok(); --n) {
          items.push_back(read_value(depth + 1));
        }
        return Value::array(std::move(items));
      }
      case Value::Kind::Object: {
        Object members;
        std::size_t n = items_left();
        members.reserve(n);
        for (; n > 0 && ok(); --n) {
          std::string key;
          string(key);
          members.emplace_back(std::move(key), read_value(depth + 1));
        }
        return Value::object(std::move(members));
      }
      case Value::Kind::Error: {
        std::string type;
        std::string message;
        string(type);
        string(message);
        return Value::error(std::move(type), std::move(message));
      }
    }
    fail("an unknown kind of constant");
    return Value();
  }

  std::string_view data_;
  std::size_t at_ = 0;
  const char* error_ = nullptr;
};

bool read_u32(std::string_view bytes, std::size_t& at, std::uint32_t& out) {
  if (bytes.size() - at < 4) return false;
  out = 0;
  for (int i = 0; i < 4; ++i)
    out |= std::uint32_t{static_cast<unsigned char>(bytes[at + i])} << (8 * i);
  at += 4;
  return true;
}

bool read_section(std::string_view bytes, std::size_t& at, std::string_view& out) {
  std::uint32_t length = 0;
  if (!read_u32(bytes, at, length) || length > bytes.size() - at) return false;
  out = bytes.substr(at, length);
  at += length;
  return true;
}

// ---- checks: every index the scorer and the evaluator follow must be in range ---------------

class Checker {
 public:
  explicit Checker(const CompiledModel& m) : m_(m) {}

  const char* run() {
    const std::size_t dimensions = m_.dimensions.size();
    const std::size_t questions = m_.questions.size();
    const std::size_t computed = m_.computed.size();
    if (dimensions == 0) return "no dimensions";
    for (const Contribution& c : m_.contributions) {
      if (!index_ok(c.dimension, dimensions)) return "a contribution names no dimension";
    }
    for (const Question& q : m_.questions) {
      if (!optional_expression(q.show_if)) return "a showIf names no expression";
      if (!points_ok(q.true_points)) return "points out of range";
      if (!permutation(q.options_by_value, q.options.size())) return "an order names no option";
      for (const Option& o : q.options) {
        if (!points_ok(o.points)) return "points out of range";
      }
      for (const Band& b : q.bands) {
        if (!points_ok(b.points)) return "points out of range";
      }
    }
    for (const Computed& c : m_.computed) {
      if (!index_ok(c.expr, m_.expressions.size())) return "a computed value names no expression";
    }
    for (const Signal& s : m_.signals) {
      if (!points_ok(s.points)) return "points out of range";
    }
    for (const Rule& r : m_.rules) {
      if (!index_ok(r.condition, m_.expressions.size())) return "a rule names no expression";
      if (!points_ok(r.add)) return "points out of range";
    }
    for (int d : m_.grade_from) {
      if (!index_ok(d, dimensions)) return "the grade names no dimension";
    }
    for (const Stage& s : m_.stages) {
      if (!optional_expression(s.condition)) return "a stage names no expression";
    }
    for (int c : m_.sharing.computed) {
      if (!index_ok(c, computed)) return "the result sharing names no computed value";
    }
    for (const EvalStep& step : m_.plan) {
      if (!index_ok(step.index, step.is_question ? questions : computed)) {
        return "the evaluation plan names nothing";
      }
    }
    if (!permutation(m_.dimensions_by_id, dimensions) ||
        !permutation(m_.computed_by_id, computed) || !permutation(m_.questions_by_id, questions) ||
        !permutation(m_.signals_by_id, m_.signals.size())) {
      return "an order names nothing";
    }
    const SlotLayout& s = m_.slots;
    const int fixed = static_cast<int>(questions + computed);
    if (s.count != fixed + 6) return "the slot layout does not fit the model";
    for (int slot : {s.signals, s.dimensions, s.score, s.percent, s.grade, s.complete}) {
      if (slot < fixed || slot >= s.count) return "the slot layout does not fit the model";
    }
    for (const auto& name : m_.names) {
      if (!index_ok(name.second, static_cast<std::size_t>(s.count))) return "a name is no slot";
    }
    if (const char* problem = program_problem()) return problem;
    for (const Expression& e : m_.expressions) {
      if (e.start >= m_.program.code.size()) return "an expression starts outside the program";
      for (int slot : e.reads) {
        if (!index_ok(slot, static_cast<std::size_t>(s.count)))
          return "an expression reads no slot";
      }
      if (!depth_ok(e.start)) return "an expression is nested too deeply";
      if (e.check != -1 && !index_ok(e.check, m_.checks.size())) {
        return "a check names nothing";
      }
    }
    return checks_problem();
  }

 private:
  // A sorted table (runtime/model.hpp, sort_tables()): one index per item, each in range (that
  // each item is there once is not needed for safety, and not checked).
  template <class T>
  static bool permutation(const std::vector<T>& order, std::size_t size) {
    if (order.size() != size) return false;
    for (T i : order) {
      if (!index_ok(static_cast<int>(i), size)) return false;
    }
    return true;
  }
  static bool index_ok(int index, std::size_t size) {
    return index >= 0 && static_cast<std::size_t>(index) < size;
  }
  bool optional_expression(int index) const {
    return index == -1 || index_ok(index, m_.expressions.size());
  }
  bool points_ok(const Points& p) const {
    return p.first <= m_.contributions.size() && p.count <= m_.contributions.size() - p.first;
  }

  // Each instruction's subtree is its kids' subtrees exactly, its references are in range, and
  // it has the kids its operator reads.
  const char* program_problem() const {
    const auto& code = m_.program.code;
    const std::size_t constants = m_.program.constants.size();
    for (std::size_t i = 0; i < code.size(); ++i) {
      const Instr& n = code[i];
      if (n.size == 0 || n.size > code.size() - i) return "an instruction's size is out of range";
      std::size_t k = i + 1;
      for (std::uint32_t c = 0; c < n.kids; ++c) {
        if (k >= i + n.size) return "an instruction's kids overrun it";
        k += code[k].size;
      }
      if (k != i + n.size) return "an instruction's kids do not fill it";
      if (n.kids < Program::min_kids(n)) return "an operator lacks operands";
      if (n.path > constants || n.path_length > constants - n.path) return "a path is out of range";
      switch (n.op) {
        case Op::Const:
        case Op::Fail:
          if (!index_ok(n.arg, constants)) return "a constant is out of range";
          break;
        case Op::Slot:
          if (!index_ok(n.arg, static_cast<std::size_t>(m_.slots.count)))
            return "a slot is out of range";
          break;
        case Op::Val:
        case Op::Exists:
          if (n.arg < 0) return "a scope is out of range";
          break;
        default:
          break;
      }
    }
    return nullptr;
  }

  // Each check (runtime/program.hpp) names what is there, and its operands fill it exactly
  // (All/Any/Texts: `kids` checks, Not: one, the rest: none), nested no deeper than programs are
  // (test_check recurses along them). Two messages for it all: each distinct one is bytes of
  // the runtime module.
  const char* checks_problem() const {
    const std::vector<Check>& checks = m_.checks;
    const auto slots = static_cast<std::uint32_t>(m_.slots.count);
    const std::size_t constants = m_.program.constants.size();
    std::vector<std::size_t> open;  // where the checks around this one end
    for (std::size_t i = 0; i < checks.size(); ++i) {
      const Check& c = checks[i];
      if (c.size == 0 || c.size > checks.size() - i) return "a check is malformed";
      std::uint32_t kids = 0;
      switch (c.kind) {
        case Check::Kind::All:
        case Check::Kind::Any:
          kids = c.kids;
          break;
        case Check::Kind::Not:
          kids = 1;
          break;
        case Check::Kind::Truthy:
          if (c.a >= slots) return "a check names nothing";
          break;
        case Check::Kind::Texts:  // test_check reads its a as a slot whatever a_slot says
          kids = c.kids;
          if (c.a >= slots) return "a check names nothing";
          [[fallthrough]];
        case Check::Kind::Compare:
        case Check::Kind::In:
          if (c.a >= (c.a_slot ? slots : constants) || c.b >= (c.b_slot ? slots : constants)) {
            return "a check names nothing";
          }
          break;
        case Check::Kind::Instr:
          if (c.pc >= m_.program.code.size() || !depth_ok(c.pc)) return "a check names nothing";
          break;
        case Check::Kind::Fixed:
        case Check::Kind::Text:
          break;
      }
      std::size_t k = i + 1;
      for (std::uint32_t n = 0; n < kids; ++n) {
        if (k >= i + c.size) return "a check is malformed";
        k += checks[k].size;
      }
      if (k != i + c.size) return "a check is malformed";
      while (!open.empty() && open.back() <= i) open.pop_back();
      if (open.size() >= kMaxDepth) return "a check is malformed";
      if (c.size > 1) open.push_back(i + c.size);
    }
    return nullptr;
  }

  bool depth_ok(std::uint32_t start) const {
    const auto& code = m_.program.code;
    // (instruction, depth) of subtrees still to visit
    std::vector<std::pair<std::uint32_t, int>> stack{{start, 1}};
    while (!stack.empty()) {
      auto [pc, depth] = stack.back();
      stack.pop_back();
      if (depth > kMaxDepth) return false;
      std::uint32_t k = pc + 1;
      for (std::uint32_t c = 0; c < code[pc].kids; ++c, k += code[k].size) {
        stack.emplace_back(k, depth + 1);
      }
    }
    return true;
  }

  const CompiledModel& m_;
};

}  // namespace

bool read_compiled(std::string_view bytes, CompiledModel& out, std::string& error) {
  std::size_t at = 0;
  std::uint32_t format = 0;
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kCompiledMagic, 4) != 0) {
    error = "not a compiled leadqual model (build one with `leadqual build model.json`)";
    return false;
  }
  at = 4;
  read_u32(bytes, at, format);
  if (format != kCompiledFormat) {
    error = "compiled model format " + decimal(format) + ", this runtime reads format " +
            decimal(kCompiledFormat) +
            " (rebuild it from the model's JSON with this version's `leadqual build model.json`)";
    return false;
  }
  std::string_view normalized, state, runtime;
  if (!read_section(bytes, at, normalized) || !read_section(bytes, at, state) ||
      !read_section(bytes, at, runtime) || at != bytes.size()) {
    error = "the compiled model is truncated or has trailing bytes";
    return false;
  }
  out.normalized_json.assign(normalized);
  out.initial_state_json.assign(state);
  Reader reader(runtime);
  visit_model(reader, out);
  if (reader.ok() && !reader.at_end()) reader.fail("trailing bytes");
  if (!reader.ok()) {
    error = std::string("the compiled model is corrupt: ") + reader.error();
    return false;
  }
  if (const char* problem = Checker(out).run()) {
    error = std::string("the compiled model is corrupt: ") + problem;
    return false;
  }
  out.prepare();
  return true;
}

}  // namespace leadqual
