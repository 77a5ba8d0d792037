// test(): the truth of a condition read off the program without building Values. Wherever it
// answers, it must answer what evaluate() would; random conditions over every kind of value
// check that, and the shapes model rules take are answered (not left to evaluate()).
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/runtime/eval.hpp"
#include "core/runtime/json_writer.hpp"

namespace leadqual {
namespace {

// Values that exercise every branch of the comparisons: each kind, numeric strings, NaN,
// negative zero, characters beyond the BMP, arrays and objects.
std::vector<Value> value_pool() {
  return {
      Value(),
      Value::boolean(true),
      Value::boolean(false),
      Value::number(0),
      Value::number(-0.0),
      Value::number(1),
      Value::number(2.5),
      Value::number(1000),
      Value::number(std::numeric_limits<double>::quiet_NaN()),
      Value::number(std::numeric_limits<double>::infinity()),
      Value::string(""),
      Value::string("a"),
      Value::string("ab"),
      Value::string("1"),
      Value::string("01"),
      Value::string("abc"),
      Value::string("\xC3\xA9"),          // é
      Value::string("\xF0\x9F\x98\x80"),  // an emoji
      Value::string("\xEF\xBF\xBD"),      // U+FFFD, ordered after the emoji in UTF-16
      Value::borrowed("ab"),
      // Texts of every length the prepared checks key differently (eval.cpp's text_key), each
      // with a twin of the same length that differs in one byte only.
      Value::string("abcd"),
      Value::string("abce"),
      Value::string("abcdefg"),
      Value::string("abcdXfg"),
      Value::string("abcdefgh"),
      Value::string("abcdefgX"),
      Value::string("abcdefghijklm"),
      Value::string("abcdefghijXlm"),
      Value::string("abcdefghijklmnopq"),
      Value::string("abcdefghXjklmnopq"),
      Value::array({}),
      Value::array({Value::string("a"), Value::string("ab")}),
      Value::array({Value::string("abce"), Value::string("abcdefg"), Value::string("abcdefgX"),
                    Value::string("abcdefghijklm"), Value::string("abcdefghXjklmnopq")}),
      Value::array({Value::number(1), Value::number(2.5), Value()}),
      Value::array({Value::boolean(true), Value::array({})}),
      Value::object({{"a", Value::number(1)}}),
  };
}

// Builds programs by hand: the shapes the compilers emit (a node, then its kids' subtrees).
class Builder {
 public:
  explicit Builder(std::mt19937& random, std::size_t slots, std::size_t constants)
      : random_(random), slots_(slots), constants_(constants) {}

  // Appends one random expression at the end of `code` and returns its start.
  std::uint32_t expression(std::vector<Instr>& code, int depth) {
    const std::uint32_t at = static_cast<std::uint32_t>(code.size());
    code.push_back(Instr());
    const int choice = pick(depth <= 0 ? 3 : 14);
    Instr n;
    std::uint32_t kids = 0;
    if (choice < 3) {  // a leaf
      if (choice == 0) {
        n.op = Op::Const;
        n.arg = static_cast<std::int32_t>(pick(static_cast<int>(constants_)));
      } else {
        n.op = Op::Slot;
        n.arg = static_cast<std::int32_t>(pick(static_cast<int>(slots_)));
      }
    } else {
      static const Op kOps[] = {
          Op::LooseEq, Op::LooseNe,  Op::StrictEq, Op::StrictNe, Op::Lt,      Op::Le,
          Op::Gt,      Op::Ge,       Op::And,      Op::Or,       Op::Not,     Op::Truthy,
          Op::In,      Op::InfixEq,  Op::InfixNe,  Op::InfixLt,  Op::InfixLe, Op::InfixGt,
          Op::InfixGe, Op::InfixAnd, Op::InfixOr,  Op::InfixNot, Op::InfixIn, Op::InfixNotIn,
          Op::Add,     Op::If,       Op::Cat,      Op::Coalesce};
      n.op = kOps[pick(static_cast<int>(sizeof kOps / sizeof kOps[0]))];
      const std::uint32_t least = Program::min_kids(n);
      kids = least + static_cast<std::uint32_t>(pick(3));
      if (n.op == Op::InfixNot || n.op == Op::Not || n.op == Op::Truthy) kids = pick(4) ? 1 : 2;
      if (is_infix_comparison(n.op) || n.op == Op::InfixAnd || n.op == Op::InfixOr ||
          n.op == Op::InfixIn || n.op == Op::InfixNotIn) {
        kids = 2;
      }
    }
    for (std::uint32_t i = 0; i < kids; ++i) expression(code, depth - 1);
    n.kids = kids;
    n.size = static_cast<std::uint32_t>(code.size()) - at;
    code[at] = n;
    return at;
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  std::mt19937& random_;
  std::size_t slots_;
  std::size_t constants_;
};

std::string shown(const Value& v) {
  std::string out;
  TextWriter(out).value(v);
  return out;
}

// Four slots holding a random draw of the pool, so a slot and a constant may be the same value.
std::vector<Value> random_slots(const std::vector<Value>& pool, std::mt19937& random) {
  std::vector<Value> slots;
  for (int i = 0; i < 4; ++i) {
    slots.push_back(pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(random)]);
  }
  return slots;
}

// Where a failing case came from: its round and its slots' values.
std::string described_case(int round, const std::vector<Value>& slots) {
  std::string out = "round " + std::to_string(round) + ", slots";
  for (const Value& s : slots) out += " " + shown(s);
  return out;
}

TEST(Condition, AgreesWithEvaluateWhereverItAnswers) {
  const std::vector<Value> pool = value_pool();
  std::mt19937 random(20261203);
  std::size_t answered = 0;
  const int kRounds = 40000;
  for (int round = 0; round < kRounds; ++round) {
    Program program;
    program.constants = pool;
    const std::vector<Value> slots = random_slots(pool, random);
    Builder builder(random, slots.size(), pool.size());
    builder.expression(program.code, 1 + round % 3);
    EvalContext context;
    context.slots = slots.data();
    const NameIndex names;
    const Truth t = test(program, 0, slots.data(), 100000);
    if (t == Truth::Unknown) continue;
    ++answered;
    const Value v = evaluate(program, 0, context, 100000, &names);
    const std::string where = described_case(round, slots);
    ASSERT_FALSE(v.is_error()) << where << ": test() answered but evaluate() fails with "
                               << v.as_string();
    ASSERT_EQ(t == Truth::True, v.truthy()) << where;
  }
  // Most random conditions are of the shapes test() reads (the rest go to evaluate()).
  EXPECT_GT(answered, static_cast<std::size_t>(kRounds / 4));
}

// The checks a model prepares once (prepare_check) answer exactly what test() answers — the
// same True, False or Unknown — over random conditions on every kind of value, and so agree
// with evaluate() wherever they answer.
TEST(Condition, PreparedChecksAnswerAsTestDoes) {
  const std::vector<Value> pool = value_pool();
  std::mt19937 random(20261204);
  std::size_t answered = 0;
  const int kRounds = 40000;
  for (int round = 0; round < kRounds; ++round) {
    Program program;
    program.constants = pool;
    const std::vector<Value> slots = random_slots(pool, random);
    Builder builder(random, slots.size(), pool.size());
    // Something before the condition, so that it does not start at 0.
    builder.expression(program.code, 0);
    const std::uint32_t start = builder.expression(program.code, 1 + round % 4);
    // Budgets below and above the condition's size.
    const std::uint64_t budget = round % 7 == 0 ? program.code[start].size - 1 : 100000;
    std::vector<Check> checks(round % 3);  // prepared after others, as a model's are
    const std::uint32_t at = prepare_check(program, start, budget, checks);
    const Truth prepared = test_check(program, &checks[at], slots.data());
    const Truth reference = test(program, start, slots.data(), budget);
    const std::string where = described_case(round, slots);
    ASSERT_EQ(static_cast<int>(prepared), static_cast<int>(reference)) << where;
    if (prepared == Truth::Unknown) continue;
    ++answered;
    EvalContext context;
    context.slots = slots.data();
    const NameIndex names;
    const Value v = evaluate(program, start, context, budget, &names);
    ASSERT_FALSE(v.is_error()) << where << ": " << v.as_string();
    ASSERT_EQ(prepared == Truth::True, v.truthy()) << where;
  }
  EXPECT_GT(answered, static_cast<std::size_t>(kRounds / 4));
}

// Every comparison and `in` of a slot and a constant (either way round) over every pair of the
// pool's values: the prepared check answers what test() answers. The prepared texts' keys and
// the fast paths for numbers and texts meet each of the pool's near twins here.
TEST(Condition, PreparedPairsAnswerAsTestDoes) {
  const std::vector<Value> pool = value_pool();
  const Op kOps[] = {Op::LooseEq, Op::LooseNe,   Op::StrictEq, Op::StrictNe, Op::Lt,
                     Op::Le,      Op::Gt,        Op::Ge,       Op::In,       Op::InfixEq,
                     Op::InfixNe, Op::InfixLt,   Op::InfixLe,  Op::InfixGt,  Op::InfixGe,
                     Op::InfixIn, Op::InfixNotIn};
  std::size_t typed = 0;
  for (const Op op : kOps) {
    for (int slot_first = 0; slot_first < 2; ++slot_first) {
      Program program;
      program.constants = pool;
      Instr node;
      node.op = op;
      node.kids = 2;
      node.size = 3;
      Instr slot;
      slot.op = Op::Slot;
      Instr constant;
      constant.op = Op::Const;
      program.code = {node, slot_first ? slot : constant, slot_first ? constant : slot};
      for (std::size_t c = 0; c < pool.size(); ++c) {
        program.code[slot_first ? 2 : 1].arg = static_cast<std::int32_t>(c);
        std::vector<Check> checks;
        prepare_check(program, 0, 100000, checks);
        if (checks[0].kind == Check::Kind::Texts) {
          ++typed;
        }
        for (const Value& value : pool) {
          const Truth prepared = test_check(program, checks.data(), &value);
          const Truth reference = test(program, 0, &value, 100000);
          ASSERT_EQ(static_cast<int>(prepared), static_cast<int>(reference))
              << static_cast<int>(op) << " slot " << shown(value) << " constant " << shown(pool[c])
              << (slot_first ? " (slot first)" : " (constant first)");
        }
      }
    }
  }
  EXPECT_GT(typed, 0u);
}

// One condition: op(slot 0, constant 0), the shape of most model rules.
Program pair(Op op, Value constant) {
  Program program;
  program.constants.push_back(std::move(constant));
  Instr node;
  node.op = op;
  node.kids = 2;
  node.size = 3;
  Instr slot;
  slot.op = Op::Slot;
  Instr value;
  value.op = Op::Const;
  program.code = {node, slot, value};
  return program;
}

TEST(Condition, AnswersTheShapesOfModelRules) {
  const Value text = Value::borrowed("approved");
  const Value long_text = Value::borrowed("approved by the board");
  const Value number = Value::number(250);
  const Value none;
  const Value yes = Value::boolean(true);
  struct Case {
    Program program;
    const Value* slot;
    Truth expected;
  };
  const Case cases[] = {
      {pair(Op::StrictEq, Value::string("approved")), &text, Truth::True},
      {pair(Op::StrictEq, Value::string("pending")), &text, Truth::False},
      {pair(Op::StrictEq, Value::string("approved")), &none, Truth::False},
      {pair(Op::LooseEq, Value::string("approved")), &text, Truth::True},
      {pair(Op::Ge, Value::number(200)), &number, Truth::True},
      {pair(Op::Lt, Value::number(200)), &number, Truth::False},
      {pair(Op::Lt, Value::number(10)), &none, Truth::True},  // null is 0
      {pair(Op::StrictEq, Value::boolean(true)), &yes, Truth::True},
      {pair(Op::StrictEq, Value::boolean(true)), &none, Truth::False},
      {pair(Op::In, Value::array({Value::string("pending"), Value::string("approved")})), &text,
       Truth::True},
      {pair(Op::In, Value::array({Value::string("pending")})), &none, Truth::False},
      {pair(Op::InfixGe, Value::number(250)), &number, Truth::True},
      {pair(Op::InfixLt, Value::number(10)), &none, Truth::False},  // null never orders
      // Texts longer than their keys: the same first and last 16 bytes, not the same text.
      {pair(Op::StrictEq, Value::string("approved by the board")), &long_text, Truth::True},
      {pair(Op::StrictEq, Value::string("approved by thX board")), &long_text, Truth::False},
      {pair(Op::StrictNe, Value::string("approved by thX board")), &long_text, Truth::True},
      {pair(Op::In, Value::array({Value::string("approved by thX board"),
                                  Value::string("approved by the board")})),
       &long_text, Truth::True},
      {pair(Op::In, Value::array({Value::string("approved by thX board")})), &long_text,
       Truth::False},
      {pair(Op::InfixNotIn, Value::array({Value::string("approved")})), &text, Truth::False},
      {pair(Op::InfixNotIn, Value::array({Value::string("pending")})), &text, Truth::True},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(test(c.program, 0, c.slot, 100000), c.expected)
        << static_cast<int>(c.program.code[0].op) << " " << shown(c.program.constants[0]);
    std::vector<Check> checks;
    prepare_check(c.program, 0, 100000, checks);
    // One typed comparison (`in` a list of texts: with one check per text after it), not the
    // generic instructions.
    ASSERT_EQ(checks[0].size, checks.size());
    EXPECT_NE(checks[0].kind, Check::Kind::Instr);
    EXPECT_EQ(test_check(c.program, checks.data(), c.slot), c.expected)
        << static_cast<int>(c.program.code[0].op) << " " << shown(c.program.constants[0]);
  }
}

TEST(Condition, LeavesConversionsAndTheStepBudgetToEvaluate) {
  const Value numeric = Value::borrowed("12");
  const Value number = Value::number(12);
  // "12" < 20 converts the string; a condition longer than the budget must fail as evaluate()
  // fails it.
  EXPECT_EQ(test(pair(Op::Lt, Value::number(20)), 0, &numeric, 100000), Truth::Unknown);
  EXPECT_EQ(test(pair(Op::Lt, Value::number(20)), 0, &number, 2), Truth::Unknown);
  EXPECT_EQ(test(pair(Op::Lt, Value::number(20)), 0, &number, 3), Truth::True);
}

}  // namespace
}  // namespace leadqual
