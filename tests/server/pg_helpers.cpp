#include "pg_helpers.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>

namespace leadqual::testing {
namespace {

const char* state_file() {
  const char* path = std::getenv("LEADQUAL_TEST_POSTGRES");
  return path && *path ? path : nullptr;
}

struct ClosePg {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using Conn = std::unique_ptr<PGconn, ClosePg>;

Conn connect(const std::string& url, std::string& error) {
  Conn conn(PQconnectdb(url.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    error = conn ? PQerrorMessage(conn.get()) : "out of memory";
    return nullptr;
  }
  return conn;
}

// With LEADQUAL_TEST_POSTGRES set and no cluster, every test of the run skips, saying why.
class PostgresEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    std::string why;
    if (store_is_postgres() && !postgres_available(why)) GTEST_SKIP() << why;
  }
};
[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);  // gtest owns it

}  // namespace

bool store_is_postgres() {
  return state_file() != nullptr;
}

std::string postgres_state(const std::string& key) {
  if (!state_file()) return {};
  std::ifstream in(state_file());
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  }
  return {};
}

bool postgres_available(std::string& why) {
  if (!state_file()) {
    why =
        "no PostgreSQL cluster: run through ctest (its fixture 'postgres' starts one) or set "
        "LEADQUAL_TEST_POSTGRES to the state file tests/server/pg_cluster writes";
    return false;
  }
  const std::string skip = postgres_state("skip");
  if (!skip.empty()) {
    why = "PostgreSQL tests skipped: " + skip;
    return false;
  }
  if (postgres_state("url").empty()) {
    why = std::string("no PostgreSQL cluster state in ") + state_file() +
          " (did the fixture test server.postgres_start fail?)";
    return false;
  }
  return true;
}

namespace {

std::string fresh_name() {
  static std::atomic<int> counter{0};
  static const unsigned salt = std::random_device{}();
  return "lq_" + std::to_string(::getpid()) + "_" + std::to_string(salt % 100000) + "_" +
         std::to_string(counter++);
}

}  // namespace

std::string fresh_postgres_db() {
  const std::string admin = postgres_state("url");
  if (admin.empty()) return {};
  const std::string name = fresh_name();
  std::string error;
  if (!pg_exec(admin, "CREATE SCHEMA " + name, error)) {
    ADD_FAILURE() << "CREATE SCHEMA " << name << ": " << error;
    return {};
  }
  return admin + "?options=-csearch_path%3D" + name;
}

std::string fresh_postgres_database() {
  const std::string admin = postgres_state("url");
  const auto slash = admin.rfind('/');
  if (admin.empty() || slash == std::string::npos) return {};
  const std::string name = fresh_name();
  std::string error;
  if (!pg_exec(admin, "CREATE DATABASE " + name, error)) {
    ADD_FAILURE() << "CREATE DATABASE " << name << ": " << error;
    return {};
  }
  return admin.substr(0, slash + 1) + name;
}

bool pg_exec(const std::string& url, const std::string& sql, std::string& error) {
  Conn conn = connect(url, error);
  if (!conn) return false;
  PGresult* result = PQexec(conn.get(), sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  if (!ok) error = PQresultErrorMessage(result);
  PQclear(result);
  return ok;
}

std::vector<std::string> pg_query_column(const std::string& url, const std::string& sql) {
  std::vector<std::string> rows;
  std::string error;
  Conn conn = connect(url, error);
  if (!conn) return rows;
  PGresult* result = PQexec(conn.get(), sql.c_str());
  if (PQresultStatus(result) == PGRES_TUPLES_OK) {
    for (int row = 0; row < PQntuples(result); ++row) rows.emplace_back(PQgetvalue(result, row, 0));
  }
  PQclear(result);
  return rows;
}

}  // namespace leadqual::testing
