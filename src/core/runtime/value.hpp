// A JSON-like value for expression evaluation: cheap to copy (null/bool/number/borrowed strings
// inline: a copy is its fields and one test; owned string/array/object shared and immutable,
// counted by an intrusive reference count, no std::shared_ptr). An evaluation error is a Value too
// (kind Error), so evaluation never throws. No JSON library here: the compiler converts JSON
// documents to Values (compiler/json_value.hpp), the runtime writes them as canonical JSON
// (runtime/json_writer.hpp).
#pragma once

#include <atomic>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Forces inlining where -Oz's cost model keeps a call (the WebAssembly build): on the scoring
// path only (Value's assignments, the pair comparisons, the scorer's per-answer and per-reason
// steps), each a few loads and stores that cost less than the call. Measured per use in
// docs/performance.md ("score() speed, fifth session"): lq_score 1.5x as fast for 1.7 KB gzip.
// LEADQUAL_NOINLINE keeps a slow path out of its caller, so that the fast path needs no frame.
#if defined(__GNUC__) || defined(__clang__)
#define LEADQUAL_INLINE inline __attribute__((always_inline))
#define LEADQUAL_NOINLINE __attribute__((noinline))
#else
#define LEADQUAL_INLINE inline
#define LEADQUAL_NOINLINE
#endif

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

  // The storage of an owned string, array, object or error (internal to Value): a count and,
  // after it (value.cpp's Box), the item. Atomic: a model's constants are shared by the threads
  // that score with it.
  struct Shared {
    std::atomic<std::uint32_t> refs{1};
  };

  Value() = default;  // null
  Value(const Value& other) noexcept
      : kind_(other.kind_),
        b_(other.b_),
        size_(other.size_),
        num_(other.num_),
        owner_(other.owner_) {
    if (owner_ != nullptr) owner_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  // A moved-from value keeps its fields but no longer owns the storage.
  Value(Value&& other) noexcept
      : kind_(other.kind_),
        b_(other.b_),
        size_(other.size_),
        num_(other.num_),
        owner_(other.owner_) {
    other.owner_ = nullptr;
  }
  LEADQUAL_INLINE Value& operator=(const Value& other) noexcept {
    if (other.owner_ != nullptr) other.owner_->refs.fetch_add(1, std::memory_order_relaxed);
    release();
    take(other);
    return *this;
  }
  LEADQUAL_INLINE Value& operator=(Value&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
      other.owner_ = nullptr;
    }
    return *this;
  }
  ~Value() { release(); }

  static Value null() { return Value(); }
  static Value boolean(bool b) {
    Value v;
    v.kind_ = Kind::Bool;
    v.b_ = b;
    return v;
  }
  static Value number(double d) {
    Value v;
    v.kind_ = Kind::Number;
    v.num_ = d;
    return v;
  }
  static Value string(std::string s);
  // A string that refers to text owned elsewhere (the compiled model, or the answers of the score
  // being computed): no allocation. The text must outlive the value and every copy of it.
  static Value borrowed(std::string_view s) {
    Value v;
    v.kind_ = Kind::String;
    v.str_ = s.data();
    v.size_ = static_cast<std::uint32_t>(s.size());
    return v;
  }
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
  LEADQUAL_INLINE std::string_view as_string() const {
    return kind_ == Kind::String ? std::string_view(str_, size_) : error_type();
  }
  std::string_view error_message() const;  // only when is_error()
  const Array& as_array() const {          // only when is_array()
    return kind_ == Kind::Array ? *static_cast<const Array*>(item_) : empty_array();
  }
  const Object& as_object() const {  // only when is_object()
    return kind_ == Kind::Object ? *static_cast<const Object*>(item_) : empty_object();
  }
  const Value* find(std::string_view key) const;  // object member or nullptr

  // JsonLogic truthiness: 0, "", [], null, false, NaN and errors are false.
  bool truthy() const {
    switch (kind_) {
      case Kind::Bool:
        return b_;
      case Kind::Number:
        return num_ != 0 && !std::isnan(num_);
      case Kind::String:
        return size_ != 0;
      case Kind::Array:
        return !as_array().empty();
      case Kind::Object:
        return true;
      default:
        return false;  // null, errors
    }
  }

  // A copy that owns all of its text (borrowed strings copied, also inside arrays and objects):
  // what leaves an evaluation for a caller that keeps it.
  Value owned() const;

 private:
  static const Array& empty_array();
  static const Object& empty_object();
  std::string_view error_type() const;
  bool borrows() const;
  // A value of `kind` (Array, Object or Error) holding `*owned` as its item.
  template <class T>
  static Value holding(Kind kind, T item);
  // Frees the storage of a value of `kind` whose last reference went.
  static void destroy(Kind kind, Shared* owner) noexcept;

  LEADQUAL_INLINE void release() noexcept {
    if (owner_ != nullptr && owner_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      destroy(kind_, owner_);
    }
  }
  LEADQUAL_INLINE void take(const Value& other) noexcept {
    kind_ = other.kind_;
    b_ = other.b_;
    size_ = other.size_;
    num_ = other.num_;
    owner_ = other.owner_;
  }

  Kind kind_ = Kind::Null;
  bool b_ = false;
  std::uint32_t size_ = 0;  // string length
  union {
    double num_ = 0;
    const char* str_;   // String
    const void* item_;  // Array, Object or error payload
  };
  Shared* owner_ = nullptr;  // the storage, unless borrowed or inline
};
#pragma GCC diagnostic pop

}  // namespace leadqual
