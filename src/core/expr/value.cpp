#include "core/expr/value.hpp"

#include <algorithm>
#include <cmath>

namespace leadqual {
namespace {

struct ErrorPayload {
  std::string type;
  std::string message;
};

const std::string& empty_string() {
  static const std::string empty;
  return empty;
}
const Array& empty_array() {
  static const Array empty;
  return empty;
}
const Object& empty_object() {
  static const Object empty;
  return empty;
}

// 2^53: beyond it doubles are not exact integers, so to_json keeps them as doubles.
constexpr double kMaxSafeInteger = 9007199254740992.0;

}  // namespace

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.b_ = b;
  return v;
}

Value Value::number(double d) {
  Value v;
  v.kind_ = Kind::Number;
  v.num_ = d;
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  v.ref_ = std::make_shared<const std::string>(std::move(s));
  return v;
}

Value Value::array(Array items) {
  Value v;
  v.kind_ = Kind::Array;
  v.ref_ = std::make_shared<const Array>(std::move(items));
  return v;
}

Value Value::object(Object members) {
  // Stable sort, then keep the last of equal keys (as JSON.parse does for duplicates).
  std::stable_sort(members.begin(), members.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Object unique;
  unique.reserve(members.size());
  for (auto& m : members) {
    if (!unique.empty() && unique.back().first == m.first) {
      unique.back().second = std::move(m.second);
    } else {
      unique.push_back(std::move(m));
    }
  }
  Value v;
  v.kind_ = Kind::Object;
  v.ref_ = std::make_shared<const Object>(std::move(unique));
  return v;
}

Value Value::error(std::string type, std::string message) {
  Value v;
  v.kind_ = Kind::Error;
  v.ref_ = std::make_shared<const ErrorPayload>(ErrorPayload{std::move(type), std::move(message)});
  return v;
}

const std::string& Value::as_string() const {
  if (kind_ == Kind::String) return *static_cast<const std::string*>(ref_.get());
  if (kind_ == Kind::Error) return static_cast<const ErrorPayload*>(ref_.get())->type;
  return empty_string();
}

const std::string& Value::error_message() const {
  if (kind_ == Kind::Error) return static_cast<const ErrorPayload*>(ref_.get())->message;
  return empty_string();
}

const Array& Value::as_array() const {
  if (kind_ == Kind::Array) return *static_cast<const Array*>(ref_.get());
  return empty_array();
}

const Object& Value::as_object() const {
  if (kind_ == Kind::Object) return *static_cast<const Object*>(ref_.get());
  return empty_object();
}

const Value* Value::find(std::string_view key) const {
  if (kind_ != Kind::Object) return nullptr;
  const Object& members = as_object();
  auto it = std::lower_bound(members.begin(), members.end(), key,
                             [](const auto& m, std::string_view k) { return m.first < k; });
  if (it == members.end() || it->first != key) return nullptr;
  return &it->second;
}

bool Value::truthy() const {
  switch (kind_) {
    case Kind::Null:
      return false;
    case Kind::Bool:
      return b_;
    case Kind::Number:
      return num_ != 0 && !std::isnan(num_);
    case Kind::String:
      return !as_string().empty();
    case Kind::Array:
      return !as_array().empty();
    case Kind::Object:
      return true;
    case Kind::Error:
      return false;
  }
  return false;
}

namespace {
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

Value Value::from_json(const nlohmann::json& j) {
  return from_json_at(j, 0);
}

nlohmann::json Value::to_json() const {
  switch (kind_) {
    case Kind::Null:
      return nullptr;
    case Kind::Bool:
      return b_;
    case Kind::Number:
      // JSON has no NaN or Infinity; JSON.stringify writes null for them too.
      if (!std::isfinite(num_)) return nullptr;
      if (std::trunc(num_) == num_ && std::fabs(num_) <= kMaxSafeInteger) {
        return static_cast<std::int64_t>(num_);
      }
      return num_;
    case Kind::String:
      return as_string();
    case Kind::Array: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& e : as_array()) out.push_back(e.to_json());
      return out;
    }
    case Kind::Object: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& m : as_object()) out[m.first] = m.second.to_json();
      return out;
    }
    case Kind::Error: {
      nlohmann::json err = {{"type", as_string()}};
      if (!error_message().empty()) err["message"] = error_message();
      return {{"error", err}};
    }
  }
  return nullptr;
}

}  // namespace leadqual
