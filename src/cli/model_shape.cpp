#include "cli/model_shape.hpp"

namespace leadqual::cli {

std::vector<std::string> dimension_ids(const CompiledModel& model) {
  std::vector<std::string> ids;
  for (const Dimension& dimension : model.dimensions) ids.push_back(dimension.id);
  return ids;
}

const nlohmann::json* member(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

}  // namespace leadqual::cli
