// Runs the `leadqual` binary as a child process with given arguments and standard input, and
// collects its exit status, standard output and standard error.
#pragma once

#include <string>
#include <vector>

namespace leadqual::test {

struct RunResult {
  int status = -1;  // the exit status; 128 + N when killed by signal N
  std::string out;
  std::string err;
};

// `program` is run with `args`; `input` is written to a file that becomes its standard input.
// Files go to `scratch_dir`, which must exist.
RunResult run(const std::string& program, const std::vector<std::string>& args,
              const std::string& input, const std::string& scratch_dir);

}  // namespace leadqual::test
