// Writing canonical JSON text without a JSON library: compact, keys in the order given (callers
// write them sorted), strings escaped and invalid UTF-8 replaced, numbers printed exactly as
// nlohmann::json's dump() prints them (so results, hashes and the compiler's canonical() agree
// byte for byte; tests/core/json_writer_test.cpp checks this against nlohmann itself).
#pragma once

#include <string>
#include <string_view>

#include "core/runtime/value.hpp"

namespace leadqual {

class TextWriter {
 public:
  explicit TextWriter(std::string& out) : out_(out) {}
  void boolean(bool value) { out_ += value ? "true" : "false"; }
  void string(std::string_view text);  // quoted and escaped; invalid UTF-8 replaced
  // A number as a result field: integers up to 2^53 - 1 without a fraction, other finite numbers
  // as nlohmann prints a double ("0.5", "1e+300"), NaN and infinities as null.
  void number(double value);
  // Any value (computed values): as nlohmann would print the JSON the value stands for. Numbers
  // inside follow the expression values' rule (integers up to 2^53); an error is written as null.
  void value(const Value& value);

 private:
  void integer(double value);
  void floating(double value);
  std::string& out_;
};

// The text with every invalid UTF-8 sequence replaced by U+FFFD, the way nlohmann's serialiser
// replaces them (error_handler_t::replace).
std::string valid_utf8(std::string_view text);
bool is_valid_utf8(std::string_view text);

}  // namespace leadqual
