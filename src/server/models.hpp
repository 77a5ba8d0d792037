// The models the collector knows (--models DIR): loaded once at start, looked up by the
// id/version/hash a posted result names, and used to check that result's consistency.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compiler/verify.hpp"
#include "server/payload.hpp"

namespace leadqual::server {

class ModelRegistry {
 public:
  // Loads every *.json file under `dir` (recursively) whose top level has a "leadqual" member.
  // Other JSON files (the JSON Schema, data) are skipped. A model that does not load is an
  // error naming the file and each problem.
  bool load_folder(const std::string& dir, std::string& error);

  bool empty() const { return models_.empty(); }
  std::size_t size() const;
  // "id@version" of each model, for the start-up line.
  std::vector<std::string> names() const;
  // Stage ids in model order for a model id (the newest version loaded), for the dashboard.
  nlohmann::json stage_order() const;

  // Known model, matching version and hash, consistent result; or the problem.
  bool check(const nlohmann::json& result, Problem& problem) const;

 private:
  std::map<std::string, std::vector<std::unique_ptr<ResultCheck>>> models_;  // by model id
};

}  // namespace leadqual::server
