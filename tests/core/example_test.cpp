// The shipped example model loads and scores as docs/model.md says.
#include <filesystem>
#include <vector>

#include <gtest/gtest.h>

#include "helpers.hpp"

namespace leadqual::testing {
namespace {

std::shared_ptr<const Model> acme() {
  return load_ok(read_file(std::string(LEADQUAL_SOURCE_DIR) + "/models/examples/acme-bant.json"));
}

TEST(Example, AcmeBantLoads) {
  auto model = acme();
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->id(), "acme-bant");
  EXPECT_EQ(model->version(), "2026.11");
}

TEST(Example, AcmeBantScoresAHotLead) {
  auto model = acme();
  ASSERT_NE(model, nullptr);
  nlohmann::json answers = json_of(R"({"budget": "approved", "role": "manager", "employees": 1500,
    "hours": 10, "rate": 60, "start": "now", "talk_to_sales": true, "email": "ann@acme-buyer.com"})");
  nlohmann::json result = model->score(answers);
  // budget 25 (approved); authority 15 (manager); need 10 (≥1000) + 8 (5–19 hours) = 18;
  // timeline 15 (now) + 10 (asked) = 25. Score 25+15+18+25 = 83 of 100.
  EXPECT_EQ(result["dimensions"],
            json_of(R"({"budget":25,"authority":15,"need":18,"timeline":25})"));
  EXPECT_EQ(result["score"], 83);
  EXPECT_EQ(result["percent"], 83);
  EXPECT_EQ(result["grade"], "A");  // budget + authority = 40
  EXPECT_EQ(result["stage"], "sql");
  EXPECT_EQ(result["computed"]["annual_savings"], 10 * 60 * 46);
  EXPECT_EQ(result["complete"], true);
  EXPECT_EQ(result["errors"], nlohmann::json::array());
  expect_text_matches(*model, answers);
}

// The complete models shown in docs/model.md load, and its result example has the documented keys.
TEST(Example, ModelsInTheReferenceLoad) {
  const std::string doc = read_file(std::string(LEADQUAL_SOURCE_DIR) + "/docs/model.md");
  ASSERT_FALSE(doc.empty());
  int models = 0;
  for (std::size_t at = doc.find("```json\n"); at != std::string::npos;
       at = doc.find("```json\n", at + 1)) {
    std::size_t start = at + 8;
    std::string block = doc.substr(start, doc.find("```", start) - start);
    if (block.find("\"leadqual\": 1") == std::string::npos) continue;
    ++models;
    LoadResult loaded = Model::parse(block);
    EXPECT_TRUE(loaded.errors.empty()) << block << joined(loaded.errors);
  }
  EXPECT_GE(models, 1);
}

// Every model shipped under models/ (examples and framework presets) loads without errors.
TEST(Example, EveryShippedModelLoads) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::string(LEADQUAL_SOURCE_DIR) + "/models")) {
    if (entry.path().extension() == ".json" && entry.path().filename() != "model.schema.json") {
      paths.push_back(entry.path());
    }
  }
  ASSERT_FALSE(paths.empty());
  for (const auto& path : paths) {
    LoadResult loaded = Model::parse(read_file(path.string()));
    EXPECT_TRUE(loaded.errors.empty()) << path << "\n" << joined(loaded.errors);
  }
}

}  // namespace
}  // namespace leadqual::testing
