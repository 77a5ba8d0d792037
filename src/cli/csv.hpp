// CSV as RFC 4180 describes it: comma-separated, fields optionally in double quotes, a quote
// inside a quoted field doubled, quoted fields may hold commas and line breaks; "\r\n" or "\n".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cli/io.hpp"

namespace leadqual::cli {

// Reads one record at a time from a stream, never holding more than `max_record_bytes`.
class CsvReader {
 public:
  enum class Status { Record, Bad, End };
  CsvReader(InputBuffer& in, std::size_t max_record_bytes)
      : in_(in), max_bytes_(max_record_bytes) {}

  // Record: `fields` holds the cells. Bad: the record is malformed (error() says how and
  // where) and was skipped whole; reading goes on with the next one.
  Status next(std::vector<std::string>& fields);
  std::size_t line() const { return record_line_; }  // 1-based line where the last record began
  const std::string& error() const { return error_; }

 private:
  InputBuffer& in_;
  std::size_t max_bytes_;
  std::size_t next_line_ = 1;
  std::size_t record_line_ = 0;
  std::string error_;
};

}  // namespace leadqual::cli
