// The runtime's handles (wasm/runtime.cpp) as the core module's bindings (wasm/bindings.cpp)
// hand them out: a model the compiler just made is a RuntimeModel like one loaded from bytes,
// driven through the same plain exports (lq_*).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "core/runtime/model.hpp"

namespace leadqual::wasm {

class RuntimeSession;

// What keeps a RuntimeModel's compiled model alive, of whatever type the loader made it (a
// CompiledModel of its own, or the core's Model it is part of): freed with the model's last
// reference.
using ModelOwner = std::unique_ptr<void, void (*)(void*)>;
template <class T>
ModelOwner model_owner(std::unique_ptr<T> owner) {
  return ModelOwner(owner.release(), [](void* kept) { delete static_cast<T*>(kept); });
}

// A compiled model loaded into the runtime; JS holds one per Qualifier, and each session of it
// holds it too (a session never outlives its model: the last of them to go frees it). Counted
// here rather than by std::shared_ptr, whose control block's vtable brings libc++abi's RTTI
// walkers (__dynamic_cast's search_below_dst, …: 2.4 KB) into the runtime module even under
// -fno-rtti.
class RuntimeModel {
 public:
  // `model` lives as long as `owner`, which goes with the last reference.
  RuntimeModel(const CompiledModel& model, ModelOwner owner)
      : model_(model), owner_(std::move(owner)) {}
  RuntimeModel(const RuntimeModel&) = delete;
  RuntimeModel& operator=(const RuntimeModel&) = delete;

  const CompiledModel& compiled() const { return model_; }
  const std::string& normalized() const { return model_.normalized_json; }
  std::string tables() const;  // the ids and texts JS needs to write answers and read results
  const std::string& id() const { return model_.id; }
  const std::string& version() const { return model_.version; }
  const std::string& hash() const { return model_.hash; }
  std::unique_ptr<RuntimeSession> session();

  // JS's handle is one reference (lq_model_free drops it), each session another.
  void retain() { ++references_; }
  void release() {
    if (--references_ > 0) return;
    delete this;
  }

 private:
  ~RuntimeModel() = default;  // only release() ends one

  const CompiledModel& model_;
  ModelOwner owner_;
  std::size_t references_ = 1;
};

// A new RuntimeModel handle for JS (its address; lq_model_free drops it), over a model that
// lives as long as `owner` (see RuntimeModel).
std::uintptr_t hand_out(const CompiledModel& model, ModelOwner owner);

}  // namespace leadqual::wasm
