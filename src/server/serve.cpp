#include "server/serve.hpp"

#include <iostream>

#include "server/options.hpp"

namespace leadqual {

int serve_main(const std::vector<std::string>& args) {
  server::Options options;
  std::string error;
  if (!server::parse_options(args, options, error)) {
    std::cerr << "leadqual serve: " << error << "\n"
              << "run 'leadqual serve --help' for usage\n";
    return 2;
  }
  if (options.help) {
    std::cout << server::usage();
    return 0;
  }
  std::cerr << "leadqual serve: not implemented yet\n";
  return 1;
}

}  // namespace leadqual
