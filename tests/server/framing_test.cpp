// RFC 9112 message framing over raw TCP: every early answer either drains the body or closes,
// invalid or conflicting lengths are refused and the connection closed, pipelined requests are
// answered in order, and split writes are read whole. Ordinary HTTP clients never send most of
// these bytes, so the tests write them by hand (raw_http.hpp).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "helpers.hpp"
#include "raw_http.hpp"

namespace leadqual::testing {
namespace {

using std::chrono::milliseconds;

// A request smuggled inside a body: if the server ever parses it, it answers with the stats.
std::string smuggled_stats() {
  return "GET /api/v1/stats?token=" + kToken + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

// Sends `request` with its body in a second write a moment after the head, as a client on a
// real network often does: a server that answers before reading the body then finds the body
// where it expects the next request.
bool send_body_later(RawConnection& connection, const std::string& request,
                     milliseconds pause = milliseconds(150)) {
  const std::size_t head_end = request.find("\r\n\r\n") + 4;
  if (!connection.send(request.substr(0, head_end))) return false;
  std::this_thread::sleep_for(pause);
  return connection.send(request.substr(head_end));
}

// After an early answer on `connection`, the smuggled request must never be answered: either the
// connection is closed, or nothing more arrives.
void expect_nothing_smuggled(RawConnection& connection) {
  const std::string rest = connection.drain(milliseconds(500));
  EXPECT_EQ(rest.find("HTTP/1.1 200"), std::string::npos) << rest;
  EXPECT_EQ(rest.find("\"total\""), std::string::npos) << rest;
}

class FramingTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server.ok()) << server.failure(); }
  int port() { return server.process().port(); }

  // Sends `request` on a fresh connection and expects `status`, then a closed connection.
  void expect_refused_and_closed(const std::string& request, int status = 400) {
    RawConnection connection(port());
    ASSERT_TRUE(connection.ok());
    connection.send(request);
    const auto response = connection.read_response();
    ASSERT_TRUE(response) << "no answer";
    EXPECT_EQ(response->status, status) << response->body;
    EXPECT_TRUE(connection.closed_within(milliseconds(2000))) << "the connection stayed open";
  }

  Collector server{{"--rate", "1000", "--burst", "1000"}};
  const json sql = score({{"budget", "yes"}, {"employees", 500}, {"email", "ada@example.com"}});
};

// Finding 1: 403 answered before the body was read left the body to be parsed as a request.
TEST_F(FramingTest, A403DoesNotParseTheBodyAsTheNextRequest) {
  RawConnection connection(port());
  ASSERT_TRUE(connection.ok());
  send_body_later(connection, post_request("/api/v1/results", smuggled_stats(),
                                           "Origin: http://evil.example\r\n"));
  const auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  expect_nothing_smuggled(connection);
}

TEST(Framing, A429DoesNotParseTheBodyAsTheNextRequest) {
  Collector server({"--rate", "0.01", "--burst", "1"});
  ASSERT_TRUE(server.ok()) << server.failure();
  const json result = score({{"budget", "no"}});
  ASSERT_EQ(server.post(payload("frame-429-0001", result))->status, 201);
  RawConnection connection(server.process().port());
  ASSERT_TRUE(connection.ok());
  send_body_later(connection, post_request("/api/v1/results", smuggled_stats()));
  const auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 429);
  expect_nothing_smuggled(connection);
}

// Finding 1: keep-alive posts after a 429 got a spurious 400 (the unread body of the 429).
TEST(Framing, KeepAlivePostsAfterA429AreAnsweredCleanly) {
  Collector server({"--rate", "0.01", "--burst", "20"});
  ASSERT_TRUE(server.ok()) << server.failure();
  const json result = score({{"budget", "no"}});
  RawConnection connection(server.process().port());
  ASSERT_TRUE(connection.ok());
  int created = 0, limited = 0, other = 0;
  for (int i = 0; i < 60; ++i) {
    const std::string id = "frame-keep-" + std::to_string(1000 + i);
    ASSERT_TRUE(send_body_later(
        connection, post_request("/api/v1/results", payload(id, result).dump()), milliseconds(10)));
    const auto response = connection.read_response();
    ASSERT_TRUE(response) << "post " << i << " got no answer";
    if (response->status == 201) {
      ++created;
    } else if (response->status == 429) {
      ++limited;
    } else {
      ++other;
      ADD_FAILURE() << "post " << i << ": " << response->status << " " << response->body;
    }
  }
  EXPECT_EQ(created, 20);
  EXPECT_EQ(limited, 40);
  EXPECT_EQ(other, 0);
}

// Finding 1: a 413 on a chunked body said "Connection: close" but kept reading requests.
TEST_F(FramingTest, A413OnAChunkedBodyClosesTheConnection) {
  RawConnection connection(port());
  ASSERT_TRUE(connection.ok());
  const std::string big(40000, ' ');
  std::string request =
      "POST /api/v1/results HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", big.size());
  request += size + big + "\r\n0\r\n\r\n" + smuggled_stats();
  connection.send(request);
  const auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->header("connection"), "close");
  expect_nothing_smuggled(connection);
  EXPECT_TRUE(connection.closed_within(milliseconds(2000)));
}

// Finding 4: framing the server must refuse (400) and then close.
TEST_F(FramingTest, TwoDifferentContentLengthsAreRefused) {
  expect_refused_and_closed(
      "POST /api/v1/results HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}" +
      smuggled_stats());
}

TEST_F(FramingTest, InvalidContentLengthsAreRefused) {
  for (const char* value :
       {"1345xyz", "+2", "2, 2", "-1", "0x10", " ", "99999999999999999999999"}) {
    SCOPED_TRACE(value);
    expect_refused_and_closed(std::string("POST /api/v1/results HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                          "Content-Type: application/json\r\nContent-Length: ") +
                              value + "\r\n\r\n{}");
  }
}

TEST_F(FramingTest, ContentLengthWithTransferEncodingIsRefused) {
  const std::string body = "5\r\n{\"a\":\r\n0\r\n\r\n";
  for (const std::string& headers :
       {std::string("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n"),
        std::string("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n"),
        std::string("Transfer-Encoding: gzip\r\nContent-Length: 4\r\n")}) {
    SCOPED_TRACE(headers);
    expect_refused_and_closed(
        "POST /api/v1/results HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\n" +
        headers + "\r\n" + body);
  }
}

TEST_F(FramingTest, ObscuredTransferEncodingsAreRefused) {
  for (const char* header : {"Transfer-Encoding : chunked", "Transfer-Encoding: chunked, chunked",
                             "Transfer-Encoding: gzip", "Transfer-Encoding: chunked, gzip",
                             "Transfer-Encoding: xchunked",
                             "Transfer-Encoding:\tchunked\r\nTransfer-Encoding: chunked"}) {
    SCOPED_TRACE(header);
    RawConnection connection(port());
    ASSERT_TRUE(connection.ok());
    connection.send(std::string("POST /api/v1/results HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                "Content-Type: application/json\r\n") +
                    header + "\r\n\r\n5\r\n{\"a\":\r\n0\r\n\r\n" + smuggled_stats());
    const auto response = connection.read_response();
    ASSERT_TRUE(response);
    EXPECT_TRUE(response->status == 400 || response->status == 501) << response->status;
    expect_nothing_smuggled(connection);
    EXPECT_TRUE(connection.closed_within(milliseconds(2000)));
  }
}

TEST_F(FramingTest, Http11WithoutOrWithTwoHostsIsRefused) {
  expect_refused_and_closed("GET /healthz HTTP/1.1\r\n\r\n");
  expect_refused_and_closed("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
  // HTTP/1.0 needs no Host.
  RawConnection old(port());
  ASSERT_TRUE(old.ok());
  old.send("GET /healthz HTTP/1.0\r\n\r\n");
  const auto response = old.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

// Finding 4: of two requests sent in one segment only one was answered.
TEST_F(FramingTest, PipelinedRequestsAreAllAnsweredInOrder) {
  RawConnection connection(port());
  ASSERT_TRUE(connection.ok());
  std::string pipeline;
  for (int i = 0; i < 3; ++i) {
    pipeline +=
        post_request("/api/v1/results", payload("frame-pipe-000" + std::to_string(i), sql).dump());
  }
  pipeline += get_request("/data.json") + get_request("/nothing-here") + get_request("/healthz");
  ASSERT_TRUE(connection.send(pipeline));
  for (int i = 0; i < 3; ++i) {
    const auto response = connection.read_response();
    ASSERT_TRUE(response) << "answer " << i;
    EXPECT_EQ(response->status, 201) << response->body;
    EXPECT_NE(response->body.find("frame-pipe-000" + std::to_string(i)), std::string::npos);
  }
  const auto data = connection.read_response();
  ASSERT_TRUE(data);
  EXPECT_EQ(data->body, "{\"ok\": true}");
  const auto missing = connection.read_response();
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  const auto health = connection.read_response();
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_NE(health->body.find("ok"), std::string::npos);
}

TEST_F(FramingTest, SplitWritesAreReadWhole) {
  RawConnection connection(port());
  ASSERT_TRUE(connection.ok());
  const std::string request =
      post_request("/api/v1/results", payload("frame-split-001", sql).dump());
  // The head byte by byte at first, then the rest in small pieces with pauses.
  ASSERT_TRUE(connection.send_slowly(request.substr(0, 40), 1, milliseconds(2)));
  ASSERT_TRUE(connection.send_slowly(request.substr(40), 97, milliseconds(10)));
  const auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201) << response->body;
  // A chunked body in odd pieces, with a chunk extension, is read too.
  const std::string body = payload("frame-split-002", sql).dump();
  std::string chunked =
      "POST /api/v1/results HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (std::size_t at = 0; at < body.size(); at += 300) {
    const std::string piece = body.substr(at, 300);
    char size[32];
    std::snprintf(size, sizeof size, "%zx;ext=1\r\n", piece.size());
    chunked += size + piece + "\r\n";
  }
  chunked += "0\r\n\r\n";
  ASSERT_TRUE(connection.send_slowly(chunked, 61, milliseconds(3)));
  const auto second = connection.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 201) << second->body;
}

// A body that announces more than --max-body is refused at once, without waiting for it.
TEST_F(FramingTest, AnOversizedContentLengthIsRefusedWithoutWaitingForTheBody) {
  RawConnection connection(port());
  ASSERT_TRUE(connection.ok());
  const auto started = std::chrono::steady_clock::now();
  connection.send(
      "POST /api/v1/results HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: 40000\r\n\r\n");
  const auto response = connection.read_response(milliseconds(5000));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(4000));
  EXPECT_TRUE(connection.closed_within(milliseconds(3000)));
}

// Expect: 100-continue (curl sends it for larger bodies) gets its interim answer.
TEST_F(FramingTest, ExpectContinueIsHonoured) {
  RawConnection connection(port());
  ASSERT_TRUE(connection.ok());
  const std::string body = payload("frame-expect-01", sql).dump();
  connection.send(
      "POST /api/v1/results HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
      "application/json\r\nExpect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  const auto interim = connection.read_response(milliseconds(3000));
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  connection.send(body);
  const auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201) << response->body;
}

TEST_F(FramingTest, MalformedRequestLinesAreRefused) {
  using namespace std::string_literals;
  for (const std::string& request :
       {"GET /healthz HTTP/1.1 extra\r\nHost: x\r\n\r\n"s, "GET\r\nHost: x\r\n\r\n"s,
        "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n"s, "GET healthz HTTP/1.1\r\nHost: x\r\n\r\n"s,
        "G\x01T /healthz HTTP/1.1\r\nHost: x\r\n\r\n"s,
        "GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n"s,
        "GET /health\x7fz HTTP/1.1\r\nHost: x\r\n\r\n"s,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX: a\0b\r\n\r\n"s}) {
    SCOPED_TRACE(request);
    RawConnection connection(port());
    ASSERT_TRUE(connection.ok());
    connection.send(request);
    const auto response = connection.read_response();
    ASSERT_TRUE(response);
    EXPECT_GE(response->status, 400);
    EXPECT_TRUE(connection.closed_within(milliseconds(2000)));
  }
}

}  // namespace
}  // namespace leadqual::testing
