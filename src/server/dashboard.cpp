#include "server/dashboard.hpp"

#include "server/dashboard_assets.hpp"

namespace leadqual::server {

void serve_dashboard_asset(const std::string& name, httplib::Response& res) {
  for (const auto& asset : kDashboardAssets) {
    if (name != asset.name) continue;
    res.set_header(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    res.set_header("Cache-Control", "no-store");
    // The page's address may carry the token: never send it on as a Referer.
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(asset.content, asset.type);
    return;
  }
  res.status = 404;
}

}  // namespace leadqual::server
