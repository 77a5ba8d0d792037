#include "server/http.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <atomic>
#include <ctime>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "server/compress.hpp"
#include "server/util.hpp"

namespace leadqual::server::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

constexpr std::size_t kReadSize = 16 * 1024;
constexpr std::size_t kBufferSlack = 16 * 1024;  // room past the header for the body's start
constexpr std::size_t kCompressAbove = 1024;     // smaller dynamic answers go as they are
// After an answer that closes the connection, what the client still sends is read and dropped
// for a moment, so the kernel does not reset the connection before the answer is read.
constexpr std::chrono::milliseconds kLinger{1000};
constexpr std::size_t kMaxLingerBytes = 256 * 1024;

bool all_digits(std::string_view text) {
  if (text.empty() || text.size() > 18) return false;  // 18 digits cannot overflow 64 bits
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string clean_header_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != '\r' && c != '\n' && c != '\0') out += c;
  }
  return out;
}

// A query component: '+' is a space, malformed escapes are kept as they are.
std::string decode_query_part(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int high = i + 2 < text.size() && text[i] == '%' ? hex_digit(text[i + 1]) : -1;
    const int low = high >= 0 ? hex_digit(text[i + 2]) : -1;
    if (text[i] == '+') {
      out += ' ';
    } else if (low >= 0) {
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

Fields parse_query(std::string_view query) {
  Fields params;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    params.emplace_back(
        decode_query_part(part.substr(0, eq)),
        eq == std::string_view::npos ? std::string() : decode_query_part(part.substr(eq + 1)));
  }
  return params;
}

// origin-form ("/path?query"), absolute-form ("http://host/path"), or "*" for OPTIONS.
bool parse_target(Request& request) {
  std::string_view target = request.target;
  if (target == "*") {
    request.path = "*";
    return request.method == "OPTIONS";
  }
  const std::size_t scheme_end = target.find("://");
  if (scheme_end != std::string_view::npos && target[0] != '/') {
    const std::string_view scheme = target.substr(0, scheme_end);
    if (!iequals(scheme, "http") && !iequals(scheme, "https")) return false;
    const std::size_t slash = target.find('/', scheme_end + 3);
    // RFC 9112 3.2.2: the target's authority replaces the Host header.
    request.host = std::string(target.substr(scheme_end + 3, slash - (scheme_end + 3)));
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target.empty() || target[0] != '/') return false;
  target = target.substr(0, target.find('#'));
  const std::size_t question = target.find('?');
  if (!percent_decode(target.substr(0, question), request.path)) return false;
  if (question != std::string_view::npos) request.params = parse_query(target.substr(question + 1));
  return true;
}

std::string address_text(const tcp::socket& socket) {
  error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "-";
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

// "Date" text, computed once per second.
std::string date_now() {
  static std::mutex mutex;
  static std::time_t cached_second = 0;
  static std::string cached;
  const std::time_t now = std::time(nullptr);
  std::lock_guard<std::mutex> lock(mutex);
  if (now != cached_second) {
    cached_second = now;
    cached = http_date(now);
  }
  return cached;
}

}  // namespace

// ---- Request / Response ----

bool Request::has_header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return true;
  }
  return false;
}

std::string Request::get_header_value(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

bool Request::has_param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return true;
  }
  return false;
}

std::string Request::get_param_value(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return {};
}

void Response::set_header(std::string_view name, std::string_view value) {
  std::string clean_name = clean_header_text(name);
  std::string clean_value = clean_header_text(value);
  for (auto& [key, existing] : headers) {
    if (iequals(key, clean_name)) {
      existing = std::move(clean_value);
      return;
    }
  }
  headers.emplace_back(std::move(clean_name), std::move(clean_value));
}

std::string Response::get_header_value(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

void Response::set_content(std::string content, std::string_view content_type) {
  body = std::move(content);
  shared_body.reset();
  set_header("Content-Type", content_type);
}

void Response::set_problem(int status_code, std::string_view code, std::string_view message,
                           const std::optional<std::string>& pointer) {
  status = status_code;
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (pointer) error["pointer"] = *pointer;
  set_content(json_text({{"error", std::move(error)}}), "application/json");
}

void Response::set_redirect(std::string_view location, int status_code) {
  status = status_code;
  set_header("Location", location);
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

// ---- The server ----

class Connection;

struct Server::Impl {
  Impl(Limits l, Handler h, Logger g) : limits(l), handler(std::move(h)), logger(std::move(g)) {}

  void accept();
  void admit(tcp::socket socket);
  void forget(Connection* connection, const std::string& client, bool counted);

  const Limits limits;
  const Handler handler;
  const Logger logger;
  std::atomic<bool> stopping{false};

  // Declared before the io_context: connections that it destroys still reach these.
  std::mutex mutex;
  std::size_t open = 0;
  std::unordered_map<std::string, std::size_t> per_client;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> live;

  asio::io_context io;
  tcp::acceptor acceptor{asio::make_strand(io)};
  asio::steady_timer accept_pause{acceptor.get_executor()};
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `counted`: whether it counts toward its address's bound (refused ones do not, so a
  // client's refused attempts never keep it refused).
  Connection(Server::Impl& server, tcp::socket socket, std::string client, bool counted)
      : server_(server),
        counted_(counted),
        limits_(server.limits),
        stream_(std::move(socket)),
        buffer_(server.limits.max_header_bytes + kBufferSlack),
        client_(std::move(client)) {}
  ~Connection() { server_.forget(this, client_, counted_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait(); });
  }

  // Over the bound for its address: answered at once, then closed.
  void refuse() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->reset_request();
      self->started_ = std::chrono::steady_clock::now();
      self->fail(503, "too_many_connections",
                 "too many open connections from " + self->client_ + "; retry later");
    });
  }

  // The server is stopping: close now when no request is being handled, else after its answer.
  void shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->stop_requested_ = true;
      if (self->state_ == State::idle || self->state_ == State::reading) self->close_now();
    });
  }

 private:
  enum class State { idle, reading, handling, writing, closing, closed };

  void reset_request() {
    request_ = Request();
    request_.remote_addr = client_;
    keep_alive_ = false;
  }

  // Waits (idle deadline) for the first bytes of the next request, unless they are here.
  void wait() {
    if (stop_requested_) return close_now();
    reset_request();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
    parser_->body_limit(static_cast<std::uint64_t>(limits_.max_body));
    if (buffer_.size() > 0) return begin();  // pipelined
    state_ = State::idle;
    buffer_.shrink_to_fit();
    stream_.expires_after(limits_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadSize),
                            [self = shared_from_this()](error_code ec, std::size_t n) {
                              if (ec) return self->close_now();  // gone, or idle too long
                              self->buffer_.commit(n);
                              self->begin();
                            });
  }

  // The request's first bytes are here: the whole request must arrive before its deadline.
  void begin() {
    state_ = State::reading;
    started_ = std::chrono::steady_clock::now();
    stream_.expires_after(limits_.request_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](error_code ec, std::size_t) {
                               if (ec) return self->read_failed(ec);
                               self->on_header();
                             });
  }

  void read_failed(const error_code& ec) {
    if (ec == bhttp::error::header_limit ||
        (ec == bhttp::error::buffer_overflow && !parser_->is_header_done())) {
      return fail(431, "header_too_large",
                  "the request header is larger than " + std::to_string(limits_.max_header_bytes) +
                      " bytes");
    }
    if (ec == bhttp::error::body_limit) return too_large();
    const bool gone = ec == beast::error::timeout || ec == bhttp::error::end_of_stream ||
                      ec == bhttp::error::partial_message || ec == asio::error::eof ||
                      ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
                      ec == asio::error::broken_pipe || ec == asio::error::bad_descriptor;
    // A timed-out stream is already closed; a client that left hears nothing.
    if (gone) return close_now();
    fail(400, "bad_request", "the request is not valid HTTP/1.1 (" + ec.message() + ")");
  }

  void too_large() {
    fail(413, "payload_too_large",
         "the body is larger than " + std::to_string(limits_.max_body) + " bytes");
  }

  // RFC 9112 framing and the limits, checked on the header before any body is read.
  void on_header() {
    const auto& header = parser_->get();
    request_.method = std::string(header.method_string());
    request_.target = std::string(header.target());
    request_.version = header.version();
    std::size_t fields = 0, lengths = 0, codings = 0, hosts = 0;
    std::string length, coding;
    for (const auto& field : header) {
      ++fields;
      std::string name(field.name_string());
      std::string value(field.value());
      if (iequals(name, "content-length")) {
        ++lengths;
        length = value;
      } else if (iequals(name, "transfer-encoding")) {
        ++codings;
        coding = value;
      } else if (iequals(name, "host")) {
        ++hosts;
        request_.host = value;
      }
      if (fields <= limits_.max_header_fields) {
        request_.headers.emplace_back(std::move(name), std::move(value));
      }
    }
    if (fields > limits_.max_header_fields) {
      return fail(431, "header_too_large",
                  "more than " + std::to_string(limits_.max_header_fields) + " header fields");
    }
    if (request_.version != 10 && request_.version != 11) {
      return fail(505, "http_version_not_supported", "only HTTP/1.0 and HTTP/1.1 are served");
    }
    if (lengths > 1) return fail(400, "bad_request", "more than one Content-Length");
    if (lengths == 1 && !all_digits(trim(length))) {
      return fail(400, "bad_request", "Content-Length '" + length + "' is not a number of bytes");
    }
    if (codings > 0) {
      if (lengths > 0) {
        return fail(400, "bad_request", "both Content-Length and Transfer-Encoding are present");
      }
      if (request_.version == 10) {
        return fail(400, "bad_request", "Transfer-Encoding is not defined in HTTP/1.0");
      }
      if (codings > 1 || !iequals(trim(coding), "chunked")) {
        const std::string_view last = trim(coding.substr(coding.rfind(',') + 1));
        if (codings == 1 && iequals(last, "chunked")) {
          return fail(501, "not_implemented", "of transfer codings only 'chunked' is accepted");
        }
        return fail(400, "bad_request",
                    "Transfer-Encoding must be 'chunked': without it last the body's length "
                    "cannot be known");
      }
    }
    if (hosts > 1 || (request_.version == 11 && hosts == 0)) {
      return fail(400, "bad_request", "an HTTP/1.1 request needs exactly one Host header");
    }
    if (!parse_target(request_)) {
      return fail(400, "bad_request", "the request target is not a path");
    }
    if (const auto announced = parser_->content_length();
        announced && *announced > limits_.max_body) {
      return too_large();  // refused without waiting for the body
    }
    bool send_continue = false;
    if (const std::string expect = request_.get_header_value("Expect"); !expect.empty()) {
      if (!iequals(trim(expect), "100-continue")) {
        return fail(417, "expectation_failed", "only 'Expect: 100-continue' is understood");
      }
      send_continue = request_.version == 11 && !parser_->is_done();
    }
    if (parser_->is_done()) return handle();
    if (!send_continue) return read_body();
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(stream_, asio::buffer(kContinue),
                      [self = shared_from_this()](error_code ec, std::size_t) {
                        if (ec) return self->close_now();
                        self->read_body();
                      });
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](error_code ec, std::size_t) {
                        if (ec) return self->read_failed(ec);
                        self->handle();
                      });
  }

  // The request is here whole: undo its content coding and run the handler.
  void handle() {
    state_ = State::handling;
    keep_alive_ = parser_->keep_alive();
    request_.body = std::move(parser_->get().body());
    parser_.reset();
    Response response;
    const std::string coding(trim(request_.get_header_value("Content-Encoding")));
    if (!coding.empty() && !iequals(coding, "identity")) {
      std::string decoded;
      DecodeOutcome outcome = DecodeOutcome::corrupt;
      if (iequals(coding, "gzip") || iequals(coding, "x-gzip") || iequals(coding, "deflate")) {
        outcome = gunzip(request_.body, limits_.max_body, decoded);
      } else if (iequals(coding, "br")) {
        outcome = brotli_decompress(request_.body, limits_.max_body, decoded);
      } else {
        response.set_problem(415, "unsupported_media_type",
                             "Content-Encoding '" + coding + "' is not accepted: use gzip or br");
        return send(std::move(response));
      }
      if (outcome == DecodeOutcome::too_large) {
        response.set_problem(
            413, "payload_too_large",
            "the decompressed body is larger than " + std::to_string(limits_.max_body) + " bytes");
        return send(std::move(response));
      }
      if (outcome == DecodeOutcome::corrupt) {
        response.set_problem(400, "bad_request", "the body is not valid " + coding + " data");
        return send(std::move(response));
      }
      request_.body = std::move(decoded);
    }
    try {
      server_.handler(request_, response);
    } catch (const std::exception&) {
      response = Response();
      response.set_problem(500, "internal_error", "internal error");
    }
    send(std::move(response));
  }

  // An answer that ends the connection (the request's framing or size is not to be trusted).
  void fail(int status, const std::string& code, const std::string& message) {
    Response response;
    response.set_problem(status, code, message);
    if (status == 503) response.set_header("Retry-After", "1");
    response.close = true;
    keep_alive_ = false;
    send(std::move(response));
  }

  void send(Response response) {
    const bool head = request_.method == "HEAD";
    const bool keep = keep_alive_ && !response.close && !stop_requested_ && !server_.stopping;
    const bool bodiless = response.status == 204 || response.status == 304;
    const std::string content_type = response.get_header_value("Content-Type");
    if (!response.shared_body && !bodiless && response.body.size() >= kCompressAbove &&
        compressible(content_type) && response.get_header_value("Content-Encoding").empty()) {
      response.set_header("Vary", "Accept-Encoding");
      if (choose_encoding(request_.get_header_value("Accept-Encoding"), false, true) ==
          Encoding::gzip) {
        if (auto zipped = gzip_compress(response.body, 6)) {
          response.body = *zipped;
          response.set_header("Content-Encoding", "gzip");
        }
      }
    }
    head_ = "HTTP/1.1 " + std::to_string(response.status) + " ";
    head_ += reason_phrase(response.status);
    head_ += "\r\n";
    for (const auto& [name, value] : response.headers) {
      if (iequals(name, "content-length") || iequals(name, "connection") ||
          iequals(name, "transfer-encoding") || iequals(name, "date")) {
        continue;  // the framing is ours
      }
      head_ += name + ": " + value + "\r\n";
    }
    head_ += "Date: " + date_now() + "\r\n";
    if (!bodiless) head_ += "Content-Length: " + std::to_string(response.content().size()) + "\r\n";
    if (!keep) {
      head_ += "Connection: close\r\n";
    } else if (request_.version == 10) {
      head_ += "Connection: keep-alive\r\n";
    }
    head_ += "\r\n";
    response_ = std::move(response);
    state_ = State::writing;
    stream_.expires_after(limits_.write_timeout);
    const std::string& content = response_.content();
    const std::array<asio::const_buffer, 2> buffers = {
        asio::buffer(head_), head || bodiless ? asio::const_buffer() : asio::buffer(content)};
    asio::async_write(
        stream_, buffers,
        [self = shared_from_this(), keep](error_code ec, std::size_t) { self->written(ec, keep); });
  }

  void written(const error_code& ec, bool keep) {
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_)
            .count();
    if (server_.logger) server_.logger(request_, response_, ms);
    response_ = Response();
    head_.clear();
    if (ec) return close_now();
    if (!keep) return linger();
    wait();
  }

  void linger() {
    state_ = State::closing;
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLinger);
    buffer_.consume(buffer_.size());
    discard();
  }

  void discard() {
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](error_code ec, std::size_t n) {
                              self->lingered_ += n;
                              if (ec || self->lingered_ > kMaxLingerBytes) return self->close_now();
                              self->discard();
                            });
  }

  void close_now() {
    if (state_ == State::closed) return;
    state_ = State::closed;
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  Server::Impl& server_;
  const bool counted_;
  const Limits& limits_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Request request_;
  Response response_;
  std::string head_;
  std::string client_;
  State state_ = State::idle;
  bool keep_alive_ = false;
  bool stop_requested_ = false;
  std::size_t lingered_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

void Server::Impl::accept() {
  acceptor.async_accept(asio::make_strand(io), [this](error_code ec, tcp::socket socket) {
    if (stopping || !acceptor.is_open()) return;
    if (ec) {
      // Out of file descriptors (or a transient error): pause rather than spin.
      accept_pause.expires_after(std::chrono::milliseconds(50));
      accept_pause.async_wait([this](error_code) {
        if (!stopping) accept();
      });
      return;
    }
    admit(std::move(socket));
    accept();
  });
}

void Server::Impl::admit(tcp::socket socket) {
  const std::string client = address_text(socket);
  bool over = false;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (open >= limits.max_connections) return;  // closed at once: the socket goes out of scope
    std::size_t& count = per_client[client];
    over = limits.max_connections_per_client > 0 && count >= limits.max_connections_per_client;
    if (!over) ++count;
    ++open;
  }
  auto connection = std::make_shared<Connection>(*this, std::move(socket), client, !over);
  {
    std::lock_guard<std::mutex> lock(mutex);
    live.emplace(connection.get(), connection);
  }
  if (over) {
    connection->refuse();
  } else {
    connection->start();
  }
}

void Server::Impl::forget(Connection* connection, const std::string& client, bool counted) {
  std::lock_guard<std::mutex> lock(mutex);
  live.erase(connection);
  --open;
  const auto it = per_client.find(client);
  if (counted && it != per_client.end() && --it->second == 0) per_client.erase(it);
}

Server::Server(Limits limits, Handler handler, Logger logger)
    : impl_(std::make_unique<Impl>(limits, std::move(handler), std::move(logger))) {}

Server::~Server() = default;

int Server::listen(const std::string& host, int port, std::string& error) {
  error_code ec;
  tcp::resolver resolver(impl_->io);
  const auto endpoints = resolver.resolve(
      host, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    error = "cannot resolve '" + host + "'";
    return -1;
  }
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  // SO_REUSEADDR allows a quick restart; SO_REUSEPORT (which would let a second server share
  // the port) stays off.
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "cannot listen on " + host + ":" + std::to_string(port) + " (" + ec.message() + ")";
    error_code ignored;
    acceptor.close(ignored);
    return -1;
  }
  return acceptor.local_endpoint(ec).port();
}

void Server::run(int threads) {
  impl_->accept();
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& thread : pool) thread.join();
}

void Server::stop() {
  asio::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
    impl->stopping = true;
    error_code ignored;
    impl->acceptor.close(ignored);
    impl->accept_pause.cancel();
    std::vector<std::shared_ptr<Connection>> connections;
    {
      std::lock_guard<std::mutex> lock(impl->mutex);
      for (const auto& [pointer, weak] : impl->live) {
        if (auto connection = weak.lock()) connections.push_back(std::move(connection));
      }
    }
    for (const auto& connection : connections) connection->shutdown();
  });
}

}  // namespace leadqual::server::http
