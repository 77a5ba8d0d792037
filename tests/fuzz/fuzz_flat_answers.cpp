// Differential: the CLI's fast JSON Lines reader against parse_json. Whenever the fast reader
// takes a line, parse_json must accept it too and give exactly the same value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cli/flat_answers.hpp"
#include "core/leadqual.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  nlohmann::json fast;
  if (!leadqual::cli::read_flat_answers(line, fast)) return 0;
  nlohmann::json full;
  std::string error;
  FUZZ_CHECK(leadqual::parse_json(line, full, error),
             "the fast reader took what parse_json refuses");
  FUZZ_CHECK(fast == full, "the fast reader read a different value than parse_json");
  FUZZ_CHECK(leadqual::canonical(fast) == leadqual::canonical(full),
             "the fast reader's value prints differently");
  return 0;
}
