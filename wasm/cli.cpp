// The `leadqual` command line (src/cli) in the core module, for `npx leadqual`: conversion only.
// bin/leadqual.js hands over node's files and standard streams as an `io` object; the verbs run
// unchanged on it, so they print what the native binary prints.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/command.hpp"
#include "cli/host.hpp"

namespace {

using emscripten::val;

// node reports file errors by code ("ENOENT"); the message is the C library's, as natively.
std::string reason(const val& failure) {
  const std::string code = failure.as<std::string>();
  static const std::pair<const char*, int> kCodes[] = {
      {"ENOENT", ENOENT}, {"EACCES", EACCES},
      {"EISDIR", EISDIR}, {"ENOTDIR", ENOTDIR},
      {"EPERM", EPERM},   {"ELOOP", ELOOP},
      {"EIO", EIO},       {"EPIPE", EPIPE},
      {"ENOSPC", ENOSPC}, {"ENAMETOOLONG", ENAMETOOLONG}};
  for (const auto& [name, number] : kCodes) {
    if (code == name) return std::strerror(number);
  }
  return code;
}

val bytes_view(const char* data, std::size_t size) {
  return val(emscripten::typed_memory_view(size, reinterpret_cast<const unsigned char*>(data)));
}

class JsInput : public leadqual::cli::Input {
 public:
  JsInput(val io, val handle) : io_(std::move(io)), handle_(std::move(handle)) {}
  ~JsInput() override { io_.call<void>("close", handle_); }
  JsInput(const JsInput&) = delete;
  JsInput& operator=(const JsInput&) = delete;

  std::size_t read(char* data, std::size_t size) override {
    const val got = io_.call<val>("read", handle_, bytes_view(data, size));
    if (got.isNumber()) return got.as<std::size_t>();
    error_ = reason(got);
    return 0;
  }

 private:
  val io_;
  val handle_;
};

class JsHost : public leadqual::cli::Host {
 public:
  explicit JsHost(val io) : io_(std::move(io)) {}

  std::unique_ptr<leadqual::cli::Input> open(const std::string& path, std::string& error) override {
    val handle = io_.call<val>("open", path);
    if (!handle.isNumber()) {
      error = reason(handle);
      return nullptr;
    }
    return std::make_unique<JsInput>(io_, std::move(handle));
  }

  bool write(leadqual::cli::Stream stream, std::string_view text, std::string& error) override {
    const val done = io_.call<val>("write", stream == leadqual::cli::Stream::Out ? 1 : 2,
                                   bytes_view(text.data(), text.size()));
    if (done.isTrue()) return true;
    error = reason(done);
    return false;
  }

  bool save(const std::string& path, std::string_view bytes, std::string& error) override {
    const val done = io_.call<val>("save", path, bytes_view(bytes.data(), bytes.size()));
    if (done.isTrue()) return true;
    error = reason(done);
    return false;
  }

  // Read from the package's models/frameworks when `leadqual new` asks, as [[name, text], ...].
  const std::vector<leadqual::cli::Preset>& presets() override {
    if (!loaded_) {
      loaded_ = true;
      const val list = io_.call<val>("presets");
      const unsigned count = list["length"].as<unsigned>();
      for (unsigned i = 0; i < count; ++i) {
        names_.push_back(list[i][0].as<std::string>());
        texts_.push_back(list[i][1].as<std::string>());
      }
      for (std::size_t i = 0; i < names_.size(); ++i) presets_.push_back({names_[i], texts_[i]});
    }
    return presets_;
  }

 private:
  val io_;
  bool loaded_ = false;
  std::vector<std::string> names_;
  std::vector<std::string> texts_;
  std::vector<leadqual::cli::Preset> presets_;
};

// Runs one command line (the words after "leadqual") on `io`; returns the exit status.
int run_cli(const val& args, const val& io) {
  std::vector<std::string> words;
  const unsigned count = args["length"].as<unsigned>();
  for (unsigned i = 0; i < count; ++i) words.push_back(args[i].as<std::string>());
  JsHost host(io);
  leadqual::cli::HostScope scope(host);
  return leadqual::cli::main_with(words);
}

}  // namespace

EMSCRIPTEN_BINDINGS(leadqual_cli) {
  emscripten::function("runCli", &run_cli);
}
