// GET /api/v1/results (JSON or CSV, with filters) and GET /api/v1/stats, for token holders.
#pragma once

#include "server/http.hpp"

#include "server/models.hpp"
#include "server/storage.hpp"

namespace leadqual::server {

class ResultsApi {
 public:
  ResultsApi(Storage& store, ModelRegistry& models) : store_(store), models_(models) {}

  void list(const http::Request& req, http::Response& res);
  void stats(const http::Request& req, http::Response& res);

 private:
  std::string stage_label_of(const nlohmann::json& payload) const;

  Storage& store_;
  ModelRegistry& models_;
};

}  // namespace leadqual::server
