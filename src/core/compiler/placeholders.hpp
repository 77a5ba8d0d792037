// Placeholders in the texts of a results page: "Save {annual_savings} a year". The syntax is
// defined here once; the loader checks every name at load, renderers fill them from a result.
//   {name}           a computed value, dimensions.<id> (also dimension.<id>), score, percent, grade
//   {{ and }}        a literal brace
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leadqual {

struct Placeholder {
  std::string name;     // what is between the braces: "annual_savings", "dimensions.need"
  std::string problem;  // "" for a well-formed placeholder, else why it is not one
};

// Every placeholder of `text` in order, and every malformed one (an empty "{}", a "{" that is
// never closed) with its problem.
std::vector<Placeholder> placeholders_in(std::string_view text);

}  // namespace leadqual
