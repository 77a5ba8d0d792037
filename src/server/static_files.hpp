// Static files under a root folder: safe path resolution, MIME types, validators (ETag and
// Last-Modified) and an in-memory cache holding each file with its gzip and brotli forms,
// compressed once (or read from precompressed `.gz` / `.br` files beside it), never per request.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/compress.hpp"

namespace leadqual::server {

struct StaticReply {
  int status = 404;      // 200, 301, 304 or 404
  std::string location;  // for 301
  std::string content_type;
  std::shared_ptr<const std::string> body;  // the bytes to send (compressed when content_encoding)
  std::string content_encoding;             // "", "gzip" or "br"
  std::string etag;
  std::string last_modified;
};

class StaticFiles {
 public:
  // `only_extensions` (e.g. ".json" and ".lqc") limits what is served; empty serves every
  // regular file.
  explicit StaticFiles(std::string root, std::vector<std::string> only_extensions = {});

  bool root_exists() const;
  const std::string& root() const { return root_; }

  // `url_path` is the decoded request path relative to the mount point (starting with '/').
  // A redirect's `location` is relative to the mount point too, normalised and percent-encoded.
  StaticReply get(const std::string& url_path, const std::string& if_none_match,
                  const std::string& if_modified_since, const std::string& accept_encoding);

  static std::string mime_type(const std::string& path);

 private:
  struct Entry {
    std::int64_t mtime_ns = 0;
    std::int64_t size = 0;
    std::int64_t gz_mtime_ns = 0;  // of a precompressed file beside it; 0 when none is used
    std::int64_t br_mtime_ns = 0;
    Representations forms;
    std::string etag;
  };
  std::string root_;
  std::string root_real_;
  std::vector<std::string> only_extensions_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> cache_;
};

}  // namespace leadqual::server
