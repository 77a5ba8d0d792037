#include "cli/flat_answers.hpp"
#include "cli/decimal.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace leadqual::cli {
namespace {

using nlohmann::json;

class FlatReader {
 public:
  explicit FlatReader(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool object(json& out) {
    skip_space();
    if (!take('{')) return false;
    out = json::object();
    skip_space();
    if (take('}')) return at_end();
    for (;;) {
      std::string_view key;
      skip_space();
      if (!string(key)) return false;
      skip_space();
      if (!take(':')) return false;
      skip_space();
      // A repeated key keeps its last value, as nlohmann's parser does.
      json& slot = out[std::string(key)];
      if (peek('[')) {
        if (!array(slot)) return false;
      } else if (!scalar(slot)) {
        return false;
      }
      skip_space();
      if (take('}')) return at_end();
      if (!take(',')) return false;
    }
  }

 private:
  bool at_end() {
    skip_space();
    return p_ == end_;
  }
  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  bool peek(char c) const { return p_ != end_ && *p_ == c; }
  bool take(char c) {
    if (!peek(c)) return false;
    ++p_;
    return true;
  }
  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  // Printable ASCII only: escapes and UTF-8 (which needs validating) go the general way.
  bool string(std::string_view& out) {
    if (!take('"')) return false;
    const char* start = p_;
    while (p_ != end_ && *p_ != '"') {
      const auto c = static_cast<unsigned char>(*p_);
      if (c < 0x20 || c >= 0x7F || c == '\\') return false;
      ++p_;
    }
    if (p_ == end_) return false;
    out = std::string_view(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return true;
  }

  bool digits() {
    const char* start = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ != start;
  }

  // JSON's number grammar; integers as nlohmann stores them (unsigned unless negative).
  bool number(json& out) {
    const char* start = p_;
    const bool negative = take('-');
    const char* first_digit = p_;
    if (!digits()) return false;
    if (*first_digit == '0' && p_ - first_digit > 1) return false;  // no leading zeros
    bool integral = true;
    if (take('.')) {
      integral = false;
      if (!digits()) return false;
    }
    if (peek('e') || peek('E')) {
      ++p_;
      integral = false;
      if (!take('+')) take('-');
      if (!digits()) return false;
    }
    if (integral && p_ - first_digit <= 18) {  // fits in 63 bits whatever the digits
      std::uint64_t magnitude = 0;
      for (const char* d = first_digit; d != p_; ++d) {
        magnitude = magnitude * 10 + static_cast<std::uint64_t>(*d - '0');
      }
      if (negative) {
        out = -static_cast<std::int64_t>(magnitude);
      } else {
        out = magnitude;
      }
      return true;
    }
    if (integral) return false;  // big integers: nlohmann's overflow rules, the general way
    double value = 0;
    const auto parsed = decimal_from_chars(start, p_, value);
    if (parsed.ec != std::errc() || parsed.ptr != p_ || !std::isfinite(value)) return false;
    out = value;
    return true;
  }

  bool scalar(json& out) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '"': {
        std::string_view text;
        if (!string(text)) return false;
        out = std::string(text);
        return true;
      }
      case 't':
        out = true;
        return literal("true");
      case 'f':
        out = false;
        return literal("false");
      case 'n':
        out = nullptr;
        return literal("null");
      default:
        return number(out);
    }
  }

  bool array(json& out) {
    take('[');
    out = json::array();
    skip_space();
    if (take(']')) return true;
    for (;;) {
      skip_space();
      if (!scalar(out.emplace_back())) return false;
      skip_space();
      if (take(']')) return true;
      if (!take(',')) return false;
    }
  }

  const char* p_;
  const char* end_;
};

}  // namespace

bool read_flat_answers(std::string_view line, nlohmann::json& out) {
  return FlatReader(line).object(out);
}

}  // namespace leadqual::cli
