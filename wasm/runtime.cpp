// Embind bindings of the runtime (src/core/runtime): a compiled model, and sessions whose answers
// JS writes as numbers straight into wasm memory. Linked into both modules: alone it is the
// runtime module pages load (no JSON parser, no compiler); with bindings.cpp it is the core.
//
// A session holds one cell per question, then one per signal. JS writes a cell's kind and number
// into two typed memory views (kinds(), numbers()); strings (text answers, unknown option values)
// and arrays go through setText/setArray/setItem, only where there are some. score() fills a
// flat summary (summary()) that JS reads as numbers; the canonical text and the rare parts (errors,
// computed values that are not numbers) are written only when asked for.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "runtime.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/runtime/format.hpp"
#include "core/runtime/json_writer.hpp"
#include "core/runtime/score.hpp"

namespace leadqual::wasm {
namespace {

using emscripten::val;

// A cell's kind as JS writes it: RawKind's values, and one more: an option of the question,
// given by its index in numbers() (the JS slot table resolved the value), so no text crosses.
constexpr std::uint8_t kOption = kRawKindCount;

// The summary's fixed head; dimensions (by index), computed numbers (by index; NaN when null or
// not a number: then computedText), then (contribution, points) per reason follow.
enum Head : std::size_t {
  kScore,
  kPercent,       // NaN: null
  kGrade,         // index into grade bands; -1: null
  kStage,         // index into stages; -1: null (or disqualified)
  kDisqualified,  // index of the rule; -1: not disqualified
  kComplete,
  kReasons,  // how many follow
  kErrors,   // how many (errorsText() has them)
  kHeadSize
};

void write_model_tables(const CompiledModel& m, std::string& out) {
  TextWriter w(out);
  auto strings = [&](const char* key, std::size_t n, auto get) {
    out += '"';
    out += key;
    out += "\":[";
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) out += ',';
      w.string(get(i));
    }
    out += ']';
  };
  out += '{';
  strings("dimensions", m.dimensions.size(), [&](std::size_t i) { return m.dimensions[i].id; });
  out += ',';
  strings("computed", m.computed.size(), [&](std::size_t i) { return m.computed[i].id; });
  out += ',';
  strings("signals", m.signals.size(), [&](std::size_t i) { return m.signals[i].id; });
  out += ',';
  strings("grades", m.grade_bands.size(), [&](std::size_t i) { return m.grade_bands[i].grade; });
  out += ',';
  strings("stages", m.stages.size(), [&](std::size_t i) { return m.stages[i].id; });
  out += ",\"rules\":[";
  for (std::size_t i = 0; i < m.rules.size(); ++i) {
    out += i > 0 ? ",[" : "[";
    w.string(m.rules[i].id);
    out += ',';
    w.string(m.rules[i].text);
    out += ']';
  }
  out += "],\"questions\":[";
  for (std::size_t q = 0; q < m.questions.size(); ++q) {
    const Question& question = m.questions[q];
    out += q > 0 ? ",[" : "[";
    w.string(question.id);
    out += ',';
    w.string(question_type_name(question.type));
    out += ",[";
    for (std::size_t o = 0; o < question.options.size(); ++o) {
      if (o > 0) out += ',';
      w.string(question.options[o].value);
    }
    out += "]]";
  }
  out += "],\"contributions\":[";
  for (std::size_t i = 0; i < m.contributions.size(); ++i) {
    const Contribution& c = m.contributions[i];
    out += i > 0 ? ",[" : "[";
    w.string(m.dimensions[static_cast<std::size_t>(c.dimension)].id);
    out += ',';
    w.string(c.id);
    out += ',';
    w.string(source_name(c.source));
    out += ',';
    w.string(c.text);
    out += ']';
  }
  out += "],\"model\":";
  out += m.model_json;
  out += '}';
}

}  // namespace

class RuntimeSession {
 public:
  explicit RuntimeSession(std::shared_ptr<const CompiledModel> model)
      : model_(std::move(model)),
        questions_(model_->questions.size()),
        cells_(questions_ + model_->signals.size()),
        kinds_(cells_, static_cast<std::uint8_t>(RawKind::Absent)),
        numbers_(cells_, 0),
        texts_(cells_),
        items_(cells_),
        visible_(questions_, 0),
        summary_(kHeadSize + model_->dimensions.size() + model_->computed.size() +
                     2 * model_->contributions.size(),
                 0) {}

  val kinds() { return val(emscripten::typed_memory_view(kinds_.size(), kinds_.data())); }
  val numbers() { return val(emscripten::typed_memory_view(numbers_.size(), numbers_.data())); }
  val summary() { return val(emscripten::typed_memory_view(summary_.size(), summary_.data())); }
  val visible() { return val(emscripten::typed_memory_view(visible_.size(), visible_.data())); }

  void setText(int cell, const std::string& text) {
    if (!valid(cell)) return;
    const auto c = static_cast<std::size_t>(cell);
    kinds_[c] = static_cast<std::uint8_t>(RawKind::String);
    texts_[c] = text;
  }
  // An array of `count` elements (each then set with setItem/setItemText; null until then).
  void setArray(int cell, int count) {
    if (!valid(cell) || count < 0) return;
    const auto c = static_cast<std::size_t>(cell);
    kinds_[c] = static_cast<std::uint8_t>(RawKind::Array);
    items_[c].clear();
    items_[c].resize(static_cast<std::size_t>(count));
  }
  void setItem(int cell, int index, int kind, double number) {
    Item* item = item_at(cell, index);
    if (item == nullptr || kind < 0 || kind > kOption) return;
    item->kind = static_cast<std::uint8_t>(kind);
    item->number = number;
  }
  void setItemText(int cell, int index, const std::string& text) {
    Item* item = item_at(cell, index);
    if (item == nullptr) return;
    item->kind = static_cast<std::uint8_t>(RawKind::String);
    item->text = text;
  }
  // Keys that name no question (or no signal): reported as errors, as in the JSON form.
  void clearUnknown() {
    unknown_questions_.clear();
    unknown_signals_.clear();
  }
  void addUnknown(bool signal, const std::string& key) {
    (signal ? unknown_signals_ : unknown_questions_).push_back(key);
  }
  // Frees the strings of every cell (a one-off score is done with them).
  void clearTexts() {
    for (std::string& text : texts_) std::string().swap(text);
    for (std::vector<Item>& items : items_) std::vector<Item>().swap(items);
  }

  // Scores the cells as they are now; the summary, visible() and the texts below follow.
  void score(double now_ms) {
    read_input();
    leadqual::score(*model_, input_, now_ms, result_);
    write_summary();
  }

  std::string resultText() const {
    std::string out;
    out.reserve(512 + 160 * result_.reasons.size());
    write_result(*model_, result_, out);
    return out;
  }
  std::string stateText() const {
    std::string out;
    write_state(*model_, result_, out);
    return out;
  }
  // [{"code","message","path"}] of the last score.
  std::string errorsText() const {
    std::string out;
    write_errors(result_, out);
    return out;
  }
  // One computed value of the last score as JSON text (for values that are not numbers).
  std::string computedText(int index) const {
    std::string out;
    if (index < 0 || static_cast<std::size_t>(index) >= model_->computed.size()) return "null";
    TextWriter(out).value(result_.computed(*model_, static_cast<std::size_t>(index)));
    return out;
  }

 private:
  struct Item {
    std::uint8_t kind = static_cast<std::uint8_t>(RawKind::Null);
    double number = 0;
    std::string text;
  };

  bool valid(int cell) const { return cell >= 0 && static_cast<std::size_t>(cell) < cells_; }
  Item* item_at(int cell, int index) {
    if (!valid(cell) || index < 0) return nullptr;
    std::vector<Item>& items = items_[static_cast<std::size_t>(cell)];
    return static_cast<std::size_t>(index) < items.size() ? &items[static_cast<std::size_t>(index)]
                                                          : nullptr;
  }

  // One value as the scorer reads it; an option index becomes the option's own value (text in
  // the compiled model), so the scorer sees exactly what the JSON form gives it.
  void read(std::uint8_t kind, double number, const std::string& text, const Question* question,
            Raw& raw) const {
    if (kind == kOption) {
      const auto o = static_cast<std::size_t>(number);
      if (question != nullptr && number >= 0 && o < question->options.size()) {
        raw.kind = RawKind::String;
        raw.text = question->options[o].value;
      } else {
        raw.kind = RawKind::Null;
      }
      return;
    }
    raw.kind = static_cast<RawKind>(kind);
    if (raw.kind == RawKind::Bool) raw.boolean = number != 0;
    if (raw.kind == RawKind::Number) raw.number = number;
    if (raw.kind == RawKind::String) raw.text = text;
  }

  void read_input() {
    input_.reset(*model_);
    for (std::size_t c = 0; c < cells_; ++c) {
      const bool is_question = c < questions_;
      const Question* question = is_question ? &model_->questions[c] : nullptr;
      Raw& raw = is_question ? input_.questions[c] : input_.signal_values[c - questions_];
      if (kinds_[c] == static_cast<std::uint8_t>(RawKind::Array)) {
        const std::vector<Item>& items = items_[c];
        Raw* out = input_.add_items(raw, items.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
          read(items[i].kind, items[i].number, items[i].text, question, out[i]);
        }
      } else if (kinds_[c] <= kOption) {
        read(kinds_[c], numbers_[c], texts_[c], question, raw);
      }
    }
    for (const std::string& key : unknown_questions_) input_.unknown_questions.push_back(key);
    for (const std::string& key : unknown_signals_) input_.unknown_signals.push_back(key);
  }

  void write_summary() {
    const CompiledModel& m = *model_;
    const Result& r = result_;
    double* s = summary_.data();
    s[kScore] = r.score;
    s[kPercent] = r.percent;
    s[kGrade] = r.grade;
    s[kStage] = r.stage;
    s[kDisqualified] = r.disqualified;
    s[kComplete] = r.complete ? 1 : 0;
    s[kErrors] = static_cast<double>(r.errors.size());
    std::size_t at = kHeadSize;
    for (std::size_t d = 0; d < m.dimensions.size(); ++d) s[at++] = r.dimensions[d];
    for (std::size_t c = 0; c < m.computed.size(); ++c) {
      const Value& value = r.computed(m, c);
      s[at++] = value.is_number() ? value.as_number() : std::nan("");
    }
    // Every reason is one contribution counted once, so they always fit.
    const std::size_t room = (summary_.size() - at) / 2;
    const std::size_t reasons = std::min(room, r.reasons.size());
    s[kReasons] = static_cast<double>(reasons);
    for (std::size_t i = 0; i < reasons; ++i) {
      s[at++] = r.reasons[i].contribution;
      s[at++] = r.reasons[i].points;
    }
    for (std::size_t q = 0; q < questions_; ++q) visible_[q] = r.visible[q] ? 1 : 0;
  }

  std::shared_ptr<const CompiledModel> model_;
  std::size_t questions_;
  std::size_t cells_;
  std::vector<std::uint8_t> kinds_;
  std::vector<double> numbers_;
  std::vector<std::string> texts_;
  std::vector<std::vector<Item>> items_;
  std::vector<std::string> unknown_questions_;
  std::vector<std::string> unknown_signals_;
  std::vector<std::uint8_t> visible_;
  std::vector<double> summary_;
  Input input_;
  Result result_;
};

RuntimeSession RuntimeModel::session() const {
  return RuntimeSession(model_);
}

std::string RuntimeModel::tables() const {
  std::string out;
  write_model_tables(*model_, out);
  return out;
}

namespace {

// The outcome of loading compiled bytes: a model, or why the bytes were refused.
class RuntimeLoad {
 public:
  explicit RuntimeLoad(const std::string& bytes) {
    auto model = std::make_shared<CompiledModel>();
    if (read_compiled(bytes, *model, error_)) model_ = std::move(model);
  }
  bool ok() const { return model_ != nullptr; }
  std::string error() const { return error_; }
  RuntimeModel model() const { return RuntimeModel(model_); }

 private:
  std::shared_ptr<const CompiledModel> model_;
  std::string error_;
};

RuntimeLoad load_compiled(const std::string& bytes) {
  return RuntimeLoad(bytes);
}

}  // namespace
}  // namespace leadqual::wasm

EMSCRIPTEN_BINDINGS(leadqual_runtime) {
  using namespace leadqual::wasm;
  using emscripten::class_;
  using emscripten::function;
  class_<RuntimeModel>("RuntimeModel")
      .function("normalized", &RuntimeModel::normalized)
      .function("initialState", &RuntimeModel::initialState)
      .function("tables", &RuntimeModel::tables)
      .function("id", &RuntimeModel::id)
      .function("version", &RuntimeModel::version)
      .function("hash", &RuntimeModel::hash)
      .function("session", &RuntimeModel::session);
  class_<RuntimeSession>("RuntimeSession")
      .function("kinds", &RuntimeSession::kinds)
      .function("numbers", &RuntimeSession::numbers)
      .function("summary", &RuntimeSession::summary)
      .function("visible", &RuntimeSession::visible)
      .function("setText", &RuntimeSession::setText)
      .function("setArray", &RuntimeSession::setArray)
      .function("setItem", &RuntimeSession::setItem)
      .function("setItemText", &RuntimeSession::setItemText)
      .function("clearUnknown", &RuntimeSession::clearUnknown)
      .function("addUnknown", &RuntimeSession::addUnknown)
      .function("clearTexts", &RuntimeSession::clearTexts)
      .function("score", &RuntimeSession::score)
      .function("resultText", &RuntimeSession::resultText)
      .function("stateText", &RuntimeSession::stateText)
      .function("errorsText", &RuntimeSession::errorsText)
      .function("computedText", &RuntimeSession::computedText);
  class_<RuntimeLoad>("RuntimeLoad")
      .function("ok", &RuntimeLoad::ok)
      .function("error", &RuntimeLoad::error)
      .function("model", &RuntimeLoad::model);
  function("loadCompiled", &load_compiled);
}
