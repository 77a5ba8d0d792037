#include "server/storage.hpp"

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

std::string printable_db(const std::string& db) {
  if (!is_postgres_url(db)) return db;
  std::string shown = db;
  // postgresql://user:password@host…: the password is between the first ':' of the user info
  // and its '@'.
  const std::size_t start = shown.find("://") + 3;
  const std::size_t at = shown.find('@', start);
  const std::size_t end_of_authority = shown.find_first_of("/?", start);
  if (at != std::string::npos && (end_of_authority == std::string::npos || at < end_of_authority)) {
    const std::size_t colon = shown.find(':', start);
    if (colon != std::string::npos && colon < at) shown.replace(colon + 1, at - colon - 1, "***");
  }
  // …?password=… in the query.
  for (std::size_t key = shown.find("password=", start); key != std::string::npos;
       key = shown.find("password=", key + 1)) {
    const char before = shown[key - 1];
    if (before != '?' && before != '&') continue;
    const std::size_t value = key + 9;
    const std::size_t end = shown.find('&', value);
    shown.replace(value, (end == std::string::npos ? shown.size() : end) - value, "***");
  }
  return shown;
}

std::unique_ptr<Storage> open_storage(const std::string& db, const StorageSettings& settings,
                                      std::string& error) {
  if (is_postgres_url(db)) return PgStore::open(db, settings.pool_size, error);
  return Store::open(db, settings.synchronous_full, error);
}

}  // namespace leadqual::server
