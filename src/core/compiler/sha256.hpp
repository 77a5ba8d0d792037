// SHA-256 (FIPS 180-4), for the model hash that names a model in every result.
#pragma once

#include <string>
#include <string_view>

namespace leadqual {

// Lower-case hex digest (64 characters) of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace leadqual
