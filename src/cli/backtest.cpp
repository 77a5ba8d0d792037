// leadqual backtest MODEL HISTORY.csv --outcome COLUMN: how well the model ranks the leads of a
// CRM history that converted. The core does the work (src/core/backtest.cpp); this file reads
// the file and prints the report as text or JSON.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/clock.hpp"
#include "cli/history_io.hpp"
#include "cli/host.hpp"
#include "cli/text_table.hpp"
#include "cli/verbs.hpp"
#include "core/compiler/backtest.hpp"

namespace leadqual::cli {
namespace {

using json = nlohmann::json;

constexpr const char* kHelp =
    R"(Usage: leadqual backtest MODEL HISTORY.csv --outcome COLUMN [options]

Scores every lead of a CRM export (CSV, ',' or ';' separated, quoted fields, a header row) with
MODEL and reports how well the scores rank the leads that converted: ROC AUC, top-decile lift and
a lift table by decile, conversion per score band, per stage and per reason, points that look
wrong, and columns that look recorded after sales contact.

Columns answer the question with the same id or label, compared without case and punctuation
("Lead Origin" answers lead_origin); --map says otherwise.

Options
  --outcome COLUMN          the column that says whether the lead converted (required)
  --positive VALUE[,VALUE]  outcome values that mean converted (default: 1, true, yes, y, won,
                            converted, closed won, any case; then 0, false, no, n, lost,
                            not converted, closed lost mean not converted, other values are
                            skipped)
  --map COLUMN=QUESTION     read QUESTION from COLUMN (repeatable)
  --format text|json        the report as a readable table (default) or JSON with stable keys:
                            auc, lift, deciles, bands, stages, reasons, wrong, leakage, rows,
                            positives, rate, columns, skipped, problems, answer_errors
  --now ISO|MS              the clock for days_since in rules (default: the system clock)

Exit status: 0 reported, 1 the model or file could not be read or some rows were bad (they are
listed on standard error; the others are still counted), 2 usage error.
)";

std::string percent(const json& rate) {
  return rate.is_number() ? percent_text(rate.get<double>()) : "-";
}

std::string number(const json& value, int decimals = 2) {
  if (!value.is_number()) return "-";
  const double v = value.get<double>();
  if (std::floor(v) == v && std::fabs(v) < 1e15) return fixed(v, 0);
  return fixed(v, decimals);
}

std::string lift(const json& value) {
  return value.is_number() ? fixed(value.get<double>(), 2) : "-";
}

std::string points(double value) {
  std::string text = number(json(value));
  return value > 0 ? "+" + text : text;
}

void print_text(const json& report, const std::string& model_path, const std::string& file) {
  const json& model = report["model"];
  out("Backtest of %s (%s %s) on %s\n", model_path.c_str(), model["id"].get<std::string>().c_str(),
      model["version"].get<std::string>().c_str(), file.c_str());
  out("%zu leads, %zu converted (%s)\n\n", report["rows"].get<std::size_t>(),
      report["positives"].get<std::size_t>(), percent(report["rate"]).c_str());
  out("ROC AUC          %s   (0.5: no better than chance, 1: every converted lead first)\n",
      report["auc"].is_number() ? fixed(report["auc"].get<double>(), 3).c_str() : "-");
  out("Top-decile lift  %s   (the best-scored 10 %% convert this many times as often as "
      "all leads)\n\n",
      report["lift"].is_number() ? fixed(report["lift"].get<double>(), 2).c_str() : "-");

  out("Lift by decile (best-scored first)\n");
  out("%s %s %s %s %s %s %s\n", pad("decile", 6).c_str(), pad("scores", 15).c_str(),
      pad("leads", 7).c_str(), pad("converted", 9).c_str(), pad("rate", 7).c_str(),
      pad("lift", 5).c_str(), pad("captured", 8).c_str());
  for (const json& decile : report["deciles"]) {
    const std::string scores = number(decile["min_score"]) + " to " + number(decile["max_score"]);
    out("%s %s %s %s %s %s %s\n", pad(number(decile["decile"]), 6).c_str(), pad(scores, 15).c_str(),
        pad(number(decile["rows"]), 7).c_str(), pad(number(decile["positives"], 1), 9).c_str(),
        pad(percent(decile["rate"]), 7).c_str(), pad(lift(decile["lift"]), 5).c_str(),
        pad(percent(decile["captured"]), 8).c_str());
  }

  out("\nStages\n");
  out("%s %s %s %s %s %s\n", pad("stage", 14, false).c_str(), pad("leads", 7).c_str(),
      pad("share", 7).c_str(), pad("converted", 9).c_str(), pad("rate", 7).c_str(),
      pad("lift", 5).c_str());
  for (const json& stage : report["stages"]) {
    out("%s %s %s %s %s %s\n", pad(clip(stage["id"].get<std::string>(), 14), 14, false).c_str(),
        pad(number(stage["rows"]), 7).c_str(), pad(percent(stage["share"]), 7).c_str(),
        pad(number(stage["positives"]), 9).c_str(), pad(percent(stage["rate"]), 7).c_str(),
        pad(lift(stage["lift"]), 5).c_str());
  }

  out("\nScore bands\n");
  out("%s %s %s %s %s\n", pad("scores", 15).c_str(), pad("leads", 7).c_str(),
      pad("converted", 9).c_str(), pad("rate", 7).c_str(), pad("lift", 5).c_str());
  for (const json& band : report["bands"]) {
    const std::string scores = number(band["min"]) + " to <" + number(band["max"]);
    out("%s %s %s %s %s\n", pad(scores, 15).c_str(), pad(number(band["rows"]), 7).c_str(),
        pad(number(band["positives"]), 9).c_str(), pad(percent(band["rate"]), 7).c_str(),
        pad(lift(band["lift"]), 5).c_str());
  }

  if (!report["reasons"].empty()) {
    out("\nReasons: how the leads each one held for converted (%s overall)\n",
        percent(report["rate"]).c_str());
    out("%s  %s %s %s %s\n", pad("points", 6).c_str(), pad("reason", 44, false).c_str(),
        pad("leads", 7).c_str(), pad("rate", 7).c_str(), pad("lift", 5).c_str());
    for (const json& reason : report["reasons"]) {
      const std::string name = reason["name"].get<std::string>();
      const std::string shown =
          reason["source"] == "disqualify" ? "disq." : points(reason["points"].get<double>());
      out("%s  %s %s %s %s%s\n", pad(shown, 6).c_str(), pad(clip(name, 44), 44, false).c_str(),
          pad(number(reason["rows"]), 7).c_str(), pad(percent(reason["rate"]), 7).c_str(),
          pad(lift(reason["lift"]), 5).c_str(),
          reason["looks_wrong"].get<bool>() ? "  looks wrong" : "");
    }
  }
  if (!report["wrong"].empty()) {
    out("\nPoints that look wrong\n");
    for (const json& item : report["wrong"]) {
      out("  %s (%s): %s\n", item["name"].get<std::string>().c_str(),
          item["pointer"].get<std::string>().c_str(), item["why"].get<std::string>().c_str());
    }
  }
  if (!report["unscored"].empty()) {
    out("\nWithout points, far from the base rate\n");
    for (const json& item : report["unscored"]) {
      out("  %s: %s leads, %s (%s)\n", item["name"].get<std::string>().c_str(),
          number(item["rows"]).c_str(), percent(item["rate"]).c_str(),
          item["pointer"].get<std::string>().c_str());
    }
  }
  if (!report["leakage"].empty()) {
    out("\nPossible leakage (columns that predict the outcome suspiciously well)\n");
    for (const json& column : report["leakage"]) {
      out("  %s\n", column["text"].get<std::string>().c_str());
    }
  }
}

}  // namespace

int backtest_main(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  if (const auto done = start_verb("backtest", kHelp, args,
                                   {{"--help"},
                                    {"--outcome", true},
                                    {"--positive", true},
                                    {"--map", true},
                                    {"--format", true},
                                    {"--now", true}},
                                   parsed)) {
    return *done;
  }
  std::string error;
  if (!model_and_history(parsed, error)) return usage_error("backtest", error);
  const std::string format = parsed.value("--format") ? *parsed.value("--format") : "text";
  if (format != "text" && format != "json") {
    return usage_error("backtest", "--format: '" + format + "' is not text or json");
  }
  BacktestOptions options;
  if (!history_options(parsed, options.outcome, options.mapping, error)) {
    return usage_error("backtest", error);
  }
  if (!now_option(parsed, options.now_ms, error)) return usage_error("backtest", error);
  const std::string& model_path = parsed.positional[0];
  const std::string& history_path = parsed.positional[1];
  const std::shared_ptr<const Model> model = load_model_file("backtest", model_path);
  if (!model) return kExitFailure;

  Backtest backtest(model, options);
  if (!read_history("backtest", history_path, backtest)) return kExitFailure;
  const bool clean = report_history("backtest", history_path, backtest);
  const json report = backtest.report();
  if (format == "json") {
    out("%s\n", report.dump(2, ' ', false, json::error_handler_t::replace).c_str());
  } else {
    print_text(report, model_path, history_path);
  }
  return clean ? kExitOk : kExitFailure;
}

}  // namespace leadqual::cli
