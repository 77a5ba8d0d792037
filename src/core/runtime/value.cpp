#include "core/runtime/value.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

struct ErrorPayload {
  std::string type;
  std::string message;
};

// An item and its count, in one allocation.
template <class T>
struct Box : Value::Shared {
  explicit Box(T v) : item(std::move(v)) {}
  T item;
};

}  // namespace

const Array& Value::empty_array() {
  static const Array empty;
  return empty;
}
const Object& Value::empty_object() {
  static const Object empty;
  return empty;
}

template <class T>
Value Value::holding(Kind kind, T item) {
  auto* box = new Box<T>(std::move(item));
  Value v;
  v.kind_ = kind;
  v.item_ = &box->item;
  v.owner_ = box;
  return v;
}

void Value::destroy(Kind kind, Shared* owner) noexcept {
  switch (kind) {
    case Kind::String:
      delete static_cast<Box<std::string>*>(owner);
      return;
    case Kind::Array:
      delete static_cast<Box<Array>*>(owner);
      return;
    case Kind::Object:
      delete static_cast<Box<Object>*>(owner);
      return;
    case Kind::Error:
      delete static_cast<Box<ErrorPayload>*>(owner);
      return;
    default:
      return;  // scalars own nothing
  }
}

// Every string the core builds is bounded by its limits (model size, answer lengths, the step
// budget), far below the 4 GiB a 32-bit length holds.
Value Value::string(std::string s) {
  Value v = holding(Kind::String, std::move(s));
  const std::string& owned = *static_cast<const std::string*>(v.item_);
  v.str_ = owned.data();
  v.size_ = static_cast<std::uint32_t>(owned.size());
  return v;
}

Value Value::array(Array items) {
  return holding(Kind::Array, std::move(items));
}

Value Value::object(Object members) {
  // Sorted by key, keeping the last of equal keys (as JSON.parse does for duplicates): by key,
  // then place (sort_keys), each key's last member taken.
  TextKeys keys;
  keys.reserve(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    keys.emplace_back(members[i].first, static_cast<std::uint32_t>(i));
  }
  sort_keys(keys);
  Object unique;
  unique.reserve(members.size());
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (k + 1 < keys.size() && keys[k + 1].first == keys[k].first) continue;  // a later one wins
    unique.push_back(std::move(members[keys[k].second]));
  }
  return holding(Kind::Object, std::move(unique));
}

Value Value::error(std::string type, std::string message) {
  return holding(Kind::Error, ErrorPayload{std::move(type), std::move(message)});
}

std::string_view Value::error_type() const {
  if (kind_ == Kind::Error) return static_cast<const ErrorPayload*>(item_)->type;
  return {};
}

std::string_view Value::error_message() const {
  if (kind_ == Kind::Error) return static_cast<const ErrorPayload*>(item_)->message;
  return {};
}

const Value* Value::find(std::string_view key) const {
  if (kind_ != Kind::Object) return nullptr;
  const Object& members = as_object();
  auto it = std::lower_bound(members.begin(), members.end(), key,
                             [](const auto& m, std::string_view k) { return m.first < k; });
  if (it == members.end() || it->first != key) return nullptr;
  return &it->second;
}

bool Value::borrows() const {
  switch (kind_) {
    case Kind::String:
      return owner_ == nullptr;
    case Kind::Array:
      return std::any_of(as_array().begin(), as_array().end(),
                         [](const Value& item) { return item.borrows(); });
    case Kind::Object:
      return std::any_of(as_object().begin(), as_object().end(),
                         [](const auto& member) { return member.second.borrows(); });
    default:
      return false;
  }
}

Value Value::owned() const {
  if (!borrows()) return *this;
  switch (kind_) {
    case Kind::String:
      return Value::string(std::string(as_string()));
    case Kind::Array: {
      Array items;
      items.reserve(as_array().size());
      for (const Value& item : as_array()) items.push_back(item.owned());
      return Value::array(std::move(items));
    }
    case Kind::Object: {
      Object members;
      members.reserve(as_object().size());
      for (const auto& [key, item] : as_object()) members.emplace_back(key, item.owned());
      return Value::object(std::move(members));
    }
    default:
      return *this;
  }
}

}  // namespace leadqual
