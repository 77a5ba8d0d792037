// POST /api/v1/progress: one step of a visit's funnel as the widget reports it
// (web/delivery.js progressReporter): {"session", "model": {"id", "version"?}, "event":
// "start" | "answered" | "complete", "question"?}. Never an answer.
#pragma once

#include <string>

#include "server/payload.hpp"

namespace leadqual::server {

struct ProgressStep {
  std::string model_id;
  std::string session;
  std::string step;  // "start", "complete" or "q:<question id>"
};

// Reads the JSON body (sent as text/plain or application/json); false with `problem` (400
// invalid_progress, or malformed_json) when it is not such a step.
bool read_progress(const std::string& body, ProgressStep& out, Problem& problem);

}  // namespace leadqual::server
