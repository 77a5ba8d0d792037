// The server's pure parts: ISO dates, CSV cells, the token bucket, forwarding URLs.
#include <gtest/gtest.h>

#include "server/forwarder.hpp"
#include "server/rate_limit.hpp"
#include "server/results_api.hpp"
#include "server/util.hpp"

namespace leadqual::server {
namespace {

TEST(ServerUnits, IsoDates) {
  EXPECT_EQ(parse_iso("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso("1970-01-01"), 0);
  EXPECT_EQ(parse_iso("2026-11-22T08:41:07.512Z"), 1795336867512);
  EXPECT_EQ(parse_iso("2026-11-22T09:41:07.512+01:00"), 1795336867512);
  EXPECT_EQ(parse_iso("2024-02-29T00:00Z"), parse_iso("2024-02-29"));
  for (const char* bad : {"", "2026", "2026-13-01", "2026-02-30", "2025-02-29", "2026-11-22T25:00Z",
                          "2026-11-22T08:41:07.Z", "2026-11-22T08:41:07+1", "yesterday",
                          "2026-11-22T08:41:07Zjunk"}) {
    EXPECT_FALSE(parse_iso(bad)) << bad;
  }
  EXPECT_EQ(iso_utc(1795336867512), "2026-11-22T08:41:07.512Z");
  EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(ServerUnits, TokenBucket) {
  RateLimiter limiter(2, 3);  // 2 per second, 3 at once
  int retry = 0;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("a", 1000, retry));
  EXPECT_FALSE(limiter.allow("a", 1000, retry));
  EXPECT_EQ(retry, 1);
  EXPECT_TRUE(limiter.allow("b", 1000, retry)) << "buckets are per client";
  EXPECT_FALSE(limiter.allow("a", 1400, retry));  // 0.8 of a token
  EXPECT_TRUE(limiter.allow("a", 1500, retry));   // 1 token after 0.5 s
  EXPECT_TRUE(limiter.allow("a", 60000, retry));  // refilled, but never beyond the burst
  EXPECT_TRUE(limiter.allow("a", 60000, retry));
  EXPECT_TRUE(limiter.allow("a", 60000, retry));
  EXPECT_FALSE(limiter.allow("a", 60000, retry));
  RateLimiter slow(0.1, 1);
  EXPECT_TRUE(slow.allow("c", 0, retry));
  EXPECT_FALSE(slow.allow("c", 0, retry));
  EXPECT_EQ(retry, 10);
}

TEST(ServerUnits, ForwardUrls) {
  std::string origin, path;
  ASSERT_TRUE(Forwarder::split_url("https://crm.example:8443/hooks/leads?x=1", origin, path));
  EXPECT_EQ(origin, "https://crm.example:8443");
  EXPECT_EQ(path, "/hooks/leads?x=1");
  ASSERT_TRUE(Forwarder::split_url("http://127.0.0.1:9000", origin, path));
  EXPECT_EQ(path, "/");
  EXPECT_FALSE(Forwarder::split_url("ftp://x/y", origin, path));
  EXPECT_FALSE(Forwarder::split_url("http://", origin, path));
}

}  // namespace
}  // namespace leadqual::server
