#include "server/static_files.hpp"

#include <sys/stat.h>

#include <algorithm>
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

// A precompressed file beside `path` (`.gz`, `.br`): its modification time when it is a regular
// file inside the root at least as new as the file itself, else 0.
std::int64_t sidecar_mtime(const std::string& path, const std::string& root_real,
                           std::int64_t source_mtime_ns) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return 0;
  const std::int64_t mtime =
      static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
  if (mtime < source_mtime_ns) return 0;  // stale: older than the file it was made from
  const std::string resolved = real_path(path);
  if (resolved.compare(0, root_real.size() + 1, root_real + "/") != 0) return 0;
  return mtime;
}

std::shared_ptr<const std::string> read_whole(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return nullptr;
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return std::make_shared<const std::string>(bytes.str());
}

// Characters a Location path may carry as they are; everything else is percent-encoded.
std::string encode_path(const std::string& path) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       std::string_view("/-._~!$&'()*+,;=:@").find(c) != std::string_view::npos;
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    }
  }
  return out;
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

StaticFiles::StaticFiles(std::string root, std::vector<std::string> only_extensions)
    : root_(std::move(root)),
      root_real_(real_path(root_)),
      only_extensions_(std::move(only_extensions)) {}

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
      {".lqc", "application/vnd.leadqual.compiled"},  // a compiled model (leadqual build)
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
                             const std::string& if_modified_since,
                             const std::string& accept_encoding) {
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
  // Symbolic links may not lead outside the root, to a folder or to a file.
  const auto inside_root = [this](const std::string& resolved) {
    return resolved == root_real_ ||
           resolved.compare(0, root_real_.size() + 1, root_real_ + "/") == 0;
  };
  if (!inside_root(real_path(path))) return reply;
  if (S_ISDIR(info.st_mode)) {
    if (url_path.back() != '/') {
      // Built from the cleaned segments: "//demo" must not become the address "//demo/".
      reply.status = 301;
      reply.location = encode_path(relative + "/");
      return reply;
    }
    path += "/index.html";
    if (::stat(path.c_str(), &info) != 0) return reply;
  }
  if (!S_ISREG(info.st_mode)) return reply;
  if (!only_extensions_.empty() && std::find(only_extensions_.begin(), only_extensions_.end(),
                                             extension_of(path)) == only_extensions_.end()) {
    return reply;
  }
  const std::string resolved = real_path(path);
  if (resolved.empty() || resolved == root_real_ || !inside_root(resolved)) return reply;

  const std::int64_t mtime_ns =
      static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
  const std::string mime = mime_type(path);
  const std::int64_t gz_mtime = sidecar_mtime(resolved + ".gz", root_real_, mtime_ns);
  const std::int64_t br_mtime = sidecar_mtime(resolved + ".br", root_real_, mtime_ns);
  Entry entry;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = cache_.find(resolved);
    if (it != cache_.end() && it->second.mtime_ns == mtime_ns &&
        it->second.size == static_cast<std::int64_t>(info.st_size) &&
        it->second.gz_mtime_ns == gz_mtime && it->second.br_mtime_ns == br_mtime) {
      entry = it->second;
    }
  }
  if (!entry.forms.identity) {
    // Read and compressed once per version of the file, outside the lock.
    auto content = read_whole(resolved);
    if (!content) return reply;
    entry.mtime_ns = mtime_ns;
    entry.size = static_cast<std::int64_t>(info.st_size);
    entry.gz_mtime_ns = gz_mtime;
    entry.br_mtime_ns = br_mtime;
    entry.forms =
        compress_once(std::move(content), mime, gz_mtime ? read_whole(resolved + ".gz") : nullptr,
                      br_mtime ? read_whole(resolved + ".br") : nullptr);
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
  const Encoding encoding =
      choose_encoding(accept_encoding, entry.forms.br != nullptr, entry.forms.gzip != nullptr);
  reply.content_encoding = encoding_name(encoding);
  reply.body = encoding == Encoding::br     ? entry.forms.br
               : encoding == Encoding::gzip ? entry.forms.gzip
                                            : entry.forms.identity;
  return reply;
}

}  // namespace leadqual::server
