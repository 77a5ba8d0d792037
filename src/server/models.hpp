// The models the collector knows (--models DIR): loaded at start, picked up again when a file
// is added, changed or removed (no restart), looked up by the id/version/hash a posted result
// names, and used to check that result's consistency. Safe to use from every HTTP thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compiler/verify.hpp"
#include "server/payload.hpp"

namespace leadqual::server {

// What the collector makes of a posted result.
struct Verdict {
  enum Kind { Verified, Unverified, Refused } kind = Verified;
  std::string why;  // Unverified: why it could not be checked (stored with the result)
  Problem problem;  // Refused: the answer
};

class ModelRegistry {
 public:
  ModelRegistry() = default;
  ModelRegistry(const ModelRegistry&) = delete;
  ModelRegistry& operator=(const ModelRegistry&) = delete;

  // Loads every *.json file under `dir` (recursively) whose top level has a "leadqual" member,
  // and remembers the folder for refresh(). Other JSON files (the JSON Schema, data) are
  // skipped. At start a model that does not load is an error naming the file and each problem.
  bool load_folder(const std::string& dir, std::string& error);

  // Loads the model files that are new or changed since the last look (at most once a second;
  // `force` looks now). A file that no longer loads is reported on standard error and skipped;
  // a removed file is reported too. Every version seen since the start stays known for
  // checking (pages still showing an older version, or one whose file was removed, are checked
  // against it); the dashboard's labels and orders come from the current version: the one a
  // file holds now, read last (a reverted file makes its older text current again).
  void refresh(bool force = false);

  bool watching() const;  // some --models folder was given
  std::size_t size() const;
  // "id@version" of each model, for the start-up line.
  std::vector<std::string> names() const;
  // Stage ids in model order per model id (its current version), for the dashboard.
  nlohmann::json stage_order() const;
  // [{"id", "label"}] of the shown questions in model order per model id (its current
  // version), for the funnel.
  nlohmann::json question_order() const;
  // The stage's label in the model's language ("" when the model is unknown).
  std::string stage_label(const std::string& model_id, const std::string& stage) const;

  // Verified: a loaded model with that version and hash, and a consistent result. Unverified:
  // the model, version or hash is not loaded here (after a refresh), `why` says which; with
  // `strict` that is Refused (400 unknown_model) instead. Refused: an inconsistent result.
  // `flat`: only the flat form fields were posted (no result object).
  Verdict check(const nlohmann::json& result, bool flat, bool strict);

 private:
  using Check = std::shared_ptr<const ResultCheck>;
  struct Known {
    std::vector<Check> versions;  // every version seen since the start, in load order
    Check current;                // the version a file holds now, read last
  };
  using Snapshot = std::map<std::string, Known>;  // by model id
  struct Stamp {
    std::int64_t mtime_ns = 0;
    std::uintmax_t size = 0;
    std::uint64_t read = 0;  // when it was read: a sequence number
    Check check;             // the model it holds (none: not a model, or broken)
  };

  std::shared_ptr<const Snapshot> snapshot() const;
  // Looks at every file of every folder; loads the new and changed ones into `into`, forgets
  // removed ones, and sets each model's current version.
  bool scan(Snapshot& into, bool strict, std::string& error);

  mutable std::mutex mutex_;  // guards everything below; held while scanning
  std::shared_ptr<const Snapshot> snapshot_ = std::make_shared<Snapshot>();
  std::vector<std::string> folders_;
  std::map<std::string, Stamp> stamps_;  // file → what it was when last read
  std::uint64_t reads_ = 0;
  std::int64_t last_scan_ms_ = 0;
};

}  // namespace leadqual::server
