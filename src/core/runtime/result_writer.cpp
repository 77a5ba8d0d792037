// A Result as its canonical JSON (write_result, write_errors, write_state of score.hpp): the
// documented bytes every caller prints, natively and in the browser. Kept apart from the scorer
// (score.cpp): this is the CLI's output hot path, written through a TextSink, which the CLI
// points at its output block: a result costs no std::string append at all.
#include <cstddef>
#include <cstring>
#include <string>

#include "core/runtime/json_writer.hpp"
#include "core/runtime/result_text.hpp"
#include "core/runtime/score.hpp"

namespace leadqual {
namespace {

void errors_into(const Result& r, TextSink& w) {
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

// A reason as write_result writes it: its contribution's head, the points, the tail.
void reason_into(const Contribution& c, double points, TextSink& w) {
  w.raw(c.head);
  w.number(points);
  w.raw(c.tail);
}

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// `reasons`: the texts ResultText keeps (by contribution), or nullptr to write every reason.
void result_into(const CompiledModel& m, const Result& r, TextSink& w,
                 std::vector<ResultText::Reason>* reasons = nullptr) {
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
    const Reason& reason = r.reasons[i];
    const Contribution& c = m.contributions[reason.contribution];
    if (reasons == nullptr) {
      reason_into(c, reason.points, w);
      continue;
    }
    ResultText::Reason& kept = (*reasons)[reason.contribution];
    if (!kept.written || !same_bits(kept.points, reason.points)) {
      kept.text.clear();
      TextBuffer text(kept.text);  // flushed at the end of the block
      reason_into(c, reason.points, text);
      kept.points = reason.points;
      kept.written = true;
    }
    w.raw(kept.text);
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

ResultText::ResultText(const CompiledModel& model)
    : model_(model), reasons_(model.contributions.size()) {}

void ResultText::write(const Result& result, std::string& out) {
  TextBuffer w(out);
  write(result, w);
}

void ResultText::write(const Result& result, TextSink& out) {
  result_into(model_, result, out, &reasons_);
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
