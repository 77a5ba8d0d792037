// The runtime's bindings (wasm/runtime.cpp) as the core module's bindings (wasm/bindings.cpp)
// hand them out: a model the compiler just made is a RuntimeModel like one loaded from bytes.
#pragma once

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
  std::string normalized() const { return model_->normalized_json; }
  std::string initialState() const { return model_->initial_state_json; }
  std::string tables() const;  // the ids and texts JS needs to write answers and read results
  std::string id() const { return model_->id; }
  std::string version() const { return model_->version; }
  std::string hash() const { return model_->hash; }
  RuntimeSession session() const;

 private:
  std::shared_ptr<const CompiledModel> model_;
};

}  // namespace leadqual::wasm
