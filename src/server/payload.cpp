#include "server/payload.hpp"

#include <cmath>
#include <utility>
#include <vector>

#include "core/leadqual.hpp"
#include "core/runtime/text.hpp"
#include "server/util.hpp"

namespace leadqual::server {
namespace {

constexpr std::size_t kMaxString = 10000;
constexpr double kMinHumanMs = 1500;  // faster than this, nobody read the questions

using json = nlohmann::json;

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// The media type without parameters, lower case: "Application/JSON; charset=utf-8" ->
// "application/json".
std::string media_type(const std::string& content_type) {
  std::string type = lower(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.erase(0, 1);
  return type;
}

// Accumulates the first problem; every check returns false once one is found.
class Checker {
 public:
  explicit Checker(Problem& problem) : problem_(problem) {}

  bool fail(const std::string& pointer, const std::string& message,
            const std::string& code = "invalid_payload") {
    problem_ = {400, code, (pointer.empty() ? "payload" : pointer) + ": " + message, pointer};
    return false;
  }
  bool expect(const json& value, json::value_t type, const char* expected,
              const std::string& pointer) {
    const bool number_ok = type == json::value_t::number_float && value.is_number();
    if (value.type() == type || number_ok) return true;
    return fail(pointer, std::string("expected ") + expected + ", got " + json_type_name(value));
  }
  bool string(const json& value, const std::string& pointer, bool non_empty = false) {
    if (!expect(value, json::value_t::string, "a string", pointer)) return false;
    const auto& text = value.get_ref<const std::string&>();
    if (non_empty && text.empty()) return fail(pointer, "must not be empty");
    if (text.size() > kMaxString) {
      return fail(pointer, "longer than " + std::to_string(kMaxString) + " characters");
    }
    return true;
  }
  bool finite_number(const json& value, const std::string& pointer) {
    if (!expect(value, json::value_t::number_float, "a number", pointer)) return false;
    if (!std::isfinite(value.get<double>())) return fail(pointer, "must be a finite number");
    return true;
  }
  // Every string anywhere inside `value` within the length limit.
  bool strings_bounded(const json& value, const std::string& pointer) {
    if (value.is_string()) return string(value, pointer);
    if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (!strings_bounded(value[i], pointer + "/" + std::to_string(i))) return false;
      }
    } else if (value.is_object()) {
      for (const auto& [key, member] : value.items()) {
        if (key.size() > kMaxString) return fail(pointer, "a key is too long");
        if (!strings_bounded(member, pointer_append(pointer, key))) return false;
      }
    }
    return true;
  }

 private:
  Problem& problem_;
};

bool valid_id(const std::string& id) {
  if (id.size() < 8 || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// The result object of docs/model.md, as far as the collector relies on it.
bool check_result(Checker& check, const json& result) {
  if (!check.expect(result, json::value_t::object, "an object", "/result")) return false;
  const auto model = result.find("model");
  if (model == result.end()) return check.fail("/result/model", "missing");
  if (!check.expect(*model, json::value_t::object, "an object", "/result/model")) return false;
  for (const std::string key : {"id", "version", "hash"}) {
    const std::string at = "/result/model/" + key;
    const auto member = model->find(key);
    if (member == model->end()) return check.fail(at, "missing");
    // A model's version may be "" (its default, docs/model.md); its id and hash may not.
    if (!check.string(*member, at, key != "version")) return false;
  }
  const auto score = result.find("score");
  if (score == result.end()) return check.fail("/result/score", "missing");
  if (!check.finite_number(*score, "/result/score")) return false;
  const auto percent = result.find("percent");
  if (percent == result.end()) return check.fail("/result/percent", "missing");
  if (!percent->is_null() && !check.finite_number(*percent, "/result/percent")) return false;
  const auto stage = result.find("stage");
  if (stage == result.end()) return check.fail("/result/stage", "missing");
  if (!check.string(*stage, "/result/stage", true)) return false;
  // Whether dimensions may be missing depends on the model's submit.result (the core's
  // ResultCheck knows); their shape is checked here.
  const auto dimensions = result.find("dimensions");
  if (dimensions != result.end()) {
    if (!check.expect(*dimensions, json::value_t::object, "an object", "/result/dimensions")) {
      return false;
    }
    for (const auto& [id, value] : dimensions->items()) {
      if (!check.finite_number(value, pointer_append("/result/dimensions", id))) {
        return false;
      }
    }
  }
  const auto grade = result.find("grade");
  if (grade != result.end() && !grade->is_null() && !check.string(*grade, "/result/grade", true)) {
    return false;
  }
  const auto disqualified = result.find("disqualified");
  const bool is_disqualified = stage->get_ref<const std::string&>() == "disqualified";
  if (disqualified != result.end() && !disqualified->is_null()) {
    if (!check.expect(*disqualified, json::value_t::object, "an object or null",
                      "/result/disqualified")) {
      return false;
    }
    const auto rule = disqualified->find("rule");
    if (rule == disqualified->end()) return check.fail("/result/disqualified/rule", "missing");
    if (!check.string(*rule, "/result/disqualified/rule", true)) return false;
    if (!is_disqualified) {
      return check.fail("/result/disqualified",
                        "is set but the stage is '" + stage->get<std::string>() + "'");
    }
  } else if (disqualified != result.end() && is_disqualified) {
    return check.fail("/result/disqualified", "is null but the stage is 'disqualified'");
  }
  const auto complete = result.find("complete");
  if (complete != result.end() &&
      !check.expect(*complete, json::value_t::boolean, "a boolean", "/result/complete")) {
    return false;
  }
  for (const char* key : {"reasons", "errors"}) {
    const auto member = result.find(key);
    if (member != result.end() &&
        !check.expect(*member, json::value_t::array, "an array", std::string("/result/") + key)) {
      return false;
    }
  }
  const auto computed = result.find("computed");
  if (computed != result.end() &&
      !check.expect(*computed, json::value_t::object, "an object", "/result/computed")) {
    return false;
  }
  return check.strings_bounded(result, "/result");
}

bool check_optional_members(Checker& check, const json& payload) {
  if (const auto fields = payload.find("fields"); fields != payload.end()) {
    if (!check.expect(*fields, json::value_t::object, "an object", "/fields")) return false;
    for (const auto& [name, value] : fields->items()) {
      const std::string at = pointer_append("/fields", name);
      if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
          if (!check.string(value[i], at + "/" + std::to_string(i))) return false;
        }
      } else if (!value.is_string() && !value.is_number() && !value.is_boolean()) {
        return check.fail(at, std::string("expected a string, number, boolean or array of "
                                          "strings, got ") +
                                  json_type_name(value));
      }
    }
  }
  if (const auto consent = payload.find("consent"); consent != payload.end()) {
    if (!check.expect(*consent, json::value_t::object, "an object", "/consent")) return false;
    if (const auto given = consent->find("given");
        given != consent->end() &&
        !check.expect(*given, json::value_t::boolean, "a boolean", "/consent/given")) {
      return false;
    }
    if (const auto text = consent->find("text");
        text != consent->end() && !check.string(*text, "/consent/text")) {
      return false;
    }
  }
  if (const auto context = payload.find("context"); context != payload.end()) {
    if (!check.expect(*context, json::value_t::object, "an object", "/context")) return false;
    for (const char* key : {"url", "referrer", "lang"}) {
      const auto member = context->find(key);
      if (member != context->end() && !member->is_null() &&
          !check.string(*member, std::string("/context/") + key)) {
        return false;
      }
    }
    if (const auto utm = context->find("utm"); utm != context->end()) {
      if (!check.expect(*utm, json::value_t::object, "an object", "/context/utm")) return false;
      for (const auto& [key, value] : utm->items()) {
        if (!check.string(value, pointer_append("/context/utm", key))) return false;
      }
    }
  }
  if (const auto antispam = payload.find("antispam"); antispam != payload.end()) {
    if (!check.expect(*antispam, json::value_t::object, "an object", "/antispam")) return false;
    if (const auto honeypot = antispam->find("honeypot");
        honeypot != antispam->end() && !check.string(*honeypot, "/antispam/honeypot")) {
      return false;
    }
    if (const auto elapsed = antispam->find("elapsedMs"); elapsed != antispam->end()) {
      if (!check.finite_number(*elapsed, "/antispam/elapsedMs")) return false;
      if (elapsed->get<double>() < 0) return check.fail("/antispam/elapsedMs", "must be >= 0");
    }
  }
  for (const char* key : {"fields", "consent", "context", "antispam"}) {
    const auto member = payload.find(key);
    if (member != payload.end() && !check.strings_bounded(*member, std::string("/") + key)) {
      return false;
    }
  }
  return true;
}

std::string suspect_reason(const json& payload) {
  const auto antispam = payload.find("antispam");
  if (antispam == payload.end()) return {};
  const auto honeypot = antispam->find("honeypot");
  if (honeypot != antispam->end() && honeypot->is_string() &&
      !honeypot->get_ref<const std::string&>().empty()) {
    return "honeypot filled";
  }
  const auto elapsed = antispam->find("elapsedMs");
  if (elapsed != antispam->end() && elapsed->is_number() && elapsed->get<double>() < kMinHumanMs) {
    return "completed in under 1.5 s";
  }
  return {};
}

// A form component: '+' is a space, then percent-decoding.
bool url_decode(std::string text, std::string& out) {
  for (char& c : text) {
    if (c == '+') c = ' ';
  }
  return percent_decode(text, out);
}

// application/x-www-form-urlencoded -> the JSON payload (docs/collector.md, "Form-encoded").
bool form_to_payload(const PostedRequest& request, json& payload, bool& dimensions_known,
                     Checker& check) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start <= request.body.size()) {
    std::size_t end = request.body.find('&', start);
    if (end == std::string::npos) end = request.body.size();
    const std::string part = request.body.substr(start, end - start);
    start = end + 1;
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    std::string name, value;
    if (!url_decode(part.substr(0, eq), name) ||
        !url_decode(eq == std::string::npos ? std::string() : part.substr(eq + 1), value)) {
      return check.fail("", "bad percent-encoding in form field '" + part.substr(0, 40) + "'");
    }
    pairs.emplace_back(std::move(name), std::move(value));
  }
  payload = json::object();
  json flat_result = json::object();
  json model = json::object();
  json fields = json::object();
  bool has_result = false;
  auto number_field = [&](const std::string& name, const std::string& value, const char* key,
                          bool nullable) {
    if (value.empty() && nullable) {
      flat_result[key] = nullptr;
      return true;
    }
    // Written as a JSON number, and read by the same parser: no hex ("0x10"), "inf", "nan",
    // spaces or a leading '+', which strtod would all take.
    json number;
    std::string ignored;
    const bool plain = !value.empty() && value.find_first_of(" \t\r\n") == std::string::npos;
    if (!plain || !parse_json(value, number, ignored) || !number.is_number()) {
      return check.fail(name, "expected a number, got '" + value.substr(0, 40) + "'");
    }
    flat_result[key] = std::move(number);
    return true;
  };
  for (const auto& [name, value] : pairs) {
    if (name == "id" || name == "submittedAt") {
      payload[name] = value;
    } else if (name == "result" || name == "context" || name == "antispam") {
      json parsed;
      std::string error;
      if (!parse_json(value, parsed, error)) {
        return check.fail(name, "not valid JSON (" + error + ")", "malformed_json");
      }
      if (name == "result") {
        has_result = true;
        payload["result"] = std::move(parsed);
      } else {
        payload[name] = std::move(parsed);
      }
    } else if (name == "lead_score") {
      if (!number_field(name, value, "score", false)) return false;
    } else if (name == "lead_percent") {
      if (!number_field(name, value, "percent", true)) return false;
    } else if (name == "lead_grade") {
      flat_result["grade"] = value.empty() ? json(nullptr) : json(value);
    } else if (name == "lead_stage") {
      flat_result["stage"] = value;
    } else if (name == "model_id" || name == "model_version" || name == "model_hash") {
      model[name.substr(6)] = value;
    } else if (name == "consent") {
      if (value != "true" && value != "false") {
        return check.fail(name, "expected 'true' or 'false', got '" + value.substr(0, 40) + "'");
      }
      payload["consent"] = {{"given", value == "true"}};
    } else if (name == "lead_reasons") {
      // Informative text for CRMs; the structured reasons travel in `result`.
    } else if (fields.contains(name)) {
      json& existing = fields[name];
      if (!existing.is_array()) existing = json::array({existing});
      existing.push_back(value);
    } else {
      fields[name] = value;
    }
  }
  if (!has_result) {
    if (!model.empty()) flat_result["model"] = std::move(model);
    payload["result"] = std::move(flat_result);
  }
  dimensions_known = has_result;
  if (!payload.contains("id") && !request.idempotency_key.empty()) {
    payload["id"] = request.idempotency_key;
  }
  if (!payload.contains("submittedAt")) payload["submittedAt"] = iso_utc(now_ms());
  payload["fields"] = std::move(fields);
  return true;
}

}  // namespace

bool read_submission(const PostedRequest& request, Submission& out, bool& dimensions_known,
                     Problem& problem) {
  Checker check(problem);
  const std::string type = media_type(request.content_type);
  json payload;
  dimensions_known = true;
  if (type == "application/json" || type == "text/plain") {
    std::string error;
    if (!parse_json(request.body, payload, error)) {
      return check.fail("", "not valid JSON (" + error + ")", "malformed_json");
    }
    out.format = "json";
  } else if (type == "application/x-www-form-urlencoded") {
    if (!form_to_payload(request, payload, dimensions_known, check)) return false;
    out.format = "form";
  } else {
    problem = {415, "unsupported_media_type",
               "Content-Type '" + request.content_type +
                   "' is not accepted: send application/json, text/plain (JSON) or "
                   "application/x-www-form-urlencoded",
               std::nullopt};
    return false;
  }
  if (!check.expect(payload, json::value_t::object, "an object", "")) return false;

  const auto id = payload.find("id");
  if (id == payload.end()) return check.fail("/id", "missing");
  if (!check.string(*id, "/id")) return false;
  if (!valid_id(id->get_ref<const std::string&>())) {
    return check.fail("/id", "must be 8 to 128 characters of A-Z a-z 0-9 - _ . :");
  }
  if (!request.idempotency_key.empty() &&
      request.idempotency_key != id->get_ref<const std::string&>()) {
    return check.fail("/id", "differs from the Idempotency-Key header", "idempotency_key_mismatch");
  }
  const auto submitted = payload.find("submittedAt");
  if (submitted == payload.end()) return check.fail("/submittedAt", "missing");
  if (!check.string(*submitted, "/submittedAt")) return false;
  if (!parse_iso(submitted->get_ref<const std::string&>())) {
    return check.fail("/submittedAt",
                      "expected an ISO 8601 date-time such as "
                      "2026-11-22T08:41:07.512Z");
  }
  const auto result = payload.find("result");
  if (result == payload.end()) return check.fail("/result", "missing");
  if (!check_result(check, *result)) return false;
  if (!check_optional_members(check, payload)) return false;

  // Keep only the documented members.
  json stored = json::object();
  for (const char* key :
       {"id", "submittedAt", "result", "fields", "consent", "context", "antispam"}) {
    const auto member = payload.find(key);
    if (member != payload.end()) stored[key] = std::move(*member);
  }
  const json& r = stored["result"];
  out.id = stored["id"].get<std::string>();
  out.submitted_at = stored["submittedAt"].get<std::string>();
  out.model_id = r["model"]["id"].get<std::string>();
  out.model_version = r["model"]["version"].get<std::string>();
  out.model_hash = r["model"]["hash"].get<std::string>();
  out.score = r["score"].get<double>();
  out.percent.reset();
  if (r["percent"].is_number()) out.percent = r["percent"].get<double>();
  out.grade.reset();
  if (r.contains("grade") && r["grade"].is_string()) out.grade = r["grade"].get<std::string>();
  out.stage = r["stage"].get<std::string>();
  out.client = request.client;
  out.user_agent = request.user_agent.substr(0, 500);
  out.suspect_reason = suspect_reason(stored);
  out.payload = std::move(stored);
  return true;
}

}  // namespace leadqual::server
