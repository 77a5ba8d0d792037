// The hostile-client suite: while well-behaved clients post results, attackers on other
// loopback addresses send every kind of malformed, oversized, slow and forged request at the
// real server. The server must keep answering others, keep its memory bounded, and store every
// acknowledged result exactly once (and nothing it refused).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "helpers.hpp"
#include "raw_http.hpp"
#include "server/compress.hpp"

namespace leadqual::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

std::string head(const std::string& method, const std::string& target,
                 const std::string& headers = "") {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
}

// One malformed, oversized or forged request (or connection) per entry. Each sends its bytes,
// reads whatever comes back for a moment, and closes.
std::vector<std::pair<std::string, std::string>> malformed_requests(const json& result) {
  const std::string post =
      "POST /api/v1/results HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\n";
  json forged_score = payload("hostile-forged-1", result);
  forged_score["result"]["score"] = 1e300;
  json forged_rule = payload("hostile-forged-2", score({{"budget", "yes"}, {"student", true}}));
  forged_rule["result"]["disqualified"]["rule"] = "enterprise";
  const std::string bomb = *server::gzip_compress(std::string(4 << 20, '0'), 9);
  std::vector<std::pair<std::string, std::string>> cases = {
      {"garbage", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)},
      {"nul in the request line", std::string("GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n", 28)},
      {"lone LF lines", "GET / HTTP/1.1\nHost: x\n\n"},
      {"huge target", head("GET", "/" + std::string(100000, 'a'))},
      {"huge method", head(std::string(70000, 'G'), "/")},
      {"header line of 1 MB",
       head("GET", "/healthz", "X-Big: " + std::string(1 << 20, 'x') + "\r\n")},
      {"1000 header fields",
       [] {
         std::string h;
         for (int i = 0; i < 1000; ++i) h += "X-" + std::to_string(i) + ": v\r\n";
         return head("GET", "/healthz", h);
       }()},
      {"obs-fold", head("GET", "/healthz", "X-Fold: a\r\n b\r\n")},
      {"space before colon", post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"},
      {"two lengths", post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"},
      {"length and chunked",
       post + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"bad length", post + "Content-Length: 12abc\r\n\r\n{}"},
      {"negative length", post + "Content-Length: -1\r\n\r\n"},
      {"length of 10 GB", post + "Content-Length: 10000000000\r\n\r\n{}"},
      {"length overflow", post + "Content-Length: 184467440737095516160\r\n\r\n"},
      {"bad chunk size", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"},
      {"chunk size overflow",
       post + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\nx\r\n"},
      {"chunk without CRLF", post + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n"},
      {"chunk extension of 100 KB", post + "Transfer-Encoding: chunked\r\n\r\n2;" +
                                        std::string(100000, 'e') + "\r\n{}\r\n0\r\n\r\n"},
      {"chunked body of 1 MB",
       [&] {
         std::string body = post + "Transfer-Encoding: chunked\r\n\r\n";
         for (int i = 0; i < 64; ++i) body += "4000\r\n" + std::string(0x4000, ' ') + "\r\n";
         return body + "0\r\n\r\n";
       }()},
      {"gzip bomb", post + "Content-Encoding: gzip\r\nContent-Length: " +
                        std::to_string(bomb.size()) + "\r\n\r\n" + bomb},
      {"corrupt gzip", post + "Content-Encoding: gzip\r\nContent-Length: 10\r\n\r\n0123456789"},
      {"unknown coding", post + "Content-Encoding: compress\r\nContent-Length: 2\r\n\r\n{}"},
      {"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"},
      {"HTTP/0.9", "GET /\r\n"},
      {"no Host", "GET /healthz HTTP/1.1\r\n\r\n"},
      {"Expect something else", post + "Expect: 200-ok\r\nContent-Length: 2\r\n\r\n{}"},
      {"invalid UTF-8 everywhere", head("GET", "/\xff\xfe%ff%c0%af", "X-U: \xc3\x28\r\n")},
      {"traversal", head("GET", "/../../../../etc/passwd")},
      {"absolute-form elsewhere", "GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"CONNECT", "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n"},
      {"TRACE", head("TRACE", "/")},
      {"forged score", post_request("/api/v1/results", forged_score.dump())},
      {"forged disqualification", post_request("/api/v1/results", forged_rule.dump())},
      {"forged flat form",
       post_request(
           "/api/v1/results",
           "id=hostile-forged-3&lead_score=0x10&lead_stage=nurture&model_id=collector-test", "",
           "application/x-www-form-urlencoded")},
      {"deep JSON",
       post_request("/api/v1/results", std::string(20000, '[') + std::string(20000, ']'))},
      {"smuggled in a 403",
       post_request("/api/v1/results", head("GET", "/api/v1/stats?token=" + kToken),
                    "Origin: http://evil.example\r\n")},
      {"pipelined flood",
       [] {
         std::string flood;
         for (int i = 0; i < 2000; ++i) flood += head("GET", "/healthz");
         return flood;
       }()},
  };
  return cases;
}

// Opens a connection from `source`, sends `bytes`, reads for a moment and closes.
void attack_once(int port, const std::string& source, const std::string& bytes, bool reset) {
  RawConnection connection(port, source);
  if (!connection.ok()) return;
  connection.send(bytes);
  connection.drain(milliseconds(reset ? 5 : 50));
  if (reset) {
    // Leave with a reset instead of a close.
    linger abort{1, 0};
    ::setsockopt(connection.fd(), SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
  }
}

TEST(HostileClients, TheServerKeepsServingStoresExactlyOnceAndStaysBounded) {
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = std::min<rlim_t>(files.rlim_max, 8192);
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  Collector server({"--rate", "100000", "--burst", "100000", "--request-timeout-ms", "2000",
                    "--idle-timeout-ms", "1000", "--max-connections-per-client", "32"});
  ASSERT_TRUE(server.ok()) << server.failure();
  const int port = server.process().port();
  const json results[] = {score({{"budget", "yes"}, {"employees", 500}}),
                          score({{"budget", "some"}, {"employees", 5}}),
                          score({{"budget", "yes"}, {"student", true}})};
  const auto cases = malformed_requests(results[0]);
  // Warm up, then take the reference memory figure.
  for (const auto& [name, bytes] : cases) attack_once(port, "127.0.0.20", bytes, false);
  const long memory_before = resident_kib(server.process().pid());

  const auto until = Clock::now() + milliseconds(6000);
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::set<std::string> acknowledged;  // ids answered 201
  std::atomic<int> duplicates{0}, failed_posts{0}, probes{0}, failed_probes{0};
  std::vector<std::string> failures;
  std::vector<std::thread> threads;

  // Well-behaved clients: keep-alive posts (some repeated) from 127.0.0.1.
  for (int c = 0; c < 3; ++c) {
    threads.emplace_back([&, c] {
      auto client = server.client();
      for (int n = 0; !stop; ++n) {
        const bool repeat = n % 7 == 6;
        const std::string id =
            "hostile-good-" + std::to_string(c) + "-" + std::to_string(repeat ? n - 1 : n) + "-x";
        const auto response = client.Post("/api/v1/results", {{"Idempotency-Key", id}},
                                          payload(id, results[n % 3]).dump(), "application/json");
        if (response && response->status == 201) {
          std::lock_guard<std::mutex> lock(mutex);
          acknowledged.insert(id);
        } else if (response && response->status == 200) {
          ++duplicates;
        } else {
          ++failed_posts;
          std::lock_guard<std::mutex> lock(mutex);
          failures.push_back(id + ": " +
                             (response ? std::to_string(response->status) + " " + response->body
                                       : httplib::to_string(response.error())));
        }
      }
    });
  }
  // A new client every 50 ms: must always be answered.
  threads.emplace_back([&] {
    while (!stop) {
      RawConnection probe(port);
      ++probes;
      const bool sent = probe.ok() && probe.send(get_request("/healthz"));
      const auto response = sent ? probe.read_response(milliseconds(3000)) : std::nullopt;
      if (!response || response->status != 200) ++failed_probes;
      std::this_thread::sleep_for(milliseconds(50));
    }
  });
  // Slow clients: 2 × 40 connections dripping a header byte every 100 ms (over the per-address
  // bound of 32, so some are refused at once).
  threads.emplace_back([&] {
    std::vector<std::unique_ptr<RawConnection>> slow;
    while (!stop) {
      slow.erase(
          std::remove_if(slow.begin(), slow.end(), [](const auto& c) { return !c->send("x"); }),
          slow.end());
      while (slow.size() < 80) {
        slow.push_back(
            std::make_unique<RawConnection>(port, slow.size() % 2 ? "127.0.0.30" : "127.0.0.31"));
        slow.back()->send("POST /api/v1/results HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      }
      std::this_thread::sleep_for(milliseconds(100));
    }
  });
  // Connections that say nothing, or announce a body and never send it.
  threads.emplace_back([&] {
    std::vector<std::unique_ptr<RawConnection>> silent;
    for (int i = 0; !stop; ++i) {
      silent.push_back(std::make_unique<RawConnection>(port, "127.0.0.32"));
      if (i % 2) {
        silent.back()->send(
            "POST /api/v1/results HTTP/1.1\r\nHost: x\r\nContent-Length: 30000\r\n"
            "Expect: 100-continue\r\n\r\n");
      }
      if (silent.size() > 40) silent.erase(silent.begin());
      std::this_thread::sleep_for(milliseconds(20));
    }
  });
  // Every malformed request in turn, from several addresses, half of them ending in a reset.
  for (int a = 0; a < 2; ++a) {
    threads.emplace_back([&, a] {
      std::mt19937 random(static_cast<unsigned>(a));
      for (std::size_t i = 0; !stop; ++i) {
        const auto& bytes = cases[(i + static_cast<std::size_t>(a) * 7) % cases.size()].second;
        attack_once(port, "127.0.0." + std::to_string(40 + random() % 8), bytes, random() % 2);
      }
    });
  }
  // Random bytes.
  threads.emplace_back([&] {
    std::mt19937 random(7);
    while (!stop) {
      std::string noise(1 + random() % 4096, '\0');
      for (char& c : noise) c = static_cast<char>(random());
      attack_once(port, "127.0.0.50", noise, false);
    }
  });

  std::this_thread::sleep_until(until);
  stop = true;
  for (auto& thread : threads) thread.join();

  const long memory_after = resident_kib(server.process().pid());
  EXPECT_EQ(failed_probes.load(), 0) << "of " << probes.load() << " new clients";
  EXPECT_GT(probes.load(), 20);
  EXPECT_EQ(failed_posts.load(), 0) << (failures.empty() ? "" : failures.front());
  EXPECT_GT(acknowledged.size(), 50u);
  EXPECT_LT(memory_after - memory_before, 64 * 1024)
      << "resident memory went from " << memory_before << " to " << memory_after << " KiB";
  // Every acknowledged result is stored exactly once, and nothing else is.
  const auto ids = query_column(server.db(), "SELECT id FROM results");
  const std::set<std::string> stored(ids.begin(), ids.end());
  EXPECT_EQ(ids.size(), stored.size()) << "an id stored twice";
  EXPECT_EQ(stored, acknowledged);
  // And the server still answers, with the forged results refused.
  const json stats = server.get_json("/api/v1/stats");
  ASSERT_TRUE(stats.is_object());
  EXPECT_EQ(stats["total"], static_cast<int>(acknowledged.size()));
  std::printf(
      "hostile clients: %d new clients answered, %zu results acknowledged, %d repeats, "
      "resident memory %ld -> %ld KiB\n",
      probes.load(), acknowledged.size(), duplicates.load(), memory_before, memory_after);
}

}  // namespace
}  // namespace leadqual::testing
