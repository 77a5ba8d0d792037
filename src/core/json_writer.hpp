// Writing JSON text directly, byte for byte as nlohmann's dump(-1, ' ', false, replace) would:
// for results written without building JSON objects (Model::score_text) and the reason texts
// prepared at load.
#pragma once

#include <string>
#include <string_view>

namespace leadqual {

class TextWriter {
 public:
  explicit TextWriter(std::string& out) : out_(out) {}
  void boolean(bool value) { out_ += value ? "true" : "false"; }
  void string(std::string_view text);  // quoted and escaped; invalid UTF-8 replaced
  void number(double value);           // as number_json(value) prints: integers without fraction

 private:
  std::string& out_;
};

}  // namespace leadqual
