// The names of the functions both spellings share, and their arities (the compiler's half; the
// runtime evaluates them, runtime/functions.cpp).
#include <string>
#include <vector>

#include "core/compiler/node.hpp"

namespace leadqual::expr {
namespace {

constexpr FunctionInfo kFunctions[] = {
    {"abs", Fn::Abs, 1, 1},
    {"ceil", Fn::Ceil, 1, 1},
    {"clamp", Fn::Clamp, 3, 3},
    {"coalesce", Fn::Coalesce, 1, -1},
    {"contains", Fn::Contains, 2, 2},
    {"days_since", Fn::DaysSince, 1, 1},
    {"domain", Fn::Domain, 1, 1},
    {"ends_with", Fn::EndsWith, 2, 2},
    {"floor", Fn::Floor, 1, 1},
    {"is_disposable_email", Fn::IsDisposableEmail, 1, 1},
    {"is_free_email", Fn::IsFreeEmail, 1, 1},
    {"len", Fn::Len, 1, 1},
    {"lower", Fn::Lower, 1, 1},
    {"max", Fn::Max, 1, -1},
    {"min", Fn::Min, 1, -1},
    {"round", Fn::Round, 1, 2},
    {"starts_with", Fn::StartsWith, 2, 2},
    {"upper", Fn::Upper, 1, 1},
};

}  // namespace

const FunctionInfo* find_function(std::string_view name) {
  return find_by_name(kFunctions, name);
}

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& f : kFunctions) v.emplace_back(f.name);
    return v;
  }();
  return names;
}

std::string arity_error(const FunctionInfo& f, int count, const char* call_suffix) {
  if (count >= f.min_args && (f.max_args < 0 || count <= f.max_args)) return {};
  std::string arity;
  int shown = f.min_args;
  if (f.max_args < 0) {
    arity = "at least " + std::to_string(f.min_args);
  } else if (f.min_args == f.max_args) {
    arity = std::to_string(f.min_args);
  } else {
    arity = std::to_string(f.min_args) + " or " + std::to_string(f.max_args);
    shown = f.max_args;
  }
  return std::string(f.name) + call_suffix + " takes " + arity + " argument" +
         (shown == 1 ? "" : "s") + ", not " + std::to_string(count);
}

}  // namespace leadqual::expr
