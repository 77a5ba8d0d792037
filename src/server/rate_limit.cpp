#include "server/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace leadqual::server {

namespace {
constexpr std::size_t kMaxTrackedClients = 100000;  // bounds memory under address churn
}

RateLimiter::RateLimiter(double rate_per_second, double burst)
    : rate_(rate_per_second), burst_(burst) {}

bool RateLimiter::allow(const std::string& client, std::int64_t now_ms, int& retry_after_seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (buckets_.size() >= kMaxTrackedClients) forget_idle(now_ms);
  auto [it, inserted] = buckets_.try_emplace(client, Bucket{burst_, now_ms});
  Bucket& bucket = it->second;
  if (!inserted) {
    const double elapsed =
        static_cast<double>(std::max<std::int64_t>(0, now_ms - bucket.updated_ms));
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed / 1000.0 * rate_);
    bucket.updated_ms = now_ms;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return true;
  }
  retry_after_seconds = std::max(1, static_cast<int>(std::ceil((1 - bucket.tokens) / rate_)));
  return false;
}

void RateLimiter::forget_idle(std::int64_t now_ms) {
  // A bucket that has refilled completely behaves exactly like a new one: drop it.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double elapsed = static_cast<double>(now_ms - it->second.updated_ms);
    if (it->second.tokens + elapsed / 1000.0 * rate_ >= burst_) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace leadqual::server
