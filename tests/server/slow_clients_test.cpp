// Slow and greedy clients cannot starve others: a deadline for the whole request, idle
// keep-alive connections closed, bounded header bytes and header count, a bound on connections
// per client address, and a new client answered at once while hundreds of slow ones are open.
// Many clients are played from other loopback addresses (127.0.0.2, ...).
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "helpers.hpp"
#include "raw_http.hpp"

namespace leadqual::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Wall time of one GET /healthz on a fresh connection, or 10 s when it is not answered.
milliseconds fresh_request_time(int port) {
  const auto started = Clock::now();
  RawConnection connection(port);
  if (!connection.ok() || !connection.send(get_request("/healthz"))) return milliseconds(10000);
  const auto response = connection.read_response(milliseconds(5000));
  if (!response || response->status != 200) return milliseconds(10000);
  return std::chrono::duration_cast<milliseconds>(Clock::now() - started);
}

milliseconds median_request_time(int port, int rounds = 5) {
  std::vector<milliseconds> times;
  for (int i = 0; i < rounds; ++i) times.push_back(fresh_request_time(port));
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

void raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 8192);
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// Finding 2: the timeout was per read, so a client dripping a header byte now and then kept
// its connection (and a worker) for as long as it liked.
TEST(SlowClients, ADrippingRequestIsCutOffAtItsDeadline) {
  Collector server({"--request-timeout-ms", "1500"});
  ASSERT_TRUE(server.ok()) << server.failure();
  RawConnection drip(server.process().port());
  ASSERT_TRUE(drip.ok());
  const auto started = Clock::now();
  drip.send("POST /api/v1/results HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: ");
  bool closed = false;
  while (!closed && Clock::now() - started < milliseconds(8000)) {
    if (!drip.send("a")) break;
    closed = drip.closed_within(milliseconds(200));
  }
  const auto lasted = Clock::now() - started;
  EXPECT_LT(lasted, milliseconds(5000)) << "the dripping connection stayed open";
  EXPECT_EQ(fresh_request_time(server.process().port()) < milliseconds(10000), true);
}

TEST(SlowClients, AnIdleKeepAliveConnectionIsClosed) {
  Collector server({"--idle-timeout-ms", "300"});
  ASSERT_TRUE(server.ok()) << server.failure();
  RawConnection connection(server.process().port());
  ASSERT_TRUE(connection.ok());
  connection.send(get_request("/healthz"));
  const auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(connection.closed_within(milliseconds(3000)));
}

// Finding 2: 70 dripping connections made every new request wait; with 500 slow connections
// open (from 10 other addresses) a new client is still answered at once.
TEST(SlowClients, FiveHundredSlowConnectionsDoNotDelayANewClient) {
  raise_open_file_limit();
  Collector server;
  ASSERT_TRUE(server.ok()) << server.failure();
  const int port = server.process().port();
  const milliseconds idle = median_request_time(port);
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 500; ++i) {
    auto connection =
        std::make_unique<RawConnection>(port, "127.0.0." + std::to_string(2 + i / 50));
    ASSERT_TRUE(connection->ok()) << "connection " << i;
    connection->send("POST /api/v1/results HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    slow.push_back(std::move(connection));
  }
  // Each drips one more byte: all of them are open and mid-request.
  for (auto& connection : slow) connection->send("b");
  const milliseconds loaded = median_request_time(port);
  EXPECT_LT(loaded.count(), idle.count() + 100)
      << "idle " << idle.count() << " ms, with 500 slow connections " << loaded.count() << " ms";
  // And a post is stored meanwhile.
  const auto posted = server.post(payload("slow-500-00001", score({{"budget", "no"}})));
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 201);
}

TEST(SlowClients, ConnectionsPerClientAddressAreBounded) {
  Collector server({"--max-connections-per-client", "4"});
  ASSERT_TRUE(server.ok()) << server.failure();
  const int port = server.process().port();
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawConnection>(port, "127.0.0.3"));
    ASSERT_TRUE(held.back()->ok());
    held.back()->send("GET /healthz HTTP/1.1\r\n");
  }
  RawConnection fifth(port, "127.0.0.3");
  ASSERT_TRUE(fifth.ok());
  fifth.send(get_request("/healthz"));
  const auto refused = fifth.read_response();
  ASSERT_TRUE(refused) << "the fifth connection was not answered";
  EXPECT_EQ(refused->status, 503);
  EXPECT_TRUE(fifth.closed_within(milliseconds(3000)));
  // Another address is not affected.
  EXPECT_LT(fresh_request_time(port), milliseconds(10000));
  // Once one closes, the address may connect again.
  held.pop_back();
  bool answered = false;
  for (int attempt = 0; attempt < 100 && !answered; ++attempt) {
    RawConnection again(port, "127.0.0.3");
    again.send(get_request("/healthz"));
    const auto response = again.read_response();
    answered = response && response->status == 200;
    if (!answered) std::this_thread::sleep_for(milliseconds(50));  // until the server sees it
  }
  EXPECT_TRUE(answered);
}

// A client that asks and never reads is cut off once an answer cannot be sent in time.
TEST(SlowClients, AClientThatDoesNotReadIsCutOff) {
  Collector server({"--request-timeout-ms", "1000"});
  ASSERT_TRUE(server.ok()) << server.failure();
  RawConnection greedy(server.process().port());
  ASSERT_TRUE(greedy.ok());
  std::string requests;  // 1,000 × 20 KB of answers: far more than the socket buffers hold
  for (int i = 0; i < 1000; ++i) requests += get_request("/build/leadqual.wasm");
  greedy.send(requests);
  std::this_thread::sleep_for(milliseconds(2500));
  const auto started = Clock::now();
  EXPECT_TRUE(greedy.closed_within(milliseconds(5000)));
  EXPECT_LT(Clock::now() - started, milliseconds(5000));
  EXPECT_LT(fresh_request_time(server.process().port()), milliseconds(10000));
}

// Finding 3: no limit on total header size; 100 MB of 8 KB header lines were read and kept.
TEST(SlowClients, HeaderBytesAreBounded) {
  Collector server;
  ASSERT_TRUE(server.ok()) << server.failure();
  const int port = server.process().port();
  const long before = resident_kib(server.process().pid());
  const std::string line = "X-Big: " + std::string(8000, 'h') + "\r\n";
  for (int round = 0; round < 4; ++round) {
    RawConnection connection(port);
    ASSERT_TRUE(connection.ok());
    connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    // 16 MB of header lines; the server stops reading long before.
    std::thread sender([&] {
      for (int i = 0; i < 2000; ++i) {
        if (!connection.send(line)) return;
      }
      connection.send("\r\n");
    });
    const auto response = connection.read_response(milliseconds(20000));
    sender.join();
    ASSERT_TRUE(response) << "round " << round << ": no answer";
    EXPECT_EQ(response->status, 431);
  }
  const long after = resident_kib(server.process().pid());
  EXPECT_LT(after - before, 32 * 1024)
      << "resident memory grew from " << before << " to " << after << " KiB";
  EXPECT_LT(fresh_request_time(port), milliseconds(10000));
}

TEST(SlowClients, HeaderCountIsBounded) {
  Collector server;
  ASSERT_TRUE(server.ok()) << server.failure();
  std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 500; ++i) request += "X-" + std::to_string(i) + ": v\r\n";
  request += "\r\n";
  RawConnection connection(server.process().port());
  ASSERT_TRUE(connection.ok());
  connection.send(request);
  const auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(connection.closed_within(milliseconds(2000)));
}

}  // namespace
}  // namespace leadqual::testing
