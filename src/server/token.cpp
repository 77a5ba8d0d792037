#include "server/token.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace leadqual::server {
std::string random_token() {
  std::random_device random;
  std::string token;
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) token += hex[random() % 16];
  return token;
}

namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

}  // namespace

std::string token_file(const std::string& db_path) {
  return db_path + ".token";
}

std::optional<std::string> read_token_file(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in.is_open()) {
    error = "cannot read the token file '" + path + "': " + std::strerror(errno);
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return trimmed(text.str());
}

bool resolve_token(const std::string& given, const std::string& db_path, Token& out,
                   std::string& error) {
  if (!given.empty()) {
    out = {given, "--token", false};
    return true;
  }
  const std::string path = token_file(db_path);
  // Written whole to a file of our own, then linked into place: of two servers started at once
  // on one database, one link wins and both read the same token, never a half-written one.
  struct stat existing;
  if (::stat(path.c_str(), &existing) != 0) {
    const std::string temporary = path + ".new-" + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      error = "cannot create the token file '" + path + "': " + std::strerror(errno) +
              " (pass --token, or make the database's folder writable)";
      return false;
    }
    const std::string token = random_token();
    const std::string line = token + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    const bool linked = written && synced && ::link(temporary.c_str(), path.c_str()) == 0;
    const int link_errno = errno;
    ::unlink(temporary.c_str());
    if (linked) {
      out = {token, path, true};
      return true;
    }
    if (!written || !synced || link_errno != EEXIST) {
      error = "cannot write the token file '" + path + "': " + std::strerror(link_errno);
      return false;
    }
  }
  const std::optional<std::string> read = read_token_file(path, error);
  if (!read) return false;
  const std::string& token = *read;
  if (token.empty()) {
    error = "the token file '" + path + "' is empty (delete it to make a new token)";
    return false;
  }
  out = {token, path, false};
  return true;
}

}  // namespace leadqual::server
