#include "server/storage.hpp"

#include <utility>
#include <vector>

#include "server/pg_store.hpp"
#include "server/store.hpp"

namespace leadqual::server {

void StatsBuilder::totals(std::int64_t total, std::int64_t suspect, std::int64_t unverified,
                          std::int64_t pending, std::int64_t delivered) {
  out_["total"] = total;
  out_["suspect"] = suspect;
  out_["unverified"] = unverified;
  out_["outbox"] = {{"pending", pending}, {"delivered", delivered}};
}

nlohmann::json& StatsBuilder::model_entry(const std::string& id) {
  nlohmann::json& entry = models_[id];
  if (entry.is_null()) {
    entry = {{"id", id},
             {"count", 0},
             {"stages", nlohmann::json::object()},
             {"histogram", {{"bucketWidth", 10}, {"counts", std::vector<std::int64_t>(10, 0)}}}};
  }
  return entry;
}

void StatsBuilder::stage(const std::string& model, const std::string& stage, std::int64_t count) {
  nlohmann::json& entry = model_entry(model);
  entry["stages"][stage] = count;
  entry["count"] = entry["count"].get<std::int64_t>() + count;
}

void StatsBuilder::bucket(const std::string& model, int bucket, std::int64_t count) {
  if (bucket < 0 || bucket > 9) return;
  model_entry(model)["histogram"]["counts"][static_cast<std::size_t>(bucket)] = count;
}

void StatsBuilder::progress(const std::string& model, const std::string& step, std::int64_t count) {
  nlohmann::json& entry = model_entry(model);
  if (!entry.contains("progress")) entry["progress"] = nlohmann::json::object();
  entry["progress"][step] = count;
}

nlohmann::json StatsBuilder::finish() {
  out_["models"] = nlohmann::json::array();
  for (auto& [id, entry] : models_.items()) out_["models"].push_back(std::move(entry));
  models_ = nlohmann::json::object();
  return std::move(out_);
}

bool is_postgres_url(const std::string& db) {
  return db.rfind("postgres://", 0) == 0 || db.rfind("postgresql://", 0) == 0;
}

namespace {

// Where the passwords of a URL (any scheme://, so that a mistyped one is hidden too) are, as
// [begin, end) offsets in order: the user info's (scheme://user:PASSWORD@host…) and the value of
// every password=… of the query.
std::vector<std::pair<std::size_t, std::size_t>> password_spans(const std::string& url) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  const std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return spans;
  const std::size_t start = scheme + 3;
  const std::size_t at = url.find('@', start);
  const std::size_t end_of_authority = url.find_first_of("/?", start);
  if (at != std::string::npos && (end_of_authority == std::string::npos || at < end_of_authority)) {
    const std::size_t colon = url.find(':', start);
    if (colon != std::string::npos && colon < at) spans.emplace_back(colon + 1, at);
  }
  for (std::size_t key = url.find("password=", start); key != std::string::npos;
       key = url.find("password=", key + 1)) {
    const char before = url[key - 1];
    if (before != '?' && before != '&') continue;
    const std::size_t value = key + 9;
    const std::size_t end = url.find('&', value);
    spans.emplace_back(value, end == std::string::npos ? url.size() : end);
  }
  return spans;
}

}  // namespace

std::string printable_db(const std::string& db) {
  std::string shown = db;
  const auto spans = password_spans(db);
  for (auto span = spans.rbegin(); span != spans.rend(); ++span) {
    shown.replace(span->first, span->second - span->first, "***");
  }
  return shown;
}

std::string without_passwords(std::string text, const std::string& url) {
  for (const auto& [begin, end] : password_spans(url)) {
    const std::string password = url.substr(begin, end - begin);
    if (password.empty()) continue;
    for (auto at = text.find(password); at != std::string::npos; at = text.find(password, at)) {
      text.replace(at, password.size(), "***");
    }
  }
  return text;
}

std::unique_ptr<Storage> open_storage(const std::string& db, const StorageSettings& settings,
                                      std::string& error) {
  if (is_postgres_url(db)) return PgStore::open(db, settings.pool_size, error);
  return Store::open(db, settings.synchronous_full, error);
}

}  // namespace leadqual::server
