// Lint warnings (docs/model.md, "Warnings"). Two kinds of reasoning:
// - ranges: the lowest and highest value each dimension, the score, the percent and the graded
//   sum can take, from every source of points and the clamps (an over-estimate, so "never"
//   and "always" claimed from it hold for every lead);
// - trying answers: a condition is evaluated on every combination of representative values of
//   the names it reads (each option, each subset of a small multi, the constants it compares
//   with and their neighbours, the ends of a range, null). A condition that holds for none of
//   them "never holds". When a condition reads something that cannot be tried that way (a
//   signal, a large multi) or too many combinations, nothing is claimed.
// What an expression reads and compares is read off its flat program (runtime/program.hpp), and
// conditions are tried with the runtime's one evaluator.
#include "core/compiler/lint.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/runtime/eval.hpp"
#include "core/runtime/js.hpp"
#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

// What an expression holds: the names it reads, its comparisons of a name with a constant, and
// every constant.
struct ExprFacts {
  struct Read {
    int slot;
    std::vector<std::string> path;  // dotted members after the name ("dimensions.fit": {"fit"})
  };
  struct Comparison {
    enum class Kind { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, In, Contains };
    int slot;
    std::vector<std::string> path;
    Kind kind;       // the name on the left: `name < constant`, `name in [...]`,
    Value constant;  // `constant in name` (Contains)
  };
  std::vector<Read> reads;
  std::vector<Comparison> comparisons;
  std::vector<Value> constants;  // every literal, the elements of array literals too
};

using Kind = ExprFacts::Comparison::Kind;

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

// Reads the facts of one expression off a flat program: an instruction is followed by its
// children, each child's subtree `size` instructions long.
class FactReader {
 public:
  explicit FactReader(const Program& program) : p_(program) {}

  ExprFacts read(std::uint32_t start) const {
    ExprFacts facts;
    std::vector<std::uint32_t> stack{start};
    while (!stack.empty()) {
      const std::uint32_t at = stack.back();
      stack.pop_back();
      const Instr& n = p_.code[at];
      if (n.op == Op::Const) add_constant(constant(n), facts);
      if (n.op == Op::Slot) facts.reads.push_back({n.arg, path_text(n)});
      if (n.kids == 2 || n.op == Op::Lt || n.op == Op::Le || n.op == Op::Gt || n.op == Op::Ge) {
        add_comparisons(at, facts);
      }
      for (std::uint32_t kid : kids(at)) stack.push_back(kid);
    }
    return facts;
  }

 private:
  std::vector<std::uint32_t> kids(std::uint32_t at) const {
    std::vector<std::uint32_t> out;
    std::uint32_t kid = at + 1;
    for (std::uint32_t k = 0; k < p_.code[at].kids; ++k) {
      out.push_back(kid);
      kid += p_.code[kid].size;
    }
    return out;
  }

  const Value& constant(const Instr& n) const {
    return p_.constants[static_cast<std::size_t>(n.arg)];
  }

  std::vector<std::string> path_text(const Instr& n) const {
    std::vector<std::string> out;
    for (std::uint32_t i = 0; i < n.path_length; ++i) {
      const Value& segment = p_.constants[n.path + i];
      out.push_back(segment.is_string() ? std::string(segment.as_string())
                                        : js::to_string(segment));
    }
    return out;
  }

  // Each neighbouring pair of operands (JsonLogic chains `{"<": [0, x, 10]}`) that is a name
  // and a constant.
  void add_comparisons(std::uint32_t at, ExprFacts& facts) const {
    const Instr& n = p_.code[at];
    if (n.dynamic_args) return;
    const std::vector<std::uint32_t> operands = kids(at);
    for (std::size_t i = 0; i + 1 < operands.size(); ++i) {
      const Instr& a = p_.code[operands[i]];
      const Instr& b = p_.code[operands[i + 1]];
      const bool left = a.op == Op::Slot && b.op == Op::Const;
      const bool right = a.op == Op::Const && b.op == Op::Slot;
      Kind kind;
      if ((!left && !right) || !comparison_kind(n.op, left, kind)) continue;
      const Instr& name = left ? a : b;
      const Instr& value = left ? b : a;
      facts.comparisons.push_back({name.arg, path_text(name), kind, constant(value)});
    }
  }

  static void add_constant(const Value& v, ExprFacts& facts) {
    facts.constants.push_back(v);
    if (v.is_array()) {
      for (const Value& item : v.as_array()) facts.constants.push_back(item);
    }
  }

  const Program& p_;
};

constexpr std::size_t kMaxCombinations = 20000;
constexpr std::size_t kMaxMultiOptions = 6;  // every subset is tried: at most 64

struct Range {
  double lo = 0;
  double hi = 0;
};

bool is_ordering(Kind kind) {
  return kind == Kind::Less || kind == Kind::LessEqual || kind == Kind::Greater ||
         kind == Kind::GreaterEqual;
}

const char* operator_text(Kind kind) {
  switch (kind) {
    case Kind::Less:
      return "<";
    case Kind::LessEqual:
      return "<=";
    case Kind::Greater:
      return ">";
    case Kind::GreaterEqual:
      return ">=";
    case Kind::Equal:
      return "==";
    case Kind::NotEqual:
      return "!=";
    case Kind::In:
      return "in";
    case Kind::Contains:
      return "contains";
  }
  return "?";
}

// Whether `value kind c` holds for every value in `r` (1), for none (-1), or depends (0).
int decided(Kind kind, double c, const Range& r) {
  switch (kind) {
    case Kind::GreaterEqual:
      return c <= r.lo ? 1 : c > r.hi ? -1 : 0;
    case Kind::Greater:
      return c < r.lo ? 1 : c >= r.hi ? -1 : 0;
    case Kind::LessEqual:
      return c >= r.hi ? 1 : c < r.lo ? -1 : 0;
    case Kind::Less:
      return c > r.hi ? 1 : c <= r.lo ? -1 : 0;
    default:
      return 0;
  }
}

// Representative numbers in [r.lo, r.hi]: its ends, each constant and its neighbours, and a
// few ordinary values.
std::vector<double> numbers(const Range& r, const std::vector<double>& constants, double step) {
  std::vector<double> candidates = {0, 1, -1, r.lo, r.hi, 1e9, -1e9};
  for (double c : constants) {
    for (double d : {c, c - step, c + step, c - 1, c + 1}) candidates.push_back(d);
  }
  std::vector<double> out;
  for (double d : candidates) {
    if (std::isfinite(d) && d >= r.lo && d <= r.hi) out.push_back(d);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// One source of points that counts whole or not at all (a rule, a multi option, a boolean).
// "at least 1", "at most 10", "between 1 and 10".
std::string bounds_text(const Range& r) {
  if (!std::isfinite(r.lo)) return "at most " + format_number(r.hi);
  if (!std::isfinite(r.hi)) return "at least " + format_number(r.lo);
  return "between " + format_number(r.lo) + " and " + format_number(r.hi);
}

// The contributions of a run of points.
struct Run {
  const Contribution* first;
  const Contribution* last;
  const Contribution* begin() const { return first; }
  const Contribution* end() const { return last; }
};

Run points_of(const CompiledModel& m, Points points) {
  const Contribution* first = m.contributions.data() + points.first;
  return {first, first + points.count};
}

void add_points(std::vector<Range>& sums, const Run& points) {
  for (const Contribution& c : points) {
    Range& r = sums[static_cast<std::size_t>(c.dimension)];
    if (c.points < 0) r.lo += c.points;
    if (c.points > 0) r.hi += c.points;
  }
}

// Several alternatives of which at most one counts (the options of a choice, the bands of a
// number): the lowest and the highest of them, or nothing.
void add_alternatives(std::vector<Range>& sums, const std::vector<Run>& alternatives) {
  for (std::size_t d = 0; d < sums.size(); ++d) {
    double lo = 0;
    double hi = 0;
    for (const Run& points : alternatives) {
      for (const Contribution& c : points) {
        if (static_cast<std::size_t>(c.dimension) != d) continue;
        lo = std::min(lo, c.points);
        hi = std::max(hi, c.points);
      }
    }
    sums[d].lo += lo;
    sums[d].hi += hi;
  }
}

class Linter {
 public:
  explicit Linter(const CompiledModel& m)
      : m_(m), facts_(m.program), questions_(static_cast<int>(m.questions.size())) {}

  std::vector<Warning> run() {
    ranges();
    unused_dimensions();
    for (std::size_t q = 0; q < m_.questions.size(); ++q) {
      const Question& question = m_.questions[q];
      if (question.show_if >= 0) expression(question.show_if);
      bands(q);
      if (question.show_if >= 0) never_shown(question);
    }
    for (const Computed& computed : m_.computed) expression(computed.expr);
    for (const Rule& rule : m_.rules) {
      expression(rule.condition);
      never_fires(rule);
    }
    grade_bands();
    for (std::size_t i = 0; i < m_.stages.size(); ++i) {
      const Stage& stage = m_.stages[i];
      if (stage.condition >= 0) expression(stage.condition);
      unreachable_stage(i);
    }
    return std::move(out_);
  }

 private:
  // ---- ranges --------------------------------------------------------------------------------
  void ranges() {
    std::vector<Range> sums(m_.dimensions.size());
    used_.assign(m_.dimensions.size(), false);
    auto mark = [&](Points points) {
      for (const Contribution& c : points_of(m_, points)) {
        used_[static_cast<std::size_t>(c.dimension)] = true;
      }
    };
    for (const Question& question : m_.questions) {
      std::vector<Run> alternatives;
      for (const Option& option : question.options) {
        mark(option.points);
        if (question.type == QuestionType::Multi) {
          add_points(sums, points_of(m_, option.points));
        } else {
          alternatives.push_back(points_of(m_, option.points));
        }
      }
      for (const Band& band : question.bands) {
        mark(band.points);
        alternatives.push_back(points_of(m_, band.points));
      }
      add_alternatives(sums, alternatives);
      mark(question.true_points);
      add_points(sums, points_of(m_, question.true_points));
    }
    for (const Signal& signal : m_.signals) {
      mark(signal.points);
      for (const Contribution& c : points_of(m_, signal.points)) {
        Range& r = sums[static_cast<std::size_t>(c.dimension)];
        if (c.points < 0) r.lo -= signal.cap;
        if (c.points > 0) r.hi += signal.cap;
      }
    }
    for (const Rule& rule : m_.rules) {
      mark(rule.add);
      add_points(sums, points_of(m_, rule.add));
    }
    score_ = {0, 0};
    for (std::size_t d = 0; d < m_.dimensions.size(); ++d) {
      const Dimension& dimension = m_.dimensions[d];
      Range r{std::clamp(sums[d].lo, dimension.min, dimension.max),
              std::clamp(sums[d].hi, dimension.min, dimension.max)};
      dimensions_.push_back(r);
      const double a = dimension.weight * r.lo;
      const double b = dimension.weight * r.hi;
      score_.lo += std::isnan(a) ? 0 : std::min(a, b);
      score_.hi += std::isnan(b) ? 0 : std::max(a, b);
    }
    has_percent_ = std::isfinite(m_.percent_base) && m_.percent_base > 0;
    if (has_percent_) {
      percent_ = {100 * score_.lo / m_.percent_base, 100 * score_.hi / m_.percent_base};
    }
    for (int d : m_.grade_from) {
      graded_.lo += dimensions_[static_cast<std::size_t>(d)].lo;
      graded_.hi += dimensions_[static_cast<std::size_t>(d)].hi;
    }
  }

  void unused_dimensions() {
    for (std::size_t d = 0; d < m_.dimensions.size(); ++d) {
      if (used_[d]) continue;
      warn(pointer_append("/dimensions", d), "unused-dimension",
           "dimension '" + m_.dimensions[d].id +
               "' gets points from no option, band, question, signal or rule, so it never "
               "moves");
    }
  }

  // ---- checks on one expression --------------------------------------------------------------
  void expression(int e) {
    const std::string& at = m_.expressions[static_cast<std::size_t>(e)].pointer;
    const ExprFacts facts = facts_of(e);
    for (const auto& c : facts.comparisons) {
      option_value(c, at);
      threshold(c, at);
    }
  }

  // `role == 'stuent'` where role has no such option.
  void option_value(const ExprFacts::Comparison& c, const std::string& at) {
    if (c.slot >= questions_ || !c.path.empty() || is_ordering(c.kind)) return;
    const Question& question = m_.questions[static_cast<std::size_t>(c.slot)];
    if (question.type != QuestionType::Choice && question.type != QuestionType::Multi) return;
    std::vector<Value> values;
    if (c.kind == Kind::In && c.constant.is_array()) {
      values = c.constant.as_array();
    } else {
      values.push_back(c.constant);
    }
    for (const Value& value : values) {
      if (!value.is_string()) continue;
      const std::string text(value.as_string());
      if (std::find(question.option_values.begin(), question.option_values.end(), text) !=
          question.option_values.end()) {
        continue;
      }
      std::string listed;
      for (const std::string& option : question.option_values) {
        listed += (listed.empty() ? "" : ", ") + option;
      }
      warn(at, "unknown-option-value",
           "'" + question.id + "' has no option '" + quote_for_message(text) +
               "' (its options: " + listed + ")" + did_you_mean(text, question.option_values));
    }
  }

  // `score >= 120` where the score cannot pass 100.
  void threshold(const ExprFacts::Comparison& c, const std::string& at) {
    if (!is_ordering(c.kind) || !c.constant.is_number()) return;
    Range r;
    std::string what;
    bool always_a_number = true;  // an unanswered question is null: `x >= 0` is then false
    if (c.slot == m_.slots.score && c.path.empty()) {
      r = score_;
      what = "the score";
    } else if (c.slot == m_.slots.percent && c.path.empty() && has_percent_) {
      r = percent_;
      what = "the percent";
    } else if (c.slot == m_.slots.dimensions && c.path.size() == 1) {
      const std::size_t d = dimension_index(c.path[0]);
      if (d == m_.dimensions.size()) return;
      r = dimensions_[d];
      what = "dimension '" + m_.dimensions[d].id + "'";
    } else if (c.slot < questions_ && c.path.empty()) {
      const Question& question = m_.questions[static_cast<std::size_t>(c.slot)];
      if (question.type != QuestionType::Number && question.type != QuestionType::Range) return;
      r = {question.min, question.max};
      what = "an answer to '" + question.id + "'";
      always_a_number = false;
    } else {
      return;
    }
    const double constant = c.constant.as_number();
    const int verdict = decided(c.kind, constant, r);
    if (verdict == 0 || (verdict > 0 && !always_a_number)) return;
    const bool upper = c.kind == Kind::Greater || c.kind == Kind::GreaterEqual;
    const bool bound_is_hi = verdict < 0 ? upper : !upper;
    const std::string comparison =
        name_of(c.slot, c.path) + " " + operator_text(c.kind) + " " + format_number(constant);
    warn(at, "threshold-out-of-range",
         "'" + comparison + "' " + (verdict < 0 ? "never" : "always") + " holds: " + what + " is " +
             (bound_is_hi ? "at most " : "at least ") + format_number(bound_is_hi ? r.hi : r.lo));
  }

  // Bands of a number question outside its min and max.
  void bands(std::size_t q) {
    const Question& question = m_.questions[q];
    for (std::size_t b = 0; b < question.bands.size(); ++b) {
      const Band& band = question.bands[b];
      if (band.min <= question.max && band.max >= question.min) continue;
      warn(pointer_append(pointer_append(pointer_append("/questions", q), "bands"), b),
           "threshold-out-of-range",
           "this band of '" + question.id + "' never matches: answers are " +
               bounds_text({question.min, question.max}));
    }
  }

  void grade_bands() {
    for (std::size_t i = 0; i < m_.grade_bands.size(); ++i) {
      const GradeBand& band = m_.grade_bands[i];
      if (!band.has_min) continue;
      const std::string at =
          pointer_append(pointer_append(pointer_append("/grade", "bands"), i), "min");
      if (band.min > graded_.hi) {
        warn(at, "threshold-out-of-range",
             "grade '" + band.grade + "' is never given: it needs " + format_number(band.min) +
                 " and the graded dimensions sum to at most " + format_number(graded_.hi));
      } else if (band.min <= graded_.lo && i + 1 < m_.grade_bands.size()) {
        warn(at, "threshold-out-of-range",
             "every lead reaches grade '" + band.grade +
                 "' (the graded dimensions sum to at least " + format_number(graded_.lo) +
                 "), so the bands after it are never given");
      }
    }
  }

  // ---- checks by trying answers --------------------------------------------------------------
  // Whether some combination of answers makes `expr` hold; nullopt when the answers it reads
  // cannot all be tried, so nothing can be said.
  std::optional<bool> ever_holds(int expr) const {
    Space space;
    if (!space_for({expr}, space)) return std::nullopt;
    bool ever = false;
    each_state(space, [&](const EvalContext& context) {
      ever = eval(expr, context).truthy();
      return !ever;
    });
    return ever;
  }

  void never_shown(const Question& question) {
    const std::string& at = pointer_of(question.show_if);
    if (warned(at)) return;
    if (ever_holds(question.show_if) == false) {
      warn(at, "unreachable-question",
           "question '" + question.id + "' is never shown: its showIf holds for no answers");
    }
  }

  void never_fires(const Rule& rule) {
    const std::string& at = pointer_of(rule.condition);
    if (warned(at)) return;
    if (ever_holds(rule.condition) == false) {
      warn(at, "rule-never-fires",
           "rule '" + rule.id + "' never fires: its condition holds for no answers");
    }
  }

  void unreachable_stage(std::size_t index) {
    const Stage& stage = m_.stages[index];
    std::vector<int> conditions;
    for (std::size_t j = 0; j <= index; ++j) {
      if (m_.stages[j].condition >= 0) conditions.push_back(m_.stages[j].condition);
    }
    Space space;
    if (!space_for(conditions, space)) return;
    bool own = false;
    bool reached = false;
    std::vector<bool> always(index, true);
    each_state(space, [&](const EvalContext& context) {
      bool earlier = false;
      for (std::size_t j = 0; j < index; ++j) {
        const int condition = m_.stages[j].condition;
        const bool holds = condition >= 0 && eval(condition, context).truthy();
        always[j] = always[j] && holds;
        earlier = earlier || holds;
      }
      const bool holds = stage.condition < 0 || eval(stage.condition, context).truthy();
      own = own || holds;
      reached = reached || (holds && !earlier);
      return true;
    });
    if (reached) return;
    const std::string at = pointer_append("/stages", index);
    const std::string name = "stage '" + stage.id + "' is never reached: ";
    if (!own) {
      const std::string& condition_at = pointer_of(stage.condition);
      if (!warned(condition_at)) {
        warn(condition_at, "unreachable-stage", name + "its condition holds for no lead");
      }
      return;
    }
    for (std::size_t j = 0; j < index; ++j) {
      if (always[j]) {
        warn(at, "unreachable-stage",
             name + "stage '" + m_.stages[j].id + "' before it holds for every lead");
        return;
      }
    }
    warn(at, "unreachable-stage",
         name + "whenever its condition holds, an earlier stage's holds too");
  }

  // ---- trying answers ------------------------------------------------------------------------
  struct Space {
    std::vector<int> variables;               // slots given sample values
    std::vector<std::vector<Value>> samples;  // per variable
    std::vector<bool> computed;               // the computed values worked out, by index
  };

  // The names `conditions` read, through the computed values they use, each with its sample
  // values. False when something cannot be tried or there are too many combinations.
  bool space_for(const std::vector<int>& conditions, Space& space) const {
    std::vector<bool> seen(static_cast<std::size_t>(m_.slots.count), false);
    std::vector<int> pending(conditions.begin(), conditions.end());
    std::vector<double> numbers_seen;
    std::vector<std::string> strings_seen;
    std::vector<std::string> dimensions_read;
    while (!pending.empty()) {
      const int e = pending.back();
      pending.pop_back();
      const ExprFacts facts = facts_of(e);
      for (const Value& v : facts.constants) {
        if (v.is_number()) numbers_seen.push_back(v.as_number());
        if (v.is_string()) strings_seen.emplace_back(v.as_string());
      }
      for (const auto& read : facts.reads) {
        if (read.slot != m_.slots.dimensions) continue;
        if (read.path.empty()) return false;
        dimensions_read.push_back(read.path[0]);
      }
      for (int slot : m_.expressions[static_cast<std::size_t>(e)].reads) {
        if (seen[static_cast<std::size_t>(slot)]) continue;
        seen[static_cast<std::size_t>(slot)] = true;
        const int computed = slot - questions_;
        if (computed >= 0 && computed < static_cast<int>(m_.computed.size())) {
          pending.push_back(m_.computed[static_cast<std::size_t>(computed)].expr);
        }
      }
    }
    std::size_t combinations = 1;
    space.computed.assign(m_.computed.size(), false);
    for (int slot = 0; slot < m_.slots.count; ++slot) {
      if (!seen[static_cast<std::size_t>(slot)]) continue;
      const int computed = slot - questions_;
      if (computed >= 0 && computed < static_cast<int>(m_.computed.size())) {
        space.computed[static_cast<std::size_t>(computed)] = true;
        continue;
      }
      std::vector<Value> values;
      if (!samples(slot, numbers_seen, strings_seen, dimensions_read, values)) return false;
      combinations *= values.size();
      if (combinations > kMaxCombinations) return false;
      space.variables.push_back(slot);
      space.samples.push_back(std::move(values));
    }
    return true;
  }

  bool samples(int slot, const std::vector<double>& numbers_seen,
               const std::vector<std::string>& strings_seen,
               const std::vector<std::string>& dimensions_read, std::vector<Value>& out) const {
    auto add_numbers = [&](const Range& r, double step) {
      for (double d : numbers(r, numbers_seen, step)) out.push_back(Value::number(d));
    };
    if (slot < questions_)
      return question_samples(m_.questions[static_cast<std::size_t>(slot)], numbers_seen,
                              strings_seen, out);
    if (slot == m_.slots.score) {
      add_numbers(score_, 0.01);
    } else if (slot == m_.slots.percent) {
      if (has_percent_) {
        add_numbers(percent_, 0.1);
      } else {
        out.push_back(Value());
      }
    } else if (slot == m_.slots.grade) {
      out.push_back(Value());
      for (const GradeBand& band : m_.grade_bands) out.push_back(Value::string(band.grade));
    } else if (slot == m_.slots.complete) {
      out = {Value::boolean(false), Value::boolean(true)};
    } else if (slot == m_.slots.dimensions) {
      return dimension_samples(dimensions_read, numbers_seen, out);
    } else {
      return false;  // signals: their values come from the page, not from answers
    }
    return true;
  }

  // Objects {dimension: value} over the combinations of the dimensions read; the others 0.
  bool dimension_samples(const std::vector<std::string>& read,
                         const std::vector<double>& numbers_seen, std::vector<Value>& out) const {
    std::vector<std::size_t> indexes;
    for (const std::string& id : read) {
      const std::size_t d = dimension_index(id);
      if (d == m_.dimensions.size()) return false;
      if (std::find(indexes.begin(), indexes.end(), d) == indexes.end()) indexes.push_back(d);
    }
    std::vector<std::vector<double>> values;
    std::size_t combinations = 1;
    for (std::size_t d : indexes) {
      values.push_back(numbers(dimensions_[d], numbers_seen, 0.01));
      combinations *= values.back().size();
      if (combinations > kMaxCombinations) return false;
    }
    std::vector<std::size_t> at(indexes.size(), 0);
    for (std::size_t n = 0; n < combinations; ++n) {
      Object members;
      for (std::size_t d = 0; d < m_.dimensions.size(); ++d) {
        auto it = std::find(indexes.begin(), indexes.end(), d);
        const double value = it == indexes.end()
                                 ? 0
                                 : values[static_cast<std::size_t>(it - indexes.begin())]
                                         [at[static_cast<std::size_t>(it - indexes.begin())]];
        members.emplace_back(m_.dimensions[d].id, Value::number(value));
      }
      out.push_back(Value::object(std::move(members)));
      for (std::size_t k = 0; k < at.size() && ++at[k] == values[k].size(); ++k) at[k] = 0;
    }
    return true;
  }

  bool question_samples(const Question& question, const std::vector<double>& numbers_seen,
                        const std::vector<std::string>& strings_seen,
                        std::vector<Value>& out) const {
    out.push_back(Value());  // unanswered, hidden or invalid
    switch (question.type) {
      case QuestionType::Choice:
        for (const Option& option : question.options) out.push_back(Value::string(option.value));
        return true;
      case QuestionType::Multi: {
        if (question.options.size() > kMaxMultiOptions) return false;
        const std::size_t subsets = std::size_t{1} << question.options.size();
        for (std::size_t mask = 0; mask < subsets; ++mask) {
          Array chosen;
          for (std::size_t o = 0; o < question.options.size(); ++o) {
            if (mask & (std::size_t{1} << o)) {
              chosen.push_back(Value::string(question.options[o].value));
            }
          }
          out.push_back(Value::array(std::move(chosen)));
        }
        return true;
      }
      case QuestionType::Number:
      case QuestionType::Range: {
        std::vector<double> constants = numbers_seen;
        for (const Band& band : question.bands) {
          constants.push_back(band.min);
          constants.push_back(band.max);
        }
        for (double d : numbers({question.min, question.max}, constants, 0.001)) {
          out.push_back(Value::number(d));
        }
        return true;
      }
      case QuestionType::Boolean:
        out.push_back(Value::boolean(false));
        out.push_back(Value::boolean(true));
        return true;
      case QuestionType::Text:
      case QuestionType::Email:
      case QuestionType::Hidden:
        for (const char* text : {"", "x", "a@example.com", "a@gmail.com", "a@mailinator.com"}) {
          out.push_back(Value::string(text));
        }
        out.push_back(Value::string(std::string(300, 'x')));
        for (const std::string& text : strings_seen) {
          out.push_back(Value::string(text));
          out.push_back(Value::string("a@" + text));
        }
        if (question.type == QuestionType::Hidden) {
          out.push_back(Value::boolean(false));
          out.push_back(Value::boolean(true));
          for (double d : numbers({-kInfinity, kInfinity}, numbers_seen, 0.001)) {
            out.push_back(Value::number(d));
          }
        }
        return true;
    }
    return false;
  }

  // Calls visit(context) for every combination of the samples, with the computed values the
  // conditions use worked out from them, until visit returns false.
  template <typename Visit>
  void each_state(const Space& space, Visit visit) const {
    std::vector<Value> slots(static_cast<std::size_t>(m_.slots.count));
    EvalContext context;
    context.slots = slots.data();
    std::vector<std::size_t> at(space.variables.size(), 0);
    for (;;) {
      for (std::size_t k = 0; k < at.size(); ++k) {
        slots[static_cast<std::size_t>(space.variables[k])] = space.samples[k][at[k]];
      }
      for (const EvalStep& step : m_.plan) {
        if (step.is_question || !space.computed[static_cast<std::size_t>(step.index)]) continue;
        const Value v = eval(m_.computed[static_cast<std::size_t>(step.index)].expr, context);
        slots[static_cast<std::size_t>(questions_ + step.index)] = v.is_error() ? Value() : v;
      }
      if (!visit(context)) return;
      std::size_t k = 0;
      while (k < at.size() && ++at[k] == space.samples[k].size()) at[k++] = 0;
      if (k == at.size()) return;
    }
  }

  // ---- helpers -------------------------------------------------------------------------------
  ExprFacts facts_of(int e) const {
    return facts_.read(m_.expressions[static_cast<std::size_t>(e)].start);
  }

  Value eval(int e, const EvalContext& context) const {
    return evaluate(m_.program, m_.expressions[static_cast<std::size_t>(e)].start, context,
                    m_.max_steps, &m_.names);
  }

  const std::string& pointer_of(int e) const {
    return m_.expressions[static_cast<std::size_t>(e)].pointer;
  }

  std::size_t dimension_index(const std::string& id) const {
    for (std::size_t d = 0; d < m_.dimensions.size(); ++d) {
      if (m_.dimensions[d].id == id) return d;
    }
    return m_.dimensions.size();
  }

  std::string name_of(int slot, const std::vector<std::string>& path) const {
    std::string name;
    if (slot < questions_) {
      name = m_.questions[static_cast<std::size_t>(slot)].id;
    } else if (slot - questions_ < static_cast<int>(m_.computed.size())) {
      name = m_.computed[static_cast<std::size_t>(slot - questions_)].id;
    } else if (slot == m_.slots.score) {
      name = "score";
    } else if (slot == m_.slots.percent) {
      name = "percent";
    } else if (slot == m_.slots.dimensions) {
      name = "dimensions";
    } else {
      name = "signals";
    }
    for (const std::string& segment : path) name += "." + segment;
    return name;
  }

  void warn(std::string pointer, std::string code, std::string message) {
    out_.push_back({std::move(pointer), std::move(code), std::move(message)});
  }
  bool warned(const std::string& pointer) const {
    return std::any_of(out_.begin(), out_.end(),
                       [&](const Warning& w) { return w.pointer == pointer; });
  }

  const CompiledModel& m_;
  const FactReader facts_;
  const int questions_;
  std::vector<bool> used_;
  std::vector<Range> dimensions_;
  Range score_;
  Range percent_;
  Range graded_;
  bool has_percent_ = false;
  std::vector<Warning> out_;
};

}  // namespace

std::vector<Warning> lint(const CompiledModel& model) {
  return Linter(model).run();
}

}  // namespace leadqual
