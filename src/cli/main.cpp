// leadqual: validate models, score files of leads, evaluate expressions, start a model from a
// preset, and serve the demo site with the result collector. The command line itself is
// cli/command.cpp (also compiled into the WebAssembly core module for `npx leadqual`); this
// binary runs it on stdio and adds the verbs that need the machine (serve, cli/serve.cpp;
// migrate-store, cli/migrate_store.cpp).
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/host_stdio.hpp"
#include "cli/verbs.hpp"

int main(int argc, char** argv) {
  leadqual::cli::StdioHost stdio;
  leadqual::cli::HostScope scope(stdio);
  return leadqual::cli::main_with(std::vector<std::string>(argv + 1, argv + argc),
                                  {{"serve", &leadqual::cli::serve_main},
                                   {"migrate-store", &leadqual::cli::migrate_store_main},
                                   {"calibrate", &leadqual::cli::calibrate_main}});
}
