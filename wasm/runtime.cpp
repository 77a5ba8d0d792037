// The runtime's exports (src/core/runtime): a compiled model, and sessions whose answers JS
// writes as numbers straight into wasm memory. Plain C functions (extern "C", lq_*), not Embind:
// measured side by side, Embind's glue and registrations cost the runtime module 10.8 KB gzip and a
// third of its cold start (docs/performance.md, "Embind or plain exports"). Linked into both
// modules: alone it is the runtime module pages load (no JSON parser, no compiler, no Embind);
// with bindings.cpp (Embind) it is the core, whose loaded models are handed out as these handles,
// so web/leadqual.js drives scoring the same way in both.
//
// Handles are addresses: lq_load / lq_session make one, lq_model_free / lq_session_free end it
// (JS owns them; web/leadqual.js frees each once). Text and bytes come in through one buffer
// (lq_buffer(size) gives its address, JS writes UTF-8 there, the call then takes the size);
// text goes out as an address (the call's return value) and a size (lq_size()), valid until the
// next call.
//
// A session holds one cell per question, then one per signal. JS writes a cell's kind and number
// into two arrays it views in wasm memory (lq_kinds, lq_numbers); strings (text answers, unknown
// option values) and arrays go through lq_set_text/lq_set_array/lq_set_item, only where there
// are some; a one-off score's short strings are interned once (lq_intern) and then named by
// index. lq_score fills a flat summary (lq_summary) that JS reads as numbers; the canonical text
// and the rare parts (errors, computed values that are not numbers) are written only when asked
// for.
#include <emscripten/emscripten.h>

#include "runtime.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/runtime/format.hpp"
#include "core/runtime/iso8601.hpp"
#include "core/runtime/json_writer.hpp"
#include "core/runtime/score.hpp"
#include "core/runtime/text.hpp"

namespace leadqual::wasm {
namespace {

// A cell's kind as JS writes it: RawKind's values, and two more: an option of the question,
// given by its index in numbers() (the JS slot table resolved the value), so no text crosses;
// and a string the session interned earlier (lq_intern), by its index: one-off scores send each
// distinct short text once, not once per lead.
constexpr std::uint8_t kOption = kRawKindCount;
constexpr std::uint8_t kInterned = kRawKindCount + 1;

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

// The codes above by name, as lq_codes() hands them to web/leadqual.js (which does not write the
// numbers again): every RawKind, the option and interned kinds, and where the summary's
// dimensions start.
std::string codes_text() {
  const std::pair<const char*, std::size_t> codes[] = {
      {"absent", static_cast<std::size_t>(RawKind::Absent)},
      {"null", static_cast<std::size_t>(RawKind::Null)},
      {"boolean", static_cast<std::size_t>(RawKind::Bool)},
      {"number", static_cast<std::size_t>(RawKind::Number)},
      {"string", static_cast<std::size_t>(RawKind::String)},
      {"array", static_cast<std::size_t>(RawKind::Array)},
      {"object", static_cast<std::size_t>(RawKind::Object)},
      {"option", kOption},
      {"interned", kInterned},
      {"head", kHeadSize},
  };
  static_assert(sizeof(codes) / sizeof(codes[0]) == kRawKindCount + 3, "a RawKind is not named");
  std::string out = "{";
  for (const auto& [name, code] : codes) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += name;
    out += "\":";
    out += leadqual::decimal(code);
  }
  out += '}';
  return out;
}

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
  explicit RuntimeSession(RuntimeModel& owner)
      : owner_(owner),
        model_(&owner.compiled()),
        questions_(model_->questions.size()),
        cells_(questions_ + model_->signals.size()),
        kinds_(cells_, static_cast<std::uint8_t>(RawKind::Absent)),
        numbers_(cells_, 0),
        texts_(cells_),
        items_(cells_),
        visible_(questions_, 0),
        summary_(kHeadSize + model_->dimensions.size() + model_->computed.size() +
                     2 * model_->contributions.size(),
                 0) {
    owner_.retain();
  }
  RuntimeSession(const RuntimeSession&) = delete;
  RuntimeSession& operator=(const RuntimeSession&) = delete;
  ~RuntimeSession() { owner_.release(); }

  // The arrays JS views in wasm memory: kinds and numbers (one per cell), visible (one per
  // question), summary. They never move: their sizes are the model's.
  std::uint8_t* kinds() { return kinds_.data(); }
  double* numbers() { return numbers_.data(); }
  double* summary() { return summary_.data(); }
  std::uint8_t* visible() { return visible_.data(); }
  std::size_t cells() const { return cells_; }
  std::size_t questions() const { return questions_; }
  std::size_t summarySize() const { return summary_.size(); }

  void setText(int cell, std::string_view text) {
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
    if (item == nullptr || kind < 0 || kind > kInterned) return;
    item->kind = static_cast<std::uint8_t>(kind);
    item->number = number;
  }
  void setItemText(int cell, int index, std::string_view text) {
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
  void addUnknown(bool signal, std::string_view key) {
    (signal ? unknown_signals_ : unknown_questions_).emplace_back(key);
  }
  // A string cells can then name by the index this returns (kind kInterned); JS bounds how many.
  int intern(std::string_view text) {
    interned_.emplace_back(text);
    return static_cast<int>(interned_.size() - 1);
  }
  void clearInterned() { std::vector<std::string>().swap(interned_); }
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

  // The texts of the last score, each in the session's one reply (valid until the next).
  const std::string& resultText() {
    reply_.clear();
    reply_.reserve(512 + 160 * result_.reasons.size());
    write_result(*model_, result_, reply_);
    return reply_;
  }
  // [{"code","message","path"}] of the last score.
  const std::string& errorsText() {
    reply_.clear();
    write_errors(result_, reply_);
    return reply_;
  }
  // One computed value of the last score as JSON text (for values that are not numbers).
  const std::string& computedText(int index) {
    reply_ = "null";
    if (index < 0 || static_cast<std::size_t>(index) >= model_->computed.size()) return reply_;
    reply_.clear();
    TextWriter(reply_).value(result_.computed(*model_, static_cast<std::size_t>(index)));
    return reply_;
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
  LEADQUAL_INLINE void read(std::uint8_t kind, double number, const std::string& text,
                            const Question* question, Raw& raw) const {
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
    if (kind == kInterned) {
      const auto i = static_cast<std::size_t>(number);
      if (number >= 0 && i < interned_.size()) {
        raw.kind = RawKind::String;
        raw.text = interned_[i];
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
      } else if (kinds_[c] <= kInterned) {
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

  RuntimeModel& owner_;  // keeps model_ alive (see RuntimeModel)
  const CompiledModel* model_;
  std::size_t questions_;
  std::size_t cells_;
  std::vector<std::uint8_t> kinds_;
  std::vector<double> numbers_;
  std::vector<std::string> texts_;
  std::vector<std::vector<Item>> items_;
  std::vector<std::string> interned_;  // strings the cells may name (kInterned); views taken
                                       // in read_input, after the last lq_intern before a score
  std::vector<std::string> unknown_questions_;
  std::vector<std::string> unknown_signals_;
  std::vector<std::uint8_t> visible_;
  std::vector<double> summary_;
  Input input_;
  Result result_;
  std::string reply_;
};

std::unique_ptr<RuntimeSession> RuntimeModel::session() {
  return std::make_unique<RuntimeSession>(*this);
}

std::string RuntimeModel::tables() const {
  std::string out;
  write_model_tables(model_, out);
  return out;
}

std::uintptr_t hand_out(const CompiledModel& model, ModelOwner owner) {
  return reinterpret_cast<std::uintptr_t>(new RuntimeModel(model, std::move(owner)));
}

namespace {

// The one input buffer and the size of the last text handed out (see the top of this file).
struct Exchange {
  std::string input;
  std::size_t size = 0;
  std::string error;  // why the last lq_load refused its bytes
  std::string reply;  // a text made for one call (a model's tables)
};

Exchange& exchange() {
  static Exchange instance;
  return instance;
}

std::string_view input(std::size_t size) {
  const std::string& in = exchange().input;
  return std::string_view(in.data(), std::min(size, in.size()));
}

const char* text_out(const std::string& text) {
  exchange().size = text.size();
  return text.data();
}

}  // namespace
}  // namespace leadqual::wasm

using leadqual::wasm::RuntimeModel;
using leadqual::wasm::RuntimeSession;

extern "C" {

// The input buffer, at least `size` bytes; its address changes only when it grows.
EMSCRIPTEN_KEEPALIVE char* lq_buffer(std::size_t size) {
  std::string& in = leadqual::wasm::exchange().input;
  if (in.size() < size) in.resize(size);
  return in.data();
}

// The size of the text the last text-returning call handed out.
EMSCRIPTEN_KEEPALIVE std::size_t lq_size() {
  return leadqual::wasm::exchange().size;
}

// The date-time of `size` bytes in the input buffer in milliseconds since the epoch, read by the
// core's one ISO 8601 parser (JS's `now` option means what `leadqual --now` means); NaN when it
// is not one.
EMSCRIPTEN_KEEPALIVE double lq_parse_time(std::size_t size) {
  double ms = 0;
  return leadqual::parse_iso8601(leadqual::wasm::input(size), ms) ? ms : std::nan("");
}

// The kind codes JS writes into lq_kinds and the summary's head size, by name (codes_text).
EMSCRIPTEN_KEEPALIVE const char* lq_codes() {
  leadqual::wasm::exchange().reply = leadqual::wasm::codes_text();
  return leadqual::wasm::text_out(leadqual::wasm::exchange().reply);
}

// Loads the compiled model of `size` bytes in the input buffer: a model handle, or 0 (then
// lq_load_error() says why).
EMSCRIPTEN_KEEPALIVE std::uintptr_t lq_load(std::size_t size) {
  auto model = std::make_unique<leadqual::CompiledModel>();
  std::string& error = leadqual::wasm::exchange().error;
  error.clear();
  if (!leadqual::read_compiled(leadqual::wasm::input(size), *model, error)) return 0;
  const leadqual::CompiledModel& loaded = *model;
  return leadqual::wasm::hand_out(loaded, leadqual::wasm::model_owner(std::move(model)));
}

EMSCRIPTEN_KEEPALIVE const char* lq_load_error() {
  return leadqual::wasm::text_out(leadqual::wasm::exchange().error);
}

// Drops JS's reference: the model goes with its last session.
EMSCRIPTEN_KEEPALIVE void lq_model_free(RuntimeModel* model) {
  model->release();
}

// A text of the model: 0 the normalised model, 1 the tables, 2 the id, 3 the version, 4 the hash.
EMSCRIPTEN_KEEPALIVE const char* lq_model_text(const RuntimeModel* model, int which) {
  switch (which) {
    case 0:
      return leadqual::wasm::text_out(model->normalized());
    case 1:
      leadqual::wasm::exchange().reply = model->tables();
      return leadqual::wasm::text_out(leadqual::wasm::exchange().reply);
    case 2:
      return leadqual::wasm::text_out(model->id());
    case 3:
      return leadqual::wasm::text_out(model->version());
    default:
      return leadqual::wasm::text_out(model->hash());
  }
}

EMSCRIPTEN_KEEPALIVE RuntimeSession* lq_session(RuntimeModel* model) {
  return model->session().release();
}

EMSCRIPTEN_KEEPALIVE void lq_session_free(RuntimeSession* session) {
  std::unique_ptr<RuntimeSession> owned(session);
}

EMSCRIPTEN_KEEPALIVE std::uint8_t* lq_kinds(RuntimeSession* s) {
  return s->kinds();
}
EMSCRIPTEN_KEEPALIVE double* lq_numbers(RuntimeSession* s) {
  return s->numbers();
}
EMSCRIPTEN_KEEPALIVE double* lq_summary(RuntimeSession* s) {
  return s->summary();
}
EMSCRIPTEN_KEEPALIVE std::uint8_t* lq_visible(RuntimeSession* s) {
  return s->visible();
}
EMSCRIPTEN_KEEPALIVE std::size_t lq_cells(const RuntimeSession* s) {
  return s->cells();
}
EMSCRIPTEN_KEEPALIVE std::size_t lq_questions(const RuntimeSession* s) {
  return s->questions();
}
EMSCRIPTEN_KEEPALIVE std::size_t lq_summary_size(const RuntimeSession* s) {
  return s->summarySize();
}

// The text of `size` bytes in the input buffer as the cell's answer.
EMSCRIPTEN_KEEPALIVE void lq_set_text(RuntimeSession* s, int cell, std::size_t size) {
  s->setText(cell, leadqual::wasm::input(size));
}
EMSCRIPTEN_KEEPALIVE void lq_set_array(RuntimeSession* s, int cell, int count) {
  s->setArray(cell, count);
}
EMSCRIPTEN_KEEPALIVE void lq_set_item(RuntimeSession* s, int cell, int index, int kind,
                                      double number) {
  s->setItem(cell, index, kind, number);
}
EMSCRIPTEN_KEEPALIVE void lq_set_item_text(RuntimeSession* s, int cell, int index,
                                           std::size_t size) {
  s->setItemText(cell, index, leadqual::wasm::input(size));
}
EMSCRIPTEN_KEEPALIVE void lq_clear_unknown(RuntimeSession* s) {
  s->clearUnknown();
}
// The key of `size` bytes in the input buffer names no question (or, with `signal`, no signal).
EMSCRIPTEN_KEEPALIVE void lq_add_unknown(RuntimeSession* s, int signal, std::size_t size) {
  s->addUnknown(signal != 0, leadqual::wasm::input(size));
}
// Interns the text of `size` bytes in the input buffer: its index, for a cell of kind kInterned.
EMSCRIPTEN_KEEPALIVE int lq_intern(RuntimeSession* s, std::size_t size) {
  return s->intern(leadqual::wasm::input(size));
}
EMSCRIPTEN_KEEPALIVE void lq_clear_interned(RuntimeSession* s) {
  s->clearInterned();
}
EMSCRIPTEN_KEEPALIVE void lq_clear_texts(RuntimeSession* s) {
  s->clearTexts();
}

EMSCRIPTEN_KEEPALIVE void lq_score(RuntimeSession* s, double now_ms) {
  s->score(now_ms);
}
EMSCRIPTEN_KEEPALIVE const char* lq_result_text(RuntimeSession* s) {
  return leadqual::wasm::text_out(s->resultText());
}
EMSCRIPTEN_KEEPALIVE const char* lq_errors_text(RuntimeSession* s) {
  return leadqual::wasm::text_out(s->errorsText());
}
EMSCRIPTEN_KEEPALIVE const char* lq_computed_text(RuntimeSession* s, int index) {
  return leadqual::wasm::text_out(s->computedText(index));
}

}  // extern "C"
