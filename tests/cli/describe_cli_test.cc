// `describe`, `task` and what `show` says a case waits for, through the real binary:
// what a person needs to know before acting, without reading the process file.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

class CliDescribe : public CliTest {
 protected:
  // The entry of a JSON array whose `key` is `value`; throws when there is none.
  static json Find(const json& arr, const std::string& key, const std::string& value) {
    for (const json& x : arr) {
      if (x.at(key) == value) return x;
    }
    throw std::runtime_error("no entry with " + key + "=" + value + " in " + arr.dump(2));
  }
};

TEST_F(CliDescribe, ProcessListsItsInputsStartersAndStepsWithActorsAndTiming) {
  json d = Must(As("p33", {"describe", "budget-request", "--json"})).Json();
  EXPECT_EQ(d.at("process"), "budget-request");
  json fy = Find(d.at("inputs"), "name", "fiscal_year");
  EXPECT_EQ(fy.at("type"), "fiscal-year");
  EXPECT_EQ(fy.at("required"), true);
  EXPECT_EQ(fy.at("label"), "ปีงบประมาณ");
  json urgent = Find(d.at("inputs"), "name", "urgent");
  EXPECT_EQ(urgent.at("required"), false);
  EXPECT_EQ(urgent.at("default"), "false");
  Find(d.at("start_roles"), "role", "group-director");
  json category = Find(d.at("inputs"), "name", "budget_category");
  EXPECT_EQ(Find(category.at("options"), "value", "investment").at("label"), "งบลงทุน ค่าครุภัณฑ์ที่ดินและสิ่งก่อสร้าง")
      << category.dump(2);

  json schools = Find(d.at("steps"), "id", "school-request");
  EXPECT_EQ(schools.at("role"), "school");
  EXPECT_EQ(schools.at("for_each"), "org:schools");
  EXPECT_NE(schools.at("timing").get<std::string>().find("ตัดรอบ 30 วัน ภายในเดือนกันยายน"), std::string::npos)
      << schools.dump(2);
  Find(schools.at("fields"), "name", "requested_amount");
  json approval = Find(d.at("steps"), "id", "committee-approval");
  EXPECT_EQ(approval.at("role_name"), "คณะกรรมการเขตพื้นที่การศึกษา (กพท.)");
  EXPECT_EQ(approval.at("recorded_by"), json({"group-director", "budget-analyst", "policy-planner", "me-analyst"}));
  EXPECT_EQ(approval.at("timing"), "ตลอดปีงบประมาณ");
  EXPECT_EQ(approval.at("outcomes").size(), 2u);
  // Only people's work and waits are steps: no start, choice, parallel, join or end.
  for (const json& s : d.at("steps")) EXPECT_TRUE(s.at("kind") == "task" || s.at("kind") == "wait") << s.dump();

  CliResult text = Must(As("p33", {"describe", "budget-request"}));
  EXPECT_NE(text.out.find("การจัดตั้งและเสนอของบประมาณประจำปี"), std::string::npos) << text;
  EXPECT_NE(text.out.find("Who may start: "), std::string::npos) << text;
  EXPECT_NE(text.out.find("requested_amount*"), std::string::npos) << text;
  EXPECT_NE(text.out.find("บันทึกแทนโดย group-director, budget-analyst"), std::string::npos) << text;
}

TEST_F(CliDescribe, UnknownProcessIsRefusedWithItsName) {
  CliResult r = As("p33", {"describe", "budget-requets"});
  EXPECT_EQ(r.exit_code, 1) << r;
  ASSERT_EQ(r.ErrLines().size(), 1u) << r;
  EXPECT_NE(r.err.find("budget-requets"), std::string::npos) << r;
}

TEST_F(CliDescribe, TaskShowsFieldsOutcomesCutOffAndWhoRecordsForABody) {
  std::int64_t id = StartBudget("p33", "operating");
  Complete("p33", id, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
  std::int64_t school_task = TaskId("school-01", id, "school-request");
  json t = Must(As("p38", {"task", std::to_string(school_task), "--json"})).Json();
  EXPECT_EQ(t.at("id"), school_task);
  EXPECT_EQ(t.at("instance"), id);
  EXPECT_EQ(t.at("item"), "school-01");
  EXPECT_EQ(t.at("state"), "open");
  json amount = Find(t.at("fields"), "name", "requested_amount");
  EXPECT_EQ(amount.at("type"), "money");
  EXPECT_EQ(amount.at("required"), true);
  EXPECT_EQ(amount.at("min"), "0.00") << "money is not negative unless the field says so";
  // "30 วัน ภายในเดือนกันยายน" from 1 Aug 2025: the cut-off is set.
  ASSERT_TRUE(t.at("cutoff").is_string()) << t.dump(2);
  EXPECT_EQ(t.at("role"), "school");
  EXPECT_EQ(t.at("recorded_by"), json({"pp-officer", "admin-clerk"}));
}

TEST_F(CliDescribe, TaskOfABodyNamesItsRecordersAndTheCommandThatCompletesIt) {
  std::int64_t id = StartBudget("p33", "operating");
  AdvanceToPrepare(id);
  Complete("p33", id, "prepare-operating", {"--set", "request_amount=250000"});
  std::int64_t approval = TaskId("p32", id, "committee-approval");
  json t = Must(As("p33", {"task", std::to_string(approval), "--json"})).Json();
  EXPECT_EQ(t.at("role"), "area-committee");
  EXPECT_EQ(t.at("recorded_by"), json({"group-director", "budget-analyst", "policy-planner", "me-analyst"}));
  EXPECT_EQ(t.at("outcomes")[0].at("label"), "เห็นชอบ");
  EXPECT_TRUE(t.at("cutoff").is_null());
  CliResult text = Must(As("p33", {"task", std::to_string(approval)}));
  EXPECT_NE(text.out.find("Recorded on the body's behalf by holders of: group-director, budget-analyst"),
            std::string::npos)
      << text;
  EXPECT_NE(text.out.find("krabuan complete " + std::to_string(approval) + " --outcome approve"), std::string::npos)
      << text;

  // Once done, the task still reads, with who completed it and how.
  Must(As("p32", {"complete", std::to_string(approval), "--outcome", "approve"}));
  json done = Must(As("p33", {"task", std::to_string(approval), "--json"})).Json();
  EXPECT_EQ(done.at("state"), "completed");
  EXPECT_EQ(done.at("outcome"), "approve");
  EXPECT_EQ(done.at("completed_by"), "p32");
}

TEST_F(CliDescribe, TaskRefusesABadOrUnknownId) {
  CliResult bad = As("p33", {"task", "abc"});
  EXPECT_EQ(bad.exit_code, 1) << bad;
  EXPECT_NE(bad.err.find("'abc' is not a task id"), std::string::npos) << bad;
  CliResult unknown = As("p33", {"task", "999"});
  EXPECT_EQ(unknown.exit_code, 1) << unknown;
  EXPECT_NE(unknown.err.find("no task 999"), std::string::npos) << unknown;
  CliResult outsider = As("nobody", {"task", "1"});
  EXPECT_EQ(outsider.exit_code, 1) << outsider;
}

TEST_F(CliDescribe, ShowSaysWhatARunningCaseWaitsForAndUntilWhen) {
  std::int64_t id = StartBudget("p33", "operating");
  json first = Show(id).at("waiting");
  ASSERT_EQ(first.size(), 1u) << first.dump(2);
  EXPECT_EQ(first[0].at("kind"), "task");
  EXPECT_EQ(first[0].at("node"), "announce");
  EXPECT_EQ(first[0].at("tasks").size(), 1u);

  Complete("p33", id, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
  SchoolRequests(id, {"school-01", "school-02"}, "p38", {"--set", "requested_amount=50000"});
  json items = Show(id).at("waiting");
  ASSERT_EQ(items.size(), 1u) << items.dump(2);
  EXPECT_EQ(items[0].at("kind"), "items");
  EXPECT_EQ(items[0].at("missing"), json({"school-03", "school-04", "school-05"}));
  EXPECT_TRUE(items[0].at("until").is_string()) << "the cut-off";
  CliResult text = Must(As("p33", {"show", std::to_string(id)}));
  EXPECT_NE(text.out.find("Waiting for"), std::string::npos) << text;
  EXPECT_NE(text.out.find("3 รายการยังไม่ส่ง (school-03, school-04, school-05), ตัดรอบ "), std::string::npos) << text;

  SchoolRequests(id, {"school-03", "school-04", "school-05"}, "p38", {"--set", "requested_amount=50000"});
  Complete("p34", id, "committee-analysis", {"--outcome", "suitable"});
  Complete("p33", id, "set-targets", {"--set", "quantitative_targets=10", "--set", "qualitative_targets=ok"});
  Complete("p33", id, "prepare-operating", {"--set", "request_amount=250000"});
  Complete("p32", id, "committee-approval", {"--outcome", "approve"});
  Complete("p33", id, "notify-schools");
  // One branch is in the join, the other still at its task.
  json join = Show(id).at("waiting");
  ASSERT_EQ(join.size(), 2u) << join.dump(2);
  json sync = Find(join, "node", "sync");
  EXPECT_EQ(sync.at("kind"), "join");
  EXPECT_EQ(sync.at("missing"), json({"submit-obec"}));
  EXPECT_EQ(Find(join, "node", "submit-obec").at("kind"), "task");

  Complete("p33", id, "submit-obec");
  Complete("p33", id, "monitor-report");
  EXPECT_EQ(Show(id).at("waiting").size(), 0u) << "a finished case waits for nothing";
}

}  // namespace
}  // namespace krabuan::clitest
