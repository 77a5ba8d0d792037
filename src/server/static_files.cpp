#include "server/static_files.hpp"

#include <sys/stat.h>
#include <zlib.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "server/util.hpp"

namespace leadqual::server {
namespace {

std::string extension_of(const std::string& path) {
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
  std::string ext = path.substr(dot);
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

std::string real_path(const std::string& path) {
  char buffer[PATH_MAX];
  return ::realpath(path.c_str(), buffer) ? std::string(buffer) : std::string();
}

// cpp-httplib compresses text/*, JSON, JavaScript and SVG responses itself (gzip or brotli, as
// the client accepts); it leaves other types alone. Of those, only WebAssembly compresses well.
bool compress_ourselves(const std::string& mime) {
  return mime == "application/wasm";
}

std::shared_ptr<const std::string> gzip(const std::string& data) {
  z_stream stream{};
  // 15 + 16: a gzip wrapper rather than zlib's own.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return nullptr;
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END || out.size() >= data.size()) return nullptr;
  return std::make_shared<const std::string>(std::move(out));
}

// An If-None-Match list ("a", W/"b", *) matches when it names our ETag (weak comparison).
bool etag_matches(const std::string& header, const std::string& etag) {
  if (header.empty()) return false;
  if (header.find('*') != std::string::npos) return true;
  const std::string opaque = etag.substr(etag.find('"'));
  std::size_t at = 0;
  while ((at = header.find(opaque, at)) != std::string::npos) {
    const std::size_t end = at + opaque.size();
    if (end == header.size() || header[end] == ',' || header[end] == ' ') return true;
    at = end;
  }
  return false;
}

}  // namespace

StaticFiles::StaticFiles(std::string root, std::string only_extension)
    : root_(std::move(root)),
      root_real_(real_path(root_)),
      only_extension_(std::move(only_extension)) {}

bool StaticFiles::root_exists() const {
  struct stat info {};
  return !root_real_.empty() && ::stat(root_real_.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

std::string StaticFiles::mime_type(const std::string& path) {
  static const std::pair<const char*, const char*> types[] = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".wasm", "application/wasm"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".md", "text/markdown; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".ts", "text/plain; charset=utf-8"},  // .d.ts type declarations, readable in a browser
      {".xml", "application/xml"},
      {".webmanifest", "application/manifest+json"},
      {".pdf", "application/pdf"},
  };
  const std::string ext = extension_of(path);
  for (const auto& [extension, type] : types) {
    if (ext == extension) return type;
  }
  return "application/octet-stream";
}

StaticReply StaticFiles::get(const std::string& url_path, const std::string& if_none_match,
                             const std::string& if_modified_since, bool accepts_gzip) {
  StaticReply reply;
  if (root_real_.empty() || url_path.empty() || url_path[0] != '/') return reply;
  // Refuse anything that could step outside the root before touching the file system:
  // "..", hidden names (".git", ".env"), backslashes and NULs.
  std::string relative;
  std::stringstream segments(url_path.substr(1));
  std::string segment;
  while (std::getline(segments, segment, '/')) {
    if (segment.empty()) continue;
    if (segment[0] == '.' || segment.find('\\') != std::string::npos ||
        segment.find('\0') != std::string::npos) {
      return reply;
    }
    relative += "/" + segment;
  }
  std::string path = root_real_ + relative;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return reply;
  if (S_ISDIR(info.st_mode)) {
    if (url_path.back() != '/') {
      reply.status = 301;
      reply.location = url_path + "/";
      return reply;
    }
    path += "/index.html";
    if (::stat(path.c_str(), &info) != 0) return reply;
  }
  if (!S_ISREG(info.st_mode)) return reply;
  if (!only_extension_.empty() && extension_of(path) != only_extension_) return reply;
  // Symbolic links may not lead outside the root either.
  const std::string resolved = real_path(path);
  if (resolved.empty() || resolved.compare(0, root_real_.size() + 1, root_real_ + "/") != 0) {
    return reply;
  }

  const std::int64_t mtime_ns =
      static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
  const std::string mime = mime_type(path);
  Entry entry;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = cache_.find(resolved);
    if (it != cache_.end() && it->second.mtime_ns == mtime_ns &&
        it->second.size == static_cast<std::int64_t>(info.st_size)) {
      entry = it->second;
    }
  }
  if (!entry.content) {
    std::ifstream file(resolved, std::ios::binary);
    if (!file) return reply;
    std::ostringstream bytes;
    bytes << file.rdbuf();
    entry.mtime_ns = mtime_ns;
    entry.size = static_cast<std::int64_t>(info.st_size);
    entry.content = std::make_shared<const std::string>(bytes.str());
    if (compress_ourselves(mime)) entry.gzipped = gzip(*entry.content);
    char tag[64];
    std::snprintf(tag, sizeof tag, "W/\"%llx-%llx\"", static_cast<unsigned long long>(entry.size),
                  static_cast<unsigned long long>(mtime_ns));
    entry.etag = tag;
    std::lock_guard<std::mutex> lock(mutex_);
    cache_[resolved] = entry;
  }
  reply.content_type = mime;
  reply.etag = entry.etag;
  reply.last_modified = http_date(info.st_mtim.tv_sec);
  // If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
  const bool not_modified = !if_none_match.empty() ? etag_matches(if_none_match, entry.etag)
                                                   : if_modified_since == reply.last_modified;
  if (not_modified) {
    reply.status = 304;
    return reply;
  }
  reply.status = 200;
  if (accepts_gzip && entry.gzipped) {
    reply.body = entry.gzipped;
    reply.content_encoding = "gzip";
  } else {
    reply.body = entry.content;
  }
  return reply;
}

}  // namespace leadqual::server
