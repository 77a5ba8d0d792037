#include "core/compiler/csv.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

namespace leadqual {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string at_line(std::size_t line) {
  return "line " + std::to_string(line) + ": ";
}

// The first `byte` in [p, end), or end. Fields are short: eight bytes are compared at a time
// (a zero byte of word ^ pattern is a match; the lowest flagged byte is the first match, the
// borrow only ever flags bytes above it), with no call.
const char* find_byte(const char* p, const char* end, char byte) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  constexpr std::uint64_t kHighs = 0x8080808080808080u;
  const std::uint64_t pattern = kOnes * static_cast<unsigned char>(byte);
  for (; end - p >= 8; p += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, 8);
    word ^= pattern;
    const std::uint64_t zeros = (word - kOnes) & ~word & kHighs;
    if (zeros != 0) return p + (__builtin_ctzll(zeros) >> 3);
  }
#endif
  while (p != end && *p != byte) ++p;
  return p;
}

}  // namespace

void CsvRecord::copy_fields(const CsvRecord& other) {
  std::string text;
  std::vector<std::size_t> ends;
  ends.reserve(other.size());
  for (std::size_t i = 0; i < other.size(); ++i) {
    const std::string_view field = other[i];
    text.append(field.data(), field.size());
    ends.push_back(text.size());
  }
  text_.swap(text);
  ends_.swap(ends);
  base_ = text_.data();
  gap_ = 0;
}

CsvReader::CsvReader(CsvOptions options) : options_(options), delimiter_(options.delimiter) {}

void CsvReader::feed(std::string_view chunk, CsvSink& sink) {
  if (!bom_checked_) {
    // The byte order mark may itself be split between chunks.
    while (!chunk.empty() && bom_.size() < kBom.size() && chunk[0] == kBom[bom_.size()]) {
      bom_.push_back(chunk[0]);
      chunk.remove_prefix(1);
    }
    if (bom_.size() < kBom.size() && chunk.empty()) return;  // wait for more
    bom_checked_ = true;
    if (bom_.size() < kBom.size()) {
      std::string start;
      start.swap(bom_);  // a prefix of the mark that turned out to be text
      parse(start, sink);
    }
    bom_.clear();
  }
  parse(chunk, sink);
}

void CsvReader::finish(CsvSink& sink) {
  if (!bom_checked_) {
    bom_checked_ = true;
    std::string start;
    start.swap(bom_);
    if (start != kBom) parse(start, sink);
  }
  if (delimiter_ == 0) {
    // A file that is only a header row without a line break.
    detect_delimiter(header_text_);
    std::string header;
    header.swap(header_text_);
    parse(header, sink);
  }
  if (!started_) return;
  if (state_ == State::Quoted) fail(at_line(record_.line_) + "a quoted field is not closed");
  end_field();
  end_record(sink);
}

void CsvReader::detect_delimiter(std::string_view text) {
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
  }
  delimiter_ = semicolons > commas ? ';' : ',';
}

void CsvReader::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
}

void CsvReader::end_field() {
  // A record already known to be bad keeps no more offsets: its length is not bounded.
  if (error_.empty()) record_.ends_.push_back(record_.text_.size());
}

void CsvReader::end_record(CsvSink& sink) {
  const std::size_t line = record_.line_;
  if (record_bytes_ > options_.max_record_bytes) {
    fail(at_line(line) + "a record longer than " + std::to_string(options_.max_record_bytes) +
         " bytes");
  }
  const bool blank = record_.ends_.size() == 1 && record_.text_.empty() && !quoted_seen_;
  if (!error_.empty()) {
    sink.bad(line, error_);
  } else if (!blank) {  // a blank line between records (or at the end) holds no lead
    record_.base_ = record_.text_.data();
    record_.gap_ = 0;
    hand_over(sink);
  }
  error_.clear();
  record_.text_.clear();
  record_.ends_.clear();
  record_bytes_ = 0;
  started_ = false;
  quoted_seen_ = false;
  state_ = State::FieldStart;
}

// A complete record that is not blank: the header, a record, or one with the wrong field count.
void CsvReader::hand_over(CsvSink& sink) {
  const std::size_t line = record_.line_;
  if (records_ == 0) {
    columns_ = record_.size();
    ++records_;
    sink.header(record_);
  } else if (record_.size() != columns_) {
    sink.bad(line, at_line(line) + std::to_string(record_.size()) +
                       (record_.size() == 1 ? " field" : " fields") + ", but the header has " +
                       std::to_string(columns_));
  } else {
    ++records_;
    sink.record(record_);
  }
}

// A whole line of the chunk without quotes (and not too long), read where it is: its fields
// are the runs between delimiters, a CR before the line break dropped, exactly what parse()'s
// states give for these bytes.
void CsvReader::plain_record(const char* line, std::size_t length, CsvSink& sink) {
  record_.line_ = line_;
  ++line_;
  if (length > 0 && line[length - 1] == '\r') --length;  // the CR always ends the last field
  std::vector<std::size_t>& ends = record_.ends_;
  const char* const end = line + length;
  for (const char* p = line;; ++p) {
    p = find_byte(p, end, delimiter_);
    ends.push_back(static_cast<std::size_t>(p - line));
    if (p == end) break;
  }
  if (length > 0 || ends.size() > 1) {  // else a blank line
    record_.base_ = line;
    record_.gap_ = 1;
    hand_over(sink);
  }
  ends.clear();
}

void CsvReader::parse(std::string_view text, CsvSink& sink) {
  if (delimiter_ == 0) {
    // Until the header row is complete the delimiter is unknown: keep its raw bytes (quotes
    // tracked, so a line break inside a quoted column name does not end it), then parse them.
    std::size_t end = 0;
    for (; end < text.size(); ++end) {
      const char c = text[end];
      if (c == '"') header_quoted_ = !header_quoted_;
      if (c == '\n' && !header_quoted_) break;
    }
    const bool complete = end < text.size();
    if (complete) ++end;
    header_text_.append(text.substr(0, end));
    text.remove_prefix(end);
    if (!complete && header_text_.size() <= options_.max_record_bytes) return;
    header_quoted_ = false;
    // A header longer than a record may be is judged on its first bytes only, the same bytes
    // however the file arrives in chunks (it is reported as too long either way).
    detect_delimiter(std::string_view(header_text_).substr(0, options_.max_record_bytes + 1));
    std::string header;
    header.swap(header_text_);
    parse(header, sink);
  }

  const char delimiter = delimiter_;
  if (!stops_[static_cast<unsigned char>(delimiter)]) {
    stops_[static_cast<unsigned char>(delimiter)] = true;
    stops_[static_cast<unsigned char>('"')] = true;
    stops_[static_cast<unsigned char>('\n')] = true;
  }
  // Lines without quotes are read in place when they lie whole in this chunk (never with a
  // delimiter that is itself a quote or a line break).
  const bool plain = delimiter != '"' && delimiter != '\n' && delimiter != '\r';
  std::string& field = record_.text_;
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    if (!started_ && plain) {
      const char* line = text.data() + i;
      const void* line_break = std::memchr(line, '\n', size - i);
      if (line_break != nullptr) {
        const auto length = static_cast<std::size_t>(static_cast<const char*>(line_break) - line);
        if (length < options_.max_record_bytes && std::memchr(line, '"', length) == nullptr) {
          plain_record(line, length, sink);
          i += length + 1;
          continue;
        }
      }
    }
    if (!started_) {
      started_ = true;
      record_.line_ = line_;
    }
    const bool keep = error_.empty();
    const char c = text[i];
    switch (state_) {
      case State::FieldStart:
        if (c == '"') {
          state_ = State::Quoted;
          quoted_seen_ = true;  // the record is not a blank line
          ++i;
          ++record_bytes_;
          continue;
        }
        state_ = State::Unquoted;
        [[fallthrough]];
      case State::Unquoted: {
        // The run up to the next delimiter, quote or line break goes in at once.
        std::size_t run = i;
        while (run < size && !stops_[static_cast<unsigned char>(text[run])]) ++run;
        if (keep) field.append(text.data() + i, run - i);
        record_bytes_ += run - i;
        i = run;
        if (i == size) continue;
        const char stop = text[i];
        ++i;
        ++record_bytes_;
        if (stop == delimiter) {
          end_field();
          state_ = State::FieldStart;
        } else if (stop == '\n') {
          ++line_;
          // A CR before the line break ends the line (CRLF), but only if it belongs to this
          // field: the record's text also holds the earlier fields (`x\r,\n`).
          const std::size_t field_start = record_.ends_.empty() ? 0 : record_.ends_.back();
          if (keep && field.size() > field_start && field.back() == '\r') field.pop_back();
          end_field();
          end_record(sink);
        } else {
          fail(at_line(line_) + "field " + std::to_string(record_.ends_.size() + 1) +
               ": a quote inside an unquoted field (quote the whole field and double the quote)");
          state_ = State::Skipping;
        }
        break;
      }
      case State::Quoted: {
        const void* quote = std::memchr(text.data() + i, '"', size - i);
        const std::size_t run =
            quote == nullptr
                ? size
                : static_cast<std::size_t>(static_cast<const char*>(quote) - text.data());
        line_ += static_cast<std::size_t>(std::count(text.data() + i, text.data() + run, '\n'));
        if (keep) field.append(text.data() + i, run - i);
        record_bytes_ += run - i;
        i = run;
        if (i == size) continue;
        ++i;
        ++record_bytes_;
        state_ = State::AfterQuote;
        break;
      }
      case State::AfterQuote:
        ++i;
        ++record_bytes_;
        if (c == '"') {
          if (keep) field.push_back('"');
          state_ = State::Quoted;
        } else if (c == delimiter) {
          end_field();
          state_ = State::FieldStart;
        } else if (c == '\n') {
          ++line_;
          end_field();
          end_record(sink);
        } else if (c != '\r') {
          fail(at_line(line_) + "field " + std::to_string(record_.ends_.size() + 1) +
               ": text after the closing quote");
          state_ = State::Skipping;
        }
        break;
      case State::Skipping:
        // The rest of a malformed record's line.
        ++i;
        if (c == '\n') {
          ++line_;
          end_field();
          end_record(sink);
        }
        break;
    }
    if (record_bytes_ > options_.max_record_bytes && error_.empty() && started_) {
      fail(at_line(record_.line_) + "a record longer than " +
           std::to_string(options_.max_record_bytes) + " bytes");
      field.clear();
    }
  }
}

}  // namespace leadqual
