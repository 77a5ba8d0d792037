// Model::items() and Model::trace(): the parts of a model that hold or not per lead, numbered in
// model order, and which of them held for one lead (what backtests count, calibration learns).
#include <string>
#include <vector>

#include "core/compiler/answers.hpp"
#include "core/leadqual.hpp"
#include "core/runtime/score.hpp"
#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

// How many items question `question` has.
std::size_t item_count(const Question& question) {
  switch (question.type) {
    case QuestionType::Choice:
    case QuestionType::Multi:
      return question.options.size();
    case QuestionType::Number:
    case QuestionType::Range:
      return question.bands.size();
    case QuestionType::Boolean:
      return 1;
    default:
      return 0;
  }
}

// What the points add to the score: Σ weight × points over the dimensions.
double score_points(const CompiledModel& m, const Points& points) {
  double total = 0;
  for (std::uint32_t k = points.first; k < points.first + points.count; ++k) {
    const Contribution& c = m.contributions[k];
    total += m.dimensions[static_cast<std::size_t>(c.dimension)].weight * c.points;
  }
  return total;
}

// The question an answer error's path ("/employees", "/channels/2") is about, or -1 (signal
// errors, and evaluation errors, whose path is into the model).
int question_of(const CompiledModel& m, const AnswerError& e) {
  const std::string& path = e.path;
  if (path.empty() || path[0] != '/' || std::string_view(e.code) == "eval_error") return -1;
  const std::size_t end = path.find('/', 1);
  const std::string_view first =
      std::string_view(path).substr(0, end == std::string::npos ? path.size() : end);
  for (std::size_t q = 0; q < m.questions.size(); ++q) {
    if (m.questions[q].answer_path == first) return static_cast<int>(q);
  }
  return -1;
}

void write_trace(const CompiledModel& m, const Result& r, ScoreTrace& out) {
  out.score = r.score;
  out.disqualifier = r.disqualified;
  out.stage = r.disqualified >= 0 ? -1 : r.stage;
  out.items.clear();
  out.answered.resize(m.questions.size());
  int base = 0;
  for (std::size_t q = 0; q < m.questions.size(); ++q) {
    const Question& question = m.questions[q];
    const int first = base;
    base += static_cast<int>(item_count(question));
    out.answered[q] = r.visible[q] && r.answered[q];
    if (!out.answered[q]) continue;
    switch (question.type) {
      case QuestionType::Choice:
        out.items.push_back(first + r.chosen[q]);
        break;
      case QuestionType::Multi:
        for (std::size_t o = 0; o < question.options.size(); ++o) {
          if (r.selected[question.first_option + o])
            out.items.push_back(first + static_cast<int>(o));
        }
        break;
      case QuestionType::Number:
      case QuestionType::Range:
        if (r.band[q] >= 0) out.items.push_back(first + r.band[q]);
        break;
      case QuestionType::Boolean:
        if (r.slots[q].as_bool()) out.items.push_back(first);
        break;
      default:
        break;
    }
  }
  for (std::size_t i = 0; i < m.rules.size(); ++i) {
    if (r.fired[i]) out.items.push_back(base + static_cast<int>(i));
  }
  out.errors.resize(r.errors.size());
  for (std::size_t i = 0; i < r.errors.size(); ++i) {
    const AnswerError& e = r.errors[i];
    ScoreTrace::Error& error = out.errors[i];
    error.question = question_of(m, e);
    error.code = e.code;
    error.message = e.message;
  }
}

// Per thread, reused from one lead to the next.
struct TraceScratch {
  Input input;
  Result result;
};
thread_local TraceScratch trace_scratch;

}  // namespace

std::vector<ModelItem> Model::items() const {
  const CompiledModel& m = compiled_;
  std::vector<ModelItem> items;
  for (std::size_t q = 0; q < m.questions.size(); ++q) {
    const Question& question = m.questions[q];
    const std::string at = pointer_append("/questions", q);
    const auto add = [&](ModelItem::Kind kind, std::size_t index, std::string pointer,
                         const std::string& text, const std::string& own_text,
                         const Points& points) {
      ModelItem item;
      item.kind = kind;
      item.question = static_cast<int>(q);
      item.index = static_cast<int>(index);
      item.pointer = std::move(pointer);
      item.id = question.id;
      item.text = text;
      item.name = question.id + ": " + own_text;
      item.points = score_points(m, points);
      items.push_back(std::move(item));
    };
    switch (question.type) {
      case QuestionType::Choice:
      case QuestionType::Multi:
        for (std::size_t o = 0; o < question.options.size(); ++o) {
          const Option& option = question.options[o];
          add(ModelItem::Kind::Option, o, pointer_append(pointer_append(at, "options"), o),
              option.text, option.text, option.points);
        }
        break;
      case QuestionType::Number:
      case QuestionType::Range:
        for (std::size_t b = 0; b < question.bands.size(); ++b) {
          const Band& band = question.bands[b];
          // Without a label of its own a band's text is "Question label: bounds".
          const std::string prefix = question.text + ": ";
          const bool prefixed = !band.has_label && band.text.compare(0, prefix.size(), prefix) == 0;
          const std::string own_text = prefixed ? band.text.substr(prefix.size()) : band.text;
          add(ModelItem::Kind::Band, b, pointer_append(pointer_append(at, "bands"), b), band.text,
              own_text, band.points);
        }
        break;
      case QuestionType::Boolean:
        add(ModelItem::Kind::Boolean, 0, at, question.text, "yes", question.true_points);
        break;
      default:
        break;
    }
  }
  for (std::size_t r = 0; r < m.rules.size(); ++r) {
    const Rule& rule = m.rules[r];
    ModelItem item;
    item.kind = rule.disqualifies ? ModelItem::Kind::Disqualifier : ModelItem::Kind::Rule;
    item.index = static_cast<int>(r);
    item.pointer = pointer_append("/rules", r);
    item.id = rule.id;
    item.text = rule.text;
    item.name = "rule " + rule.id + (rule.text == rule.id ? "" : ": " + rule.text);
    item.points = score_points(m, rule.add);
    items.push_back(std::move(item));
  }
  return items;
}

void Model::trace(const nlohmann::json& answers, const ScoreOptions& options,
                  ScoreTrace& out) const {
  TraceScratch& s = trace_scratch;
  read_answers(compiled_, answers, options.signals, s.input);
  leadqual::score(compiled_, s.input, options.now_ms, s.result);
  write_trace(compiled_, s.result, out);
}

void Model::trace(const std::vector<const nlohmann::json*>& answers, const ScoreOptions& options,
                  ScoreTrace& out) const {
  TraceScratch& s = trace_scratch;
  read_answers(compiled_, answers, options.signals, s.input);
  leadqual::score(compiled_, s.input, options.now_ms, s.result);
  write_trace(compiled_, s.result, out);
}

}  // namespace leadqual
