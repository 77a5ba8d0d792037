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
    std::string what = ex.what();
    std::size_t at = what.find("column ");
    std::size_t colon = at == std::string::npos ? std::string::npos : what.find(": ", at);
    message_ = colon == std::string::npos ? what : what.substr(colon + 2);
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
    error = line_and_column(text, position) + ": " +
            (parser.failed() ? parser.message() : std::string("invalid JSON"));
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
