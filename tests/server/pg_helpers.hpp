// PostgreSQL for the collector tests: the private cluster ctest starts once per run (the fixture
// "postgres": tests/server/pg_cluster, see CMakeLists.txt), which LEADQUAL_TEST_POSTGRES names
// (its state file). With it set, the collector suite runs against PostgreSQL (each Collector on a
// fresh database of that cluster); without it, against SQLite, and PostgreSQL-only tests skip.
#pragma once

#include <string>
#include <vector>

namespace leadqual::testing {

// True when LEADQUAL_TEST_POSTGRES names a running cluster; otherwise false with why.
bool postgres_available(std::string& why);
// The suite's store is PostgreSQL (LEADQUAL_TEST_POSTGRES is set).
bool store_is_postgres();
// A value from the cluster's state file: "url" (the admin URL), "dir", "bindir", "port".
std::string postgres_state(const std::string& key);
// A new, empty store in the cluster: a schema of its own, named in the URL's search_path (cheaper
// than a database); its URL ("" when it could not be created).
std::string fresh_postgres_db();
// A new, empty database of its own (for tests that cut a database's connections).
std::string fresh_postgres_database();
// Rows of the first column of `sql` run on `url`; empty on any error.
std::vector<std::string> pg_query_column(const std::string& url, const std::string& sql);
// Runs `sql` on `url`; false with the error.
bool pg_exec(const std::string& url, const std::string& sql, std::string& error);

}  // namespace leadqual::testing

// Skips a PostgreSQL-only test, saying why, where there is no cluster.
#define LEADQUAL_REQUIRE_POSTGRES()                                \
  do {                                                             \
    std::string leadqual_pg_why;                                   \
    if (!::leadqual::testing::postgres_available(leadqual_pg_why)) \
      GTEST_SKIP() << leadqual_pg_why;                             \
  } while (0)
