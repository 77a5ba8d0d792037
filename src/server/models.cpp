#include "server/models.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <system_error>

#include "core/leadqual.hpp"
#include "server/util.hpp"

namespace leadqual::server {

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kRescanMs = 1000;  // at most one look at the folders a second

}  // namespace

bool ModelRegistry::load_folder(const std::string& dir, std::string& error) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    error = "--models: '" + dir + "' is not a folder";
    return false;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  folders_.push_back(dir);
  Snapshot next = *snapshot_;
  if (!scan(next, true, error)) return false;
  snapshot_ = std::make_shared<const Snapshot>(std::move(next));
  last_scan_ms_ = now_ms();
  return true;
}

void ModelRegistry::refresh(bool force) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::int64_t now = now_ms();
  if (folders_.empty() || (!force && now - last_scan_ms_ < kRescanMs)) return;
  last_scan_ms_ = now;
  Snapshot next = *snapshot_;
  std::string ignored;
  scan(next, false, ignored);
  snapshot_ = std::make_shared<const Snapshot>(std::move(next));
}

bool ModelRegistry::scan(Snapshot& into, bool strict, std::string& error) {
  std::set<std::string> present;
  bool complete = true;  // every folder was read: files not found are really gone
  for (const auto& dir : folders_) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (fs::recursive_directory_iterator
             it(dir, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".json") files.push_back(it->path());
    }
    if (ec) {
      error = "--models: cannot read '" + dir + "': " + ec.message();
      if (strict) return false;
      std::cerr << "leadqual serve: " << error << "\n";
      complete = false;
      continue;
    }
    std::sort(files.begin(), files.end());  // deterministic order for messages
    for (const auto& file : files) {
      Stamp stamp;
      stamp.size = fs::file_size(file, ec);
      const auto written = fs::last_write_time(file, ec);
      if (ec) continue;  // gone meanwhile
      present.insert(file.string());
      stamp.mtime_ns = static_cast<std::int64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(written.time_since_epoch()).count());
      const auto seen = stamps_.find(file.string());
      if (seen != stamps_.end() && seen->second.mtime_ns == stamp.mtime_ns &&
          seen->second.size == stamp.size) {
        continue;  // unchanged since it was read
      }
      stamp.read = ++reads_;
      Stamp& kept = stamps_[file.string()] = stamp;
      std::ifstream in(file, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      nlohmann::json doc;
      std::string parse_error;
      std::string problem;
      if (!parse_json(text.str(), doc, parse_error)) {
        problem = file.string() + ": not valid JSON (" + parse_error + ")";
      } else if (!doc.is_object() || !doc.contains("leadqual")) {
        continue;  // not a model
      } else {
        LoadResult loaded = Model::load(doc);
        if (loaded.model) {
          auto& versions = into[loaded.model->id()].versions;
          const auto same = std::find_if(versions.begin(), versions.end(), [&](const auto& v) {
            return v->model().hash() == loaded.model->hash();  // the same document again
          });
          if (same != versions.end()) {
            kept.check = *same;
          } else {
            kept.check = versions.emplace_back(std::make_shared<const ResultCheck>(loaded.model));
            if (!strict) {
              std::cerr << "leadqual serve: models: loaded " << loaded.model->id() << "@"
                        << loaded.model->version() << " from " << file.string() << "\n";
            }
          }
          continue;
        }
        problem = file.string() + ": not a valid model:";
        for (const auto& p : loaded.errors) {
          problem += "\n  " + (p.pointer.empty() ? "/" : p.pointer) + ": " + p.message;
        }
      }
      if (strict) {
        error = problem;
        return false;
      }
      std::cerr << "leadqual serve: models: " << problem << "\n  (skipped; the models known so "
                << "far stay known)\n";
    }
  }
  for (auto it = stamps_.begin(); complete && it != stamps_.end();) {
    if (present.count(it->first)) {
      ++it;
      continue;
    }
    if (it->second.check) {
      const Model& model = it->second.check->model();
      std::cerr << "leadqual serve: models: " << it->first << " was removed; " << model.id() << "@"
                << model.version() << " stays known for pages still showing it\n";
    }
    it = stamps_.erase(it);
  }
  // Each model's current version: the one a file holds now, read last. A model whose files are
  // all gone keeps the one it had (its results are still in the database).
  std::map<std::string, const Stamp*> latest;
  for (const auto& [file, stamp] : stamps_) {
    if (!stamp.check) continue;
    const Stamp*& best = latest[stamp.check->model().id()];
    if (!best || stamp.read > best->read) best = &stamp;
  }
  for (const auto& [id, stamp] : latest) into[id].current = stamp->check;
  return true;
}

std::shared_ptr<const ModelRegistry::Snapshot> ModelRegistry::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return snapshot_;
}

bool ModelRegistry::watching() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return !folders_.empty();
}

std::size_t ModelRegistry::size() const {
  std::size_t count = 0;
  for (const auto& [id, known] : *snapshot()) count += known.versions.size();
  return count;
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [id, known] : *snapshot()) {
    for (const auto& check : known.versions) out.push_back(id + "@" + check->model().version());
  }
  return out;
}

nlohmann::json ModelRegistry::stage_order() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [id, known] : *snapshot()) {
    nlohmann::json stages = nlohmann::json::array();
    for (const Stage& stage : known.current->model().compiled().stages) stages.push_back(stage.id);
    stages.push_back("disqualified");
    out[id] = std::move(stages);
  }
  return out;
}

nlohmann::json ModelRegistry::question_order() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [id, known] : *snapshot()) {
    nlohmann::json questions = nlohmann::json::array();
    for (const Question& q : known.current->model().compiled().questions) {
      if (q.type == QuestionType::Hidden) continue;
      questions.push_back({{"id", q.id}, {"label", q.text}});
    }
    out[id] = std::move(questions);
  }
  return out;
}

std::string ModelRegistry::stage_label(const std::string& model_id,
                                       const std::string& stage) const {
  const auto snap = snapshot();
  const auto found = snap->find(model_id);
  if (found == snap->end()) return {};
  if (stage == "disqualified") return "Disqualified";
  const CompiledModel& model = found->second.current->model().compiled();
  const int index = model.find_stage(stage);
  return index < 0 ? std::string() : model.stages[static_cast<std::size_t>(index)].label;
}

Verdict ModelRegistry::check(const nlohmann::json& result, bool flat, bool strict) {
  const nlohmann::json& model = result["model"];
  const std::string id = model["id"].get<std::string>();
  const std::string version = model["version"].get<std::string>();
  const std::string hash = model["hash"].get<std::string>();
  if (!watching()) {
    return {Verdict::Unverified, "not checked: the collector was started without --models", {}};
  }
  std::shared_ptr<const ResultCheck> match;
  Verdict unknown{strict ? Verdict::Refused : Verdict::Unverified, {}, {}};
  // A miss may be a model file added or changed since the last look: look again, then decide.
  for (int look = 0; look < 2 && !match; ++look) {
    if (look == 1) refresh();
    const auto snap = snapshot();
    const auto found = snap->find(id);
    if (found == snap->end()) {
      std::string known;
      for (const auto& [name, versions] : *snap) known += (known.empty() ? "" : ", ") + name;
      unknown.why = "no model '" + id + "' is loaded (known: " + known + ")";
      unknown.problem = {400, "unknown_model", "/result/model/id: " + unknown.why,
                         "/result/model/id"};
      continue;
    }
    bool version_seen = false;
    for (const auto& candidate : found->second.versions) {
      if (candidate->model().version() != version) continue;
      version_seen = true;
      if (candidate->model().hash() == hash) match = candidate;
    }
    if (match) break;
    unknown.why = version_seen
                      ? "'" + hash + "' is not the hash of model '" + id + "' version '" + version +
                            "' as loaded here (the page used a different model document)"
                      : "model '" + id + "' has no version '" + version + "' loaded here";
    const std::string pointer = version_seen ? "/result/model/hash" : "/result/model/version";
    unknown.problem = {400, "unknown_model", pointer + ": " + unknown.why, pointer};
  }
  if (!match) return unknown;
  const auto problems = match->check(result, flat);
  if (!problems.empty()) {
    const std::string pointer = "/result" + problems.front().pointer;
    return {Verdict::Refused,
            {},
            {400, "inconsistent_result", pointer + ": " + problems.front().message, pointer}};
  }
  return {};
}

}  // namespace leadqual::server
