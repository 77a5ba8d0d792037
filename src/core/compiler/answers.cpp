#include "core/compiler/answers.hpp"

#include <algorithm>

namespace leadqual {
namespace {

RawKind kind_of(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return RawKind::Null;
    case nlohmann::json::value_t::boolean:
      return RawKind::Bool;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return RawKind::Number;
    case nlohmann::json::value_t::string:
      return RawKind::String;
    case nlohmann::json::value_t::array:
      return RawKind::Array;
    case nlohmann::json::value_t::object:
      return RawKind::Object;
    default:
      return RawKind::Null;
  }
}

// A scalar's value, or only the kind of a container.
void read_scalar(const nlohmann::json& value, Raw& raw) {
  raw.kind = kind_of(value);
  if (raw.kind == RawKind::Bool) raw.boolean = value.get<bool>();
  if (raw.kind == RawKind::Number) raw.number = value.get<double>();
  if (raw.kind == RawKind::String) raw.text = value.get_ref<const std::string&>();
}

void read_value(const nlohmann::json& value, Raw& raw, Input& input) {
  if (!value.is_array()) {
    read_scalar(value, raw);
    return;
  }
  Raw* items = input.add_items(raw, value.size());
  for (std::size_t i = 0; i < value.size(); ++i) read_scalar(value[i], items[i]);
}

}  // namespace

void read_signals(const CompiledModel& model, const nlohmann::json& signals, Input& input) {
  input.signals = kind_of(signals);
  if (signals.is_object()) {
    for (const auto& item : signals.items()) {
      const int s = model.find_signal(item.key());
      if (s < 0) {
        input.unknown_signals.push_back(item.key());
      } else {
        read_value(item.value(), input.signal_values[static_cast<std::size_t>(s)], input);
      }
    }
  }
}

void read_answers(const CompiledModel& model, const nlohmann::json& answers,
                  const nlohmann::json& signals, Input& input) {
  input.reset(model);
  input.answers = kind_of(answers);
  if (answers.is_object()) {
    for (const auto& item : answers.items()) {
      const int q = model.find_question(item.key());
      if (q < 0) {
        input.unknown_questions.push_back(item.key());
      } else {
        read_value(item.value(), input.questions[static_cast<std::size_t>(q)], input);
      }
    }
  }
  read_signals(model, signals, input);
}

void read_answers(const CompiledModel& model, const std::vector<const nlohmann::json*>& answers,
                  const nlohmann::json& signals, Input& input) {
  input.reset(model);
  input.answers = RawKind::Object;
  const std::size_t count = std::min(answers.size(), model.questions.size());
  for (std::size_t q = 0; q < count; ++q) {
    if (answers[q] != nullptr) read_value(*answers[q], input.questions[q], input);
  }
  read_signals(model, signals, input);
}

}  // namespace leadqual
