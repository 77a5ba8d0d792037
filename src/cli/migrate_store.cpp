// leadqual migrate-store --from FILE.sqlite --to postgres://…: the words after the verb, then
// server::migrate_store does the copy.
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/host.hpp"
#include "cli/verbs.hpp"
#include "server/migrate_store.hpp"
#include "server/storage.hpp"

namespace leadqual::cli {
namespace {

constexpr const char* kHelp = R"(Usage: leadqual migrate-store --from FILE.sqlite --to URL

Copies a SQLite store (leadqual serve --db FILE.sqlite) into a PostgreSQL store:
every result with its forwarding state, the visit funnel and the read token
(FILE.sqlite.token), creating or migrating the PostgreSQL tables first. A result
whose id is there already is left alone, so it is safe to run again, and while
collectors write to the PostgreSQL store (see docs/collector.md, "Migrating from
SQLite").

  --from FILE   the SQLite database (read only; start leadqual serve on it once
                if it is from an older leadqual)
  --to URL      the PostgreSQL database (postgres://user:password@host:port/dbname?…)
  -h, --help    show this help
)";

}  // namespace

int migrate_store_main(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> spec = {{"--help", false, "-h"}, {"--from", true}, {"--to", true}};
  ParsedArgs parsed;
  if (const auto done = start_verb("migrate-store", kHelp, args, spec, parsed)) return *done;
  std::string error;
  if (!parsed.positional.empty()) {
    return usage_error("migrate-store", "unexpected argument '" + parsed.positional[0] + "'");
  }
  const std::string* from = parsed.value("--from");
  const std::string* to = parsed.value("--to");
  if (!from || !to) {
    return usage_error("migrate-store", "both --from FILE.sqlite and --to postgres://… are needed");
  }
  if (!server::is_postgres_url(*to)) {
    return usage_error("migrate-store",
                       "--to must be a PostgreSQL URL (postgres://… or "
                       "postgresql://…), got '" +
                           server::printable_db(*to) + "'");
  }
  server::MigrateReport report;
  if (!server::migrate_store(*from, *to, report, error)) {
    err("leadqual migrate-store: %s\n", error.c_str());
    return kExitFailure;
  }
  out("leadqual migrate-store: %lld results copied to %s (%lld still to forward), %lld already "
      "there; %lld funnel steps; read token %s\n",
      static_cast<long long>(report.copied), server::printable_db(*to).c_str(),
      static_cast<long long>(report.queued), static_cast<long long>(report.present),
      static_cast<long long>(report.steps), report.token_copied ? "copied" : "left as it was");
  return kExitOk;
}

}  // namespace leadqual::cli
