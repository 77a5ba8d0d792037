#include "cli/args.hpp"

namespace leadqual::cli {

const std::string* ParsedArgs::value(const std::string& name) const {
  auto found = values.find(name);
  return found == values.end() ? nullptr : &found->second;
}

std::vector<std::string> ParsedArgs::all(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [option, value] : given) {
    if (option == name) out.push_back(value);
  }
  return out;
}

bool parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& spec,
                ParsedArgs& out, std::string& error) {
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || arg.size() < 2 || arg[0] != '-') {
      out.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    const std::size_t equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    const OptionSpec* option = nullptr;
    for (const OptionSpec& candidate : spec) {
      if (candidate.name == name || (!candidate.alias.empty() && candidate.alias == name)) {
        option = &candidate;
      }
    }
    if (!option) {
      error = "unknown option '" + name + "'";
      return false;
    }
    const std::string& canonical = option->name;
    if (!option->takes_value) {
      if (equals != std::string::npos) {
        error = "option '" + name + "' takes no value";
        return false;
      }
      out.flags.insert(canonical);
      continue;
    }
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      error = "option '" + name + "' needs a value";
      return false;
    }
    out.values[canonical] = value;
    out.given.emplace_back(canonical, std::move(value));
  }
  return true;
}

}  // namespace leadqual::cli
