#include "server/progress.hpp"

#include "core/leadqual.hpp"

namespace leadqual::server {
namespace {

// Ids of models, questions and sessions: 1 to 128 characters of A-Z a-z 0-9 - _ . :
bool plain(const nlohmann::json& value) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  if (text.empty() || text.size() > 128) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

bool refuse(Problem& problem, const std::string& pointer, const std::string& message) {
  problem = {400, "invalid_progress", pointer + ": " + message, pointer};
  return false;
}

}  // namespace

bool read_progress(const std::string& body, ProgressStep& out, Problem& problem) {
  nlohmann::json doc;
  std::string error;
  if (!parse_json(body, doc, error)) {
    problem = {400, "malformed_json", "payload: not valid JSON (" + error + ")", ""};
    return false;
  }
  if (!doc.is_object()) return refuse(problem, "", "expected an object");
  const auto session = doc.find("session");
  if (session == doc.end() || !plain(*session) ||
      session->get_ref<const std::string&>().size() < 8) {
    return refuse(problem, "/session", "expected 8 to 128 characters of A-Z a-z 0-9 - _ . :");
  }
  const auto model = doc.find("model");
  if (model == doc.end() || !model->is_object() || !model->contains("id") ||
      !plain((*model)["id"])) {
    return refuse(problem, "/model/id", "expected the model's id");
  }
  const auto event = doc.find("event");
  const std::string kind =
      event != doc.end() && event->is_string() ? event->get<std::string>() : "";
  if (kind == "answered") {
    const auto question = doc.find("question");
    if (question == doc.end() || !plain(*question)) {
      return refuse(problem, "/question", "expected the answered question's id");
    }
    out.step = "q:" + question->get<std::string>();
  } else if (kind == "start" || kind == "complete") {
    out.step = kind;
  } else {
    return refuse(problem, "/event", "expected 'start', 'answered' or 'complete'");
  }
  out.model_id = (*model)["id"].get<std::string>();
  out.session = session->get<std::string>();
  return true;
}

}  // namespace leadqual::server
