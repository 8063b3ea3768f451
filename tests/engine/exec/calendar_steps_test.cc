// Steps on the fiscal calendar: month windows resolved by rule 5.4 (a step waits for its
// window to open), and working days counted with the deployed holidays. On the in-memory
// store: these need no file.
#include <gtest/gtest.h>

#include <map>

#include "tests/support/engine_fixture.h"

namespace krabuan::testing {
namespace {

// What each task-created row says about the task's due date, by node.
std::map<std::string, std::string> DueByNode(const InstanceView& v) {
  std::map<std::string, std::string> due;
  for (const HistoryRecord& h : v.history) {
    if (h.action != "task-created") continue;
    std::size_t at = h.detail.find("\"due\":\"");
    due[h.node_id] = at == std::string::npos ? "-" : h.detail.substr(at + 7, 20);
  }
  return due;
}

TEST_F(InMemoryEngineTest, AStepWaitsForItsMonthWindow) {
  // The shape of the surplus transfer: committee work in August, the decision in September.
  Deploy(R"xml(<process id="months" name="เดือน" start-roles="clerk">
  <input name="fy" type="fiscal-year" required="true"/>
  <start id="start" to="august"/>
  <task id="august" name="งานเดือนสิงหาคม" role="clerk" due="สิงหาคม" to="september"/>
  <task id="september" name="งานเดือนกันยายน" role="approver" due="กันยายน" to="end"/>
  <end id="end"/>
</process>)xml");
  clock_.Set(At("2025-07-10T09:00:00+07:00"));
  InstanceId id = StartAs("clerk", "months", {{"fy", "2568"}});
  EXPECT_TRUE(OpenNodes(id).empty());   // scheduled, not yet open

  clock_.Set(At("2025-08-01T08:00:00+07:00"));
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->fired, 1);   // the window opened at 00:00 office time
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "august"), "", {}, ""}).ok());
  // September's step: scheduled again until its own window.
  EXPECT_TRUE(OpenNodes(id).empty());
  clock_.Set(At("2025-09-01T00:00:00+07:00"));
  EXPECT_EQ(engine_->FireDueTimers()->fired, 1);
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"september"});

  std::map<std::string, std::string> due = DueByNode(ShowInstance(id));
  EXPECT_EQ(due["august"], "2025-08-31T16:59:59Z");      // 31 Aug 2568, end of day
  EXPECT_EQ(due["september"], "2025-09-30T16:59:59Z");   // 30 Sep 2568
}

TEST_F(InMemoryEngineTest, WindowsChainByRule54AcrossTheFiscalYear) {
  // The inspection follow-up's shape: Sep–Oct, then Oct–Nov, then September.
  Deploy(R"xml(<process id="inspection-shape" name="ติดตาม" start-roles="clerk">
  <input name="fy" type="fiscal-year" required="true"/>
  <start id="start" to="plan"/>
  <task id="plan" name="วางแผน" role="clerk" due="กันยายน-ตุลาคม" to="inspect"/>
  <task id="inspect" name="ตรวจ" role="clerk" due="ตุลาคม-พฤศจิกายน" to="report"/>
  <task id="report" name="รายงาน" role="clerk" due="กันยายน" to="end"/>
  <end id="end"/>
</process>)xml");
  clock_.Set(At("2024-09-05T09:00:00+07:00"));   // inside the first window (Sep 2567)
  InstanceId id = StartAs("clerk", "inspection-shape", {{"fy", "2568"}});
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "plan"), "", {}, ""}).ok());
  clock_.Set(At("2024-10-01T00:00:00+07:00"));
  ASSERT_TRUE(engine_->FireDueTimers().ok());
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "inspect"), "", {}, ""}).ok());
  clock_.Set(At("2025-09-01T00:00:00+07:00"));
  ASSERT_TRUE(engine_->FireDueTimers().ok());
  ASSERT_EQ(OpenNodes(id), std::vector<std::string>{"report"});

  std::map<std::string, std::string> due = DueByNode(ShowInstance(id));
  EXPECT_EQ(due["plan"], "2024-10-31T16:59:59Z");     // Sep (FY N-1) – 31 Oct 2567
  EXPECT_EQ(due["inspect"], "2024-11-30T16:59:59Z");  // Oct–Nov of FY 2568
  EXPECT_EQ(due["report"], "2025-09-30T16:59:59Z");   // September of FY 2568
}

TEST_F(InMemoryEngineTest, WorkingDaysSkipWeekendsAndDeployedHolidays) {
  Result<bool> h = engine_->DeployHolidays({"admin"}, {"holidays.xml", R"xml(<holidays from="2025-01-01" to="2025-12-31">
  <holiday date="2025-04-14" name="วันสงกรานต์"/>
  <holiday date="2025-04-15" name="วันสงกรานต์"/>
</holidays>)xml"});
  ASSERT_TRUE(h.ok()) << h.status().message();
  EXPECT_TRUE(*h);
  EXPECT_FALSE(*engine_->DeployHolidays({"admin"}, {"holidays.xml", R"xml(<holidays from="2025-01-01" to="2025-12-31">
  <holiday date="2025-04-14" name="วันสงกรานต์"/>
  <holiday date="2025-04-15" name="วันสงกรานต์"/>
</holidays>)xml"}));
  EXPECT_EQ(engine_->DeployHolidays({"clerk"}, {"h.xml", "<holidays from=\"2025-01-01\" to=\"2025-01-02\"/>"})
                .status()
                .kind(),
            ErrorKind::kRefused);

  Deploy(R"xml(<process id="wd" name="วันทำการ" start-roles="clerk">
  <start id="start" to="t"/>
  <task id="t" name="ภายใน 3 วันทำการ" role="clerk" due="3 วันทำการ" to="end"/>
  <end id="end"/>
</process>)xml");
  clock_.Set(At("2025-04-10T10:00:00+07:00"));   // Thursday
  InstanceId id = StartAs("clerk", "wd");
  // Fri 11, (weekend), (Mon 14 and Tue 15 Songkran), Wed 16, Thu 17.
  EXPECT_EQ(DueByNode(ShowInstance(id))["t"], "2025-04-17T16:59:59Z");
}

}  // namespace
}  // namespace krabuan::testing

namespace krabuan::testing {
namespace {

TEST_F(InMemoryEngineTest, ACutOffDoesNotMoveTheWindowChain) {
  Deploy(R"xml(<process id="cutoff-chain" name="ตัดรอบ" start-roles="clerk">
  <input name="fy" type="fiscal-year" required="true"/>
  <start id="start" to="collect"/>
  <task id="collect" name="ส่งข้อมูล" role="school" for-each="org:schools" until="ไม่ก่อน 25 กันยายน" to="report"/>
  <task id="report" name="รายงาน" role="clerk" due="กันยายน" to="end"/>
  <end id="end"/>
</process>)xml");
  clock_.Set(At("2025-09-01T09:00:00+07:00"));
  InstanceId id = StartAs("clerk", "cutoff-chain", {{"fy", "2568"}});
  clock_.Set(At("2025-09-25T00:00:00+07:00"));
  ASSERT_EQ(engine_->FireDueTimers()->fired, 1);   // the cut-off: every school missing
  ASSERT_EQ(OpenNodes(id), std::vector<std::string>{"report"});
  // September of the same fiscal year, not of the next.
  EXPECT_EQ(DueByNode(ShowInstance(id))["report"], "2025-09-30T16:59:59Z");
}

}  // namespace
}  // namespace krabuan::testing
