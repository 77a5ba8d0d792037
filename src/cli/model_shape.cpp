#include "cli/model_shape.hpp"

namespace leadqual::cli {

const nlohmann::json* member(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

namespace {

std::string string_member(const nlohmann::json& object, const char* key) {
  const nlohmann::json* value = member(object, key);
  return value && value->is_string() ? value->get_ref<const std::string&>() : std::string();
}

}  // namespace

ModelShape shape_of(const Model& model) {
  ModelShape shape;
  const nlohmann::json& doc = model.normalized();
  if (const nlohmann::json* questions = member(doc, "questions");
      questions && questions->is_array()) {
    for (const nlohmann::json& question : *questions) {
      QuestionShape q{string_member(question, "id"), string_member(question, "type"), {}};
      if (const nlohmann::json* options = member(question, "options");
          options && options->is_array()) {
        for (const nlohmann::json& option : *options) {
          // Options are {"value": ...} objects, or bare values in the short spelling.
          const nlohmann::json* value = member(option, "value");
          q.option_values.push_back(value ? *value : option);
        }
      }
      shape.questions.push_back(std::move(q));
    }
  }
  if (const nlohmann::json* dimensions = member(doc, "dimensions");
      dimensions && dimensions->is_array()) {
    for (const nlohmann::json& dimension : *dimensions) {
      shape.dimensions.push_back(string_member(dimension, "id"));
    }
  }
  return shape;
}

}  // namespace leadqual::cli
