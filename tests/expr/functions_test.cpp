// Every named function, from the infix spelling (JsonLogic shares the implementation).
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "helpers.hpp"

namespace leadqual {
namespace {

using nlohmann::json;
using testing::text;

// 2026-11-22T00:00:00Z in milliseconds since the epoch.
constexpr double kNow = 1795305600000.0;

TEST(Functions, MinMax) {
  EXPECT_EQ(text("min(3, 1, 2)"), 1);
  EXPECT_EQ(text("max(3, 1, 2)"), 3);
  EXPECT_EQ(text("max(scores)", R"({"scores": [4, 9, 2]})"), 9);
  EXPECT_EQ(text("min(x, 5)", R"({"x": null})"), nullptr);  // a missing operand → null
  EXPECT_EQ(text("max('a', 1)"), nullptr);
  EXPECT_EQ(text("max([])"), nullptr);
}

TEST(Functions, Round) {
  EXPECT_EQ(text("round(2.5)"), 3);
  EXPECT_EQ(text("round(-2.5)"), -3);        // half away from zero
  EXPECT_EQ(text("round(2.345, 2)"), 2.35);  // the decimal written, not its binary neighbour
  EXPECT_EQ(text("round(1.005, 2)"), 1.01);
  EXPECT_EQ(text("round(1234.5678, -2)"), 1200);
  EXPECT_EQ(text("round(0.1 + 0.2, 10)"), 0.3);
  EXPECT_EQ(text("round(x)", R"({"x": null})"), nullptr);
  EXPECT_EQ(text("round(1.5, 'two')"), nullptr);
}

TEST(Functions, FloorCeilAbs) {
  EXPECT_EQ(text("floor(2.7)"), 2);
  EXPECT_EQ(text("floor(-2.1)"), -3);
  EXPECT_EQ(text("ceil(2.1)"), 3);
  EXPECT_EQ(text("abs(-4.5)"), 4.5);
  EXPECT_EQ(text("abs('x')"), nullptr);
}

TEST(Functions, Clamp) {
  EXPECT_EQ(text("clamp(15, 0, 10)"), 10);
  EXPECT_EQ(text("clamp(-3, 0, 10)"), 0);
  EXPECT_EQ(text("clamp(4, 0, 10)"), 4);
  EXPECT_EQ(text("clamp(4, 10, 0)"), nullptr);  // an empty range has no answer
  EXPECT_EQ(text("clamp(x, 0, 10)", R"({"x": null})"), nullptr);
}

TEST(Functions, LowerUpper) {
  EXPECT_EQ(text("lower('Ana@Example.COM')"), "ana@example.com");
  EXPECT_EQ(text("upper('mql')"), "MQL");
  EXPECT_EQ(text("upper('straße')"), "STRAßE");  // ASCII letters only: locale-independent
  EXPECT_EQ(text("lower(3)"), nullptr);
}

TEST(Functions, Len) {
  EXPECT_EQ(text("len('héllo')"), 5);  // code points, not bytes
  EXPECT_EQ(text("len('😀')"), 1);
  EXPECT_EQ(text("len([1, 2, 3])"), 3);
  EXPECT_EQ(text("len('')"), 0);
  EXPECT_EQ(text("len(x)", R"({"x": {"a": 1, "b": 2}})"), 2);
  EXPECT_EQ(text("len(x)", R"({"x": null})"), nullptr);
}

TEST(Functions, ContainsStartsEnds) {
  EXPECT_EQ(text("contains('enterprise plan', 'prise')"), true);
  EXPECT_EQ(text("contains(tags, 'vip')", R"({"tags": ["new", "vip"]})"), true);
  EXPECT_EQ(text("contains(tags, 'vip')", R"({"tags": null})"), false);
  EXPECT_EQ(text("starts_with(path, '/pricing')", R"({"path": "/pricing/enterprise"})"), true);
  EXPECT_EQ(text("starts_with('ab', 'abc')"), false);
  EXPECT_EQ(text("ends_with(email, '.edu')", R"({"email": "kim@mit.edu"})"), true);
  EXPECT_EQ(text("ends_with(null, '')"), false);
}

TEST(Functions, Domain) {
  EXPECT_EQ(text("domain('Ana@Sub.Example.COM')"), "sub.example.com");
  EXPECT_EQ(text("domain('odd@name@corp.io')"), "corp.io");  // after the last '@'
  EXPECT_EQ(text("domain('no-at-sign')"), nullptr);
  EXPECT_EQ(text("domain('trailing@')"), nullptr);
  EXPECT_EQ(text("domain(email)", R"({"email": null})"), nullptr);
}

TEST(Functions, IsFreeEmail) {
  EXPECT_EQ(text("is_free_email('someone@GMAIL.com')"), true);
  EXPECT_EQ(text("is_free_email('x@yahoo.co.uk')"), true);
  EXPECT_EQ(text("is_free_email('x@protonmail.com')"), true);
  EXPECT_EQ(text("is_free_email('x@web.de')"), true);
  EXPECT_EQ(text("is_free_email('ana@acme.com')"), false);
  EXPECT_EQ(text("is_free_email('gmail.com')"), true);  // a bare domain works too
  EXPECT_EQ(text("is_free_email(email)", R"({"email": null})"), false);
}

// The domains docs/expressions.md lists after `**<title>**`: "a.com, b.com, …, z.com."
std::vector<std::string> documented_domains(const std::string& title) {
  std::ifstream in(std::string(LEADQUAL_SOURCE_DIR) + "/docs/expressions.md", std::ios::binary);
  const std::string doc{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<std::string> domains;
  const std::size_t heading = doc.find("**" + title + "**");
  if (heading == std::string::npos) return domains;
  const std::size_t from = doc.find(':', heading) + 1;
  const std::size_t to = doc.find(".\n", from);
  std::string list = doc.substr(from, to - from);
  std::replace(list.begin(), list.end(), '\n', ' ');
  std::istringstream items(list);
  for (std::string item; std::getline(items, item, ',');) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    domains.push_back(item);
  }
  return domains;
}

// Every entry of the tables must be found. The lists are the ones docs/expressions.md documents,
// read from it (so the test holds the function to the page rather than to a third copy of the
// tables).
TEST(Functions, EveryListedDomainIsFound) {
  const auto free_mail = documented_domains("Free-mail domains");
  const auto disposable = documented_domains("Disposable domains");
  ASSERT_GT(free_mail.size(), 30u);
  ASSERT_GT(disposable.size(), 20u);
  for (const std::string& d : free_mail) {
    EXPECT_EQ(testing::run("is_free_email(e)", {{"e", "a@" + d}}), true) << d;
    EXPECT_EQ(testing::run("is_disposable_email(e)", {{"e", "a@" + d}}), false) << d;
  }
  for (const std::string& d : disposable) {
    EXPECT_EQ(testing::run("is_disposable_email(e)", {{"e", "a@" + d}}), true) << d;
    EXPECT_EQ(testing::run("is_free_email(e)", {{"e", "a@" + d}}), false) << d;
  }
  EXPECT_EQ(text("is_free_email('a@mail.gmail.com')"), false);  // subdomains are not matched
}

// Each table is one text of domains between spaces: only a whole entry matches, never a part of
// one nor a run of two.
TEST(Functions, OnlyAWholeListedDomainMatches) {
  EXPECT_EQ(text("is_free_email('a@ail.com')"), false);  // the end of gmail.com
  EXPECT_EQ(text("is_free_email('a@mail')"), false);     // the start of mail.com
  EXPECT_EQ(text("is_free_email('a@com')"), false);
  EXPECT_EQ(text("is_free_email('a@gmail.com gmx.at')"), false);  // two neighbours
  EXPECT_EQ(text("is_free_email('a@ gmail.com')"), false);
  EXPECT_EQ(text("is_free_email('a@gmail.com. ')"), true);  // trailing dots and spaces go
  EXPECT_EQ(text("is_disposable_email('a@yopmail.com yopmail.net')"), false);
  EXPECT_EQ(text("is_disposable_email('a@mail.com')"), false);
}

TEST(Functions, IsDisposableEmail) {
  EXPECT_EQ(text("is_disposable_email('a@mailinator.com')"), true);
  EXPECT_EQ(text("is_disposable_email('a@10minutemail.com')"), true);
  EXPECT_EQ(text("is_disposable_email('a@gmail.com')"), false);
  EXPECT_EQ(text("is_disposable_email(42)"), false);
}

TEST(Functions, DaysSince) {
  EXPECT_EQ(text("days_since('2026-11-12')", "{}", kNow), 10);
  EXPECT_EQ(text("days_since('2026-11-21T12:00:00Z')", "{}", kNow), 0);
  EXPECT_EQ(text("days_since('2026-11-20T23:30:00.500-02:00')", "{}", kNow), 0);
  EXPECT_EQ(text("days_since('2026-11-20T23:30:00+02:00')", "{}", kNow), 1);
  EXPECT_EQ(text("days_since('2025-11-22')", "{}", kNow), 365);
  EXPECT_EQ(text("days_since('2024-02-29')", "{}", kNow), 997);          // a leap day parses
  EXPECT_EQ(text("days_since(x)", R"({"x": 1795046400000})", kNow), 3);  // epoch milliseconds
  EXPECT_EQ(text("days_since('2026-12-01')", "{}", kNow), -9);           // the future is negative
  // The one ISO 8601 parser (core/runtime/iso8601.hpp): a leap second, and offsets without a colon.
  EXPECT_EQ(text("days_since('2026-11-20T23:59:60Z')", "{}", kNow), 1);
  EXPECT_EQ(text("days_since('2026-11-20T23:30:00+0200')", "{}", kNow), 1);
  EXPECT_EQ(text("days_since('2026-11-20T23:30:00-02')", "{}", kNow), 0);
}

TEST(Functions, DaysSinceIsNullWhenItCannotKnow) {
  EXPECT_EQ(text("days_since('2026-11-12')"), nullptr);  // no clock
  EXPECT_EQ(text("days_since('2026-02-30')", "{}", kNow), nullptr);
  EXPECT_EQ(text("days_since('2026-13-01')", "{}", kNow), nullptr);
  EXPECT_EQ(text("days_since('11/12/2026')", "{}", kNow), nullptr);
  EXPECT_EQ(text("days_since('2026-11-12T25:00:00Z')", "{}", kNow), nullptr);
  EXPECT_EQ(text("days_since('2026-11-12junk')", "{}", kNow), nullptr);
  EXPECT_EQ(text("days_since(null)", "{}", kNow), nullptr);
}

TEST(Functions, Coalesce) {
  EXPECT_EQ(text("coalesce(a, b, 'none')", R"({"a": null, "b": "x"})"), "x");
  EXPECT_EQ(text("coalesce(a, b, 'none')", R"({"a": null, "b": null})"), "none");
  EXPECT_EQ(text("coalesce(a, 1)", R"({"a": false})"), false);
  EXPECT_EQ(testing::logic(R"({"??": [null, 2]})"), 2);
}

}  // namespace
}  // namespace leadqual
