// leadqual new --framework NAME [--lang LANG] | leadqual new --list
// leadqual new --from-csv HISTORY.csv --outcome COLUMN [--exclude COLUMN,...]
#include <cctype>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/args.hpp"
#include "cli/history_io.hpp"
#include "cli/host.hpp"
#include "cli/presets.hpp"
#include "cli/verbs.hpp"
#include "core/compiler/profile.hpp"

namespace leadqual::cli {
namespace {

// Keeps the preset's key order, so the printed model reads like the preset file.
using ordered_json = nlohmann::ordered_json;

constexpr const char* kHelp = R"(Usage: leadqual new --framework NAME [--lang LANG] > model.json
       leadqual new --list
       leadqual new --from-csv HISTORY.csv --outcome COLUMN [--exclude COLUMN,...] > model.json

Prints a new model started from a framework preset (BANT, CHAMP, MEDDPICC, ...), ready to edit
and check with `leadqual validate`.
  --framework NAME  the preset, by name (bant) or framework (BANT), in any case
  --lang LANG       keep only this language of every localised text (falling back to the
                    model's lang, then "en", then the first language) and make it the model's lang
  --list            list the presets: name, framework, title

  --from-csv FILE   a starter model from a CRM export: one question per column (choice for
                    columns of repeated values, number with quantile bands for numeric ones),
                    no points yet (learn them with `leadqual calibrate`)
  --outcome COLUMN  the column that says whether the lead converted (left out of the model)
  --exclude COLUMN  columns to leave out, comma separated or repeated (those recorded after
                    sales contact: see the leakage warnings printed on standard error)
  --positive VALUE  outcome values that mean converted (as for `leadqual backtest`)
  --id ID           the model's id (default: from the file name)

Exit status: 0 printed, 1 a preset is broken, 2 usage error (including an unknown framework).
)";

// The model keys whose values are localised text (docs/model.md, "text").
bool is_text_key(const std::string& key) {
  for (const char* text_key : {"title", "description", "label", "help", "placeholder", "reason",
                               "disqualify", "body", "start"}) {
    if (key == text_key) return true;
  }
  return false;
}

bool is_localised(const ordered_json& value) {
  if (!value.is_object() || value.empty()) return false;
  for (const auto& entry : value.items()) {
    if (!entry.value().is_string()) return false;
  }
  return true;
}

// The text in `lang`, else in `fallback`, else English, else the first language by tag.
ordered_json pick_language(const ordered_json& text, const std::string& lang,
                           const std::string& fallback) {
  for (const std::string& wanted : {lang, fallback, std::string("en")}) {
    auto found = text.find(wanted);
    if (found != text.end()) return *found;
  }
  auto first = text.begin();
  for (auto it = text.begin(); it != text.end(); ++it) {
    if (it.key() < first.key()) first = it;
  }
  return *first;
}

void collapse_languages(ordered_json& value, const std::string& lang, const std::string& fallback) {
  if (value.is_array()) {
    for (ordered_json& item : value) collapse_languages(item, lang, fallback);
    return;
  }
  if (!value.is_object()) return;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it.key().compare(0, 2, "x-") == 0) continue;  // extensions are kept as they are
    if (is_text_key(it.key()) && is_localised(it.value())) {
      it.value() = pick_language(it.value(), lang, fallback);
    } else {
      collapse_languages(it.value(), lang, fallback);
    }
  }
}

std::string lower(std::string_view text) {
  std::string out;
  for (char c : text) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

std::string string_member(const ordered_json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// The preset's text parsed; false (with a message) when an embedded preset is not JSON.
bool parse_preset(const Preset& preset, ordered_json& doc) {
  doc = ordered_json::parse(preset.text.begin(), preset.text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    err("leadqual new: the embedded preset '%.*s' is not a JSON object\n",
        static_cast<int>(preset.name.size()), preset.name.data());
    return false;
  }
  return true;
}

std::string title_of(const ordered_json& doc) {
  auto title = doc.find("title");
  if (title == doc.end()) return {};
  if (title->is_string()) return title->get<std::string>();
  if (is_localised(*title)) {
    const std::string lang = string_member(doc, "lang");
    return pick_language(*title, "en", lang.empty() ? "en" : lang).get<std::string>();
  }
  return {};
}

int list_presets() {
  for (const Preset& preset : host().presets()) {
    ordered_json doc;
    if (!parse_preset(preset, doc)) return kExitFailure;
    out("%-16.*s %-12s %s\n", static_cast<int>(preset.name.size()), preset.name.data(),
        string_member(doc, "framework").c_str(), title_of(doc).c_str());
  }
  return kExitOk;
}

// "exports/x-education-leads.csv" -> "x-education-leads".
std::string id_from_path(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  const std::size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  std::string id;
  for (char c : name) {
    const bool plain =
        std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    id.push_back(plain && static_cast<unsigned char>(c) < 0x80 ? c : '-');
  }
  return id.empty() || path == "-" ? "starter" : id;
}

int from_csv(const ParsedArgs& parsed) {
  for (const char* other : {"--framework", "--lang", "--list"}) {
    if (parsed.has(other)) return usage_error("new", std::string("--from-csv takes no ") + other);
  }
  OutcomeOptions outcome;
  ColumnMapping unused;
  std::string error;
  if (!history_options(parsed, outcome, unused, error)) return usage_error("new", error);
  const std::string path = *parsed.value("--from-csv");
  CsvProfile profile(outcome);
  if (!read_history("new", path, profile)) return kExitFailure;
  const bool clean = report_history("new", path, profile);
  DraftOptions options;
  options.id = parsed.value("--id") ? *parsed.value("--id") : id_from_path(path);
  options.title = "Starter model from " + path.substr(path.find_last_of('/') + 1);
  options.exclude = list_option(parsed, "--exclude");
  for (const std::string& name : options.exclude) {
    if (find_column(profile.columns(), name) < 0) {
      return usage_error("new", "--exclude: no column '" + name + "' in " + path +
                                    did_you_mean_column(profile.columns(), name));
    }
  }
  const Draft draft = draft_model(profile, options);
  for (const std::string& note : draft.notes) {
    err("leadqual new: %s\n", note.c_str());
  }
  // Columns that look recorded after contact, unless already excluded.
  for (const ColumnProfile& column : profile.profiles()) {
    if (&column - profile.profiles().data() == profile.outcome_column()) continue;
    bool excluded = false;
    for (const std::string& name : options.exclude) {
      excluded = excluded || find_column({column.name}, name) == 0;
    }
    if (excluded || column.identifier()) continue;
    const LeakageEvidence evidence = leakage_evidence(column.level_counts());
    if (evidence.suspicious) {
      err("leadqual new: warning: %s (leave it out with --exclude)\n",
          leakage_text(column.name, evidence).c_str());
    }
  }
  out("%s\n", draft.model.dump(2, ' ', false, ordered_json::error_handler_t::replace).c_str());
  return clean ? kExitOk : kExitFailure;
}

}  // namespace

int new_main(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  if (const auto done = start_verb("new", kHelp, args,
                                   {{"--help"},
                                    {"--list"},
                                    {"--framework", true},
                                    {"--lang", true},
                                    {"--from-csv", true},
                                    {"--outcome", true},
                                    {"--exclude", true},
                                    {"--positive", true},
                                    {"--id", true}},
                                   parsed)) {
    return *done;
  }
  std::string error;
  if (parsed.has("--from-csv")) {
    if (!parsed.positional.empty()) {
      return usage_error("new", "unexpected argument '" + parsed.positional[0] + "'");
    }
    return from_csv(parsed);
  }
  for (const char* csv_only : {"--outcome", "--exclude", "--positive", "--id"}) {
    if (parsed.has(csv_only)) {
      return usage_error("new", std::string(csv_only) + " goes with --from-csv");
    }
  }
  if (!parsed.positional.empty()) {
    return usage_error("new", "unexpected argument '" + parsed.positional[0] + "'");
  }
  if (parsed.has("--list")) {
    if (parsed.has("--framework") || parsed.has("--lang")) {
      return usage_error("new", "--list takes no other option");
    }
    return list_presets();
  }
  const std::string* framework = parsed.value("--framework");
  if (!framework) return usage_error("new", "say which preset: --framework NAME (or --list)");

  const std::string wanted = lower(*framework);
  std::string names;
  for (const Preset& preset : host().presets()) {
    ordered_json doc;
    if (!parse_preset(preset, doc)) return kExitFailure;
    names += (names.empty() ? "" : ", ") + std::string(preset.name);
    if (lower(preset.name) != wanted && lower(string_member(doc, "framework")) != wanted) continue;
    if (const std::string* lang = parsed.value("--lang")) {
      if (lang->empty()) return usage_error("new", "--lang: the language is empty");
      const std::string model_lang = string_member(doc, "lang");
      collapse_languages(doc, *lang, model_lang.empty() ? "en" : model_lang);
      doc["lang"] = *lang;
    }
    out("%s\n", doc.dump(2, ' ', false, ordered_json::error_handler_t::replace).c_str());
    return kExitOk;
  }
  return usage_error("new", "unknown framework '" + *framework + "'; the presets are: " +
                                (names.empty() ? "(none built in)" : names));
}

}  // namespace leadqual::cli
