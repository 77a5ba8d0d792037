// The runtime's Input as text, for tests that compare two readers of the same answers: every
// cell's kind and value (numbers to the bit, -0 apart from 0), array elements, and the unknown
// keys as the runtime reports them (sorted, once each).
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/leadqual.hpp"
#include "core/runtime/score.hpp"

namespace leadqual::test {

// A model the test writes out (its JSON must load without errors).
inline std::shared_ptr<const Model> parsed_model(const char* text) {
  const LoadResult loaded = Model::parse(text);
  EXPECT_TRUE(loaded.errors.empty());
  return loaded.model;
}

// Questions of every type, the model the readers' tests read answers for.
inline const Model& every_type_model() {
  static const std::shared_ptr<const Model> model = parsed_model(R"({
      "leadqual": 1, "id": "flat", "dimensions": [{"id": "d"}],
      "questions": [
        {"id": "budget", "type": "choice", "options": [{"value": "approved", "points": {"d": 5}},
                                                       {"value": "none"}]},
        {"id": "role", "type": "choice", "options": [{"value": "ceo"}, {"value": "cto"}]},
        {"id": "employees", "type": "number", "bands": [{"min": 100, "points": {"d": 3}}]},
        {"id": "rate", "type": "number"},
        {"id": "n", "type": "number"},
        {"id": "big", "type": "range", "min": 0, "max": 1e300},
        {"id": "pricing", "type": "boolean", "points": {"d": 1}},
        {"id": "demo", "type": "boolean"},
        {"id": "ok", "type": "boolean"},
        {"id": "note", "type": "text"},
        {"id": "a", "type": "hidden"},
        {"id": "x", "type": "email"},
        {"id": "channels", "type": "multi", "options": [{"value": "email"}, {"value": "ads"}]},
        {"id": "mixed", "type": "multi", "options": [{"value": "a"}]}
      ],
      "stages": [{"id": "lead"}]})");
  return *model;
}

inline void describe_raw(const Input& input, const Raw& raw, std::string& out) {
  out += raw_kind_name(raw.kind);
  switch (raw.kind) {
    case RawKind::Bool:
      out += raw.boolean ? " true" : " false";
      break;
    case RawKind::Number: {
      char text[64];
      std::snprintf(text, sizeof text, " %a", raw.number);
      out += text;
      break;
    }
    case RawKind::String:
      out += " \"";
      out.append(raw.text.data(), raw.text.size());
      out += '"';
      break;
    case RawKind::Array:
      out += " [";
      for (std::uint32_t i = 0; i < raw.count; ++i) {
        if (i > 0) out += ", ";
        describe_raw(input, input.items[raw.first + i], out);
      }
      out += ']';
      break;
    default:
      break;
  }
}

inline std::string describe_keys(std::vector<std::string_view> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::string out;
  for (std::string_view key : keys) {
    out += " '";
    out.append(key.data(), key.size());
    out += '\'';
  }
  return out;
}

inline std::string describe_input(const Input& input) {
  std::string out = std::string("answers: ") + raw_kind_name(input.answers) + "\n";
  for (std::size_t q = 0; q < input.questions.size(); ++q) {
    if (input.questions[q].kind == RawKind::Absent) continue;
    out += "question " + std::to_string(q) + ": ";
    describe_raw(input, input.questions[q], out);
    out += '\n';
  }
  out += "unknown questions:" + describe_keys(input.unknown_questions) + "\n";
  out += std::string("signals: ") + raw_kind_name(input.signals) + "\n";
  for (std::size_t s = 0; s < input.signal_values.size(); ++s) {
    if (input.signal_values[s].kind == RawKind::Absent) continue;
    out += "signal " + std::to_string(s) + ": ";
    describe_raw(input, input.signal_values[s], out);
    out += '\n';
  }
  out += "unknown signals:" + describe_keys(input.unknown_signals) + "\n";
  return out;
}

// The result bytes of one Input scored at `now`.
inline std::string scored_text(const CompiledModel& model, const Input& input, double now) {
  Result result;
  score(model, input, now, result);
  std::string text;
  write_result(model, result, text);
  return text;
}

// Two readings of the same answers: the same Input, and so the same result bytes.
inline void expect_same_input(const CompiledModel& model, const Input& ours, const Input& general,
                              const std::string& where) {
  EXPECT_EQ(describe_input(ours), describe_input(general)) << where;
  EXPECT_EQ(scored_text(model, ours, 0), scored_text(model, general, 0)) << where;
}

}  // namespace leadqual::test
