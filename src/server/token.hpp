// The token that guards reading results: --token when given, else the one the store keeps
// (Storage::keep_token: for SQLite the file `<db>.token` beside the database, for PostgreSQL the
// database itself), made once with a random value, so links and scripts keep working across
// restarts.
#pragma once

#include <string>

namespace leadqual::server {

struct Token {
  std::string value;
  std::string source;    // "--token", or the file it was read from or written to
  bool created = false;  // the file was made by this start
};

// 32 random hex digits.
std::string random_token();

// --token `given` wins; otherwise reads `<db_path>.token`, creating it (mode 0600) with 32
// random hex digits when it does not exist. False with `error` when the file cannot be read or
// written, or is empty.
bool resolve_token(const std::string& given, const std::string& db_path, Token& out,
                   std::string& error);

}  // namespace leadqual::server
