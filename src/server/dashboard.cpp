#include "server/dashboard.hpp"

#include <cstddef>
#include <mutex>

#include "server/compress.hpp"
#include "server/dashboard_assets.hpp"

namespace leadqual::server {
namespace {

constexpr std::size_t kAssetCount = sizeof kDashboardAssets / sizeof kDashboardAssets[0];

const Representations& forms_of(std::size_t index) {
  static std::once_flag once;
  static Representations forms[kAssetCount];
  std::call_once(once, [] {
    for (std::size_t i = 0; i < kAssetCount; ++i) {
      forms[i] = compress_once(std::make_shared<const std::string>(kDashboardAssets[i].content),
                               kDashboardAssets[i].type);
    }
  });
  return forms[index];
}

}  // namespace

void serve_dashboard_asset(const std::string& name, const http::Request& req, http::Response& res) {
  for (std::size_t i = 0; i < kAssetCount; ++i) {
    const auto& asset = kDashboardAssets[i];
    if (name != asset.name) continue;
    res.set_header(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    res.set_header("Cache-Control", "no-store");
    // The page's address may carry the token: never send it on as a Referer.
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Content-Type", asset.type);
    res.set_header("Vary", "Accept-Encoding");
    const Representations& forms = forms_of(i);
    const Encoding encoding = choose_encoding(req.get_header_value("Accept-Encoding"),
                                              forms.br != nullptr, forms.gzip != nullptr);
    if (encoding != Encoding::identity) res.set_header("Content-Encoding", encoding_name(encoding));
    res.shared_body = encoding == Encoding::br     ? forms.br
                      : encoding == Encoding::gzip ? forms.gzip
                                                   : forms.identity;
    return;
  }
  res.status = 404;
}

}  // namespace leadqual::server
