// The core's CSV reader (backtest, calibrate and `leadqual score` read history through it): no
// input throws or crashes, every field is readable, and where the chunks split the bytes changes
// nothing. The first byte picks the chunk size; the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/compiler/csv.hpp"
#include "fuzz_check.hpp"

namespace {

struct Collected : leadqual::CsvSink {
  std::vector<std::vector<std::string>> rows;  // the header first
  std::vector<std::size_t> bad_lines;

  void take(const leadqual::CsvRecord& record) {
    std::vector<std::string>& row = rows.emplace_back();
    for (std::size_t i = 0; i < record.size(); ++i) row.emplace_back(record[i]);
  }
  void header(const leadqual::CsvRecord& record) override { take(record); }
  void record(const leadqual::CsvRecord& record) override { take(record); }
  void bad(std::size_t line, const std::string& message) override {
    FUZZ_CHECK(!message.empty(), "a bad row without a message");
    bad_lines.push_back(line);
  }
};

Collected read(std::string_view text, std::size_t chunk) {
  Collected out;
  leadqual::CsvReader reader(leadqual::CsvOptions{0, 256});
  for (std::size_t at = 0; at < text.size(); at += chunk) reader.feed(text.substr(at, chunk), out);
  reader.finish(out);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 16;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const Collected whole = read(text, text.size() + 1);
  const Collected parts = read(text, chunk);
  FUZZ_CHECK(whole.rows == parts.rows, "the chunking changed the fields read");
  FUZZ_CHECK(whole.bad_lines == parts.bad_lines, "the chunking changed the bad rows");
  for (const auto& row : whole.rows) {
    for (const std::string& field : row) {
      FUZZ_CHECK(field.size() <= text.size(), "a field longer than the input");
    }
  }
  return 0;
}
