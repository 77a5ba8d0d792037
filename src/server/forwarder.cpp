#include "server/forwarder.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <utility>
#include <vector>

#include "core/compiler/sha256.hpp"
#include "server/util.hpp"

namespace leadqual::server {

namespace {
constexpr int kBatch = 50;
constexpr std::int64_t kIdlePollMs = 5000;  // re-check the table even without a wake-up
}  // namespace

Forwarder::Forwarder(Storage& store, ForwardSettings settings)
    : store_(store), settings_(std::move(settings)) {
  split_url(settings_.url, origin_, path_);
}

Forwarder::~Forwarder() {
  stop();
}

bool Forwarder::split_url(const std::string& url, std::string& origin, std::string& path) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  const auto path_start = url.find('/', scheme_end + 3);
  origin = url.substr(0, path_start);
  path = path_start == std::string::npos ? "/" : url.substr(path_start);
  return origin.size() > scheme_end + 3;
}

std::string Forwarder::signature(const std::string& secret, const std::string& body,
                                 std::int64_t seconds) {
  const std::string t = std::to_string(seconds);
  return "t=" + t + ",v1=" + hmac_sha256_hex(secret, t + "." + body);
}

void Forwarder::start() {
  thread_ = std::thread([this] { run(); });
}

void Forwarder::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  cv_.notify_one();
}

void Forwarder::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::int64_t Forwarder::backoff_ms(int attempts) const {
  // Exponential with "equal jitter": half fixed, half random, so retries from many results
  // that failed together spread out.
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::int64_t delay = settings_.base_delay_ms;
  for (int i = 1; i < attempts && delay < settings_.max_delay_ms; ++i) delay *= 2;
  delay = std::min(delay, settings_.max_delay_ms);
  std::uniform_int_distribution<std::int64_t> jitter(0, delay / 2);
  return delay - delay / 2 + jitter(random);
}

void Forwarder::run() {
  httplib::Client client(origin_);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(10, 0);
  client.set_write_timeout(10, 0);
  client.set_keep_alive(true);
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    std::vector<OutboxItem> due;
    std::string error;
    if (!store_.due_outbox(now_ms(), kBatch, due, error)) {
      std::cerr << "leadqual serve: forwarding: " << error << "\n";
    }
    for (const auto& item : due) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) return;
      }
      httplib::Headers headers = {{"Idempotency-Key", item.submission_id},
                                  {"User-Agent", "leadqual-collector"}};
      // Signed anew for each attempt, so the receiver's freshness window holds for retries.
      if (!settings_.secret.empty()) {
        headers.emplace("Leadqual-Signature",
                        signature(settings_.secret, item.body, now_ms() / 1000));
      }
      const auto response = client.Post(path_.c_str(), headers, item.body, "application/json");
      const int attempts = item.attempts + 1;
      if (response && response->status >= 200 && response->status < 300) {
        if (!store_.mark_delivered(item.seq, now_ms(), error)) {
          std::cerr << "leadqual serve: forwarding: " << error << "\n";
        }
        continue;
      }
      const std::string failure = response ? "HTTP " + std::to_string(response->status)
                                           : httplib::to_string(response.error());
      const std::int64_t delay = backoff_ms(attempts);
      std::cerr << "leadqual serve: forwarding " << item.submission_id << " to " << settings_.url
                << " failed (" << failure << "), attempt " << attempts << ", next in " << delay
                << " ms\n";
      if (!store_.mark_failed(item.seq, now_ms() + delay, failure, error)) {
        std::cerr << "leadqual serve: forwarding: " << error << "\n";
      }
    }
    if (due.size() == static_cast<std::size_t>(kBatch)) continue;  // more may be due now
    std::int64_t wait = kIdlePollMs;
    if (const auto next = store_.next_outbox_due()) {
      wait = std::clamp<std::int64_t>(*next - now_ms(), 0, kIdlePollMs);
    }
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return stopping_ || woken_; });
  }
}

}  // namespace leadqual::server
