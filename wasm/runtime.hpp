// The runtime's handles (wasm/runtime.cpp) as the core module's bindings (wasm/bindings.cpp)
// hand them out: a model the compiler just made is a RuntimeModel like one loaded from bytes,
// driven through the same plain exports (lq_*).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "core/runtime/model.hpp"

namespace leadqual::wasm {

class RuntimeSession;

// A compiled model loaded into the runtime; JS holds one per Qualifier.
class RuntimeModel {
 public:
  explicit RuntimeModel(std::shared_ptr<const CompiledModel> model) : model_(std::move(model)) {}
  const std::string& normalized() const { return model_->normalized_json; }
  std::string tables() const;  // the ids and texts JS needs to write answers and read results
  const std::string& id() const { return model_->id; }
  const std::string& version() const { return model_->version; }
  const std::string& hash() const { return model_->hash; }
  std::unique_ptr<RuntimeSession> session() const;

 private:
  std::shared_ptr<const CompiledModel> model_;
};

// A new RuntimeModel handle for JS (its address; lq_model_free ends it).
std::uintptr_t hand_out(std::shared_ptr<const CompiledModel> model);

}  // namespace leadqual::wasm
