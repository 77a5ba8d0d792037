// compile_model: validate a model document, reporting every problem by JSON Pointer, and compile
// it into a CompiledModel (expressions compiled to one program, evaluation order fixed), then
// into the bytes of the compiled-model format.
#include "core/compiler/compile.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/compiler/format_writer.hpp"
#include "core/compiler/json_text.hpp"
#include "core/compiler/placeholders.hpp"
#include "core/compiler/sha256.hpp"
#include "core/compiler/vocabulary.hpp"
#include "core/runtime/score.hpp"
#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

using json = nlohmann::json;
using Keys = std::vector<std::string>;

// The words of the format (question types, every object's keys, formats) are the vocabulary's.
using vocabulary::keys_of;
const Keys& kQuestionTypes = vocabulary::question_type_names();
const Keys& kAllQuestionKeys = vocabulary::kAllQuestionKeys;
const Keys& kReservedNames = vocabulary::kReservedNames;
const Keys& kComputedFormats = vocabulary::kComputedFormats;
const Keys& kSubmitFormats = vocabulary::kSubmitFormats;
const Keys& kReasonPolicies = vocabulary::kReasonPolicies;
const Keys& kResultSources = vocabulary::kResultSources;
const Keys kPlaceholderNames = {"score", "percent", "grade"};
constexpr std::size_t kMaxCallsToAction = 3;

bool contains(const Keys& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

bool is_extension_key(const std::string& key) {
  return key.rfind("x-", 0) == 0;
}

bool is_identifier(const std::string& s) {
  if (s.empty()) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(s[0])) return false;
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

bool is_plain_id(const std::string& s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

bool deeper_than(const json& value, int max_depth, int depth = 0) {
  if (!value.is_structured()) return false;
  if (depth >= max_depth) return true;
  for (const json& child : value) {
    if (deeper_than(child, max_depth, depth + 1)) return true;
  }
  return false;
}

QuestionType question_type(const std::string& name) {
  const vocabulary::QuestionTypeWords* words = vocabulary::question_type(name);
  return words ? words->type : QuestionType::Hidden;
}

Keys keys_for(QuestionType type) {
  Keys keys = vocabulary::kCommonQuestionKeys;
  const Keys& own = vocabulary::question_types()[static_cast<std::size_t>(type)].keys;
  keys.insert(keys.end(), own.begin(), own.end());
  return keys;
}

class Loader {
 public:
  Loader(const json& doc, const ModelLimits& limits, std::vector<Diagnostic>& errors)
      : doc_(doc), limits_(limits), errors_(errors), impl_(std::make_unique<CompiledModel>()) {}

  std::unique_ptr<CompiledModel> run() {
    if (!doc_.is_object()) {
      fail("", std::string("expected the model to be an object, got ") + json_type_name(doc_));
      return nullptr;
    }
    if (deeper_than(doc_, limits_.max_json_depth)) {
      fail("", "nesting deeper than " + std::to_string(limits_.max_json_depth) + " levels");
      return nullptr;
    }
    if (!within_list_limits()) return nullptr;
    check_keys(doc_, "", keys_of("model"));
    load_header();
    load_dimensions();
    declare_names();
    load_signals();  // before anything that compiles expressions: they may name signals
    load_questions();
    load_computed();
    load_rules();
    load_grade();
    load_stages();
    load_intro();
    load_results();
    load_outcomes();
    load_submit();
    if (!errors_.empty()) return nullptr;
    for (const std::string& id : shared_computed_) {
      for (std::size_t c = 0; c < impl_->computed.size(); ++c) {
        if (impl_->computed[c].id == id) impl_->sharing.computed.push_back(static_cast<int>(c));
      }
    }
    plan_evaluation();
    if (!errors_.empty()) return nullptr;
    finish();
    return std::move(impl_);
  }

 private:
  // ---- reporting and typed access -----------------------------------------------------------
  void fail(std::string pointer, std::string message) {
    errors_.push_back(Diagnostic{std::move(pointer), std::move(message)});
  }

  void wrong_type(const std::string& pointer, const char* expected, const json& got) {
    fail(pointer, std::string("expected ") + expected + ", got " + json_type_name(got));
  }

  bool expect_object(const json& value, const std::string& pointer) {
    if (value.is_object()) return true;
    wrong_type(pointer, "an object", value);
    return false;
  }

  bool expect_array(const json& value, const std::string& pointer) {
    if (value.is_array()) return true;
    wrong_type(pointer, "an array", value);
    return false;
  }

  void check_keys(const json& object, const std::string& pointer, const Keys& allowed) {
    for (const auto& item : object.items()) {
      const std::string& key = item.key();
      if (is_extension_key(key) || contains(allowed, key)) continue;
      fail(pointer_append(pointer, key),
           "unknown key '" + quote_for_message(key) + "'" + did_you_mean(key, allowed));
    }
  }

  const json* member(const json& object, const char* key, const std::string& pointer,
                     bool required) {
    auto it = object.find(key);
    if (it != object.end()) return &*it;
    if (required) fail(pointer, std::string("missing required key '") + key + "'");
    return nullptr;
  }

  bool length_ok(const std::string& text, const std::string& pointer) {
    std::size_t length = utf8_length(text);
    if (length <= limits_.max_string_length) return true;
    fail(pointer, "a string of " + std::to_string(length) + " characters, at most " +
                      std::to_string(limits_.max_string_length) + " are allowed");
    return false;
  }

  std::optional<std::string> string_at(const json& object, const char* key,
                                       const std::string& pointer, bool required = false) {
    const json* value = member(object, key, pointer, required);
    if (value == nullptr) return std::nullopt;
    std::string at = pointer_append(pointer, key);
    if (!value->is_string()) {
      wrong_type(at, "a string", *value);
      return std::nullopt;
    }
    const std::string& text = value->get_ref<const std::string&>();
    if (!length_ok(text, at)) return std::nullopt;
    return text;
  }

  std::optional<double> number_at(const json& object, const char* key, const std::string& pointer,
                                  bool required = false) {
    const json* value = member(object, key, pointer, required);
    if (value == nullptr) return std::nullopt;
    std::string at = pointer_append(pointer, key);
    if (!value->is_number()) {
      wrong_type(at, "a number", *value);
      return std::nullopt;
    }
    double number = value->get<double>();
    if (!std::isfinite(number)) {
      fail(at, "expected a finite number");
      return std::nullopt;
    }
    return number;
  }

  std::optional<bool> bool_at(const json& object, const char* key, const std::string& pointer) {
    const json* value = member(object, key, pointer, false);
    if (value == nullptr) return std::nullopt;
    if (!value->is_boolean()) {
      wrong_type(pointer_append(pointer, key), "true or false", *value);
      return std::nullopt;
    }
    return value->get<bool>();
  }

  // Localised text: a string or {lang: string}. Returns the string in the model's language.
  std::optional<std::string> text_at(const json& object, const char* key,
                                     const std::string& pointer, bool required = false) {
    const json* value = member(object, key, pointer, required);
    if (value == nullptr) return std::nullopt;
    return text_value(*value, pointer_append(pointer, key));
  }

  std::optional<std::string> text_value(const json& value, const std::string& at) {
    if (value.is_string()) {
      const std::string& text = value.get_ref<const std::string&>();
      if (!length_ok(text, at)) return std::nullopt;
      return text;
    }
    if (!value.is_object()) {
      wrong_type(at, "a string or an object of language → string", value);
      return std::nullopt;
    }
    if (value.empty()) {
      fail(at, "a localised text needs at least one language, e.g. {\"en\": \"…\"}");
      return std::nullopt;
    }
    bool ok = true;
    for (const auto& item : value.items()) {
      std::string entry = pointer_append(at, item.key());
      if (item.key().empty()) {
        fail(entry, "a language tag cannot be empty");
        ok = false;
      } else if (!item.value().is_string()) {
        wrong_type(entry, "a string", item.value());
        ok = false;
      } else if (!length_ok(item.value().get_ref<const std::string&>(), entry)) {
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    auto preferred = value.find(lang_);
    const json& chosen = preferred != value.end() ? *preferred : *value.begin();
    return chosen.get<std::string>();
  }

  // {dimension: points} → contributions in dimension order (zeros left out), each naming where
  // it comes from as reasons will: `source`, the `id` of its question, signal or rule, `text`.
  Points points_at(const json& object, const char* key, const std::string& pointer, bool required,
                   Source source, const std::string& id, const std::string& text) {
    std::vector<Contribution> points;
    const json* value = member(object, key, pointer, required);
    if (value == nullptr) return {};
    std::string at = pointer_append(pointer, key);
    if (!expect_object(*value, at)) return {};
    for (const auto& item : value->items()) {
      std::string entry = pointer_append(at, item.key());
      auto dimension = std::find(dimension_ids_.begin(), dimension_ids_.end(), item.key());
      if (dimension == dimension_ids_.end()) {
        fail(entry, "unknown dimension '" + quote_for_message(item.key()) + "'" +
                        did_you_mean(item.key(), dimension_ids_));
        continue;
      }
      if (!item.value().is_number() || !std::isfinite(item.value().get<double>())) {
        wrong_type(entry, "a number of points", item.value());
        continue;
      }
      double number = item.value().get<double>();
      if (number != 0) {
        Contribution contribution;
        contribution.dimension = static_cast<int>(dimension - dimension_ids_.begin());
        contribution.points = number;
        contribution.source = source;
        contribution.id = id;
        contribution.text = text;
        points.push_back(std::move(contribution));
      }
    }
    std::sort(points.begin(), points.end(), [](const Contribution& a, const Contribution& b) {
      return a.dimension < b.dimension;
    });
    std::vector<Contribution>& all = impl_->contributions;
    Points range{static_cast<std::uint32_t>(all.size()), static_cast<std::uint32_t>(points.size())};
    for (Contribution& c : points) all.push_back(std::move(c));
    return range;
  }

  std::optional<std::string> identifier_at(const json& object, const std::string& pointer,
                                           const char* what) {
    auto id = string_at(object, "id", pointer, true);
    if (!id) return std::nullopt;
    std::string at = pointer_append(pointer, "id");
    if (!is_identifier(*id)) {
      fail(at, "'" + quote_for_message(*id) + "' is not a valid " + what +
                   " id: use letters, digits and '_', starting with a letter or '_' (it is a name "
                   "in expressions)");
      return std::nullopt;
    }
    return id;
  }

  std::optional<std::string> plain_id_at(const json& object, const std::string& pointer,
                                         const char* what) {
    auto id = string_at(object, "id", pointer, true);
    if (!id) return std::nullopt;
    if (!is_plain_id(*id)) {
      fail(pointer_append(pointer, "id"), "'" + quote_for_message(*id) + "' is not a valid " +
                                              what + " id: use letters, digits, '_', '-' and '.'");
      return std::nullopt;
    }
    return id;
  }

  // Reports a repeated id; `seen` maps id → pointer of its first use.
  bool unique(std::map<std::string, std::string>& seen, const std::string& id,
              const std::string& at) {
    auto [it, inserted] = seen.emplace(id, at);
    if (inserted) return true;
    fail(at, "duplicate id '" + id + "' (first at " + it->second + ")");
    return false;
  }

  const json* list_at(const char* key, bool required) {
    const json* value = member(doc_, key, "", required);
    if (value == nullptr) return nullptr;
    if (!expect_array(*value, pointer_append("", key))) return nullptr;
    return value;
  }

  // Compiles an expression into the model's program; its expression index, or nullopt.
  std::optional<int> compile(const json& spelling, const std::string& at, bool in_stage) {
    std::optional<Expr> expr = Expr::compile(spelling, &symbols_, at, errors_, limits_.expr);
    if (!expr) return std::nullopt;
    if (!members_known(spelling, at, in_stage)) return std::nullopt;
    if (!in_stage) {
      for (int slot : expr->slots()) {
        if (slot >= impl_->slots.dimensions && slot < impl_->slots.count) {
          fail(at, "'" + symbols_.names[static_cast<std::size_t>(slot)] +
                       "' can only be used in stages (it is known only after every rule has run)");
          return std::nullopt;
        }
      }
    }
    Expression expression;
    expression.start = append_program(impl_->program, expr->program());
    expression.pointer = at;
    expression.reads = expr->slots();
    impl_->expressions.push_back(std::move(expression));
    return static_cast<int>(impl_->expressions.size() - 1);
  }

  // Symbols resolve only the first segment of a dotted name, so `signals.pricng_views` would
  // compile and quietly read nothing: what follows `signals.` and `dimensions.` in the
  // expression's strings is checked here.
  bool members_known(const json& spelling, const std::string& at, bool in_stage) {
    bool ok = true;
    if (spelling.is_string()) {
      const std::string& text = spelling.get_ref<const std::string&>();
      ok = members_known_in(text, "signals.", signal_ids_, "signal", at) && ok;
      if (in_stage)
        ok = members_known_in(text, "dimensions.", dimension_ids_, "dimension", at) && ok;
    } else if (spelling.is_structured()) {
      for (const json& child : spelling) ok = members_known(child, at, in_stage) && ok;
      if (spelling.is_object()) {
        for (const auto& item : spelling.items()) {
          ok = members_known(json(item.key()), at, in_stage) && ok;
        }
      }
    }
    return ok;
  }

  bool members_known_in(const std::string& text, const std::string& prefix, const Keys& ids,
                        const char* what, const std::string& at) {
    auto name_char = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    };
    bool ok = true;
    for (std::size_t pos = text.find(prefix); pos != std::string::npos;
         pos = text.find(prefix, pos + 1)) {
      if (pos > 0 && (name_char(text[pos - 1]) || text[pos - 1] == '.')) continue;
      std::size_t end = pos + prefix.size();
      while (end < text.size() && name_char(text[end])) ++end;
      std::string name = text.substr(pos + prefix.size(), end - pos - prefix.size());
      if (name.empty() || contains(ids, name)) continue;
      fail(at, std::string("unknown ") + what + " '" + quote_for_message(name) + "' in '" + prefix +
                   quote_for_message(name) + "'" + did_you_mean(name, ids));
      ok = false;
    }
    return ok;
  }

  // ---- sections -------------------------------------------------------------------------------
  bool within_list_limits() {
    struct ListLimit {
      const char* key;
      std::size_t max;
    };
    const ListLimit kLists[] = {
        {"questions", limits_.max_questions}, {"rules", limits_.max_rules},
        {"computed", limits_.max_rules},      {"signals", limits_.max_rules},
        {"dimensions", limits_.max_rules},    {"stages", limits_.max_rules}};
    bool ok = true;
    for (const ListLimit& list : kLists) {
      auto it = doc_.find(list.key);
      if (it != doc_.end() && it->is_array() && it->size() > list.max) {
        fail(pointer_append("", list.key), std::to_string(it->size()) + " " + list.key +
                                               ", at most " + std::to_string(list.max) +
                                               " are allowed");
        ok = false;
      }
    }
    return ok;
  }

  void load_header() {
    const json* format = member(doc_, "leadqual", "", true);
    if (format != nullptr) {
      if (!format->is_number() || format->get<double>() != 1) {
        fail("/leadqual", "unsupported format version " + quote_for_message(format->dump()) +
                              ": this core reads format 1 (\"leadqual\": 1)");
      }
    }
    if (auto lang = string_at(doc_, "lang", "")) {
      if (lang->empty()) {
        fail("/lang", "the language cannot be empty (e.g. \"en\")");
      } else {
        lang_ = *lang;
      }
    }
    if (auto id = string_at(doc_, "id", "", true)) {
      if (!is_plain_id(*id)) {
        fail("/id", "'" + quote_for_message(*id) +
                        "' is not a valid model id: use letters, digits, '_', '-' and '.'");
      }
      impl_->id = *id;
    }
    if (auto version = string_at(doc_, "version", "")) impl_->version = *version;
    text_at(doc_, "title", "");
    text_at(doc_, "description", "");
    string_at(doc_, "framework", "");
    string_at(doc_, "$schema", "");
  }

  void load_dimensions() {
    const json* list = list_at("dimensions", true);
    if (list == nullptr) return;
    if (list->empty()) fail("/dimensions", "at least one dimension is needed");
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& item = (*list)[i];
      std::string at = pointer_append("/dimensions", i);
      Dimension dimension;
      if (expect_object(item, at)) {
        check_keys(item, at, keys_of("dimension"));
        if (auto id = identifier_at(item, at, "dimension")) {
          if (unique(seen, *id, pointer_append(at, "id"))) dimension.id = *id;
        }
        text_at(item, "label", at);
        if (auto min = number_at(item, "min", at)) dimension.min = *min;
        if (auto max = number_at(item, "max", at)) dimension.max = *max;
        if (dimension.min > dimension.max) {
          fail(at, "min " + format_number(dimension.min) + " is greater than max " +
                       format_number(dimension.max));
        }
        if (auto weight = number_at(item, "weight", at)) {
          if (*weight < 0) {
            fail(pointer_append(at, "weight"), "a weight cannot be negative");
          } else {
            dimension.weight = *weight;
          }
        }
      }
      dimension_ids_.push_back(dimension.id);
      impl_->dimensions.push_back(std::move(dimension));
    }
  }

  // Questions and computed values are names in expressions, and a showIf may name a computed
  // value defined further down, so every name is known before anything is compiled.
  void declare_names() {
    std::size_t question_count = 0;
    std::size_t computed_count = 0;
    for (const char* section : {"questions", "computed"}) {
      auto list = doc_.find(section);
      if (list == doc_.end() || !list->is_array()) continue;
      for (const json& item : *list) {
        std::string name;
        if (item.is_object()) {
          auto id = item.find("id");
          if (id != item.end() && id->is_string()) name = id->get<std::string>();
        }
        symbols_.names.push_back(name);
        (std::string(section) == "questions" ? question_count : computed_count)++;
      }
    }
    question_count_ = static_cast<int>(question_count);
    computed_count_ = static_cast<int>(computed_count);
    int next = question_count_ + computed_count_;
    SlotLayout& slots = impl_->slots;
    slots.signals = next++;
    slots.dimensions = next++;
    slots.score = next++;
    slots.percent = next++;
    slots.grade = next++;
    slots.complete = next++;
    slots.count = next;
    for (const char* name : {"signals", "dimensions", "score", "percent", "grade", "complete"}) {
      symbols_.names.emplace_back(name);
    }
  }

  bool expression_name(const std::optional<std::string>& id, const std::string& at) {
    if (!id) return false;
    if (contains(kReservedNames, *id)) {
      fail(at, "'" + *id +
                   "' is reserved (it has a meaning of its own in expressions); choose "
                   "another id");
      return false;
    }
    return unique(names_seen_, *id, at);
  }

  void load_questions() {
    const json* list = list_at("questions", false);
    if (list == nullptr) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      impl_->questions.push_back(load_question((*list)[i], pointer_append("/questions", i)));
    }
  }

  Question load_question(const json& item, const std::string& at) {
    Question question;
    if (!expect_object(item, at)) return question;
    auto type = string_at(item, "type", at, true);
    bool type_ok = type && contains(kQuestionTypes, *type);
    if (type && !type_ok) {
      fail(pointer_append(at, "type"), "unknown question type '" + quote_for_message(*type) + "'" +
                                           did_you_mean(*type, kQuestionTypes) +
                                           " (one of: choice, multi, number, range, boolean, "
                                           "text, email, hidden)");
    }
    if (type_ok) {
      question.type = question_type(*type);
      Keys allowed = keys_for(question.type);
      for (const auto& entry : item.items()) {
        const std::string& key = entry.key();
        if (is_extension_key(key) || contains(allowed, key)) continue;
        if (contains(kAllQuestionKeys, key)) {
          fail(pointer_append(at, key), "'" + key + "' does not apply to a " + *type + " question");
        } else {
          fail(pointer_append(at, key),
               "unknown key '" + quote_for_message(key) + "'" + did_you_mean(key, allowed));
        }
      }
    } else {
      check_keys(item, at, kAllQuestionKeys);
    }

    auto id = identifier_at(item, at, "question");
    if (expression_name(id, pointer_append(at, "id"))) question.id = *id;
    question.text = text_at(item, "label", at).value_or(question.id);
    text_at(item, "help", at);
    text_at(item, "placeholder", at);
    question.required = bool_at(item, "required", at).value_or(false);
    bool_at(item, "share", at);
    if (const json* show_if = member(item, "showIf", at, false)) {
      if (auto expr = compile(*show_if, pointer_append(at, "showIf"), false)) {
        question.show_if = *expr;
      }
    }
    if (!type_ok) return question;

    switch (question.type) {
      case QuestionType::Choice:
      case QuestionType::Multi:
        load_options(item, at, question);
        break;
      case QuestionType::Number:
      case QuestionType::Range:
        load_number(item, at, question);
        break;
      case QuestionType::Boolean:
        question.true_points =
            points_at(item, "points", at, false, Source::Option, question.id, question.text);
        break;
      case QuestionType::Text:
        question.max_length = string_limit();
        if (const json* max_length = member(item, "maxLength", at, false)) {
          bool whole =
              max_length->is_number() && max_length->get<double>() >= 1 &&
              max_length->get<double>() <= static_cast<double>(limits_.max_string_length) &&
              std::floor(max_length->get<double>()) == max_length->get<double>();
          if (whole) {
            question.max_length = static_cast<std::uint32_t>(max_length->get<double>());
          } else {
            fail(pointer_append(at, "maxLength"), "maxLength must be a whole number from 1 to " +
                                                      std::to_string(limits_.max_string_length));
          }
        }
        break;
      case QuestionType::Email:
        question.max_length = 254;  // RFC 5321's limit on a forward path
        break;
      case QuestionType::Hidden:
        question.max_length = string_limit();
        break;
    }
    return question;
  }

  std::uint32_t string_limit() const {
    return static_cast<std::uint32_t>(std::min<std::size_t>(limits_.max_string_length, UINT32_MAX));
  }

  void load_options(const json& item, const std::string& at, Question& question) {
    const json* options = member(item, "options", at, true);
    if (options == nullptr) return;
    std::string options_at = pointer_append(at, "options");
    if (!expect_array(*options, options_at)) return;
    if (options->empty()) {
      fail(options_at, "at least one option is needed");
      return;
    }
    if (options->size() > limits_.max_options) {
      fail(options_at, std::to_string(options->size()) + " options, at most " +
                           std::to_string(limits_.max_options) + " are allowed");
      return;
    }
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < options->size(); ++i) {
      const json& spelling = (*options)[i];
      std::string option_at = pointer_append(options_at, i);
      Option option;
      std::string value_at = option_at;
      if (spelling.is_string()) {
        option.value = spelling.get<std::string>();
        if (!length_ok(option.value, option_at)) continue;
        option.text = option.value;
      } else if (expect_object(spelling, option_at)) {
        check_keys(spelling, option_at, keys_of("option"));
        auto value = string_at(spelling, "value", option_at, true);
        if (!value) continue;
        value_at = pointer_append(option_at, "value");
        option.value = *value;
        option.text = text_at(spelling, "label", option_at).value_or(option.value);
        option.points = points_at(spelling, "points", option_at, false, Source::Option, question.id,
                                  option.text);
      } else {
        continue;
      }
      if (option.value.empty()) {
        fail(value_at, "an option value cannot be empty (an empty answer means 'not answered')");
        continue;
      }
      auto [first, inserted] = seen.emplace(option.value, option_at);
      if (!inserted) {
        fail(value_at, "option value '" + quote_for_message(option.value) +
                           "' is used twice (first at " + first->second + ")");
        continue;
      }
      question.options.push_back(std::move(option));
    }
  }

  void load_number(const json& item, const std::string& at, Question& question) {
    bool range = question.type == QuestionType::Range;
    if (auto min = number_at(item, "min", at, range)) question.min = *min;
    if (auto max = number_at(item, "max", at, range)) question.max = *max;
    if (question.min > question.max) {
      fail(at, "min " + format_number(question.min) + " is greater than max " +
                   format_number(question.max));
    }
    if (auto step = number_at(item, "step", at)) {
      if (*step <= 0) fail(pointer_append(at, "step"), "step must be greater than 0");
    }
    string_at(item, "unit", at);
    const json* bands = member(item, "bands", at, false);
    if (bands == nullptr) return;
    std::string bands_at = pointer_append(at, "bands");
    if (!expect_array(*bands, bands_at)) return;
    if (bands->size() > limits_.max_options) {
      fail(bands_at, std::to_string(bands->size()) + " bands, at most " +
                         std::to_string(limits_.max_options) + " are allowed");
      return;
    }
    for (std::size_t i = 0; i < bands->size(); ++i) {
      const json& spelling = (*bands)[i];
      std::string band_at = pointer_append(bands_at, i);
      if (!expect_object(spelling, band_at)) continue;
      check_keys(spelling, band_at, keys_of("band"));
      Band band;
      auto min = number_at(spelling, "min", band_at);
      auto max = number_at(spelling, "max", band_at);
      if (min) band.min = *min;
      if (max) band.max = *max;
      if (band.min > band.max) {
        fail(band_at, "band min " + format_number(band.min) + " is greater than max " +
                          format_number(band.max));
      }
      if (auto label = text_at(spelling, "label", band_at)) {
        band.text = *label;
        band.has_label = true;
      } else {
        band.text = question.text + ": " + band_bounds(min, max);
      }
      band.points =
          points_at(spelling, "points", band_at, true, Source::Band, question.id, band.text);
      question.bands.push_back(std::move(band));
    }
  }

  static std::string band_bounds(const std::optional<double>& min,
                                 const std::optional<double>& max) {
    if (min && max && *min == *max) return format_number(*min);
    if (min && max) return format_number(*min) + "\u2013" + format_number(*max);
    if (min) return "\u2265 " + format_number(*min);
    if (max) return "\u2264 " + format_number(*max);
    return "any";
  }

  void load_computed() {
    const json* list = list_at("computed", false);
    if (list == nullptr) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& item = (*list)[i];
      std::string at = pointer_append("/computed", i);
      Computed computed;
      if (expect_object(item, at)) {
        check_keys(item, at, keys_of("computed"));
        auto id = identifier_at(item, at, "computed value");
        if (expression_name(id, pointer_append(at, "id"))) computed.id = *id;
        text_at(item, "label", at);
        if (auto format = string_at(item, "format", at)) {
          if (!contains(kComputedFormats, *format)) {
            fail(pointer_append(at, "format"), "unknown format '" + quote_for_message(*format) +
                                                   "'" + did_you_mean(*format, kComputedFormats) +
                                                   " (one of: number, integer, currency, percent)");
          }
        }
        if (const json* expr = member(item, "expr", at, true)) {
          if (auto compiled = compile(*expr, pointer_append(at, "expr"), false)) {
            computed.expr = *compiled;
          }
        }
      }
      impl_->computed.push_back(std::move(computed));
    }
  }

  void load_signals() {
    const json* list = list_at("signals", false);
    if (list == nullptr) return;
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& item = (*list)[i];
      std::string at = pointer_append("/signals", i);
      if (!expect_object(item, at)) continue;
      check_keys(item, at, keys_of("signal"));
      Signal signal;
      auto id = identifier_at(item, at, "signal");
      if (id && unique(seen, *id, pointer_append(at, "id"))) signal.id = *id;
      signal.text = text_at(item, "label", at).value_or(signal.id);
      signal.points = points_at(item, "points", at, true, Source::Signal, signal.id, signal.text);
      if (auto cap = number_at(item, "cap", at)) {
        if (*cap < 0) {
          fail(pointer_append(at, "cap"), "a cap cannot be negative");
        } else {
          signal.cap = *cap;
        }
      }
      if (auto half_life = number_at(item, "halfLife", at)) {
        if (*half_life <= 0) {
          fail(pointer_append(at, "halfLife"), "halfLife (days) must be greater than 0");
        } else {
          signal.half_life_days = *half_life;
        }
      }
      signal_ids_.push_back(signal.id);
      impl_->signals.push_back(std::move(signal));
    }
  }

  void load_rules() {
    const json* list = list_at("rules", false);
    if (list == nullptr) return;
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& item = (*list)[i];
      std::string at = pointer_append("/rules", i);
      if (!expect_object(item, at)) continue;
      check_keys(item, at, keys_of("rule"));
      Rule rule;
      auto id = plain_id_at(item, at, "rule");
      if (id && unique(seen, *id, pointer_append(at, "id"))) rule.id = *id;
      if (const json* condition = member(item, "if", at, true)) {
        if (auto compiled = compile(*condition, pointer_append(at, "if"), false)) {
          rule.condition = *compiled;
        }
      }
      bool has_add = item.contains("add");
      bool has_disqualify = item.contains("disqualify");
      if (has_add && has_disqualify) {
        fail(at, "a rule has either 'add' or 'disqualify', not both");
      } else if (!has_add && !has_disqualify) {
        fail(at, "missing 'add' (points per dimension) or 'disqualify' (a reason)");
      } else if (has_add) {
        rule.text = text_at(item, "reason", at).value_or(rule.id);
        rule.add = points_at(item, "add", at, false, Source::Rule, rule.id, rule.text);
      } else {
        rule.disqualifies = true;
        rule.text = text_at(item, "disqualify", at).value_or(rule.id);
        if (item.contains("reason")) {
          fail(pointer_append(at, "reason"),
               "a disqualifying rule's reason is its 'disqualify' text; remove 'reason'");
        }
      }
      impl_->rules.push_back(std::move(rule));
    }
  }

  void load_grade() {
    const json* grade = member(doc_, "grade", "", false);
    if (grade == nullptr || !expect_object(*grade, "/grade")) return;
    impl_->has_grade = true;
    check_keys(*grade, "/grade", keys_of("grade"));
    if (const json* from = member(*grade, "from", "/grade", false)) {
      if (expect_array(*from, "/grade/from")) {
        if (from->empty()) fail("/grade/from", "name at least one dimension (or leave 'from' out)");
        for (std::size_t i = 0; i < from->size(); ++i) {
          const json& name = (*from)[i];
          std::string at = pointer_append("/grade/from", i);
          if (!name.is_string()) {
            wrong_type(at, "a dimension id", name);
            continue;
          }
          auto it =
              std::find(dimension_ids_.begin(), dimension_ids_.end(), name.get<std::string>());
          if (it == dimension_ids_.end()) {
            fail(at, "unknown dimension '" + quote_for_message(name.get<std::string>()) + "'" +
                         did_you_mean(name.get<std::string>(), dimension_ids_));
            continue;
          }
          impl_->grade_from.push_back(static_cast<int>(it - dimension_ids_.begin()));
        }
      }
    } else {
      for (std::size_t d = 0; d < dimension_ids_.size(); ++d) {
        impl_->grade_from.push_back(static_cast<int>(d));
      }
    }
    const json* bands = member(*grade, "bands", "/grade", true);
    if (bands == nullptr || !expect_array(*bands, "/grade/bands")) return;
    if (bands->empty()) fail("/grade/bands", "at least one band is needed");
    std::optional<double> previous_min;
    for (std::size_t i = 0; i < bands->size(); ++i) {
      const json& item = (*bands)[i];
      std::string at = pointer_append("/grade/bands", i);
      if (!expect_object(item, at)) continue;
      check_keys(item, at, keys_of("gradeBand"));
      GradeBand band;
      if (auto name = string_at(item, "grade", at, true)) {
        if (name->empty()) fail(pointer_append(at, "grade"), "a grade cannot be empty");
        band.grade = *name;
      }
      text_at(item, "label", at);
      if (auto min = number_at(item, "min", at)) {
        band.has_min = true;
        band.min = *min;
        if (previous_min && !(*min < *previous_min)) {
          fail(pointer_append(at, "min"), "band mins must decrease: " + format_number(*min) +
                                              " is not less than " + format_number(*previous_min));
        }
        previous_min = *min;
      } else if (item.contains("min")) {
        // already reported as a wrong type
      } else if (i + 1 != bands->size()) {
        fail(at, "only the last band may leave out 'min' (it is the default)");
      }
      impl_->grade_bands.push_back(std::move(band));
    }
  }

  void load_stages() {
    const json* list = list_at("stages", true);
    if (list == nullptr) return;
    if (list->empty()) {
      fail("/stages", "at least one stage is needed (the last one, without 'if', is the default)");
      return;
    }
    std::map<std::string, std::string> seen;
    bool has_default = false;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& item = (*list)[i];
      std::string at = pointer_append("/stages", i);
      bool last = i + 1 == list->size();
      if (!expect_object(item, at)) continue;
      check_keys(item, at, keys_of("stage"));
      Stage stage;
      auto id = plain_id_at(item, at, "stage");
      if (id && *id == "disqualified") {
        fail(pointer_append(at, "id"),
             "'disqualified' is reserved for leads a 'disqualify' rule stopped; choose another id");
      } else if (id && unique(seen, *id, pointer_append(at, "id"))) {
        stage.id = *id;
      }
      stage.label = text_at(item, "label", at).value_or(stage.id);
      if (const json* condition = member(item, "if", at, false)) {
        // A stage whose condition did not compile is reported; -1 here is never scored.
        stage.condition = compile(*condition, pointer_append(at, "if"), true).value_or(-1);
      } else if (last) {
        has_default = true;
      } else {
        fail(at, "only the last stage may have no 'if' (it is the default)");
      }
      stage_ids_.push_back(stage.id);
      impl_->stages.push_back(std::move(stage));
    }
    if (!has_default) fail("/stages", "no default stage: the last stage must have no 'if'");
  }

  // ---- the results page --------------------------------------------------------------------
  void load_intro() {
    const json* intro = member(doc_, "intro", "", false);
    if (intro == nullptr || !expect_object(*intro, "/intro")) return;
    check_keys(*intro, "/intro", keys_of("intro"));
    for (const char* key : {"title", "body", "start"}) {
      if (!text_at(*intro, key, "/intro")) continue;
      for_each_text(*intro, key, "/intro", [&](const std::string& text, const std::string& at) {
        for (const Placeholder& placeholder : placeholders_in(text)) {
          fail(at, placeholder.problem.empty()
                       ? "placeholders are filled from the result, which the intro screen comes "
                         "before (write '{{' for a literal brace)"
                       : placeholder.problem);
          break;
        }
      });
    }
  }

  void load_results() {
    results_show_ = json{{"score", true},
                         {"grade", false},
                         {"stage", false},
                         {"dimensions", dimension_ids_},
                         {"computed", labelled_computed()}};
    const json* results = member(doc_, "results", "", false);
    if (results == nullptr || !expect_object(*results, "/results")) return;
    check_keys(*results, "/results", keys_of("results"));
    if (const json* show = member(*results, "show", "/results", false)) {
      results_show_ = read_show(*show, "/results/show", results_show_);
    }
  }

  // Computed values with a label: those are results; unlabelled ones are steps of a formula.
  Keys labelled_computed() const {
    Keys ids;
    const json* computed = doc_.contains("computed") ? &doc_["computed"] : nullptr;
    if (computed == nullptr || !computed->is_array()) return ids;
    for (const json& item : *computed) {
      if (item.is_object() && item.contains("label") && item.contains("id") &&
          item["id"].is_string())
        ids.push_back(item["id"].get<std::string>());
    }
    return ids;
  }

  Keys computed_ids() const {
    Keys ids;
    for (const Computed& computed : impl_->computed) ids.push_back(computed.id);
    return ids;
  }

  // A `show` object over `base`: the flags, and which dimensions and computed values (true: all
  // of them, resp. the labelled ones; false: none; or a list of ids in display order).
  json read_show(const json& show, const std::string& at, json base) {
    if (!expect_object(show, at)) return base;
    check_keys(show, at, keys_of("show"));
    for (const char* flag : {"score", "grade", "stage"}) {
      if (std::optional<bool> value = bool_at(show, flag, at)) base[flag] = *value;
    }
    const Keys computed = computed_ids();
    const std::pair<const char*, const Keys*> lists[] = {{"dimensions", &dimension_ids_},
                                                         {"computed", &computed}};
    for (const auto& [key, known] : lists) {
      const json* value = member(show, key, at, false);
      if (value == nullptr) continue;
      const std::string list_at = pointer_append(at, key);
      const bool dimensions = std::string(key) == "dimensions";
      if (value->is_boolean()) {
        base[key] = !value->get<bool>() ? json::array()
                    : dimensions        ? json(dimension_ids_)
                                        : json(labelled_computed());
        continue;
      }
      if (!value->is_array()) {
        wrong_type(list_at, "true, false or a list of ids", *value);
        continue;
      }
      json ids = json::array();
      for (std::size_t i = 0; i < value->size(); ++i) {
        const json& id = (*value)[i];
        const std::string id_at = pointer_append(list_at, i);
        if (!id.is_string()) {
          wrong_type(id_at, "a string", id);
        } else if (!contains(*known, id.get<std::string>())) {
          fail(id_at, std::string("unknown ") + (dimensions ? "dimension" : "computed value") +
                          " '" + quote_for_message(id.get<std::string>()) + "'" +
                          did_you_mean(id.get<std::string>(), *known));
        } else {
          ids.push_back(id);
        }
      }
      base[key] = std::move(ids);
    }
    return base;
  }

  // Calls `visit(text, pointer)` for each string of the localised text at object[key].
  template <typename Visit>
  void for_each_text(const json& object, const char* key, const std::string& pointer, Visit visit) {
    auto found = object.find(key);
    if (found == object.end()) return;
    const std::string at = pointer_append(pointer, key);
    if (found->is_string()) {
      visit(found->get_ref<const std::string&>(), at);
      return;
    }
    for (const auto& entry : found->items()) {
      visit(entry.value().get_ref<const std::string&>(), pointer_append(at, entry.key()));
    }
  }

  // Every placeholder of the localised text at object[key] names a value of the result.
  void check_placeholders(const json& object, const char* key, const std::string& pointer) {
    const Keys computed = computed_ids();
    Keys candidates = computed;
    candidates.insert(candidates.end(), kPlaceholderNames.begin(), kPlaceholderNames.end());
    for_each_text(object, key, pointer, [&](const std::string& text, const std::string& at) {
      for (const Placeholder& placeholder : placeholders_in(text)) {
        if (!placeholder.problem.empty()) {
          fail(at, placeholder.problem);
          continue;
        }
        const std::string& name = placeholder.name;
        std::string dimension;
        for (const char* prefix : {"dimensions.", "dimension."}) {
          if (dimension.empty() && name.rfind(prefix, 0) == 0)
            dimension = name.substr(std::string(prefix).size());
        }
        if (!dimension.empty()) {
          if (!contains(dimension_ids_, dimension))
            fail(at, "unknown dimension '" + quote_for_message(dimension) + "' in '{" +
                         quote_for_message(name) + "}'" + did_you_mean(dimension, dimension_ids_));
        } else if (!contains(candidates, name)) {
          fail(at, "unknown placeholder '{" + quote_for_message(name) + "}'" +
                       did_you_mean(name, candidates) +
                       " (a placeholder names a computed value, dimensions.<id>, score, percent "
                       "or grade)");
        }
      }
    });
  }

  void load_outcomes() {
    const json* outcomes = member(doc_, "outcomes", "", false);
    if (outcomes == nullptr || !expect_object(*outcomes, "/outcomes")) return;
    Keys allowed = stage_ids_;
    allowed.emplace_back("disqualified");
    for (const auto& item : outcomes->items()) {
      const std::string& key = item.key();
      if (is_extension_key(key)) continue;
      std::string at = pointer_append("/outcomes", key);
      if (!contains(allowed, key)) {
        fail(at, "unknown stage '" + quote_for_message(key) + "'" + did_you_mean(key, allowed) +
                     " (outcomes are keyed by stage id or 'disqualified')");
        continue;
      }
      const json& outcome = item.value();
      if (!expect_object(outcome, at)) continue;
      check_keys(outcome, at, keys_of("outcome"));
      for (const char* text_key : {"title", "body"}) {
        if (text_at(outcome, text_key, at)) check_placeholders(outcome, text_key, at);
      }
      if (const json* cta = member(outcome, "cta", at, false)) load_calls_to_action(*cta, at);
      web_address_at(outcome, "redirect", at);
      const json* show = member(outcome, "show", at, false);
      outcome_show_[key] =
          show ? read_show(*show, pointer_append(at, "show"), results_show_) : results_show_;
    }
  }

  // `cta`: one {label, href} or a list of up to three, the first being the main one.
  void load_calls_to_action(const json& cta, const std::string& outcome_at) {
    const std::string at = pointer_append(outcome_at, "cta");
    auto one = [&](const json& item, const std::string& item_at) {
      if (!expect_object(item, item_at)) return;
      check_keys(item, item_at, keys_of("cta"));
      if (text_at(item, "label", item_at, true)) check_placeholders(item, "label", item_at);
      web_address_at(item, "href", item_at, true, true);
    };
    if (!cta.is_array()) {
      one(cta, at);
      return;
    }
    if (cta.empty()) {
      fail(at, "expected at least one call to action");
    } else if (cta.size() > kMaxCallsToAction) {
      fail(at, std::to_string(cta.size()) + " calls to action, at most " +
                   std::to_string(kMaxCallsToAction) + " are allowed");
    } else {
      for (std::size_t i = 0; i < cta.size(); ++i) one(cta[i], pointer_append(at, i));
    }
  }

  // Links a renderer will follow: an http(s) URL or a path on the same site; a call to action,
  // which the visitor clicks, may also open their mail program or dialler (mailto:, tel:).
  // Anything else (javascript:, data:, a scheme-relative //host) could run script or leave
  // unexpectedly.
  void web_address_at(const json& object, const char* key, const std::string& pointer,
                      bool required = false, bool mail_or_phone = false) {
    std::optional<std::string> href = string_at(object, key, pointer, required);
    if (!href) return;
    const std::string& url = *href;
    bool path = !url.empty() && url[0] == '/' && (url.size() == 1 || url[1] != '/');
    auto starts = [&](const char* prefix) { return url.rfind(prefix, 0) == 0; };
    if (path || starts("https://") || starts("http://")) return;
    if (mail_or_phone) {
      auto after = [&](std::size_t n) { return url.size() > n && url[n] != ' '; };
      if ((starts("mailto:") && after(7)) || (starts("tel:") && after(4))) return;
      fail(pointer_append(pointer, key),
           "'" + quote_for_message(url) +
               "' is not a web, mail or phone address (use an https:// or http:// URL, a path "
               "on this site, mailto: or tel:)");
      return;
    }
    fail(pointer_append(pointer, key),
         "'" + quote_for_message(url) +
             "' is not a web address (use an https:// or http:// URL, or a path on this site)");
  }

  void load_submit() {
    const json* submit = member(doc_, "submit", "", false);
    if (submit == nullptr || !expect_object(*submit, "/submit")) return;
    check_keys(*submit, "/submit", keys_of("submit"));
    if (const json* include = member(*submit, "include", "/submit", false)) {
      if (expect_array(*include, "/submit/include")) {
        for (std::size_t i = 0; i < include->size(); ++i) {
          const json& name = (*include)[i];
          std::string at = pointer_append("/submit/include", i);
          if (!name.is_string()) {
            wrong_type(at, "a question id", name);
          } else if (!contains(question_ids(), name.get<std::string>())) {
            fail(at, "unknown question '" + quote_for_message(name.get<std::string>()) + "'" +
                         did_you_mean(name.get<std::string>(), question_ids()));
          }
        }
      }
    }
    if (const json* consent = member(*submit, "consent", "/submit", false)) {
      if (expect_object(*consent, "/submit/consent")) load_consent(*consent);
    }
    string_at(*submit, "endpoint", "/submit");
    if (auto format = string_at(*submit, "format", "/submit")) {
      if (!contains(kSubmitFormats, *format)) {
        fail("/submit/format", "unknown format '" + quote_for_message(*format) + "'" +
                                   did_you_mean(*format, kSubmitFormats) +
                                   " (one of: json, form, salesforce, hubspot)");
      }
    }
    if (const json* result = member(*submit, "result", "/submit", false)) {
      if (expect_object(*result, "/submit/result")) load_result_policy(*result);
    }
    if (const json* hubspot = member(*submit, "hubspot", "/submit", false)) {
      if (expect_object(*hubspot, "/submit/hubspot")) load_hubspot(*hubspot);
    }
    if (const json* salesforce = member(*submit, "salesforce", "/submit", false)) {
      if (expect_object(*salesforce, "/submit/salesforce")) load_salesforce(*salesforce);
    }
  }

  void load_consent(const json& consent) {
    const std::string at = "/submit/consent";
    check_keys(consent, at, keys_of("consent"));
    bool_at(consent, "required", at);
    text_at(consent, "label", at);
    if (const json* link = member(consent, "link", at, false)) {
      const std::string link_at = at + "/link";
      if (expect_object(*link, link_at)) {
        check_keys(*link, link_at, keys_of("consentLink"));
        text_at(*link, "label", link_at, true);
        web_address_at(*link, "href", link_at, true);
      }
    }
    const json* list = member(consent, "communications", at, false);
    if (list == nullptr || !expect_array(*list, at + "/communications")) return;
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string item_at = pointer_append(at + "/communications", i);
      const json& item = (*list)[i];
      if (!expect_object(item, item_at)) continue;
      check_keys(item, item_at, keys_of("communication"));
      if (auto id = plain_id_at(item, item_at, "communication")) {
        if (unique(seen, *id, pointer_append(item_at, "id"))) communication_ids_.push_back(*id);
      }
      text_at(item, "label", item_at, true);
    }
  }

  // submit.result: which parts of the result leave the page (docs/model.md).
  void load_result_policy(const json& policy) {
    const std::string at = "/submit/result";
    check_keys(policy, at, keys_of("resultPolicy"));
    if (auto reasons = string_at(policy, "reasons", at)) {
      if (!contains(kReasonPolicies, *reasons)) {
        fail(at + "/reasons", "unknown value '" + quote_for_message(*reasons) + "'" +
                                  did_you_mean(*reasons, kReasonPolicies) +
                                  " (one of: none, ids, texts)");
      } else {
        shares_reasons_ = *reasons != "none";
        impl_->sharing.reasons = *reasons == "texts" ? SharedReasons::Texts
                                 : shares_reasons_   ? SharedReasons::Ids
                                                     : SharedReasons::None;
      }
    }
    if (auto dimensions = bool_at(policy, "dimensions", at)) shares_dimensions_ = *dimensions;
    impl_->sharing.dimensions = shares_dimensions_;
    const json* computed = member(policy, "computed", at, false);
    if (computed == nullptr) return;
    if (computed->is_boolean()) {
      if (computed->get<bool>()) {
        for (const Computed& c : impl_->computed) shared_computed_.push_back(c.id);
      }
      return;
    }
    if (!computed->is_array()) {
      wrong_type(at + "/computed", "true, false or an array of computed ids", *computed);
      return;
    }
    Keys ids;
    for (const Computed& c : impl_->computed) ids.push_back(c.id);
    for (std::size_t i = 0; i < computed->size(); ++i) {
      const json& id = (*computed)[i];
      const std::string item_at = pointer_append(at + "/computed", i);
      if (!id.is_string()) {
        wrong_type(item_at, "a computed id", id);
      } else if (!contains(ids, id.get<std::string>())) {
        fail(item_at, "unknown computed value '" + quote_for_message(id.get<std::string>()) + "'" +
                          did_you_mean(id.get<std::string>(), ids));
      } else {
        shared_computed_.push_back(id.get<std::string>());
      }
    }
  }

  bool is_shared(const std::string& question) const {
    const json* submit = member_or_null(doc_, "submit");
    const json* include = submit ? member_or_null(*submit, "include") : nullptr;
    if (include != nullptr && include->is_array()) {
      for (const json& id : *include) {
        if (id.is_string() && id.get<std::string>() == question) return true;
      }
    }
    const json* questions = member_or_null(doc_, "questions");
    if (questions == nullptr || !questions->is_array()) return false;
    for (const json& q : *questions) {
      if (q.is_object() && q.value("id", std::string()) == question) return q.value("share", false);
    }
    return false;
  }

  static const json* member_or_null(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }

  // A mapping source (docs/model.md "Destinations"): only what the page may send.
  void check_source(const std::string& source, const std::string& at) {
    if (contains(kResultSources, source)) {
      if (source == "reasons" && !shares_reasons_) {
        fail(at, "'reasons' do not leave the page: set submit.result.reasons to 'ids' or 'texts'");
      }
      return;
    }
    auto suffix = [&](const char* prefix) -> std::optional<std::string> {
      const std::string p = prefix;
      if (source.rfind(p, 0) != 0) return std::nullopt;
      return source.substr(p.size());
    };
    if (auto id = suffix("dimensions.")) {
      if (!contains(dimension_ids_, *id)) {
        fail(at, "unknown dimension '" + quote_for_message(*id) + "'" +
                     did_you_mean(*id, dimension_ids_));
      } else if (!shares_dimensions_) {
        fail(at, "dimensions do not leave the page: set submit.result.dimensions to true");
      }
      return;
    }
    if (auto id = suffix("computed.")) {
      if (!contains(shared_computed_, *id)) {
        fail(at, "computed value '" + quote_for_message(*id) +
                     "' does not leave the page: list it in submit.result.computed");
      }
      return;
    }
    if (auto id = suffix("consent.")) {
      if (!contains(communication_ids_, *id)) {
        fail(at, "unknown communication '" + quote_for_message(*id) + "'" +
                     did_you_mean(*id, communication_ids_) +
                     " (see submit.consent.communications)");
      }
      return;
    }
    if (contains(question_ids(), source)) {
      if (!is_shared(source)) {
        fail(at, "question '" + quote_for_message(source) +
                     "' is not shared: mark it \"share\": true (or list it in submit.include) "
                     "before a destination may receive its answer");
      }
      return;
    }
    Keys known = kResultSources;
    known.insert(known.end(), question_ids().begin(), question_ids().end());
    fail(at, "unknown source '" + quote_for_message(source) + "'" + did_you_mean(source, known) +
                 " (a shared question id, score, percent, grade, stage, reasons, model, "
                 "submission_id, submitted_at, consent, consent.<id>, dimensions.<id> or "
                 "computed.<id>)");
  }

  // "fields": {source: CRM field name} and "values": {source: {value: CRM value}}.
  void load_mapping(const json& section, const std::string& at) {
    if (const json* fields = member(section, "fields", at, false)) {
      if (expect_object(*fields, at + "/fields")) {
        for (const auto& item : fields->items()) {
          const std::string item_at = pointer_append(at + "/fields", item.key());
          check_source(item.key(), item_at);
          if (!item.value().is_null() &&
              (!item.value().is_string() || item.value().get_ref<const std::string&>().empty())) {
            wrong_type(item_at, "a field name (or null: not sent)", item.value());
          }
        }
      }
    }
    if (const json* values = member(section, "values", at, false)) {
      if (expect_object(*values, at + "/values")) {
        for (const auto& item : values->items()) {
          const std::string item_at = pointer_append(at + "/values", item.key());
          check_source(item.key(), item_at);
          if (!expect_object(item.value(), item_at)) continue;
          Keys stages = stage_ids_;
          stages.push_back("disqualified");
          for (const auto& entry : item.value().items()) {
            const std::string entry_at = pointer_append(item_at, entry.key());
            if (item.key() == "stage" && !contains(stages, entry.key())) {
              fail(entry_at, "unknown stage '" + quote_for_message(entry.key()) + "'" +
                                 did_you_mean(entry.key(), stages));
            }
            if (!entry.value().is_string() && !entry.value().is_number()) {
              wrong_type(entry_at, "a string or number", entry.value());
            }
          }
        }
      }
    }
  }

  void load_hubspot(const json& hubspot) {
    const std::string at = "/submit/hubspot";
    check_keys(hubspot, at, keys_of("hubspot"));
    if (auto portal = string_at(hubspot, "portalId", at)) {
      if (portal->empty() || !std::all_of(portal->begin(), portal->end(),
                                          [](char c) { return c >= '0' && c <= '9'; })) {
        fail(at + "/portalId", "'" + quote_for_message(*portal) +
                                   "' is not a HubSpot portal id (digits, e.g. \"1234567\")");
      }
    }
    if (auto guid = string_at(hubspot, "formGuid", at)) {
      const bool ok = guid->size() == 36 && std::all_of(guid->begin(), guid->end(), [](char c) {
                        return c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                               (c >= 'A' && c <= 'F');
                      });
      if (!ok) {
        fail(at + "/formGuid", "'" + quote_for_message(*guid) +
                                   "' is not a form GUID (8-4-4-4-12 hex digits, from the "
                                   "form's URL in HubSpot)");
      }
    }
    string_at(hubspot, "objectTypeId", at);
    string_at(hubspot, "pageName", at);
    load_mapping(hubspot, at);
    if (const json* types = member(hubspot, "subscriptionTypes", at, false)) {
      if (expect_object(*types, at + "/subscriptionTypes")) {
        for (const auto& item : types->items()) {
          const std::string item_at = pointer_append(at + "/subscriptionTypes", item.key());
          if (!contains(communication_ids_, item.key())) {
            fail(item_at, "unknown communication '" + quote_for_message(item.key()) + "'" +
                              did_you_mean(item.key(), communication_ids_) +
                              " (see submit.consent.communications)");
          }
          if (!item.value().is_number_integer()) {
            wrong_type(item_at, "a subscription type id (an integer)", item.value());
          }
        }
      }
    }
  }

  void load_salesforce(const json& salesforce) {
    const std::string at = "/submit/salesforce";
    check_keys(salesforce, at, keys_of("salesforce"));
    if (auto oid = string_at(salesforce, "oid", at, true)) {
      const bool ok = (oid->size() == 15 || oid->size() == 18) && oid->rfind("00D", 0) == 0;
      if (!ok) {
        fail(at + "/oid", "'" + quote_for_message(*oid) +
                              "' is not a Salesforce organization id (15 or 18 characters "
                              "starting with 00D, from Setup → Company Information)");
      }
    }
    string_at(salesforce, "leadSource", at);
    web_address_at(salesforce, "retURL", at);
    bool_at(salesforce, "debug", at);
    string_at(salesforce, "debugEmail", at);
    load_mapping(salesforce, at);
  }

  const Keys& question_ids() {
    if (question_ids_.size() != impl_->questions.size()) {
      question_ids_.clear();
      for (const Question& question : impl_->questions) question_ids_.push_back(question.id);
    }
    return question_ids_;
  }

  // ---- evaluation order -------------------------------------------------------------------------
  // Nodes: questions with a showIf (node = question index) and computed values (node = question
  // count + index). A node waits for every node whose value its expression reads.
  void plan_evaluation() {
    const int questions = static_cast<int>(impl_->questions.size());
    const int nodes = questions + static_cast<int>(impl_->computed.size());
    std::vector<std::vector<int>> depends(static_cast<std::size_t>(nodes));
    std::vector<bool> is_node(static_cast<std::size_t>(nodes), false);
    for (int n = 0; n < nodes; ++n) {
      const int expression = node_expression(n);
      if (expression < 0) continue;
      is_node[static_cast<std::size_t>(n)] = true;
      for (int slot : impl_->expressions[static_cast<std::size_t>(expression)].reads) {
        bool waits = slot < questions
                         ? impl_->questions[static_cast<std::size_t>(slot)].show_if >= 0
                         : slot < nodes;
        if (waits) depends[static_cast<std::size_t>(n)].push_back(slot);
      }
    }
    std::vector<std::vector<int>> dependents(static_cast<std::size_t>(nodes));
    std::vector<int> waiting(static_cast<std::size_t>(nodes), 0);
    for (int n = 0; n < nodes; ++n) {
      for (int d : depends[static_cast<std::size_t>(n)]) {
        dependents[static_cast<std::size_t>(d)].push_back(n);
        ++waiting[static_cast<std::size_t>(n)];
      }
    }
    // Among ready nodes, always the first in document order: the plan is the same every time.
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
    for (int n = 0; n < nodes; ++n) {
      if (is_node[static_cast<std::size_t>(n)] && waiting[static_cast<std::size_t>(n)] == 0) {
        ready.push(n);
      }
    }
    std::vector<bool> done(static_cast<std::size_t>(nodes), false);
    while (!ready.empty()) {
      int n = ready.top();
      ready.pop();
      done[static_cast<std::size_t>(n)] = true;
      impl_->plan.push_back(EvalStep{n < questions, n < questions ? n : n - questions});
      for (int next : dependents[static_cast<std::size_t>(n)]) {
        if (--waiting[static_cast<std::size_t>(next)] == 0) ready.push(next);
      }
    }
    for (int n = 0; n < nodes; ++n) {
      if (is_node[static_cast<std::size_t>(n)] && !done[static_cast<std::size_t>(n)]) {
        report_cycle(n, depends, done);
        return;
      }
    }
  }

  // The expression of a node (-1 for a question without showIf).
  int node_expression(int node) const {
    const int questions = static_cast<int>(impl_->questions.size());
    if (node < questions) return impl_->questions[static_cast<std::size_t>(node)].show_if;
    return impl_->computed[static_cast<std::size_t>(node - questions)].expr;
  }

  // Every node left over waits for another left-over node, so walking "waits for" from any of
  // them must come back to a node already seen: that loop is the cycle.
  void report_cycle(int start, const std::vector<std::vector<int>>& depends,
                    const std::vector<bool>& done) {
    const int questions = static_cast<int>(impl_->questions.size());
    std::vector<int> path;
    std::vector<int> position(depends.size(), -1);
    int n = start;
    while (position[static_cast<std::size_t>(n)] < 0) {
      position[static_cast<std::size_t>(n)] = static_cast<int>(path.size());
      path.push_back(n);
      for (int d : depends[static_cast<std::size_t>(n)]) {
        if (!done[static_cast<std::size_t>(d)]) {
          n = d;
          break;
        }
      }
    }
    auto name = [&](int node) {
      return node < questions ? impl_->questions[static_cast<std::size_t>(node)].id
                              : impl_->computed[static_cast<std::size_t>(node - questions)].id;
    };
    std::string loop;
    for (std::size_t i = static_cast<std::size_t>(position[static_cast<std::size_t>(n)]);
         i < path.size(); ++i) {
      loop += name(path[i]) + " \u2192 ";
    }
    loop += name(n);
    std::string at = impl_->expressions[static_cast<std::size_t>(node_expression(n))].pointer;
    fail(at, "cycle: " + loop);
  }

  // ---- the compiled model -------------------------------------------------------------------
  void finish() {
    CompiledModel& m = *impl_;
    m.hash = "sha256:" + sha256_hex(canonical(doc_));
    m.max_steps = limits_.expr.max_steps;
    m.normalized_json = canonical(normalize());
    // The state of no answers, computed by the runtime itself, for renderers that start before it.
    m.sort_tables();
    m.prepare_checks();
    m.prepare();
    Input input;
    input.reset(m);
    Result result;
    score(m, input, std::numeric_limits<double>::quiet_NaN(), result);
    write_state(m, result, m.initial_state_json);
  }

  // The model with every default written out, so renderers need not know the defaults.
  json normalize() const {
    json out = doc_;
    out.erase("$schema");
    out["lang"] = lang_;
    out["version"] = impl_->version;
    for (const char* list : {"questions", "computed", "signals", "rules"}) {
      if (!out.contains(list)) out[list] = json::array();
    }
    if (!out.contains("outcomes")) out["outcomes"] = json::object();
    if (!out.contains("submit")) out["submit"] = json::object();

    for (json& dimension : out["dimensions"]) {
      if (!dimension.contains("label")) dimension["label"] = dimension["id"];
      if (!dimension.contains("weight")) dimension["weight"] = 1;
    }
    std::set<std::string> shared;
    json& submit = out["submit"];
    if (submit.contains("include")) {
      for (const json& name : submit["include"]) shared.insert(name.get<std::string>());
    }
    for (json& question : out["questions"]) {
      if (!question.contains("label")) question["label"] = question["id"];
      if (!question.contains("required")) question["required"] = false;
      if (question.value("share", false)) shared.insert(question["id"].get<std::string>());
      if (question.contains("options")) {
        for (json& option : question["options"]) {
          if (option.is_string()) option = json{{"value", option}};
          if (!option.contains("label")) option["label"] = option["value"];
          if (!option.contains("points")) option["points"] = json::object();
        }
      }
    }
    json include = json::array();
    for (json& question : out["questions"]) {
      bool is_shared = shared.count(question["id"].get<std::string>()) > 0;
      question["share"] = is_shared;
      if (is_shared) include.push_back(question["id"]);
    }
    submit["include"] = include;
    if (!submit.contains("consent")) submit["consent"] = json::object();
    if (!submit["consent"].contains("required")) submit["consent"]["required"] = false;
    if (!submit.contains("format")) submit["format"] = "json";
    json policy = submit.contains("result") ? submit["result"] : json::object();
    policy["reasons"] = policy.value("reasons", "none");
    policy["dimensions"] = shares_dimensions_;
    policy["computed"] = shared_computed_;
    submit["result"] = std::move(policy);
    for (json& computed : out["computed"]) {
      if (!computed.contains("format")) computed["format"] = "number";
    }
    for (json& signal : out["signals"]) {
      if (!signal.contains("label")) signal["label"] = signal["id"];
    }
    for (json& rule : out["rules"]) {
      if (rule.contains("add") && !rule.contains("reason")) rule["reason"] = rule["id"];
    }
    for (json& stage : out["stages"]) {
      if (!stage.contains("label")) stage["label"] = stage["id"];
    }
    out["results"] = json{{"show", results_show_}};
    for (auto& [key, show] : outcome_show_) {
      json& outcome = out["outcomes"][key];
      outcome["show"] = show;
      if (outcome.contains("cta") && !outcome["cta"].is_array()) {
        outcome["cta"] = json::array({outcome["cta"]});
      }
    }
    return out;
  }

  const json& doc_;
  const ModelLimits& limits_;
  std::vector<Diagnostic>& errors_;
  std::unique_ptr<CompiledModel> impl_;
  std::string lang_ = "en";
  Keys dimension_ids_;
  Keys stage_ids_;
  Keys question_ids_;
  Keys signal_ids_;
  Keys communication_ids_;  // submit.consent.communications
  bool shares_reasons_ = false;
  bool shares_dimensions_ = false;
  Keys shared_computed_;                      // submit.result.computed, resolved
  json results_show_;                         // the results page's `show`, defaults written out
  std::map<std::string, json> outcome_show_;  // each outcome's complete `show`
  Symbols symbols_;
  std::map<std::string, std::string> names_seen_;
  int question_count_ = 0;
  int computed_count_ = 0;
};

}  // namespace

CompileResult compile_model(const nlohmann::json& doc, const ModelLimits& limits) {
  CompileResult result;
  Loader loader(doc, limits, result.errors);
  std::unique_ptr<CompiledModel> model = loader.run();
  if (model && result.errors.empty()) result.bytes = write_compiled(*model);
  return result;
}

CompileResult compile_model_text(std::string_view json_text, const ModelLimits& limits) {
  nlohmann::json doc;
  std::string error;
  if (!parse_json(json_text, doc, error, limits)) {
    CompileResult result;
    result.errors.push_back(Diagnostic{"", error});
    return result;
  }
  return compile_model(doc, limits);
}

}  // namespace leadqual
