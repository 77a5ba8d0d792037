#include "cli/history_io.hpp"

#include <memory>
#include <vector>

#include "cli/host.hpp"
#include "cli/io.hpp"
#include "cli/verbs.hpp"

namespace leadqual::cli {
namespace {

std::string trimmed(const std::string& text) {
  const std::size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  const std::size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

}  // namespace

std::shared_ptr<const Model> load_model_file(const std::string& verb, const std::string& path) {
  const ModelLimits limits;
  std::string text, error;
  if (!read_file(path, limits.max_model_bytes, text, error)) {
    err("leadqual %s: %s\n", verb.c_str(), error.c_str());
    return nullptr;
  }
  LoadResult loaded = Model::parse(text, limits);
  if (!loaded.model) {
    print_model_errors(path, loaded.errors);
    err("leadqual %s: %s is not a valid model\n", verb.c_str(), path.c_str());
  }
  return loaded.model;
}

bool read_history(const std::string& verb, const std::string& path, History& history) {
  std::string why;
  const std::unique_ptr<Input> input = host().open(path, why);
  if (!input) {
    err("leadqual %s: cannot read '%s': %s\n", verb.c_str(), path.c_str(), why.c_str());
    return false;
  }
  std::vector<char> chunk(std::size_t{1} << 20);
  for (;;) {
    const std::size_t got = input->read(chunk.data(), chunk.size());
    if (got > 0) history.feed(std::string_view(chunk.data(), got));
    if (got < chunk.size()) break;
  }
  if (!input->error().empty()) {
    err("leadqual %s: cannot read '%s': %s\n", verb.c_str(), path.c_str(), input->error().c_str());
    return false;
  }
  history.finish();
  if (history.failed()) {
    err("leadqual %s: %s: %s\n", verb.c_str(), path.c_str(), history.error().c_str());
    return false;
  }
  return true;
}

bool model_and_history(const ParsedArgs& parsed, std::string& error) {
  if (parsed.positional.size() < 2) {
    error = parsed.positional.empty() ? "no model file given" : "no history file given";
    return false;
  }
  if (parsed.positional.size() > 2) {
    error = "too many arguments: '" + parsed.positional[2] + "'";
    return false;
  }
  if (parsed.positional[0] == "-" && parsed.positional[1] == "-") {
    error = "the model and the history cannot both come from standard input";
    return false;
  }
  return true;
}

std::vector<std::string> list_option(const ParsedArgs& parsed, const std::string& name) {
  std::vector<std::string> out;
  for (const std::string& value : parsed.all(name)) {
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t end = value.find(',', start);
      if (end == std::string::npos) end = value.size();
      const std::string item = trimmed(value.substr(start, end - start));
      if (!item.empty()) out.push_back(item);
      start = end + 1;
    }
  }
  return out;
}

bool history_options(const ParsedArgs& parsed, OutcomeOptions& outcome, ColumnMapping& mapping,
                     std::string& error) {
  const std::string* column = parsed.value("--outcome");
  if (!column || trimmed(*column).empty()) {
    error = "say which column holds the outcome: --outcome COLUMN";
    return false;
  }
  outcome.column = trimmed(*column);
  outcome.positive = list_option(parsed, "--positive");
  for (const std::string& spec : parsed.all("--map")) {
    const std::size_t equals = spec.rfind('=');
    if (equals == std::string::npos || trimmed(spec.substr(0, equals)).empty() ||
        trimmed(spec.substr(equals + 1)).empty()) {
      error = "--map: '" + spec + "' is not COLUMN=QUESTION";
      return false;
    }
    mapping.map.emplace_back(trimmed(spec.substr(0, equals)), trimmed(spec.substr(equals + 1)));
  }
  return true;
}

bool report_history(const std::string& verb, const std::string& path, const History& history) {
  for (const std::string& warning : history.warnings()) {
    err("leadqual %s: %s: %s\n", verb.c_str(), path.c_str(), warning.c_str());
  }
  for (const auto& [line, message] : history.problems()) {
    err("leadqual %s: %s: %s\n", verb.c_str(), path.c_str(), message.c_str());
  }
  const std::size_t listed = history.problems().size();
  const std::size_t problems = history.bad_rows() + history.unknown_outcome();
  if (problems > listed) {
    err("leadqual %s: %s: … and %zu more rows like these\n", verb.c_str(), path.c_str(),
        problems - listed);
  }
  if (history.bad_rows() + history.unknown_outcome() + history.no_outcome() > 0) {
    err("leadqual %s: %s: skipped %zu rows (%zu unreadable, %zu without an outcome, %zu "
        "with an unknown outcome)\n",
        verb.c_str(), path.c_str(),
        history.bad_rows() + history.unknown_outcome() + history.no_outcome(), history.bad_rows(),
        history.no_outcome(), history.unknown_outcome());
  }
  return history.bad_rows() == 0;
}

}  // namespace leadqual::cli
