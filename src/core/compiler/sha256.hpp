// SHA-256 (FIPS 180-4), for the model hash that names a model in every result, and HMAC-SHA256
// (RFC 2104), for the signature of forwarded results (docs/collector.md "Forwarding").
#pragma once

#include <string>
#include <string_view>

namespace leadqual {

// Lower-case hex digest (64 characters) of `data`.
std::string sha256_hex(std::string_view data);

// Lower-case hex HMAC-SHA256 of `message` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace leadqual
