// A JSON-like value for expression evaluation: cheap to copy (null/bool/number inline,
// string/array/object shared and immutable), convertible to and from nlohmann::json.
// An evaluation error is a Value too (kind Error), so evaluation never throws.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace leadqual {

class Value;
using Array = std::vector<Value>;
using Object = std::vector<std::pair<std::string, Value>>;  // sorted by key

// GCC 12 wrongly reports Kind's scoped enumerators as shadowing the Array/Object aliases.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
class Value {
 public:
  enum class Kind { Null, Bool, Number, String, Array, Object, Error };

  Value() = default;  // null
  static Value null() { return Value(); }
  static Value boolean(bool b);
  static Value number(double d);
  static Value string(std::string s);
  static Value array(Array items);
  static Value object(Object members);  // members need not be sorted on input
  // An evaluation error: `type` as in the JsonLogic compat suites ("NaN", "Invalid Arguments",
  // or a thrown value's type), `message` for people.
  static Value error(std::string type, std::string message = {});

  static Value from_json(const nlohmann::json& j);
  nlohmann::json to_json() const;  // integral doubles in the safe range become integers

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_number() const { return kind_ == Kind::Number; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_array() const { return kind_ == Kind::Array; }
  bool is_object() const { return kind_ == Kind::Object; }
  bool is_error() const { return kind_ == Kind::Error; }

  bool as_bool() const { return b_; }             // only when is_bool()
  double as_number() const { return num_; }       // only when is_number()
  const std::string& as_string() const;           // only when is_string() (or error type)
  const std::string& error_message() const;       // only when is_error()
  const Array& as_array() const;                  // only when is_array()
  const Object& as_object() const;                // only when is_object()
  const Value* find(std::string_view key) const;  // object member or nullptr

  bool truthy() const;  // JsonLogic truthiness: 0, "", [], null, false, NaN and errors are false

 private:
  Kind kind_ = Kind::Null;
  bool b_ = false;
  double num_ = 0;
  std::shared_ptr<const void> ref_;  // string, Array, Object or error payload
};
#pragma GCC diagnostic pop

}  // namespace leadqual
