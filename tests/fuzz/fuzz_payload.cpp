// The collector's payload checks: any body, posted as JSON or as a form, is read into a
// submission or refused with a problem that says what (a code and a message), never a crash.
// A submission that is read is then checked against the project's models as the collector does.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "server/models.hpp"
#include "server/payload.hpp"

namespace {

// The project's models, loaded before the first input (LLVMFuzzerInitialize): loading all of them
// under the sanitizers takes seconds, which must not count against one input's -timeout.
leadqual::server::ModelRegistry& registry() {
  static leadqual::server::ModelRegistry loaded;
  static const bool ready = [] {
    std::string error;
    FUZZ_CHECK(loaded.load_folder(LEADQUAL_FUZZ_MODELS_DIR, error), "the project models load");
    return true;
  }();
  (void)ready;
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)registry();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leadqual::server;
  if (size == 0) return 0;
  static const char* const kTypes[] = {"application/json", "application/x-www-form-urlencoded",
                                       "text/plain;charset=UTF-8",
                                       "application/json; charset=utf-8"};
  PostedRequest request;
  request.content_type = kTypes[data[0] % 4];
  request.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  request.client = "192.0.2.1";
  Submission submission;
  bool dimensions_known = true;
  Problem problem;
  if (!read_submission(request, submission, dimensions_known, problem)) {
    FUZZ_CHECK(!problem.code.empty() && !problem.message.empty(),
               "a refused post must say what is wrong");
    FUZZ_CHECK(problem.status >= 400 && problem.status < 500, "a refused post is a client error");
    return 0;
  }
  const Verdict verdict = registry().check(submission.payload["result"], !dimensions_known, false);
  if (verdict.kind == Verdict::Refused) {
    FUZZ_CHECK(!verdict.problem.code.empty() && !verdict.problem.message.empty(),
               "an inconsistent result must say what is wrong");
  } else if (verdict.kind == Verdict::Unverified) {
    FUZZ_CHECK(!verdict.why.empty(), "an unverified result must say why");
  }
  return 0;
}
