// leadqual serve [options]: the words after `serve` become server::Options through the parser
// every verb uses; the server itself (src/server) takes the Options and runs.
#include <charconv>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/host.hpp"
#include "cli/verbs.hpp"
#include "server/options.hpp"
#include "server/serve.hpp"
#include "server/storage.hpp"

namespace leadqual::cli {
namespace {

constexpr const char* kHelp = R"(Usage: leadqual serve [options]

Collects the results the widget posts and, when asked, serves a site or the demo
(see docs/collector.md).

  --port N            port to listen on (default 8080; 0 picks a free port)
  --host ADDR         address to bind (default 127.0.0.1)
  --root DIR          static files to serve (default: none)
  --demo              serve the demo site and the widget files (the project's
                      web/ folder) when no --root is given
  --db FILE|URL       where results are stored: a SQLite file (default
                      leadqual.sqlite) or a PostgreSQL URL (postgres://user:pass@
                      host:port/dbname?sslmode=…), which several collectors share
  --db-pool N         PostgreSQL connections at most (default 8; SQLite: unused)
  --models DIR        model JSON files the collector accepts results for (searched
                      recursively; repeat for more folders; the first is also
                      served read-only at /models/); files added or changed
                      later are picked up without a restart
  --strict-models     refuse results of models not loaded (400 unknown_model)
                      instead of storing them flagged 'unverified'
  --allow-origin O    origin allowed to post from other sites (repeat, or comma list;
                      '*' allows any)
  --token T           token for reading results, stats and the dashboard
                      (default: a random one made at the first start and kept
                      beside the database, in DB.token)
  --forward URL       forward each stored result to this webhook (durable outbox)
  --forward-secret K  sign each forwarded result with this key (Leadqual-Signature:
                      HMAC-SHA256, as the widget signs its webhooks)
  --forward-retry-ms N  first forwarding retry delay in ms, doubled per attempt up
                      to 5 minutes (default 1000)
  --synchronous MODE  'normal' (default: an acknowledged result survives a crash or
                      kill of the server) or 'full' (also survives power loss; slower)
  --rate N            sustained posts per second per client address (default 10),
                      counted by this collector alone (several collectors: N each)
  --burst N           posts a client address may make at once (default 60)
  --max-body BYTES    largest accepted POST body (default 32768)
  --threads N         threads that run requests (default 8); waiting connections
                      hold none
  --request-timeout-ms N  time for a request's head and body to arrive, and for
                      its answer to be sent (default 10000)
  --idle-timeout-ms N time an open connection may wait for its next request
                      (default 5000)
  --max-connections N open connections in all (default 10000)
  --max-connections-per-client N  open connections per client address (default
                      64; 0: no bound); more are answered 503
  -h, --help          show this help
)";

bool parse_int(const std::string& text, long min, long max, long& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && out >= min && out <= max;
}

bool parse_double(const std::string& text, double min, double max, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && out >= min && out <= max;
}

void split_commas(const std::string& text, std::vector<std::string>& out) {
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
}

// Applies one option's value; false with `error` when the value is not acceptable.
bool apply(server::Options& out, const std::string& name, const std::string& value,
           std::string& error) {
  long number = 0;
  double real = 0;
  const auto refuse = [&](const std::string& why) {
    error = name + ": '" + value + "' " + why;
    return false;
  };
  if (name == "--port") {
    if (!parse_int(value, 0, 65535, number)) return refuse("is not a port number (0-65535)");
    out.port = static_cast<int>(number);
  } else if (name == "--host") {
    out.host = value;
  } else if (name == "--root") {
    out.root = value;
  } else if (name == "--forward-secret") {
    if (value.empty()) {
      error = "--forward-secret: the key must not be empty";
      return false;
    }
    out.forward_secret = value;
  } else if (name == "--db") {
    if (value.find("://") != std::string::npos && !server::is_postgres_url(value)) {
      error = "--db: '" + server::printable_db(value) +
              "' is neither a PostgreSQL URL (postgres://… or postgresql://…) nor a SQLite file";
      return false;
    }
    out.db = value;
  } else if (name == "--db-pool") {
    if (!parse_int(value, 1, 1000, number)) return refuse("is not a connection count (1-1000)");
    out.db_pool = static_cast<int>(number);
  } else if (name == "--models") {
    out.models.push_back(value);
  } else if (name == "--allow-origin") {
    split_commas(value, out.allow_origins);
  } else if (name == "--token") {
    if (value.empty()) {
      error = "--token: the token must not be empty";
      return false;
    }
    out.token = value;
  } else if (name == "--forward") {
    if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0) {
      return refuse("is not an http:// or https:// URL");
    }
    out.forward = value;
  } else if (name == "--forward-retry-ms") {
    if (!parse_int(value, 1, 3600L * 1000, number))
      return refuse("is not a delay in ms (1-3600000)");
    out.forward_retry_ms = number;
  } else if (name == "--synchronous") {
    if (value != "normal" && value != "full") {
      error = "--synchronous: expected 'normal' or 'full', got '" + value + "'";
      return false;
    }
    out.synchronous_full = value == "full";
  } else if (name == "--rate") {
    if (!parse_double(value, 0.001, 1e9, real)) return refuse("is not a positive number");
    out.rate_per_second = real;
  } else if (name == "--burst") {
    if (!parse_double(value, 1, 1e9, real)) return refuse("is not a number >= 1");
    out.rate_burst = real;
  } else if (name == "--max-body") {
    if (!parse_int(value, 256, 64L * 1024 * 1024, number)) {
      return refuse("is not a size in bytes (256 to 67108864)");
    }
    out.max_body = static_cast<std::size_t>(number);
  } else if (name == "--threads") {
    if (!parse_int(value, 1, 1024, number)) return refuse("is not a thread count (1-1024)");
    out.threads = static_cast<int>(number);
  } else if (name == "--request-timeout-ms" || name == "--idle-timeout-ms") {
    if (!parse_int(value, 10, 3600L * 1000, number))
      return refuse("is not a time in ms (10-3600000)");
    (name == "--request-timeout-ms" ? out.request_timeout_ms : out.idle_timeout_ms) = number;
  } else if (name == "--max-connections") {
    if (!parse_int(value, 1, 1000000, number)) return refuse("is not a count (1-1000000)");
    out.max_connections = static_cast<std::size_t>(number);
  } else if (name == "--max-connections-per-client") {
    if (!parse_int(value, 0, 1000000, number)) return refuse("is not a count (0-1000000)");
    out.max_connections_per_client = static_cast<std::size_t>(number);
  }
  return true;
}

}  // namespace

int serve_main(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> spec = {{"--help", false, "-h"},
                                        {"--port", true},
                                        {"--host", true},
                                        {"--root", true},
                                        {"--demo", false},
                                        {"--db", true},
                                        {"--db-pool", true},
                                        {"--models", true},
                                        {"--strict-models", false},
                                        {"--allow-origin", true},
                                        {"--token", true},
                                        {"--forward", true},
                                        {"--forward-secret", true},
                                        {"--forward-retry-ms", true},
                                        {"--synchronous", true},
                                        {"--rate", true},
                                        {"--burst", true},
                                        {"--max-body", true},
                                        {"--threads", true},
                                        {"--request-timeout-ms", true},
                                        {"--idle-timeout-ms", true},
                                        {"--max-connections", true},
                                        {"--max-connections-per-client", true}};
  ParsedArgs parsed;
  if (const auto done = start_verb("serve", kHelp, args, spec, parsed)) return *done;
  std::string error;
  if (!parsed.positional.empty()) {
    return usage_error("serve", "unexpected argument '" + parsed.positional[0] + "'");
  }
  server::Options options;
  for (const auto& [name, value] : parsed.given) {
    if (!apply(options, name, value, error)) return usage_error("serve", error);
  }
  options.demo = parsed.has("--demo");
  options.strict_models = parsed.has("--strict-models");
  return server::serve(std::move(options));
}

}  // namespace leadqual::cli
