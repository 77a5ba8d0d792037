// Reading a posted submission (JSON or form-encoded) and checking it against the schema of
// docs/collector.md ("The payload"). Model checks are separate (models.hpp).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "server/store.hpp"

namespace leadqual::server {

// What is wrong with a request, as the client sees it: HTTP status, a stable code, a sentence,
// and where (a JSON Pointer into the payload, or a form field name).
struct Problem {
  int status = 400;
  std::string code;
  std::string message;
  std::optional<std::string> pointer;  // "" is the whole payload
};

struct PostedRequest {
  std::string content_type;  // the Content-Type header as sent
  std::string body;
  std::string idempotency_key;  // header, may be empty
  std::string client;           // remote address
  std::string user_agent;
};

// Fills `out` (payload, columns, suspect flag) or describes the first problem found.
// `dimensions_known` is false for a form post without a `result` (no dimensions were sent).
bool read_submission(const PostedRequest& request, Submission& out, bool& dimensions_known,
                     Problem& problem);

}  // namespace leadqual::server
