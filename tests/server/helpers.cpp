#include "helpers.hpp"

#include <signal.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "core/leadqual.hpp"

namespace leadqual::testing {

std::string data_path(const std::string& name) {
  return std::string(LEADQUAL_SERVER_TEST_DATA) + "/" + name;
}

json score(const json& answers, const std::string& model) {
  const auto loaded = Model::parse(read_file(data_path("models/" + model + ".json")));
  if (!loaded.model) return nullptr;
  return loaded.model->score(answers);
}

std::string fresh_store(const TempDir& dir, const std::string& name) {
  return store_is_postgres() ? fresh_postgres_db() : dir.file(name);
}

json payload(const std::string& id, const json& result, const json& fields) {
  return {{"id", id},
          {"submittedAt", "2026-11-22T08:41:07.512Z"},
          {"result", result},
          {"fields", fields},
          {"consent", {{"given", true}, {"text", "You may contact me."}}},
          {"context",
           {{"url", "https://acme.example/pricing?utm_source=ads"},
            {"referrer", "https://search.example/"},
            {"utm", {{"source", "ads"}}},
            {"lang", "en"}}},
          {"antispam", {{"honeypot", ""}, {"elapsedMs", 42000}}}};
}

namespace {

void write_file(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

Collector::Collector(std::vector<std::string> extra_args, bool with_models) {
  // A server may close a connection while a test client is still sending (413): that must be
  // an error on the client's side, not a SIGPIPE that ends the test program.
  ::signal(SIGPIPE, SIG_IGN);
  const std::string root = dir_.file("web");
  write_file(root + "/demo/index.html", "<!doctype html><title>demo</title><p>Demo page</p>");
  write_file(root + "/leadqual.js",
             "export const answer = 42;\n" + std::string(4000, ' ') + "//\n");
  write_file(root + "/widget.css", ":root { --lq-accent: blue; }\n");
  write_file(root + "/build/leadqual.wasm",
             std::string("\0asm\1\0\0\0", 8) + std::string(20000, '\x01'));
  write_file(root + "/data.json", "{\"ok\": true}");
  write_file(root + "/.secret", "hidden");
  write_file(dir_.file("outside.txt"), "outside the root");
  db_ = fresh_store(dir_, "results.sqlite");
  args_ = {"--db", db_, "--root", root, "--token", kToken};
  if (with_models) {
    args_.push_back("--models");
    args_.push_back(data_path("models"));
  }
  args_.insert(args_.end(), extra_args.begin(), extra_args.end());
  started_ = process_.start(args_, dir_.file("server.log"));
}

bool Collector::restart() {
  started_ = process_.start(args_, dir_.file("server.log"));
  return started_;
}

httplib::Client Collector::client() const {
  httplib::Client client("127.0.0.1", process_.port());
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(10, 0);
  client.set_write_timeout(10, 0);
  return client;
}

httplib::Result Collector::post(const json& body, const httplib::Headers& headers) const {
  return client().Post("/api/v1/results", headers, body.dump(), "application/json");
}

json Collector::get_json(const std::string& path) const {
  auto response = client().Get(path.c_str(), {{"Authorization", "Bearer " + kToken}});
  if (!response || response->status != 200) return nullptr;
  return json::parse(response->body, nullptr, false);
}

std::vector<std::string> query_column(const std::string& db, const std::string& sql) {
  if (db.rfind("postgresql://", 0) == 0) return pg_query_column(db, sql);
  std::vector<std::string> rows;
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        rows.emplace_back(text ? text : "");
      }
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(handle);
  return rows;
}

WebhookReceiver::WebhookReceiver(int failures) : failures_(failures) {
  server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++attempts_;
    if (attempts_ <= failures_) {
      res.status = 503;
      return;
    }
    const json body = json::parse(req.body, nullptr, false);
    if (body.is_object() && body.contains("id") && body["id"].is_string() &&
        body["id"] == req.get_header_value("Idempotency-Key")) {
      ++delivered_[body["id"].get<std::string>()];
    }
    posts_.emplace_back(req.get_header_value("Leadqual-Signature"), req.body);
    res.status = 200;
  });
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
}

WebhookReceiver::~WebhookReceiver() {
  server_.stop();
  thread_.join();
}

int WebhookReceiver::attempts() {
  std::lock_guard<std::mutex> lock(mutex_);
  return attempts_;
}

std::map<std::string, int> WebhookReceiver::delivered() {
  std::lock_guard<std::mutex> lock(mutex_);
  return delivered_;
}

std::vector<std::pair<std::string, std::string>> WebhookReceiver::posts() {
  std::lock_guard<std::mutex> lock(mutex_);
  return posts_;
}

}  // namespace leadqual::testing
