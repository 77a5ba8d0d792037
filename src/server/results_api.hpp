// GET /api/v1/results (JSON or CSV, with filters) and GET /api/v1/stats, for token holders.
#pragma once

#include <httplib.h>

#include "server/models.hpp"
#include "server/store.hpp"

namespace leadqual::server {

class ResultsApi {
 public:
  ResultsApi(Store& store, const ModelRegistry& models) : store_(store), models_(models) {}

  void list(const httplib::Request& req, httplib::Response& res);
  void stats(const httplib::Request& req, httplib::Response& res);

 private:
  Store& store_;
  const ModelRegistry& models_;
};

}  // namespace leadqual::server
