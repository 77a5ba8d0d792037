// Starting and stopping: usage errors, unusable models or databases, clean stop on signals,
// schema versions, and forwarding through the outbox to a receiver that fails, then recovers.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "helpers.hpp"

namespace leadqual::testing {
namespace {

TEST(CollectorLifecycle, UsageErrorsExitWith2AndSayWhat) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--port", "http"}, "--port: 'http' is not a port number"},
      {{"--port"}, "option '--port' needs a value"},
      {{"--colour", "blue"}, "unknown option '--colour'"},
      {{"--forward", "ftp://x"}, "--forward: 'ftp://x' is not an http:// or https:// URL"},
      {{"--synchronous", "sometimes"}, "--synchronous: expected 'normal' or 'full'"},
      {{"--rate", "-1"}, "--rate: '-1' is not a positive number"},
      {{"stray"}, "unexpected argument 'stray'"},
  };
  for (const auto& [args, message] : cases) {
    SCOPED_TRACE(message);
    std::string output;
    EXPECT_EQ(run_serve_to_exit(args, output), 2);
    EXPECT_NE(output.find(message), std::string::npos) << output;
  }
  std::string help;
  EXPECT_EQ(run_serve_to_exit({"--help"}, help), 0);
  EXPECT_NE(help.find("--allow-origin"), std::string::npos);
}

TEST(CollectorLifecycle, AnInvalidModelStopsTheStartWithItsErrors) {
  TempDir dir;
  std::string output;
  EXPECT_EQ(run_serve_to_exit(
                {"--port", "0", "--db", dir.file("db.sqlite"), "--models", data_path("bad-models")},
                output),
            1);
  EXPECT_NE(output.find("broken.json: not a valid model"), std::string::npos) << output;
  EXPECT_NE(output.find("/dimensions/0/max: expected a number"), std::string::npos) << output;
  EXPECT_EQ(
      run_serve_to_exit(
          {"--port", "0", "--db", dir.file("db.sqlite"), "--models", dir.file("none")}, output),
      1);
  EXPECT_NE(output.find("is not a folder"), std::string::npos) << output;
}

TEST(CollectorLifecycle, ADatabaseFromANewerVersionIsRefused) {
  TempDir dir;
  const std::string db = dir.file("future.sqlite");
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  sqlite3_exec(handle,
               "CREATE TABLE schema_version (version INTEGER NOT NULL);"
               "INSERT INTO schema_version VALUES (99);",
               nullptr, nullptr, nullptr);
  sqlite3_close(handle);
  std::string output;
  EXPECT_EQ(run_serve_to_exit({"--port", "0", "--db", db}, output), 1);
  EXPECT_NE(output.find("schema version 99, newer than this leadqual understands"),
            std::string::npos)
      << output;
  EXPECT_EQ(run_serve_to_exit({"--port", "0", "--db", dir.file("missing/dir/x.sqlite")}, output),
            1);
  EXPECT_NE(output.find("cannot open database"), std::string::npos) << output;
}

TEST(CollectorLifecycle, APortInUseIsAClearError) {
  Collector first;
  ASSERT_TRUE(first.ok()) << first.failure();
  TempDir dir;
  std::string output;
  EXPECT_EQ(
      run_serve_to_exit({"--host", "127.0.0.1", "--port", std::to_string(first.process().port()),
                         "--db", dir.file("db.sqlite")},
                        output),
      1);
  EXPECT_NE(output.find("cannot listen on 127.0.0.1:" + std::to_string(first.process().port())),
            std::string::npos)
      << output;
}

TEST(CollectorLifecycle, SigtermAndSigintStopCleanlyKeepingTheData) {
  for (int signal_number : {SIGTERM, SIGINT}) {
    SCOPED_TRACE(signal_number);
    Collector server;
    ASSERT_TRUE(server.ok()) << server.failure();
    const json result = score({{"budget", "yes"}});
    ASSERT_EQ(server.post(payload("sub-stop-0001", result))->status, 201);
    server.process().signal(signal_number);
    EXPECT_EQ(server.process().wait(), 0);
    EXPECT_NE(server.log().find("stopped"), std::string::npos) << server.log();
    EXPECT_EQ(query_column(server.db(), "SELECT version FROM schema_version"),
              (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(query_column(server.db(), "SELECT id FROM results"),
              std::vector<std::string>{"sub-stop-0001"});
    // The same database opens again.
    ASSERT_TRUE(server.restart()) << server.failure();
    EXPECT_EQ(server.post(payload("sub-stop-0001", result))->status, 200);
  }
}

TEST(CollectorLifecycle, FullSynchronousModeStoresToo) {
  Collector server({"--synchronous", "full"});
  ASSERT_TRUE(server.ok()) << server.failure();
  ASSERT_EQ(server.post(payload("sub-full-0001", score({{"budget", "yes"}})))->status, 201);
  EXPECT_EQ(query_column(server.db(), "PRAGMA journal_mode"), std::vector<std::string>{"wal"});
  EXPECT_EQ(query_column(server.db(), "SELECT id FROM results"),
            std::vector<std::string>{"sub-full-0001"});
}

TEST(CollectorLifecycle, AGeneratedTokenIsPrintedAndWorks) {
  TempDir dir;
  ServerProcess process;
  ASSERT_TRUE(process.start({"--db", fresh_store(dir, "db.sqlite")}, dir.file("log")))
      << process.startup_output();
  const std::string& output = process.startup_output();
  const std::string marker = "  token:     ";
  const auto at = output.find(marker);
  ASSERT_NE(at, std::string::npos) << output;
  const std::string token = output.substr(at + marker.size(), 32);
  EXPECT_NE(output.find("dashboard?token=" + token), std::string::npos) << output;
  httplib::Client client("127.0.0.1", process.port());
  auto response = client.Get("/api/v1/stats", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  response = client.Get("/api/v1/stats", {{"Authorization", "Bearer " + token + "x"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  // Another run gets another token.
  ServerProcess second;
  ASSERT_TRUE(second.start({"--db", fresh_store(dir, "db2.sqlite")}, dir.file("log2")))
      << second.startup_output();
  EXPECT_EQ(second.startup_output().find(token), std::string::npos);
}

TEST(CollectorForwarding, FailingThenRecoveringReceiverGetsEveryResult) {
  WebhookReceiver receiver(4);
  Collector server({"--forward", receiver.url(), "--forward-retry-ms", "20"});
  ASSERT_TRUE(server.ok()) << server.failure();
  const json result = score({{"budget", "yes"}, {"employees", 500}});
  constexpr int kResults = 5;
  for (int i = 0; i < kResults; ++i) {
    const auto response = server.post(payload("sub-fwd-000" + std::to_string(i), result));
    ASSERT_TRUE(response);
    // Acknowledged at once: the failing receiver does not hold the post up.
    EXPECT_EQ(response->status, 201);
  }
  // Bounded wait for the outbox to drain (backoff from 20 ms; a few seconds at most).
  for (int tries = 0; tries < 400 && receiver.delivered().size() < kResults; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto delivered = receiver.delivered();
  ASSERT_EQ(delivered.size(), static_cast<std::size_t>(kResults));
  for (const auto& [id, times] : delivered) EXPECT_EQ(times, 1) << id;
  EXPECT_GT(receiver.attempts(), kResults);  // the failures were retried
  json stats;
  for (int tries = 0; tries < 100; ++tries) {
    stats = server.get_json("/api/v1/stats");
    if (stats.is_object() && stats["outbox"]["delivered"] == kResults) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(stats["outbox"], json({{"delivered", kResults}, {"pending", 0}}));
  EXPECT_NE(server.log().find("forwarding sub-fwd-"), std::string::npos);
}

TEST(CollectorForwarding, TheOutboxSurvivesARestart) {
  // The receiver is down while results arrive; the server is killed; after a restart the
  // outbox still holds them and delivers them once the receiver is up.
  TempDir spare;
  int down_port = 0;
  {
    httplib::Server placeholder;  // find a free port, then free it: nobody listens there
    down_port = placeholder.bind_to_any_port("127.0.0.1");
  }
  const std::string down_url = "http://127.0.0.1:" + std::to_string(down_port) + "/hook";
  std::string db;
  {
    Collector server({"--forward", down_url, "--forward-retry-ms", "20"});
    ASSERT_TRUE(server.ok()) << server.failure();
    const json result = score({{"budget", "no"}});
    ASSERT_EQ(server.post(payload("sub-outbox-01", result))->status, 201);
    ASSERT_EQ(server.post(payload("sub-outbox-02", result))->status, 201);
    server.process().signal(SIGKILL);
    server.process().wait();
    EXPECT_EQ(query_column(server.db(), "SELECT COUNT(*) FROM outbox WHERE delivered_ms IS NULL"),
              std::vector<std::string>{"2"});
    db = server.db();
    if (!store_is_postgres()) {
      // Move the database file aside before the fixture's folder goes away.
      db = spare.file("kept.sqlite");
      ASSERT_EQ(std::rename(server.db().c_str(), db.c_str()), 0);
      std::rename((server.db() + "-wal").c_str(), (db + "-wal").c_str());
      std::rename((server.db() + "-shm").c_str(), (db + "-shm").c_str());
    }
  }
  WebhookReceiver receiver(0);
  ServerProcess restarted;
  ASSERT_TRUE(restarted.start({"--db", db, "--forward", receiver.url(), "--forward-retry-ms", "20"},
                              spare.file("log")))
      << restarted.startup_output();
  for (int tries = 0; tries < 400 && receiver.delivered().size() < 2; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(receiver.delivered(),
            (std::map<std::string, int>{{"sub-outbox-01", 1}, {"sub-outbox-02", 1}}));
}

}  // namespace
}  // namespace leadqual::testing
