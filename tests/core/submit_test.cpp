// The model's submit section: what the result shares (submit.result), the consent link and
// communications, the CRM mappings, and how the result check treats a policy-shaped result.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/compiler/verify.hpp"
#include "helpers.hpp"

namespace leadqual::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Two questions (one shared), a computed value and two stages to map.
const char* kBase = R"({
  "questions": [{"id": "email", "type": "email", "share": true},
                {"id": "role", "type": "choice", "options": ["ops", "student"]},
                {"id": "fleet", "type": "number"}],
  "computed": [{"id": "cost", "expr": "fleet * 913"}, {"id": "half", "expr": "cost / 2"}],
  "stages": [{"id": "sql", "if": "score >= 5"}, {"id": "nurture"}]
})";

std::string with(const std::string& patch) {
  nlohmann::json doc = json_of(patched(kBase));
  doc.merge_patch(json_of(patch));
  return doc.dump();
}

TEST(Submit, TheDefaultPolicySharesOnlyTheVerdict) {
  auto model = load_ok(with("{}"));
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->normalized()["submit"]["result"],
            json_of(R"({"reasons": "none", "computed": [], "dimensions": false})"));
}

TEST(Submit, APolicyIsNormalised) {
  auto all = load_ok(with(R"({"submit": {"result": {"reasons": "ids", "computed": true,
                                                     "dimensions": true}}})"));
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(all->normalized()["submit"]["result"],
            json_of(R"({"reasons": "ids", "computed": ["cost", "half"], "dimensions": true})"));
  auto listed = load_ok(with(R"({"submit": {"result": {"computed": ["half"]}}})"));
  ASSERT_NE(listed, nullptr);
  EXPECT_EQ(listed->normalized()["submit"]["result"],
            json_of(R"({"reasons": "none", "computed": ["half"], "dimensions": false})"));
}

TEST(Submit, PolicyMistakesAreLocated) {
  EXPECT_THAT(load_errors(with(R"({"submit": {"result": {"reasons": "text", "computed": ["cots"],
                                                         "dimensions": "yes", "extra": 1}}})")),
              ElementsAre("/submit/result/extra: unknown key 'extra'",
                          "/submit/result/reasons: unknown value 'text' \u2014 did you mean "
                          "'texts'? (one of: none, ids, texts)",
                          "/submit/result/dimensions: expected true or false, got a string",
                          "/submit/result/computed/0: unknown computed value 'cots' \u2014 did you "
                          "mean 'cost'?"));
  EXPECT_THAT(load_errors(with(R"({"submit": {"result": {"computed": "all"}}})")),
              ElementsAre("/submit/result/computed: expected true, false or an array of computed "
                          "ids, got a string"));
}

TEST(Submit, TheConsentLabelMayCarryALinkAndCommunications) {
  auto model = load_ok(with(R"({"submit": {"consent": {"required": true,
      "label": "I agree to the privacy policy.",
      "link": {"label": "privacy policy", "href": "/privacy"},
      "communications": [{"id": "newsletter", "label": "Send me the newsletter"}]}}})"));
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->normalized()["submit"]["consent"]["link"]["href"], "/privacy");
  EXPECT_THAT(
      load_errors(with(R"j({"submit": {"consent": {
        "link": {"label": "policy", "href": "javascript:alert(1)"},
        "communications": [{"id": "a b", "label": "x"}, {"id": "n"}, {"id": "n", "label": "y"}]}}})j")),
      ElementsAre("/submit/consent/link/href: 'javascript:alert(1)' is not a web address (use an "
                  "https:// or http:// URL, or a path on this site)",
                  "/submit/consent/communications/0/id: 'a b' is not a valid communication id: "
                  "use letters, digits, '_', '-' and '.'",
                  "/submit/consent/communications/1: missing required key 'label'",
                  "/submit/consent/communications/2/id: duplicate id 'n' (first at "
                  "/submit/consent/communications/1/id)"));
}

TEST(Submit, HubSpotIdsAndMappingAreChecked) {
  auto model = load_ok(with(R"({"submit": {"format": "hubspot",
      "consent": {"communications": [{"id": "news", "label": "News"}]},
      "hubspot": {"portalId": "1234567", "formGuid": "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                  "fields": {"stage": "lifecyclestage", "email": "email", "consent.news": "news_ok"},
                  "values": {"stage": {"sql": "salesqualifiedlead", "disqualified": "other"}},
                  "subscriptionTypes": {"news": 9876543}}}})"));
  ASSERT_NE(model, nullptr);
  EXPECT_THAT(
      load_errors(with(R"({"submit": {"hubspot": {"portalId": "12a", "formGuid": "nope",
          "fields": {"stag": "lifecyclestage", "score": ""},
          "values": {"stage": {"sqll": "x", "sql": true}},
          "subscriptionTypes": {"news": "9"}}}})")),
      ElementsAre("/submit/hubspot/portalId: '12a' is not a HubSpot portal id (digits, e.g. "
                  "\"1234567\")",
                  "/submit/hubspot/formGuid: 'nope' is not a form GUID (8-4-4-4-12 hex digits, "
                  "from the form's URL in HubSpot)",
                  "/submit/hubspot/fields/score: expected a field name (or null: not sent), got "
                  "a string",
                  "/submit/hubspot/fields/stag: unknown source 'stag' \u2014 did you mean "
                  "'stage'? (a shared question id, score, percent, grade, stage, reasons, model, "
                  "submission_id, submitted_at, consent, consent.<id>, dimensions.<id> or "
                  "computed.<id>)",
                  "/submit/hubspot/values/stage/sql: expected a string or number, got a boolean",
                  "/submit/hubspot/values/stage/sqll: unknown stage 'sqll' \u2014 did you mean "
                  "'sql'?",
                  "/submit/hubspot/subscriptionTypes/news: unknown communication 'news' (see "
                  "submit.consent.communications)",
                  "/submit/hubspot/subscriptionTypes/news: expected a subscription type id (an "
                  "integer), got a string"));
}

TEST(Submit, AMappingCannotSendWhatThePageKeeps) {
  EXPECT_THAT(
      load_errors(with(R"({"submit": {"salesforce": {"oid": "00D5e000000AbCd",
          "fields": {"role": "title", "reasons": "00N5e00000AbCdE",
                     "dimensions.fit": "00N5e00000AbCdF", "computed.cost": "00N5e00000AbCdG"}}}})")),
      ElementsAre("/submit/salesforce/fields/computed.cost: computed value 'cost' does not leave "
                  "the page: list it in submit.result.computed",
                  "/submit/salesforce/fields/dimensions.fit: dimensions do not leave the page: "
                  "set submit.result.dimensions to true",
                  "/submit/salesforce/fields/reasons: 'reasons' do not leave the page: set "
                  "submit.result.reasons to 'ids' or 'texts'",
                  "/submit/salesforce/fields/role: question 'role' is not shared: mark it "
                  "\"share\": true (or list it in submit.include) before a destination may "
                  "receive its answer"));
  auto shared = load_ok(with(R"({"submit": {"include": ["role"],
      "result": {"reasons": "ids", "dimensions": true, "computed": ["cost"]},
      "salesforce": {"oid": "00D5e000000AbCd", "retURL": "https://x.example/thanks",
          "fields": {"role": "title", "reasons": "00N5e00000AbCdE",
                     "dimensions.fit": "00N5e00000AbCdF", "computed.cost": "00N5e00000AbCdG"}}}})"));
  EXPECT_NE(shared, nullptr);
}

TEST(Submit, SalesforceNeedsAnOrganizationId) {
  EXPECT_THAT(load_errors(with(R"({"submit": {"format": "salesforce", "salesforce": {
                                     "leadSource": "Web", "retURL": "//evil.example"}}})")),
              ElementsAre("/submit/salesforce: missing required key 'oid'",
                          "/submit/salesforce/retURL: '//evil.example' is not a web address (use "
                          "an https:// or http:// URL, or a path on this site)"));
  EXPECT_THAT(load_errors(with(R"({"submit": {"salesforce": {"oid": "12345"}}})")),
              ElementsAre("/submit/salesforce/oid: '12345' is not a Salesforce organization id "
                          "(15 or 18 characters starting with 00D, from Setup \u2192 Company "
                          "Information)"));
}

// ---- the result check and the policy ----------------------------------------------------------

nlohmann::json verdict(const Model& model, const std::string& stage, double score) {
  return {{"model", {{"id", model.id()}, {"version", model.version()}, {"hash", model.hash()}}},
          {"score", score},
          {"percent", score * 10},
          {"grade", nullptr},
          {"stage", stage},
          {"complete", true}};
}

TEST(Submit, ResultCheckAcceptsAResultWithoutWhatThePolicyKeeps) {
  auto model = load_ok(with("{}"));
  ASSERT_NE(model, nullptr);
  ResultCheck check(model);
  EXPECT_THAT(error_lines(check.check(verdict(*model, "sql", 7))), IsEmpty());
  // Without dimensions, a stage whose condition reads only the score is still checked.
  EXPECT_THAT(error_lines(check.check(verdict(*model, "nurture", 7))),
              ElementsAre("/stage: is 'nurture' but the earlier stage 'sql' holds for this "
                          "result"));
}

TEST(Submit, ResultCheckWantsTheDimensionsAModelShares) {
  auto model = load_ok(with(R"({"submit": {"result": {"dimensions": true}}})"));
  ASSERT_NE(model, nullptr);
  ResultCheck check(model);
  EXPECT_THAT(
      error_lines(check.check(verdict(*model, "sql", 7))),
      ElementsAre("/dimensions: missing: the model shares them (submit.result.dimensions)"));
  nlohmann::json full = verdict(*model, "sql", 7);
  full["dimensions"] = {{"fit", 7}};
  EXPECT_THAT(error_lines(check.check(full)), IsEmpty());
  // A post of flat fields never had dimensions.
  EXPECT_THAT(error_lines(check.check(verdict(*model, "sql", 7), true)), IsEmpty());
}

}  // namespace
}  // namespace leadqual::testing
