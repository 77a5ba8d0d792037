#include "core/compiler/format_writer.hpp"

#include <cstdint>
#include <cstring>

#include "core/runtime/format.hpp"

namespace leadqual {
namespace {

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void varint(std::uint64_t value) {
    while (value >= 0x80) {
      out_ += static_cast<char>((value & 0x7F) | 0x80);
      value >>= 7;
    }
    out_ += static_cast<char>(value);
  }
  template <class T>
  void count(const T& value) {
    varint(static_cast<std::uint64_t>(value));
  }
  template <class T>
  void integer(const T& value) {
    const auto v = static_cast<std::int64_t>(value);
    varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void number(double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    for (int i = 0; i < 8; ++i) out_ += static_cast<char>((bits >> (8 * i)) & 0xFF);
  }
  void flag(bool value) { varint(value ? 1 : 0); }
  template <class E>
  void enumeration(E value, std::uint8_t /*limit*/) {
    varint(static_cast<std::uint8_t>(value));
  }
  void string(const std::string& text) {
    varint(text.size());
    out_ += text;
  }
  void value(const Value& v) {
    varint(static_cast<std::uint8_t>(v.kind()));
    switch (v.kind()) {
      case Value::Kind::Null:
        break;
      case Value::Kind::Bool:
        flag(v.as_bool());
        break;
      case Value::Kind::Number:
        number(v.as_number());
        break;
      case Value::Kind::String:
        string(std::string(v.as_string()));
        break;
      case Value::Kind::Array:
        varint(v.as_array().size());
        for (const Value& item : v.as_array()) value(item);
        break;
      case Value::Kind::Object:
        varint(v.as_object().size());
        for (const auto& [key, item] : v.as_object()) {
          string(key);
          value(item);
        }
        break;
      case Value::Kind::Error:
        string(std::string(v.as_string()));
        string(std::string(v.error_message()));
        break;
    }
  }
  template <class T, class F>
  void list(const std::vector<T>& items, F each) {
    varint(items.size());
    for (const T& item : items) each(item);
  }

 private:
  std::string& out_;
};

void u32(std::string& out, std::size_t value) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

}  // namespace

std::string write_compiled(const CompiledModel& model) {
  std::string runtime;
  Writer writer(runtime);
  visit_model(writer, model);
  std::string out(kCompiledMagic, sizeof kCompiledMagic);
  u32(out, kCompiledFormat);
  u32(out, model.normalized_json.size());
  out += model.normalized_json;
  u32(out, model.initial_state_json.size());
  out += model.initial_state_json;
  u32(out, runtime.size());
  out += runtime;
  return out;
}

}  // namespace leadqual
