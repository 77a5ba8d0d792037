// The collector for real sites, against the real server: results of models it does not know are
// kept (flagged unverified, with why) unless --strict-models; model files added later are picked
// up; a repeat is answered with the first result; the token survives restarts; the demo is off
// unless asked for; stage labels, dimension and computed columns; the visit funnel; signed
// forwarding.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/compiler/sha256.hpp"
#include "core/leadqual.hpp"
#include "helpers.hpp"

namespace leadqual::testing {
namespace {

std::vector<std::string> args(std::initializer_list<std::string> more) {
  std::vector<std::string> out = {"--rate", "1000", "--burst", "1000"};
  out.insert(out.end(), more);
  return out;
}

json body_of(const httplib::Result& response) {
  return response ? json::parse(response->body, nullptr, false) : json();
}

TEST(CollectorModels, ResultsOfUnknownModelsAreStoredUnverifiedWithWhy) {
  Collector server(args({}));
  ASSERT_TRUE(server.ok()) << server.failure();
  json result = score({{"budget", "yes"}, {"employees", 500}});
  result["model"]["hash"] = "sha256:0000";  // one word changed in the page's copy of the model
  const auto response = server.post(payload("sub-unver-001", result));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201) << response->body;
  const std::string why = body_of(response)["unverified"].get<std::string>();
  EXPECT_NE(why.find("is not the hash of model 'collector-test' version '1' as loaded here"),
            std::string::npos)
      << why;
  json other = score({{"budget", "no"}});
  other["model"]["id"] = "brand-new";
  ASSERT_EQ(server.post(payload("sub-unver-002", other))->status, 201);
  ASSERT_EQ(server.post(payload("sub-verif-003", score({{"budget", "no"}})))->status, 201);

  const json listed = server.get_json("/api/v1/results?unverified=true");
  ASSERT_EQ(listed["results"].size(), 2u);
  EXPECT_EQ(listed["results"][0]["unverified"], why);
  EXPECT_EQ(server.get_json("/api/v1/results?unverified=false")["results"].size(), 1u);
  EXPECT_EQ(server.get_json("/api/v1/stats")["unverified"], 2);
  auto csv =
      server.client().Get("/api/v1/results?format=csv", {{"Authorization", "Bearer " + kToken}});
  ASSERT_TRUE(csv);
  EXPECT_NE(csv->body.find(",unverified,"), std::string::npos);
  EXPECT_NE(csv->body.find("no model 'brand-new' is loaded"), std::string::npos) << csv->body;
}

TEST(CollectorModels, StrictModelsRefusesUnknownModelsVersionsAndHashesAsBefore) {
  Collector server(args({"--strict-models"}));
  ASSERT_TRUE(server.ok()) << server.failure();
  const json result = score({{"budget", "yes"}});
  int n = 0;
  for (const auto& [member, pointer] :
       std::vector<std::pair<std::string, std::string>>{{"id", "/result/model/id"},
                                                        {"version", "/result/model/version"},
                                                        {"hash", "/result/model/hash"}}) {
    SCOPED_TRACE(member);
    json changed = result;
    changed["model"][member] = "nope";
    const auto response = server.post(payload("sub-strict-0" + std::to_string(++n), changed));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400);
    EXPECT_EQ(body_of(response)["error"]["code"], "unknown_model");
    EXPECT_EQ(body_of(response)["error"]["pointer"], pointer);
  }
  EXPECT_EQ(query_column(server.db(), "SELECT COUNT(*) FROM results"),
            std::vector<std::string>{"0"});
}

TEST(CollectorModels, AModelFileAddedWhileRunningIsUsedWithoutARestart) {
  TempDir models;
  Collector server(args({"--models", models.path()}));
  ASSERT_TRUE(server.ok()) << server.failure();
  const std::string text = read_file(data_path("more-models/extra.json"));
  LoadResult loaded = Model::parse(text);
  ASSERT_NE(loaded.model, nullptr);
  const json result = loaded.model->score(json::object());
  const auto before = server.post(payload("sub-hot-0001", result));
  ASSERT_EQ(before->status, 201);
  EXPECT_TRUE(body_of(before).contains("unverified"));

  std::ofstream(models.file("extra.json"), std::ios::binary) << text;
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // one look a second at most
  const auto after = server.post(payload("sub-hot-0002", result));
  ASSERT_EQ(after->status, 201) << after->body;
  EXPECT_FALSE(body_of(after).contains("unverified")) << after->body;
  EXPECT_NE(server.log().find("models: loaded"), std::string::npos) << server.log();
}

TEST(CollectorModels, ARepeatIsAnsweredWithTheFirstResult) {
  Collector server(args({}));
  ASSERT_TRUE(server.ok()) << server.failure();
  const json first = score({{"budget", "yes"}, {"employees", 500}});
  ASSERT_EQ(server.post(payload("sub-repeat-01", first))->status, 201);
  const auto again = server.post(payload("sub-repeat-01", score({{"budget", "no"}})));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  const json answer = body_of(again);
  EXPECT_EQ(answer["status"], "duplicate");
  EXPECT_EQ(answer["result"], first);
  EXPECT_EQ(answer["unverified"], nullptr);
  EXPECT_TRUE(answer["receivedAt"].is_string());
}

std::string token_in(const std::string& startup) {
  const std::string marker = "  token:     ";
  const auto at = startup.find(marker);
  if (at == std::string::npos) return {};
  return startup.substr(at + marker.size(), 32);
}

// On both stores: SQLite keeps the token in a file beside the database, PostgreSQL in the
// database (collectors on several machines share no folder).
TEST(CollectorToken, WithoutTokenOneIsMadeOnceAndKeptWithTheDatabase) {
  TempDir dir;
  const std::string db = fresh_store(dir, "results.sqlite");
  ASSERT_FALSE(db.empty());
  const std::string kept = store_is_postgres() ? "the database (table settings)" : db + ".token";
  std::string token;
  {
    ServerProcess first;
    ASSERT_TRUE(first.start({"--db", db}, dir.file("one.log"))) << first.startup_output();
    token = token_in(first.startup_output());
    EXPECT_NE(first.startup_output().find("(made now, kept in " + kept), std::string::npos)
        << first.startup_output();
  }
  ASSERT_EQ(token.size(), 32u);
  ServerProcess second;
  ASSERT_TRUE(second.start({"--db", db}, dir.file("two.log"))) << second.startup_output();
  EXPECT_EQ(token_in(second.startup_output()), token) << second.startup_output();
  EXPECT_NE(second.startup_output().find("(kept in " + kept), std::string::npos)
      << second.startup_output();
  httplib::Client client("127.0.0.1", second.port());
  const auto stats = client.Get("/api/v1/stats", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->status, 200);
}

TEST(CollectorSite, TheDemoIsServedOnlyWhenAskedFor) {
  TempDir dir;
  ServerProcess plain;
  ASSERT_TRUE(plain.start({"--db", fresh_store(dir, "a.sqlite"), "--token", "t0123456789"},
                          dir.file("a.log")))
      << plain.startup_output();
  httplib::Client client("127.0.0.1", plain.port());
  EXPECT_EQ(client.Get("/demo/")->status, 404);
  const auto home = client.Get("/");
  EXPECT_EQ(home->status, 404);
  EXPECT_NE(home->body.find("--demo"), std::string::npos) << home->body;
  EXPECT_EQ(client.Get("/dashboard/app.js")->status, 200);

  ServerProcess demo;
  ASSERT_TRUE(demo.start({"--db", fresh_store(dir, "b.sqlite"), "--token", "t0123456789", "--demo"},
                         dir.file("b.log")))
      << demo.startup_output();
  httplib::Client demo_client("127.0.0.1", demo.port());
  EXPECT_EQ(demo_client.Get("/demo/")->status, 200);
  EXPECT_NE(demo.startup_output().find("  demo:      "), std::string::npos);
}

TEST(CollectorExport, StageLabelsDimensionAndComputedColumns) {
  Collector server(args({}));
  ASSERT_TRUE(server.ok()) << server.failure();
  const json hot = score({{"visits", 5}}, "nested/second");
  ASSERT_EQ(server.post(payload("sub-columns-1", hot))->status, 201);
  const json listed = server.get_json("/api/v1/results");
  EXPECT_EQ(listed["results"][0]["stageLabel"], "Hot lead");
  auto csv =
      server.client().Get("/api/v1/results?format=csv", {{"Authorization", "Bearer " + kToken}});
  ASSERT_TRUE(csv);
  const std::string header = csv->body.substr(0, csv->body.find("\r\n"));
  EXPECT_NE(header.find(",stage,stage_label,"), std::string::npos) << header;
  EXPECT_NE(header.find(",dimension.interest"), std::string::npos) << header;
  EXPECT_NE(csv->body.find(",hot,Hot lead,"), std::string::npos) << csv->body;
  const json stats = server.get_json("/api/v1/stats");
  for (const auto& model : stats["models"]) {
    if (model["id"] == "second") {
      EXPECT_EQ(model["stageLabels"]["hot"], "Hot lead");
    }
  }
}

httplib::Result post_step(Collector& server, const json& step) {
  return server.client().Post("/api/v1/progress", step.dump(), "text/plain;charset=UTF-8");
}

TEST(CollectorFunnel, StartsAnswersPerQuestionAndCompletions) {
  Collector server(args({}));
  ASSERT_TRUE(server.ok()) << server.failure();
  const json model = {{"id", "collector-test"}, {"version", "1"}};
  auto step = [&](const std::string& session, const std::string& event,
                  const std::string& question = "") {
    json body = {{"session", session}, {"model", model}, {"event", event}};
    if (!question.empty()) body["question"] = question;
    const auto response = post_step(server, body);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 204) << response->body;
  };
  // Three visits: all start and answer budget, two answer employees, one completes.
  for (const char* session : {"visit-0001", "visit-0002", "visit-0003"}) {
    step(session, "start");
    step(session, "answered", "budget");
  }
  step("visit-0001", "answered", "budget");  // a repeat counts once
  step("visit-0001", "answered", "employees");
  step("visit-0002", "answered", "employees");
  step("visit-0001", "complete");
  const auto bad = post_step(server, {{"session", "visit-0001"}, {"model", model}, {"event", "x"}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(body_of(bad)["error"]["code"], "invalid_progress");

  const json stats = server.get_json("/api/v1/stats");
  json funnel;
  for (const auto& m : stats["models"]) {
    if (m["id"] == "collector-test") funnel = m["funnel"];
  }
  EXPECT_EQ(funnel, json::parse(R"({"starts": 3, "completions": 1, "questions": [
    {"id": "budget", "label": "Budget?", "answered": 3},
    {"id": "employees", "label": "Employees?", "answered": 2},
    {"id": "student", "label": "Student?", "answered": 0},
    {"id": "email", "label": "Email", "answered": 0}]})"));
}

TEST(CollectorForwarding, ForwardedResultsAreSignedAsTheWidgetSignsItsWebhooks) {
  WebhookReceiver receiver;
  Collector server(args({"--forward", receiver.url(), "--forward-secret", "whsec_5f3e"}));
  ASSERT_TRUE(server.ok()) << server.failure();
  ASSERT_EQ(server.post(payload("sub-signed-01", score({{"budget", "yes"}})))->status, 201);
  for (int tries = 0; tries < 200 && receiver.posts().empty(); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_EQ(receiver.posts().size(), 1u);
  const auto [header, body] = receiver.posts().front();
  // docs/widget.md's recipe: t=<seconds>,v1=<hex HMAC-SHA256 of "<seconds>.<body>">.
  ASSERT_EQ(header.rfind("t=", 0), 0u) << header;
  const std::string seconds = header.substr(2, header.find(',') - 2);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  EXPECT_LE(std::llabs(now - std::stoll(seconds)), 60);
  EXPECT_EQ(header, "t=" + seconds + ",v1=" + hmac_sha256_hex("whsec_5f3e", seconds + "." + body));
  EXPECT_EQ(json::parse(body)["id"], "sub-signed-01");
}

}  // namespace
}  // namespace leadqual::testing
