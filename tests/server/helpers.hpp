// Shared by the collector tests: a running server with the test models, real results scored by
// the core, payloads in the widget's format, and a client.
#pragma once

#include <httplib.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "pg_helpers.hpp"
#include "server_process.hpp"

namespace leadqual::testing {

using json = nlohmann::json;

inline const std::string kToken = "test-token-0123456789";
std::string data_path(const std::string& name);  // tests/server/data/<name>

// The result the core gives for `answers` on tests/server/data/models/<model>.json.
json score(const json& answers, const std::string& model = "collector-test");

// A new, empty store for the suite's store: the SQLite file `name` in `dir`, or (on PostgreSQL) a
// fresh schema of the cluster (its URL; "" when it could not be made).
std::string fresh_store(const TempDir& dir, const std::string& name);

// A payload as web/delivery.js builds it.
json payload(const std::string& id, const json& result, const json& fields = json::object());

// A server on a free port with its own database, the test models and a web root with a few
// files of each type.
class Collector {
 public:
  explicit Collector(std::vector<std::string> extra_args = {}, bool with_models = true);
  bool ok() const { return started_; }
  std::string failure() const { return process_.startup_output(); }
  httplib::Client client() const;
  ServerProcess& process() { return process_; }
  const TempDir& dir() const { return dir_; }
  // Its database: a SQLite file, or a fresh PostgreSQL database's URL (see pg_helpers.hpp).
  const std::string& db() const { return db_; }
  std::string log() const { return read_file(dir_.file("server.log")); }
  // Starts the server again on the same database and root (after it stopped or was killed).
  bool restart();

  httplib::Result post(const json& body, const httplib::Headers& headers = {}) const;
  json get_json(const std::string& path) const;  // with the token; null on failure

 private:
  TempDir dir_;
  std::string db_;
  std::vector<std::string> args_;
  ServerProcess process_;
  bool started_ = false;
};

// A webhook receiver on a free loopback port (POST /hook) that refuses the first `failures`
// posts with 503, then accepts; it keeps what it accepted.
class WebhookReceiver {
 public:
  explicit WebhookReceiver(int failures = 0);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  int attempts();  // every post, refused ones included
  // Accepted posts per submission id (a JSON body whose id is its Idempotency-Key).
  std::map<std::string, int> delivered();
  // The Leadqual-Signature header and the body of each accepted post, in order.
  std::vector<std::pair<std::string, std::string>> posts();

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  int failures_;
  int attempts_ = 0;
  std::map<std::string, int> delivered_;
  std::vector<std::pair<std::string, std::string>> posts_;
};

// Rows of the first column of `sql`, straight from the database (file or PostgreSQL URL).
std::vector<std::string> query_column(const std::string& db, const std::string& sql);

}  // namespace leadqual::testing
