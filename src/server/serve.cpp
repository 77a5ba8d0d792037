#include "server/serve.hpp"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <thread>

#include "server/dashboard.hpp"
#include "server/forwarder.hpp"
#include "server/models.hpp"
#include "server/options.hpp"
#include "server/payload.hpp"
#include "server/progress.hpp"
#include "server/rate_limit.hpp"
#include "server/results_api.hpp"
#include "server/static_files.hpp"
#include "server/store.hpp"
#include "server/token.hpp"
#include "server/util.hpp"

#ifndef LEADQUAL_DEFAULT_ROOT
#define LEADQUAL_DEFAULT_ROOT "web"
#endif

namespace leadqual {
namespace {

using server::Problem;

// Set by the pre-routing handler, read by the logger: cpp-httplib runs both for one request
// on the same worker thread.
thread_local std::chrono::steady_clock::time_point request_started;

bool same_secret(const std::string& given, const std::string& expected) {
  // Constant time in the length of `expected`, so timing does not reveal a prefix.
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>(expected[i] ^ (i < given.size() ? given[i] : 0));
  }
  return diff == 0;
}

void send_problem(httplib::Response& res, const Problem& problem) {
  res.status = problem.status;
  nlohmann::json body = {{"error", {{"code", problem.code}, {"message", problem.message}}}};
  if (problem.pointer) body["error"]["pointer"] = *problem.pointer;
  res.set_content(server::json_text(body), "application/json");
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(server::json_text(body), "application/json");
}

class App {
 public:
  App(server::Options options, std::unique_ptr<server::Store> store,
      std::unique_ptr<server::ModelRegistry> models)
      : options_(std::move(options)),
        store_(std::move(store)),
        models_(std::move(models)),
        limiter_(options_.rate_per_second, options_.rate_burst),
        site_(options_.root),
        model_files_(options_.models.empty() ? std::string() : options_.models.front(), ".json"),
        results_api_(*store_, *models_) {
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
  void routes();
  bool origin_allowed(const httplib::Request& req) const;
  // Refuses a disallowed Origin with 403; otherwise sets the CORS answer headers.
  bool admit_origin(const httplib::Request& req, httplib::Response& res) const;
  bool authorized(const httplib::Request& req, httplib::Response& res) const;
  void post_result(const httplib::Request& req, const httplib::ContentReader& reader,
                   httplib::Response& res);
  void post_progress(const httplib::Request& req, httplib::Response& res);
  // The answer to a repeat: the first copy's status and result, as it was stored.
  void answer_repeat(const std::string& id, httplib::Response& res);
  void preflight(const httplib::Request& req, httplib::Response& res);
  void serve_static(server::StaticFiles& files, const std::string& path,
                    const httplib::Request& req, httplib::Response& res);
  void log(const httplib::Request& req, const httplib::Response& res) const;

  server::Options options_;
  std::unique_ptr<server::Store> store_;
  std::unique_ptr<server::ModelRegistry> models_;
  server::RateLimiter limiter_;
  server::StaticFiles site_;
  server::StaticFiles model_files_;
  server::ResultsApi results_api_;
  std::unique_ptr<server::Forwarder> forwarder_;
  httplib::Server http_;
  int port_ = 0;
};

bool App::origin_allowed(const httplib::Request& req) const {
  if (!req.has_header("Origin")) return true;  // not a browser cross-site request
  const std::string origin = req.get_header_value("Origin");
  // Same origin: the page was served by us. Browsers send Origin on same-origin POSTs too.
  const std::string host = req.get_header_value("Host");
  if (origin == "http://" + host || origin == "https://" + host) return true;
  for (const auto& allowed : options_.allow_origins) {
    if (allowed == "*" || allowed == origin) return true;
  }
  return false;
}

bool App::authorized(const httplib::Request& req, httplib::Response& res) const {
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

bool App::admit_origin(const httplib::Request& req, httplib::Response& res) const {
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

void App::preflight(const httplib::Request& req, httplib::Response& res) {
  if (!admit_origin(req, res)) return;
  res.set_header("Access-Control-Allow-Methods", "POST, OPTIONS");
  // Leadqual-Signature: a page may sign what it posts here too (docs/widget.md).
  res.set_header("Access-Control-Allow-Headers",
                 "Content-Type, Idempotency-Key, Leadqual-Signature");
  res.set_header("Access-Control-Max-Age", "600");
  res.status = 204;
}

void App::post_result(const httplib::Request& req, const httplib::ContentReader& reader,
                      httplib::Response& res) {
  if (!admit_origin(req, res)) return;
  if (req.has_header("Origin")) res.set_header("Access-Control-Expose-Headers", "Retry-After");
  int retry_after = 0;
  if (!limiter_.allow(req.remote_addr, server::now_ms(), retry_after)) {
    res.set_header("Retry-After", std::to_string(retry_after));
    send_problem(res, {429, "rate_limited",
                       "too many posts from " + req.remote_addr + "; retry after " +
                           std::to_string(retry_after) + " s",
                       std::nullopt});
    return;
  }
  // cpp-httplib enforces the size limit only for bodies with a Content-Length; chunked (and
  // gzip-encoded) bodies are counted here as they arrive, and reading stops at the limit.
  std::string body;
  bool too_large = false;
  const bool complete = reader([&](const char* data, std::size_t length) {
    if (body.size() + length > options_.max_body) {
      too_large = true;
      return false;
    }
    body.append(data, length);
    return true;
  });
  // cpp-httplib refuses a Content-Length over the limit without reading the body.
  too_large = too_large || (!complete && req.get_header_value<std::uint64_t>("Content-Length") >
                                             options_.max_body);
  if (!complete && !too_large) {
    send_problem(res, {400, "bad_request",
                       "the body could not be read (cut short, or a "
                       "Content-Encoding other than gzip or br)",
                       std::nullopt});
    return;
  }
  if (too_large) {
    res.set_header("Connection", "close");  // the rest of the body is never read
    send_problem(res, {413, "payload_too_large",
                       "the body is larger than " + std::to_string(options_.max_body) + " bytes",
                       std::nullopt});
    return;
  }
  server::PostedRequest posted{req.get_header_value("Content-Type"), std::move(body),
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

void App::answer_repeat(const std::string& id, httplib::Response& res) {
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

void App::post_progress(const httplib::Request& req, httplib::Response& res) {
  if (!admit_origin(req, res)) return;
  int retry_after = 0;
  if (!limiter_.allow(req.remote_addr, server::now_ms(), retry_after)) {
    res.set_header("Retry-After", std::to_string(retry_after));
    send_problem(res,
                 {429, "rate_limited", "too many posts from " + req.remote_addr, std::nullopt});
    return;
  }
  server::ProgressStep step;
  Problem problem;
  if (!server::read_progress(req.body, step, problem)) {
    send_problem(res, problem);
    return;
  }
  std::string error;
  if (!store_->record_progress(step.model_id, step.session, step.step, error)) {
    std::cerr << "leadqual serve: recording progress failed: " << error << "\n";
    send_problem(res, {503, "storage_unavailable", "progress could not be stored", std::nullopt});
    return;
  }
  res.status = 204;
}

void App::serve_static(server::StaticFiles& files, const std::string& path,
                       const httplib::Request& req, httplib::Response& res) {
  const std::string accept = req.get_header_value("Accept-Encoding");
  const auto reply = files.get(path, req.get_header_value("If-None-Match"),
                               req.get_header_value("If-Modified-Since"),
                               accept.find("gzip") != std::string::npos);
  if (reply.status == 404) {
    res.status = 404;
    return;  // the error handler writes the body
  }
  if (reply.status == 301) {
    std::string location = reply.location;
    // Keep the mount point: `path` is relative to it.
    location = req.path.substr(0, req.path.size() - path.size()) + location;
    res.set_redirect(location, 301);
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
  res.set_content(*reply.body, reply.content_type);
}

void App::log(const httplib::Request& req, const httplib::Response& res) const {
  const auto elapsed = std::chrono::steady_clock::now() - request_started;
  const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  char timing[32];
  std::snprintf(timing, sizeof timing, "%.1fms", ms);
  // The query string is left out: it may carry the token.
  std::string line = server::iso_utc(server::now_ms()) + " " + req.remote_addr + " " + req.method +
                     " " + req.path + " " + std::to_string(res.status) + " " +
                     std::to_string(res.body.size()) + "B " + timing + "\n";
  // One write() per line keeps lines from concurrent workers whole.
  const ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
  (void)written;
}

void App::routes() {
  http_.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_started = std::chrono::steady_clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http_.set_logger(
      [this](const httplib::Request& req, const httplib::Response& res) { log(req, res); });
  const std::size_t max_body = options_.max_body;
  http_.set_error_handler([max_body](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      send_problem(
          res, {413, "payload_too_large",
                "the body is larger than " + std::to_string(max_body) + " bytes", std::nullopt});
    } else if (res.status == 404) {
      send_problem(res, {404, "not_found", "nothing at " + req.path, std::nullopt});
    } else if (res.status == 400) {
      send_problem(res, {400, "bad_request", "the request could not be read", std::nullopt});
    } else if (res.status == 405) {
      send_problem(res,
                   {405, "method_not_allowed", req.method + " is not allowed here", std::nullopt});
    }
  });
  http_.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        // Nothing we run throws on purpose; if a library does, answer rather than die.
        std::cerr << "leadqual serve: internal error on " << req.method << " " << req.path << "\n";
        send_problem(res, {500, "internal_error", "internal error", std::nullopt});
      });

  http_.Options("/api/v1/results", [this](const httplib::Request& req, httplib::Response& res) {
    preflight(req, res);
  });
  http_.Post("/api/v1/results",
             [this](const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader& reader) { post_result(req, reader, res); });
  http_.Post("/api/v1/progress", [this](const httplib::Request& req, httplib::Response& res) {
    post_progress(req, res);
  });
  http_.Options("/api/v1/progress", [this](const httplib::Request& req, httplib::Response& res) {
    preflight(req, res);
  });
  http_.Get("/api/v1/results", [this](const httplib::Request& req, httplib::Response& res) {
    if (authorized(req, res)) results_api_.list(req, res);
  });
  http_.Get("/api/v1/stats", [this](const httplib::Request& req, httplib::Response& res) {
    if (authorized(req, res)) results_api_.stats(req, res);
  });
  http_.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, {{"ok", true}});
  });
  http_.Get("/dashboard", [this](const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req, res)) return;
    server::serve_dashboard_asset("index.html", res);
  });
  http_.Get("/dashboard/(app\\.js|style\\.css)",
            [](const httplib::Request& req, httplib::Response& res) {
              server::serve_dashboard_asset(req.matches[1].str(), res);
            });
  http_.Get("/models(/.*)?", [this](const httplib::Request& req, httplib::Response& res) {
    if (options_.models.empty()) {
      res.status = 404;
      return;
    }
    const std::string path = req.matches[1].length() ? req.matches[1].str() : std::string("/");
    if (path == "/" && req.path == "/models") {
      res.set_redirect("/models/", 301);
      return;
    }
    serve_static(model_files_, path, req, res);
  });
  http_.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
    if (options_.root.empty()) {
      send_problem(res, {404, "not_found",
                         "no site is served here (start with --demo, or --root DIR); results go "
                         "to POST /api/v1/results, the dashboard is at /dashboard",
                         std::nullopt});
      return;
    }
    const auto demo = site_.get("/demo/", "", "", false);
    if (demo.status == 200) {
      res.set_redirect("/demo/", 302);
    } else {
      serve_static(site_, "/", req, res);
    }
  });
  http_.Get("(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    if (options_.root.empty()) {
      res.status = 404;
      return;
    }
    serve_static(site_, req.matches[1].str(), req, res);
  });
}

bool App::start(std::string& error) {
  routes();
  const int threads = options_.threads;
  // cpp-httplib's API takes ownership of a raw TaskQueue pointer here.
  http_.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  http_.set_payload_max_length(options_.max_body);
  // cpp-httplib's default also sets SO_REUSEPORT, which lets a second server bind the same port
  // and silently share its connections. SO_REUSEADDR alone still allows a quick restart.
  http_.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  http_.set_keep_alive_max_count(1000);
  // Without it, a response written in two parts waits for the client's delayed ACK (~40 ms).
  http_.set_tcp_nodelay(true);
  http_.set_read_timeout(10, 0);
  http_.set_write_timeout(10, 0);
  if (options_.port == 0) {
    port_ = http_.bind_to_any_port(options_.host);
  } else {
    port_ = http_.bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  if (port_ <= 0) {
    error = "cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
            " (in use, or not an address of this machine)";
    return false;
  }
  if (forwarder_) forwarder_->start();
  return true;
}

int App::run() {
  const bool ok = http_.listen_after_bind();
  if (forwarder_) forwarder_->stop();
  return ok ? 0 : 1;
}

}  // namespace

int serve_main(const std::vector<std::string>& args) {
  server::Options options;
  std::string error;
  if (!server::parse_options(args, options, error)) {
    std::cerr << "leadqual serve: " << error << "\nrun 'leadqual serve --help' for usage\n";
    return 2;
  }
  if (options.help) {
    std::cout << server::usage();
    return 0;
  }
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
  auto store = server::Store::open(options.db, options.synchronous_full, error);
  if (!store) {
    std::cerr << "leadqual serve: " << error << "\n";
    return 1;
  }
  server::Token token;
  if (!server::resolve_token(options.token, options.db, token, error)) {
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
  std::cout << "  database:  " << options.db << "\n";
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
