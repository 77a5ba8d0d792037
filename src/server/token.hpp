// The token that guards reading results: --token when given, else the one the store keeps
// (Storage::keep_token: for SQLite the file `<db>.token` beside the database, for PostgreSQL the
// database itself), made once with a random value, so links and scripts keep working across
// restarts.
#pragma once

#include <optional>
#include <string>

namespace leadqual::server {

struct Token {
  std::string value;
  std::string source;    // "--token", or the file it was read from or written to
  bool created = false;  // the file was made by this start
};

// 32 random hex digits.
std::string random_token();

// The file a SQLite store at `db_path` keeps its token in: `<db_path>.token`.
std::string token_file(const std::string& db_path);

// The token in the file at `path`, trailing newlines and spaces dropped (possibly empty): the one
// reader of a token file (resolve_token, and migrate-store copying a SQLite store's token).
// nullopt with `error` when the file cannot be read.
std::optional<std::string> read_token_file(const std::string& path, std::string& error);

// --token `given` wins; otherwise reads `<db_path>.token`, creating it (mode 0600) with 32
// random hex digits when it does not exist. False with `error` when the file cannot be read or
// written, or is empty.
bool resolve_token(const std::string& given, const std::string& db_path, Token& out,
                   std::string& error);

}  // namespace leadqual::server
