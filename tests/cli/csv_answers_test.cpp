// `leadqual score` reads CSV cells straight into the runtime's Input (CsvAnswers::read(record,
// Input&)). It must fill the Input exactly as read_answers fills it from the JSON values the
// backtest and the browser read (CsvAnswers::read(record)), cell for cell, so that the scores
// are the same bytes whichever way a file is read.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/compiler/answers.hpp"
#include "core/compiler/csv.hpp"
#include "core/compiler/csv_answers.hpp"
#include "core/leadqual.hpp"
#include "core/runtime/score.hpp"
#include "same_input.hpp"

namespace {

using nlohmann::json;

const leadqual::Model& test_model() {
  return leadqual::test::every_type_model();
}

// Compares the two readings of every record of `csv`.
class Compare final : public leadqual::CsvSink {
 public:
  void header(const leadqual::CsvRecord& record) override {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < record.size(); ++i) names.emplace_back(record[i]);
    answers_ =
        std::make_unique<leadqual::CsvAnswers>(test_model(), names, leadqual::ColumnMapping{});
  }
  void record(const leadqual::CsvRecord& record) override {
    const leadqual::CompiledModel& model = test_model().compiled();
    leadqual::Input& direct = direct_;  // one Input for every record, as `leadqual score` reuses
    answers_->read(record, direct);
    leadqual::Input general;
    leadqual::read_answers(model, answers_->read(record), json::object(), general);
    leadqual::test::expect_same_input(model, direct, general,
                                      "line " + std::to_string(record.line()));
    ++records;
  }
  void bad(std::size_t line, const std::string& message) override {
    ADD_FAILURE() << "line " << line << ": " << message;
  }
  int records = 0;

 private:
  std::unique_ptr<leadqual::CsvAnswers> answers_;
  leadqual::Input direct_;
};

int compare(const std::string& csv) {
  leadqual::CsvReader reader;
  Compare sink;
  reader.feed(csv, sink);
  reader.finish(sink);
  return sink.records;
}

TEST(CsvAnswersInput, EveryCellReadsAsItsJsonValueWould) {
  const std::string csv =
      "budget,employees,big,pricing,channels,note,x,a,ignored\n"
      "approved,250,12,true,email;ads,hello,a@b.c,web,x\n"
      " none ,\" 1e3 \",+2.5,YES,\" email | ads \",\" spaced \",,,\n"
      "nope,abc,-0,no,;,,,,\n"
      "\" \",-0.0,1e400,1,email;;ads|,\"a,b\",x,\"\",\n"
      ",007,7.,0,|,\"=1+1\",,\t,\n"
      "approved,-.5,Infinity,maybe,x,\"line\nbreak\",,,\n"
      "approved,0x10,1e-400,False,\" \",\"caf\xC3\xA9\",,,\n"
      "\t,\t5\t,\" 9 \",\tno\t,ads,\t,,,\n";
  EXPECT_EQ(compare(csv), 8);
}

TEST(CsvAnswersInput, ARepeatedReadStartsFromNothing) {
  // Answers of one row never leak into the next (the Input is reset for each).
  EXPECT_EQ(compare("budget,channels,employees\napproved,email;ads,5\n,,\nnone,ads,\n"), 3);
}

}  // namespace
