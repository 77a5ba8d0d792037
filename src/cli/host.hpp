// The machine a verb runs on: its files and standard input, its standard output and error, and
// the framework presets. The native command uses stdio (host_stdio.cpp); the WebAssembly core
// module is given node's (wasm/cli.cpp), so `npx leadqual` runs this very code and prints the
// same bytes, help texts and exit codes as the binary.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/presets.hpp"

namespace leadqual::cli {

// An open file, or standard input.
class Input {
 public:
  virtual ~Input() = default;
  // Reads up to `size` bytes into `data`, fewer only at the end of the input (as fread does);
  // after a read error, returns what it got and error() says why ("Is a directory").
  virtual std::size_t read(char* data, std::size_t size) = 0;
  const std::string& error() const { return error_; }

 protected:
  std::string error_;
};

enum class Stream { Out, Err };

class Host {
 public:
  virtual ~Host() = default;
  // "-" is standard input. Null, with the reason in `error` ("No such file or directory"), when
  // the file cannot be opened.
  virtual std::unique_ptr<Input> open(const std::string& path, std::string& error) = 0;
  // Writes all of `text`; false, with the reason in `error`, when it could not.
  virtual bool write(Stream stream, std::string_view text, std::string& error) = 0;
  // Writes `bytes` to the file at `path` (created or replaced); false, with the reason in
  // `error`, when it could not. A host without files of its own says so.
  virtual bool save(const std::string& path, std::string_view bytes, std::string& error);
  // The framework presets of `leadqual new`, in models/frameworks/presets.txt order.
  virtual const std::vector<Preset>& presets() = 0;
};

// The host of the current run: stdio, unless a HostScope is alive.
Host& host();

// Makes `current` the host for as long as the scope lives (one run in the WebAssembly module).
class HostScope {
 public:
  explicit HostScope(Host& current);
  ~HostScope();
  HostScope(const HostScope&) = delete;
  HostScope& operator=(const HostScope&) = delete;

 private:
  Host* previous_;
};

// printf-style text on the host's standard output and standard error.
void out(const char* format, ...) __attribute__((format(printf, 1, 2)));
void err(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace leadqual::cli
