// Token bucket per client address: `burst` posts at once, refilled at `rate` per second.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace leadqual::server {

class RateLimiter {
 public:
  RateLimiter(double rate_per_second, double burst);

  // Takes one token for `client` at time `now_ms`. When none is left returns false and sets
  // `retry_after_seconds` (at least 1) to when the next token will be there.
  bool allow(const std::string& client, std::int64_t now_ms, int& retry_after_seconds);

 private:
  struct Bucket {
    double tokens;
    std::int64_t updated_ms;
  };
  void forget_idle(std::int64_t now_ms);

  double rate_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace leadqual::server
