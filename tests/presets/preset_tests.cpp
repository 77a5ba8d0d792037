// Runs the hand-worked example leads of every framework preset through the native core.
//
//   preset_tests MODELS_DIR CASES_DIR NAME...
//
// For each NAME it loads MODELS_DIR/NAME.json and CASES_DIR/NAME.cases.json and registers one
// test that the model loads without errors plus one test per case. A case is
//   {"name", "why", "answers", "signals"?, "now"?, "expect": {...}}
// and every key under "expect" is compared with the result: numbers within 1e-9, objects by the
// keys the case names (so a case states only what it was worked out for), arrays element by
// element with the same length. "dimensions" must name exactly the model's dimensions.
// The same case files are run through the WebAssembly build by tests/js, so they hold plain
// expected values only.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/leadqual.hpp"

namespace {

using nlohmann::json;

bool read_text(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return true;
}

// Compares `actual` with the hand-worked `expected`, naming the place of each difference.
void expect_matches(const json& actual, const json& expected, const std::string& where) {
  if (expected.is_number()) {
    ASSERT_TRUE(actual.is_number()) << where << ": expected " << expected << ", got " << actual;
    EXPECT_NEAR(actual.get<double>(), expected.get<double>(), 1e-9) << where;
  } else if (expected.is_object()) {
    ASSERT_TRUE(actual.is_object()) << where << ": expected an object, got " << actual;
    for (const auto& [key, value] : expected.items()) {
      const std::string at = where + "/" + key;
      auto found = actual.find(key);
      if (found == actual.end()) {
        ADD_FAILURE() << at << ": missing in the result";
        continue;
      }
      expect_matches(*found, value, at);
    }
  } else if (expected.is_array()) {
    ASSERT_TRUE(actual.is_array()) << where << ": expected an array, got " << actual;
    ASSERT_EQ(actual.size(), expected.size())
        << where << ": expected " << expected.dump(1) << "\ngot " << actual.dump(1);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      expect_matches(actual[i], expected[i], where + "/" + std::to_string(i));
    }
  } else {
    EXPECT_EQ(actual, expected) << where;
  }
}

class LoadsTest : public testing::Test {
 public:
  LoadsTest(std::string path, std::vector<leadqual::Diagnostic> errors)
      : path_(std::move(path)), errors_(std::move(errors)) {}
  void TestBody() override {
    for (const auto& e : errors_) ADD_FAILURE() << path_ << " " << e.pointer << ": " << e.message;
  }

 private:
  std::string path_;
  std::vector<leadqual::Diagnostic> errors_;
};

class CaseTest : public testing::Test {
 public:
  CaseTest(std::shared_ptr<const leadqual::Model> model, json example)
      : model_(std::move(model)), case_(std::move(example)) {}
  void TestBody() override {
    ASSERT_TRUE(model_) << "the model did not load (see its loads test)";
    ASSERT_TRUE(case_.contains("answers") && case_["answers"].is_object()) << "case lacks answers";
    ASSERT_TRUE(case_.contains("expect") && case_["expect"].is_object()) << "case lacks expect";
    leadqual::ScoreOptions options;
    if (case_.contains("signals")) options.signals = case_["signals"];
    if (case_.contains("now")) {
      ASSERT_TRUE(case_["now"].is_number()) << "now is milliseconds since the epoch";
      options.now_ms = case_["now"].get<double>();
    }
    const json result = model_->score(case_["answers"], options);
    const json& expect = case_["expect"];
    SCOPED_TRACE("why: " + case_.value("why", std::string()));
    expect_matches(result, expect, "");
    if (expect.contains("dimensions") && result.contains("dimensions")) {
      EXPECT_EQ(result["dimensions"].size(), expect["dimensions"].size())
          << "the case must name every dimension; result has " << result["dimensions"];
    }
    if (!expect.contains("errors")) {
      EXPECT_EQ(result.value("errors", json::array()), json::array()) << "unexpected answer errors";
    }
  }

 private:
  std::shared_ptr<const leadqual::Model> model_;
  json case_;
};

// Every text a visitor or a seller reads is offered in the three languages the presets promise.
class LanguagesTest : public testing::Test {
 public:
  explicit LanguagesTest(json model) : model_(std::move(model)) {}
  void TestBody() override { check(model_, ""); }

 private:
  void check(const json& value, const std::string& where) {
    static const char* const kTextKeys[] = {"label",  "title",      "body", "description",
                                            "reason", "disqualify", "help", "placeholder"};
    if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i)
        check(value[i], where + "/" + std::to_string(i));
      return;
    }
    if (!value.is_object()) return;
    for (const auto& [key, member] : value.items()) {
      const std::string at = where + "/" + key;
      if (std::find(std::begin(kTextKeys), std::end(kTextKeys), key) == std::end(kTextKeys)) {
        check(member, at);
        continue;
      }
      if (!member.is_object()) {
        ADD_FAILURE() << at << ": expected {\"en\", \"ja\", \"zh\"}, got " << member;
        continue;
      }
      for (const char* lang : {"en", "ja", "zh"}) {
        auto text = member.find(lang);
        EXPECT_TRUE(text != member.end() && text->is_string() && !text->get<std::string>().empty())
            << at << ": no '" << lang << "' text";
      }
    }
  }
  json model_;
};

// Registers the tests of one preset; returns false when its files cannot be read at all.
bool register_preset(const std::string& models_dir, const std::string& cases_dir,
                     const std::string& name) {
  const std::string model_path = models_dir + "/" + name + ".json";
  const std::string cases_path = cases_dir + "/" + name + ".cases.json";
  std::string model_text;
  std::string cases_text;
  if (!read_text(model_path, model_text)) {
    std::cerr << "preset_tests: cannot read " << model_path << "\n";
    return false;
  }
  if (!read_text(cases_path, cases_text)) {
    std::cerr << "preset_tests: cannot read " << cases_path << "\n";
    return false;
  }
  leadqual::LoadResult loaded = leadqual::Model::parse(model_text);
  const std::string suite = "Preset_" + name;
  // RegisterTest's factories return a new test object that gtest owns and deletes.
  testing::RegisterTest(suite.c_str(), "model_loads", nullptr, nullptr, __FILE__, __LINE__,
                        [model_path, errors = loaded.errors]() -> testing::Test* {
                          return new LoadsTest(model_path, errors);
                        });

  json model_doc;
  std::string error;
  if (leadqual::parse_json(model_text, model_doc, error)) {
    testing::RegisterTest(suite.c_str(), "texts_in_en_ja_zh", nullptr, nullptr, __FILE__, __LINE__,
                          [model_doc]() -> testing::Test* { return new LanguagesTest(model_doc); });
  }

  json cases;
  if (!leadqual::parse_json(cases_text, cases, error) || !cases.is_array()) {
    std::cerr << "preset_tests: " << cases_path << ": "
              << (error.empty() ? "must be an array of cases" : error) << "\n";
    return false;
  }
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::string test_name = std::to_string(i);
    if (cases[i].is_object() && cases[i].contains("name") && cases[i]["name"].is_string()) {
      test_name += "_" + cases[i]["name"].get<std::string>();
    }
    for (char& c : test_name) {
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    testing::RegisterTest(suite.c_str(), test_name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                          [model = loaded.model, example = cases[i]]() -> testing::Test* {
                            return new CaseTest(model, example);
                          });
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (argc < 4) {
    std::cerr << "usage: preset_tests MODELS_DIR CASES_DIR NAME...\n";
    return 2;
  }
  bool ok = true;
  for (int i = 3; i < argc; ++i) ok = register_preset(argv[1], argv[2], argv[i]) && ok;
  if (!ok) return 2;
  return RUN_ALL_TESTS();
}
