// Raw TCP for the framing and hostile-client tests: bytes exactly as written (split writes,
// delays, pipelining, malformed framing) and answers read by hand, since an HTTP client library
// never sends such bytes and would hide how the server frames its answers.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace leadqual::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased; the last value wins
  std::string body;
  std::string header(const std::string& lower_name) const;
};

class RawConnection {
 public:
  // Connects to 127.0.0.1:`port`, from `source` (another loopback address such as 127.0.0.2,
  // so tests can play many clients) when given. ok() is false when the connection failed.
  explicit RawConnection(int port, const std::string& source = {});
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  // Writes all of `bytes`; false when the server closed or reset the connection.
  bool send(const std::string& bytes);
  // Writes `bytes` in pieces of `piece` bytes, `pause` apart.
  bool send_slowly(const std::string& bytes, std::size_t piece, std::chrono::milliseconds pause);
  // Reads one response (Content-Length, chunked, or up to the close), waiting at most `timeout`
  // in all. nullopt when none arrived whole in time or the connection closed first.
  std::optional<RawResponse> read_response(
      std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // True when the server closes (EOF or reset) within `timeout`; bytes it sends meanwhile are
  // read and dropped.
  bool closed_within(std::chrono::milliseconds timeout);
  // Everything still unread plus whatever arrives within `timeout` (until a close).
  std::string drain(std::chrono::milliseconds timeout);
  void close();

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);  // reads more into buffer_
  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

// "POST <path> HTTP/1.1" with Host, the given extra header lines (each ending in \r\n) and a
// Content-Length body.
std::string post_request(const std::string& path, const std::string& body,
                         const std::string& extra_headers = "",
                         const std::string& content_type = "application/json");
std::string get_request(const std::string& target, const std::string& extra_headers = "");

// Resident memory of a process in KiB (VmRSS), 0 when unknown.
long resident_kib(int pid);

}  // namespace leadqual::testing
