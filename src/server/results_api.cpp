#include "server/results_api.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <vector>

#include "core/runtime/csv_writer.hpp"
#include "server/payload.hpp"
#include "server/util.hpp"

namespace leadqual::server {
namespace {

using json = nlohmann::json;

void reply_problem(http::Response& res, const std::string& param, const std::string& message) {
  res.status = 400;
  json body = {
      {"error",
       {{"code", "invalid_query"}, {"message", param + ": " + message}, {"pointer", param}}}};
  res.set_content(json_text(body), "application/json");
}

bool parse_count(const std::string& text, long long min, long long max, long long& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && out >= min && out <= max;
}

std::string number_text(const json& value) {
  if (!value.is_number()) return {};
  const double number = value.get<double>();
  char text[40];
  std::snprintf(text, sizeof text, "%.15g", number);
  return text;
}

std::string string_at(const json& object, std::initializer_list<const char*> path) {
  const json* at = &object;
  for (const char* key : path) {
    if (!at->is_object()) return {};
    const auto it = at->find(key);
    if (it == at->end()) return {};
    at = &*it;
  }
  if (at->is_string()) return at->get<std::string>();
  if (at->is_boolean()) return at->get<bool>() ? "true" : "false";
  if (at->is_number()) return number_text(*at);
  if (at->is_null()) return {};
  return json_text(*at);
}

// {"starts", "completions", "questions": [{"id", "label"?, "answered"}]}: visits per step, from the
// steps "start", "complete" and "q:<id>". The model's questions come first, in model order (0
// when nobody answered one yet), then any other answered question, the most answered first.
json funnel(const json& steps, const json& question_order) {
  json out = {{"starts", steps.value("start", 0)},
              {"completions", steps.value("complete", 0)},
              {"questions", json::array()}};
  std::set<std::string> listed;
  for (const auto& question : question_order) {
    const std::string name = question["id"].get<std::string>();
    listed.insert(name);
    out["questions"].push_back(
        {{"id", name}, {"label", question["label"]}, {"answered", steps.value("q:" + name, 0)}});
  }
  std::vector<std::pair<std::int64_t, std::string>> others;
  for (const auto& [step, count] : steps.items()) {
    if (step.rfind("q:", 0) == 0 && !listed.count(step.substr(2))) {
      others.emplace_back(-count.get<std::int64_t>(), step.substr(2));
    }
  }
  std::sort(others.begin(), others.end());
  for (const auto& [negative, id] : others) {
    out["questions"].push_back({{"id", id}, {"answered", -negative}});
  }
  return out;
}

}  // namespace

std::string ResultsApi::stage_label_of(const json& payload) const {
  const json result = payload.is_object() ? payload.value("result", json::object()) : json();
  if (!result.is_object()) return {};
  return models_.stage_label(string_at(result, {"model", "id"}), string_at(result, {"stage"}));
}

void ResultsApi::list(const http::Request& req, http::Response& res) {
  ResultFilter filter;
  for (const char* key : {"since", "until"}) {
    if (!req.has_param(key)) continue;
    const auto ms = parse_iso(req.get_param_value(key));
    if (!ms) {
      return reply_problem(
          res, key,
          "expected an ISO 8601 date or date-time, got '" + req.get_param_value(key) + "'");
    }
    (std::string(key) == "since" ? filter.since_ms : filter.until_ms) = *ms;
  }
  if (req.has_param("stage")) filter.stage = req.get_param_value("stage");
  if (req.has_param("model")) filter.model = req.get_param_value("model");
  for (const char* flag : {"suspect", "unverified"}) {
    if (!req.has_param(flag)) continue;
    const std::string value = req.get_param_value(flag);
    if (value != "true" && value != "false") {
      return reply_problem(res, flag, "expected 'true' or 'false', got '" + value + "'");
    }
    (std::string(flag) == "suspect" ? filter.suspect : filter.unverified) = value == "true";
  }
  long long number = 0;
  if (req.has_param("after")) {
    if (!parse_count(req.get_param_value("after"), 0, INT64_MAX, number)) {
      return reply_problem(res, "after", "expected a result sequence number (seq)");
    }
    filter.after_seq = number;
  }
  if (req.has_param("limit")) {
    if (!parse_count(req.get_param_value("limit"), 1, 10000, number)) {
      return reply_problem(res, "limit", "expected a number from 1 to 10000");
    }
    filter.limit = static_cast<int>(number);
  }
  if (req.has_param("order")) {
    const std::string order = req.get_param_value("order");
    if (order != "asc" && order != "desc") {
      return reply_problem(res, "order", "expected 'asc' or 'desc', got '" + order + "'");
    }
    filter.newest_first = order == "desc";
  }
  std::string format = "json";
  if (req.has_param("format")) {
    format = req.get_param_value("format");
    if (format != "json" && format != "csv") {
      return reply_problem(res, "format", "expected 'json' or 'csv', got '" + format + "'");
    }
  } else if (req.get_header_value("Accept").find("text/csv") != std::string::npos) {
    format = "csv";
  }

  std::vector<StoredResult> rows;
  std::string error;
  if (!store_.list(filter, rows, error)) {
    res.status = 503;
    res.set_content(json_text({{"error", {{"code", "storage_unavailable"}, {"message", error}}}}),
                    "application/json");
    return;
  }
  if (format == "json") {
    json out = {{"results", json::array()}};
    for (auto& row : rows) {
      json item = row.payload.is_object() ? std::move(row.payload) : json::object();
      item["seq"] = row.seq;
      item["receivedAt"] = iso_utc(row.received_ms);
      item["suspect"] = row.suspect_reason.empty() ? json(nullptr) : json(row.suspect_reason);
      item["unverified"] =
          row.unverified_reason.empty() ? json(nullptr) : json(row.unverified_reason);
      item["stageLabel"] = stage_label_of(item);
      out["results"].push_back(std::move(item));
    }
    out["next"] = static_cast<int>(rows.size()) == filter.limit && !rows.empty()
                      ? json(rows.back().seq)
                      : json(nullptr);
    res.set_content(json_text(out), "application/json");
    return;
  }
  // CSV: fixed columns, then one column per dimension, computed value and shared field name
  // seen in these rows (those the models share).
  std::set<std::string> field_names, dimension_names, computed_names;
  auto collect = [](const json& object, std::set<std::string>& names) {
    if (object.is_object()) {
      for (const auto& [name, value] : object.items()) names.insert(name);
    }
  };
  for (const auto& row : rows) {
    if (!row.payload.is_object()) continue;
    collect(row.payload.value("fields", json()), field_names);
    const json result = row.payload.value("result", json::object());
    if (!result.is_object()) continue;
    collect(result.value("dimensions", json()), dimension_names);
    collect(result.value("computed", json()), computed_names);
  }
  std::string csv =
      "seq,received_at,id,submitted_at,model_id,model_version,score,percent,grade,stage,"
      "stage_label,disqualified,complete,suspect,unverified,consent,url,referrer,lang,"
      "utm_source,utm_medium,utm_campaign";
  for (const auto& name : dimension_names) csv += "," + csv_cell("dimension." + name);
  for (const auto& name : computed_names) csv += "," + csv_cell("computed." + name);
  for (const auto& name : field_names) csv += "," + csv_cell(name);
  csv += "\r\n";
  for (const auto& row : rows) {
    const json& p = row.payload.is_object() ? row.payload : json::object();
    const json result = p.contains("result") ? p["result"] : json::object();
    std::string line = std::to_string(row.seq) + "," + iso_utc(row.received_ms);
    line += "," + csv_cell(string_at(p, {"id"}));
    line += "," + csv_cell(string_at(p, {"submittedAt"}));
    line += "," + csv_cell(string_at(result, {"model", "id"}));
    line += "," + csv_cell(string_at(result, {"model", "version"}));
    line += "," + csv_cell(string_at(result, {"score"}), CsvCell::Number);
    line += "," + csv_cell(string_at(result, {"percent"}), CsvCell::Number);
    line += "," + csv_cell(string_at(result, {"grade"}));
    line += "," + csv_cell(string_at(result, {"stage"}));
    line += "," + csv_cell(stage_label_of(p));
    line += "," + csv_cell(string_at(result, {"disqualified", "rule"}));
    line += "," + csv_cell(string_at(result, {"complete"}));
    line += "," + csv_cell(row.suspect_reason);
    line += "," + csv_cell(row.unverified_reason);
    line += "," + csv_cell(string_at(p, {"consent", "given"}));
    line += "," + csv_cell(string_at(p, {"context", "url"}));
    line += "," + csv_cell(string_at(p, {"context", "referrer"}));
    line += "," + csv_cell(string_at(p, {"context", "lang"}));
    line += "," + csv_cell(string_at(p, {"context", "utm", "source"}));
    line += "," + csv_cell(string_at(p, {"context", "utm", "medium"}));
    line += "," + csv_cell(string_at(p, {"context", "utm", "campaign"}));
    for (const auto& name : dimension_names) {
      line += "," + csv_cell(string_at(result, {"dimensions", name.c_str()}), CsvCell::Number);
    }
    for (const auto& name : computed_names) {
      line += "," + csv_cell(string_at(result, {"computed", name.c_str()}), CsvCell::Number);
    }
    for (const auto& name : field_names) {
      std::string value;
      if (p.contains("fields") && p["fields"].is_object() && p["fields"].contains(name)) {
        const json& field = p["fields"][name];
        if (field.is_array()) {
          for (const auto& item : field) {
            value += (value.empty() ? "" : ";") +
                     (item.is_string() ? item.get<std::string>() : json_text(item));
          }
        } else {
          value = field.is_string() ? field.get<std::string>() : string_at({{"v", field}}, {"v"});
        }
      }
      line += "," + csv_cell(value);
    }
    csv += line + "\r\n";
  }
  res.set_header("Content-Disposition", "attachment; filename=\"leadqual-results.csv\"");
  res.set_content(csv, "text/csv; charset=utf-8");
}

void ResultsApi::stats(const http::Request&, http::Response& res) {
  json out;
  std::string error;
  if (!store_.stats(out, error)) {
    res.status = 503;
    res.set_content(json_text({{"error", {{"code", "storage_unavailable"}, {"message", error}}}}),
                    "application/json");
    return;
  }
  // The funnels read best in model order, with the stages' labels; models loaded with --models
  // give them (a model file added since the last look is read now).
  models_.refresh();
  const json order = models_.stage_order();
  const json questions = models_.question_order();
  for (auto& model : out["models"]) {
    const std::string id = model["id"].get<std::string>();
    if (order.contains(id)) {
      model["stageOrder"] = order[id];
      json labels = json::object();
      for (const auto& stage : order[id]) {
        labels[stage.get<std::string>()] = models_.stage_label(id, stage.get<std::string>());
      }
      model["stageLabels"] = std::move(labels);
    }
    model["funnel"] = funnel(model.value("progress", json::object()),
                             questions.contains(id) ? questions[id] : json::array());
    model.erase("progress");
  }
  res.set_content(json_text(out), "application/json");
}

}  // namespace leadqual::server
