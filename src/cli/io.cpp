#include "cli/io.hpp"

#include <algorithm>
#include <cstring>
#include <memory>

namespace leadqual::cli {

bool read_file(const std::string& path, std::size_t max_bytes, std::string& text,
               std::string& error) {
  std::string why;
  std::unique_ptr<Input> input = host().open(path, why);
  if (!input) {
    error = "cannot read '" + path + "': " + why;
    return false;
  }
  text.clear();
  char chunk[65536];
  while (text.size() <= max_bytes) {
    const std::size_t want = std::min(sizeof chunk, max_bytes + 1 - text.size());
    const std::size_t got = input->read(chunk, want);
    text.append(chunk, got);
    if (got < want) break;
  }
  if (!input->error().empty()) {
    error = "cannot read '" + path + "': " + input->error();
    return false;
  }
  return true;
}

InputBuffer::InputBuffer(Input& in, std::size_t chunk_bytes)
    : in_(in), chunk_bytes_(chunk_bytes), data_(chunk_bytes) {}

bool InputBuffer::fill() {
  if (ended_ || read_error()) return false;
  // Keep only the pending bytes, at the front, then make room for a whole chunk.
  if (begin_ > 0) {
    std::memmove(data_.data(), data_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (data_.size() - end_ < chunk_bytes_) data_.resize(end_ + chunk_bytes_);
  const std::size_t want = data_.size() - end_;
  const std::size_t got = in_.read(data_.data() + end_, want);
  end_ += got;
  if (got < want) ended_ = true;  // the end of the input, or an error
  return got > 0;
}

LineReader::Status LineReader::next(std::string_view& line) {
  std::size_t scanned = 0;
  for (;;) {
    const std::string_view pending = in_.pending();
    const void* newline = std::memchr(pending.data() + scanned, '\n', pending.size() - scanned);
    if (newline) {
      const std::size_t length = static_cast<const char*>(newline) - pending.data();
      line = pending.substr(0, length);
      in_.consume(length + 1);
      break;
    }
    if (pending.size() > max_line_) {
      // Skip the rest of this line without keeping it.
      in_.consume(pending.size());
      for (;;) {
        if (!in_.fill()) return Status::TooLong;
        const std::string_view more = in_.pending();
        const void* end = std::memchr(more.data(), '\n', more.size());
        if (end) {
          in_.consume(static_cast<const char*>(end) - more.data() + 1);
          return Status::TooLong;
        }
        in_.consume(more.size());
      }
    }
    scanned = pending.size();
    if (!in_.fill()) {
      const std::string_view rest = in_.pending();
      if (rest.empty()) return Status::End;
      line = rest;
      in_.consume(rest.size());
      break;
    }
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.size() > max_line_) return Status::TooLong;
  return Status::Line;
}

Output::Output(Stream out) : TextSink(nullptr, nullptr), out_(out), block_(new char[kBlockBytes]) {
  begin_ = p_ = block_.get();
  end_ = begin_ + kBlockBytes;
}

bool Output::flush() {
  const auto size = static_cast<std::size_t>(p_ - begin_);
  if (size > 0 && !failed_) failed_ = !host().write(out_, std::string_view(begin_, size), error_);
  p_ = begin_;
  return !failed_;
}

}  // namespace leadqual::cli
