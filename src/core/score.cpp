// Model::score and Model::state: answers (+ signals and a clock) → the result of docs/model.md,
// in the documented order of evaluation. Allocation is kept to the result itself: the working
// vectors live in a per-thread scratch area reused from one score to the next.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/node.hpp"
#include "core/iso8601.hpp"
#include "core/json_writer.hpp"
#include "core/leadqual.hpp"
#include "core/model_impl.hpp"
#include "core/text_util.hpp"

namespace leadqual {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxSignalEvents = 10000;
// Errors beyond this many are counted, not listed: a flood of bad keys must not make the result
// (or the "did you mean" search) grow without bound.
constexpr std::size_t kMaxErrors = 100;
constexpr double kMsPerDay = 86400000.0;

enum class Source { Option, Band, Signal, Rule };

const char* source_name(Source source) {
  switch (source) {
    case Source::Option:
      return "option";
    case Source::Band:
      return "band";
    case Source::Signal:
      return "signal";
    case Source::Rule:
      return "rule";
  }
  return "rule";
}

struct Reason {
  Source source;
  const std::string* id;
  double points;
  const std::string* text;
  const Contribution* contribution;  // dimension, and the reason's JSON text around its points
};

struct AnswerError {
  std::string path;
  const char* code;
  std::string message;
};

struct Scratch {
  std::vector<Value> slots;
  std::vector<const json*> raw;  // each question's answer as given, or null
  std::vector<char> answered;    // a valid answer is present
  std::vector<char> visible;
  std::vector<int> chosen;     // choice: the option's index
  std::vector<char> selected;  // multi: per option of the model
  std::vector<double> signal_values;
  std::vector<double> dimensions;
  std::vector<Reason> reasons;
  std::vector<AnswerError> errors;
  std::size_t errors_left_out = 0;
};

thread_local Scratch scratch;

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

bool looks_like_email(const std::string& s) {
  std::size_t at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
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

// A number answer: a JSON number, or a string holding one (forms and CSV send strings).
// Parsing the string as JSON keeps it independent of the C locale.
bool read_number(const json& raw, double& out) {
  if (raw.is_number()) {
    out = raw.get<double>();
    return true;
  }
  if (!raw.is_string() || raw.get_ref<const std::string&>().size() > 64) return false;
  json parsed = json::parse(raw.get_ref<const std::string&>(), nullptr, false);
  if (!parsed.is_number()) return false;
  out = parsed.get<double>();
  return true;
}

// Appends members to a JSON object in ascending key order (the caller guarantees the order).
class Filler {
 public:
  explicit Filler(json& object) : object_(object.get_ref<json::object_t&>()) {}
  template <class V>
  json& add(const std::string& key, V&& value) {
    return object_.emplace_hint(object_.end(), key, json(std::forward<V>(value)))->second;
  }

 private:
  json::object_t& object_;
};

class Scorer {
 public:
  Scorer(const Model::Impl& model, const ScoreOptions& options, Scratch& s)
      : m_(model), options_(options), s_(s) {}

  // Steps 1–8 of docs/model.md; the result is then read with to_json() or write_text().
  void run(const json& answers) {
    reset();
    read_answers(answers);
    read_signals();
    EvalContext context;
    context.slots = s_.slots.data();
    context.now_ms = options_.now_ms;
    evaluate_plan(context);
    add_points(context);
    settle(context);
    if (s_.errors_left_out > 0) {
      s_.errors.push_back(AnswerError{
          "", "too_many_errors", std::to_string(s_.errors_left_out) + " more errors left out"});
    }
  }

  void reset() {
    const std::size_t questions = m_.questions.size();
    s_.slots.assign(static_cast<std::size_t>(m_.slot_count), Value());
    s_.raw.assign(questions, nullptr);
    s_.answered.assign(questions, 0);
    s_.visible.assign(questions, 1);
    s_.chosen.assign(questions, -1);
    s_.selected.assign(m_.option_count, 0);
    s_.signal_values.assign(m_.signals.size(), 0.0);
    s_.dimensions.assign(m_.dimensions.size(), 0.0);
    s_.reasons.clear();
    s_.errors.clear();
    s_.errors_left_out = 0;
  }

  void error(std::string path, const char* code, std::string message) {
    if (s_.errors.size() >= kMaxErrors) {
      ++s_.errors_left_out;
      return;
    }
    s_.errors.push_back(AnswerError{std::move(path), code, std::move(message)});
  }

  bool error_room() const { return s_.errors.size() < kMaxErrors; }

  // ---- 1. answers ---------------------------------------------------------------------------
  void read_answers(const json& answers) {
    if (answers.is_null()) return;
    if (!answers.is_object()) {
      error("", "wrong_type",
            std::string("expected the answers as an object, got ") + json_type_name(answers));
      return;
    }
    std::vector<AnswerError> unknown;
    // Answers (a std::map) and the question lookup are both sorted by id: walk them together.
    auto it = m_.question_lookup.begin();
    const auto end = m_.question_lookup.end();
    for (const auto& item : answers.items()) {
      const std::string& key = item.key();
      while (it != end && it->first < key) ++it;
      if (it == end || it->first != key) {
        if (unknown.size() >= kMaxErrors) {
          ++s_.errors_left_out;
          continue;
        }
        unknown.push_back(AnswerError{pointer_append("", key), "unknown_question",
                                      "no question " + in_quotes(key) + " in this model" +
                                          did_you_mean(key, m_.question_ids)});
        continue;
      }
      s_.raw[static_cast<std::size_t>(it->second)] = &item.value();
      ++it;
    }
    for (std::size_t q = 0; q < m_.questions.size(); ++q) {
      if (s_.raw[q] != nullptr) validate(q, *s_.raw[q]);
    }
    for (AnswerError& e : unknown) error(std::move(e.path), e.code, std::move(e.message));
  }

  void accept(std::size_t q, Value value) {
    s_.slots[q] = std::move(value);
    s_.answered[q] = 1;
  }

  void validate(std::size_t q, const json& raw) {
    const Question& question = m_.questions[q];
    if (raw.is_null() || (raw.is_string() && raw.get_ref<const std::string&>().empty())) return;
    const std::string& path = question.answer_path;
    switch (question.type) {
      case QuestionType::Choice: {
        if (!raw.is_string()) {
          error(path, "wrong_type",
                std::string("expected one of the options (a string), got ") + json_type_name(raw));
          return;
        }
        int option = find_option(question, raw.get_ref<const std::string&>());
        if (option < 0) {
          unknown_option(path, question, raw.get_ref<const std::string&>());
          return;
        }
        s_.chosen[q] = option;
        accept(q, question.options[static_cast<std::size_t>(option)].as_value);
        return;
      }
      case QuestionType::Multi:
        validate_multi(q, raw, path);
        return;
      case QuestionType::Number:
      case QuestionType::Range: {
        double number = 0;
        if (!read_number(raw, number)) {
          if (raw.is_string()) {
            error(path, "not_a_number",
                  in_quotes(raw.get_ref<const std::string&>()) + " is not a number");
          } else {
            error(path, "wrong_type", std::string("expected a number, got ") + json_type_name(raw));
          }
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
        if (raw.is_boolean()) {
          accept(q, Value::boolean(raw.get<bool>()));
        } else if (raw.is_string() && (raw.get_ref<const std::string&>() == "true" ||
                                       raw.get_ref<const std::string&>() == "false")) {
          accept(q, Value::boolean(raw.get_ref<const std::string&>() == "true"));
        } else {
          error(path, "wrong_type",
                std::string("expected true or false, got ") + json_type_name(raw));
        }
        return;
      case QuestionType::Text:
      case QuestionType::Email: {
        if (!raw.is_string()) {
          error(path, "wrong_type", std::string("expected a string, got ") + json_type_name(raw));
          return;
        }
        const std::string& text = raw.get_ref<const std::string&>();
        if (!short_enough(text, question.max_length, path)) return;
        if (question.type == QuestionType::Email && !looks_like_email(text)) {
          error(path, "invalid_email",
                in_quotes(text) + " is not an email address (expected name@domain.tld)");
          return;
        }
        accept(q, Value::string(text));
        return;
      }
      case QuestionType::Hidden:
        if (raw.is_string()) {
          if (!short_enough(raw.get_ref<const std::string&>(), question.max_length, path)) return;
          accept(q, Value::string(raw.get<std::string>()));
        } else if (raw.is_number()) {
          if (std::isfinite(raw.get<double>())) {
            accept(q, Value::number(raw.get<double>()));
          } else {
            error(path, "not_a_number", "expected a finite number");
          }
        } else if (raw.is_boolean()) {
          accept(q, Value::boolean(raw.get<bool>()));
        } else {
          error(path, "wrong_type",
                std::string("expected a string, number or boolean, got ") + json_type_name(raw));
        }
        return;
    }
  }

  bool short_enough(const std::string& text, std::size_t max_length, const std::string& path) {
    // Bytes bound characters from above, so most strings skip the count.
    if (text.size() <= max_length) return true;
    std::size_t length = utf8_length(text);
    if (length <= max_length) return true;
    error(path, "too_long",
          "a text of " + std::to_string(length) + " characters, at most " +
              std::to_string(max_length) + " are allowed");
    return false;
  }

  static int find_option(const Question& question, const std::string& value) {
    auto it =
        std::lower_bound(question.option_lookup.begin(), question.option_lookup.end(), value,
                         [](const auto& entry, const std::string& v) { return entry.first < v; });
    if (it == question.option_lookup.end() || it->first != value) return -1;
    return it->second;
  }

  void unknown_option(const std::string& path, const Question& question, const std::string& value) {
    std::string hint = did_you_mean(value, question.option_values);
    error(path, "unknown_option",
          in_quotes(value) + " is not an option" +
              (hint.empty() ? list_of(question.option_values) : hint));
  }

  void validate_multi(std::size_t q, const json& raw, const std::string& path) {
    const Question& question = m_.questions[q];
    if (!raw.is_array()) {
      error(path, "wrong_type",
            std::string("expected an array of options, got ") + json_type_name(raw));
      return;
    }
    if (raw.empty()) return;  // nothing chosen: not answered
    if (raw.size() > question.options.size() * 2 + 16) {
      error(path, "too_long",
            std::to_string(raw.size()) + " choices for " + std::to_string(question.options.size()) +
                " options");
      return;
    }
    char* selected = s_.selected.data() + question.first_option;
    bool ok = true;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const json& item = raw[i];
      std::string item_path = pointer_append(path, i);
      if (!item.is_string()) {
        error(item_path, "wrong_type",
              std::string("expected an option (a string), got ") + json_type_name(item));
        ok = false;
        continue;
      }
      int option = find_option(question, item.get_ref<const std::string&>());
      if (option < 0) {
        unknown_option(item_path, question, item.get_ref<const std::string&>());
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
      if (selected[o]) values.push_back(question.options[o].as_value);
    }
    accept(q, Value::array(std::move(values)));
  }

  // ---- signals ------------------------------------------------------------------------------
  void read_signals() {
    const json& given = options_.signals;
    if (given.is_null()) return;
    if (!given.is_object()) {
      error("/signals", "wrong_type",
            std::string("expected the signals as an object, got ") + json_type_name(given));
      return;
    }
    std::vector<AnswerError> unknown;
    for (const auto& item : given.items()) {
      const std::string& key = item.key();
      std::string path = pointer_append("/signals", key);
      auto it =
          std::lower_bound(m_.signal_lookup.begin(), m_.signal_lookup.end(), key,
                           [](const auto& entry, const std::string& k) { return entry.first < k; });
      if (it == m_.signal_lookup.end() || it->first != key) {
        if (unknown.size() >= kMaxErrors) {
          ++s_.errors_left_out;
          continue;
        }
        unknown.push_back(AnswerError{
            path, "unknown_signal",
            "no signal " + in_quotes(key) + " in this model" + did_you_mean(key, m_.signal_ids)});
        continue;
      }
      double value = 0;
      if (signal_value(m_.signals[static_cast<std::size_t>(it->second)], item.value(), path,
                       value)) {
        s_.signal_values[static_cast<std::size_t>(it->second)] = value;
      }
    }
    for (AnswerError& e : unknown) error(std::move(e.path), e.code, std::move(e.message));
    if (m_.signals.empty()) return;
    Object members;
    members.reserve(m_.signals.size());
    for (std::size_t i = 0; i < m_.signals.size(); ++i) {
      members.emplace_back(m_.signals[i].id, Value::number(s_.signal_values[i]));
    }
    s_.slots[static_cast<std::size_t>(m_.slot_signals)] = Value::object(std::move(members));
  }

  bool signal_value(const Signal& signal, const json& raw, const std::string& path, double& out) {
    if (raw.is_number()) {
      double count = raw.get<double>();
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
    if (!raw.is_array()) {
      error(path, "wrong_type",
            std::string("expected a number or an array of timestamps, got ") + json_type_name(raw));
      return false;
    }
    if (raw.size() > kMaxSignalEvents) {
      error(path, "too_long",
            std::to_string(raw.size()) + " events, at most " + std::to_string(kMaxSignalEvents) +
                " are allowed");
      return false;
    }
    bool decays = signal.half_life_days > 0 && std::isfinite(options_.now_ms);
    double total = 0;
    bool ok = true;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const json& event = raw[i];
      double ms = 0;
      if (event.is_number() && std::isfinite(event.get<double>())) {
        ms = event.get<double>();
      } else if (event.is_string()) {
        if (!parse_iso8601(event.get_ref<const std::string&>(), ms)) {
          error(pointer_append(path, i), "invalid_date",
                in_quotes(event.get_ref<const std::string&>()) +
                    " is not an ISO 8601 date (e.g. 2026-11-20T10:00:00Z)");
          ok = false;
          continue;
        }
      } else {
        error(pointer_append(path, i), "wrong_type",
              std::string("expected a timestamp (milliseconds or an ISO 8601 string), got ") +
                  json_type_name(event));
        ok = false;
        continue;
      }
      double age_days = (options_.now_ms - ms) / kMsPerDay;
      total += decays && age_days > 0 ? std::pow(0.5, age_days / signal.half_life_days) : 1.0;
    }
    if (!ok) return false;
    // pow may differ in the last bit between C libraries; rounding keeps results identical.
    out = round_to(total, 4);
    return true;
  }

  // ---- 2. visibility and computed values ----------------------------------------------------
  void eval_error(const std::string& pointer, const Value& failure) {
    std::string message =
        failure.error_message().empty() ? failure.as_string() : failure.error_message();
    error(pointer, "eval_error", message);
  }

  void evaluate_plan(const EvalContext& context) {
    for (const EvalStep& step : m_.plan) {
      auto index = static_cast<std::size_t>(step.index);
      if (step.is_question) {
        const Question& question = m_.questions[index];
        Value shown = question.show_if.eval(context);
        bool visible = false;
        if (shown.is_error()) {
          eval_error(question.show_if_pointer, shown);
        } else {
          visible = shown.truthy();
        }
        if (!visible) {
          s_.visible[index] = 0;
          s_.slots[index] = Value();
        }
      } else {
        const Computed& computed = m_.computed[index];
        Value value = computed.expr.eval(context);
        if (value.is_error()) {
          eval_error(computed.pointer, value);
          value = Value();
        }
        s_.slots[m_.questions.size() + index] = std::move(value);
      }
    }
  }

  // ---- 3. points ----------------------------------------------------------------------------
  void add(const Points& points, Source source, const std::string& id, const std::string& text) {
    for (const Contribution& c : points) {
      s_.dimensions[static_cast<std::size_t>(c.dimension)] += c.points;
      s_.reasons.push_back(Reason{source, &id, c.points, &text, &c});
    }
  }

  void add_points(const EvalContext& context) {
    for (std::size_t q = 0; q < m_.questions.size(); ++q) {
      if (!s_.visible[q] || !s_.answered[q]) continue;
      const Question& question = m_.questions[q];
      switch (question.type) {
        case QuestionType::Choice: {
          const Option& option = question.options[static_cast<std::size_t>(s_.chosen[q])];
          add(option.points, Source::Option, question.id, option.text);
          break;
        }
        case QuestionType::Multi:
          for (std::size_t o = 0; o < question.options.size(); ++o) {
            if (s_.selected[question.first_option + o]) {
              add(question.options[o].points, Source::Option, question.id,
                  question.options[o].text);
            }
          }
          break;
        case QuestionType::Number:
        case QuestionType::Range: {
          double number = s_.slots[q].as_number();
          for (const Band& band : question.bands) {
            if (number >= band.min && number <= band.max) {
              add(band.points, Source::Band, question.id, band.text);
              break;  // the first matching band counts
            }
          }
          break;
        }
        case QuestionType::Boolean:
          if (s_.slots[q].as_bool())
            add(question.true_points, Source::Option, question.id, question.text);
          break;
        default:
          break;
      }
    }
    for (std::size_t i = 0; i < m_.signals.size(); ++i) {
      const Signal& signal = m_.signals[i];
      for (const Contribution& c : signal.points) {
        double points =
            round_to(std::clamp(s_.signal_values[i] * c.points, -signal.cap, signal.cap), 2);
        if (points == 0) continue;
        s_.dimensions[static_cast<std::size_t>(c.dimension)] += points;
        s_.reasons.push_back(Reason{Source::Signal, &signal.id, points, &signal.text, &c});
      }
    }
    for (std::size_t r = 0; r < m_.rules.size(); ++r) {
      const Rule& rule = m_.rules[r];
      Value fired = rule.condition.eval(context);
      if (fired.is_error()) {
        eval_error(rule.pointer, fired);
        continue;
      }
      if (!fired.truthy()) continue;
      if (rule.disqualifies) {
        if (disqualifier_ == nullptr) disqualifier_ = &rule;
      } else {
        add(rule.add, Source::Rule, rule.id, rule.text);
      }
    }
  }

  // ---- 4–8. clamp, score, percent, grade, stage; then the result -----------------------------
  void settle(EvalContext& context) {
    double score = 0;
    for (std::size_t d = 0; d < m_.dimensions.size(); ++d) {
      const Dimension& dimension = m_.dimensions[d];
      s_.dimensions[d] = round_to(std::clamp(s_.dimensions[d], dimension.min, dimension.max), 2);
      score += dimension.weight * s_.dimensions[d];
    }
    score_ = round_to(score, 2);
    if (std::isfinite(m_.percent_base) && m_.percent_base > 0) {
      percent_ = round_to(100.0 * score_ / m_.percent_base, 1);
    }
    if (m_.has_grade) {
      double graded = 0;
      for (int d : m_.grade_from) graded += s_.dimensions[static_cast<std::size_t>(d)];
      for (const GradeBand& band : m_.grade_bands) {
        if (!band.has_min || band.min <= graded) {
          grade_ = &band.grade;
          break;
        }
      }
    }
    for (std::size_t q = 0; q < m_.questions.size(); ++q) {
      if (m_.questions[q].required && s_.visible[q] && !s_.answered[q]) complete_ = false;
    }
    if (disqualifier_ != nullptr) return;

    s_.slots[static_cast<std::size_t>(m_.slot_score)] = Value::number(score_);
    s_.slots[static_cast<std::size_t>(m_.slot_percent)] =
        std::isnan(percent_) ? Value() : Value::number(percent_);
    s_.slots[static_cast<std::size_t>(m_.slot_grade)] =
        grade_ == nullptr ? Value() : Value::string(*grade_);
    s_.slots[static_cast<std::size_t>(m_.slot_complete)] = Value::boolean(complete_);
    if (m_.stages_use_dimensions) {
      Object members;
      for (std::size_t d = 0; d < m_.dimensions.size(); ++d) {
        members.emplace_back(m_.dimensions[d].id, Value::number(s_.dimensions[d]));
      }
      s_.slots[static_cast<std::size_t>(m_.slot_dimensions)] = Value::object(std::move(members));
    }
    for (const Stage& candidate : m_.stages) {
      if (!candidate.has_condition) {
        stage_ = &candidate.id;
        return;
      }
      Value holds = candidate.condition.eval(context);
      if (holds.is_error()) {
        eval_error(candidate.pointer, holds);
      } else if (holds.truthy()) {
        stage_ = &candidate.id;
        return;
      }
    }
  }

  // Objects are filled in sorted key order with end hints: no key comparisons, and none of the
  // temporary arrays that initializer-list construction would build.
  json to_json() const {
    json result(json::value_t::object);
    Filler top(result);
    top.add("complete", complete_);
    json& computed = top.add("computed", json(json::value_t::object));
    Filler computed_fill(computed);
    for (int c : m_.computed_by_id) {
      computed_fill.add(m_.computed[static_cast<std::size_t>(c)].id,
                        s_.slots[m_.questions.size() + static_cast<std::size_t>(c)].to_json());
    }
    json& dimensions = top.add("dimensions", json(json::value_t::object));
    Filler dimensions_fill(dimensions);
    for (int d : m_.dimensions_by_id) {
      dimensions_fill.add(m_.dimensions[static_cast<std::size_t>(d)].id,
                          number_json(s_.dimensions[static_cast<std::size_t>(d)]));
    }
    json& disqualified = top.add("disqualified", json());
    if (disqualifier_ != nullptr) {
      disqualified = json(json::value_t::object);
      Filler fill(disqualified);
      fill.add("reason", disqualifier_->text);
      fill.add("rule", disqualifier_->id);
    }
    json& errors = top.add("errors", json(json::value_t::array));
    errors.get_ref<json::array_t&>().reserve(s_.errors.size());
    for (const AnswerError& e : s_.errors) {
      json& item = errors.emplace_back(json::value_t::object);
      Filler fill(item);
      fill.add("code", e.code);
      fill.add("message", e.message);
      fill.add("path", e.path);
    }
    top.add("grade", grade_ == nullptr ? json() : json(*grade_));
    top.add("model", m_.model_json);
    top.add("percent", std::isnan(percent_) ? json() : number_json(percent_));
    json& reasons = top.add("reasons", json(json::value_t::array));
    reasons.get_ref<json::array_t&>().reserve(s_.reasons.size());
    for (const Reason& reason : s_.reasons) {
      json& item = reasons.emplace_back(json::value_t::object);
      Filler fill(item);
      fill.add("dimension",
               m_.dimensions[static_cast<std::size_t>(reason.contribution->dimension)].id);
      fill.add("id", *reason.id);
      fill.add("points", number_json(reason.points));
      fill.add("source", source_name(reason.source));
      fill.add("text", *reason.text);
    }
    top.add("score", number_json(score_));
    if (disqualifier_ != nullptr) {
      top.add("stage", "disqualified");
    } else {
      top.add("stage", stage_ == nullptr ? json() : json(*stage_));
    }
    return result;
  }

  // The same result as canonical(to_json()), written straight to text: keys in sorted order by
  // construction, strings and numbers formatted exactly as nlohmann's dump() does.
  void write_text(std::string& out) const {
    TextWriter w(out);
    out += "{\"complete\":";
    w.boolean(complete_);
    out += ",\"computed\":{";
    for (std::size_t i = 0; i < m_.computed_by_id.size(); ++i) {
      auto c = static_cast<std::size_t>(m_.computed_by_id[i]);
      if (i > 0) out += ',';
      w.string(m_.computed[c].id);
      out += ':';
      const Value& value = s_.slots[m_.questions.size() + c];
      if (value.is_number()) {
        w.number(value.as_number());
      } else {
        out += canonical(value.to_json());
      }
    }
    out += "},\"dimensions\":{";
    for (std::size_t i = 0; i < m_.dimensions_by_id.size(); ++i) {
      auto d = static_cast<std::size_t>(m_.dimensions_by_id[i]);
      if (i > 0) out += ',';
      w.string(m_.dimensions[d].id);
      out += ':';
      w.number(s_.dimensions[d]);
    }
    out += "},\"disqualified\":";
    if (disqualifier_ == nullptr) {
      out += "null";
    } else {
      out += "{\"reason\":";
      w.string(disqualifier_->text);
      out += ",\"rule\":";
      w.string(disqualifier_->id);
      out += '}';
    }
    out += ",\"errors\":[";
    for (std::size_t i = 0; i < s_.errors.size(); ++i) {
      const AnswerError& e = s_.errors[i];
      out += i > 0 ? ",{\"code\":" : "{\"code\":";
      w.string(e.code);
      out += ",\"message\":";
      w.string(e.message);
      out += ",\"path\":";
      w.string(e.path);
      out += '}';
    }
    out += "],\"grade\":";
    if (grade_ == nullptr) {
      out += "null";
    } else {
      w.string(*grade_);
    }
    out += ",\"model\":";
    out += m_.model_text;
    out += ",\"percent\":";
    w.number(percent_);
    out += ",\"reasons\":[";
    for (std::size_t i = 0; i < s_.reasons.size(); ++i) {
      if (i > 0) out += ',';
      out += s_.reasons[i].contribution->head;
      w.number(s_.reasons[i].points);
      out += s_.reasons[i].contribution->tail;
    }
    out += "],\"score\":";
    w.number(score_);
    out += ",\"stage\":";
    if (disqualifier_ != nullptr) {
      out += "\"disqualified\"";
    } else if (stage_ == nullptr) {
      out += "null";
    } else {
      w.string(*stage_);
    }
    out += '}';
  }

  const std::vector<char>& visible() const { return s_.visible; }

 private:
  const Model::Impl& m_;
  const ScoreOptions& options_;
  Scratch& s_;
  const Rule* disqualifier_ = nullptr;
  double score_ = 0;
  double percent_ = std::numeric_limits<double>::quiet_NaN();
  const std::string* grade_ = nullptr;
  const std::string* stage_ = nullptr;
  bool complete_ = true;
};

}  // namespace

nlohmann::json Model::score(const nlohmann::json& answers, const ScoreOptions& options) const {
  Scorer scorer(*impl_, options, scratch);
  scorer.run(answers);
  return scorer.to_json();
}

std::string Model::score_text(const nlohmann::json& answers, const ScoreOptions& options) const {
  Scorer scorer(*impl_, options, scratch);
  scorer.run(answers);
  std::string out;
  out.reserve(512 + 160 * scratch.reasons.size());
  scorer.write_text(out);
  return out;
}

nlohmann::json Model::state(const nlohmann::json& answers, const ScoreOptions& options) const {
  Scorer scorer(*impl_, options, scratch);
  scorer.run(answers);
  json visible = json::array();
  for (std::size_t q = 0; q < impl_->questions.size(); ++q) {
    if (scorer.visible()[q]) visible.push_back(impl_->questions[q].id);
  }
  return json{{"visible", std::move(visible)}, {"result", scorer.to_json()}};
}

std::string Model::state_text(const nlohmann::json& answers, const ScoreOptions& options) const {
  Scorer scorer(*impl_, options, scratch);
  scorer.run(answers);
  std::string out = "{\"result\":";
  scorer.write_text(out);
  out += ",\"visible\":[";
  TextWriter w(out);
  bool first = true;
  for (std::size_t q = 0; q < impl_->questions.size(); ++q) {
    if (!scorer.visible()[q]) continue;
    if (!first) out += ',';
    first = false;
    w.string(impl_->questions[q].id);
  }
  out += "]}";
  return out;
}

bool evaluate(const nlohmann::json& rule, const nlohmann::json& data, nlohmann::json& out,
              std::vector<Diagnostic>& errors, double now_ms) {
  std::optional<Expr> expr = Expr::compile(rule, nullptr, "", errors);
  if (!expr) return false;
  Value values = Value::from_json(data);
  EvalContext context;
  context.data = &values;
  context.now_ms = now_ms;
  Value value = expr->eval(context);
  if (value.is_error()) {
    out = json{{"error", {{"type", value.as_string()}, {"message", value.error_message()}}}};
  } else {
    out = value.to_json();
  }
  return true;
}

}  // namespace leadqual
