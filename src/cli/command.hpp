// The `leadqual` command line (see command.cpp).
#pragma once

#include <string>
#include <vector>

#include "cli/verbs.hpp"

namespace leadqual::cli {

// A verb this build adds to the built-in ones (validate, score, eval, new).
struct Verb {
  const char* name;
  int (*run)(const std::vector<std::string>& args);
};

// Runs one command line (the words after "leadqual") on the current host; returns the exit
// status. `more` are the verbs only this build has (the native binary's serve).
int main_with(const std::vector<std::string>& args, const std::vector<Verb>& more = {});

}  // namespace leadqual::cli
