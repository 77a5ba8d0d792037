#include "cli/csv.hpp"

namespace leadqual::cli {

CsvReader::Status CsvReader::next(std::vector<std::string>& fields) {
  enum class State { FieldStart, Unquoted, Quoted, AfterQuote };
  State state = State::FieldStart;
  fields.clear();
  fields.emplace_back();
  error_.clear();
  record_line_ = next_line_;
  std::size_t record_bytes = 0;
  bool started = false;
  const auto fail = [&](std::string message) {
    if (error_.empty()) error_ = std::move(message);
  };

  for (;;) {
    std::string_view pending = in_.pending();
    if (pending.empty()) {
      if (in_.fill()) continue;
      if (!started) return Status::End;
      if (state == State::Quoted) {
        fail("line " + std::to_string(record_line_) + ": a quoted field is not closed");
      }
      break;
    }
    started = true;
    std::size_t used = 0;
    bool record_done = false;
    for (; used < pending.size() && !record_done; ++used) {
      const char c = pending[used];
      if (c == '\n') ++next_line_;
      if (++record_bytes > max_bytes_) {
        fail("line " + std::to_string(record_line_) + ": record longer than " +
             std::to_string(max_bytes_) + " bytes");
      }
      if (!error_.empty() && state != State::Quoted) {
        // A malformed record is skipped to the end of its line.
        if (c == '\n') record_done = true;
        continue;
      }
      std::string& field = fields.back();
      switch (state) {
        case State::FieldStart:
          if (c == '"') {
            state = State::Quoted;
            break;
          }
          state = State::Unquoted;
          [[fallthrough]];
        case State::Unquoted:
          if (c == ',') {
            fields.emplace_back();
            state = State::FieldStart;
          } else if (c == '\n') {
            if (!field.empty() && field.back() == '\r') field.pop_back();
            record_done = true;
          } else if (c == '"') {
            fail("line " + std::to_string(next_line_) + ", field " + std::to_string(fields.size()) +
                 ": a quote inside an unquoted field");
          } else {
            field.push_back(c);
          }
          break;
        case State::Quoted:
          if (c == '"') {
            state = State::AfterQuote;
          } else if (error_.empty()) {
            field.push_back(c);
          }
          break;
        case State::AfterQuote:
          if (c == '"') {
            field.push_back('"');
            state = State::Quoted;
          } else if (c == ',') {
            fields.emplace_back();
            state = State::FieldStart;
          } else if (c == '\n') {
            record_done = true;
          } else if (c != '\r') {
            fail("line " + std::to_string(next_line_) + ", field " + std::to_string(fields.size()) +
                 ": text after the closing quote");
          }
          break;
      }
    }
    in_.consume(used);
    if (record_done) break;
  }
  if (!error_.empty()) {
    fields.clear();
    return Status::Bad;
  }
  return Status::Record;
}

}  // namespace leadqual::cli
