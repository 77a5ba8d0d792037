// A JSON-like value for expression evaluation: cheap to copy (null/bool/number inline,
// string/array/object shared and immutable). An evaluation error is a Value too (kind Error), so
// evaluation never throws. No JSON library here: the compiler converts JSON documents to Values
// (compiler/json_value.hpp), the runtime writes them as canonical JSON (runtime/json_writer.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leadqual {

class Value;
using Array = std::vector<Value>;
using Object = std::vector<std::pair<std::string, Value>>;  // sorted by key

// GCC 12 wrongly reports Kind's scoped enumerators as shadowing the Array/Object aliases.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
class Value {
 public:
  enum class Kind : std::uint8_t { Null, Bool, Number, String, Array, Object, Error };

  Value() = default;  // null
  static Value null() { return Value(); }
  static Value boolean(bool b);
  static Value number(double d);
  static Value string(std::string s);
  // A string that refers to text owned elsewhere (the compiled model, or the answers of the score
  // being computed): no allocation. The text must outlive the value and every copy of it.
  static Value borrowed(std::string_view s);
  static Value array(Array items);
  static Value object(Object members);  // members need not be sorted on input
  // An evaluation error: `type` as in the JsonLogic compat suites ("NaN", "Invalid Arguments",
  // or a thrown value's type), `message` for people.
  static Value error(std::string type, std::string message = {});

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_number() const { return kind_ == Kind::Number; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_array() const { return kind_ == Kind::Array; }
  bool is_object() const { return kind_ == Kind::Object; }
  bool is_error() const { return kind_ == Kind::Error; }

  bool as_bool() const { return b_; }        // only when is_bool()
  double as_number() const { return num_; }  // only when is_number()
  // Only when is_string() (or the type of an error).
  std::string_view as_string() const {
    return kind_ == Kind::String ? std::string_view(str_, size_) : error_type();
  }
  std::string_view error_message() const;         // only when is_error()
  const Array& as_array() const;                  // only when is_array()
  const Object& as_object() const;                // only when is_object()
  const Value* find(std::string_view key) const;  // object member or nullptr

  bool truthy() const;  // JsonLogic truthiness: 0, "", [], null, false, NaN and errors are false

  // A copy that owns all of its text (borrowed strings copied, also inside arrays and objects):
  // what leaves an evaluation for a caller that keeps it.
  Value owned() const;

 private:
  std::string_view error_type() const;
  bool borrows() const;
  // A value of `kind` (Array, Object or Error) holding `*owned` as its item.
  template <class T>
  static Value holding(Kind kind, std::shared_ptr<const T> owned);

  Kind kind_ = Kind::Null;
  bool b_ = false;
  std::uint32_t size_ = 0;  // string length
  union {
    double num_ = 0;
    const char* str_;   // String
    const void* item_;  // Array, Object or error payload
  };
  std::shared_ptr<const void> owner_;  // the storage, unless borrowed or inline
};
#pragma GCC diagnostic pop

}  // namespace leadqual
