#include "cli/host.hpp"

#include <cstdarg>
#include <cstdio>
#include <string>

namespace leadqual::cli {
namespace {

// Outside any scope there is no machine to talk to: nothing opens, nothing is written. (main()
// runs the command in a scope of the stdio host; the WebAssembly module in one of node's.)
class NoHost : public Host {
 public:
  std::unique_ptr<Input> open(const std::string&, std::string& error) override {
    error = "no host";
    return nullptr;
  }
  bool write(Stream, std::string_view, std::string& error) override {
    error = "no host";
    return false;
  }
  const std::vector<Preset>& presets() override { return presets_; }

 private:
  std::vector<Preset> presets_;
};

Host* current_host = nullptr;

void print(Stream stream, const char* format, std::va_list args) {
  std::va_list copy;
  va_copy(copy, args);
  char small[512];
  const int length = std::vsnprintf(small, sizeof small, format, copy);
  va_end(copy);
  if (length < 0) return;
  std::string text;
  if (static_cast<std::size_t>(length) < sizeof small) {
    text.assign(small, static_cast<std::size_t>(length));
  } else {
    text.resize(static_cast<std::size_t>(length) + 1);
    std::vsnprintf(text.data(), text.size(), format, args);
    text.pop_back();
  }
  std::string error;
  host().write(stream, text, error);  // like printf: a failed write is noticed by Output::flush
}

}  // namespace

bool Host::save(const std::string&, std::string_view, std::string& error) {
  error = "this leadqual writes no files (leave out -o: standard output)";
  return false;
}

Host& host() {
  static NoHost none;
  return current_host ? *current_host : none;
}

HostScope::HostScope(Host& current) : previous_(current_host) {
  current_host = &current;
}

HostScope::~HostScope() {
  current_host = previous_;
}

void out(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  print(Stream::Out, format, args);
  va_end(args);
}

void err(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  print(Stream::Err, format, args);
  va_end(args);
}

}  // namespace leadqual::cli
