// score(): answers (+ signals and a clock) → the result of docs/model.md, in the documented
// order of evaluation, and the result's canonical text. Allocation is kept to what the result
// itself needs: every working vector lives in the caller's Result and is reused.
#include "core/runtime/score.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/eval.hpp"
#include "core/runtime/functions.hpp"
#include "core/runtime/iso8601.hpp"
#include "core/runtime/js.hpp"
#include "core/runtime/json_writer.hpp"
#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

constexpr std::size_t kMaxSignalEvents = 10000;
// Errors beyond this many are counted, not listed: a flood of bad keys must not make the result
// (or the "did you mean" search) grow without bound.
constexpr std::size_t kMaxErrors = 100;
constexpr double kMsPerDay = 86400000.0;

std::string in_quotes(std::string_view text) {
  return "'" + quote_for_message(text) + "'";
}

std::string list_of(const std::vector<std::string>& names) {
  if (names.size() > 12) return {};
  std::string out = " (one of: ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out + ")";
}

bool looks_like_email(std::string_view s) {
  std::size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  if (at > 64) return false;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || u == 127) return false;
    if (std::string_view("(),:;<>[]\\\"").find(c) != std::string_view::npos) return false;
  }
  std::string_view local(s.data(), at);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return false;
  }
  std::string_view domain(s.data() + at + 1, s.size() - at - 1);
  std::size_t labels = 0;
  std::string_view last;
  while (true) {
    std::size_t dot = domain.find('.');
    std::string_view label = domain.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      auto u = static_cast<unsigned char>(c);
      bool ok = u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '-';
      if (!ok) return false;
    }
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  bool numeric_tld =
      std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
  return labels >= 2 && last.size() >= 2 && !numeric_tld;
}

// `count` copies of `value`: filled in place when the size is right (vector::assign's fill is a
// call per vector).
template <class T>
void refill(std::vector<T>& values, std::size_t count, T value) {
  if (values.size() == count) {
    std::fill(values.begin(), values.end(), value);
  } else {
    values.assign(count, value);
  }
}

class Scorer {
 public:
  Scorer(const CompiledModel& model, const Input& input, double now_ms, Result& result)
      : m_(model), in_(input), now_ms_(now_ms), r_(result) {}

  // Steps 1–8 of docs/model.md.
  void run() {
    reset();
    read_answers();
    read_signals();
    EvalContext context;
    context.slots = r_.slots.data();
    context.now_ms = now_ms_;
    evaluate_plan(context);
    add_points(context);
    settle(context);
    if (r_.errors_left_out > 0) {
      r_.errors.push_back(AnswerError{"", "too_many_errors",
                                      decimal(r_.errors_left_out) + " more errors left out"});
    }
  }

 private:
  void reset() {
    const std::size_t questions = m_.questions.size();
    r_.score = 0;
    r_.percent = std::numeric_limits<double>::quiet_NaN();
    r_.grade = -1;
    r_.stage = -1;
    r_.disqualified = -1;
    r_.complete = true;
    r_.slots.assign(static_cast<std::size_t>(m_.slots.count), Value());
    refill(r_.answered, questions, char{0});
    refill(r_.visible, questions, char{1});
    refill(r_.chosen, questions, -1);
    refill(r_.selected, m_.option_count, char{0});
    refill(r_.signal_counts, m_.signals.size(), 0.0);
    refill(r_.dimensions, m_.dimensions.size(), 0.0);
    refill(r_.band, questions, -1);
    refill(r_.fired, m_.rules.size(), char{0});
    r_.reasons.clear();
    r_.errors.clear();
    r_.errors_left_out = 0;
  }

  void error(std::string path, const char* code, std::string message) {
    if (r_.errors.size() >= kMaxErrors) {
      ++r_.errors_left_out;
      return;
    }
    r_.errors.push_back(AnswerError{std::move(path), code, std::move(message)});
  }

  // Keys that name nothing in the model, reported after the answers' own errors, sorted and
  // once each (as a JSON object holds them).
  void unknown_keys(const std::vector<std::string_view>& given, const char* base, const char* code,
                    const char* what, const std::vector<std::string>& known) {
    if (given.empty()) return;
    TextKeys keys;
    keys.reserve(given.size());
    for (std::string_view key : given) keys.emplace_back(key, 0);
    sort_keys(keys);
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::size_t listed = 0;
    for (const auto& entry : keys) {
      const std::string_view key = entry.first;
      if (listed++ >= kMaxErrors) {
        ++r_.errors_left_out;
        continue;
      }
      error(pointer_append(base, key), code,
            std::string("no ") + what + " " + in_quotes(key) + " in this model" +
                did_you_mean(key, known));
    }
  }

  // ---- 1. answers ---------------------------------------------------------------------------
  void read_answers() {
    if (in_.answers == RawKind::Null || in_.answers == RawKind::Absent) return;
    if (in_.answers != RawKind::Object) {
      error("", "wrong_type",
            std::string("expected the answers as an object, got ") + raw_kind_name(in_.answers));
      return;
    }
    const std::size_t given = std::min(in_.questions.size(), m_.questions.size());
    for (std::size_t q = 0; q < given; ++q) {
      if (in_.questions[q].kind != RawKind::Absent) validate(q, in_.questions[q]);
    }
    unknown_keys(in_.unknown_questions, "", "unknown_question", "question", m_.question_ids);
  }

  LEADQUAL_INLINE void accept(std::size_t q, Value value) {
    r_.slots[q] = std::move(value);
    r_.answered[q] = 1;
  }

  void validate(std::size_t q, const Raw& raw) {
    const Question& question = m_.questions[q];
    if (raw.kind == RawKind::Null || (raw.kind == RawKind::String && raw.text.empty())) return;
    const std::string& path = question.answer_path;
    switch (question.type) {
      case QuestionType::Choice: {
        if (raw.kind != RawKind::String) {
          error(path, "wrong_type",
                std::string("expected one of the options (a string), got ") +
                    raw_kind_name(raw.kind));
          return;
        }
        int option = CompiledModel::find_option(question, raw.text);
        if (option < 0) {
          unknown_option(path, question, raw.text);
          return;
        }
        r_.chosen[q] = option;
        accept(q, Value::borrowed(question.options[static_cast<std::size_t>(option)].value));
        return;
      }
      case QuestionType::Multi:
        validate_multi(q, raw, path);
        return;
      case QuestionType::Number:
      case QuestionType::Range: {
        double number = 0;
        if (raw.kind == RawKind::Number) {
          number = raw.number;
        } else if (raw.kind != RawKind::String) {
          error(path, "wrong_type",
                std::string("expected a number, got ") + raw_kind_name(raw.kind));
          return;
        } else if (!number_text(raw.text, number)) {
          error(path, "not_a_number", in_quotes(raw.text) + " is not a number");
          return;
        }
        if (!std::isfinite(number)) {
          error(path, "not_a_number", "expected a finite number");
          return;
        }
        if (number < question.min) {
          error(path, "out_of_range",
                format_number(number) + " is below the minimum " + format_number(question.min));
          return;
        }
        if (number > question.max) {
          error(path, "out_of_range",
                format_number(number) + " is above the maximum " + format_number(question.max));
          return;
        }
        accept(q, Value::number(number));
        return;
      }
      case QuestionType::Boolean:
        if (raw.kind == RawKind::Bool) {
          accept(q, Value::boolean(raw.boolean));
        } else if (raw.kind == RawKind::String && (raw.text == "true" || raw.text == "false")) {
          accept(q, Value::boolean(raw.text == "true"));
        } else {
          error(path, "wrong_type",
                std::string("expected true or false, got ") + raw_kind_name(raw.kind));
        }
        return;
      case QuestionType::Text:
      case QuestionType::Email: {
        if (raw.kind != RawKind::String) {
          error(path, "wrong_type",
                std::string("expected a string, got ") + raw_kind_name(raw.kind));
          return;
        }
        if (!short_enough(raw.text, question.max_length, path)) return;
        if (question.type == QuestionType::Email && !looks_like_email(raw.text)) {
          error(path, "invalid_email",
                in_quotes(raw.text) + " is not an email address (expected name@domain.tld)");
          return;
        }
        accept(q, Value::borrowed(raw.text));
        return;
      }
      case QuestionType::Hidden:
        if (raw.kind == RawKind::String) {
          if (!short_enough(raw.text, question.max_length, path)) return;
          accept(q, Value::borrowed(raw.text));
        } else if (raw.kind == RawKind::Number) {
          if (std::isfinite(raw.number)) {
            accept(q, Value::number(raw.number));
          } else {
            error(path, "not_a_number", "expected a finite number");
          }
        } else if (raw.kind == RawKind::Bool) {
          accept(q, Value::boolean(raw.boolean));
        } else {
          error(
              path, "wrong_type",
              std::string("expected a string, number or boolean, got ") + raw_kind_name(raw.kind));
        }
        return;
    }
  }

  bool short_enough(std::string_view text, std::size_t max_length, const std::string& path) {
    // Bytes bound characters from above, so most strings skip the count.
    if (text.size() <= max_length) return true;
    std::size_t length = utf8_length(text);
    if (length <= max_length) return true;
    error(path, "too_long",
          "a text of " + decimal(length) + " characters, at most " + decimal(max_length) +
              " are allowed");
    return false;
  }

  void unknown_option(const std::string& path, const Question& question, std::string_view value) {
    std::string hint = did_you_mean(value, question.option_values);
    error(path, "unknown_option",
          in_quotes(value) + " is not an option" +
              (hint.empty() ? list_of(question.option_values) : hint));
  }

  void validate_multi(std::size_t q, const Raw& raw, const std::string& path) {
    const Question& question = m_.questions[q];
    if (raw.kind != RawKind::Array) {
      error(path, "wrong_type",
            std::string("expected an array of options, got ") + raw_kind_name(raw.kind));
      return;
    }
    if (raw.count == 0) return;  // nothing chosen: not answered
    if (raw.count > question.options.size() * 2 + 16) {
      error(path, "too_long",
            decimal(raw.count) + " choices for " + decimal(question.options.size()) + " options");
      return;
    }
    char* selected = r_.selected.data() + question.first_option;
    bool ok = true;
    for (std::size_t i = 0; i < raw.count; ++i) {
      const Raw& item = in_.items[raw.first + i];
      if (item.kind != RawKind::String) {
        error(pointer_append(path, i), "wrong_type",
              std::string("expected an option (a string), got ") + raw_kind_name(item.kind));
        ok = false;
        continue;
      }
      int option = CompiledModel::find_option(question, item.text);
      if (option < 0) {
        unknown_option(pointer_append(path, i), question, item.text);
        ok = false;
        continue;
      }
      selected[option] = 1;
    }
    if (!ok) {
      std::fill(selected, selected + question.options.size(), 0);
      return;
    }
    Array values;
    for (std::size_t o = 0; o < question.options.size(); ++o) {
      if (selected[o]) values.push_back(Value::borrowed(question.options[o].value));
    }
    accept(q, Value::array(std::move(values)));
  }

  // ---- signals ------------------------------------------------------------------------------
  void read_signals() {
    if (in_.signals == RawKind::Null || in_.signals == RawKind::Absent) return;
    if (in_.signals != RawKind::Object) {
      error("/signals", "wrong_type",
            std::string("expected the signals as an object, got ") + raw_kind_name(in_.signals));
      return;
    }
    // In id order, as the keys of the signals object come.
    for (std::uint32_t i : m_.signals_by_id) {
      if (i >= in_.signal_values.size()) continue;
      const Raw& raw = in_.signal_values[i];
      if (raw.kind == RawKind::Absent) continue;
      double value = 0;
      if (signal_value(m_.signals[i], raw, pointer_append("/signals", m_.signals[i].id), value)) {
        r_.signal_counts[i] = value;
      }
    }
    unknown_keys(in_.unknown_signals, "/signals", "unknown_signal", "signal", m_.signal_ids);
    if (m_.signals.empty()) return;
    Object members;
    members.reserve(m_.signals.size());
    for (std::size_t i = 0; i < m_.signals.size(); ++i) {
      members.emplace_back(m_.signals[i].id, Value::number(r_.signal_counts[i]));
    }
    r_.slots[static_cast<std::size_t>(m_.slots.signals)] = Value::object(std::move(members));
  }

  bool signal_value(const Signal& signal, const Raw& raw, const std::string& path, double& out) {
    if (raw.kind == RawKind::Number) {
      double count = raw.number;
      if (!std::isfinite(count)) {
        error(path, "not_a_number", "expected a finite number");
        return false;
      }
      if (count < 0) {
        error(path, "out_of_range", format_number(count) + " is below the minimum 0");
        return false;
      }
      out = count;
      return true;
    }
    if (raw.kind != RawKind::Array) {
      error(path, "wrong_type",
            std::string("expected a number or an array of timestamps, got ") +
                raw_kind_name(raw.kind));
      return false;
    }
    if (raw.count > kMaxSignalEvents) {
      error(path, "too_long",
            decimal(raw.count) + " events, at most " + decimal(kMaxSignalEvents) + " are allowed");
      return false;
    }
    bool decays = signal.half_life_days > 0 && std::isfinite(now_ms_);
    double total = 0;
    bool ok = true;
    for (std::size_t i = 0; i < raw.count; ++i) {
      const Raw& event = in_.items[raw.first + i];
      double ms = 0;
      if (event.kind == RawKind::Number && std::isfinite(event.number)) {
        ms = event.number;
      } else if (event.kind == RawKind::String) {
        if (!parse_iso8601(event.text, ms)) {
          error(pointer_append(path, i), "invalid_date",
                in_quotes(event.text) + " is not an ISO 8601 date (e.g. 2026-11-20T10:00:00Z)");
          ok = false;
          continue;
        }
      } else {
        error(pointer_append(path, i), "wrong_type",
              std::string("expected a timestamp (milliseconds or an ISO 8601 string), got ") +
                  raw_kind_name(event.kind));
        ok = false;
        continue;
      }
      double age_days = (now_ms_ - ms) / kMsPerDay;
      total += decays && age_days > 0 ? half_power(age_days / signal.half_life_days) : 1.0;
    }
    if (!ok) return false;
    // Rounded: half_power is within a unit in the last place of std::pow, which results had.
    out = round_to(total, 4);
    return true;
  }

  // ---- 2. visibility and computed values ----------------------------------------------------
  Value eval(int expression, const EvalContext& context) const {
    const Expression& e = m_.expressions[static_cast<std::size_t>(expression)];
    return evaluate(m_.program, e.start, context, m_.max_steps, &m_.names);
  }

  // A condition's truth (a showIf, a rule, a stage): false, with the error reported, when it
  // fails. Most conditions are answered by test() without building a Value.
  LEADQUAL_INLINE bool holds(int expression, const EvalContext& context) {
    const Expression& e = m_.expressions[static_cast<std::size_t>(expression)];
    Truth t = e.check >= 0 ? test_check(m_.program, &m_.checks[static_cast<std::size_t>(e.check)],
                                        context.slots)
                           : test(m_.program, e.start, context.slots, m_.max_steps);
    if (t != Truth::Unknown) return t == Truth::True;
    Value value = evaluate(m_.program, e.start, context, m_.max_steps, &m_.names);
    if (value.is_error()) {
      eval_error(expression, value);
      return false;
    }
    return value.truthy();
  }

  void eval_error(int expression, const Value& failure) {
    std::string_view message =
        failure.error_message().empty() ? failure.as_string() : failure.error_message();
    error(m_.expressions[static_cast<std::size_t>(expression)].pointer, "eval_error",
          std::string(message));
  }

  void evaluate_plan(const EvalContext& context) {
    for (const EvalStep& step : m_.plan) {
      auto index = static_cast<std::size_t>(step.index);
      if (step.is_question) {
        const Question& question = m_.questions[index];
        if (question.show_if < 0) continue;
        if (!holds(question.show_if, context)) {
          r_.visible[index] = 0;
          r_.slots[index] = Value();
        }
      } else {
        const Computed& computed = m_.computed[index];
        Value value = eval(computed.expr, context);
        if (value.is_error()) {
          eval_error(computed.expr, value);
          value = Value();
        }
        r_.slots[m_.questions.size() + index] = std::move(value);
      }
    }
  }

  // ---- 3. points ----------------------------------------------------------------------------
  LEADQUAL_INLINE void add(const Points& points) {
    for (std::uint32_t i = points.first; i < points.first + points.count; ++i) {
      const Contribution& c = m_.contributions[i];
      r_.dimensions[static_cast<std::size_t>(c.dimension)] += c.points;
      r_.reasons.push_back(Reason{i, c.points});
    }
  }

  void add_points(const EvalContext& context) {
    for (std::size_t q = 0; q < m_.questions.size(); ++q) {
      if (!r_.visible[q] || !r_.answered[q]) continue;
      const Question& question = m_.questions[q];
      switch (question.type) {
        case QuestionType::Choice:
          add(question.options[static_cast<std::size_t>(r_.chosen[q])].points);
          break;
        case QuestionType::Multi:
          for (std::size_t o = 0; o < question.options.size(); ++o) {
            if (r_.selected[question.first_option + o]) add(question.options[o].points);
          }
          break;
        case QuestionType::Number:
        case QuestionType::Range: {
          double number = r_.slots[q].as_number();
          for (std::size_t b = 0; b < question.bands.size(); ++b) {
            const Band& band = question.bands[b];
            if (number >= band.min && number <= band.max) {
              add(band.points);
              r_.band[q] = static_cast<int>(b);
              break;  // the first matching band counts
            }
          }
          break;
        }
        case QuestionType::Boolean:
          if (r_.slots[q].as_bool()) add(question.true_points);
          break;
        default:
          break;
      }
    }
    for (std::size_t i = 0; i < m_.signals.size(); ++i) {
      const Signal& signal = m_.signals[i];
      for (std::uint32_t k = signal.points.first; k < signal.points.first + signal.points.count;
           ++k) {
        const Contribution& c = m_.contributions[k];
        double points =
            round_to(std::clamp(r_.signal_counts[i] * c.points, -signal.cap, signal.cap), 2);
        if (points == 0) continue;
        r_.dimensions[static_cast<std::size_t>(c.dimension)] += points;
        r_.reasons.push_back(Reason{k, points});
      }
    }
    for (std::size_t i = 0; i < m_.rules.size(); ++i) {
      const Rule& rule = m_.rules[i];
      if (!holds(rule.condition, context)) continue;
      r_.fired[i] = 1;
      if (rule.disqualifies) {
        if (r_.disqualified < 0) r_.disqualified = static_cast<int>(i);
      } else {
        add(rule.add);
      }
    }
  }

  // ---- 4–8. clamp, score, percent, grade, stage ---------------------------------------------
  void settle(const EvalContext& context) {
    double score = 0;
    for (std::size_t d = 0; d < m_.dimensions.size(); ++d) {
      const Dimension& dimension = m_.dimensions[d];
      r_.dimensions[d] = round_to(std::clamp(r_.dimensions[d], dimension.min, dimension.max), 2);
      score += dimension.weight * r_.dimensions[d];
    }
    r_.score = round_to(score, 2);
    if (std::isfinite(m_.percent_base) && m_.percent_base > 0) {
      r_.percent = round_to(100.0 * r_.score / m_.percent_base, 1);
    }
    if (m_.has_grade) {
      double graded = 0;
      for (int d : m_.grade_from) graded += r_.dimensions[static_cast<std::size_t>(d)];
      for (std::size_t b = 0; b < m_.grade_bands.size(); ++b) {
        const GradeBand& band = m_.grade_bands[b];
        if (!band.has_min || band.min <= graded) {
          r_.grade = static_cast<int>(b);
          break;
        }
      }
    }
    for (std::size_t q = 0; q < m_.questions.size(); ++q) {
      if (m_.questions[q].required && r_.visible[q] && !r_.answered[q]) r_.complete = false;
    }
    if (r_.disqualified >= 0) return;

    const SlotLayout& slots = m_.slots;
    r_.slots[static_cast<std::size_t>(slots.score)] = Value::number(r_.score);
    r_.slots[static_cast<std::size_t>(slots.percent)] =
        std::isnan(r_.percent) ? Value() : Value::number(r_.percent);
    r_.slots[static_cast<std::size_t>(slots.grade)] =
        r_.grade < 0 ? Value()
                     : Value::borrowed(m_.grade_bands[static_cast<std::size_t>(r_.grade)].grade);
    r_.slots[static_cast<std::size_t>(slots.complete)] = Value::boolean(r_.complete);
    if (m_.stages_use_dimensions) {
      Object members;
      for (std::size_t d = 0; d < m_.dimensions.size(); ++d) {
        members.emplace_back(m_.dimensions[d].id, Value::number(r_.dimensions[d]));
      }
      r_.slots[static_cast<std::size_t>(slots.dimensions)] = Value::object(std::move(members));
    }
    for (std::size_t s = 0; s < m_.stages.size(); ++s) {
      const Stage& candidate = m_.stages[s];
      if (candidate.condition < 0) {
        r_.stage = static_cast<int>(s);
        return;
      }
      if (holds(candidate.condition, context)) {
        r_.stage = static_cast<int>(s);
        return;
      }
    }
  }

  const CompiledModel& m_;
  const Input& in_;
  double now_ms_;
  Result& r_;
};

}  // namespace

const char* raw_kind_name(RawKind kind) {
  switch (kind) {
    case RawKind::Null:
    case RawKind::Absent:
      return "null";
    case RawKind::Bool:
      return "a boolean";
    case RawKind::Number:
      return "a number";
    case RawKind::String:
      return "a string";
    case RawKind::Array:
      return "an array";
    case RawKind::Object:
      return "an object";
  }
  return "null";
}

namespace {

// `count` absent values. Only the kinds are written once the size is right: a reader writes a
// value's fields with its kind, and nothing reads the fields of an absent one.
void all_absent(std::vector<Raw>& values, std::size_t count) {
  if (values.size() != count) {
    values.assign(count, Raw());
    return;
  }
  for (Raw& value : values) value.kind = RawKind::Absent;
}

}  // namespace

void Input::reset(const CompiledModel& model) {
  answers = RawKind::Object;
  all_absent(questions, model.questions.size());
  unknown_questions.clear();
  signals = RawKind::Object;
  all_absent(signal_values, model.signals.size());
  unknown_signals.clear();
  items.clear();
}

Raw* Input::add_items(Raw& array, std::size_t count) {
  array.kind = RawKind::Array;
  array.first = static_cast<std::uint32_t>(items.size());
  array.count = static_cast<std::uint32_t>(count);
  items.resize(items.size() + count);
  return items.data() + array.first;
}

void score(const CompiledModel& model, const Input& input, double now_ms, Result& result) {
  Scorer scorer(model, input, now_ms, result);
  scorer.run();
}

}  // namespace leadqual
