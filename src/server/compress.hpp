// Compression for the collector: gzip (zlib) and brotli, both ways, and the choice of a
// response encoding from Accept-Encoding.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace leadqual::server {

enum class Encoding { identity, gzip, br };

const char* encoding_name(Encoding encoding);  // "", "gzip", "br"

// The best encoding the client accepts among those on offer: br before gzip before identity,
// q-values honoured (q=0 refuses; "*" stands for every coding not named).
Encoding choose_encoding(std::string_view accept_encoding, bool br_offered, bool gzip_offered);

// Compressed bytes, or null when compressing fails or does not make `data` smaller.
std::shared_ptr<const std::string> gzip_compress(std::string_view data, int level);
std::shared_ptr<const std::string> brotli_compress(std::string_view data, int quality);

enum class DecodeOutcome { ok, too_large, corrupt };
// Undoes a gzip (also zlib-wrapped "deflate") or brotli request body, stopping as soon as the
// output would exceed `limit` bytes.
DecodeOutcome gunzip(std::string_view data, std::size_t limit, std::string& out);
DecodeOutcome brotli_decompress(std::string_view data, std::size_t limit, std::string& out);

// Content types worth compressing: text, JavaScript, JSON, SVG, WebAssembly, XML.
bool compressible(std::string_view content_type);

// A file or asset with its compressed forms, made once.
struct Representations {
  std::shared_ptr<const std::string> identity;
  std::shared_ptr<const std::string> gzip;  // null when it does not pay
  std::shared_ptr<const std::string> br;    // null when it does not pay
};
// Compresses `content` both ways when `content_type` is compressible (gzip level 9, brotli at
// a quality that keeps a first request quick for large files). Forms given (precompressed
// files) are kept as they are; only the missing ones are made.
Representations compress_once(std::shared_ptr<const std::string> content,
                              std::string_view content_type,
                              std::shared_ptr<const std::string> gzip = nullptr,
                              std::shared_ptr<const std::string> br = nullptr);

}  // namespace leadqual::server
