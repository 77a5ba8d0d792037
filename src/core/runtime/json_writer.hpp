// Writing canonical JSON text without a JSON library: compact, keys in the order given (callers
// write them sorted), strings escaped and invalid UTF-8 replaced, numbers printed exactly as
// nlohmann::json's dump() prints them (so results, hashes and the compiler's canonical() agree
// byte for byte; tests/core/json_writer_test.cpp checks this against nlohmann itself).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/runtime/value.hpp"

namespace leadqual {

// Canonical JSON pieces and raw text gathered in a buffer on the stack and appended to `out` in
// one go when the buffer fills and when it ends: one std::string append per kilobyte rather
// than one per piece, for the writers that print a result per lead (write_result, the CLI's CSV
// rows). Write to `out` only through the buffer while it lives.
class TextBuffer {
 public:
  explicit TextBuffer(std::string& out) : out_(out) {}
  ~TextBuffer() { flush(); }
  TextBuffer(const TextBuffer&) = delete;
  TextBuffer& operator=(const TextBuffer&) = delete;

  void raw(char c) {
    if (p_ == buffer_ + kSize) flush();
    *p_++ = c;
  }
  void raw(std::string_view text) {
    if (text.size() <= space()) {
      std::memcpy(p_, text.data(), text.size());
      p_ += text.size();
    } else {
      raw_long(text);
    }
  }
  void boolean(bool value) { raw(value ? std::string_view("true") : std::string_view("false")); }
  void string(std::string_view text);  // quoted and escaped; invalid UTF-8 replaced
  // A number as a result field: integers up to 2^53 - 1 without a fraction, other finite numbers
  // as nlohmann prints a double ("0.5", "1e+300"), NaN and infinities as null.
  void number(double value);
  // Any value (computed values): as nlohmann would print the JSON the value stands for. Numbers
  // inside follow the expression values' rule (integers up to 2^53); an error is written as null.
  void value(const Value& value);
  // Moves what is gathered to `out`.
  void flush() {
    out_.append(buffer_, static_cast<std::size_t>(p_ - buffer_));
    p_ = buffer_;
  }

 private:
  static constexpr std::size_t kSize = 2048;
  std::size_t space() const { return static_cast<std::size_t>(buffer_ + kSize - p_); }
  void raw_long(std::string_view text);
  void integer(std::uint64_t magnitude, bool negative);
  void floating(double value);

  std::string& out_;
  char* p_ = buffer_;
  char buffer_[kSize];
};

// The same pieces appended to `out` one at a time, for writers that mix them with their own
// appends.
class TextWriter {
 public:
  explicit TextWriter(std::string& out) : out_(out) {}
  void boolean(bool value) { out_ += value ? "true" : "false"; }
  void string(std::string_view text) { TextBuffer(out_).string(text); }
  void number(double value) { TextBuffer(out_).number(value); }
  void value(const Value& value) { TextBuffer(out_).value(value); }

 private:
  std::string& out_;
};

// The text with every invalid UTF-8 sequence replaced by U+FFFD, the way nlohmann's serialiser
// replaces them (error_handler_t::replace).
std::string valid_utf8(std::string_view text);
bool is_valid_utf8(std::string_view text);

}  // namespace leadqual
