#include "cli/flat_answers.hpp"
#include "cli/decimal.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace leadqual::cli {
namespace {

// The bytes a string of the fast path holds: printable ASCII but the quote and the backslash.
struct PlainBytes {
  bool table[256] = {};
  constexpr PlainBytes() {
    for (int c = 0x20; c < 0x7F; ++c) table[c] = c != '"' && c != '\\';
  }
  constexpr bool operator[](unsigned char c) const { return table[c]; }
};
constexpr PlainBytes kPlain;

// JSON's white space: space, tab, line feed, carriage return.
struct BlankBytes {
  bool table[256] = {};
  constexpr BlankBytes() { table[' '] = table['\t'] = table['\n'] = table['\r'] = true; }
  constexpr bool operator[](unsigned char c) const { return table[c]; }
};
constexpr BlankBytes kBlank;

}  // namespace

class FlatReader {
 public:
  FlatReader(std::string_view text, FlatAnswersReader& reader, leadqual::Input& input)
      : p_(text.data()), end_(text.data() + text.size()), reader_(reader), input_(input) {}

  bool object() {
    input_.reset(reader_.model_);
    skip_space();
    if (!take('{')) return false;
    skip_space();
    if (take('}')) return at_end();
    for (std::size_t position = 0;; ++position) {
      std::string_view key;
      int q = -1;
      skip_space();
      if (!remembered_key(position, key, q)) {
        if (!string(key)) return false;
        if (!reader_.signals_field_.empty() && key == reader_.signals_field_) return false;
        q = reader_.find_question(position, key);
        skip_space();
        if (!take(':')) return false;
      }
      skip_space();
      // A repeated key keeps its last value, as nlohmann's parser does; the runtime reports an
      // unknown key once however often it comes.
      Raw ignored;
      Raw* raw = &ignored;
      if (q >= 0) {
        raw = &input_.questions[static_cast<std::size_t>(q)];
      } else {
        input_.unknown_questions.push_back(key);
      }
      if (peek('[')) {
        if (!array(*raw)) return false;
      } else if (!scalar(*raw)) {
        return false;
      }
      skip_space();
      if (take('}')) return at_end();
      if (!take(',')) return false;
    }
  }

 private:
  // The key at `position` and the colon after it, when the key is, quotes included, the one
  // remembered there (which string() read, so it needs no checking again, and which is never
  // the signals field). Otherwise false, with nothing read.
  bool remembered_key(std::size_t position, std::string_view& key, int& question) {
    if (position >= reader_.keys_.size()) return false;
    const FlatAnswersReader::Key& known = reader_.keys_[position];
    const std::string& quoted = known.quoted;  // "key":
    std::size_t size = quoted.size();
    const auto left = static_cast<std::size_t>(end_ - p_);
    const char* const start = p_;
    if (left < size || !same_bytes(p_, quoted.data(), size)) {
      // "key" with blanks before the colon.
      --size;
      if (left < size || !same_bytes(p_, quoted.data(), size)) return false;
      p_ += size;
      skip_space();
      if (!take(':')) {
        p_ = start;  // not this key: the caller reads the key again from its quote
        return false;
      }
      size = 0;
    }
    key = std::string_view(start + 1, quoted.size() - 3);  // in the line, as string() gives it
    question = known.question;
    p_ += size;
    return true;
  }

  // Keys are short: compared eight (or four) bytes at a time inline, the last word overlapping
  // the one before, not through a memcmp call. `size` is at least 3.
  static bool same_bytes(const char* a, const char* b, std::size_t size) {
    if (size >= 8) {
      for (std::size_t i = 0; i + 8 < size; i += 8) {
        if (!same_word<std::uint64_t>(a + i, b + i)) return false;
      }
      return same_word<std::uint64_t>(a + size - 8, b + size - 8);
    }
    if (size >= 4) {
      return same_word<std::uint32_t>(a, b) && same_word<std::uint32_t>(a + size - 4, b + size - 4);
    }
    for (; size > 0; --size, ++a, ++b) {
      if (*a != *b) return false;
    }
    return true;
  }
  template <class Word>
  static bool same_word(const char* a, const char* b) {
    Word x = 0;
    Word y = 0;
    std::memcpy(&x, a, sizeof x);
    std::memcpy(&y, b, sizeof y);
    return x == y;
  }

  bool at_end() {
    skip_space();
    return p_ == end_;
  }
  // The loops scan with a local pointer: p_ could alias the bytes read, so stepping p_ itself
  // would store it on every byte.
  void skip_space() {
    const char* p = p_;
    while (p != end_ && kBlank[static_cast<unsigned char>(*p)]) ++p;
    p_ = p;
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
    const char* const start = p_;
    const char* p = start;
    while (p != end_ && kPlain[static_cast<unsigned char>(*p)]) ++p;
    if (p == end_ || *p != '"') return false;
    out = std::string_view(start, static_cast<std::size_t>(p - start));
    p_ = p + 1;
    return true;
  }

  bool digits() {
    const char* const start = p_;
    const char* p = start;
    while (p != end_ && *p >= '0' && *p <= '9') ++p;
    p_ = p;
    return p != start;
  }

  // JSON's number grammar, to the double read_answers takes from nlohmann's value: integers
  // are exact integers there (so "-0" is 0), other numbers parsed as a double.
  bool number(double& out) {
    const char* start = p_;
    const bool negative = take('-');
    const char* first_digit = p_;
    std::uint64_t magnitude = 0;  // the integral digits, read as they are scanned
    const char* p = first_digit;
    while (p != end_ && *p >= '0' && *p <= '9') {
      magnitude = magnitude * 10 + static_cast<std::uint64_t>(*p - '0');
      ++p;
    }
    p_ = p;
    const std::ptrdiff_t count = p - first_digit;
    if (count == 0) return false;
    if (*first_digit == '0' && count > 1) return false;  // no leading zeros
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
    if (integral && count <= 18) {  // fits in 63 bits whatever the digits
      // One rounding, as nlohmann's integer converted to double; 0 for "-0".
      out = negative ? static_cast<double>(-static_cast<std::int64_t>(magnitude))
                     : static_cast<double>(magnitude);
      return true;
    }
    if (integral) return false;  // big integers: nlohmann's overflow rules, the general way
    const auto parsed = decimal_from_chars(start, p_, out);
    return parsed.ec == std::errc() && parsed.ptr == p_ && std::isfinite(out);
  }

  bool scalar(Raw& out) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '"':
        out.kind = RawKind::String;
        return string(out.text);
      case 't':
        out.kind = RawKind::Bool;
        out.boolean = true;
        return literal("true");
      case 'f':
        out.kind = RawKind::Bool;
        out.boolean = false;
        return literal("false");
      case 'n':
        out.kind = RawKind::Null;
        return literal("null");
      default:
        out.kind = RawKind::Number;
        return number(out.number);
    }
  }

  // The elements go to the end of input.items, one after the other (arrays hold no arrays here).
  bool array(Raw& out) {
    take('[');
    std::vector<Raw>& items = input_.items;
    const std::size_t first = items.size();
    skip_space();
    if (!take(']')) {
      for (;;) {
        skip_space();
        if (!scalar(items.emplace_back())) return false;
        skip_space();
        if (take(']')) break;
        if (!take(',')) return false;
      }
    }
    out.kind = RawKind::Array;
    out.first = static_cast<std::uint32_t>(first);
    out.count = static_cast<std::uint32_t>(items.size() - first);
    return true;
  }

  const char* p_;
  const char* end_;
  FlatAnswersReader& reader_;
  leadqual::Input& input_;
};

namespace {
constexpr std::size_t kMaxKeys = 256;  // the positions remembered: a line's first keys
}  // namespace

int FlatAnswersReader::find_question(std::size_t position, std::string_view key) {
  const int question = model_.find_question(key);
  if (position < kMaxKeys) {
    if (position >= keys_.size()) keys_.resize(position + 1);
    std::string& quoted = keys_[position].quoted;
    quoted.assign(1, '"');
    quoted.append(key.data(), key.size());
    quoted += "\":";
    keys_[position].question = question;
  }
  return question;
}

bool FlatAnswersReader::read(std::string_view line, leadqual::Input& input) {
  return FlatReader(line, *this, input).object();
}

}  // namespace leadqual::cli
