// The named functions of both spellings, evaluated (their names and arities are the compiler's,
// compiler/node.hpp).
#pragma once

#include <cstddef>

#include "core/runtime/program.hpp"

namespace leadqual {

// Evaluates `fn` on already evaluated arguments (none of them errors).
Value call_function(Fn fn, const Value* args, std::size_t n, double now_ms);

// 0.5^t (a signal's half-life decay after t half-lives), the same bits natively and in
// WebAssembly; within one unit in the last place of std::pow (docs/performance.md, "The
// runtime's size, fifth session").
double half_power(double t);

}  // namespace leadqual
