// The core's CSV reader: RFC 4180 quoting, CRM exports' quirks (a BOM, ';', CRLF, blank lines),
// bad records reported by line while the rest go on, and the same records whatever the chunks.
#include "core/compiler/csv.hpp"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace leadqual {
namespace {

struct Collected : CsvSink {
  std::vector<std::string> header_fields;
  std::vector<std::vector<std::string>> records;
  std::vector<std::size_t> lines;
  std::vector<std::string> bad_messages;
  std::vector<std::size_t> bad_lines;

  void header(const CsvRecord& record) override {
    for (std::size_t i = 0; i < record.size(); ++i) header_fields.emplace_back(record[i]);
  }
  void record(const CsvRecord& record) override {
    std::vector<std::string> fields;
    for (std::size_t i = 0; i < record.size(); ++i) fields.emplace_back(record[i]);
    records.push_back(fields);
    lines.push_back(record.line());
  }
  void bad(std::size_t line, const std::string& message) override {
    bad_lines.push_back(line);
    bad_messages.push_back(message);
  }
};

// Reads `text` in chunks of `chunk` bytes (0: all at once).
Collected read(const std::string& text, std::size_t chunk = 0, CsvOptions options = {}) {
  Collected out;
  CsvReader reader(options);
  if (chunk == 0) {
    reader.feed(text, out);
  } else {
    for (std::size_t at = 0; at < text.size(); at += chunk) {
      reader.feed(std::string_view(text).substr(at, chunk), out);
    }
  }
  reader.finish(out);
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, QuotedFieldsHoldDelimitersQuotesAndLineBreaks) {
  const Collected c = read(
      "name,note\n"
      "\"Acme, Inc.\",\"said \"\"hi\"\"\"\n"
      "Initech,\"two\nlines\"\n"
      "Umbrella,plain\n");
  EXPECT_EQ(c.header_fields, (std::vector<std::string>{"name", "note"}));
  EXPECT_EQ(
      c.records,
      (Rows{{"Acme, Inc.", "said \"hi\""}, {"Initech", "two\nlines"}, {"Umbrella", "plain"}}));
  // A record's line is the line it starts on; the quoted line break counts.
  EXPECT_EQ(c.lines, (std::vector<std::size_t>{2, 3, 5}));
  EXPECT_TRUE(c.bad_messages.empty());
}

TEST(CsvReader, SemicolonsAreDetectedFromTheHeader) {
  const Collected c =
      read("\"age\";\"job\";\"y\"\r\n56;\"housemaid\";\"no\"\r\n57;\"a;b\";\"yes\"\r\n");
  EXPECT_EQ(c.header_fields, (std::vector<std::string>{"age", "job", "y"}));
  EXPECT_EQ(c.records, (Rows{{"56", "housemaid", "no"}, {"57", "a;b", "yes"}}));
}

TEST(CsvReader, CommasWinOverSemicolonsInsideQuotes) {
  const Collected c = read("\"a;b\",c\n1,2\n");
  EXPECT_EQ(c.header_fields, (std::vector<std::string>{"a;b", "c"}));
  EXPECT_EQ(c.records, (Rows{{"1", "2"}}));
}

TEST(CsvReader, ByteOrderMarkIsSkippedEvenWhenSplit) {
  const std::string text = "\xEF\xBB\xBFid,score\n1,2\n";
  for (std::size_t chunk : {0, 1, 2}) {
    const Collected c = read(text, chunk);
    EXPECT_EQ(c.header_fields, (std::vector<std::string>{"id", "score"})) << chunk;
    EXPECT_EQ(c.records, (Rows{{"1", "2"}})) << chunk;
  }
  // A text that only starts like a byte order mark keeps its bytes.
  const Collected c = read("\xEF\xBBx,y\n1,2\n", 1);
  EXPECT_EQ(c.header_fields[0], "\xEF\xBBx");
}

TEST(CsvReader, CrLfAndAMissingFinalLineBreak) {
  const Collected c = read("a,b\r\n1,\r\n\"2\",3");
  EXPECT_EQ(c.records, (Rows{{"1", ""}, {"2", "3"}}));
}

TEST(CsvReader, BlankLinesAreSkippedButEmptyQuotedFieldsAreNot) {
  const Collected c = read("a\n\n1\r\n\r\n\"\"\n2\n\n");
  EXPECT_EQ(c.records, (Rows{{"1"}, {""}, {"2"}}));
  EXPECT_EQ(c.lines, (std::vector<std::size_t>{3, 5, 6}));
}

TEST(CsvReader, BadRecordsAreReportedByLineAndTheRestGoOn) {
  const Collected c = read(
      "budget,employees\n"
      "approved,100\n"
      "approved\n"
      "none,1,2\n"
      "appr\"oved,5\n"
      "none,\"5\"x\n"
      "approved,\"100\"\n"
      "none,\"never closed\n"
      "more,text\n");
  EXPECT_EQ(c.records, (Rows{{"approved", "100"}, {"approved", "100"}}));
  EXPECT_EQ(c.bad_lines, (std::vector<std::size_t>{3, 4, 5, 6, 8}));
  ASSERT_EQ(c.bad_messages.size(), 5u);
  EXPECT_EQ(c.bad_messages[0], "line 3: 1 field, but the header has 2");
  EXPECT_EQ(c.bad_messages[1], "line 4: 3 fields, but the header has 2");
  EXPECT_EQ(c.bad_messages[2],
            "line 5: field 1: a quote inside an unquoted field (quote the whole field and "
            "double the quote)");
  EXPECT_EQ(c.bad_messages[3], "line 6: field 2: text after the closing quote");
  // The unclosed quote swallows the rest of the file: one bad record, where it began.
  EXPECT_EQ(c.bad_messages[4], "line 8: a quoted field is not closed");
}

TEST(CsvReader, ATooLongRecordIsBadAndNotKept) {
  std::string text = "a,b\n1,2\n";
  text += "x," + std::string(5000, 'y') + "\n";
  text += "\"" + std::string(5000, 'z') + "\",2\n";
  text += "3,4\n";
  const Collected c = read(text, 100, CsvOptions{0, 1000});
  EXPECT_EQ(c.records, (Rows{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(c.bad_lines, (std::vector<std::size_t>{3, 4}));
  EXPECT_EQ(c.bad_messages[0], "line 3: a record longer than 1000 bytes");
}

TEST(CsvReader, TheHeaderCanBeBad) {
  const Collected c = read("a,\"b\nc\n");
  EXPECT_TRUE(c.header_fields.empty());
  EXPECT_EQ(c.bad_lines, (std::vector<std::size_t>{1}));
}

TEST(CsvReader, AHeaderWithoutLineBreakIsAHeader) {
  const Collected c = read("a;b;c");
  EXPECT_EQ(c.header_fields, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(c.records.empty());
}

TEST(CsvReader, EveryChunkingGivesTheSameRecords) {
  const std::string text =
      "\xEF\xBB\xBF\"id\";\"note\";\"n\"\r\n"
      "1;\"a \"\"quoted\"\" word;\r\nand a line\";3\r\n"
      "2;plain;\r\n"
      "\r\n"
      "3;\"x\"y;1\r\n"
      "4;last;9";
  const Collected whole = read(text);
  ASSERT_EQ(whole.records.size(), 3u);
  EXPECT_EQ(whole.records[0][1], "a \"quoted\" word;\r\nand a line");
  EXPECT_EQ(whole.bad_lines, (std::vector<std::size_t>{6}));
  for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
    const Collected parts = read(text, chunk);
    EXPECT_EQ(parts.header_fields, whole.header_fields) << chunk;
    EXPECT_EQ(parts.records, whole.records) << chunk;
    EXPECT_EQ(parts.lines, whole.lines) << chunk;
    EXPECT_EQ(parts.bad_lines, whole.bad_lines) << chunk;
  }
}

TEST(CsvReader, NothingCrashesOnArbitraryBytes) {
  // Every prefix of a nasty input, and some binary noise.
  using namespace std::string_literals;
  const std::string nasty = "\"a\"\"\n;,\r\"\",\n\"\"\"\x00\xff,\n\n\""s;
  for (std::size_t n = 0; n <= nasty.size(); ++n) read(nasty.substr(0, n), 3);
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise.push_back(static_cast<char>((i * 7919) % 256));
  const Collected c = read(noise, 17);
  // Every line after the header ends up either a record or a bad record (or blank).
  EXPECT_FALSE(c.header_fields.empty() && c.bad_lines.empty());
  EXPECT_GT(c.records.size() + c.bad_lines.size(), 0u);
}

TEST(CsvReader, ACarriageReturnEndingAnEarlierFieldIsNotTakenForCrLf) {
  // `x\r,\n`: the CR belongs to the first field; stripping it at the line break used to cut the
  // record's text under the first field's end and crash every reader of the record.
  const Collected c = read("a,b\nx\r,\n");
  ASSERT_EQ(c.records.size(), 1u);
  EXPECT_EQ(c.records[0], (std::vector<std::string>{"x\r", ""}));
  const Collected header = read("x\r,\n");
  EXPECT_EQ(header.header_fields, (std::vector<std::string>{"x\r", ""}));
}

TEST(CsvReader, EveryShortInputOfTheTrickyBytesReadsSanely) {
  // Every string of up to six of the bytes CSV treats specially, read whole and byte by byte:
  // nothing throws, each field lies within its record, and the chunking changes nothing.
  const std::string alphabet = "\",;\r\nx";
  std::vector<std::string> inputs{""};
  for (std::size_t length = 1, from = 0; length <= 6; ++length) {
    const std::size_t to = inputs.size();
    for (std::size_t i = from; i < to; ++i) {
      for (char c : alphabet) inputs.push_back(inputs[i] + c);
    }
    from = to;
  }
  for (const std::string& input : inputs) {
    Collected whole;
    ASSERT_NO_THROW(whole = read(input)) << testing::PrintToString(input);
    Collected bytes;
    ASSERT_NO_THROW(bytes = read(input, 1)) << testing::PrintToString(input);
    EXPECT_EQ(whole.header_fields, bytes.header_fields) << testing::PrintToString(input);
    EXPECT_EQ(whole.records, bytes.records) << testing::PrintToString(input);
    EXPECT_EQ(whole.bad_lines, bytes.bad_lines) << testing::PrintToString(input);
    for (const auto& record : whole.records) {
      for (const std::string& field : record) EXPECT_LE(field.size(), input.size());
    }
  }
}

TEST(CsvReader, AHeaderLongerThanARecordIsJudgedAlikeInEveryChunking) {
  // Found by fuzz_csv: the delimiter of a too-long header was guessed from the whole line when it
  // came at once but from its first chunks otherwise, so the rows after it split differently.
  const std::string text = "a;b;c;d,e,f,g,h\n1;2\n3;4\n";
  const CsvOptions options{0, 8};
  const Collected whole = read(text, 0, options);
  EXPECT_EQ(whole.bad_lines, (std::vector<std::size_t>{1}));
  for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
    const Collected parts = read(text, chunk, options);
    EXPECT_EQ(parts.header_fields, whole.header_fields) << chunk;
    EXPECT_EQ(parts.records, whole.records) << chunk;
    EXPECT_EQ(parts.bad_lines, whole.bad_lines) << chunk;
  }
}

TEST(CsvReader, ACopiedRecordOwnsItsFieldsOnceTheChunkIsGone) {
  // Records without quotes are read in place, as views into the chunk; a copy (calibrate keeps
  // every row) must still hold its own bytes after the chunk is overwritten.
  struct Keeping : CsvSink {
    std::vector<CsvRecord> kept;
    void header(const CsvRecord&) override {}
    void record(const CsvRecord& record) override { kept.push_back(record); }
    void bad(std::size_t, const std::string&) override {}
  } sink;
  CsvReader reader;
  {
    std::string chunk = "a,b\n1,22\r\n\"q,\",x\n,\n";
    reader.feed(chunk, sink);
    std::fill(chunk.begin(), chunk.end(), '#');
  }
  reader.finish(sink);
  ASSERT_EQ(sink.kept.size(), 3u);
  CsvRecord assigned;
  assigned = sink.kept[0];
  const CsvRecord copied(sink.kept[1]);
  sink.kept.resize(1000);  // moves and copies the three around
  for (const CsvRecord* record : {&sink.kept[0], &assigned}) {
    ASSERT_EQ(record->size(), 2u);
    EXPECT_EQ((*record)[0], "1");
    EXPECT_EQ((*record)[1], "22");
    EXPECT_EQ(record->line(), 2u);
  }
  EXPECT_EQ(copied[0], "q,");
  EXPECT_EQ(copied[1], "x");
  EXPECT_EQ(sink.kept[2][0], "");
  EXPECT_EQ(sink.kept[2][1], "");
  EXPECT_EQ(sink.kept[2].line(), 4u);
}

TEST(CsvReader, LinesReadInPlaceGiveWhatTheByteByByteReadingGives) {
  // Whole inputs read lines without quotes in place; fed a byte at a time every line goes
  // through the quoting states. Random longer inputs of the bytes that matter, with a record
  // limit near their lines' lengths, must read the same both ways.
  const std::string alphabet = "\",;\r\n\nxy  ";
  std::mt19937 random(20261203);
  for (int round = 0; round < 3000; ++round) {
    std::string input;
    const std::size_t length = random() % 60;
    for (std::size_t i = 0; i < length; ++i) {
      // Quotes rarely, so that most lines are plain.
      char c = alphabet[random() % alphabet.size()];
      if (c == '"' && random() % 4 != 0) c = 'z';
      input.push_back(c);
    }
    const CsvOptions options{0, 4 + random() % 12};
    const Collected whole = read(input, 0, options);
    const Collected bytes = read(input, 1, options);
    const Collected sevens = read(input, 7, options);
    const auto label = testing::PrintToString(input);
    for (const Collected* other : {&bytes, &sevens}) {
      EXPECT_EQ(whole.header_fields, other->header_fields) << label;
      EXPECT_EQ(whole.records, other->records) << label;
      EXPECT_EQ(whole.lines, other->lines) << label;
      EXPECT_EQ(whole.bad_lines, other->bad_lines) << label;
      EXPECT_EQ(whole.bad_messages, other->bad_messages) << label;
    }
  }
}

}  // namespace
}  // namespace leadqual
