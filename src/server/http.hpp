// The collector's HTTP/1.1 server: Boost.Beast parses, our code frames and polices.
//
// What it guarantees (docs/collector.md, "Hostile clients"): RFC 9112 framing (one valid
// Content-Length or chunked, never both; anything else is a 400 and the connection is closed),
// every body read whole before the handler runs or the connection closed, pipelined requests
// answered in order, a deadline for each whole request and for each answer, bounded header bytes
// and count, and bounded connections in all and per client address. Connections wait
// asynchronously, so slow clients hold a socket and a buffer, never a thread; handlers run on
// the server's few threads and may block briefly (SQLite).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leadqual::server::http {

struct Limits {
  std::size_t max_body = 32 * 1024;          // after Content-Encoding is undone, too
  std::size_t max_header_bytes = 32 * 1024;  // request line and every header line
  std::size_t max_header_fields = 100;
  std::chrono::milliseconds idle_timeout{5000};      // an open connection waiting for a request
  std::chrono::milliseconds request_timeout{10000};  // from a request's first byte to its end
  std::chrono::milliseconds write_timeout{10000};    // to send one answer
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_client = 64;  // 0: no bound
};

using Fields = std::vector<std::pair<std::string, std::string>>;

class Request {
 public:
  std::string method;       // as sent ("GET"); HEAD is routed like GET, its body dropped
  std::string target;       // as sent, e.g. "/api/v1/results?token=..."
  std::string path;         // percent-decoded, without the query
  std::string host;         // the Host header, or the authority of an absolute-form target
  std::string remote_addr;  // the peer's address
  unsigned version = 11;    // 10 or 11
  Fields headers;           // as sent, in order
  Fields params;            // the query, decoded
  std::string body;         // whole, Content-Encoding (gzip, br) undone

  bool has_header(std::string_view name) const;               // case-insensitive
  std::string get_header_value(std::string_view name) const;  // the first; "" when absent
  bool has_param(std::string_view name) const;
  std::string get_param_value(std::string_view name) const;  // the first; "" when absent
};

class Response {
 public:
  int status = 200;
  std::string body;
  // When set, sent instead of `body` (cached static files, shared between answers).
  std::shared_ptr<const std::string> shared_body;
  Fields headers;
  bool close = false;  // close the connection after this answer

  // Replaces a header of that name. CR, LF and NUL are dropped from both, so no value can
  // start a header of its own.
  void set_header(std::string_view name, std::string_view value);
  std::string get_header_value(std::string_view name) const;
  void set_content(std::string content, std::string_view content_type);
  // An error answer: {"error": {"code", "message", "pointer"?}} as docs/collector.md describes.
  void set_problem(int status_code, std::string_view code, std::string_view message,
                   const std::optional<std::string>& pointer = std::nullopt);
  void set_redirect(std::string_view location, int status_code);
  const std::string& content() const { return shared_body ? *shared_body : body; }
};

using Handler = std::function<void(const Request&, Response&)>;
// Called once per answered request, after the answer was sent (or failed to be); `ms` is the
// time from the request's first byte. Requests refused before they were read whole have only
// what was known (remote_addr, maybe method and target).
using Logger = std::function<void(const Request&, const Response&, double ms)>;

class Server {
 public:
  Server(Limits limits, Handler handler, Logger logger);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Returns the bound port (`port` 0 picks a free one), or -1 with `error`.
  int listen(const std::string& host, int port, std::string& error);
  // Serves on `threads` threads (this one included) until stop(); then lets answers in progress
  // finish, closes idle connections, and returns.
  void run(int threads);
  void stop();  // from any thread

  struct Impl;  // http.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

// The reason phrase of a status code ("Not Found").
std::string_view reason_phrase(int status);

}  // namespace leadqual::server::http
