// A fast path for `leadqual score`'s hot loop. Most JSON Lines leads are one flat object whose
// values are plain strings, numbers, booleans, nulls or arrays of those; reading that shape
// straight into the runtime's Input (the cells the browser fills too) skips building a JSON
// document and walking it again, which was most of the time per lead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/score.hpp"

namespace leadqual::cli {

// Reads lines for one model. Keeps, for each position in a line, the last key seen there and
// the question it names: leads of one file come with their keys in the same order, so most keys
// are found without searching the model.
class FlatAnswersReader {
 public:
  // `signals_field`: a member of this name is the lead's signals, not an answer ("" for none).
  FlatAnswersReader(const CompiledModel& model, std::string_view signals_field)
      : model_(model), signals_field_(signals_field) {}

  // Reads `line` when it is such an object (strings ASCII without escapes or control bytes; arrays
  // of scalars; no member named by the signals field) into `input`, exactly as read_answers
  // (core/compiler/answers.hpp) reads the document parse_json gives for it, with no signals.
  // Strings in `input` point into `line`. Returns false for anything else or any error,
  // leaving the line to parse_json, which handles all JSON and locates errors; `input` is then
  // unspecified.
  bool read(std::string_view line, leadqual::Input& input);

 private:
  struct Key {
    std::string quoted;  // "key":, quotes and colon included
    int question = -1;
    // `quoted` as little-endian words, the last one's bytes past its end masked out, for
    // comparing a key a word at a time (words == 0: longer than kWords words).
    static constexpr std::size_t kWords = 4;
    std::uint64_t word[kWords] = {};
    std::uint64_t last_mask = 0;
    std::size_t words = 0;
  };
  // The question `key` names (-1: none), remembered as the key at `position`.
  int find_question(std::size_t position, std::string_view key);

  const CompiledModel& model_;
  std::string signals_field_;
  std::vector<Key> keys_;  // by position in the line
  Raw ignored_;            // where the values of keys that name no question are read
};

}  // namespace leadqual::cli
