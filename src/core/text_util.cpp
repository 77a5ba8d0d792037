#include "core/text_util.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/expr/node.hpp"

namespace leadqual {

std::string pointer_append(const std::string& base, std::string_view token) {
  std::string out = base;
  out.reserve(base.size() + token.size() + 1);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string pointer_append(const std::string& base, std::size_t index) {
  return base + "/" + std::to_string(index);
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

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  if (name.size() > 200) return {};  // not a typo of an id; spare the quadratic comparison
  std::string best = expr::closest_name(name, candidates);
  if (best.empty()) return {};
  return " \u2014 did you mean '" + best + "'?";
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;  // every byte that does not continue a sequence
  }
  return count;
}

std::string quote_for_message(std::string_view text, std::size_t max_chars) {
  // Round-trip through nlohmann's replacing serialiser so the message is always valid UTF-8.
  std::string valid = nlohmann::json(std::string(text))
                          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  nlohmann::json back = nlohmann::json::parse(valid, nullptr, false);
  std::string clean = back.is_string() ? back.get_ref<const std::string&>() : std::string();
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < clean.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(clean[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars == max_chars) {
        out += "\u2026";
        return out;
      }
      ++chars;
    }
    out += clean[i];
  }
  return out;
}

double round_to(double value, int decimals) {
  static const double kScale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  if (!std::isfinite(value)) return value;
  double scale = kScale[std::clamp(decimals, 0, 6)];
  double scaled = value * scale;
  if (std::fabs(scaled) >= 9007199254740992.0) return value;  // no fraction left to round
  double rounded = std::round(scaled) / scale;
  return rounded == 0 ? 0.0 : rounded;
}

nlohmann::json number_json(double value) {
  if (std::isfinite(value) && value == std::floor(value) &&
      std::fabs(value) <= 9007199254740991.0) {
    return nlohmann::json(static_cast<std::int64_t>(value));
  }
  if (!std::isfinite(value)) return nlohmann::json();  // JSON has no NaN or infinity
  return nlohmann::json(value);
}

std::string format_number(double value) {
  return number_json(value).dump();
}

}  // namespace leadqual
