// The one CSV writer (core/runtime/csv_writer.hpp) of `leadqual score --output csv` and the
// collector's export: RFC 4180 quoting and the formula guard.
#include <gtest/gtest.h>

#include "core/runtime/csv_writer.hpp"

namespace leadqual {
namespace {

TEST(CsvWriter, QuotesWhatWouldSplitTheCell) {
  EXPECT_EQ(csv_cell("plain"), "plain");
  EXPECT_EQ(csv_cell(""), "");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_cell("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csv_cell(" padded "), "\" padded \"");  // some readers trim
  EXPECT_EQ(csv_cell("日本語"), "日本語");
}

TEST(CsvWriter, TextThatWouldRunAsAFormulaGetsAnApostrophe) {
  EXPECT_EQ(csv_cell("=1+1"), "'=1+1");
  EXPECT_EQ(csv_cell("+1 555 0100"), "'+1 555 0100");
  EXPECT_EQ(csv_cell("-lead"), "'-lead");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("\tx"), "'\tx");
  EXPECT_EQ(csv_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  // Spreadsheets also start a formula after leading blanks or a line break, and from the
  // full-width signs an input method types (the export findings of the hostile-client review).
  EXPECT_EQ(csv_cell(" =1+1"), "' =1+1");
  EXPECT_EQ(csv_cell("\n=1+1"), "\"'\n=1+1\"");
  EXPECT_EQ(csv_cell("\xef\xbc\x9d"
                     "1+1"),
            "'\xef\xbc\x9d"
            "1+1");                                                    // ＝1+1
  EXPECT_EQ(csv_cell("\xef\xbc\x8bSUM(A1)"), "'\xef\xbc\x8bSUM(A1)");  // ＋
  EXPECT_EQ(csv_cell("\xef\xbc\x8d"
                     "1"),
            "'\xef\xbc\x8d"
            "1");                                          // －
  EXPECT_EQ(csv_cell("\xef\xbc\xa0x"), "'\xef\xbc\xa0x");  // ＠
  EXPECT_EQ(csv_cell("a =1"), "a =1");
  EXPECT_EQ(csv_cell("1-2"), "1-2");
}

TEST(CsvWriter, NumbersStayNumbers) {
  EXPECT_EQ(csv_cell("-5", CsvCell::Number), "-5");
  EXPECT_EQ(csv_cell("+5", CsvCell::Number), "+5");
  EXPECT_EQ(csv_cell("2.5", CsvCell::Number), "2.5");
}

}  // namespace
}  // namespace leadqual
