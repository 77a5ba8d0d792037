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

// Canonical JSON pieces and raw text written into a block of memory that its owner moves on
// (spill()) whenever it fills: the writers that print a result per lead (write_result, the
// CLI's rows) write straight into the memory the bytes leave from, a few stores per piece.
class TextSink {
 public:
  TextSink(const TextSink&) = delete;
  TextSink& operator=(const TextSink&) = delete;

  void raw(char c) {
    if (p_ == end_) spill();
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

 protected:
  // [begin, end): the block, at least 32 bytes.
  TextSink(char* begin, char* end) : begin_(begin), p_(begin), end_(end) {}
  ~TextSink() = default;
  // Moves the bytes written, [begin_, p_), on and sets p_ back to begin_.
  virtual void spill() = 0;

  char* begin_;
  char* p_;
  char* end_;

 private:
  std::size_t space() const { return static_cast<std::size_t>(end_ - p_); }
  void raw_long(std::string_view text);
  void integer(std::uint64_t magnitude, bool negative);
  void floating(double value);
};

// A TextSink gathering in a buffer on the stack, appended to `out` when it fills and when it
// ends: one std::string append per kilobyte rather than one per piece. Write to `out` only
// through the buffer while it lives.
class TextBuffer final : public TextSink {
 public:
  explicit TextBuffer(std::string& out) : TextSink(buffer_, buffer_ + kSize), out_(out) {}
  ~TextBuffer() { flush(); }
  TextBuffer(const TextBuffer&) = delete;
  TextBuffer& operator=(const TextBuffer&) = delete;

  // Moves what is gathered to `out`.
  void flush() {
    out_.append(begin_, static_cast<std::size_t>(p_ - begin_));
    p_ = begin_;
  }

 private:
  static constexpr std::size_t kSize = 2048;
  void spill() override { flush(); }

  std::string& out_;
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
