// The /dashboard page: HTML, script and style compiled into the binary (from
// src/server/dashboard/) so the server needs no files besides its database.
#pragma once

#include <string>

#include "server/http.hpp"

namespace leadqual::server {

// `name` is "index.html", "app.js" or "style.css". Sets a strict Content-Security-Policy.
// Each asset is compressed once, at its first request, and sent as the client accepts.
void serve_dashboard_asset(const std::string& name, const http::Request& req, http::Response& res);

}  // namespace leadqual::server
