#include "core/compiler/vocabulary.hpp"

#include <map>

namespace leadqual::vocabulary {

const Keys kCommonQuestionKeys = {"id",          "type",     "label",  "help",
                                  "placeholder", "required", "showIf", "share"};
const Keys kReservedNames = {"score",   "percent",      "grade", "complete", "dimensions",
                             "signals", "disqualified", "stage", "and",      "or",
                             "not",     "in",           "true",  "false",    "null"};
const Keys kComputedFormats = {"number", "integer", "currency", "percent"};
const Keys kSubmitFormats = {"json", "form", "salesforce", "hubspot"};
const Keys kReasonPolicies = {"none", "ids", "texts"};
const Keys kResultSources = {"score", "percent",       "grade",        "stage",  "reasons",
                             "model", "submission_id", "submitted_at", "consent"};
const Keys kShowKeys = {"score", "grade", "stage", "dimensions", "computed"};

const std::vector<QuestionTypeWords>& question_types() {
  static const std::vector<QuestionTypeWords> types = [] {
    std::vector<QuestionTypeWords> out;
    for (std::uint8_t i = 0; i < kQuestionTypeCount; ++i) {
      const auto type = static_cast<QuestionType>(i);
      QuestionTypeWords words{type, question_type_name(type), {}, {}, {}};
      // No default: a new QuestionType must say its keys and answer here (-Wswitch).
      switch (type) {
        case QuestionType::Choice:
          words.keys = {"options"};
          words.required = {"options"};
          words.answer = "one option value (string)";
          break;
        case QuestionType::Multi:
          words.keys = {"options"};
          words.required = {"options"};
          words.answer = "array of option values";
          break;
        case QuestionType::Number:
          words.keys = {"min", "max", "step", "unit", "bands"};
          words.answer = "number, or a string holding a decimal number";
          break;
        case QuestionType::Range:
          words.keys = {"min", "max", "step", "unit", "bands"};
          words.required = {"min", "max"};
          words.answer = "number, or a string holding a decimal number";
          break;
        case QuestionType::Boolean:
          words.keys = {"points"};
          words.answer = "true/false, or the strings \"true\"/\"false\"";
          break;
        case QuestionType::Text:
          words.keys = {"maxLength"};
          words.answer = "string";
          break;
        case QuestionType::Email:
          words.answer = "string that looks like an address";
          break;
        case QuestionType::Hidden:
          words.answer = "string, number or boolean, set by the page";
          break;
      }
      out.push_back(std::move(words));
    }
    return out;
  }();
  return types;
}

const QuestionTypeWords* question_type(const std::string& name) {
  for (const QuestionTypeWords& words : question_types()) {
    if (words.name == name) return &words;
  }
  return nullptr;
}

const Keys& question_type_names() {
  static const Keys names = [] {
    Keys out;
    for (const QuestionTypeWords& words : question_types()) out.push_back(words.name);
    return out;
  }();
  return names;
}

const Keys kAllQuestionKeys = [] {
  Keys out = kCommonQuestionKeys;
  for (const QuestionTypeWords& words : question_types()) {
    for (const std::string& key : words.keys) {
      bool seen = false;
      for (const std::string& known : out) seen = seen || known == key;
      if (!seen) out.push_back(key);
    }
  }
  return out;
}();

namespace {

const std::map<std::string, Keys>& objects() {
  static const std::map<std::string, Keys> keys = {
      {"model",
       {"leadqual", "$schema", "id", "version", "title", "description", "lang", "framework",
        "dimensions", "questions", "computed", "signals", "rules", "grade", "stages", "intro",
        "results", "outcomes", "submit"}},
      {"dimension", {"id", "label", "min", "max", "weight"}},
      {"question", kAllQuestionKeys},
      {"option", {"value", "label", "points"}},
      {"band", {"min", "max", "points", "label"}},
      {"computed", {"id", "expr", "label", "format"}},
      {"signal", {"id", "label", "points", "cap", "halfLife"}},
      {"rule", {"id", "if", "add", "disqualify", "reason"}},
      {"grade", {"from", "bands"}},
      {"gradeBand", {"grade", "min", "label"}},
      {"stage", {"id", "if", "label"}},
      {"intro", {"title", "body", "start"}},
      {"results", {"show"}},
      {"show", kShowKeys},
      {"outcome", {"title", "body", "cta", "redirect", "show"}},
      {"cta", {"label", "href"}},
      {"submit", {"include", "consent", "endpoint", "format", "result", "hubspot", "salesforce"}},
      {"consent", {"required", "label", "link", "communications"}},
      {"consentLink", {"label", "href"}},
      {"communication", {"id", "label"}},
      {"resultPolicy", {"reasons", "computed", "dimensions"}},
      {"hubspot",
       {"portalId", "formGuid", "objectTypeId", "pageName", "fields", "values",
        "subscriptionTypes"}},
      {"salesforce", {"oid", "leadSource", "retURL", "debug", "debugEmail", "fields", "values"}},
  };
  return keys;
}

}  // namespace

const Keys& keys_of(const std::string& object) {
  static const Keys none;
  const auto found = objects().find(object);
  return found == objects().end() ? none : found->second;
}

nlohmann::json to_json() {
  nlohmann::json types = nlohmann::json::object();
  for (const QuestionTypeWords& words : question_types()) {
    types[words.name] = {
        {"keys", words.keys}, {"required", words.required}, {"answer", words.answer}};
  }
  nlohmann::json keys = nlohmann::json::object();
  for (const auto& [object, list] : objects()) keys[object] = list;
  return {{"questionTypes", std::move(types)},
          {"questionTypeOrder", question_type_names()},
          {"commonQuestionKeys", kCommonQuestionKeys},
          {"keys", std::move(keys)},
          {"computedFormats", kComputedFormats},
          {"submitFormats", kSubmitFormats},
          {"reasonPolicies", kReasonPolicies},
          {"resultSources", kResultSources},
          {"reservedNames", kReservedNames}};
}

}  // namespace leadqual::vocabulary
