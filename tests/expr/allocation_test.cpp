// The hot path of scoring must not allocate: comparing a name with a constant, `in` against a
// constant list, and and/or of those. This binary counts every operator new to check it.
#include <atomic>
#include <cstdlib>
#include <new>

#include <gtest/gtest.h>

#include "helpers.hpp"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// The replacements below pair malloc with free themselves; GCC, seeing the standard containers'
// new/delete inlined against them, would warn about a mismatch that is not there.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  std::abort();  // tests only: out of memory
}
void* operator new[](std::size_t size) {
  return operator new(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace leadqual {
namespace {

using nlohmann::json;

long allocations_during_evaluation(const json& spelling) {
  testing::Env env(json::parse(R"({"role": "cto", "employees": 250, "budget": "planned",
                                    "email": "kim@gmail.com"})"));
  std::vector<Diagnostic> diagnostics;
  auto e = env.compile(spelling, diagnostics);
  EXPECT_TRUE(e.has_value()) << spelling.dump();
  if (!e) return -1;
  EXPECT_TRUE(env.eval(*e).truthy()) << spelling.dump();
  long before = g_allocations.load();
  for (int i = 0; i < 100; ++i) env.eval(*e);
  return g_allocations.load() - before;
}

TEST(Allocation, HotRulesEvaluateWithoutAllocating) {
  const char* rules[] = {
      R"({"in": [{"var": "role"}, ["ceo", "cto", "vp"]]})",
      R"({">=": [{"var": "employees"}, 100]})",
      R"({"==": [{"var": "budget"}, "planned"]})",
      R"({"and": [{">=": [{"var": "employees"}, 100]}, {"!=": [{"var": "role"}, "intern"]}]})",
      R"("employees >= 100 and budget in ['approved', 'planned']")",
      R"("role == 'cto' or role == 'ceo'")",
      R"X("not (employees < 100)")X",
      R"X("is_free_email(email)")X",
  };
  for (const char* rule : rules) {
    EXPECT_EQ(allocations_during_evaluation(json::parse(rule)), 0) << rule;
  }
}

TEST(Allocation, TheCounterSeesAllocations) {
  // A string built at run time must be counted, or the test above would prove nothing.
  EXPECT_GT(allocations_during_evaluation(json("lower(role) == 'cto'")), 0);
}

}  // namespace
}  // namespace leadqual
