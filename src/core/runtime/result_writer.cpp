// A Result as its canonical JSON (write_result, write_errors, write_state of score.hpp): the
// documented bytes every caller prints, natively and in the browser. Kept apart from the scorer
// (score.cpp): this is the CLI's output hot path, written through a TextBuffer so that a result
// costs a few std::string appends, not one per piece.
#include <cstddef>
#include <string>

#include "core/runtime/json_writer.hpp"
#include "core/runtime/score.hpp"

namespace leadqual {
namespace {

void errors_into(const Result& r, TextBuffer& w) {
  w.raw('[');
  for (std::size_t i = 0; i < r.errors.size(); ++i) {
    const AnswerError& e = r.errors[i];
    w.raw(i > 0 ? std::string_view(",{\"code\":") : std::string_view("{\"code\":"));
    w.string(e.code);
    w.raw(",\"message\":");
    w.string(e.message);
    w.raw(",\"path\":");
    w.string(e.path);
    w.raw('}');
  }
  w.raw(']');
}

void result_into(const CompiledModel& m, const Result& r, TextBuffer& w) {
  w.raw(r.complete ? std::string_view("{\"complete\":true,\"computed\":{")
                   : std::string_view("{\"complete\":false,\"computed\":{"));
  for (std::size_t i = 0; i < m.computed_by_id.size(); ++i) {
    auto c = static_cast<std::size_t>(m.computed_by_id[i]);
    if (i > 0) w.raw(',');
    w.string(m.computed[c].id);
    w.raw(':');
    const Value& value = r.computed(m, c);
    if (value.is_number()) {
      w.number(value.as_number());
    } else {
      w.value(value);
    }
  }
  w.raw("},\"dimensions\":{");
  for (std::size_t i = 0; i < m.dimensions_by_id.size(); ++i) {
    auto d = static_cast<std::size_t>(m.dimensions_by_id[i]);
    if (i > 0) w.raw(',');
    w.string(m.dimensions[d].id);
    w.raw(':');
    w.number(r.dimensions[d]);
  }
  if (r.disqualified < 0) {
    w.raw("},\"disqualified\":null,\"errors\":");
  } else {
    const Rule& rule = m.rules[static_cast<std::size_t>(r.disqualified)];
    w.raw("},\"disqualified\":{\"reason\":");
    w.string(rule.text);
    w.raw(",\"rule\":");
    w.string(rule.id);
    w.raw("},\"errors\":");
  }
  if (r.errors.empty()) {
    w.raw("[]");
  } else {
    errors_into(r, w);
  }
  if (r.grade < 0) {
    w.raw(",\"grade\":null,\"model\":");
  } else {
    w.raw(",\"grade\":");
    w.string(m.grade_bands[static_cast<std::size_t>(r.grade)].grade);
    w.raw(",\"model\":");
  }
  w.raw(m.model_json);
  w.raw(",\"percent\":");
  w.number(r.percent);
  w.raw(",\"reasons\":[");
  for (std::size_t i = 0; i < r.reasons.size(); ++i) {
    if (i > 0) w.raw(',');
    const Contribution& c = m.contributions[r.reasons[i].contribution];
    w.raw(c.head);
    w.number(r.reasons[i].points);
    w.raw(c.tail);
  }
  w.raw("],\"score\":");
  w.number(r.score);
  if (r.disqualified >= 0) {
    w.raw(",\"stage\":\"disqualified\"}");
  } else if (r.stage < 0) {
    w.raw(",\"stage\":null}");
  } else {
    w.raw(",\"stage\":");
    w.string(m.stages[static_cast<std::size_t>(r.stage)].id);
    w.raw('}');
  }
}

}  // namespace

void write_errors(const Result& r, std::string& out) {
  TextBuffer w(out);
  errors_into(r, w);
}

void write_result(const CompiledModel& m, const Result& r, std::string& out) {
  TextBuffer w(out);
  result_into(m, r, w);
}

void write_state(const CompiledModel& m, const Result& r, std::string& out) {
  TextBuffer w(out);
  w.raw("{\"result\":");
  result_into(m, r, w);
  w.raw(",\"visible\":[");
  bool first = true;
  for (std::size_t q = 0; q < m.questions.size(); ++q) {
    if (!r.visible[q]) continue;
    if (!first) w.raw(',');
    first = false;
    w.string(m.questions[q].id);
  }
  w.raw("]}");
}

}  // namespace leadqual
