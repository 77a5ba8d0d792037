// JSON text in and out: size- and depth-limited parsing with "line L, column C" errors, and the
// canonical serialisation used for hashes.
#include "core/compiler/json_text.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/compiler/compile.hpp"

namespace leadqual {
namespace {

// The length of the strict UTF-8 sequence at `i` (no overlong forms, surrogates or code points
// past U+10FFFF, as nlohmann's serialiser decodes it), or 0 when the bytes there are no character.
std::size_t utf8_sequence_at(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  auto second = static_cast<unsigned char>(s[i + 1]);
  if (second < low || second > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    auto next = static_cast<unsigned char>(s[i + k]);
    if (next < 0x80 || next > 0xBF) return 0;
  }
  return length;
}

std::string line_and_column(std::string_view text, std::size_t position) {
  if (position > text.size()) position = text.size();
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < position; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  // Columns count characters, not bytes, so they match what an editor shows.
  std::size_t column = 1;
  for (std::size_t i = line_start; i < position; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// nlohmann's parser is iterative, but destroying and walking a deep document is not, and the
// depth limit is part of the contract, so the nesting is checked on the raw text first.
bool depth_within(std::string_view text, int max_depth, std::size_t& where) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        where = i;
        return false;
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

// A message made valid UTF-8: bytes that are no character are written as escapes ("\\xE2").
std::string utf8_safe(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_at(text, i);
    if (length == 0) {
      const auto byte = static_cast<unsigned char>(text[i]);
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

// nlohmann's message ends "last read: '<the bytes of the failed token>'", which stops inside a
// character when the parser failed on its first byte: complete it from the text that follows.
std::string complete_last_read(std::string message, std::string_view text, std::size_t end) {
  if (message.empty() || message.back() != '\'' ||
      message.find("last read: '") == std::string::npos)
    return message;
  const std::size_t close = message.size() - 1;
  for (std::size_t back = 1; back <= 3 && back <= close; ++back) {
    const auto byte = static_cast<unsigned char>(message[close - back]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    const std::size_t wanted = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    std::string rest;
    for (std::size_t have = back; have < wanted && end < text.size(); ++have, ++end) {
      if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80) break;
      rest += text[end];
    }
    message.insert(close, rest);
    break;
  }
  return message;
}

// U+2018 U+2019 U+201C U+201D, as word processors and chat apps type quotes: E2 80 98/99/9C/9D.
unsigned curly_quote_at(std::string_view text, std::size_t i, bool double_only) {
  if (i + 3 > text.size() || text[i] != '\xE2' || text[i + 1] != '\x80') return 0;
  const auto last = static_cast<unsigned char>(text[i + 2]);
  if (last == 0x9C || last == 0x9D) return 0x2000u + last - 0x80u;
  if (!double_only && (last == 0x98 || last == 0x99)) return 0x2000u + last - 0x80u;
  return 0;
}

std::string hex4(unsigned code_point) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(code_point >> shift) & 0xF];
  return out;
}

// The message of a syntax error at byte `at`: the two mistakes people make most when writing
// JSON by hand (a trailing comma, curly quotes) are named; otherwise the parser's own words.
std::string syntax_message(std::string_view text, std::size_t at, const std::string& parsed) {
  if (at < text.size()) {
    const char c = text[at];
    if (c == '}' || c == ']') {
      std::size_t before = at;
      while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t' ||
                            text[before - 1] == '\n' || text[before - 1] == '\r'))
        --before;
      if (before > 0 && text[before - 1] == ',') {
        return line_and_column(text, before - 1) + ": syntax error: trailing comma before '" +
               std::string(1, c) + "' (remove this ',')";
      }
    }
    if (const unsigned quote = curly_quote_at(text, at, false)) {
      return line_and_column(text, at) + ": syntax error: curly quote '" +
             std::string(text.substr(at, 3)) + "' (U+" + hex4(quote) +
             "): JSON needs straight double quotes '\"'";
    }
  }
  std::string message =
      line_and_column(text, at) + ": " + utf8_safe(complete_last_read(parsed, text, at + 1));
  // A curly quote earlier on the line may have ended (or opened) a string the parser did not see.
  const std::size_t end = at < text.size() ? at : text.size();
  const std::size_t newline = text.rfind('\n', end == 0 ? 0 : end - 1);
  const std::size_t line_start =
      newline == std::string_view::npos || newline >= end ? 0 : newline + 1;
  std::size_t hint = std::string_view::npos;
  for (std::size_t i = line_start; i < end; ++i) {
    if (curly_quote_at(text, i, true)) hint = i;
  }
  if (hint != std::string_view::npos) {
    std::size_t column = 1;
    for (std::size_t i = line_start; i < hint; ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
    }
    message += " \u2014 is the curly quote '" + std::string(text.substr(hint, 3)) + "' at column " +
               std::to_string(column) + " meant to be '\"'?";
  }
  return message;
}

// Builds the document like nlohmann's own DOM parser and keeps the first error's position and
// message, which the non-throwing parse() would discard.
class LocatingParser {
 public:
  using json = nlohmann::json;
  explicit LocatingParser(json& root) : dom_(root, false) {}

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) {
    return dom_.number_float(v, s);
  }
  bool string(json::string_t& v) { return dom_.string(v); }
  bool binary(json::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return dom_.start_object(n); }
  bool key(json::string_t& v) { return dom_.key(v); }
  bool end_object() { return dom_.end_object(); }
  bool start_array(std::size_t n) { return dom_.start_array(n); }
  bool end_array() { return dom_.end_array(); }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& /*last_token*/, const Exception& ex) {
    failed_ = true;
    position_ = position;
    // what() reads "[json.exception.parse_error.101] parse error at line 1, column 2: <why>";
    // keep only <why>, the location is recomputed in characters.
    // Others ("[json.exception.out_of_range.406] number overflow parsing '1e400'") carry no
    // location; their bracketed tag means nothing to a reader and is dropped too.
    std::string what = ex.what();
    std::size_t at = what.find("column ");
    std::size_t colon = at == std::string::npos ? std::string::npos : what.find(": ", at);
    if (colon != std::string::npos) {
      message_ = what.substr(colon + 2);
    } else {
      const std::size_t tag_end = what.rfind("] ", what.find(' '));
      message_ = what.rfind("[json.exception.", 0) == 0 && tag_end != std::string::npos
                     ? what.substr(tag_end + 2)
                     : what;
    }
    return dom_.parse_error(position, std::string(), ex);
  }

  bool failed() const { return failed_; }
  std::size_t position() const { return position_; }
  const std::string& message() const { return message_; }

 private:
  nlohmann::detail::json_sax_dom_parser<json> dom_;
  bool failed_ = false;
  std::size_t position_ = 0;
  std::string message_;
};

}  // namespace

bool parse_json(std::string_view text, nlohmann::json& out, std::string& error,
                const ModelLimits& limits) {
  out = nlohmann::json();
  if (text.size() > limits.max_model_bytes) {
    error = "the JSON text is " + std::to_string(text.size()) + " bytes, at most " +
            std::to_string(limits.max_model_bytes) + " are allowed";
    return false;
  }
  std::size_t too_deep_at = 0;
  if (!depth_within(text, limits.max_json_depth, too_deep_at)) {
    error = line_and_column(text, too_deep_at) + ": nesting deeper than " +
            std::to_string(limits.max_json_depth) + " levels";
    return false;
  }
  LocatingParser parser(out);
  bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &parser);
  if (!ok || parser.failed()) {
    // nlohmann reports the position just after the offending character.
    std::size_t position = parser.position() > 0 ? parser.position() - 1 : 0;
    error = syntax_message(text, position,
                           parser.failed() ? parser.message() : std::string("invalid JSON"));
    out = nlohmann::json();
    return false;
  }
  error.clear();
  return true;
}

bool parse_json(std::string_view text, nlohmann::json& out, std::string& error) {
  return parse_json(text, out, error, ModelLimits());
}

const char* json_type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "a number";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::object:
      return "an object";
    default:
      return "an unsupported value";
  }
}

namespace {

// A string nlohmann would print as it is: ASCII without quotes, backslashes or controls.
bool prints_verbatim(const std::string& text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

// Appends exactly what dump(-1, ' ', false, replace) prints, but writes containers, plain
// strings and integers directly: nlohmann's per-character escaping made printing results a
// fifth of `leadqual score`'s time. Anything else goes through dump() itself.
void append_canonical(const nlohmann::json& value, std::string& out) {
  using value_t = nlohmann::json::value_t;
  switch (value.type()) {
    case value_t::object: {
      out.push_back('{');
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (it != value.begin()) out.push_back(',');
        if (prints_verbatim(it.key())) {
          out.push_back('"');
          out.append(it.key());
          out.push_back('"');
        } else {
          append_canonical(nlohmann::json(it.key()), out);
        }
        out.push_back(':');
        append_canonical(it.value(), out);
      }
      out.push_back('}');
      return;
    }
    case value_t::array: {
      out.push_back('[');
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (it != value.begin()) out.push_back(',');
        append_canonical(*it, out);
      }
      out.push_back(']');
      return;
    }
    case value_t::string:
      if (prints_verbatim(value.get_ref<const std::string&>())) {
        out.push_back('"');
        out.append(value.get_ref<const std::string&>());
        out.push_back('"');
        return;
      }
      break;
    case value_t::boolean:
      out.append(value.get<bool>() ? "true" : "false");
      return;
    case value_t::null:
      out.append("null");
      return;
    case value_t::number_integer:
      out.append(std::to_string(value.get<std::int64_t>()));
      return;
    case value_t::number_unsigned:
      out.append(std::to_string(value.get<std::uint64_t>()));
      return;
    default:
      break;
  }
  // Replace invalid UTF-8 instead of failing: a throw would abort the WebAssembly module.
  out.append(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

std::string canonical(const nlohmann::json& value) {
  std::string out;
  append_canonical(value, out);
  return out;
}

}  // namespace leadqual
