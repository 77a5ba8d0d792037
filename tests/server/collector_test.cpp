// The collector API against the real server: accepted posts, every documented error, tokens,
// CORS, rate limiting, the form-encoded format, listing, CSV export and stats.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "helpers.hpp"

namespace leadqual::testing {
namespace {

json error_of(const httplib::Result& response) {
  if (!response) return nullptr;
  const json body = json::parse(response->body, nullptr, false);
  return body.is_object() && body.contains("error") ? body["error"] : json(nullptr);
}

class CollectorTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server.ok()) << server.failure(); }

  // Posts `body` and expects a 400 with `code` pointing at `pointer`.
  void expect_rejected(const json& body, const std::string& code, const std::string& pointer) {
    const auto response = server.post(body);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400) << response->body;
    const json error = error_of(response);
    ASSERT_TRUE(error.is_object()) << response->body;
    EXPECT_EQ(error["code"], code) << response->body;
    EXPECT_EQ(error["pointer"], pointer) << response->body;
    EXPECT_NE(error["message"].get<std::string>().find(pointer), std::string::npos);
  }

  Collector server{{"--rate", "1000", "--burst", "1000"}};
  const json sql = score({{"budget", "yes"}, {"employees", 500}, {"email", "ada@example.com"}});
  const json mql = score({{"budget", "some"}, {"employees", 5}});
};

TEST_F(CollectorTest, NewSubmissionIs201AndARepeatIs200StoredOnce) {
  const json body = payload("sub-new-0001", sql, {{"email", "ada@example.com"}});
  const auto first = server.post(body);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 201) << first->body;
  EXPECT_EQ(json::parse(first->body)["status"], "stored");
  const auto again = server.post(body, {{"Idempotency-Key", "sub-new-0001"}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(json::parse(again->body)["status"], "duplicate");
  EXPECT_EQ(query_column(server.db(), "SELECT COUNT(*) FROM results WHERE id = 'sub-new-0001'"),
            std::vector<std::string>{"1"});
  const json listed = server.get_json("/api/v1/results");
  ASSERT_EQ(listed["results"].size(), 1u);
  EXPECT_EQ(listed["results"][0]["result"], sql);
  EXPECT_EQ(listed["results"][0]["fields"]["email"], "ada@example.com");
  EXPECT_EQ(listed["results"][0]["suspect"], nullptr);
}

TEST_F(CollectorTest, ARepeatWithDifferentContentKeepsTheFirstCopy) {
  ASSERT_EQ(server.post(payload("sub-keep-0001", sql))->status, 201);
  ASSERT_EQ(server.post(payload("sub-keep-0001", mql))->status, 200);
  const json listed = server.get_json("/api/v1/results");
  ASSERT_EQ(listed["results"].size(), 1u);
  EXPECT_EQ(listed["results"][0]["result"]["stage"], "sql");
}

TEST_F(CollectorTest, MalformedJsonIsA400SayingWhere) {
  const auto response =
      server.client().Post("/api/v1/results", "{\"id\": \"abc\", ", "application/json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  const json error = error_of(response);
  EXPECT_EQ(error["code"], "malformed_json");
  EXPECT_NE(error["message"].get<std::string>().find("line 1, column"), std::string::npos) << error;
  const auto deep = server.client().Post(
      "/api/v1/results", std::string(5000, '[') + std::string(5000, ']'), "application/json");
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->status, 400);
  EXPECT_EQ(error_of(deep)["code"], "malformed_json");
}

TEST_F(CollectorTest, NotAnObjectIsRejected) {
  expect_rejected(json::array({1, 2}), "invalid_payload", "");
}

TEST_F(CollectorTest, EveryMissingRequiredMemberIsNamed) {
  for (const std::string pointer :
       {"/id", "/submittedAt", "/result", "/result/model", "/result/model/id",
        "/result/model/version", "/result/model/hash", "/result/score", "/result/percent",
        "/result/stage"}) {
    json body = payload("sub-missing-01", sql);
    const json::json_pointer at(pointer);
    body[at.parent_pointer()].erase(at.back());
    SCOPED_TRACE(pointer);
    expect_rejected(body, "invalid_payload", pointer);
  }
}

TEST_F(CollectorTest, WrongTypesAreNamed) {
  const std::vector<std::pair<std::string, json>> cases = {
      {"/id", 12345678},
      {"/submittedAt", "yesterday"},
      {"/result", "A"},
      {"/result/score", "100"},
      {"/result/percent", true},
      {"/result/dimensions", json::array()},
      {"/result/dimensions/budget", "50"},
      {"/result/stage", 3},
      {"/result/grade", 1},
      {"/result/disqualified", "yes"},
      {"/result/reasons", json::object()},
      {"/result/complete", "true"},
      {"/result/model/hash", ""},
      {"/fields", json::array()},
      {"/fields/email", json::object()},
      {"/consent/given", "yes"},
      {"/context/utm/source", 5},
      {"/antispam/elapsedMs", -1},
  };
  for (const auto& [pointer, value] : cases) {
    json body = payload("sub-types-001", sql, {{"email", "a@b.co"}});
    body[json::json_pointer(pointer)] = value;
    SCOPED_TRACE(pointer);
    expect_rejected(body, "invalid_payload", pointer);
  }
}

TEST_F(CollectorTest, BadIdsAndKeysAreRejected) {
  expect_rejected(payload("short", sql), "invalid_payload", "/id");
  expect_rejected(payload("has spaces in it", sql), "invalid_payload", "/id");
  const auto response =
      server.post(payload("sub-key-00001", sql), {{"Idempotency-Key", "other-key-01"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(error_of(response)["code"], "idempotency_key_mismatch");
}

TEST_F(CollectorTest, OverlongStringsAreRejected) {
  json body = payload("sub-long-0001", sql, {{"note", std::string(10001, 'x')}});
  expect_rejected(body, "invalid_payload", "/fields/note");
}

TEST_F(CollectorTest, OneMegabyteBodyIs413) {
  const auto response =
      server.client().Post("/api/v1/results", std::string(1 << 20, ' '), "application/json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(error_of(response)["code"], "payload_too_large");
  // Without a Content-Length (chunked), reading stops at the limit too.
  auto client = server.client();
  std::size_t sent = 0;
  const auto chunked = client.Post(
      "/api/v1/results",
      [&](std::size_t, httplib::DataSink& sink) {
        const std::string chunk(64 * 1024, ' ');
        if (sent >= (1u << 20)) {
          sink.done();
          return true;
        }
        sent += chunk.size();
        return sink.write(chunk.data(), chunk.size());
      },
      "application/json");
  if (chunked) {  // the server may close before the client has sent everything
    EXPECT_EQ(chunked->status, 413);
    EXPECT_EQ(error_of(chunked)["code"], "payload_too_large");
  }
  // A gzip-encoded body counts by its decompressed size: a small bomb is refused.
  client.set_compress(true);
  const auto bomb = client.Post("/api/v1/results", std::string(1 << 20, ' '), "application/json");
  if (bomb) {
    EXPECT_EQ(bomb->status, 413);
  }
  // The server is still there.
  EXPECT_EQ(server.post(payload("sub-after-413", sql))->status, 201);
}

TEST_F(CollectorTest, WrongContentTypeIs415) {
  const auto response = server.client().Post("/api/v1/results", "<lead/>", "application/xml");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 415);
  EXPECT_EQ(error_of(response)["code"], "unsupported_media_type");
}

TEST_F(CollectorTest, TextPlainIsReadAsJsonForSendBeacon) {
  const auto response = server.client().Post(
      "/api/v1/results", payload("sub-beacon-01", sql).dump(), "text/plain;charset=UTF-8");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201) << response->body;
}

// Unknown models, versions and hashes: delivery_collector_test.cpp.

TEST_F(CollectorTest, ModelsInSubfoldersAreKnown) {
  const json hot = score({{"visits", 5}}, "nested/second");
  ASSERT_EQ(hot["stage"], "hot");
  const auto response = server.post(payload("sub-nested-01", hot));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201) << response->body;
  json cold = hot;
  cold["stage"] = "cold";  // dimensions.interest >= 10 holds, so "hot" comes first
  expect_rejected(payload("sub-nested-02", cold), "inconsistent_result", "/result/stage");
}

// The core and the collector once disagreed on both: every result of these models was refused.
TEST_F(CollectorTest, AModelWithoutVersionIsAccepted) {
  const json result = score({{"fit", true}}, "drifts/no-version");
  ASSERT_EQ(result["model"]["version"], "");  // docs/model.md: `version` defaults to ""
  const auto response = server.post(payload("sub-noversion1", result));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201) << response->body;
}

TEST_F(CollectorTest, AModelWhoseMaximumIsNegativeHasNoPercent) {
  const json result = score({{"risky", true}}, "drifts/penalties");
  ASSERT_EQ(result["score"], -3);
  EXPECT_EQ(result["percent"], nullptr);  // a percent of a maximum below zero means nothing
  const auto response = server.post(payload("sub-penalties1", result));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201) << response->body;
}

// The collector reads dates with the core's one ISO 8601 parser (they once differed).
TEST_F(CollectorTest, DatesAreReadAsTheCoreReadsThem) {
  int n = 0;
  for (const char* at : {"2026-11-22T08:41:07+0100", "2016-12-31T23:59:60Z"}) {
    json body = payload("sub-date-000" + std::to_string(++n), sql);
    body["submittedAt"] = at;
    const auto response = server.post(body);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 201) << at << ": " << response->body;
  }
  EXPECT_EQ(server.get_json("/api/v1/results?since=2000-01-01T00:00:00+0100")["results"].size(),
            2u);
}

TEST(CollectorModels, SeveralFoldersAreLoadedAndTheFirstIsServed) {
  Collector server({"--models", data_path("more-models")});
  ASSERT_TRUE(server.ok()) << server.failure();
  const json extra = score({{"need", true}}, "../more-models/extra");
  ASSERT_EQ(extra["stage"], "yes");
  EXPECT_EQ(server.post(payload("sub-extra-001", extra))->status, 201);
  EXPECT_EQ(server.post(payload("sub-extra-002", score({{"budget", "no"}})))->status, 201);
  auto client = server.client();
  EXPECT_EQ(client.Get("/models/collector-test.json")->status, 200);
  EXPECT_EQ(client.Get("/models/extra.json")->status, 404);
}

TEST_F(CollectorTest, InconsistentResultsAreRejected) {
  json body = payload("sub-incons-01", sql);
  body["result"]["score"] = 90;
  expect_rejected(body, "inconsistent_result", "/result/score");
  body = payload("sub-incons-02", sql);
  body["result"]["percent"] = 50;
  expect_rejected(body, "inconsistent_result", "/result/percent");
  body = payload("sub-incons-03", sql);
  body["result"]["grade"] = "B";
  expect_rejected(body, "inconsistent_result", "/result/grade");
  body = payload("sub-incons-04", sql);
  body["result"]["dimensions"]["fit"] = 30;  // above its max of 25
  expect_rejected(body, "inconsistent_result", "/result/dimensions/fit");
  body = payload("sub-incons-05", sql);
  body["result"]["dimensions"].erase("fit");
  expect_rejected(body, "inconsistent_result", "/result/dimensions/fit");
  body = payload("sub-incons-06", sql);
  body["result"]["dimensions"]["extra"] = 0;
  expect_rejected(body, "inconsistent_result", "/result/dimensions/extra");
  body = payload("sub-incons-07", mql);
  body["result"]["stage"] = "sql";  // score 35 does not make it
  expect_rejected(body, "inconsistent_result", "/result/stage");
  body = payload("sub-incons-08", sql);
  body["result"]["stage"] = "mql";  // "sql" holds and comes first
  expect_rejected(body, "inconsistent_result", "/result/stage");
  body = payload("sub-incons-09", sql);
  body["result"]["stage"] = "won";
  expect_rejected(body, "inconsistent_result", "/result/stage");
}

TEST_F(CollectorTest, StagesThatDependOnAnswersAreTakenAsPosted) {
  // "call" needs an email answer, which is not posted: it cannot be re-checked, but an earlier
  // stage that can be decided ("sql" needs score >= 80) must not hold.
  const json call = score({{"budget", "yes"}, {"employees", 5}, {"email", "ada@example.com"}});
  ASSERT_EQ(call["stage"], "call");
  EXPECT_EQ(server.post(payload("sub-call-0001", call))->status, 201);
  const json disqualified = score({{"budget", "yes"}, {"student", true}});
  ASSERT_EQ(disqualified["stage"], "disqualified");
  EXPECT_EQ(server.post(payload("sub-disq-0001", disqualified))->status, 201);
  json not_disqualified = disqualified;
  not_disqualified["disqualified"] = nullptr;
  expect_rejected(payload("sub-disq-0002", not_disqualified), "invalid_payload",
                  "/result/disqualified");
}

TEST_F(CollectorTest, WithoutModelsAnyWellFormedResultIsAccepted) {
  Collector open_server({}, false);
  ASSERT_TRUE(open_server.ok()) << open_server.failure();
  json body = payload("sub-nomodel-1", sql);
  body["result"]["model"]["id"] = "someone-elses";
  EXPECT_EQ(open_server.post(body)->status, 201);
}

TEST_F(CollectorTest, AntiSpamEvidenceIsRecordedAndFlagged) {
  json bot = payload("sub-bot-00001", sql);
  bot["antispam"]["honeypot"] = "http://spam.example";
  EXPECT_EQ(server.post(bot)->status, 201);  // bots learn nothing
  json fast = payload("sub-fast-0001", sql);
  fast["antispam"]["elapsedMs"] = 300;
  EXPECT_EQ(server.post(fast)->status, 201);
  EXPECT_EQ(server.post(payload("sub-human-001", mql))->status, 201);
  const json flagged = server.get_json("/api/v1/results?suspect=true");
  ASSERT_EQ(flagged["results"].size(), 2u);
  EXPECT_EQ(flagged["results"][0]["suspect"], "honeypot filled");
  EXPECT_EQ(flagged["results"][0]["antispam"]["honeypot"], "http://spam.example");
  EXPECT_EQ(flagged["results"][1]["suspect"], "completed in under 1.5 s");
  const json stats = server.get_json("/api/v1/stats");
  EXPECT_EQ(stats["total"], 3);
  EXPECT_EQ(stats["suspect"], 2);
  EXPECT_EQ(stats["models"][0]["count"], 1);  // stats count only the unflagged
}

TEST_F(CollectorTest, FormEncodedPostAsTheWidgetSendsIt) {
  httplib::Params form = {{"id", "sub-form-0001"},
                          {"submittedAt", "2026-11-22T09:00:00Z"},
                          {"email", "grace@example.com"},
                          {"lead_score", "100"},
                          {"lead_stage", "sql"},
                          {"consent", "true"},
                          {"result", sql.dump()},
                          {"context", R"({"url":"https://acme.example/","utm":{}})"},
                          {"antispam", R"({"honeypot":"","elapsedMs":9000})"}};
  const auto response = server.client().Post("/api/v1/results", form);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201) << response->body;
  const json listed = server.get_json("/api/v1/results");
  ASSERT_EQ(listed["results"].size(), 1u);
  EXPECT_EQ(listed["results"][0]["fields"]["email"], "grace@example.com");
  EXPECT_EQ(listed["results"][0]["consent"]["given"], true);
  EXPECT_EQ(listed["results"][0]["result"], sql);
}

TEST_F(CollectorTest, FormEncodedWithoutResultUsesTheFlatFields) {
  httplib::Params form = {{"id", "sub-form-0002"},
                          {"lead_score", "35"},
                          {"lead_percent", "35"},
                          {"lead_grade", "B"},
                          {"lead_stage", "mql"},
                          {"model_id", "collector-test"},
                          {"model_version", "1"},
                          {"model_hash", sql["model"]["hash"]},
                          {"company", "Analytical Engines"}};
  auto response = server.client().Post("/api/v1/results", form);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201) << response->body;
  form = {{"id", "sub-form-0003"},
          {"lead_score", "35"},
          {"lead_percent", "35"},
          {"lead_stage", "sql"},
          {"model_id", "collector-test"},
          {"model_version", "1"},
          {"model_hash", sql["model"]["hash"]}};
  response = server.client().Post("/api/v1/results", form);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(error_of(response)["pointer"], "/result/stage");
  form = {{"id", "sub-form-0004"}, {"lead_score", "lots"}};
  response = server.client().Post("/api/v1/results", form);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(error_of(response)["pointer"], "lead_score");
  response = server.client().Post("/api/v1/results", "id=sub-form-0005&result=%zz",
                                  "application/x-www-form-urlencoded");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
}

// Finding 5: a form post without `result` skipped the score and percent checks, and strtod
// read hex and other non-numbers.
TEST_F(CollectorTest, ForgedFlatFormPostsAreRefused) {
  const std::string hash = sql["model"]["hash"].get<std::string>();
  const auto flat = [&](const std::string& id, const std::string& score,
                        const std::string& percent) {
    return httplib::Params{{"id", id},
                           {"lead_score", score},
                           {"lead_percent", percent},
                           {"lead_stage", "nurture"},
                           {"model_id", "collector-test"},
                           {"model_version", "1"},
                           {"model_hash", hash}};
  };
  struct Case {
    std::string score, percent, pointer;
  };
  const std::vector<Case> cases = {
      {"1e300", "-50", "/result/score"},  // far beyond the model's maximum of 100
      {"101", "101", "/result/score"},    // just above it
      {"20", "-50", "/result/percent"},   // 20 of 100 is 20 %
      {"20", "", "/result/percent"},      // the model has a maximum, so a percent
      {"0x10", "16", "lead_score"},       // hex is not a number here
      {"16", "0x10", "lead_percent"},    {"inf", "16", "lead_score"},
      {"nan", "16", "lead_score"},       {" 16", "16", "lead_score"},
      {"+16", "16", "lead_score"},       {"16", "1e400", "lead_percent"},
  };
  int n = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.score + " / " + c.percent);
    const auto response = server.client().Post(
        "/api/v1/results", flat("sub-forged-" + std::to_string(100 + n++), c.score, c.percent));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400) << response->body;
    EXPECT_EQ(error_of(response)["pointer"], c.pointer) << response->body;
  }
  EXPECT_EQ(query_column(server.db(), "SELECT COUNT(*) FROM results"),
            std::vector<std::string>{"0"});
  // The same numbers written properly are stored.
  const auto fine = server.client().Post("/api/v1/results", flat("sub-forged-ok1", "16", "16"));
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 201) << fine->body;
}

// Finding 5: a disqualification citing a rule that does not exist, or one that only adds
// points, was accepted.
TEST_F(CollectorTest, ADisqualificationMustCiteADisqualifyingRule) {
  const json disqualified = score({{"budget", "yes"}, {"student", true}});
  ASSERT_EQ(disqualified["stage"], "disqualified");
  ASSERT_EQ(disqualified["disqualified"]["rule"], "students");
  json forged = disqualified;
  forged["disqualified"]["rule"] = "no-such-rule";
  expect_rejected(payload("sub-dq-forged1", forged), "inconsistent_result",
                  "/result/disqualified/rule");
  forged["disqualified"]["rule"] = "enterprise";  // a rule that adds points
  expect_rejected(payload("sub-dq-forged2", forged), "inconsistent_result",
                  "/result/disqualified/rule");
  forged.erase("disqualified");
  expect_rejected(payload("sub-dq-forged3", forged), "inconsistent_result", "/result/disqualified");
  // Form-encoded without a result: a disqualification has no rule to name.
  const auto flat = server.client().Post(
      "/api/v1/results",
      httplib::Params{{"id", "sub-dq-forged4"},
                      {"lead_score", "50"},
                      {"lead_percent", "50"},
                      {"lead_stage", "disqualified"},
                      {"model_id", "collector-test"},
                      {"model_version", "1"},
                      {"model_hash", disqualified["model"]["hash"].get<std::string>()}});
  ASSERT_TRUE(flat);
  EXPECT_EQ(flat->status, 400) << flat->body;
  EXPECT_EQ(server.post(payload("sub-dq-real01", disqualified))->status, 201);
}

// Finding 6: a 400 quoted nlohmann's "[json.exception.out_of_range.406]".
TEST_F(CollectorTest, ErrorMessagesDoNotQuoteTheJsonLibrary) {
  std::string body = payload("sub-overflow-1", sql).dump();
  body.replace(body.find("\"elapsedMs\":42000"), 17, "\"elapsedMs\":1e400");
  const auto response = server.client().Post("/api/v1/results", body, "application/json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->body.find("json.exception"), std::string::npos) << response->body;
  EXPECT_NE(response->body.find("1e400"), std::string::npos) << response->body;
}

// Finding 6: the same-origin check trusted Host, which DNS rebinding lets a foreign page set.
TEST_F(CollectorTest, SameOriginNeedsAHostThatIsThisServersAddress) {
  const std::string port = std::to_string(server.process().port());
  auto client = server.client();
  auto response =
      client.Post("/api/v1/results",
                  {{"Origin", "http://rebind.example:" + port}, {"Host", "rebind.example:" + port}},
                  payload("sub-rebind-001", sql).dump(), "application/json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403) << response->body;
  response = client.Post("/api/v1/results",
                         {{"Origin", "http://localhost:" + port}, {"Host", "localhost:" + port}},
                         payload("sub-rebind-002", sql).dump(), "application/json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201) << response->body;
}

// Finding 6: a %0a in the path wrote a forged line into the log.
TEST_F(CollectorTest, ALineBreakInThePathCannotForgeALogLine) {
  auto client = server.client();
  client.Get("/x%0a2026-11-22T00:00:00.000Z%201.2.3.4%20POST%20/api/v1/results%20201");
  client.Get("/healthz");
  // Lines are written once each answer is out, in whatever order the answers finish.
  std::string log = server.log();
  for (int tries = 0; tries < 100 && (log.find("/healthz") == std::string::npos ||
                                      log.find(" 404 ") == std::string::npos);
       ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = server.log();
  }
  EXPECT_EQ(log.find("\n2026-11-22T00:00:00.000Z 1.2.3.4"), std::string::npos) << log;
  EXPECT_EQ(log.find(" 1.2.3.4 POST"), std::string::npos) << log;
  EXPECT_NE(log.find("/x%0A"), std::string::npos) << log;
}

TEST_F(CollectorTest, ReadingNeedsTheToken) {
  auto client = server.client();
  for (const char* path : {"/api/v1/results", "/api/v1/stats", "/dashboard"}) {
    SCOPED_TRACE(path);
    auto response = client.Get(path);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 401);
    EXPECT_EQ(error_of(response)["code"], "unauthorized");
    response = client.Get(path, {{"Authorization", "Bearer wrong-token"}});
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 401);
    response = client.Get(path, {{"Authorization", "Bearer " + kToken}});
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    response = client.Get((std::string(path) + "?token=" + kToken).c_str());
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
  }
}

TEST_F(CollectorTest, DashboardPageAndAssets) {
  auto client = server.client();
  const auto page = client.Get(("/dashboard?token=" + kToken).c_str());
  ASSERT_TRUE(page);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("/dashboard/app.js"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"),
            std::string::npos);
  EXPECT_EQ(page->get_header_value("Referrer-Policy"), "no-referrer");
  const auto script = client.Get("/dashboard/app.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(script->body.find("/api/v1/stats"), std::string::npos);
}

TEST_F(CollectorTest, CrossOriginPostsFollowTheAllowList) {
  auto client = server.client();
  auto response = client.Post("/api/v1/results", {{"Origin", "https://evil.example"}},
                              payload("sub-cors-0001", sql).dump(), "application/json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  EXPECT_EQ(error_of(response)["code"], "origin_not_allowed");
  // Same origin (the page came from this server) is always allowed.
  const std::string self = "http://127.0.0.1:" + std::to_string(server.process().port());
  response = client.Post("/api/v1/results", {{"Origin", self}},
                         payload("sub-cors-0002", sql).dump(), "application/json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201);

  Collector listed({"--allow-origin", "https://acme.example,https://www.acme.example"});
  ASSERT_TRUE(listed.ok()) << listed.failure();
  auto other = listed.client();
  auto preflight = other.Options("/api/v1/results", {{"Origin", "https://www.acme.example"},
                                                     {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"), "https://www.acme.example");
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Headers").find("Idempotency-Key"),
            std::string::npos);
  preflight = other.Options("/api/v1/results", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 403);
  response = other.Post("/api/v1/results", {{"Origin", "https://acme.example"}},
                        payload("sub-cors-0003", sql).dump(), "application/json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->get_header_value("Access-Control-Allow-Origin"), "https://acme.example");
}

TEST(CollectorRateLimit, PostsBeyondTheBurstAre429WithRetryAfter) {
  // One token per 100 s: the bucket cannot refill while the test runs, however slow the machine.
  Collector server({"--rate", "0.01", "--burst", "3"});
  ASSERT_TRUE(server.ok()) << server.failure();
  const json result = score({{"budget", "no"}});
  for (int i = 0; i < 3; ++i) {
    const auto response = server.post(payload("sub-rate-000" + std::to_string(i), result));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 201);
  }
  const auto limited = server.post(payload("sub-rate-0009", result));
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(error_of(limited)["code"], "rate_limited");
  const int retry_after = std::atoi(limited->get_header_value("Retry-After").c_str());
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 100);
  // Reading is not rate limited.
  EXPECT_TRUE(server.get_json("/api/v1/stats").is_object());
}

TEST_F(CollectorTest, ListingFiltersAndPages) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(server.post(payload("sub-list-sql" + std::to_string(i), sql))->status, 201);
    ASSERT_EQ(server.post(payload("sub-list-mql" + std::to_string(i), mql))->status, 201);
  }
  EXPECT_EQ(server.get_json("/api/v1/results")["results"].size(), 10u);
  EXPECT_EQ(server.get_json("/api/v1/results?stage=mql")["results"].size(), 5u);
  EXPECT_EQ(server.get_json("/api/v1/results?model=collector-test")["results"].size(), 10u);
  EXPECT_EQ(server.get_json("/api/v1/results?model=second")["results"].size(), 0u);
  EXPECT_EQ(server.get_json("/api/v1/results?since=2999-01-01")["results"].size(), 0u);
  EXPECT_EQ(server.get_json("/api/v1/results?since=2000-01-01T00:00:00Z")["results"].size(), 10u);
  EXPECT_EQ(server.get_json("/api/v1/results?until=2000-01-01")["results"].size(), 0u);
  // Paging: a full page names the cursor for the next one; together they cover everything once.
  const json first = server.get_json("/api/v1/results?limit=6");
  ASSERT_EQ(first["results"].size(), 6u);
  ASSERT_TRUE(first["next"].is_number());
  const json second = server.get_json("/api/v1/results?limit=6&after=" + first["next"].dump());
  ASSERT_EQ(second["results"].size(), 4u);
  EXPECT_EQ(second["next"], nullptr);
  EXPECT_EQ(first["results"][0]["id"], "sub-list-sql0");
  EXPECT_EQ(second["results"][3]["id"], "sub-list-mql4");
  const json newest = server.get_json("/api/v1/results?order=desc&limit=1");
  EXPECT_EQ(newest["results"][0]["id"], "sub-list-mql4");

  auto client = server.client();
  for (const char* query : {"since=last-week", "limit=0", "limit=x", "order=up", "format=xml",
                            "after=-1", "suspect=maybe"}) {
    SCOPED_TRACE(query);
    const auto response = client.Get(("/api/v1/results?" + std::string(query)).c_str(),
                                     {{"Authorization", "Bearer " + kToken}});
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400);
    EXPECT_EQ(error_of(response)["code"], "invalid_query");
  }
}

TEST_F(CollectorTest, CsvExportHasOneRowPerResultAndEscapes) {
  ASSERT_EQ(server
                .post(payload("sub-csv-00001", sql,
                              {{"email", "ada@example.com"}, {"company", "Engines, \"Ltd\""}}))
                ->status,
            201);
  ASSERT_EQ(server.post(payload("sub-csv-00002", mql, {{"company", "=HYPERLINK(\"x\")"}}))->status,
            201);
  const auto response =
      server.client().Get("/api/v1/results?format=csv", {{"Authorization", "Bearer " + kToken}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  const std::string& csv = response->body;
  std::vector<std::string> lines;
  for (std::size_t at = 0, end; (end = csv.find("\r\n", at)) != std::string::npos; at = end + 2) {
    lines.push_back(csv.substr(at, end - at));
  }
  ASSERT_EQ(lines.size(), 3u) << csv;
  EXPECT_EQ(lines[0].rfind("seq,received_at,id,submitted_at,model_id,model_version,score", 0), 0u);
  EXPECT_NE(lines[0].find(",company,email"), std::string::npos);
  EXPECT_NE(lines[1].find(",sub-csv-00001,"), std::string::npos);
  EXPECT_NE(lines[1].find(",collector-test,1,100,100,A,sql,"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("\"Engines, \"\"Ltd\"\"\",ada@example.com"), std::string::npos)
      << lines[1];
  // A cell a spreadsheet would run as a formula is defused.
  EXPECT_NE(lines[2].find("\"'=HYPERLINK(\"\"x\"\")\""), std::string::npos) << lines[2];
  // Accept: text/csv works too.
  const auto by_accept = server.client().Get(
      "/api/v1/results", {{"Authorization", "Bearer " + kToken}, {"Accept", "text/csv"}});
  ASSERT_TRUE(by_accept);
  EXPECT_EQ(by_accept->body, csv);
}

TEST_F(CollectorTest, StatsCountStagesAndHistogram) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(server.post(payload("sub-stat-sql" + std::to_string(i), sql))->status, 201);
  }
  ASSERT_EQ(server.post(payload("sub-stat-mql0", mql))->status, 201);
  const json stats = server.get_json("/api/v1/stats");
  ASSERT_TRUE(stats.is_object());
  EXPECT_EQ(stats["total"], 4);
  ASSERT_EQ(stats["models"].size(), 1u);
  const json& model = stats["models"][0];
  EXPECT_EQ(model["id"], "collector-test");
  EXPECT_EQ(model["count"], 4);
  EXPECT_EQ(model["stages"], json({{"sql", 3}, {"mql", 1}}));
  EXPECT_EQ(model["stageOrder"], json({"sql", "call", "mql", "nurture", "disqualified"}));
  // Percent 100 falls in the top bucket, 35 in 30-39.
  EXPECT_EQ(model["histogram"]["counts"], json({0, 0, 0, 1, 0, 0, 0, 0, 0, 3}));
}

TEST_F(CollectorTest, UnknownApiPathsAre404Json) {
  const auto response = server.client().Get("/api/v1/nothing");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(error_of(response)["code"], "not_found");
}

TEST_F(CollectorTest, EachRequestIsLoggedOnOneLine) {
  ASSERT_EQ(server.post(payload("sub-log-00001", sql))->status, 201);
  server.client().Get(("/api/v1/stats?token=" + kToken).c_str());
  // A line is written once its answer is out, in whatever order the answers finish; wait
  // (bounded) for both to land.
  std::string log = server.log();
  for (int tries = 0; tries < 100 && (log.find("/api/v1/stats") == std::string::npos ||
                                      log.find("POST /api/v1/results") == std::string::npos);
       ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = server.log();
  }
  EXPECT_NE(log.find(" 127.0.0.1 POST /api/v1/results 201 "), std::string::npos) << log;
  EXPECT_NE(log.find(" GET /api/v1/stats 200 "), std::string::npos) << log;
  EXPECT_EQ(log.find(kToken), std::string::npos) << "the token must not be logged";
}

}  // namespace
}  // namespace leadqual::testing
