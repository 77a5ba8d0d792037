#include "bench_model.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace leadqual::bench {

using nlohmann::json;

std::string shared_model_path() {
  const char* dir = std::getenv("LEADQUAL_SHARED_DIR");
  return std::string(dir && *dir ? dir : LEADQUAL_DEFAULT_SHARED_DIR) +
         "/bench/model.jsonlogic.json";
}

bool read_shared_model(json& source, std::string& error) {
  const std::string path = shared_model_path();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path + " (set LEADQUAL_SHARED_DIR to the shared/ folder)";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  source = json::parse(text.str(), nullptr, false);
  if (source.is_discarded() || !source.is_object() || !source.contains("fields") ||
      !source["fields"].is_object() || !source.contains("rules") || !source["rules"].is_array()) {
    error = path + " is not the expected {fields, rules, score_expression} document";
    return false;
  }
  return true;
}

namespace {

json question_for(const std::string& id, const std::string& type_text) {
  json question = {{"id", id}};
  if (type_text.rfind("enum ", 0) == 0) {
    json options = json::array();
    std::istringstream values(type_text.substr(5));
    for (std::string value; std::getline(values, value, '|');) options.push_back(value);
    question["type"] = "choice";
    question["options"] = options;
  } else if (type_text == "int") {
    question["type"] = "number";
  } else if (type_text.rfind("int ", 0) == 0 && type_text.find("..") != std::string::npos) {
    const std::string bounds = type_text.substr(4);
    const std::size_t dots = bounds.find("..");
    question["type"] = "range";
    question["min"] = std::strtod(bounds.substr(0, dots).c_str(), nullptr);
    question["max"] = std::strtod(bounds.substr(dots + 2).c_str(), nullptr);
    question["step"] = 1;
  } else if (type_text == "bool") {
    question["type"] = "boolean";
  } else {
    question["type"] = "text";  // free strings, and enums whose values the source does not list
  }
  return question;
}

}  // namespace

json to_leadqual_model(const json& source) {
  const std::string name = source.value("name", "bench model");
  const std::size_t space = name.find(' ');
  json model = {{"leadqual", 1},
                {"id", name.substr(0, space)},
                {"version", space == std::string::npos ? "" : name.substr(space + 1)},
                {"dimensions", json::array({{{"id", "fit"}}})},
                {"stages", json::array({{{"id", "scored"}}})}};
  json questions = json::array();
  for (const auto& [id, type] : source["fields"].items()) {
    questions.push_back(question_for(id, type.is_string() ? type.get<std::string>() : ""));
  }
  model["questions"] = questions;
  json rules = json::array();
  for (const json& rule : source["rules"]) {
    rules.push_back({{"id", rule.value("id", "")},
                     {"if", rule.contains("if") ? rule["if"] : json(false)},
                     {"add", {{"fit", rule.value("points", 0.0)}}}});
  }
  model["rules"] = rules;
  return model;
}

json representative_answers() {
  return {{"budget", "approved"},
          {"employees", 450},
          {"role", "director"},
          {"timeline_months", 4},
          {"industry", "saas"},
          {"pages_viewed", 7},
          {"pricing_page_visited", true},
          {"email_domain", "acme.io"},
          {"country", "DE"},
          {"demo_requested", true},
          {"current_tool", "competitor_a"},
          {"seats_needed", 40}};
}

}  // namespace leadqual::bench
