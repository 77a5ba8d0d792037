// Model loading: any bytes as a model's JSON text. A model that loads is then linted, shown
// normalised, and scored with no answers, and its fast result writer must agree with the
// result object byte for byte.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/compiler/lint.hpp"
#include "core/leadqual.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leadqual;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const LoadResult loaded = Model::parse(text);
  if (!loaded.model) {
    FUZZ_CHECK(!loaded.errors.empty(), "a model that does not load must say why");
    return 0;
  }
  const Model& model = *loaded.model;
  (void)lint(model);
  (void)canonical(model.normalized());
  const nlohmann::json none = nlohmann::json::object();
  FUZZ_CHECK(model.score_text(none) == canonical(model.score(none)),
             "score_text and canonical(score) differ");
  return 0;
}
