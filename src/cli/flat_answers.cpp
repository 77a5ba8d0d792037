#include "cli/flat_answers.hpp"
#include "cli/decimal.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

// The reader's pieces are each used in a place or two of one loop: inlined, the position stays
// in a register and a member costs no calls.
#if defined(__GNUC__)
#define LEADQUAL_FLAT_INLINE [[gnu::always_inline]] inline
#else
#define LEADQUAL_FLAT_INLINE inline
#endif

namespace leadqual::cli {
namespace {

// The reader is written as functions of a position that return the position after what they
// read (nullptr: not the fast path's shape), so the position stays in a register: as a member
// it was stored back on every byte, since the bytes read could alias it.

// The bytes a string of the fast path holds: ASCII from the space up, but the quote and the
// backslash (escapes and UTF-8, which needs validating, go the general way).
struct PlainBytes {
  bool table[256] = {};
  constexpr PlainBytes() {
    for (int c = 0x20; c < 0x80; ++c) table[c] = c != '"' && c != '\\';
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

LEADQUAL_FLAT_INLINE unsigned char byte(const char* p) {
  return static_cast<unsigned char>(*p);
}

LEADQUAL_FLAT_INLINE const char* skip_blanks(const char* p, const char* end) {
  while (p != end && kBlank[byte(p)]) ++p;
  return p;
}

// The first byte at or after `p` that is not plain (or `end`). Eight bytes at a time while
// eight are left: a byte is flagged when it is '"' or '\\' (a zero byte of word ^ pattern),
// below 0x20, or from 0x80 up. The borrows of the subtractions only ever flag bytes above a
// byte rightly flagged, so the lowest flagged byte is the first that is not plain.
LEADQUAL_FLAT_INLINE const char* plain_end(const char* p, const char* end) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  constexpr std::uint64_t kHighs = 0x8080808080808080u;
  for (; end - p >= 8; p += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, 8);
    const std::uint64_t quote = word ^ (kOnes * '"');
    const std::uint64_t backslash = word ^ (kOnes * '\\');
    const std::uint64_t stops = (((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
                                 ((word - kOnes * 0x20) & ~word) | word) &
                                kHighs;
    if (stops != 0) return p + (__builtin_ctzll(stops) >> 3);
  }
#endif
  while (p != end && kPlain[byte(p)]) ++p;
  return p;
}

// A string at its opening quote.
LEADQUAL_FLAT_INLINE const char* string(const char* p, const char* end, std::string_view& out) {
  const char* const start = p + 1;
  p = plain_end(start, end);
  if (p == end || *p != '"') return nullptr;
  out = std::string_view(start, static_cast<std::size_t>(p - start));
  return p + 1;
}

LEADQUAL_FLAT_INLINE const char* digits(const char* p, const char* end) {
  const char* const start = p;
  while (p != end && static_cast<unsigned>(byte(p) - '0') <= 9) ++p;
  return p == start ? nullptr : p;
}

// JSON's number grammar, to the double read_answers takes from nlohmann's value: integers
// are exact integers there (so "-0" is 0), other numbers parsed as a double.
LEADQUAL_FLAT_INLINE const char* number(const char* p, const char* end, double& out) {
  const char* const start = p;
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  const char* const first_digit = p;
  std::uint64_t magnitude = 0;  // the integral digits, read as they are scanned
  for (; p != end; ++p) {
    const unsigned digit = static_cast<unsigned>(byte(p) - '0');
    if (digit > 9) break;
    magnitude = magnitude * 10 + digit;
  }
  const std::ptrdiff_t count = p - first_digit;
  if (count == 0) return nullptr;
  if (*first_digit == '0' && count > 1) return nullptr;  // no leading zeros
  bool integral = true;
  if (p != end && *p == '.') {
    integral = false;
    p = digits(p + 1, end);
    if (p == nullptr) return nullptr;
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    integral = false;
    ++p;
    if (p != end && (*p == '+' || *p == '-')) ++p;
    p = digits(p, end);
    if (p == nullptr) return nullptr;
  }
  if (integral) {
    if (count > 18) return nullptr;  // big integers: nlohmann's overflow rules, the general way
    // Fits in 63 bits whatever the digits: one rounding, as nlohmann's integer converted to
    // double; 0 for "-0".
    out = negative ? static_cast<double>(-static_cast<std::int64_t>(magnitude))
                   : static_cast<double>(magnitude);
    return p;
  }
  const auto parsed = decimal_from_chars(start, p, out);
  return parsed.ec == std::errc() && parsed.ptr == p && std::isfinite(out) ? p : nullptr;
}

template <std::size_t N>
LEADQUAL_FLAT_INLINE const char* literal(const char* p, const char* end, const char (&word)[N]) {
  constexpr std::size_t size = N - 1;
  if (static_cast<std::size_t>(end - p) < size || std::memcmp(p, word, size) != 0) return nullptr;
  return p + size;
}

LEADQUAL_FLAT_INLINE const char* scalar(const char* p, const char* end, Raw& out) {
  if (p == end) return nullptr;
  switch (*p) {
    case '"':
      out.kind = RawKind::String;
      return string(p, end, out.text);
    case 't':
      out.kind = RawKind::Bool;
      out.boolean = true;
      return literal(p, end, "true");
    case 'f':
      out.kind = RawKind::Bool;
      out.boolean = false;
      return literal(p, end, "false");
    case 'n':
      out.kind = RawKind::Null;
      return literal(p, end, "null");
    default:
      out.kind = RawKind::Number;
      return number(p, end, out.number);
  }
}

// An array at its '['. The elements go to the end of `items`, one after the other (arrays hold
// no arrays here).
const char* array(const char* p, const char* end, Raw& out, std::vector<Raw>& items) {
  const std::size_t first = items.size();
  p = skip_blanks(p + 1, end);
  if (p != end && *p == ']') {
    ++p;
  } else {
    for (;;) {
      p = scalar(skip_blanks(p, end), end, items.emplace_back());
      if (p == nullptr) return nullptr;
      p = skip_blanks(p, end);
      if (p == end) return nullptr;
      if (*p++ == ']') break;
      if (p[-1] != ',') return nullptr;
    }
  }
  out.kind = RawKind::Array;
  out.first = static_cast<std::uint32_t>(first);
  out.count = static_cast<std::uint32_t>(items.size() - first);
  return p;
}

// Keys are short: compared eight (or four) bytes at a time inline, the last word overlapping
// the one before, not through a memcmp call. `size` is at least 3.
template <class Word>
bool same_word(const char* a, const char* b) {
  Word x = 0;
  Word y = 0;
  std::memcpy(&x, a, sizeof x);
  std::memcpy(&y, b, sizeof y);
  return x == y;
}
LEADQUAL_FLAT_INLINE bool same_bytes(const char* a, const char* b, std::size_t size) {
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

// Whether the `words` words at `p` are `word`, the last one under `last_mask`.
LEADQUAL_FLAT_INLINE bool same_words(const char* p, const std::uint64_t* word, std::size_t words,
                                     std::uint64_t last_mask) {
  std::uint64_t differ = 0;
  std::size_t i = 0;
  for (; i + 1 < words; ++i) {
    std::uint64_t x = 0;
    std::memcpy(&x, p + 8 * i, 8);
    differ |= x ^ word[i];
  }
  std::uint64_t x = 0;
  std::memcpy(&x, p + 8 * i, 8);
  differ |= (x ^ word[i]) & last_mask;
  return differ == 0;
}

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
    Key& known = keys_[position];
    known.question = question;
    known.words = 0;
    if (quoted.size() <= 8 * Key::kWords) {
      // Through byte arrays, so that the words and the mask are right whatever the byte order.
      char bytes[8 * Key::kWords] = {};
      char mask[8 * Key::kWords] = {};
      std::memcpy(bytes, quoted.data(), quoted.size());
      std::memset(mask, 0xFF, quoted.size());
      known.words = (quoted.size() + 7) / 8;
      for (std::size_t i = 0; i < known.words; ++i) std::memcpy(&known.word[i], bytes + 8 * i, 8);
      std::memcpy(&known.last_mask, mask + 8 * (known.words - 1), 8);
    }
  }
  return question;
}

bool FlatAnswersReader::read(std::string_view line, leadqual::Input& input) {
  input.reset(model_);
  const char* const end = line.data() + line.size();
  const char* p = skip_blanks(line.data(), end);
  if (p == end || *p != '{') return false;
  p = skip_blanks(p + 1, end);
  if (p != end && *p == '}') return skip_blanks(p + 1, end) == end;
  for (std::size_t position = 0;; ++position) {
    // The key at `position`: the one remembered there when the bytes are the same, quotes and
    // colon included (that key was read by string() before and is never the signals field),
    // or, with blanks before the colon, its quoted bytes, blanks and a colon. Anything else
    // is read again from its quote.
    std::string_view key;
    int q = -1;
    const char* after = nullptr;
    if (position < keys_.size()) {
      const Key& known = keys_[position];
      std::size_t size = known.quoted.size();
      const auto left = static_cast<std::size_t>(end - p);
      const bool same = known.words != 0 && left >= 8 * known.words
                            ? same_words(p, known.word, known.words, known.last_mask)
                            : left >= size && same_bytes(p, known.quoted.data(), size);
      if (same) {
        after = p + size;
      } else if (--size, left >= size && same_bytes(p, known.quoted.data(), size)) {
        const char* const colon = skip_blanks(p + size, end);
        if (colon != end && *colon == ':') after = colon + 1;
      }
      if (after != nullptr) {
        key =
            std::string_view(p + 1, known.quoted.size() - 3);  // in the line, as string() gives it
        q = known.question;
      }
    }
    if (after != nullptr) {
      p = after;
    } else {
      if (p == end || *p != '"') return false;
      p = string(p, end, key);
      if (p == nullptr) return false;
      if (!signals_field_.empty() && key == signals_field_) return false;
      q = find_question(position, key);
      p = skip_blanks(p, end);
      if (p == end || *p != ':') return false;
      ++p;
    }
    p = skip_blanks(p, end);
    // A repeated key keeps its last value, as nlohmann's parser does; the runtime reports an
    // unknown key once however often it comes.
    Raw* raw = &ignored_;
    if (q >= 0) {
      raw = &input.questions[static_cast<std::size_t>(q)];
    } else {
      input.unknown_questions.push_back(key);
    }
    p = p != end && *p == '[' ? array(p, end, *raw, input.items) : scalar(p, end, *raw);
    if (p == nullptr) return false;
    p = skip_blanks(p, end);
    if (p == end) return false;
    if (*p == ',') {
      p = skip_blanks(p + 1, end);
      continue;
    }
    if (*p == '}') return skip_blanks(p + 1, end) == end;
    return false;
  }
}

}  // namespace leadqual::cli
