// Shared by the core tests: load a model from JSON text and read its errors as text.
#pragma once

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/leadqual.hpp"

namespace leadqual::testing {

inline std::vector<std::string> error_lines(const std::vector<Diagnostic>& errors) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : errors) lines.push_back(d.pointer + ": " + d.message);
  return lines;
}

inline std::string joined(const std::vector<Diagnostic>& errors) {
  std::string out;
  for (const std::string& line : error_lines(errors)) out += line + "\n";
  return out;
}

// Loads a model that must be valid; the test fails with every error otherwise.
inline std::shared_ptr<const Model> load_ok(const std::string& text) {
  LoadResult loaded = Model::parse(text);
  EXPECT_TRUE(loaded.errors.empty()) << joined(loaded.errors);
  EXPECT_NE(loaded.model, nullptr);
  return loaded.model;
}

// Loads a model that must be invalid and returns its errors as "pointer: message" lines.
inline std::vector<std::string> load_errors(const std::string& text) {
  LoadResult loaded = Model::parse(text);
  EXPECT_EQ(loaded.model, nullptr);
  EXPECT_FALSE(loaded.errors.empty());
  return error_lines(loaded.errors);
}

inline nlohmann::json json_of(const std::string& text) {
  nlohmann::json value;
  std::string error;
  EXPECT_TRUE(parse_json(text, value, error)) << error;
  return value;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace leadqual::testing

namespace leadqual::testing {

// The smallest valid model; tests patch it (RFC 7386 merge patch: arrays replace, null removes).
inline const char* kMinimalModel = R"({
  "leadqual": 1, "id": "m",
  "dimensions": [{"id": "fit", "max": 10}],
  "stages": [{"id": "all"}]
})";

inline std::string patched(const std::string& patch) {
  nlohmann::json doc = json_of(kMinimalModel);
  doc.merge_patch(json_of(patch));
  return doc.dump();
}

// Errors of the minimal model with `patch` applied (the model must be invalid).
inline std::vector<std::string> errors_with(const std::string& patch) {
  return load_errors(patched(patch));
}

}  // namespace leadqual::testing

namespace leadqual::testing {

// score_text/state_text must be canonical(score/state) byte for byte.
inline void expect_text_matches(const Model& model, const nlohmann::json& answers,
                                const ScoreOptions& options = {}) {
  EXPECT_EQ(model.score_text(answers, options), canonical(model.score(answers, options)))
      << answers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  EXPECT_EQ(model.state_text(answers, options), canonical(model.state(answers, options)));
}

}  // namespace leadqual::testing
