// The one ISO 8601 parser (core/runtime/iso8601.hpp) that signals, days_since(), --now and the
// collector share.
#include <string>

#include <gtest/gtest.h>

#include "core/runtime/iso8601.hpp"

namespace leadqual {
namespace {

// Milliseconds, or -1 when refused.
double ms(const std::string& text) {
  double out = 0;
  return parse_iso8601(text, out) ? out : -1;
}

constexpr double kDay = 86400000;
constexpr double k20261122 = 20779 * kDay;  // 2026-11-22T00:00:00Z

TEST(Iso8601, DatesAndDateTimes) {
  EXPECT_EQ(ms("1970-01-01"), 0);
  EXPECT_EQ(ms("2026-11-22"), k20261122);
  EXPECT_EQ(ms("2026-11-22T09:30"), k20261122 + 9.5 * 3600000);
  EXPECT_EQ(ms("2026-11-22t09:30:15"), k20261122 + (9.5 * 3600 + 15) * 1000);
  EXPECT_EQ(ms("2026-11-22 09:30:15.250Z"), k20261122 + (9.5 * 3600 + 15) * 1000 + 250);
  EXPECT_EQ(ms("2026-11-22T00:00:00.123456789Z"), k20261122 + 123);  // milliseconds kept
  EXPECT_EQ(ms("1969-12-31T23:59:59Z"), -1000);
  EXPECT_EQ(ms("2024-02-29"), 19782 * kDay);  // a leap day
}

TEST(Iso8601, Zones) {
  const double nine = k20261122 + 9 * 3600000;
  EXPECT_EQ(ms("2026-11-22T09:00:00Z"), nine);
  EXPECT_EQ(ms("2026-11-22T09:00:00z"), nine);
  EXPECT_EQ(ms("2026-11-22T18:00:00+09:00"), nine);
  EXPECT_EQ(ms("2026-11-22T18:00:00+0900"), nine);
  EXPECT_EQ(ms("2026-11-22T18:00:00+09"), nine);
  EXPECT_EQ(ms("2026-11-22T04:30:00-04:30"), nine);
  EXPECT_EQ(ms("2026-11-22T09:00:00-00:00"), nine);
}

TEST(Iso8601, ALeapSecondIsTheSecondAfter59) {
  EXPECT_EQ(ms("2016-12-31T23:59:60Z"), ms("2017-01-01T00:00:00Z"));
  EXPECT_EQ(ms("2016-12-31T23:59:60.5Z"), ms("2017-01-01T00:00:00.5Z"));
}

TEST(Iso8601, AnythingElseIsRefused) {
  for (const char* text : {"",
                           "2026",
                           "2026-11",
                           "26-11-22",
                           "2026-11-22T",
                           "2026-11-22T9:00",
                           "2026-11-22T09",
                           "2026-11-22T09:00:",
                           "2026-11-22T09:00:00.",
                           "2026-02-29",
                           "2026-13-01",
                           "2026-00-10",
                           "2026-11-31",
                           "2026-11-22T24:00",
                           "2026-11-22T09:60",
                           "2026-11-22T09:00:61",
                           "2026-11-22T09:00Zjunk",
                           "2026-11-22T09:00+9",
                           "2026-11-22T09:00+09:0",
                           "2026-11-22T09:00+24:00",
                           "2026-11-22T09:00+09:60",
                           "2026-11-22X09:00",
                           "11/22/2026",
                           "２０２６-11-22",
                           " 2026-11-22",
                           "2026-11-22 "}) {
    EXPECT_EQ(ms(text), -1) << text;
  }
}

}  // namespace
}  // namespace leadqual
