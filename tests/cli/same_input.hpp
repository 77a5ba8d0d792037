// The runtime's Input as text, for tests that compare two readers of the same answers: every
// cell's kind and value (numbers to the bit, -0 apart from 0), array elements, and the unknown
// keys as the runtime reports them (sorted, once each).
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/score.hpp"

namespace leadqual::test {

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

}  // namespace leadqual::test
