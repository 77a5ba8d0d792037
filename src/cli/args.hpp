// The command-line parser of every verb (serve included): `--name value`, `--name=value`,
// boolean flags, a short alias (`-h`), repeatable options, positionals, `-` (stdin) as a
// positional and `--` to end the options.
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
  std::string alias = {};  // another spelling, e.g. "-h" for "--help"
};

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;  // options that take a value (the last one wins)
  std::set<std::string> flags;                // options without a value that were given
  std::vector<std::pair<std::string, std::string>> given;  // every value option, in order

  bool has(const std::string& name) const { return flags.count(name) || values.count(name); }
  const std::string* value(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;  // a repeatable option's values
};

// Returns false and sets `error` ("unknown option '--x'", "option '--format' needs a value").
bool parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& spec,
                ParsedArgs& out, std::string& error);

}  // namespace leadqual::cli
