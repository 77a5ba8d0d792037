// Forwards stored results to a webhook from the durable outbox table, with retries and
// exponential backoff, on its own thread: a slow or failing receiver never delays a POST.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "server/storage.hpp"

namespace leadqual::server {

struct ForwardSettings {
  std::string url;                    // http(s)://host[:port]/path
  std::string secret;                 // signs each post (Leadqual-Signature) when not empty
  std::int64_t base_delay_ms = 1000;  // first retry delay; doubles per attempt
  std::int64_t max_delay_ms = 5 * 60 * 1000;
};

class Forwarder {
 public:
  Forwarder(Storage& store, ForwardSettings settings);
  ~Forwarder();  // stops and joins the thread
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;

  // Splits a URL into "scheme://host:port" and "/path"; false when it is not http(s).
  static bool split_url(const std::string& url, std::string& origin, std::string& path);
  // The Leadqual-Signature header value for `body` at `seconds` (Unix time):
  // "t=<seconds>,v1=<hex HMAC-SHA256 of '<seconds>.<body>'>", as web/delivery.js signs.
  static std::string signature(const std::string& secret, const std::string& body,
                               std::int64_t seconds);

  void start();
  void wake();  // a new result is in the outbox
  void stop();

 private:
  void run();
  std::int64_t backoff_ms(int attempts) const;

  Storage& store_;
  ForwardSettings settings_;
  std::string origin_, path_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace leadqual::server
