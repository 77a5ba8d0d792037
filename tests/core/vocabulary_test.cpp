// The vocabulary (core/compiler/vocabulary.hpp) is what the loader enforces: a question of each
// type loads with its own keys, is refused with a key only another type takes, and is refused
// without each key the vocabulary says it requires. (tests/js/vocabulary.test.mjs compares the
// same vocabulary with the JSON Schema, the published types, the widget, delivery.js and docs.)
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "core/compiler/vocabulary.hpp"
#include "core/leadqual.hpp"
#include "helpers.hpp"

namespace leadqual::testing {
namespace {

using json = nlohmann::json;

// A valid value for each type-specific key.
json example(const std::string& key) {
  if (key == "options") return json::array({"a", "b"});
  if (key == "min") return 0;
  if (key == "max") return 10;
  if (key == "step") return 1;
  if (key == "unit") return "hours";
  if (key == "bands") return json::array({{{"min", 5}, {"points", {{"d", 1}}}}});
  if (key == "points") return {{"d", 1}};
  if (key == "maxLength") return 20;
  ADD_FAILURE() << "no example value for the question key '" << key << "'";
  return nullptr;
}

LoadResult load_question(const json& question) {
  return Model::load(json{{"leadqual", 1},
                          {"id", "v"},
                          {"dimensions", json::array({{{"id", "d"}}})},
                          {"questions", json::array({question})},
                          {"stages", json::array({{{"id", "s"}}})}});
}

TEST(Vocabulary, EachQuestionTypeTakesExactlyItsKeysAndRequiresWhatItSays) {
  ASSERT_EQ(vocabulary::question_types().size(), kQuestionTypeCount);
  for (const auto& words : vocabulary::question_types()) {
    EXPECT_STREQ(question_type_name(words.type), words.name.c_str());
    json full = {{"id", "q"}, {"type", words.name}};
    for (const std::string& key : words.keys) full[key] = example(key);
    LoadResult loaded = load_question(full);
    EXPECT_TRUE(loaded.model) << words.name << " with all its keys: " << joined(loaded.errors);
    for (const std::string& key : words.required) {
      json without = full;
      without.erase(key);
      EXPECT_FALSE(load_question(without).model) << words.name << " without '" << key << "'";
    }
    for (const std::string& key : vocabulary::kAllQuestionKeys) {
      if (std::find(vocabulary::kCommonQuestionKeys.begin(), vocabulary::kCommonQuestionKeys.end(),
                    key) != vocabulary::kCommonQuestionKeys.end() ||
          full.contains(key)) {
        continue;
      }
      json extra = full;
      extra[key] = example(key);
      EXPECT_FALSE(load_question(extra).model) << words.name << " with '" << key << "'";
    }
  }
}

TEST(Vocabulary, EveryObjectOfTheFormatHasItsKeys) {
  for (const char* object :
       {"model",       "dimension",     "question",     "option",    "band",      "computed",
        "signal",      "rule",          "grade",        "gradeBand", "stage",     "intro",
        "results",     "show",          "outcome",      "cta",       "submit",    "consent",
        "consentLink", "communication", "resultPolicy", "hubspot",   "salesforce"}) {
    EXPECT_FALSE(vocabulary::keys_of(object).empty()) << object;
  }
  EXPECT_TRUE(vocabulary::keys_of("no such object").empty());
  const json words = vocabulary::to_json();
  EXPECT_EQ(words["keys"].size(), 23u);
  EXPECT_EQ(words["questionTypeOrder"].size(), kQuestionTypeCount);
}

}  // namespace
}  // namespace leadqual::testing
