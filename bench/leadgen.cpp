// Writes what the `leadqual score` throughput measurement needs (see scripts/bench):
//   leadqual_leadgen model          the shared benchmark model as a leadqual model
//   leadqual_leadgen jsonl|csv N    N random leads for it (fixed seed: the same file every run)
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_model.hpp"

namespace {

// xorshift64*: small, fast, and the same sequence on every platform.
class Random {
 public:
  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 2685821657736338717ULL;
  }
  int between(int low, int high) {  // inclusive
    return low + static_cast<int>(next() % static_cast<std::uint64_t>(high - low + 1));
  }
  template <std::size_t N>
  const char* pick(const char* const (&items)[N]) {
    return items[next() % N];
  }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15ULL;
};

const char* const kBudgets[] = {"approved", "pending", "none"};
const char* const kRoles[] = {"ceo",     "cto",      "vp",      "director",
                              "manager", "engineer", "analyst", "student"};
const char* const kIndustries[] = {"saas",   "fintech",       "healthcare",
                                   "retail", "manufacturing", "education"};
const char* const kDomains[] = {"gmail.com",    "yahoo.com",   "acme.io",    "initech.com",
                                "globex.co.jp", "outlook.com", "umbrella.de"};
const char* const kCountries[] = {"US", "CA", "GB", "DE", "FR", "JP", "BR", "IN", "SE", "AU"};
const char* const kTools[] = {"competitor_a", "competitor_b", "spreadsheet", "none"};
const char* const kBooleans[] = {"false", "true"};

int usage() {
  std::fputs("usage: leadqual_leadgen model | leadqual_leadgen jsonl|csv COUNT\n", stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "model") {
    nlohmann::json source;
    std::string error;
    if (!leadqual::bench::read_shared_model(source, error)) {
      std::fprintf(stderr, "leadqual_leadgen: %s\n", error.c_str());
      return 1;
    }
    std::printf("%s\n", leadqual::bench::to_leadqual_model(source).dump(2).c_str());
    return 0;
  }
  if (argc != 3) return usage();
  const std::string format = argv[1];
  const long count = std::strtol(argv[2], nullptr, 10);
  if ((format != "jsonl" && format != "csv") || count < 0) return usage();

  static char buffer[1 << 20];
  std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  Random random;
  const bool csv = format == "csv";
  if (csv) {
    std::puts(
        "budget,employees,role,timeline_months,industry,pages_viewed,pricing_page_visited,"
        "email_domain,country,demo_requested,current_tool,seats_needed");
  }
  for (long i = 0; i < count; ++i) {
    const char* budget = random.pick(kBudgets);
    const int employees = random.between(1, 5000);
    const char* role = random.pick(kRoles);
    const int timeline = random.between(0, 24);
    const char* industry = random.pick(kIndustries);
    const int pages = random.between(0, 30);
    const char* pricing = random.pick(kBooleans);
    const char* domain = random.pick(kDomains);
    const char* country = random.pick(kCountries);
    const char* demo = random.pick(kBooleans);
    const char* tool = random.pick(kTools);
    const int seats = random.between(1, 200);
    if (csv) {
      std::printf("%s,%d,%s,%d,%s,%d,%s,%s,%s,%s,%s,%d\n", budget, employees, role, timeline,
                  industry, pages, pricing, domain, country, demo, tool, seats);
    } else {
      std::printf(
          "{\"budget\":\"%s\",\"employees\":%d,\"role\":\"%s\",\"timeline_months\":%d,"
          "\"industry\":\"%s\",\"pages_viewed\":%d,\"pricing_page_visited\":%s,"
          "\"email_domain\":\"%s\",\"country\":\"%s\",\"demo_requested\":%s,"
          "\"current_tool\":\"%s\",\"seats_needed\":%d}\n",
          budget, employees, role, timeline, industry, pages, pricing, domain, country, demo, tool,
          seats);
    }
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}
