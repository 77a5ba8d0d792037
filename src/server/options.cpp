#include "server/options.hpp"

#include <charconv>
#include <cstdlib>
#include <sstream>

namespace leadqual::server {
namespace {

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

}  // namespace

std::string usage() {
  return R"(usage: leadqual serve [options]

Serves the demo site and collects the results the widget posts (see docs/collector.md).

  --port N            port to listen on (default 8080; 0 picks a free port)
  --host ADDR         address to bind (default 127.0.0.1)
  --root DIR          static files to serve (default: the project's web/ folder)
  --db FILE|URL       where results are stored: a SQLite file (default
                      leadqual.sqlite) or a PostgreSQL URL (postgres://user:pass@
                      host:port/dbname?sslmode=…), which several collectors share
  --db-pool N         PostgreSQL connections at most (default 8; SQLite: unused)
  --models DIR        model JSON files the collector accepts results for (searched
                      recursively; repeat for more folders; the first is also
                      served read-only at /models/)
  --allow-origin O    origin allowed to post from other sites (repeat, or comma list;
                      '*' allows any)
  --token T           token for reading results, stats and the dashboard
                      (default: a random one, printed at start)
  --forward URL       forward each stored result to this webhook (durable outbox)
  --forward-retry-ms N  first forwarding retry delay in ms, doubled per attempt up
                      to 5 minutes (default 1000)
  --synchronous MODE  'normal' (default: an acknowledged result survives a crash or
                      kill of the server) or 'full' (also survives power loss; slower)
  --rate N            sustained posts per second per client address (default 10)
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
}

bool parse_options(const std::vector<std::string>& args, Options& out, std::string& error) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::string value;
    bool has_inline_value = false;
    if (name == "-h" || name == "--help") {
      out.help = true;
      continue;
    }
    if (name.rfind("--", 0) != 0) {
      error = "unexpected argument '" + name + "'";
      return false;
    }
    const auto eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_inline_value = true;
    }
    auto need_value = [&]() -> bool {
      if (has_inline_value) return true;
      if (i + 1 >= args.size()) {
        error = name + " needs a value";
        return false;
      }
      value = args[++i];
      return true;
    };
    long number = 0;
    double real = 0;
    if (name == "--port") {
      if (!need_value()) return false;
      if (!parse_int(value, 0, 65535, number)) {
        error = "--port: '" + value + "' is not a port number (0-65535)";
        return false;
      }
      out.port = static_cast<int>(number);
    } else if (name == "--host") {
      if (!need_value()) return false;
      out.host = value;
    } else if (name == "--root") {
      if (!need_value()) return false;
      out.root = value;
    } else if (name == "--db") {
      if (!need_value()) return false;
      out.db = value;
    } else if (name == "--models") {
      if (!need_value()) return false;
      out.models.push_back(value);
    } else if (name == "--allow-origin") {
      if (!need_value()) return false;
      split_commas(value, out.allow_origins);
    } else if (name == "--token") {
      if (!need_value()) return false;
      if (value.empty()) {
        error = "--token: the token must not be empty";
        return false;
      }
      out.token = value;
    } else if (name == "--forward") {
      if (!need_value()) return false;
      if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0) {
        error = "--forward: '" + value + "' is not an http:// or https:// URL";
        return false;
      }
      out.forward = value;
    } else if (name == "--forward-retry-ms") {
      if (!need_value()) return false;
      if (!parse_int(value, 1, 3600L * 1000, number)) {
        error = "--forward-retry-ms: '" + value + "' is not a delay in ms (1-3600000)";
        return false;
      }
      out.forward_retry_ms = number;
    } else if (name == "--synchronous") {
      if (!need_value()) return false;
      if (value != "normal" && value != "full") {
        error = "--synchronous: expected 'normal' or 'full', got '" + value + "'";
        return false;
      }
      out.synchronous_full = value == "full";
    } else if (name == "--rate") {
      if (!need_value()) return false;
      if (!parse_double(value, 0.001, 1e9, real)) {
        error = "--rate: '" + value + "' is not a positive number";
        return false;
      }
      out.rate_per_second = real;
    } else if (name == "--burst") {
      if (!need_value()) return false;
      if (!parse_double(value, 1, 1e9, real)) {
        error = "--burst: '" + value + "' is not a number >= 1";
        return false;
      }
      out.rate_burst = real;
    } else if (name == "--max-body") {
      if (!need_value()) return false;
      if (!parse_int(value, 256, 64L * 1024 * 1024, number)) {
        error = "--max-body: '" + value + "' is not a size in bytes (256 to 67108864)";
        return false;
      }
      out.max_body = static_cast<std::size_t>(number);
    } else if (name == "--db-pool") {
      if (!need_value()) return false;
      if (!parse_int(value, 1, 1000, number)) {
        error = "--db-pool: '" + value + "' is not a connection count (1-1000)";
        return false;
      }
      out.db_pool = static_cast<int>(number);
    } else if (name == "--threads") {
      if (!need_value()) return false;
      if (!parse_int(value, 1, 1024, number)) {
        error = "--threads: '" + value + "' is not a thread count (1-1024)";
        return false;
      }
      out.threads = static_cast<int>(number);
    } else if (name == "--request-timeout-ms" || name == "--idle-timeout-ms") {
      if (!need_value()) return false;
      if (!parse_int(value, 10, 3600L * 1000, number)) {
        error = name + ": '" + value + "' is not a time in ms (10-3600000)";
        return false;
      }
      (name == "--request-timeout-ms" ? out.request_timeout_ms : out.idle_timeout_ms) = number;
    } else if (name == "--max-connections") {
      if (!need_value()) return false;
      if (!parse_int(value, 1, 1000000, number)) {
        error = "--max-connections: '" + value + "' is not a count (1-1000000)";
        return false;
      }
      out.max_connections = static_cast<std::size_t>(number);
    } else if (name == "--max-connections-per-client") {
      if (!need_value()) return false;
      if (!parse_int(value, 0, 1000000, number)) {
        error = "--max-connections-per-client: '" + value + "' is not a count (0-1000000)";
        return false;
      }
      out.max_connections_per_client = static_cast<std::size_t>(number);
    } else {
      error = "unknown option '" + name + "'";
      return false;
    }
  }
  return true;
}

}  // namespace leadqual::server
