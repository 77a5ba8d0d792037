// Small helpers shared by the server's parts: clocks, ISO 8601 text, JSON text that never aborts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace leadqual::server {

std::int64_t now_ms();                        // wall clock, ms since the Unix epoch
std::string iso_utc(std::int64_t ms);         // "2026-11-22T08:41:07.512Z"
std::string http_date(std::int64_t seconds);  // "Sun, 22 Nov 2026 08:41:07 GMT"

// An ISO 8601 date or date-time as the core reads it (core/runtime/iso8601.hpp) -> ms since the
// epoch; nullopt when the text is not one.
std::optional<std::int64_t> parse_iso(std::string_view text);

// ASCII case-insensitive equality (header names, codings, tokens).
bool iequals(std::string_view a, std::string_view b);
// `text` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);

// The value of a hexadecimal digit, -1 for any other character.
int hex_digit(char c);
// Percent-decodes `text` ('+' stays '+'); false on a malformed escape.
bool percent_decode(std::string_view text, std::string& out);

// JSON text. Invalid UTF-8 in strings is replaced rather than aborting (nlohmann throws on it,
// and every target is built with JSON_NOEXCEPTION, where a throw is an abort).
std::string json_text(const nlohmann::json& value);

}  // namespace leadqual::server
