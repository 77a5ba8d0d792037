// The project's own models (models/frameworks, models/examples), loaded once per fuzzing run,
// for the harnesses that fuzz what is scored rather than the model.
#pragma once

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/leadqual.hpp"
#include "fuzz_check.hpp"

namespace leadqual::fuzz {

// LEADQUAL_FUZZ_MODELS is a '|'-separated list of model files (tests/fuzz/CMakeLists.txt).
inline const std::vector<std::shared_ptr<const Model>>& project_models() {
  static const std::vector<std::shared_ptr<const Model>> models = [] {
    std::vector<std::shared_ptr<const Model>> out;
    std::stringstream paths(LEADQUAL_FUZZ_MODELS);
    std::string path;
    while (std::getline(paths, path, '|')) {
      std::ifstream file(path, std::ios::binary);
      std::stringstream text;
      text << file.rdbuf();
      LoadResult loaded = Model::parse(text.str());
      FUZZ_CHECK(loaded.model != nullptr, "a project model does not load");
      out.push_back(loaded.model);
    }
    FUZZ_CHECK(!out.empty(), "no project models");
    return out;
  }();
  return models;
}

}  // namespace leadqual::fuzz
