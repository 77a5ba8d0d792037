// Several collectors on one PostgreSQL database (the private cluster of pg_helpers.hpp): each id
// stored once however many collectors receive it, migrations applied once when collectors start
// together, forwarding once per result, 503 + Retry-After while the database is unreachable and
// recovery after, clear start-up errors that never show the password.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "helpers.hpp"

namespace leadqual::testing {
namespace {

const std::vector<std::string> kFastRate = {"--rate", "100000", "--burst", "100000"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// The URL with its password replaced: "postgresql://leadqual:<password>@…".
std::string with_password(const std::string& url, const std::string& password) {
  const auto colon = url.find(':', url.find("://") + 3);
  const auto at = url.find('@');
  return url.substr(0, colon + 1) + password + url.substr(at);
}

std::string password_of(const std::string& url) {
  const auto colon = url.find(':', url.find("://") + 3);
  return url.substr(colon + 1, url.find('@') - colon - 1);
}

// A collector process on `db` with the test models. With `await` false it is only launched:
// await_start() then waits for it (so several can start at the same moment).
class Peer {
 public:
  Peer(const std::string& db, const std::vector<std::string>& extra, bool await = true) {
    std::vector<std::string> args = {"--db", db,         "--token",
                                     kToken, "--models", data_path("models")};
    args.insert(args.end(), extra.begin(), extra.end());
    started_ = process_.launch(args, dir_.file("server.log"));
    if (await) await_start();
  }
  bool await_start() { return started_ = started_ && process_.await_start(); }
  bool ok() const { return started_; }
  std::string failure() const { return process_.startup_output(); }
  const ServerProcess& process() const { return process_; }
  std::string log() const { return read_file(dir_.file("server.log")); }
  httplib::Client client() const {
    httplib::Client client("127.0.0.1", process_.port());
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(20, 0);
    return client;
  }

 private:
  TempDir dir_;
  ServerProcess process_;
  bool started_ = false;
};

TEST(CollectorPostgres, TwoCollectorsReceivingTheSameIdsFromEightClientsStoreEachOnce) {
  LEADQUAL_REQUIRE_POSTGRES();
  const std::string db = fresh_postgres_db();
  ASSERT_FALSE(db.empty());
  Peer a(db, kFastRate), b(db, kFastRate);
  ASSERT_TRUE(a.ok()) << a.failure();
  ASSERT_TRUE(b.ok()) << b.failure();
  // The start-up output names the database without its password.
  EXPECT_EQ(a.failure().find(password_of(db)), std::string::npos) << a.failure();
  EXPECT_NE(a.failure().find("postgresql://leadqual:***@127.0.0.1:"), std::string::npos)
      << a.failure();

  const json results[] = {score({{"budget", "yes"}, {"employees", 500}}),
                          score({{"budget", "some"}, {"employees", 5}}), score({{"budget", "no"}})};
  constexpr int kIds = 2000;
  constexpr int kClients = 8;
  std::atomic<int> created{0}, repeated{0}, other{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto first = (c % 2 ? a : b).client();
      auto second = (c % 2 ? b : a).client();
      // Every id goes to both collectors (as a retry through a load balancer would), in an
      // order that differs between clients so the two posts race.
      for (int n = c; n < kIds; n += kClients) {
        const std::string id = "pg-two-" + std::to_string(n) + "-0000";
        const std::string body = payload(id, results[n % 3]).dump();
        for (auto* client : {&first, &second}) {
          const auto response = client->Post("/api/v1/results", body, "application/json");
          if (response && response->status == 201) {
            ++created;
          } else if (response && response->status == 200) {
            ++repeated;
          } else {
            ++other;
          }
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(created.load(), kIds) << "one 201 per id, whichever collector got it first";
  EXPECT_EQ(repeated.load(), kIds);
  EXPECT_EQ(query_column(db, "SELECT COUNT(*) FROM results"),
            std::vector<std::string>{std::to_string(kIds)});
  EXPECT_EQ(query_column(db, "SELECT COUNT(DISTINCT id) FROM results"),
            std::vector<std::string>{std::to_string(kIds)});
  // Both collectors read the same store.
  auto stats_of = [](const Peer& peer) {
    auto response = peer.client().Get("/api/v1/stats", {{"Authorization", "Bearer " + kToken}});
    return response ? json::parse(response->body, nullptr, false) : json(nullptr);
  };
  EXPECT_EQ(stats_of(a)["total"], kIds);
  EXPECT_EQ(stats_of(a), stats_of(b));
}

TEST(CollectorPostgres, CollectorsStartingTogetherMigrateOnce) {
  LEADQUAL_REQUIRE_POSTGRES();
  const std::string db = fresh_postgres_db();
  ASSERT_FALSE(db.empty());
  constexpr int kPeers = 4;
  std::vector<std::unique_ptr<Peer>> peers;
  for (int i = 0; i < kPeers; ++i) peers.push_back(std::make_unique<Peer>(db, kFastRate, false));
  for (const auto& peer : peers) ASSERT_TRUE(peer->await_start()) << peer->failure();
  EXPECT_EQ(query_column(db, "SELECT version FROM schema_version"), std::vector<std::string>{"1"});
  const json result = score({{"budget", "yes"}, {"employees", 500}});
  for (int i = 0; i < kPeers; ++i) {
    const auto response = peers[i]->client().Post(
        "/api/v1/results", payload("pg-migrate-" + std::to_string(i) + "-00", result).dump(),
        "application/json");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 201) << response->body;
  }
  EXPECT_EQ(query_column(db, "SELECT COUNT(*) FROM results"), std::vector<std::string>{"4"});
}

TEST(CollectorPostgres, ADatabaseFromANewerVersionIsRefused) {
  LEADQUAL_REQUIRE_POSTGRES();
  const std::string db = fresh_postgres_db();
  ASSERT_FALSE(db.empty());
  std::string error;
  ASSERT_TRUE(pg_exec(db,
                      "CREATE TABLE schema_version (version INTEGER NOT NULL);"
                      "INSERT INTO schema_version VALUES (99);",
                      error))
      << error;
  std::string output;
  EXPECT_EQ(run_serve_to_exit({"--port", "0", "--db", db}, output), 1);
  EXPECT_NE(output.find("schema version 99, newer than this leadqual understands"),
            std::string::npos)
      << output;
}

TEST(CollectorPostgres, BadUrlsAndAWrongPasswordAreClearErrorsThatNeverShowThePassword) {
  LEADQUAL_REQUIRE_POSTGRES();
  const std::string db = fresh_postgres_db();
  ASSERT_FALSE(db.empty());
  const std::string secret = "Wrong-Secret-4711";
  std::string output;

  EXPECT_EQ(run_serve_to_exit({"--port", "0", "--db", with_password(db, secret)}, output), 1);
  EXPECT_NE(output.find("cannot connect to PostgreSQL"), std::string::npos) << output;
  EXPECT_NE(output.find("password authentication failed"), std::string::npos) << output;
  EXPECT_EQ(output.find(secret), std::string::npos) << output;

  const std::string bad_port =
      "postgresql://leadqual:" + secret + "@127.0.0.1:notaport/" + db.substr(db.rfind('/') + 1);
  EXPECT_EQ(run_serve_to_exit({"--port", "0", "--db", bad_port}, output), 1);
  EXPECT_NE(output.find("PostgreSQL"), std::string::npos) << output;
  EXPECT_NE(output.find("notaport"), std::string::npos) << output;
  EXPECT_EQ(output.find(secret), std::string::npos) << output;

  const std::string bad_option = "postgres://leadqual:" + secret + "@127.0.0.1/x?nosuch=1";
  EXPECT_EQ(run_serve_to_exit({"--port", "0", "--db", bad_option}, output), 1);
  EXPECT_NE(output.find("invalid PostgreSQL URL"), std::string::npos) << output;
  EXPECT_NE(output.find("nosuch"), std::string::npos) << output;
  EXPECT_EQ(output.find(secret), std::string::npos) << output;

  EXPECT_EQ(run_serve_to_exit({"--port", "0", "--db", db, "--db-pool", "0"}, output), 2);
  EXPECT_NE(output.find("--db-pool: '0' is not a connection count"), std::string::npos) << output;
}

TEST(CollectorPostgres, AnUnreachableDatabaseIs503WithRetryAfterUntilItIsBack) {
  LEADQUAL_REQUIRE_POSTGRES();
  const std::string db = fresh_postgres_database();
  ASSERT_FALSE(db.empty());
  const std::string name = db.substr(db.rfind('/') + 1);
  const std::string admin = postgres_state("url");
  Peer peer(db, kFastRate);
  ASSERT_TRUE(peer.ok()) << peer.failure();
  const json result = score({{"budget", "yes"}, {"employees", 500}});
  auto post = [&](const std::string& id) {
    return peer.client().Post("/api/v1/results", payload(id, result).dump(), "application/json");
  };
  ASSERT_EQ(post("pg-gap-before-0")->status, 201);
  auto health = peer.client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body),
            json({{"ok", true}, {"store", {{"kind", "postgresql"}, {"reachable", true}}}}));

  // The database goes away for this collector: no new connections, the open ones cut.
  std::string error;
  ASSERT_TRUE(pg_exec(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS false", error))
      << error;
  ASSERT_TRUE(pg_exec(
      admin,
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'",
      error))
      << error;
  const auto refused = post("pg-gap-during-0");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503) << refused->body;
  EXPECT_EQ(refused->get_header_value("Retry-After"), "5");
  EXPECT_NE(refused->body.find("safe to retry"), std::string::npos) << refused->body;
  health = peer.client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503);
  EXPECT_EQ(json::parse(health->body)["store"]["reachable"], false);
  EXPECT_NE(peer.log().find("the store is unreachable"), std::string::npos) << peer.log();
  EXPECT_EQ(peer.log().find(password_of(db)), std::string::npos) << peer.log();

  // Back: the collector reconnects by itself, and the retried post is stored once.
  ASSERT_TRUE(pg_exec(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true", error)) << error;
  const auto retried = post("pg-gap-during-0");
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->status, 201) << retried->body;
  EXPECT_EQ(post("pg-gap-during-0")->status, 200);
  health = peer.client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(query_column(db, "SELECT id FROM results ORDER BY seq"),
            (std::vector<std::string>{"pg-gap-before-0", "pg-gap-during-0"}));
}

TEST(CollectorPostgres, TwoCollectorsForwardEachResultOnce) {
  LEADQUAL_REQUIRE_POSTGRES();
  const std::string db = fresh_postgres_db();
  ASSERT_FALSE(db.empty());
  Receiver receiver(3);  // a few refusals, so retries are claimed too
  const auto args = with(kFastRate, {"--forward", receiver.url(), "--forward-retry-ms", "20"});
  Peer a(db, args), b(db, args);
  ASSERT_TRUE(a.ok()) << a.failure();
  ASSERT_TRUE(b.ok()) << b.failure();
  const json result = score({{"budget", "yes"}, {"employees", 500}});
  constexpr int kResults = 200;
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      auto client = (c % 2 ? a : b).client();
      for (int n = c; n < kResults; n += 4) {
        const std::string id = "pg-fwd-" + std::to_string(n) + "-0000";
        const auto response =
            client.Post("/api/v1/results", payload(id, result).dump(), "application/json");
        EXPECT_TRUE(response && response->status == 201) << id;
      }
    });
  }
  for (auto& t : clients) t.join();
  for (int tries = 0; tries < 600 && receiver.delivered().size() < kResults; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Let a second delivery, if there were to be one, arrive before counting.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto delivered = receiver.delivered();
  EXPECT_EQ(delivered.size(), static_cast<std::size_t>(kResults));
  int twice = 0;
  for (const auto& [id, times] : delivered) twice += times != 1;
  EXPECT_EQ(twice, 0) << "results forwarded more than once";
  EXPECT_EQ(query_column(db, "SELECT COUNT(*) FROM outbox WHERE delivered_ms IS NOT NULL"),
            std::vector<std::string>{std::to_string(kResults)});
}

}  // namespace
}  // namespace leadqual::testing
