// What backtest, calibrate and `new --from-csv` share: reading the model and the CRM history
// file, the --map/--exclude/--positive options, and reporting the rows that could not be used.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "core/compiler/csv_answers.hpp"
#include "core/compiler/history.hpp"
#include "core/leadqual.hpp"

namespace leadqual::cli {

// Loads MODEL; on failure prints its errors as `validate` does and returns null.
std::shared_ptr<const Model> load_model_file(const std::string& verb, const std::string& path);

// Feeds the file (or standard input for "-") to `history` in large chunks, then finishes it.
// False, with the reason printed on standard error, when the file cannot be read or is no CRM
// history (History::failed).
bool read_history(const std::string& verb, const std::string& path, History& history);

// MODEL and HISTORY.csv, the two arguments of backtest and calibrate: false with `error` (a
// usage error) when one is missing, there are more, or both are standard input.
bool model_and_history(const ParsedArgs& parsed, std::string& error);

// "a,b , c" -> {"a", "b", "c"}, for every value of a repeated option.
std::vector<std::string> list_option(const ParsedArgs& parsed, const std::string& name);

// --map COLUMN=QUESTION (repeatable) and --outcome/--positive; false with `error` (a usage error).
bool history_options(const ParsedArgs& parsed, OutcomeOptions& outcome, ColumnMapping& mapping,
                     std::string& error);

// Prints on standard error what was not used: warnings about columns, the first bad rows and
// unknown outcomes, the number of rows skipped. Returns true when no row was bad.
bool report_history(const std::string& verb, const std::string& path, const History& history);

}  // namespace leadqual::cli
