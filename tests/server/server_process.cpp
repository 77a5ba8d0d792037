#include "server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace leadqual::testing {

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "leadqual-server-XXXXXX").string();
  if (::mkdtemp(pattern.data())) path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

namespace {

std::vector<char*> argv_of(std::vector<std::string>& words) {
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ServerProcess::~ServerProcess() {
  if (stdout_ >= 0) ::close(stdout_);
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    wait();
  }
}

bool ServerProcess::launch(const std::vector<std::string>& args, const std::string& log_path) {
  log_path_ = log_path;
  startup_output_.clear();
  port_ = 0;
  std::vector<std::string> words = {LEADQUAL_BIN, "serve", "--host", "127.0.0.1", "--port", "0"};
  words.insert(words.end(), args.begin(), args.end());
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return false;
  const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return false;
  auto argv = argv_of(words);
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    // A server must not outlive a test program that crashed: it dies with its parent.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    ::execv(LEADQUAL_BIN, argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(log);
  if (pid_ < 0) {
    ::close(out[0]);
    return false;
  }
  stdout_ = out[0];
  return true;
}

bool ServerProcess::await_start() {
  if (stdout_ < 0) return false;
  // The start-up block begins "leadqual serve: listening on http://127.0.0.1:PORT/" and names
  // the database last; read until then, or until the pipe closes (the server exited).
  char buffer[4096];
  ssize_t n;
  while (startup_output_.find("  database:") == std::string::npos &&
         (n = ::read(stdout_, buffer, sizeof buffer)) > 0) {
    startup_output_.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(stdout_);  // later stdout writes are few and small; SIGPIPE is ignored by the server
  stdout_ = -1;
  const std::string marker = "listening on http://127.0.0.1:";
  const auto at = startup_output_.find(marker);
  if (at == std::string::npos) {
    wait();
    startup_output_ += read_file(log_path_);
    return false;
  }
  port_ = std::atoi(startup_output_.c_str() + at + marker.size());
  return port_ > 0;
}

void ServerProcess::signal(int signal_number) const {
  if (pid_ > 0) ::kill(pid_, signal_number);
}

int ServerProcess::wait() {
  if (pid_ <= 0) return -1;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int run_serve_to_exit(const std::vector<std::string>& args, std::string& output) {
  std::vector<std::string> words = {"serve"};
  words.insert(words.end(), args.begin(), args.end());
  return run_leadqual_to_exit(words, output);
}

int run_leadqual_to_exit(const std::vector<std::string>& args, std::string& output) {
  TempDir dir;
  const std::string log = dir.file("output.txt");
  std::vector<std::string> words = {LEADQUAL_BIN};
  words.insert(words.end(), args.begin(), args.end());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  auto argv = argv_of(words);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, LEADQUAL_BIN, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  // Expected to exit at once; a server that keeps running is stopped after a bounded wait so
  // the test fails instead of hanging.
  int status = 0;
  for (int tries = 0; tries < 300 && ::waitpid(pid, &status, WNOHANG) == 0; ++tries) {
    ::usleep(50 * 1000);
    if (tries == 299) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
    }
  }
  output = read_file(log);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace leadqual::testing
