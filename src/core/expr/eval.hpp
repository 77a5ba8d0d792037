// Evaluation of a compiled tree (internal to the expression engine).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/expr/node.hpp"

namespace leadqual::expr {

// Name → slot, sorted by name: how a compiled-with-Symbols expression finds a root name that
// is only known at run time (missing, or a val that climbs out of an iterator).
using NameIndex = std::vector<std::pair<std::string, int>>;

Value evaluate(const Node& root, const EvalContext& ctx, const Limits& limits,
               const NameIndex* names);

}  // namespace leadqual::expr
