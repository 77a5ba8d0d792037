#include "core/runtime/model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "core/runtime/eval.hpp"
#include "core/runtime/json_writer.hpp"
#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

// The reason object's keys in sorted order: dimension, id, points, source, text.
void prepare_reason(Contribution& c, const std::string& dimension) {
  c.head = "{\"dimension\":";
  TextWriter head(c.head);
  head.string(dimension);
  c.head += ",\"id\":";
  head.string(c.id);
  c.head += ",\"points\":";
  c.tail = ",\"source\":\"";
  c.tail += source_name(c.source);
  c.tail += "\",\"text\":";
  TextWriter tail(c.tail);
  tail.string(c.text);
  c.tail += '}';
}

// The indices of `keys` in the byte order of their texts (sort_keys: one sort for every table).
std::vector<std::uint32_t> order_of(TextKeys keys) {
  sort_keys(keys);
  std::vector<std::uint32_t> order;
  order.reserve(keys.size());
  for (const auto& key : keys) order.push_back(key.second);
  return order;
}

template <class Index, class Item>
std::vector<Index> order_by_id(const std::vector<Item>& items) {
  TextKeys keys;
  keys.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    keys.emplace_back(items[i].id, static_cast<std::uint32_t>(i));
  }
  const std::vector<std::uint32_t> order = order_of(std::move(keys));
  return std::vector<Index>(order.begin(), order.end());
}

template <class Item, class Index>
int find_by_id(const std::vector<Item>& items, const std::vector<Index>& by_id,
               std::string_view id) {
  auto it = std::lower_bound(by_id.begin(), by_id.end(), id, [&](Index i, std::string_view key) {
    return items[static_cast<std::size_t>(i)].id < key;
  });
  if (it == by_id.end() || items[static_cast<std::size_t>(*it)].id != id) return -1;
  return static_cast<int>(*it);
}

}  // namespace

const char* question_type_name(QuestionType type) {
  switch (type) {
    case QuestionType::Choice:
      return "choice";
    case QuestionType::Multi:
      return "multi";
    case QuestionType::Number:
      return "number";
    case QuestionType::Range:
      return "range";
    case QuestionType::Boolean:
      return "boolean";
    case QuestionType::Text:
      return "text";
    case QuestionType::Email:
      return "email";
    case QuestionType::Hidden:
      return "hidden";
  }
  return "hidden";
}

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

int CompiledModel::find_question(std::string_view question_id) const {
  return find_by_id(questions, questions_by_id, question_id);
}

int CompiledModel::find_signal(std::string_view signal_id) const {
  return find_by_id(signals, signals_by_id, signal_id);
}

int CompiledModel::find_dimension(std::string_view dimension_id) const {
  return find_by_id(dimensions, dimensions_by_id, dimension_id);
}

int CompiledModel::find_stage(std::string_view stage_id) const {
  for (std::size_t s = 0; s < stages.size(); ++s) {
    if (stages[s].id == stage_id) return static_cast<int>(s);
  }
  return -1;
}

int CompiledModel::find_option(const Question& question, std::string_view value) {
  // Few options: in order, lengths first (and the option's own text, as the browser's cells
  // name it, by address); the first of equal values, as the sorted search below finds it.
  constexpr std::size_t kScanned = 16;
  if (question.options.size() <= kScanned) {
    for (std::size_t o = 0; o < question.options.size(); ++o) {
      const std::string& option = question.options[o].value;
      if (option.size() == value.size() &&
          (option.data() == value.data() || std::string_view(option) == value)) {
        return static_cast<int>(o);
      }
    }
    return -1;
  }
  const auto& order = question.options_by_value;
  auto it = std::lower_bound(
      order.begin(), order.end(), value,
      [&](std::uint32_t i, std::string_view key) { return question.options[i].value < key; });
  if (it == order.end() || question.options[*it].value != value) return -1;
  return static_cast<int>(*it);
}

void CompiledModel::sort_tables() {
  for (Question& question : questions) {
    TextKeys values;
    for (std::size_t o = 0; o < question.options.size(); ++o) {
      values.emplace_back(question.options[o].value, static_cast<std::uint32_t>(o));
    }
    question.options_by_value = order_of(std::move(values));
  }
  dimensions_by_id = order_by_id<int>(dimensions);
  computed_by_id = order_by_id<int>(computed);
  questions_by_id = order_by_id<std::uint32_t>(questions);
  signals_by_id = order_by_id<std::uint32_t>(signals);

  // Slot names: questions, computed values, then the names every model has (in slot order, so
  // sorting by name then place is sorting by name then slot).
  NameIndex unsorted;
  for (std::size_t q = 0; q < questions.size(); ++q) {
    unsorted.emplace_back(questions[q].id, static_cast<int>(q));
  }
  for (std::size_t c = 0; c < computed.size(); ++c) {
    unsorted.emplace_back(computed[c].id, static_cast<int>(questions.size() + c));
  }
  const std::pair<const char*, int> fixed[] = {
      {"signals", slots.signals}, {"dimensions", slots.dimensions}, {"score", slots.score},
      {"percent", slots.percent}, {"grade", slots.grade},           {"complete", slots.complete}};
  for (const auto& [name, slot] : fixed) unsorted.emplace_back(name, slot);
  TextKeys keys;
  keys.reserve(unsorted.size());
  for (std::size_t i = 0; i < unsorted.size(); ++i) {
    keys.emplace_back(unsorted[i].first, static_cast<std::uint32_t>(i));
  }
  sort_keys(keys);
  names.clear();
  names.reserve(keys.size());
  for (const auto& key : keys) names.push_back(std::move(unsorted[key.second]));
}

void CompiledModel::prepare_checks() {
  // Conditions read only for their truth, prepared once into typed checks.
  checks.clear();
  for (Expression& e : expressions) e.check = -1;
  auto condition = [&](int expression) {
    if (expression < 0 || static_cast<std::size_t>(expression) >= expressions.size()) return;
    Expression& e = expressions[static_cast<std::size_t>(expression)];
    if (e.check < 0)
      e.check = static_cast<std::int32_t>(prepare_check(program, e.start, max_steps, checks));
  };
  for (const Question& question : questions) condition(question.show_if);
  for (const Rule& rule : rules) condition(rule.condition);
  for (const Stage& stage : stages) condition(stage.condition);
}

void CompiledModel::prepare() {
  model_json = "{\"hash\":";
  TextWriter w(model_json);
  w.string(hash);
  model_json += ",\"id\":";
  w.string(id);
  model_json += ",\"version\":";
  w.string(version);
  model_json += '}';

  for (Contribution& c : contributions) {
    prepare_reason(c, dimensions[static_cast<std::size_t>(c.dimension)].id);
  }
  option_count = 0;
  question_ids.clear();
  for (Question& question : questions) {
    question.answer_path = pointer_append("", question.id);
    question.first_option = static_cast<std::uint32_t>(option_count);
    option_count += question.options.size();
    question.option_values.clear();
    for (const Option& option : question.options) question.option_values.push_back(option.value);
    question_ids.push_back(question.id);
  }
  signal_ids.clear();
  for (const Signal& signal : signals) signal_ids.push_back(signal.id);

  stages_use_dimensions = false;
  for (const Stage& stage : stages) {
    if (stage.condition < 0) continue;
    for (int slot : expressions[static_cast<std::size_t>(stage.condition)].reads) {
      if (slot == slots.dimensions) stages_use_dimensions = true;
    }
  }
  percent_base = 0;
  for (const Dimension& dimension : dimensions) {
    if (!std::isfinite(dimension.max)) {
      percent_base = std::numeric_limits<double>::quiet_NaN();
      break;
    }
    percent_base += dimension.weight * dimension.max;
  }
}

}  // namespace leadqual
