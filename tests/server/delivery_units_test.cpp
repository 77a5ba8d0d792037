// The collector's parts for delivery that need no HTTP: the model registry (unverified results,
// model files picked up without a restart, reverted or removed), the token kept beside the
// database, the forwarding signature, and the database migration that added the unverified flag
// and the funnel.
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "core/leadqual.hpp"
#include "helpers.hpp"
#include "server/forwarder.hpp"
#include "server/models.hpp"
#include "server/store.hpp"
#include "server/token.hpp"

namespace leadqual::server {
namespace {

using leadqual::testing::TempDir;
using json = nlohmann::json;

const char* kModel = R"({"leadqual": 1, "id": "hot", "version": "1",
  "dimensions": [{"id": "fit", "max": 10}],
  "questions": [{"id": "size", "type": "number", "bands": [{"min": 10, "points": {"fit": 10}}]}],
  "stages": [{"id": "big", "if": "score >= 10", "label": "Big fish"}, {"id": "small"}]})";

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The result the core gives for `answers` on `model_text`.
json scored(const std::string& model_text, const json& answers) {
  LoadResult loaded = Model::parse(model_text);
  EXPECT_NE(loaded.model, nullptr);
  return loaded.model ? loaded.model->score(answers) : json();
}

std::string with_version(const std::string& version, const std::string& description = "") {
  json doc = json::parse(kModel);
  doc["version"] = version;
  if (!description.empty()) doc["description"] = description;
  return doc.dump();
}

// A folder holding hot.json (kModel), and a registry that loaded it.
struct HotFolder {
  TempDir dir;
  ModelRegistry registry;
  std::string error;
  bool loaded = false;
  HotFolder() {
    write(dir.file("hot.json"), kModel);
    loaded = registry.load_folder(dir.path(), error);
  }
};

TEST(ModelRegistry, UnknownModelsAreUnverifiedWithWhyOrRefusedWhenStrict) {
  HotFolder hot;
  ModelRegistry& registry = hot.registry;
  ASSERT_TRUE(hot.loaded) << hot.error;

  const json good = scored(kModel, {{"size", 12}});
  EXPECT_EQ(registry.check(good, false, false).kind, Verdict::Verified);

  json other_id = good;
  other_id["model"]["id"] = "cold";
  const Verdict unknown = registry.check(other_id, false, false);
  EXPECT_EQ(unknown.kind, Verdict::Unverified);
  EXPECT_EQ(unknown.why, "no model 'cold' is loaded (known: hot)");
  const Verdict strict = registry.check(other_id, false, true);
  EXPECT_EQ(strict.kind, Verdict::Refused);
  EXPECT_EQ(strict.problem.code, "unknown_model");
  EXPECT_EQ(strict.problem.pointer, "/result/model/id");

  // One word changed in the model the page loaded: another hash.
  const json changed = scored(with_version("1", "New words"), {{"size", 12}});
  const Verdict hash = registry.check(changed, false, false);
  EXPECT_EQ(hash.kind, Verdict::Unverified);
  EXPECT_NE(hash.why.find("is not the hash of model 'hot' version '1' as loaded here"),
            std::string::npos)
      << hash.why;

  // An inconsistent result of a known model is refused, strict or not.
  json wrong = good;
  wrong["stage"] = "small";
  EXPECT_EQ(registry.check(wrong, false, false).kind, Verdict::Refused);
  EXPECT_EQ(registry.check(wrong, false, false).problem.code, "inconsistent_result");
}

TEST(ModelRegistry, NewAndChangedFilesArePickedUpWithoutARestart) {
  HotFolder hot;
  ModelRegistry& registry = hot.registry;
  ASSERT_TRUE(hot.loaded) << hot.error;
  EXPECT_EQ(registry.stage_label("hot", "big"), "Big fish");

  // The file is edited (a new version) and another one appears, broken.
  const std::string v2 = with_version("2", "New words");
  write(hot.dir.file("hot.json"), v2);
  write(hot.dir.file("broken.json"), R"({"leadqual": 1, "id": "broken"})");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // one look a second at most
  const json result = scored(v2, {{"size", 3}});
  EXPECT_EQ(registry.check(result, false, false).kind, Verdict::Verified);
  // The first version stays known: pages still showing it are checked against it.
  EXPECT_EQ(registry.check(scored(kModel, {{"size", 3}}), false, false).kind, Verdict::Verified);
  EXPECT_EQ(registry.names(), (std::vector<std::string>{"hot@1", "hot@2"}));
  EXPECT_EQ(registry.question_order()["hot"], json::parse(R"([{"id": "size", "label": "size"}])"));
  EXPECT_EQ(registry.stage_order()["hot"], json::array({"big", "small", "disqualified"}));
}

TEST(ModelRegistry, RevertedAndRemovedFilesKeepTheDashboardOnTheCurrentVersion) {
  HotFolder hot;
  ModelRegistry& registry = hot.registry;
  ASSERT_TRUE(hot.loaded) << hot.error;
  const std::string path = hot.dir.file("hot.json");

  json whale = json::parse(kModel);
  whale["version"] = "2";
  whale["stages"][0]["label"] = "Whale";
  write(path, whale.dump());
  registry.refresh(true);
  EXPECT_EQ(registry.stage_label("hot", "big"), "Whale");

  // Reverted: the first text is current again, though it was seen before.
  write(path, kModel);
  registry.refresh(true);
  EXPECT_EQ(registry.stage_label("hot", "big"), "Big fish");

  // Removed: reported; both versions still check results, the labels stay.
  ::testing::internal::CaptureStderr();
  std::remove(path.c_str());
  registry.refresh(true);
  const std::string said = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(said.find("hot.json was removed; hot@1 stays known for pages still showing it"),
            std::string::npos)
      << said;
  EXPECT_EQ(registry.check(scored(whale.dump(), {{"size", 12}}), false, false).kind,
            Verdict::Verified);
  EXPECT_EQ(registry.check(scored(kModel, {{"size", 12}}), false, false).kind, Verdict::Verified);
  EXPECT_EQ(registry.stage_label("hot", "big"), "Big fish");

  // Put back: read again, current again.
  write(path, whale.dump());
  registry.refresh(true);
  EXPECT_EQ(registry.stage_label("hot", "big"), "Whale");
  EXPECT_EQ(registry.names(), (std::vector<std::string>{"hot@1", "hot@2"}));
}

TEST(ModelRegistry, WithoutModelsEveryResultIsUnverified) {
  ModelRegistry registry;
  const Verdict verdict = registry.check(scored(kModel, {}), false, true);
  EXPECT_EQ(verdict.kind, Verdict::Unverified);
  EXPECT_EQ(verdict.why, "not checked: the collector was started without --models");
}

TEST(Token, MadeOnceBesideTheDatabaseAndKept) {
  TempDir dir;
  const std::string db = dir.file("results.sqlite");
  Token first;
  std::string error;
  ASSERT_TRUE(resolve_token("", db, first, error)) << error;
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.source, db + ".token");
  EXPECT_EQ(first.value.size(), 32u);
  EXPECT_EQ(first.value.find_first_not_of("0123456789abcdef"), std::string::npos);
  struct stat info;
  ASSERT_EQ(::stat(first.source.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u) << "only the owner may read the token";

  Token again;
  ASSERT_TRUE(resolve_token("", db, again, error)) << error;
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.value, first.value);

  Token given;
  ASSERT_TRUE(resolve_token("mine", db, given, error));
  EXPECT_EQ(given.value, "mine");
  EXPECT_EQ(given.source, "--token");

  write(first.source, "\n");
  EXPECT_FALSE(resolve_token("", db, again, error));
  EXPECT_NE(error.find("is empty"), std::string::npos) << error;
  EXPECT_FALSE(resolve_token("", dir.file("no/such/folder/db"), again, error));
  EXPECT_NE(error.find("cannot create the token file"), std::string::npos) << error;
}

// The same vector as docs/widget.md's verification recipe: one receiver checks the browser's
// signature and the forwarder's alike.
TEST(Forwarding, SignsAsTheBrowserDoes) {
  EXPECT_EQ(
      Forwarder::signature("whsec_5f3e",
                           R"({"id":"0b9d7c3e-5a41-4f5e-9a57-1c8e2f0d6a11","result":{"score":74}})",
                           1763800867),
      "t=1763800867,v1=298592410b34dec04881bff632c9bf2deeb7bc26faf3013a05b815b05e864a6e");
}

TEST(StoreMigration, AVersionOneDatabaseGainsTheUnverifiedFlagAndTheFunnel) {
  TempDir dir;
  const std::string db = dir.file("old.sqlite");
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    // Schema version 1 as leadqual 0.1 made it, with one stored result.
    const char* v1 = R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (1);
CREATE TABLE results (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, received_ms INTEGER NOT NULL,
  submitted_at TEXT NOT NULL, model_id TEXT NOT NULL, model_version TEXT NOT NULL,
  model_hash TEXT NOT NULL, score REAL NOT NULL, percent REAL, grade TEXT, stage TEXT NOT NULL,
  format TEXT NOT NULL, client TEXT NOT NULL, user_agent TEXT NOT NULL,
  suspect_reason TEXT NOT NULL DEFAULT '', payload TEXT NOT NULL);
CREATE UNIQUE INDEX results_id ON results(id);
CREATE TABLE outbox (seq INTEGER PRIMARY KEY, result_seq INTEGER NOT NULL REFERENCES results(seq),
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_ms INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '', delivered_ms INTEGER);
INSERT INTO results VALUES (1, 'sub-old-0001', 5, '2026-01-01T00:00:00Z', 'hot', '1', 'sha256:x',
  10, 100, NULL, 'big', 'json', '127.0.0.1', 'ua', '', '{"id":"sub-old-0001"}');
)sql";
    ASSERT_EQ(sqlite3_exec(raw, v1, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
    sqlite3_close(raw);
  }
  std::string error;
  auto store = Store::open(db, false, error);
  ASSERT_NE(store, nullptr) << error;
  std::optional<StoredResult> old;
  ASSERT_TRUE(store->find("sub-old-0001", old, error)) << error;
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->unverified_reason, "");
  EXPECT_EQ(old->payload["id"], "sub-old-0001");
  EXPECT_TRUE(store->record_progress("hot", "session-1", "start", error)) << error;
  EXPECT_TRUE(store->record_progress("hot", "session-1", "start", error)) << "a repeat is a no-op";
  json stats;
  ASSERT_TRUE(store->stats(stats, error)) << error;
  EXPECT_EQ(stats["unverified"], 0);
  EXPECT_EQ(stats["models"][0]["progress"], json({{"start", 1}}));
  EXPECT_EQ(leadqual::testing::query_column(db, "SELECT MAX(version) FROM schema_version"),
            std::vector<std::string>{"2"});
}

}  // namespace
}  // namespace leadqual::server
