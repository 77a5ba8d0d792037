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

#include "core/runtime/model.hpp"

namespace leadqual {

constexpr char kCompiledMagic[4] = {'L', 'Q', 'C', 'M'};
// 2: stage labels, band has_label, the result sharing policy (submit.result).
constexpr std::uint32_t kCompiledFormat = 2;

// Whether `bytes` say they are a compiled model (they start with kCompiledMagic), rather than a
// model's JSON text.
inline bool is_compiled(std::string_view bytes) {
  return bytes.size() >= 4 && bytes.compare(0, 4, std::string_view(kCompiledMagic, 4)) == 0;
}

// Reads a compiled model. Every index, program and count is checked, so corrupt or hostile bytes
// are refused with `error` (never a crash); the derived fields are filled in (prepare()).
bool read_compiled(std::string_view bytes, CompiledModel& out, std::string& error);

// The fields of the runtime part, in order: one list shared by the reader (runtime/format.cpp)
// and the writer (compiler/format_writer.cpp), so the two cannot disagree. `M` is CompiledModel
// when reading and const CompiledModel when writing.
template <class Io, class M>
void visit_model(Io& io, M& m) {
  io.string(m.id);
  io.string(m.version);
  io.string(m.hash);
  io.list(m.dimensions, [&](auto& d) {
    io.string(d.id);
    io.number(d.min);
    io.number(d.max);
    io.number(d.weight);
  });
  io.list(m.contributions, [&](auto& c) {
    io.integer(c.dimension);
    io.number(c.points);
    io.enumeration(c.source, kSourceCount);
    io.string(c.id);
    io.string(c.text);
  });
  auto points = [&](auto& p) {
    io.count(p.first);
    io.count(p.count);
  };
  io.list(m.questions, [&](auto& q) {
    io.string(q.id);
    io.enumeration(q.type, kQuestionTypeCount);
    io.string(q.text);
    io.flag(q.required);
    io.integer(q.show_if);
    io.list(q.options, [&](auto& o) {
      io.string(o.value);
      io.string(o.text);
      points(o.points);
    });
    io.number(q.min);
    io.number(q.max);
    io.list(q.bands, [&](auto& b) {
      io.number(b.min);
      io.number(b.max);
      io.string(b.text);
      io.flag(b.has_label);
      points(b.points);
    });
    points(q.true_points);
    io.count(q.max_length);
  });
  io.list(m.computed, [&](auto& c) {
    io.string(c.id);
    io.integer(c.expr);
  });
  io.list(m.signals, [&](auto& s) {
    io.string(s.id);
    io.string(s.text);
    points(s.points);
    io.number(s.cap);
    io.number(s.half_life_days);
  });
  io.list(m.rules, [&](auto& r) {
    io.string(r.id);
    io.integer(r.condition);
    points(r.add);
    io.flag(r.disqualifies);
    io.string(r.text);
  });
  io.flag(m.has_grade);
  io.list(m.grade_from, [&](auto& d) { io.integer(d); });
  io.list(m.grade_bands, [&](auto& b) {
    io.string(b.grade);
    io.flag(b.has_min);
    io.number(b.min);
  });
  io.list(m.stages, [&](auto& s) {
    io.string(s.id);
    io.string(s.label);
    io.integer(s.condition);
  });
  io.enumeration(m.sharing.reasons, kSharedReasonsCount);
  io.flag(m.sharing.dimensions);
  io.list(m.sharing.computed, [&](auto& c) { io.integer(c); });
  io.list(m.expressions, [&](auto& e) {
    io.count(e.start);
    io.string(e.pointer);
    io.list(e.reads, [&](auto& slot) { io.integer(slot); });
  });
  io.list(m.program.code, [&](auto& i) {
    io.enumeration(i.op, static_cast<std::uint8_t>(Op::Count_));
    io.enumeration(i.fn, static_cast<std::uint8_t>(Fn::Count_));
    io.flag(i.dynamic_args);
    io.count(i.kids);
    io.count(i.size);
    io.integer(i.arg);
    io.count(i.path);
    io.count(i.path_length);
  });
  io.list(m.program.constants, [&](auto& v) { io.value(v); });
  io.list(m.plan, [&](auto& s) {
    io.flag(s.is_question);
    io.integer(s.index);
  });
  io.integer(m.slots.signals);
  io.integer(m.slots.dimensions);
  io.integer(m.slots.score);
  io.integer(m.slots.percent);
  io.integer(m.slots.grade);
  io.integer(m.slots.complete);
  io.integer(m.slots.count);
  io.count(m.max_steps);
}

}  // namespace leadqual
