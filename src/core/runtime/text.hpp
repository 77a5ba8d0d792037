// Small text and number helpers shared by the compiler and the runtime: JSON Pointer building,
// "did you mean" suggestions, UTF-8 length, message quoting, deterministic rounding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leadqual {

// RFC 6901: `base` + "/" + the escaped token.
std::string pointer_append(const std::string& base, std::string_view token);
std::string pointer_append(const std::string& base, std::size_t index);

// Edit distance (insertions, deletions, substitutions, and a swap of neighbouring letters).
std::size_t edit_distance(std::string_view a, std::string_view b);
// The closest of `candidates` to `name`, or "" if none is close enough to suggest.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);
// " — did you mean 'x'?" (the closest candidate) or "", ready to append to a message.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

// Number of Unicode code points (invalid bytes count one each).
std::size_t utf8_length(std::string_view text);

// A string safe to quote in a message: valid UTF-8, at most `max_chars` code points ("…" after).
std::string quote_for_message(std::string_view text, std::size_t max_chars = 40);

// (text, index) pairs; sort_keys orders them by text (bytes), then index. The one sort of the
// runtime's tables, keys and objects: each instantiation of std::sort costs about 1.7 KB of
// WebAssembly, and there were eight (now a heap sort, smaller still).
using TextKeys = std::vector<std::pair<std::string_view, std::uint32_t>>;
void sort_keys(TextKeys& keys);

// Rounds half away from zero to `decimals` places (0 to 6); -0 becomes 0.
double round_to(double value, int decimals);

// "42": an unsigned integer in decimal, as std::to_string writes it; the runtime's one integer
// printer for messages (std::to_string linked libc++'s to_chars and its overloads: 0.6 KB gzip of
// the runtime module, docs/performance.md, "The runtime's size, sixth session").
std::string decimal(std::uint64_t value);

// "1000", "2.5": a number as people write it (and as results print it), for messages and texts.
std::string format_number(double value);

// A number answer written as text, as forms send numbers and as CSV cells hold them: the one
// reading the scorer gives a string answer of a number question and the CSV reader gives a
// cell. A decimal the way people and spreadsheets write it, blanks (space, tab, CR, LF) around
// it allowed: "250", " 1e3 ", "-2.5", "+2.5", "-.5", "007", "7."; nothing else (no hex, no
// "Infinity", no thousands separators), at most 64 characters in all. Locale-independent and
// correctly rounded; an integer zero is 0 ("-0" too). The value may be infinite ("1e400"):
// refusing it is the caller's.
bool number_text(std::string_view text, double& value);

}  // namespace leadqual
