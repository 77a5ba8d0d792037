// Buffered input and output for the verbs: whole (size-limited) files for models and data, and
// streams read in large chunks so `leadqual score` runs in constant memory. Everything goes
// through the run's host (cli/host.hpp): stdio natively, node in the WebAssembly module.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/host.hpp"
#include "core/runtime/json_writer.hpp"

namespace leadqual::cli {

// Reads `path` ("-" = standard input), at most `max_bytes` + 1 bytes so a caller that checks the
// size can say "too large" without reading a huge file. Returns false with `error` set
// ("cannot read 'x': No such file or directory").
bool read_file(const std::string& path, std::size_t max_bytes, std::string& text,
               std::string& error);

// Unconsumed bytes of an input stream, refilled in large chunks.
class InputBuffer {
 public:
  explicit InputBuffer(Input& in, std::size_t chunk_bytes = std::size_t{1} << 20);

  std::string_view pending() const { return {data_.data() + begin_, end_ - begin_}; }
  void consume(std::size_t n) { begin_ += n; }
  // Appends more input after the pending bytes (views into pending() become invalid). Returns
  // false at the end of the input or on a read error (see read_error()).
  bool fill();
  bool read_error() const { return !in_.error().empty(); }
  const std::string& read_error_text() const { return in_.error(); }  // why the read failed

 private:
  Input& in_;
  std::size_t chunk_bytes_;
  std::vector<char> data_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool ended_ = false;
};

// Splits an input into lines ("\n" or "\r\n"), never holding more than `max_line_bytes` of one.
class LineReader {
 public:
  enum class Status { Line, TooLong, End };
  LineReader(InputBuffer& in, std::size_t max_line_bytes) : in_(in), max_line_(max_line_bytes) {}
  // On Line, `line` (without its terminator) stays valid until the next call. A line longer
  // than the limit is skipped whole and reported as TooLong.
  Status next(std::string_view& line);

 private:
  InputBuffer& in_;
  std::size_t max_line_;
};

// Output collected in a large block and written in big pieces. Writers write into the block
// itself (it is a TextSink): nothing is copied on the way but into the host's write.
class Output final : public TextSink {
 public:
  explicit Output(Stream out);
  ~Output() { flush(); }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view text) { raw(text); }
  void put(char c) { raw(c); }
  // False when a write failed (disk full, closed pipe); error() says why. Later output is then
  // dropped.
  bool flush();
  const std::string& error() const { return error_; }

 private:
  static constexpr std::size_t kBlockBytes = std::size_t{1} << 20;
  void spill() override { flush(); }

  Stream out_;
  std::unique_ptr<char[]> block_;
  std::string error_;
  bool failed_ = false;
};

}  // namespace leadqual::cli
