// Many parallel clients, and kill -9 in the middle of a load: every acknowledged submission is
// stored exactly once and survives.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "helpers.hpp"

namespace leadqual::testing {
namespace {

std::string id_for(int client, int n) {
  return "load-" + std::to_string(client) + "-" + std::to_string(n) + "-0000";
}

TEST(CollectorLoad, ParallelClientsStoreEachSubmissionExactlyOnce) {
  Collector server({"--rate", "100000", "--burst", "100000"});
  ASSERT_TRUE(server.ok()) << server.failure();
  const json results[] = {score({{"budget", "yes"}, {"employees", 500}}),
                          score({{"budget", "some"}, {"employees", 5}}), score({{"budget", "no"}})};
  constexpr int kClients = 8;
  constexpr int kPerClient = 300;
  std::atomic<int> created{0}, repeated{0}, other{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto client = server.client();
      for (int n = 0; n < kPerClient; ++n) {
        // Each client also re-posts submissions of its neighbour, racing it for the same id.
        const bool repeat = n % 5 == 4;
        const std::string id = repeat ? id_for((c + 1) % kClients, n - 1) : id_for(c, n);
        const auto response = client.Post("/api/v1/results", {{"Idempotency-Key", id}},
                                          payload(id, results[n % 3]).dump(), "application/json");
        if (response && response->status == 201) {
          ++created;
        } else if (response && response->status == 200) {
          ++repeated;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  const int unique = kClients * (kPerClient - kPerClient / 5);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(created.load() + repeated.load(), kClients * kPerClient);
  // Exactly one 201 per id, whichever of its two posts came first.
  EXPECT_EQ(created.load(), unique);
  EXPECT_EQ(query_column(server.db(), "SELECT COUNT(*) FROM results"),
            std::vector<std::string>{std::to_string(unique)});
  EXPECT_EQ(query_column(server.db(), "SELECT COUNT(DISTINCT id) FROM results"),
            std::vector<std::string>{std::to_string(unique)});
  const json stats = server.get_json("/api/v1/stats");
  EXPECT_EQ(stats["total"], unique);
}

TEST(CollectorLoad, KillNineMidLoadLosesNoAcknowledgedSubmission) {
  Collector server({"--rate", "100000", "--burst", "100000"});
  ASSERT_TRUE(server.ok()) << server.failure();
  const json result = score({{"budget", "yes"}, {"employees", 500}});
  constexpr int kClients = 6;
  constexpr int kKillAfter = 600;  // acknowledgements before the kill
  constexpr int kMaxPosts = 5000;  // per client: the loop ends even if the kill never lands
  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<int> acks{0};
  std::atomic<bool> killed{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto client = server.client();
      for (int n = 0; n < kMaxPosts; ++n) {
        const std::string id = id_for(c, n);
        const auto response =
            client.Post("/api/v1/results", payload(id, result).dump(), "application/json");
        if (!response) {
          if (killed) return;  // the server is gone
          continue;
        }
        if (response->status == 201 || response->status == 200) {
          std::lock_guard<std::mutex> lock(mutex);
          acknowledged.insert(id);
        }
        if (++acks == kKillAfter) {
          server.process().signal(SIGKILL);
          killed = true;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  ASSERT_TRUE(killed.load());
  EXPECT_EQ(server.process().wait(), 128 + SIGKILL);
  ASSERT_GE(acknowledged.size(), static_cast<std::size_t>(kKillAfter));

  // Restart on the same database: it opens (recovering the WAL), and every acknowledged id is
  // there exactly once.
  ASSERT_TRUE(server.restart()) << server.failure();
  if (!store_is_postgres()) {
    EXPECT_EQ(query_column(server.db(), "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  }
  const auto stored = query_column(server.db(), "SELECT id FROM results");
  const std::set<std::string> stored_ids(stored.begin(), stored.end());
  EXPECT_EQ(stored.size(), stored_ids.size()) << "an id is stored twice";
  std::size_t missing = 0;
  for (const auto& id : acknowledged) missing += stored_ids.count(id) == 0;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged submissions";
  // Retrying what was in flight is safe: stored ones come back 200, the rest 201.
  for (int n = 0; n < 20; ++n) {
    const auto response = server.post(payload(id_for(0, n), result));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, stored_ids.count(id_for(0, n)) ? 200 : 201);
  }
}

}  // namespace
}  // namespace leadqual::testing
