// Recurring starts: recurs= schedules one timer per process; firing it starts the period's
// instance exactly once and schedules the next occurrence.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "engine/exec/recurrence.h"
#include "engine/parse/process_parser.h"
#include "tests/support/engine_fixture.h"

namespace krabuan::testing {
namespace {

// `recurs` empty: the same process without recurs=.
std::string Yearly(const std::string& recurs, const std::string& extra_input = "") {
  return R"xml(<process id="yearly" name="รายงานประจำปี" start-roles="clerk")xml" +
         (recurs.empty() ? "" : " recurs=\"" + recurs + "\"") + R"xml(>
  <input name="fiscal_year" type="fiscal-year" required="true" label="ปีงบประมาณ"/>
  <input name="note" type="string" default="ตามปฏิทิน"/>
)xml" + extra_input + R"xml(  <start id="start" to="report"/>
  <task id="report" name="จัดทำรายงาน" role="clerk" to="end"/>
  <end id="end"/>
</process>)xml";
}

// The next recurring start of `process` as `processes` shows it; "" when none.
std::string NextStart(Engine& engine, const std::string& process) {
  Result<std::vector<ProcessSummary>> list = engine.Processes();
  EXPECT_TRUE(list.ok()) << list.status().message();
  if (!list.ok()) return "?";
  for (const ProcessSummary& p : *list) {
    if (p.definition.process_id == process) {
      if (!p.next_start) return "";
      return FormatInstantUtc(p.next_start->due_at) + (p.next_start->error.empty() ? "" : " failed: " + p.next_start->error);
    }
  }
  return "?";
}

std::vector<InstanceRecord> InstancesOf(Engine& engine, const std::string& process) {
  Result<std::vector<InstanceRecord>> list = engine.Instances({"admin"}, {process, std::nullopt});
  EXPECT_TRUE(list.ok()) << list.status().message();
  return list.ok() ? *list : std::vector<InstanceRecord>{};
}

const HistoryRecord* Find(const InstanceView& v, const std::string& action) {
  for (const HistoryRecord& h : v.history) {
    if (h.action == action) return &h;
  }
  return nullptr;
}

TEST_F(EngineTest, ARecurringProcessStartsItselfInItsMonthOnce) {
  Deploy(Yearly("ทุกปี พฤษภาคม"));   // now: 1 Aug 2025, so the next May is 2026's
  EXPECT_EQ(NextStart(*engine_, "yearly"), "2026-04-30T17:00:00Z");   // 1 May 2026 00:00 office time

  clock_.Set(At("2026-04-30T23:59:00+07:00"));   // not yet
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->fired, 0);
  EXPECT_TRUE(InstancesOf(*engine_, "yearly").empty());

  clock_.Set(At("2026-05-04T09:00:00+07:00"));
  r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->fired, 1);
  EXPECT_EQ(r->failed, 0);
  std::vector<InstanceRecord> started = InstancesOf(*engine_, "yearly");
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].business_key, "ปีงบประมาณ 2569");   // May 2026 is in fiscal year 2569
  EXPECT_EQ(started[0].started_by, "krabuan");
  EXPECT_EQ(started[0].state, InstanceState::kRunning);

  InstanceView v = ShowInstance(started[0].id);
  EXPECT_EQ(v.variables.at("fiscal_year").as_fiscal_year().be, 2569);
  EXPECT_EQ(v.variables.at("note").as_string(), "ตามปฏิทิน");
  EXPECT_EQ(v.variables.at("initiator").as_string(), "krabuan");
  const HistoryRecord* start = Find(v, "started");
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->user, "krabuan");
  EXPECT_EQ(start->capacity, ActingCapacity::kSystem);
  EXPECT_NE(start->comment.find("เริ่มโดยปฏิทิน"), std::string::npos) << start->comment;
  EXPECT_NE(start->detail.find("\"by\":\"calendar\""), std::string::npos) << start->detail;
  EXPECT_NE(start->detail.find("\"occurrence\":\"2026-04-30T17:00:00Z\""), std::string::npos) << start->detail;
  EXPECT_NE(start->detail.find("\"late_seconds\":291600"), std::string::npos) << start->detail;   // 3 d 9 h
  EXPECT_TRUE(v.history_intact);
  EXPECT_EQ(OpenNodes(started[0].id), std::vector<std::string>{"report"});

  // Again: nothing; the next May is scheduled.
  r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 0);
  EXPECT_EQ(InstancesOf(*engine_, "yearly").size(), 1u);
  EXPECT_EQ(NextStart(*engine_, "yearly"), "2027-04-30T17:00:00Z");
  ASSERT_TRUE(r->next_due.has_value());
  EXPECT_EQ(FormatInstantUtc(*r->next_due), "2027-04-30T17:00:00Z");

  // A new engine on the same file (another daemon run) does not start it again either.
  Reopen();
  r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 0);
  EXPECT_EQ(InstancesOf(*engine_, "yearly").size(), 1u);
}

TEST_F(EngineTest, RedeployingMovesTheRecurringTimerAndWithoutRecursRemovesIt) {
  Deploy(Yearly("ทุกปี พฤษภาคม"));
  Deploy(Yearly("ทุกปี ตุลาคม"));   // version 2: October instead; still one timer
  EXPECT_EQ(NextStart(*engine_, "yearly"), "2025-09-30T17:00:00Z");
  Deploy(Yearly(""));               // version 3: on demand only
  EXPECT_EQ(NextStart(*engine_, "yearly"), "");

  clock_.Set(At("2026-06-01T09:00:00+07:00"));   // past both months
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 0);
  EXPECT_FALSE(r->next_due.has_value());
  EXPECT_TRUE(InstancesOf(*engine_, "yearly").empty());
}

TEST_F(EngineTest, MissedOccurrencesStartOldestFirstEachWithItsOwnKey) {
  Deploy(Yearly("ทุก 3 เดือน ตั้งแต่ ตุลาคม"));   // 1 Oct, 1 Jan, 1 Apr, 1 Jul
  EXPECT_EQ(NextStart(*engine_, "yearly"), "2025-09-30T17:00:00Z");

  clock_.Set(At("2026-05-15T09:00:00+07:00"));   // down since August: Oct, Jan and Apr missed
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->fired, 1);
  EXPECT_EQ(r->failed, 0);
  std::vector<InstanceRecord> started = InstancesOf(*engine_, "yearly");
  ASSERT_EQ(started.size(), 3u);
  std::sort(started.begin(), started.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  EXPECT_EQ(started[0].business_key, "ปีงบประมาณ 2569 ไตรมาส 1");
  EXPECT_EQ(started[1].business_key, "ปีงบประมาณ 2569 ไตรมาส 2");
  EXPECT_EQ(started[2].business_key, "ปีงบประมาณ 2569 ไตรมาส 3");
  // Each says which occurrence it is and how late it started.
  const HistoryRecord* oldest = Find(ShowInstance(started[0].id), "started");
  ASSERT_NE(oldest, nullptr);
  EXPECT_NE(oldest->detail.find("\"occurrence\":\"2025-09-30T17:00:00Z\""), std::string::npos) << oldest->detail;
  EXPECT_NE(oldest->detail.find("\"late_seconds\":19558800"), std::string::npos) << oldest->detail;   // 226 d 9 h
  EXPECT_EQ(NextStart(*engine_, "yearly"), "2026-06-30T17:00:00Z");

  r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 0);
  EXPECT_EQ(InstancesOf(*engine_, "yearly").size(), 3u);
}

TEST_F(EngineTest, ALongOutageCatchesUpInBoundedRuns) {
  Deploy(Yearly("weekly"));   // Mondays
  clock_.Set(At("2025-12-20T09:00:00+07:00"));   // 20 Mondays since 1 Aug 2025 (4 Aug … 15 Dec)
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->fired, 1);
  EXPECT_EQ(InstancesOf(*engine_, "yearly").size(), static_cast<std::size_t>(kCatchUpPerRun));
  r = engine_->FireDueTimers();   // the next run goes on where the first stopped
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 1);
  std::vector<InstanceRecord> started = InstancesOf(*engine_, "yearly");
  EXPECT_EQ(started.size(), 20u);
  std::set<std::string> keys;
  for (const InstanceRecord& i : started) keys.insert(i.business_key);
  EXPECT_EQ(keys.size(), 20u);
  EXPECT_TRUE(keys.count("ปีงบประมาณ 2568 สัปดาห์ 4 ส.ค. 2568"));
  EXPECT_TRUE(keys.count("ปีงบประมาณ 2569 สัปดาห์ 15 ธ.ค. 2568"));
  r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 0);
  EXPECT_EQ(NextStart(*engine_, "yearly"), "2025-12-21T17:00:00Z");   // Monday 22 Dec
}

TEST_F(EngineTest, ARunningInstanceWithThePeriodsKeyIsNotStartedTwice) {
  Deploy(Yearly("ทุกปี พฤษภาคม"));
  Result<InstanceId> by_hand =
      engine_->Start({"clerk"}, {"yearly", {{"fiscal_year", "2569"}}, "ปีงบประมาณ 2569", "เริ่มเองก่อนกำหนด"});
  ASSERT_TRUE(by_hand.ok()) << by_hand.status().message();
  clock_.Set(At("2026-05-04T09:00:00+07:00"));
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 1);
  std::vector<InstanceRecord> all = InstancesOf(*engine_, "yearly");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, *by_hand);
  EXPECT_EQ(NextStart(*engine_, "yearly"), "2027-04-30T17:00:00Z");
}

TEST_F(EngineTest, DeployingAnUnchangedRecurringProcessSchedulesItOnlyWhenItHasNoTimer) {
  Deploy(Yearly("ทุกปี พฤษภาคม"));
  {   // as in a database from before recurring starts: the process has no timer
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->DeleteRecurTimer("yearly").ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  EXPECT_EQ(NextStart(*engine_, "yearly"), "");
  Deploy(Yearly("ทุกปี พฤษภาคม"));   // unchanged: no new version, but the timer is back
  EXPECT_EQ(NextStart(*engine_, "yearly"), "2026-04-30T17:00:00Z");
  clock_.Set(At("2026-05-10T09:00:00+07:00"));
  Deploy(Yearly("ทุกปี พฤษภาคม"));   // unchanged, timer present and owed: left as it is
  EXPECT_EQ(NextStart(*engine_, "yearly"), "2026-04-30T17:00:00Z");
  EXPECT_EQ(InstancesOf(*engine_, "yearly").size(), 0u);   // deploying starts nothing itself
}

TEST_F(EngineTest, ARedeployKeepsAnOccurrenceStillOwed) {
  Deploy(Yearly("ทุกปี พฤษภาคม"));
  clock_.Set(At("2026-05-10T09:00:00+07:00"));   // May has come; the daemon has not run yet
  Deploy(Yearly("ทุกปี พฤษภาคม", R"xml(  <input name="remark" type="string"/>
)xml"));                                           // version 2, same month
  EXPECT_EQ(NextStart(*engine_, "yearly"), "2026-04-30T17:00:00Z");
  Result<FireResult> r = engine_->FireDueTimers();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fired, 1);
  std::vector<InstanceRecord> started = InstancesOf(*engine_, "yearly");
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].version, 2);   // the latest version starts
  EXPECT_EQ(started[0].business_key, "ปีงบประมาณ 2569");
}

TEST_F(EngineTest, RecursOnAProcessWhoseRequiredInputCannotBeDerivedIsRefused) {
  std::string xml = Yearly("ทุกปี พฤษภาคม", R"xml(  <input name="owner" type="string" required="true"/>
)xml");
  Result<std::vector<DeployResult>> r = engine_->Deploy({"admin"}, {{"yearly.xml", xml}});
  ASSERT_FALSE(r.ok());
  std::string all;
  for (const std::string& l : r.status().lines()) all += l + "\n";
  EXPECT_NE(all.find("yearly.xml:4:3: error: process 'yearly' cannot start itself"), std::string::npos) << all;
  EXPECT_NE(all.find("input 'owner' (string) is required and has no default"), std::string::npos) << all;
  EXPECT_EQ(NextStart(*engine_, "yearly"), "?");   // nothing deployed

  // Forced anyway: the timer fails with the reason when it comes, and says so.
  r = engine_->Deploy({"admin"}, {{"yearly.xml", xml}}, /*force=*/true);
  ASSERT_TRUE(r.ok()) << r.status().message();
  clock_.Set(At("2026-05-04T09:00:00+07:00"));
  Result<FireResult> fired = engine_->FireDueTimers();
  ASSERT_TRUE(fired.ok());
  EXPECT_EQ(fired->fired, 0);
  EXPECT_EQ(fired->failed, 1);
  EXPECT_TRUE(InstancesOf(*engine_, "yearly").empty());
  std::string next = NextStart(*engine_, "yearly");
  EXPECT_NE(next.find("failed: process 'yearly' could not start itself for ปีงบประมาณ 2569 (1 พ.ค. 2569)"),
            std::string::npos) << next;
  EXPECT_NE(next.find("input 'owner'"), std::string::npos) << next;
}

TEST(OccurrenceKey, NamesThePeriodInBuddhistEraYears) {
  auto key = [](const char* recurs, const char* at) {
    Result<TimeSpec> spec = ParseTime(recurs);
    EXPECT_TRUE(spec.ok()) << recurs;
    return spec.ok() ? OccurrenceKey(spec->recurrence, At(at)) : "";
  };
  EXPECT_EQ(key("ทุกปี ตุลาคม", "2024-10-01T00:00:00+07:00"), "ปีงบประมาณ 2568");
  EXPECT_EQ(key("พฤศจิกายน ทุก 6 เดือน", "2025-05-01T00:00:00+07:00"), "ปีงบประมาณ 2568 เดือนพฤษภาคม 2568");
  EXPECT_EQ(key("ทุก 3/6/9 และ 12 เดือน", "2024-12-31T00:00:00+07:00"), "ปีงบประมาณ 2568 เดือนธันวาคม 2567");
  EXPECT_EQ(key("ทุก 3 เดือน ตั้งแต่ ตุลาคม", "2025-07-01T00:00:00+07:00"), "ปีงบประมาณ 2568 ไตรมาส 4");
  EXPECT_EQ(key("every 2 hours", "2025-07-01T14:00:00+07:00"), "ปีงบประมาณ 2568 รอบ 1 ก.ค. 2568 14:00");
}

}  // namespace
}  // namespace krabuan::testing
