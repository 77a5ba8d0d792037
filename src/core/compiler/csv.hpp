// Reading CSV as CRMs and spreadsheets export it, from text chunks (no I/O: the CLI feeds it a
// file, the browser a dropped file's stream): RFC 4180 quoting (fields in double quotes, a quote
// doubled inside them, commas and line breaks inside quotes), "\r\n" or "\n", a UTF-8 byte order
// mark skipped, the delimiter (',' or ';') detected from the header row. Memory is bounded by
// the longest record, whatever the length of the file: records are handed to a sink as they
// complete. A malformed record is reported with its line number and reading goes on.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leadqual {

// One complete record. Fields are views, valid during the sink's call: into the chunk fed when
// the record lies whole in it without quotes (most records: nothing is copied), else into the
// reader's copy of the unquoted bytes. A copy of a record owns its fields (it outlives the call).
class CsvRecord {
 public:
  CsvRecord() = default;
  CsvRecord(const CsvRecord& other) : line_(other.line_) { copy_fields(other); }
  CsvRecord& operator=(const CsvRecord& other) {
    if (this != &other) {
      line_ = other.line_;
      copy_fields(other);
    }
    return *this;
  }
  ~CsvRecord() = default;

  std::size_t line() const { return line_; }  // 1-based line where the record began
  std::size_t size() const { return ends_.size(); }
  std::string_view operator[](std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1] + gap_;
    return std::string_view(base_ + begin, ends_[i] - begin);
  }

 private:
  friend class CsvReader;
  void copy_fields(const CsvRecord& other);

  const char* base_ = nullptr;     // where the fields are: text_, or the chunk's line
  std::size_t gap_ = 0;            // bytes between two fields there (0 in text_, 1 in a line)
  std::vector<std::size_t> ends_;  // end offset of each field from base_
  std::string text_;               // the fields' bytes, unquoted, one after another
  std::size_t line_ = 0;
};

class CsvSink {
 public:
  virtual ~CsvSink() = default;
  // The first record of the input: the column names.
  virtual void header(const CsvRecord& record) = 0;
  // Each later record with as many fields as the header. Blank lines are skipped.
  virtual void record(const CsvRecord& record) = 0;
  // A record that cannot be read (broken quoting, too long, a different number of fields than
  // the header): `message` says what and where ("line 7: ..."); it is skipped whole.
  virtual void bad(std::size_t line, const std::string& message) = 0;
};

struct CsvOptions {
  char delimiter = 0;                          // 0: ',' or ';', whichever the header uses more
  std::size_t max_record_bytes = 1024 * 1024;  // a longer record is bad (and not kept)
};

class CsvReader {
 public:
  explicit CsvReader(CsvOptions options = {});

  // Reads the next piece of the input (any size, split anywhere: inside a field, a quote pair,
  // a "\r\n" or a UTF-8 sequence) and hands every record it completes to `sink`.
  void feed(std::string_view chunk, CsvSink& sink);
  // The end of the input: the last record (without a final line break) goes to `sink`.
  void finish(CsvSink& sink);

  char delimiter() const { return delimiter_; }  // 0 until the header row is complete
  std::size_t columns() const { return columns_; }
  std::size_t records() const { return records_; }  // records handed over, the header included
  std::size_t lines() const { return line_; }       // lines read so far

 private:
  enum class State { FieldStart, Unquoted, Quoted, AfterQuote, Skipping };
  void parse(std::string_view text, CsvSink& sink);
  void plain_record(const char* line, std::size_t length, CsvSink& sink);
  void end_field();
  void end_record(CsvSink& sink);
  void hand_over(CsvSink& sink);
  void fail(std::string message);
  void detect_delimiter(std::string_view header_text);

  CsvOptions options_;
  bool stops_[256] = {};  // the bytes that end an unquoted run: the delimiter, '"', '\n'
  char delimiter_ = 0;
  std::string header_text_;     // the header row's raw bytes, kept until the delimiter is known
  bool header_quoted_ = false;  // inside quotes while the header's bytes are kept
  bool quoted_seen_ = false;    // the current record has a quoted field (so it is not blank)
  bool bom_checked_ = false;
  std::string bom_;  // the first bytes, while fewer than 3 have come
  State state_ = State::FieldStart;
  CsvRecord record_;
  std::size_t record_bytes_ = 0;
  std::size_t line_ = 1;  // the line being read
  bool started_ = false;  // the current record has at least one byte
  std::string error_;
  std::size_t columns_ = 0;
  std::size_t records_ = 0;
};

}  // namespace leadqual
