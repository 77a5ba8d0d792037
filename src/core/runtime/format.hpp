// The compiled-model format: what `leadqual build` writes and the runtime loads, natively and in
// the browser. Binary, little-endian, versioned:
//
//   "LQCM"                  4 bytes
//   format version          u32 (kCompiledFormat)
//   normalised model        u32 byte length, then canonical JSON text (UTF-8)
//   initial state           u32 byte length, then canonical JSON text: {"result":…,"visible":[…]}
//   runtime part            u32 byte length, then the fields of visit_model() below
//
// The two JSON sections come first so that a page can render the first question from them with
// JSON.parse alone, before (or without) the WebAssembly runtime. The runtime part encodes
// integers as LEB128 varints (signed ones zigzagged), doubles as 8 bytes, strings and lists with
// a varint length. docs/widget.md ("The compiled form") says why binary and what it weighs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/runtime/model.hpp"

namespace leadqual {

constexpr char kCompiledMagic[4] = {'L', 'Q', 'C', 'M'};
// 2: stage labels, band has_label, the result sharing policy (submit.result).
// 3: the sorted tables (CompiledModel::sort_tables(): options by value, indexes by id, slot names).
// 4: the prepared checks of the conditions (CompiledModel::prepare_checks()).
constexpr std::uint32_t kCompiledFormat = 4;

// Whether `bytes` say they are a compiled model (they start with kCompiledMagic), rather than a
// model's JSON text.
inline bool is_compiled(std::string_view bytes) {
  return bytes.size() >= 4 && bytes.compare(0, 4, std::string_view(kCompiledMagic, 4)) == 0;
}

// Reads a compiled model into `out`, a new CompiledModel. Every index, program and count is
// checked, so corrupt or hostile bytes are refused with `error` (never a crash); the derived
// fields the format does not carry are filled in (prepare()). On failure `out` holds part of the
// bytes and is to be dropped (resetting it instead cost the runtime module 0.7 KB gzip:
// CompiledModel's move assignment).
bool read_compiled(std::string_view bytes, CompiledModel& out, std::string& error);

// How many values each enumeration of the format has (a reader refuses any other).
constexpr std::uint8_t enumeration_count(QuestionType) {
  return kQuestionTypeCount;
}
constexpr std::uint8_t enumeration_count(Source) {
  return kSourceCount;
}
constexpr std::uint8_t enumeration_count(SharedReasons) {
  return kSharedReasonsCount;
}
constexpr std::uint8_t enumeration_count(Op) {
  return static_cast<std::uint8_t>(Op::Count_);
}
constexpr std::uint8_t enumeration_count(Fn) {
  return static_cast<std::uint8_t>(Fn::Count_);
}
constexpr std::uint8_t enumeration_count(Check::Kind) {
  return static_cast<std::uint8_t>(Check::Kind::Instr) + 1;
}
constexpr std::uint8_t enumeration_count(Truth) {
  return static_cast<std::uint8_t>(Truth::Unknown) + 1;
}

// Fields of the runtime part, each encoded by its C++ type: a string, a double (8 bytes), a flag,
// an enumeration, a Points (two counts), a signed integer (zigzag varint) or an unsigned count
// (varint). The one place that says how each kind of field is written and read.
template <class Io, class... T>
void fields(Io& io, T&... field) {
  const auto one = [&io](auto& f) {
    using F = std::remove_const_t<std::remove_reference_t<decltype(f)>>;
    if constexpr (std::is_same_v<F, std::string>) {
      io.string(f);
    } else if constexpr (std::is_same_v<F, double>) {
      io.number(f);
    } else if constexpr (std::is_same_v<F, bool>) {
      io.flag(f);
    } else if constexpr (std::is_enum_v<F>) {
      io.enumeration(f, enumeration_count(F{}));
    } else if constexpr (std::is_same_v<F, Points>) {
      io.count(f.first);
      io.count(f.count);
    } else if constexpr (std::is_signed_v<F>) {
      io.integer(f);
    } else {
      static_assert(std::is_unsigned_v<F>, "a field the format cannot encode");
      io.count(f);
    }
  };
  (one(field), ...);
}

// The fields of the runtime part, in order: one list shared by the reader (runtime/format.cpp)
// and the writer (compiler/format_writer.cpp), so the two cannot disagree. `M` is CompiledModel
// when reading and const CompiledModel when writing. The sorted tables and the checks come last:
// the compiler makes them once (sort_tables(), prepare_checks()), and the reader checks that
// every index is in range.
template <class Io, class M>
void visit_model(Io& io, M& m) {
  fields(io, m.id, m.version, m.hash);
  io.list(m.dimensions, [&](auto& d) { fields(io, d.id, d.min, d.max, d.weight); });
  io.list(m.contributions,
          [&](auto& c) { fields(io, c.dimension, c.points, c.source, c.id, c.text); });
  io.list(m.questions, [&](auto& q) {
    fields(io, q.id, q.type, q.text, q.required, q.show_if);
    io.list(q.options, [&](auto& o) { fields(io, o.value, o.text, o.points); });
    fields(io, q.min, q.max);
    io.list(q.bands, [&](auto& b) { fields(io, b.min, b.max, b.text, b.has_label, b.points); });
    fields(io, q.true_points, q.max_length);
    io.list(q.options_by_value, [&](auto& o) { fields(io, o); });
  });
  io.list(m.computed, [&](auto& c) { fields(io, c.id, c.expr); });
  io.list(m.signals, [&](auto& s) { fields(io, s.id, s.text, s.points, s.cap, s.half_life_days); });
  io.list(m.rules, [&](auto& r) { fields(io, r.id, r.condition, r.add, r.disqualifies, r.text); });
  fields(io, m.has_grade);
  io.list(m.grade_from, [&](auto& d) { fields(io, d); });
  io.list(m.grade_bands, [&](auto& b) { fields(io, b.grade, b.has_min, b.min); });
  io.list(m.stages, [&](auto& s) { fields(io, s.id, s.label, s.condition); });
  fields(io, m.sharing.reasons, m.sharing.dimensions);
  io.list(m.sharing.computed, [&](auto& c) { fields(io, c); });
  io.list(m.expressions, [&](auto& e) {
    fields(io, e.start, e.pointer);
    io.list(e.reads, [&](auto& slot) { fields(io, slot); });
    fields(io, e.check);
  });
  io.list(m.program.code, [&](auto& i) {
    fields(io, i.op, i.fn, i.dynamic_args, i.kids, i.size, i.arg, i.path, i.path_length);
  });
  io.list(m.program.constants, [&](auto& v) { io.value(v); });
  io.list(m.plan, [&](auto& s) { fields(io, s.is_question, s.index); });
  fields(io, m.slots.signals, m.slots.dimensions, m.slots.score, m.slots.percent, m.slots.grade,
         m.slots.complete, m.slots.count, m.max_steps);
  io.list(m.dimensions_by_id, [&](auto& d) { fields(io, d); });
  io.list(m.computed_by_id, [&](auto& c) { fields(io, c); });
  io.list(m.questions_by_id, [&](auto& q) { fields(io, q); });
  io.list(m.signals_by_id, [&](auto& s) { fields(io, s); });
  io.list(m.names, [&](auto& n) { fields(io, n.first, n.second); });
  io.list(m.checks, [&](auto& c) {
    fields(io, c.kind, c.op, c.a_slot, c.b_slot, c.truth, c.kids, c.size, c.a, c.b, c.pc);
    fields(io, c.length, c.key, c.tail);
  });
}

}  // namespace leadqual
