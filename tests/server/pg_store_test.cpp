// Several collectors on one PostgreSQL database (the private cluster of pg_helpers.hpp): each id
// stored once however many collectors receive it, migrations applied once when collectors start
// together, forwarding once per result, 503 + Retry-After while the database is unreachable and
// recovery after, clear start-up errors that never show the password.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "helpers.hpp"
#include "server/storage.hpp"

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
  ServerProcess& process() { return process_; }
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
  EXPECT_EQ(query_column(db, "SELECT version FROM schema_version ORDER BY version"),
            (std::vector<std::string>{"1", "2"}));
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

// Error paths that need no server: the URL is refused before any connection, and neither the
// password nor any part of it is printed (libpq quotes a badly percent-encoded value whole).
TEST(CollectorPostgresUrls, RefusedUrlsNeverShowThePassword) {
  const std::string secret = "Se%zzcret-4711";
  std::string output;
  TempDir dir;
  const std::string source = dir.file("source.sqlite");  // a store for migrate-store to copy
  {
    ServerProcess collector;
    ASSERT_TRUE(collector.start({"--db", source, "--token", kToken}, dir.file("source.log")))
        << collector.startup_output();
  }
  for (const std::string& url :
       {"postgres://leadqual:" + secret + "@127.0.0.1/leads",
        "postgresql://leadqual@127.0.0.1/leads?password=" + secret,
        "postgresql://leadqual@127.0.0.1/leads?sslmode=prefer&password=" + secret}) {
    SCOPED_TRACE(url);
    EXPECT_EQ(run_serve_to_exit({"--port", "0", "--db", url}, output), 1);
    EXPECT_NE(output.find("invalid PostgreSQL URL"), std::string::npos) << output;
    EXPECT_NE(output.find("***"), std::string::npos) << output;
    EXPECT_EQ(output.find("zzcret"), std::string::npos) << output;
    EXPECT_EQ(run_leadqual_to_exit({"migrate-store", "--from", source, "--to", url}, output), 1);
    EXPECT_NE(output.find("invalid PostgreSQL URL"), std::string::npos) << output;
    EXPECT_EQ(output.find("zzcret"), std::string::npos) << output;
  }
  // A mistyped scheme is not taken for a SQLite file name (nor printed with its password).
  const std::string typo = "postgress://leadqual:Secret-4711@db.internal/leads";
  EXPECT_EQ(run_serve_to_exit({"--port", "0", "--db", typo}, output), 2);
  EXPECT_NE(output.find("--db: 'postgress://leadqual:***@db.internal/leads' is neither a "
                        "PostgreSQL URL"),
            std::string::npos)
      << output;
  EXPECT_EQ(output.find("Secret-4711"), std::string::npos) << output;
  EXPECT_EQ(run_leadqual_to_exit({"migrate-store", "--from", source, "--to", typo}, output), 2);
  EXPECT_NE(output.find("--to must be a PostgreSQL URL"), std::string::npos) << output;
  EXPECT_EQ(output.find("Secret-4711"), std::string::npos) << output;
}

// --db-pool bounds the connections a collector opens however many requests wait for one: 16
// clients posting at once through 8 request threads share 2 connections (no forwarding, so no
// forwarder's connection).
TEST(CollectorPostgres, TheConnectionPoolIsBounded) {
  LEADQUAL_REQUIRE_POSTGRES();
  const std::string db = fresh_postgres_db();
  ASSERT_FALSE(db.empty());
  const std::string name = "lq_pool_" + std::to_string(::getpid());
  Peer peer(db + "&application_name=" + name, with(kFastRate, {"--db-pool", "2"}));
  ASSERT_TRUE(peer.ok()) << peer.failure();
  const json result = score({{"budget", "yes"}, {"employees", 500}});
  std::atomic<bool> done{false};
  std::atomic<int> most{0};
  std::thread watcher([&] {
    while (!done) {
      const auto rows = pg_query_column(
          db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + name + "'");
      if (!rows.empty()) most = std::max(most.load(), std::stoi(rows[0]));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  std::atomic<int> stored{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 16; ++c) {
    clients.emplace_back([&, c] {
      auto client = peer.client();
      for (int i = 0; i < 25; ++i) {
        const auto id = "pool-" + std::to_string(c) + "-" + std::to_string(i) + "-xxxx";
        const auto answer =
            client.Post("/api/v1/results", payload(id, result).dump(), "application/json");
        if (answer && answer->status == 201) ++stored;
      }
    });
  }
  for (auto& client : clients) client.join();
  done = true;
  watcher.join();
  EXPECT_EQ(stored, 16 * 25);
  EXPECT_GE(most, 1);
  EXPECT_LE(most, 2);
}

// docs/collector.md: rate limits are per collector (each keeps its token buckets in memory), so a
// client over the burst on one collector is still served by the other.
TEST(CollectorPostgres, RateLimitsArePerCollectorAsDocumented) {
  LEADQUAL_REQUIRE_POSTGRES();
  const std::string db = fresh_postgres_db();
  ASSERT_FALSE(db.empty());
  Peer a(db, {"--rate", "0.01", "--burst", "3"}), b(db, {"--rate", "0.01", "--burst", "3"});
  ASSERT_TRUE(a.ok()) << a.failure();
  ASSERT_TRUE(b.ok()) << b.failure();
  const json result = score({{"budget", "yes"}});
  int n = 0;
  for (Peer* peer : {&a, &b}) {
    auto client = peer->client();
    for (int i = 0; i < 3; ++i) {
      const auto id = "rate-per-collector-" + std::to_string(n++);
      const auto answer =
          client.Post("/api/v1/results", payload(id, result).dump(), "application/json");
      ASSERT_TRUE(answer);
      EXPECT_EQ(answer->status, 201) << answer->body;
    }
    const auto over = client.Post(
        "/api/v1/results", payload("rate-per-collector-over", result).dump(), "application/json");
    ASSERT_TRUE(over);
    EXPECT_EQ(over->status, 429);
    EXPECT_FALSE(over->get_header_value("Retry-After").empty());
  }
  EXPECT_EQ(query_column(db, "SELECT count(*) FROM results"), std::vector<std::string>{"6"});
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
  WebhookReceiver receiver(3);  // a few refusals, so retries are claimed too
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

// Retries survive a collector's death: the outbox is in the database, so results one collector
// stored but could not forward (its receiver refused every attempt) before `kill -9` are
// forwarded by another collector, once each.
TEST(CollectorPostgres, ResultsAKilledCollectorCouldNotForwardAreForwardedByAnother) {
  LEADQUAL_REQUIRE_POSTGRES();
  const std::string db = fresh_postgres_db();
  ASSERT_FALSE(db.empty());
  WebhookReceiver refusing(1000000);
  Peer a(db, with(kFastRate, {"--forward", refusing.url(), "--forward-retry-ms", "20"}));
  ASSERT_TRUE(a.ok()) << a.failure();
  const json result = score({{"budget", "yes"}, {"employees", 500}});
  constexpr int kResults = 40;
  auto client = a.client();
  for (int n = 0; n < kResults; ++n) {
    const std::string id = "pg-orphan-" + std::to_string(n) + "-0000";
    const auto response =
        client.Post("/api/v1/results", payload(id, result).dump(), "application/json");
    ASSERT_TRUE(response && response->status == 201) << id;
  }
  for (int tries = 0; tries < 200 && refusing.attempts() < kResults; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_GT(refusing.attempts(), 0);  // it was trying
  a.process().signal(SIGKILL);
  a.process().wait();
  EXPECT_EQ(refusing.delivered().size(), 0u);

  WebhookReceiver receiver;
  Peer b(db, with(kFastRate, {"--forward", receiver.url(), "--forward-retry-ms", "20"}));
  ASSERT_TRUE(b.ok()) << b.failure();
  for (int tries = 0; tries < 600 && receiver.delivered().size() < kResults; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto delivered = receiver.delivered();
  EXPECT_EQ(delivered.size(), static_cast<std::size_t>(kResults));
  for (const auto& [id, times] : delivered) EXPECT_EQ(times, 1) << id;
  EXPECT_EQ(query_column(db, "SELECT COUNT(*) FROM outbox WHERE delivered_ms IS NULL"),
            std::vector<std::string>{"0"});
}

TEST(CollectorPostgres, MigrateStoreCopiesASqliteStoreOnceHoweverOftenItRuns) {
  LEADQUAL_REQUIRE_POSTGRES();
  TempDir dir;
  const std::string sqlite = dir.file("old.sqlite");
  int down_port = 0;
  {
    httplib::Server placeholder;  // a free port nobody listens on: forwarding keeps failing
    down_port = placeholder.bind_to_any_port("127.0.0.1");
  }
  const json result = score({{"budget", "yes"}, {"employees", 500}});
  json unknown = result;
  unknown["model"]["id"] = "not-loaded";
  {
    // Without --token: the old collector keeps its token in old.sqlite.token.
    ServerProcess old;
    ASSERT_TRUE(old.start(
        {"--db", sqlite, "--models", data_path("models"), "--forward",
         "http://127.0.0.1:" + std::to_string(down_port) + "/hook", "--forward-retry-ms", "60000"},
        dir.file("old.log")))
        << old.startup_output();
    httplib::Client client("127.0.0.1", old.port());
    for (const char* id : {"mig-0001-aaaa", "mig-0002-bbbb", "mig-0003-cccc"}) {
      const auto response =
          client.Post("/api/v1/results", payload(id, result).dump(), "application/json");
      ASSERT_TRUE(response && response->status == 201);
    }
    const auto unverified = client.Post("/api/v1/results", payload("mig-0004-dddd", unknown).dump(),
                                        "application/json");
    ASSERT_TRUE(unverified && unverified->status == 201);
    const json step = {
        {"session", "visit-0001"}, {"model", {{"id", "collector-test"}}}, {"event", "start"}};
    ASSERT_EQ(client.Post("/api/v1/progress", step.dump(), "text/plain")->status, 204);
    old.signal(SIGTERM);
    ASSERT_EQ(old.wait(), 0);
  }
  const std::string token = read_file(sqlite + ".token").substr(0, 32);
  ASSERT_EQ(token.size(), 32u);
  const std::string db = fresh_postgres_db();
  ASSERT_FALSE(db.empty());
  std::string output;
  ASSERT_EQ(run_leadqual_to_exit({"migrate-store", "--from", sqlite, "--to", db}, output), 0)
      << output;
  EXPECT_NE(output.find("4 results copied to postgresql://leadqual:***@"), std::string::npos)
      << output;
  EXPECT_NE(output.find("(4 still to forward), 0 already there; 1 funnel steps; read token copied"),
            std::string::npos)
      << output;
  EXPECT_EQ(output.find(password_of(db)), std::string::npos) << output;
  // Again: nothing new.
  ASSERT_EQ(run_leadqual_to_exit({"migrate-store", "--from", sqlite, "--to", db}, output), 0)
      << output;
  EXPECT_NE(output.find("0 results copied"), std::string::npos) << output;
  EXPECT_NE(output.find("4 already there; 1 funnel steps; read token left as it was"),
            std::string::npos)
      << output;

  EXPECT_EQ(query_column(db, "SELECT id FROM results ORDER BY seq"),
            (std::vector<std::string>{"mig-0001-aaaa", "mig-0002-bbbb", "mig-0003-cccc",
                                      "mig-0004-dddd"}));
  EXPECT_EQ(query_column(db, "SELECT received_ms FROM results ORDER BY seq"),
            query_column(sqlite, "SELECT received_ms FROM results ORDER BY seq"));
  EXPECT_EQ(query_column(db, "SELECT unverified_reason FROM results ORDER BY seq"),
            query_column(sqlite, "SELECT unverified_reason FROM results ORDER BY seq"));
  EXPECT_EQ(query_column(db, "SELECT COUNT(*) FROM outbox WHERE delivered_ms IS NULL"),
            std::vector<std::string>{"4"});
  EXPECT_EQ(query_column(db, "SELECT session FROM progress"),
            std::vector<std::string>{"visit-0001"});
  // A collector on the PostgreSQL store, started without --token, answers the old token with
  // the copied results.
  ServerProcess peer;
  ASSERT_TRUE(peer.start({"--db", db, "--models", data_path("models")}, dir.file("peer.log")))
      << peer.startup_output();
  EXPECT_NE(peer.startup_output().find("token:     " + token + " (kept in the database"),
            std::string::npos)
      << peer.startup_output();
  httplib::Client client("127.0.0.1", peer.port());
  auto listed = client.Get("/api/v1/results", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200) << listed->body;
  const json body = json::parse(listed->body);
  ASSERT_EQ(body["results"].size(), 4u);
  EXPECT_EQ(body["results"][0]["result"], result);
  EXPECT_EQ(body["results"][3]["unverified"].get<std::string>().rfind(
                "no model 'not-loaded' is loaded", 0),
            0u)
      << body["results"][3];

  EXPECT_EQ(run_leadqual_to_exit({"migrate-store", "--from", sqlite}, output), 2);
  EXPECT_NE(output.find("both --from FILE.sqlite and --to postgres://"), std::string::npos)
      << output;
  EXPECT_EQ(run_leadqual_to_exit({"migrate-store", "--from", sqlite, "--to", "x.sqlite"}, output),
            2);
  EXPECT_NE(output.find("--to must be a PostgreSQL URL"), std::string::npos) << output;
  EXPECT_EQ(run_leadqual_to_exit({"migrate-store", "--from", dir.file("none.sqlite"), "--to", db},
                                 output),
            1);
  EXPECT_NE(output.find("cannot open"), std::string::npos) << output;
}

TEST(CollectorPostgres, CollectorsWithoutTokenShareTheOneKeptInTheDatabase) {
  LEADQUAL_REQUIRE_POSTGRES();
  TempDir dir;
  const std::string db = fresh_postgres_db();
  ASSERT_FALSE(db.empty());
  ServerProcess a, b;
  ASSERT_TRUE(a.start({"--db", db}, dir.file("a.log"))) << a.startup_output();
  ASSERT_TRUE(b.start({"--db", db}, dir.file("b.log"))) << b.startup_output();
  const auto token_of = [](const std::string& startup) {
    const auto at = startup.find("  token:     ");
    return at == std::string::npos ? std::string() : startup.substr(at + 13, 32);
  };
  const std::string token = token_of(a.startup_output());
  ASSERT_EQ(token.size(), 32u) << a.startup_output();
  EXPECT_NE(a.startup_output().find("(made now, kept in the database (table settings)"),
            std::string::npos)
      << a.startup_output();
  EXPECT_EQ(token_of(b.startup_output()), token) << b.startup_output();
  EXPECT_NE(b.startup_output().find("(kept in the database"), std::string::npos);
  httplib::Client client("127.0.0.1", b.port());
  const auto stats = client.Get("/api/v1/stats", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->status, 200);
}

TEST(CollectorPostgres, AVersionOneDatabaseGainsTheUnverifiedFlagAndTheFunnel) {
  LEADQUAL_REQUIRE_POSTGRES();
  const std::string db = fresh_postgres_db();
  ASSERT_FALSE(db.empty());
  // Schema version 1 as the first PostgreSQL store made it, with one stored result.
  std::string error;
  ASSERT_TRUE(pg_exec(db, R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (1);
CREATE TABLE results (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, id TEXT NOT NULL,
  received_ms BIGINT NOT NULL, submitted_at TEXT NOT NULL, model_id TEXT NOT NULL,
  model_version TEXT NOT NULL, model_hash TEXT NOT NULL, score DOUBLE PRECISION NOT NULL,
  percent DOUBLE PRECISION, grade TEXT, stage TEXT NOT NULL, format TEXT NOT NULL,
  client TEXT NOT NULL, user_agent TEXT NOT NULL, suspect_reason TEXT NOT NULL DEFAULT '',
  payload TEXT NOT NULL);
CREATE UNIQUE INDEX results_id ON results(id);
CREATE TABLE outbox (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  result_seq BIGINT NOT NULL REFERENCES results(seq), attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms BIGINT NOT NULL, last_error TEXT NOT NULL DEFAULT '', delivered_ms BIGINT);
INSERT INTO results (id, received_ms, submitted_at, model_id, model_version, model_hash, score,
  percent, grade, stage, format, client, user_agent, suspect_reason, payload)
VALUES ('sub-old-0001', 5, '2026-01-01T00:00:00Z', 'hot', '1', 'sha256:x', 10, 100, NULL, 'big',
  'json', '127.0.0.1', 'ua', '', '{"id":"sub-old-0001"}');
)sql",
                      error))
      << error;
  auto store = server::open_storage(db, {}, error);
  ASSERT_NE(store, nullptr) << error;
  std::optional<server::StoredResult> old;
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
  EXPECT_EQ(query_column(db, "SELECT MAX(version) FROM schema_version"),
            std::vector<std::string>{"2"});
}

// Posts `ids` from `clients` threads, each post to `first` and, when that is not answered
// (killed, restarting), again to `second` (as a load balancer retries), until a 2xx. Returns
// the acknowledged ids.
std::set<std::string> post_until_acknowledged(const std::vector<std::string>& ids, int clients,
                                              const std::function<int(int)>& first_port,
                                              const std::function<int(int)>& second_port,
                                              const std::function<void(int)>& after_ack) {
  const json result = score({{"budget", "yes"}, {"employees", 500}});
  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<int> acks{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      for (std::size_t n = static_cast<std::size_t>(c); n < ids.size();
           n += static_cast<std::size_t>(clients)) {
        const std::string body = payload(ids[n], result).dump();
        // Retried for up to a minute (a restart of the database on a loaded machine).
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (int attempt = 0; std::chrono::steady_clock::now() < give_up; ++attempt) {
          httplib::Client client("127.0.0.1", attempt % 2 ? second_port(c) : first_port(c));
          client.set_connection_timeout(2, 0);
          client.set_read_timeout(20, 0);
          const auto response = client.Post("/api/v1/results", body, "application/json");
          if (response && (response->status == 201 || response->status == 200)) {
            {
              std::lock_guard<std::mutex> lock(mutex);
              acknowledged.insert(ids[n]);
            }
            after_ack(++acks);
            break;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  return acknowledged;
}

std::vector<std::string> ids_named(const std::string& prefix, int count) {
  std::vector<std::string> ids;
  for (int n = 0; n < count; ++n) ids.push_back(prefix + std::to_string(n) + "-0000");
  return ids;
}

// Every acknowledged id is in `db` exactly once, and (every post retried until acknowledged)
// every id is.
void expect_each_stored_once(const std::string& db, const std::vector<std::string>& ids,
                             const std::set<std::string>& acknowledged) {
  EXPECT_EQ(acknowledged.size(), ids.size());
  const auto stored = query_column(db, "SELECT id FROM results");
  const std::set<std::string> stored_ids(stored.begin(), stored.end());
  EXPECT_EQ(stored.size(), stored_ids.size()) << "an id is stored twice";
  std::size_t missing = 0;
  for (const auto& id : acknowledged) missing += stored_ids.count(id) == 0;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged submissions";
}

TEST(CollectorPostgres, KillNineOfOneOfTwoCollectorsUnderLoadLosesNoAcknowledgedResult) {
  LEADQUAL_REQUIRE_POSTGRES();
  const std::string db = fresh_postgres_db();
  ASSERT_FALSE(db.empty());
  Peer a(db, kFastRate), b(db, kFastRate);
  ASSERT_TRUE(a.ok()) << a.failure();
  ASSERT_TRUE(b.ok()) << b.failure();
  const auto ids = ids_named("pg-kill-", 1500);
  std::atomic<bool> killed{false};
  const int port_a = a.process().port(), port_b = b.process().port();
  const auto acknowledged = post_until_acknowledged(
      ids, 8, [&](int c) { return c % 2 ? port_a : port_b; },
      [&](int c) { return c % 2 ? port_b : port_a; },
      [&](int acks) {
        if (acks == 400 && !killed.exchange(true)) a.process().signal(SIGKILL);
      });
  ASSERT_TRUE(killed.load());
  expect_each_stored_once(db, ids, acknowledged);
}

// A private cluster (not the suite's shared one) that this test may restart.
class OwnCluster {
 public:
  // With `tls`, the server also speaks TLS (a self-signed certificate: value("cert")).
  explicit OwnCluster(bool tls = false) : tls_(tls) {
    ok_ = script("start") == 0 && !value("url").empty();
  }
  ~OwnCluster() { script("stop"); }
  bool ok() const { return ok_; }
  int restart() const { return script("restart"); }
  std::string value(const std::string& key) const {
    const std::string text = read_file(state_);
    const auto at = text.find(key + "=");
    return at == std::string::npos
               ? ""
               : text.substr(at + key.size() + 1, text.find('\n', at) - at - key.size() - 1);
  }

 private:
  int script(const char* action) const {
    const std::string command = std::string(tls_ ? "LEADQUAL_PG_SSL=1 " : "") +
                                LEADQUAL_PG_CLUSTER + " " + action + " " + state_ +
                                " >/dev/null 2>&1";
    return std::system(command.c_str());
  }
  TempDir dir_;
  std::string state_ = dir_.file("state");
  bool tls_ = false;
  bool ok_ = false;
};

// TLS settings in the URL go to libpq as they are: sslmode=require is refused by a server without
// TLS, verify-full with the server's certificate connects over TLS (pg_stat_ssl says so), a bad
// value or a missing root certificate is a clear start-up error; the password never shows.
TEST(CollectorPostgres, TlsOptionsReachLibpqAndBadValuesAreClearErrors) {
  LEADQUAL_REQUIRE_POSTGRES();
  std::string output;
  const std::string plain = fresh_postgres_db();  // the suite's cluster: no TLS
  ASSERT_FALSE(plain.empty());
  const std::string password = password_of(plain);
  EXPECT_EQ(run_serve_to_exit({"--port", "0", "--db", plain + "&sslmode=require"}, output), 1);
  EXPECT_NE(output.find("server does not support SSL, but SSL was required"), std::string::npos)
      << output;
  EXPECT_EQ(output.find(password), std::string::npos) << output;
  EXPECT_EQ(run_serve_to_exit({"--port", "0", "--db", plain + "&sslmode=bogus"}, output), 1);
  EXPECT_NE(output.find("invalid sslmode value: \"bogus\""), std::string::npos) << output;
  EXPECT_EQ(output.find(password), std::string::npos) << output;

  OwnCluster cluster(true);
  ASSERT_TRUE(cluster.ok());
  if (cluster.value("cert").empty()) GTEST_SKIP() << cluster.value("skip");
  const std::string url = cluster.value("url");
  const std::string tls_password = password_of(url);
  EXPECT_EQ(run_serve_to_exit({"--port", "0", "--db",
                               url + "?sslmode=verify-full&sslrootcert=/nonexistent/root.crt"},
                              output),
            1);
  EXPECT_NE(output.find("/nonexistent/root.crt"), std::string::npos) << output;
  EXPECT_EQ(output.find(tls_password), std::string::npos) << output;

  TempDir dir;
  ServerProcess server;
  ASSERT_TRUE(
      server.start({"--db", url + "?sslmode=verify-full&sslrootcert=" + cluster.value("cert"),
                    "--token", kToken, "--models", data_path("models")},
                   dir.file("server.log")))
      << server.startup_output();
  EXPECT_EQ(server.startup_output().find(tls_password), std::string::npos);
  httplib::Client client("127.0.0.1", server.port());
  const auto stored =
      client.Post("/api/v1/results", payload("pg-tls-0001", score({{"budget", "yes"}})).dump(),
                  "application/json");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, 201) << stored->body;
  // Every connection the collector holds is encrypted.
  EXPECT_EQ(query_column(url + "?sslmode=disable",
                         "SELECT COUNT(*) > 0 AND bool_and(s.ssl) FROM pg_stat_ssl s JOIN "
                         "pg_stat_activity a USING (pid) WHERE a.application_name = 'leadqual'"),
            std::vector<std::string>{"t"});
}

TEST(CollectorPostgres, ADatabaseRestartMidLoadLosesNoAcknowledgedResult) {
  LEADQUAL_REQUIRE_POSTGRES();
  OwnCluster cluster;
  ASSERT_TRUE(cluster.ok());
  const std::string db = cluster.value("url");
  Peer a(db, kFastRate), b(db, kFastRate);
  ASSERT_TRUE(a.ok()) << a.failure();
  ASSERT_TRUE(b.ok()) << b.failure();
  const auto ids = ids_named("pg-restart-", 1200);
  std::atomic<bool> restarted{false};
  std::thread restarter;
  const int port_a = a.process().port(), port_b = b.process().port();
  const auto acknowledged = post_until_acknowledged(
      ids, 8, [&](int c) { return c % 2 ? port_a : port_b; },
      [&](int c) { return c % 2 ? port_b : port_a; },
      [&](int acks) {
        if (acks == 300 && !restarted.exchange(true)) {
          restarter = std::thread([&] { EXPECT_EQ(cluster.restart(), 0); });
        }
      });
  if (restarter.joinable()) restarter.join();
  ASSERT_TRUE(restarted.load());
  expect_each_stored_once(db, ids, acknowledged);
  // During the gap posts were refused with 503 (never acknowledged and lost), and both
  // collectors reconnected by themselves.
  const bool refused =
      a.log().find(" 503 ") != std::string::npos || b.log().find(" 503 ") != std::string::npos;
  EXPECT_TRUE(refused) << "no post met the restart";
  for (const Peer* peer : {&a, &b}) {
    const auto health = peer->client().Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
  }
}

}  // namespace
}  // namespace leadqual::testing
