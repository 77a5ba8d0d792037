// leadqual build MODEL [-o FILE]
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/io.hpp"
#include "cli/verbs.hpp"
#include "core/leadqual.hpp"

namespace leadqual::cli {
namespace {

constexpr const char* kHelp = R"(Usage: leadqual build MODEL [-o FILE]

Compiles a model ("-" reads standard input) into its compiled form: what the runtime loads,
natively and in the browser's runtime module, without the compiler (docs/widget.md "The
compiled form"). Writes it to FILE, or to standard output without -o. An invalid model is
reported as `leadqual validate` reports it, and nothing is written.

Options
  -o, --output FILE          where to write the compiled model

Exit status: 0 written, 1 invalid or unreadable model, or FILE not writable, 2 usage error.
)";

}  // namespace

int build_main(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  if (const auto done = start_verb("build", kHelp, args,
                                   {{"--help"}, {"-o", true}, {"--output", true}}, parsed)) {
    return *done;
  }
  std::string error;
  if (parsed.positional.size() != 1) return usage_error("build", "give exactly one model file");
  const std::shared_ptr<const Model> model = read_model(parsed.positional[0]);
  if (!model) return kExitFailure;
  const std::string* output = parsed.value("--output");
  if (output == nullptr) output = parsed.value("-o");
  if (output == nullptr || *output == "-") {
    if (!host().write(Stream::Out, model->bytes(), error)) {
      err("leadqual build: cannot write standard output: %s\n", error.c_str());
      return kExitFailure;
    }
    return kExitOk;
  }
  if (!host().save(*output, model->bytes(), error)) {
    err("leadqual build: cannot write '%s': %s\n", output->c_str(), error.c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace leadqual::cli
