// The /dashboard page: HTML, script and style compiled into the binary (from
// src/server/dashboard/) so the server needs no files besides its database.
#pragma once

#include <httplib.h>

#include <string>

namespace leadqual::server {

// `name` is "index.html", "app.js" or "style.css". Sets a strict Content-Security-Policy.
void serve_dashboard_asset(const std::string& name, httplib::Response& res);

}  // namespace leadqual::server
