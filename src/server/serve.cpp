#include "server/serve.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "server/dashboard.hpp"
#include "server/forwarder.hpp"
#include "server/http.hpp"
#include "server/models.hpp"
#include "server/options.hpp"
#include "server/payload.hpp"
#include "server/progress.hpp"
#include "server/rate_limit.hpp"
#include "server/results_api.hpp"
#include "server/static_files.hpp"
#include "server/storage.hpp"
#include "server/token.hpp"
#include "server/util.hpp"

#ifndef LEADQUAL_DEFAULT_ROOT
#define LEADQUAL_DEFAULT_ROOT "web"
#endif

namespace leadqual {
namespace {

using server::Problem;
using server::http::Request;
using server::http::Response;

bool same_secret(const std::string& given, const std::string& expected) {
  // Constant time in the length of `expected`, so timing does not reveal a prefix.
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>(expected[i] ^ (i < given.size() ? given[i] : 0));
  }
  return diff == 0;
}

void send_problem(Response& res, const Problem& problem) {
  res.set_problem(problem.status, problem.code, problem.message, problem.pointer);
}

void send_json(Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(server::json_text(body), "application/json");
}

// A Host naming this machine by address or as localhost. Under DNS rebinding a page's own
// domain name resolves to this server, so a Host that is a name proves nothing about origin.
bool host_is_an_address(const std::string& host) {
  std::string name = host;
  if (!name.empty() && name.front() == '[') return name.find(']') != std::string::npos;  // IPv6
  name = name.substr(0, name.rfind(':') == std::string::npos ? name.size() : name.rfind(':'));
  if (name == "localhost") return true;
  int dots = 0;
  for (char c : name) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

// The path as it goes into a log line: bytes that could end or forge a line (controls, spaces)
// and '%' itself are percent-encoded.
std::string loggable(const std::string& text) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text.substr(0, 2000)) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '%') {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  return out.empty() ? "-" : out;
}

class App {
 public:
  App(server::Options options, std::unique_ptr<server::Storage> store,
      std::unique_ptr<server::ModelRegistry> models)
      : options_(std::move(options)),
        store_(std::move(store)),
        models_(std::move(models)),
        limiter_(options_.rate_per_second, options_.rate_burst),
        site_(options_.root),
        model_files_(options_.models.empty() ? std::string() : options_.models.front(),
                     {".json", ".lqc"}),
        results_api_(*store_, *models_),
        http_(
            limits(options_), [this](const Request& req, Response& res) { handle(req, res); },
            [this](const Request& req, const Response& res, double ms) { log(req, res, ms); }) {
    if (!options_.forward.empty()) {
      server::ForwardSettings settings;
      settings.url = options_.forward;
      settings.secret = options_.forward_secret;
      settings.base_delay_ms = options_.forward_retry_ms;
      forwarder_ = std::make_unique<server::Forwarder>(*store_, settings);
    }
  }

  bool start(std::string& error);
  void stop() { http_.stop(); }
  int run();  // blocks until stopped
  int port() const { return port_; }

 private:
  static server::http::Limits limits(const server::Options& options);
  void handle(const Request& req, Response& res);
  bool origin_allowed(const Request& req) const;
  // Refuses a disallowed Origin with 403; otherwise sets the CORS answer headers.
  bool admit_origin(const Request& req, Response& res) const;
  bool authorized(const Request& req, Response& res) const;
  void post_result(const Request& req, Response& res);
  void post_progress(const Request& req, Response& res);
  // The answer to a repeat: the first copy's status and result, as it was stored.
  void answer_repeat(const std::string& id, Response& res);
  // Too many posts from this client address: answers 429 and returns false.
  bool within_rate(const Request& req, Response& res);
  void preflight(const Request& req, Response& res);
  void serve_static(server::StaticFiles& files, const std::string& mount, const std::string& path,
                    const Request& req, Response& res);
  void log(const Request& req, const Response& res, double ms) const;
  void health(Response& res);

  server::Options options_;
  std::unique_ptr<server::Storage> store_;
  std::unique_ptr<server::ModelRegistry> models_;
  server::RateLimiter limiter_;
  server::StaticFiles site_;
  server::StaticFiles model_files_;
  server::ResultsApi results_api_;
  std::unique_ptr<server::Forwarder> forwarder_;
  server::http::Server http_;
  int port_ = 0;
};

server::http::Limits App::limits(const server::Options& options) {
  server::http::Limits limits;
  limits.max_body = options.max_body;
  limits.idle_timeout = std::chrono::milliseconds(options.idle_timeout_ms);
  limits.request_timeout = std::chrono::milliseconds(options.request_timeout_ms);
  limits.write_timeout = std::chrono::milliseconds(options.request_timeout_ms);
  limits.max_connections = options.max_connections;
  limits.max_connections_per_client = options.max_connections_per_client;
  return limits;
}

bool App::origin_allowed(const Request& req) const {
  if (!req.has_header("Origin")) return true;  // not a browser cross-site request
  const std::string origin = req.get_header_value("Origin");
  for (const auto& allowed : options_.allow_origins) {
    if (allowed == "*" || allowed == origin) return true;
  }
  // Same origin: the page was served by us. Browsers send Origin on same-origin POSTs too.
  return host_is_an_address(req.host) &&
         (origin == "http://" + req.host || origin == "https://" + req.host);
}

bool App::authorized(const Request& req, Response& res) const {
  std::string given;
  const std::string header = req.get_header_value("Authorization");
  if (header.rfind("Bearer ", 0) == 0) {
    given = header.substr(7);
  } else if (req.has_param("token")) {
    given = req.get_param_value("token");
  }
  if (!given.empty() && same_secret(given, options_.token)) return true;
  res.set_header("WWW-Authenticate", "Bearer realm=\"leadqual\"");
  send_problem(res, {401, "unauthorized",
                     given.empty() ? "a token is required: send 'Authorization: Bearer <token>' "
                                     "or ?token=<token> (see the server's start-up output)"
                                   : "the token is not valid",
                     std::nullopt});
  return false;
}

bool App::admit_origin(const Request& req, Response& res) const {
  if (!origin_allowed(req)) {
    send_problem(res, {403, "origin_not_allowed",
                       "origin '" + req.get_header_value("Origin") +
                           "' may not post here (see --allow-origin)",
                       std::nullopt});
    return false;
  }
  if (req.has_header("Origin")) {
    res.set_header("Access-Control-Allow-Origin", req.get_header_value("Origin"));
    res.set_header("Vary", "Origin");
  }
  return true;
}

void App::preflight(const Request& req, Response& res) {
  if (!admit_origin(req, res)) return;
  res.set_header("Access-Control-Allow-Methods", "POST, OPTIONS");
  // Leadqual-Signature: a page may sign what it posts here too (docs/widget.md).
  res.set_header("Access-Control-Allow-Headers",
                 "Content-Type, Idempotency-Key, Leadqual-Signature");
  res.set_header("Access-Control-Max-Age", "600");
  res.status = 204;
}

// The HTTP layer has read the whole body (and undone its Content-Encoding) within the limits
// before this runs, so every answer here leaves the connection cleanly framed.
void App::post_result(const Request& req, Response& res) {
  if (!admit_origin(req, res)) return;
  if (req.has_header("Origin")) res.set_header("Access-Control-Expose-Headers", "Retry-After");
  if (!within_rate(req, res)) return;
  server::PostedRequest posted{req.get_header_value("Content-Type"), req.body,
                               req.get_header_value("Idempotency-Key"), req.remote_addr,
                               req.get_header_value("User-Agent")};
  server::Submission submission;
  bool dimensions_known = true;
  Problem problem;
  if (!server::read_submission(posted, submission, dimensions_known, problem)) {
    send_problem(res, problem);
    return;
  }
  const server::Verdict verdict =
      models_->check(submission.payload["result"], !dimensions_known, options_.strict_models);
  if (verdict.kind == server::Verdict::Refused) {
    send_problem(res, verdict.problem);
    return;
  }
  submission.unverified_reason = verdict.why;
  std::string error;
  switch (store_->insert(submission, forwarder_ != nullptr, error)) {
    case server::InsertOutcome::Stored: {
      if (forwarder_) forwarder_->wake();
      nlohmann::json answer = {{"id", submission.id}, {"status", "stored"}};
      if (!submission.unverified_reason.empty()) {
        answer["unverified"] = submission.unverified_reason;
      }
      send_json(res, 201, answer);
      return;
    }
    case server::InsertOutcome::Duplicate:
      answer_repeat(submission.id, res);
      return;
    case server::InsertOutcome::Failed:
      std::cerr << "leadqual serve: storing " << submission.id << " failed: " << error << "\n";
      res.set_header("Retry-After", "5");
      send_problem(res, {503, "storage_unavailable",
                         "the result could not be stored; it is safe to retry", std::nullopt});
      return;
  }
}

bool App::within_rate(const Request& req, Response& res) {
  int retry_after = 0;
  if (limiter_.allow(req.remote_addr, server::now_ms(), retry_after)) return true;
  res.set_header("Retry-After", std::to_string(retry_after));
  send_problem(res, {429, "rate_limited",
                     "too many posts from " + req.remote_addr + "; retry after " +
                         std::to_string(retry_after) + " s",
                     std::nullopt});
  return false;
}

void App::answer_repeat(const std::string& id, Response& res) {
  nlohmann::json body = {{"id", id}, {"status", "duplicate"}};
  std::optional<server::StoredResult> first;
  std::string error;
  if (store_->find(id, first, error) && first) {
    body["receivedAt"] = server::iso_utc(first->received_ms);
    body["result"] = first->payload.is_object() && first->payload.contains("result")
                         ? first->payload["result"]
                         : nlohmann::json(nullptr);
    body["unverified"] = first->unverified_reason.empty()
                             ? nlohmann::json(nullptr)
                             : nlohmann::json(first->unverified_reason);
  }
  send_json(res, 200, body);
}

void App::post_progress(const Request& req, Response& res) {
  if (!admit_origin(req, res)) return;
  if (!within_rate(req, res)) return;
  server::ProgressStep step;
  Problem problem;
  if (!server::read_progress(req.body, step, problem)) {
    send_problem(res, problem);
    return;
  }
  std::string error;
  if (!store_->record_progress(step.model_id, step.session, step.step, error)) {
    std::cerr << "leadqual serve: recording progress failed: " << error << "\n";
    res.set_header("Retry-After", "5");
    send_problem(res, {503, "storage_unavailable", "progress could not be stored", std::nullopt});
    return;
  }
  res.status = 204;
}

void App::serve_static(server::StaticFiles& files, const std::string& mount,
                       const std::string& path, const Request& req, Response& res) {
  const auto reply =
      files.get(path, req.get_header_value("If-None-Match"),
                req.get_header_value("If-Modified-Since"), req.get_header_value("Accept-Encoding"));
  if (reply.status == 404) {
    send_problem(res, {404, "not_found", "nothing at " + req.path, std::nullopt});
    return;
  }
  if (reply.status == 301) {
    res.set_redirect(mount + reply.location, 301);  // the location is relative to the mount
    return;
  }
  res.set_header("ETag", reply.etag);
  res.set_header("Last-Modified", reply.last_modified);
  // Files are not content-hashed, so browsers revalidate each use (a 304 is cheap).
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("X-Content-Type-Options", "nosniff");
  if (reply.status == 304) {
    res.status = 304;
    return;
  }
  if (!reply.content_encoding.empty()) res.set_header("Content-Encoding", reply.content_encoding);
  res.status = 200;
  res.set_header("Content-Type", reply.content_type);
  res.shared_body = reply.body;
}

void App::log(const Request& req, const Response& res, double ms) const {
  char timing[32];
  std::snprintf(timing, sizeof timing, "%.1fms", ms);
  // The query string is left out: it may carry the token.
  std::string line = server::iso_utc(server::now_ms()) + " " + req.remote_addr + " " +
                     loggable(req.method) + " " + loggable(req.path) + " " +
                     std::to_string(res.status) + " " + std::to_string(res.content().size()) +
                     "B " + timing + "\n";
  // One write() per line keeps lines from concurrent workers whole.
  const ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
  (void)written;
}

// 200 while the store answers, 503 when it does not (a load balancer then sends posts to
// another collector). The reason goes to the log, not to whoever asks.
void App::health(Response& res) {
  std::string error;
  const bool reachable = store_->reachable(error);
  if (!reachable)
    std::cerr << "leadqual serve: health check: the store is unreachable: " << error << "\n";
  if (!reachable) res.set_header("Retry-After", "5");
  send_json(res, reachable ? 200 : 503,
            {{"ok", reachable}, {"store", {{"kind", store_->kind()}, {"reachable", reachable}}}});
}

void App::handle(const Request& req, Response& res) {
  const std::string& path = req.path;
  const bool get = req.method == "GET" || req.method == "HEAD";
  const auto method_not_allowed = [&](const char* allow) {
    res.set_header("Allow", allow);
    send_problem(res, {405, "method_not_allowed",
                       loggable(req.method) + " is not allowed on " + loggable(path) +
                           " (allowed: " + allow + ")",
                       std::nullopt});
  };
  if (path == "/api/v1/results") {
    if (req.method == "POST") return post_result(req, res);
    if (req.method == "OPTIONS") return preflight(req, res);
    if (get) {
      if (authorized(req, res)) results_api_.list(req, res);
      return;
    }
    return method_not_allowed("GET, HEAD, POST, OPTIONS");
  }
  if (path == "/api/v1/progress") {
    if (req.method == "POST") return post_progress(req, res);
    if (req.method == "OPTIONS") return preflight(req, res);
    return method_not_allowed("POST, OPTIONS");
  }
  if (!get) return method_not_allowed("GET, HEAD");
  if (path == "/api/v1/stats") {
    if (authorized(req, res)) results_api_.stats(req, res);
    return;
  }
  if (path == "/healthz") return health(res);
  if (path == "/dashboard") {
    if (authorized(req, res)) server::serve_dashboard_asset("index.html", req, res);
    return;
  }
  if (path == "/dashboard/app.js" || path == "/dashboard/style.css") {
    return server::serve_dashboard_asset(path.substr(11), req, res);
  }
  if (path.rfind("/api/", 0) == 0) {
    return send_problem(res, {404, "not_found", "nothing at " + path, std::nullopt});
  }
  if (path == "/models" || path.rfind("/models/", 0) == 0) {
    if (options_.models.empty()) {
      return send_problem(res, {404, "not_found", "nothing at " + path, std::nullopt});
    }
    if (path == "/models") return res.set_redirect("/models/", 301);
    return serve_static(model_files_, "/models", path.substr(7), req, res);
  }
  if (options_.root.empty()) {
    return send_problem(res, {404, "not_found",
                              path == "/" ? "no site is served here (start with --demo, or --root "
                                            "DIR); results go to POST /api/v1/results, the "
                                            "dashboard is at /dashboard"
                                          : "nothing at " + path,
                              std::nullopt});
  }
  if (path == "/") {
    const auto demo = site_.get("/demo/", "", "", "");
    if (demo.status == 200) return res.set_redirect("/demo/", 302);
  }
  serve_static(site_, "", path, req, res);
}

bool App::start(std::string& error) {
  port_ = http_.listen(options_.host, options_.port, error);
  if (port_ <= 0) {
    error = "cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
            " (in use, or not an address of this machine)";
    return false;
  }
  if (forwarder_) forwarder_->start();
  return true;
}

int App::run() {
  http_.run(options_.threads);
  if (forwarder_) forwarder_->stop();
  return 0;
}

// Every open connection is a file descriptor: allow as many as the hard limit does.
void raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int server::serve(server::Options options) {
  std::string error;
  if (options.root.empty() && options.demo) options.root = LEADQUAL_DEFAULT_ROOT;

  auto models = std::make_unique<server::ModelRegistry>();
  for (const auto& folder : options.models) {
    if (!models->load_folder(folder, error)) {
      std::cerr << "leadqual serve: " << error << "\n";
      return 1;
    }
  }
  std::string model_names;
  for (const auto& name : models->names()) model_names += (model_names.empty() ? "" : ", ") + name;
  server::StorageSettings storage;
  storage.synchronous_full = options.synchronous_full;
  storage.pool_size = options.db_pool;
  auto store = server::open_storage(options.db, storage, error);
  if (!store) {
    std::cerr << "leadqual serve: " << error << "\n";
    return 1;
  }
  server::Token token{options.token, "--token", false};
  if (options.token.empty() && !store->keep_token(token, error)) {
    std::cerr << "leadqual serve: " << error << "\n";
    return 1;
  }
  options.token = token.value;
  server::StaticFiles root_check(options.root);
  if (!options.root.empty() && !root_check.root_exists()) {
    std::cerr << "leadqual serve: --root '" << options.root << "' is not a folder\n";
    return 1;
  }

  // Signals are taken by one thread with sigwait, never by an asynchronous handler, so stopping
  // is ordinary code: stop accepting, let the workers finish, then close the database.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not kill the server

  raise_open_file_limit();
  App app(options, std::move(store), std::move(models));
  if (!app.start(error)) {
    std::cerr << "leadqual serve: " << error << "\n";
    return 1;
  }
  std::atomic<bool> finished{false};
  std::thread signal_thread([&] {
    const timespec tick{0, 200 * 1000 * 1000};
    while (!finished) {
      const int received = sigtimedwait(&signals, nullptr, &tick);
      if (received == SIGINT || received == SIGTERM) {
        std::cerr << "leadqual serve: " << (received == SIGINT ? "SIGINT" : "SIGTERM")
                  << ", stopping\n";
        app.stop();
        return;
      }
    }
  });

  const std::string url = "http://" + options.host + ":" + std::to_string(app.port()) + "/";
  std::cout << "leadqual serve: listening on " << url << "\n";
  if (options.demo && options.root == LEADQUAL_DEFAULT_ROOT) {
    std::cout << "  demo:      " << url << "demo/\n";
  } else if (!options.root.empty()) {
    std::cout << "  site:      " << options.root << "\n";
  }
  std::cout << "  results:   POST " << url << "api/v1/results\n"
            << "  dashboard: " << url << "dashboard?token=" << options.token << "\n";
  if (token.source != "--token") {
    std::cout << "  token:     " << token.value << " (" << (token.created ? "made now, " : "")
              << "kept in " << token.source << "; pass --token to choose one)\n";
  }
  std::cout << "  database:  " << server::printable_db(options.db) << "\n";
  if (!options.models.empty()) {
    std::string folders;
    for (const auto& folder : options.models) folders += (folders.empty() ? "" : ", ") + folder;
    std::cout << "  models:    " << folders << " ("
              << (model_names.empty() ? "none found: any model is accepted" : model_names) << ")\n";
  }
  std::cout.flush();

  const int code = app.run();
  finished = true;
  signal_thread.join();
  std::cerr << "leadqual serve: stopped\n";
  return code;
}

}  // namespace leadqual
