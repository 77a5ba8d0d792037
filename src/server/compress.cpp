#include "server/compress.hpp"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <cstdlib>
#include <utility>

#include "server/util.hpp"

namespace leadqual::server {

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::gzip:
      return "gzip";
    case Encoding::br:
      return "br";
    case Encoding::identity:
      break;
  }
  return "";
}

Encoding choose_encoding(std::string_view accept_encoding, bool br_offered, bool gzip_offered) {
  // q-values per coding; -1 = not named.
  double br = -1, gzip = -1, any = -1;
  while (!accept_encoding.empty()) {
    const std::size_t comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding.remove_prefix(comma == std::string_view::npos ? accept_encoding.size()
                                                                  : comma + 1);
    double q = 1;
    const std::size_t semicolon = item.find(';');
    if (semicolon != std::string_view::npos) {
      std::string_view parameter = trim(item.substr(semicolon + 1));
      if (parameter.size() >= 2 && (parameter[0] == 'q' || parameter[0] == 'Q') &&
          parameter[1] == '=') {
        q = std::strtod(std::string(parameter.substr(2)).c_str(), nullptr);
      }
      item = item.substr(0, semicolon);
    }
    item = trim(item);
    if (iequals(item, "br")) {
      br = q;
    } else if (iequals(item, "gzip") || iequals(item, "x-gzip")) {
      gzip = q;
    } else if (item == "*") {
      any = q;
    }
  }
  if (br < 0) br = any;
  if (gzip < 0) gzip = any;
  if (br_offered && br > 0 && br >= gzip) return Encoding::br;
  if (gzip_offered && gzip > 0) return Encoding::gzip;
  if (br_offered && br > 0) return Encoding::br;
  return Encoding::identity;
}

std::shared_ptr<const std::string> gzip_compress(std::string_view data, int level) {
  z_stream stream{};
  // 15 + 16: a gzip wrapper rather than zlib's own.
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
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

std::shared_ptr<const std::string> brotli_compress(std::string_view data, int quality) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) return nullptr;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, data.size(),
                             reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data()))) {
    return nullptr;
  }
  out.resize(size);
  if (out.size() >= data.size()) return nullptr;
  return std::make_shared<const std::string>(std::move(out));
}

DecodeOutcome gunzip(std::string_view data, std::size_t limit, std::string& out) {
  out.clear();
  z_stream stream{};
  // 15 + 32: accept both gzip and zlib wrappers.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return DecodeOutcome::corrupt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  char chunk[16384];
  int rc = Z_OK;
  DecodeOutcome outcome = DecodeOutcome::ok;
  while (rc != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    rc = inflate(&stream, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      outcome = DecodeOutcome::corrupt;
      break;
    }
    const std::size_t produced = sizeof chunk - stream.avail_out;
    if (out.size() + produced > limit) {
      outcome = DecodeOutcome::too_large;
      break;
    }
    out.append(chunk, produced);
    if (rc == Z_OK && produced == 0 && stream.avail_in == 0) {
      outcome = DecodeOutcome::corrupt;  // cut short
      break;
    }
  }
  inflateEnd(&stream);
  return outcome;
}

DecodeOutcome brotli_decompress(std::string_view data, std::size_t limit, std::string& out) {
  out.clear();
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (!state) return DecodeOutcome::corrupt;
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t available_in = data.size();
  std::uint8_t chunk[16384];
  DecodeOutcome outcome = DecodeOutcome::corrupt;
  while (true) {
    std::uint8_t* next_out = chunk;
    std::size_t available_out = sizeof chunk;
    const BrotliDecoderResult result = BrotliDecoderDecompressStream(
        state, &available_in, &next_in, &available_out, &next_out, nullptr);
    const std::size_t produced = sizeof chunk - available_out;
    if (out.size() + produced > limit) {
      outcome = DecodeOutcome::too_large;
      break;
    }
    out.append(reinterpret_cast<const char*>(chunk), produced);
    if (result == BROTLI_DECODER_RESULT_SUCCESS) {
      outcome = DecodeOutcome::ok;
      break;
    }
    if (result != BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) break;  // error or cut short
  }
  BrotliDecoderDestroyInstance(state);
  return outcome;
}

bool compressible(std::string_view content_type) {
  const std::string_view type = content_type.substr(0, content_type.find(';'));
  return type.rfind("text/", 0) == 0 || type == "application/json" ||
         type == "application/javascript" || type == "application/wasm" ||
         type == "image/svg+xml" || type == "application/xml" ||
         type == "application/manifest+json" || type == "application/vnd.leadqual.compiled";
}

Representations compress_once(std::shared_ptr<const std::string> content,
                              std::string_view content_type,
                              std::shared_ptr<const std::string> gzip,
                              std::shared_ptr<const std::string> br) {
  Representations out{std::move(content), std::move(gzip), std::move(br)};
  if (!out.identity || !compressible(content_type) || out.identity->size() < 256) return out;
  if (!out.gzip) out.gzip = gzip_compress(*out.identity, 9);
  // Brotli's best quality costs about 1 s per MB on this class of machine; above 1 MB the
  // first request would wait too long, and quality 9 is within a few percent.
  if (!out.br)
    out.br = brotli_compress(*out.identity, out.identity->size() <= 1024 * 1024 ? 11 : 9);
  return out;
}

}  // namespace leadqual::server
