// A bare expression on data, as `leadqual eval` and the JS evaluate() run one: the first line is
// the expression (JsonLogic when it is JSON, infix text otherwise), the rest the data as JSON.
// Compiling, step limits and evaluation errors must all end in a value or a located error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/leadqual.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leadqual;
  using nlohmann::json;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view expression = input.substr(0, newline);
  const std::string_view rest =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  json rule;
  std::string error;
  if (!parse_json(expression, rule, error)) rule = std::string(expression);
  json facts = json::object();
  if (!rest.empty() && !parse_json(rest, facts, error)) return 0;
  Evaluation out;
  std::vector<Diagnostic> errors;
  if (!evaluate(rule, facts, out, errors, 1.7e12)) {
    FUZZ_CHECK(!errors.empty(), "an expression that does not compile must say why");
    return 0;
  }
  FUZZ_CHECK(!out.failed || out.value.is_null(), "a failure has no value");
  FUZZ_CHECK(out.failed || (out.type.empty() && out.message.empty()), "a value has no failure");
  (void)canonical(out.value);
  return 0;
}
