// The runtime writes canonical JSON without nlohmann (runtime/json_writer.hpp); these tests hold
// it to the bytes nlohmann's dump() prints, on many doubles and on hostile strings.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/compiler/json_value.hpp"
#include "core/runtime/json_writer.hpp"

namespace leadqual {
namespace {

std::string written(double d) {
  std::string out;
  TextWriter(out).value(Value::number(d));
  return out;
}

std::string dumped(double d) {
  return value_to_json(Value::number(d)).dump();
}

TEST(JsonWriter, NumbersPrintAsNlohmannPrintsThem) {
  for (double d : {0.0,
                   -0.0,
                   0.1,
                   0.5,
                   -2.5,
                   1e15,
                   1e16,
                   1e21,
                   1e-5,
                   1e-4,
                   123.456,
                   1e300,
                   -1e-300,
                   5e-324,
                   2.2250738585072014e-308,
                   1.7976931348623157e308,
                   9007199254740992.0,
                   9007199254740993.0,
                   1.0 / 3,
                   2.0 / 3,
                   100.0 / 7}) {
    EXPECT_EQ(written(d), dumped(d)) << d;
  }
}

// Grisu2 differs from the shortest digits for a few doubles in ten thousand; nlohmann uses it,
// so the runtime must reproduce it exactly, not merely print a correct number.
TEST(JsonWriter, RandomDoublesPrintAsNlohmannPrintsThem) {
  std::mt19937_64 random(20261122);
  std::uniform_real_distribution<double> typical(-5000, 5000);
  for (int i = 0; i < 200000; ++i) {
    std::uint64_t bits = random();
    double any = 0;
    std::memcpy(&any, &bits, sizeof any);
    if (std::isfinite(any)) {
      ASSERT_EQ(written(any), dumped(any)) << bits;
    }
    const double sum = typical(random) * typical(random) / 7;
    ASSERT_EQ(written(sum), dumped(sum)) << sum;
  }
}

TEST(JsonWriter, TopLevelResultNumbersStopBeingIntegersAt2To53) {
  std::string out;
  TextWriter w(out);
  w.number(9007199254740991.0);
  out += ' ';
  w.number(9007199254740992.0);
  out += ' ';
  w.number(std::nan(""));
  EXPECT_EQ(out, "9007199254740991 9.007199254740992e+15 null");
}

// Result fields take small integers a shorter way (the writer's fast path): the same bytes on
// either side of its bounds, and for every magnitude of digits.
TEST(JsonWriter, ResultNumbersAroundTheSmallIntegerPath) {
  std::vector<double> numbers = {0.0,
                                 -0.0,
                                 1,
                                 -1,
                                 9,
                                 10,
                                 99,
                                 100,
                                 -100,
                                 999999999,
                                 -999999999,
                                 1e9,
                                 -1e9,
                                 1e9 + 1,
                                 2147483647,
                                 -2147483648.0,
                                 4294967296.0,
                                 0.5,
                                 -0.5,
                                 999999999.5,
                                 -999999999.5,
                                 9007199254740991.0};
  for (double p = 1; p < 1e16; p *= 10) {
    for (double d : {p - 1, p, p + 1}) {
      numbers.push_back(d);
      numbers.push_back(-d);
    }
  }
  for (double d : numbers) {
    std::string out;
    TextWriter(out).number(d);
    EXPECT_EQ(out, dumped(d)) << d;
  }
}

// The buffer behind the writer fills and empties mid-string and mid-escape: long strings come
// out whole.
TEST(JsonWriter, StringsLongerThanTheBuffer) {
  for (const std::size_t length : {2045u, 2046u, 2047u, 2048u, 2049u, 5000u}) {
    for (const std::string unit : {"a", "\"", "\x01", "\xC3\xA9", "\xFF"}) {
      std::string s;
      while (s.size() < length) s += unit;
      std::string ours = "[";  // a byte before, so the buffer fills at another place
      {
        TextBuffer w(ours);
        w.string(s);
        w.raw(',');
        w.string(s);
      }
      const std::string one =
          nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      EXPECT_EQ(ours, "[" + one + "," + one)
          << length << " bytes of " << static_cast<int>(static_cast<unsigned char>(unit[0]));
    }
  }
}

// A sink over a small block, as the CLI's output is one over a large block: pieces spill at
// every place they can.
class SmallSink final : public TextSink {
 public:
  explicit SmallSink(std::string& out) : TextSink(block_, block_ + sizeof block_), out_(out) {}
  ~SmallSink() { spill(); }
  SmallSink(const SmallSink&) = delete;
  SmallSink& operator=(const SmallSink&) = delete;

 private:
  void spill() override {
    out_.append(begin_, static_cast<std::size_t>(p_ - begin_));
    p_ = begin_;
  }
  std::string& out_;
  char block_[32];
};

// Whatever block a TextSink writes into and wherever it fills, the bytes are a TextBuffer's.
TEST(JsonWriter, EveryPieceSpillsWhole) {
  const auto pieces = [](TextSink& w, std::size_t shift) {
    w.raw(std::string(shift, 'x'));
    w.raw("{\"k\":");
    w.number(-123456789012.0);
    w.raw(',');
    w.number(0.1);
    w.raw(',');
    w.number(-1e300);
    w.raw(',');
    w.string("tab\there \"q\" \x01 caf\xC3\xA9 \xFF");
    w.raw(',');
    w.value(Value::number(2.5));
    w.raw(std::string(100, 'r'));
    w.boolean(false);
    w.raw('}');
  };
  for (std::size_t shift = 0; shift < 40; ++shift) {
    std::string buffered;
    std::string small;
    {
      TextBuffer w(buffered);
      pieces(w, shift);
    }
    {
      SmallSink w(small);
      pieces(w, shift);
    }
    EXPECT_EQ(small, buffered) << shift;
  }
  std::string big;
  {
    TextBuffer w(big);
    w.raw('[');
    w.raw(std::string(5000, 'a'));  // longer than the buffer: written in pieces
    w.raw(']');
  }
  EXPECT_EQ(big, "[" + std::string(5000, 'a') + "]");
}

TEST(JsonWriter, StringsEscapeAndReplaceInvalidUtf8AsNlohmannDoes) {
  std::mt19937_64 random(7);
  const unsigned char pool[] = {'a',  '"',  '\\', 0x01, 0x1F, 0x7F, 0x80, 0xBF, 0xC2, 0xC3,
                                0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0x90, 0xA0, 0x9F, '\n'};
  for (int i = 0; i < 100000; ++i) {
    std::string s;
    const auto length = static_cast<int>(random() % 9);
    for (int k = 0; k < length; ++k) s += static_cast<char>(pool[random() % sizeof pool]);
    std::string ours;
    TextWriter(ours).string(s);
    const std::string theirs =
        nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    ASSERT_EQ(ours, theirs) << nlohmann::json(s).dump(-1, ' ', true,
                                                      nlohmann::json::error_handler_t::replace);
  }
}

TEST(JsonWriter, ValuesPrintAsTheirJson) {
  nlohmann::json doc = nlohmann::json::parse(
      R"({"b": [1, 2.5, "x\u00e9", null, true, {"z": 1, "a": [1e300]}], "a": {}})");
  std::string out;
  TextWriter(out).value(value_from_json(doc));
  EXPECT_EQ(out, doc.dump());
}

}  // namespace
}  // namespace leadqual
