// A small command-line parser shared by the verbs: `--name value`, `--name=value`, boolean
// flags, positionals, `-` (stdin) as a positional and `--` to end the options.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace leadqual::cli {

struct OptionSpec {
  std::string name;  // with the dashes: "--format"
  bool takes_value = false;
};

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;  // options that take a value (the last one wins)
  std::set<std::string> flags;                // options without a value that were given
  // Every value of every option in the order given, for options that may repeat (--map).
  std::vector<std::pair<std::string, std::string>> given;

  bool has(const std::string& name) const { return flags.count(name) || values.count(name); }
  const std::string* value(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;  // every value of a repeated option
};

// Returns false and sets `error` ("unknown option '--x'", "option '--format' needs a value").
bool parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& spec,
                ParsedArgs& out, std::string& error);

}  // namespace leadqual::cli
