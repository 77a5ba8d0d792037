// Results of one model written one after another, as write_result (score.hpp) writes each: the
// same bytes, for a caller that prints many (`leadqual score`). Each reason's text is kept with
// the points it was written for and copied whole when a later result gives that contribution
// the same points (a rule's or an option's points rarely change from lead to lead), instead of
// being put together from its head, its points and its tail again.
#pragma once

#include <string>
#include <vector>

#include "core/runtime/json_writer.hpp"
#include "core/runtime/score.hpp"

namespace leadqual {

class ResultText {
 public:
  explicit ResultText(const CompiledModel& model);

  // Appends write_result(model, result)'s bytes to `out`.
  void write(const Result& result, std::string& out);
  void write(const Result& result, TextSink& out);

  struct Reason {
    double points = 0;  // what `text` was written for (compared bit for bit)
    bool written = false;
    std::string text;  // head, points, tail
  };

 private:
  const CompiledModel& model_;
  std::vector<Reason> reasons_;  // by contribution
};

}  // namespace leadqual
