#include "server/models.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/leadqual.hpp"
#include "server/util.hpp"

namespace leadqual::server {

namespace fs = std::filesystem;

bool ModelRegistry::load_folder(const std::string& dir, std::string& error) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    error = "--models: '" + dir + "' is not a folder";
    return false;
  }
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".json") files.push_back(it->path());
  }
  if (ec) {
    error = "--models: cannot read '" + dir + "': " + ec.message();
    return false;
  }
  std::sort(files.begin(), files.end());  // deterministic order for messages
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    nlohmann::json doc;
    std::string parse_error;
    if (!parse_json(text.str(), doc, parse_error)) {
      error = file.string() + ": not valid JSON (" + parse_error + ")";
      return false;
    }
    if (!doc.is_object() || !doc.contains("leadqual")) continue;  // not a model
    LoadResult loaded = Model::load(doc);
    if (!loaded.model) {
      error = file.string() + ": not a valid model:";
      for (const auto& problem : loaded.errors) {
        error +=
            "\n  " + (problem.pointer.empty() ? "/" : problem.pointer) + ": " + problem.message;
      }
      return false;
    }
    auto& versions = models_[loaded.model->id()];
    bool already_loaded = false;  // the same document in two folders is harmless
    for (const auto& existing : versions) {
      already_loaded = already_loaded || existing->model().hash() == loaded.model->hash();
    }
    if (already_loaded) continue;
    versions.push_back(std::make_unique<ResultCheck>(loaded.model));
  }
  return true;
}

std::size_t ModelRegistry::size() const {
  std::size_t count = 0;
  for (const auto& [id, versions] : models_) count += versions.size();
  return count;
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [id, versions] : models_) {
    for (const auto& check : versions) out.push_back(id + "@" + check->model().version());
  }
  return out;
}

nlohmann::json ModelRegistry::stage_order() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [id, versions] : models_) {
    nlohmann::json stages = nlohmann::json::array();
    const nlohmann::json& doc = versions.back()->model().normalized();
    const auto list = doc.find("stages");
    if (list != doc.end() && list->is_array()) {
      for (const auto& stage : *list) {
        if (stage.is_object() && stage.contains("id") && stage["id"].is_string()) {
          stages.push_back(stage["id"]);
        }
      }
    }
    stages.push_back("disqualified");
    out[id] = std::move(stages);
  }
  return out;
}

bool ModelRegistry::check(const nlohmann::json& result, Problem& problem) const {
  const nlohmann::json& model = result["model"];
  const std::string id = model["id"].get<std::string>();
  const std::string version = model["version"].get<std::string>();
  const std::string hash = model["hash"].get<std::string>();
  const auto found = models_.find(id);
  if (found == models_.end()) {
    std::string known;
    for (const auto& [name, versions] : models_) known += (known.empty() ? "" : ", ") + name;
    problem = {400, "unknown_model",
               "/result/model/id: no model '" + id + "' is loaded (known: " + known + ")",
               "/result/model/id"};
    return false;
  }
  const ResultCheck* match = nullptr;
  bool version_seen = false;
  for (const auto& candidate : found->second) {
    if (candidate->model().version() != version) continue;
    version_seen = true;
    if (candidate->model().hash() == hash) match = candidate.get();
  }
  if (!match) {
    problem = version_seen
                  ? Problem{400, "unknown_model",
                            "/result/model/hash: '" + hash + "' is not the hash of model '" + id +
                                "' version '" + version +
                                "' as loaded here (the page used a different model document)",
                            "/result/model/hash"}
                  : Problem{400, "unknown_model",
                            "/result/model/version: model '" + id + "' has no version '" + version +
                                "' loaded here",
                            "/result/model/version"};
    return false;
  }
  const auto problems = match->check(result);
  if (!problems.empty()) {
    const std::string pointer = "/result" + problems.front().pointer;
    problem = {400, "inconsistent_result", pointer + ": " + problems.front().message, pointer};
    return false;
  }
  return true;
}

}  // namespace leadqual::server
