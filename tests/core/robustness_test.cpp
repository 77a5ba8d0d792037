// Bad input never crashes the core: models and answers mutated at random (with a fixed seed, so
// every run is the same) either load/score or come back with located errors.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "helpers.hpp"

namespace leadqual::testing {
namespace {

using nlohmann::json;

// A small deterministic generator (64-bit LCG): the same cases on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return state_ >> 33;
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

json random_value(Random& random) {
  switch (random.below(10)) {
    case 0:
      return nullptr;
    case 1:
      return random.below(2) == 1;
    case 2:
      return static_cast<double>(random.below(2000)) - 1000.5;
    case 3:
      return static_cast<int>(random.below(100));
    case 4:
      return "";
    case 5:
      return std::string("yes");
    case 6:
      return json::array({1, "a"});
    case 7:
      return json::object({{"x", 1}});
    case 8:
      return std::string("a > 1 and (");
    default:
      return std::string(1 + random.below(300), 'z');
  }
}

// Every node of `doc` as a JSON Pointer, so a mutation can pick any of them.
void pointers(const json& doc, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
  out.push_back(at);
  if (doc.is_object()) {
    for (const auto& item : doc.items()) pointers(item.value(), at / item.key(), out);
  } else if (doc.is_array()) {
    for (std::size_t i = 0; i < doc.size(); ++i) pointers(doc[i], at / i, out);
  }
}

TEST(Robustness, MutatedModelsLoadOrGiveLocatedErrors) {
  const json base =
      json_of(read_file(std::string(LEADQUAL_SOURCE_DIR) + "/models/examples/acme-bant.json"));
  std::vector<json::json_pointer> nodes;
  pointers(base, json::json_pointer(), nodes);
  Random random(42);
  int loaded = 0;
  int refused = 0;
  for (int round = 0; round < 600; ++round) {
    json doc = base;
    for (int edits = 1 + static_cast<int>(random.below(3)); edits > 0; --edits) {
      const json::json_pointer& at = nodes[random.below(nodes.size())];
      if (at.empty() || !doc.contains(at)) continue;
      doc[at] = random_value(random);
    }
    LoadResult result = Model::load(doc);
    if (result.model) {
      ++loaded;
      json answers = {{"budget", random_value(random)},
                      {"employees", random_value(random)},
                      {"role", random_value(random)},
                      {"email", random_value(random)}};
      EXPECT_EQ(result.model->score_text(answers), canonical(result.model->score(answers)));
    } else {
      ++refused;
      for (const Diagnostic& d : result.errors) {
        EXPECT_FALSE(d.message.empty());
        EXPECT_TRUE(d.pointer.empty() || d.pointer[0] == '/') << d.pointer;
      }
    }
  }
  EXPECT_GT(loaded, 0);
  EXPECT_GT(refused, 0);
}

TEST(Robustness, RandomAnswersAlwaysGiveAResult) {
  auto model =
      load_ok(read_file(std::string(LEADQUAL_SOURCE_DIR) + "/models/examples/acme-bant.json"));
  ASSERT_NE(model, nullptr);
  const std::vector<std::string> ids = {"budget",     "role",   "employees",     "hours",
                                        "rate",       "start",  "talk_to_sales", "email",
                                        "utm_source", "unknown"};
  Random random(7);
  for (int round = 0; round < 1000; ++round) {
    json answers = json::object();
    for (const std::string& id : ids) {
      if (random.below(2) == 1) answers[id] = random_value(random);
    }
    ScoreOptions options;
    options.signals = {{"pricing_views", random_value(random)}};
    options.now_ms = 1795305600000.0;
    json result = model->score(answers, options);
    ASSERT_TRUE(result.contains("stage")) << answers.dump();
    EXPECT_EQ(model->score_text(answers, options), canonical(result));
  }
}

TEST(Robustness, GarbageTextIsASyntaxErrorNotACrash) {
  Random random(99);
  const std::string alphabet = "{}[]\":,0123456789.eE+-truefalsnl \n\\u\xc3\xa9";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (std::size_t n = random.below(200); n > 0; --n)
      text += alphabet[random.below(alphabet.size())];
    LoadResult result = Model::parse(text);
    EXPECT_EQ(result.model == nullptr, !result.errors.empty());
  }
}

}  // namespace
}  // namespace leadqual::testing
