// Runs the real `leadqual serve` as a child process on a free loopback port, for the collector
// tests: start, read the bound port from its first line, signal it, wait for it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace leadqual::testing {

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess();  // SIGKILLs a server still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts `leadqual serve --host 127.0.0.1 --port 0 <args>`; stderr goes to `log_path`.
  // Returns false (with `startup_output` holding what it printed) if it exits instead.
  bool start(const std::vector<std::string>& args, const std::string& log_path) {
    return launch(args, log_path) && await_start();
  }
  // start() in two halves, for starting several servers at the same moment: launch each, then
  // await each.
  bool launch(const std::vector<std::string>& args, const std::string& log_path);
  bool await_start();
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& startup_output() const { return startup_output_; }

  void signal(int signal_number) const;
  // Waits for the process to end; returns its exit code, or 128 + signal if a signal ended it.
  int wait();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int stdout_ = -1;  // the read end of the server's stdout until await_start()
  std::string log_path_;
  std::string startup_output_;
};

// Runs `leadqual serve ARGS` expecting it to exit by itself; returns the exit code and fills
// `output` with stdout + stderr.
int run_serve_to_exit(const std::vector<std::string>& args, std::string& output);
// The same for any verb: runs `leadqual ARGS`.
int run_leadqual_to_exit(const std::vector<std::string>& args, std::string& output);

std::string read_file(const std::string& path);

}  // namespace leadqual::testing
