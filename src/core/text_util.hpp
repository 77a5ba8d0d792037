// Small text and number helpers shared by model loading and scoring: JSON Pointer building,
// "did you mean" suggestions, type names for messages, UTF-8 length, deterministic rounding.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace leadqual {

// RFC 6901: `base` + "/" + the escaped token.
std::string pointer_append(const std::string& base, std::string_view token);
std::string pointer_append(const std::string& base, std::size_t index);

// "a number", "a string", ... for messages like "expected a number, got a string".
const char* json_type_name(const nlohmann::json& value);

// " — did you mean 'x'?" (the closest candidate, see expr::closest_name) or "", ready to append
// to a message.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

// Number of Unicode code points (invalid bytes count one each).
std::size_t utf8_length(std::string_view text);

// A string safe to quote in a message: valid UTF-8, at most `max_chars` code points ("…" after).
std::string quote_for_message(std::string_view text, std::size_t max_chars = 40);

// Rounds half away from zero to `decimals` places (0 to 6); -0 becomes 0.
double round_to(double value, int decimals);

// A number as JSON: integral values in the exactly representable range become integers, so
// they print without a fraction on every platform.
nlohmann::json number_json(double value);

// "1000", "2.5": a number as people write it, for messages and generated texts.
std::string format_number(double value);

}  // namespace leadqual
