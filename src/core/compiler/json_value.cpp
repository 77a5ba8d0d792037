#include "core/compiler/json_value.hpp"

#include <cmath>
#include <cstdint>
#include <string>

namespace leadqual {
namespace {

// 2^53: beyond it doubles are not exact integers, so value_to_json keeps them as doubles.
constexpr double kMaxSafeInteger = 9007199254740992.0;

// Deeper data than this is refused (as an error value) rather than risking the C stack, which is
// small in WebAssembly.
constexpr int kMaxDataDepth = 256;

Value from_json_at(const nlohmann::json& j, int depth) {
  if (depth > kMaxDataDepth && (j.is_array() || j.is_object())) {
    return Value::error("Limit", "data nested deeper than 256");
  }
  switch (j.type()) {
    case nlohmann::json::value_t::boolean:
      return Value::boolean(j.get_ref<const nlohmann::json::boolean_t&>());
    case nlohmann::json::value_t::number_integer:
      return Value::number(
          static_cast<double>(j.get_ref<const nlohmann::json::number_integer_t&>()));
    case nlohmann::json::value_t::number_unsigned:
      return Value::number(
          static_cast<double>(j.get_ref<const nlohmann::json::number_unsigned_t&>()));
    case nlohmann::json::value_t::number_float:
      return Value::number(j.get_ref<const nlohmann::json::number_float_t&>());
    case nlohmann::json::value_t::string:
      return Value::string(j.get_ref<const nlohmann::json::string_t&>());
    case nlohmann::json::value_t::array: {
      Array items;
      items.reserve(j.size());
      for (const auto& e : j) items.push_back(from_json_at(e, depth + 1));
      return Value::array(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      Object members;
      members.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) {
        members.emplace_back(it.key(), from_json_at(*it, depth + 1));
      }
      return Value::object(std::move(members));
    }
    default:
      return Value();
  }
}

}  // namespace

Value value_from_json(const nlohmann::json& j) {
  return from_json_at(j, 0);
}

nlohmann::json value_to_json(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null:
      return nullptr;
    case Value::Kind::Bool:
      return v.as_bool();
    case Value::Kind::Number: {
      const double d = v.as_number();
      // JSON has no NaN or Infinity; JSON.stringify writes null for them too.
      if (!std::isfinite(d)) return nullptr;
      if (std::trunc(d) == d && std::fabs(d) <= kMaxSafeInteger) {
        return static_cast<std::int64_t>(d);
      }
      return d;
    }
    case Value::Kind::String:
      return std::string(v.as_string());
    case Value::Kind::Array: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& e : v.as_array()) out.push_back(value_to_json(e));
      return out;
    }
    case Value::Kind::Object: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& m : v.as_object()) out[m.first] = value_to_json(m.second);
      return out;
    }
    case Value::Kind::Error: {
      nlohmann::json err = {{"type", std::string(v.as_string())}};
      if (!v.error_message().empty()) err["message"] = std::string(v.error_message());
      return {{"error", err}};
    }
  }
  return nullptr;
}

}  // namespace leadqual
