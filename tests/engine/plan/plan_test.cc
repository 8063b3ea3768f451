// Plans: the timing table regenerated from a process file for one fiscal year.
#include <gtest/gtest.h>

#include <map>

#include "engine/parse/process_parser.h"
#include "engine/plan/plan.h"
#include "engine/render/gantt.h"

namespace krabuan {
namespace {

ProcessDefinition Parse(const char* xml) {
  Result<ProcessDefinition> d = ParseProcess(xml, "p.xml");
  EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.status().lines().front());
  return std::move(d.value());
}

Instant StartOf(const char* iso) { return *ParseInstant(iso); }

std::string Due(const PlannedStep& s) { return s.due ? FormatInstantUtc(*s.due) : "-"; }

TEST(Plan, SequentialDurationsFollowOneAnother) {
  // The school merger's shape: 15 days, then three steps of 2 months, then all year.
  ProcessDefinition def = Parse(R"xml(<process id="merge" name="ยุบรวม">
  <start id="s" to="a"/>
  <task id="a" name="ก" role="r" due="15 วัน" to="b"/>
  <task id="b" name="ข" role="r" due="2 เดือน" to="c"/>
  <task id="c" name="ค" role="r" due="2 เดือน" to="d"/>
  <task id="d" name="ง" role="r" due="ตลอดปี" to="e"/>
  <end id="e"/>
</process>)xml");
  Result<Plan> plan = PlanProcess(def, nullptr, HolidayCalendar(), FiscalYear{2568}, StartOf("2024-11-01T09:00:00+07:00"));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->steps.size(), 4u);
  EXPECT_EQ(Due(plan->steps[0]), "2024-11-16T02:00:00Z");
  EXPECT_EQ(Due(plan->steps[1]), "2025-01-16T02:00:00Z");
  EXPECT_EQ(Due(plan->steps[2]), "2025-03-16T02:00:00Z");
  EXPECT_EQ(Due(plan->steps[3]), "2025-09-30T16:59:59Z");
  EXPECT_EQ(plan->steps[3].number, 4);
}

TEST(Plan, WindowsChainAndLoopsBackAreLeftOut) {
  ProcessDefinition def = Parse(R"xml(<process id="surplus" name="เงินเหลือจ่าย">
  <start id="s" to="collect"/>
  <task id="collect" name="รวบรวม" role="analyst" due="สิงหาคม" to="approve"/>
  <task id="approve" name="อนุมัติ" role="governor" due="กันยายน" to="c">
    <outcome value="yes" label="อนุมัติ"/><outcome value="no" label="ไม่อนุมัติ"/>
  </task>
  <choice id="c"><when test="outcome == 'no'" to="collect"/><otherwise to="e"/></choice>
  <end id="e"/>
</process>)xml");
  Org org("o", "g", {Role{"governor", "ผู้ว่าราชการจังหวัด", {}}}, {}, {}, {});
  for (int be : {2568, 2569}) {
    Result<Plan> plan = PlanProcess(def, &org, HolidayCalendar(), FiscalYear{be}, OfficeStartOfDay(FiscalYearStart({be})));
    ASSERT_TRUE(plan.ok());
    ASSERT_EQ(plan->steps.size(), 2u);   // the loop back does not repeat steps
    int ce = be - 543;
    EXPECT_EQ(Due(plan->steps[0]), std::to_string(ce) + "-08-31T16:59:59Z");
    EXPECT_EQ(Due(plan->steps[1]), std::to_string(ce) + "-09-30T16:59:59Z");
    ASSERT_TRUE(plan->steps[0].opens.has_value());
    EXPECT_EQ(FormatInstantUtc(*plan->steps[0].opens), std::to_string(ce) + "-07-31T17:00:00Z");   // 1 Aug office time
    EXPECT_EQ(plan->steps[1].actor, "ผู้ว่าราชการจังหวัด");
    EXPECT_EQ(plan->steps[0].actor, "analyst");   // unknown role: its id
    EXPECT_NE(plan->steps[1].when.find("ก.ย."), std::string::npos) << plan->steps[1].when;

    std::string svg = PlanGanttSvg(*plan);
    EXPECT_EQ(svg.rfind("<svg", 0), 0u);
    EXPECT_NE(svg.find("data-node=\"collect\""), std::string::npos);
    EXPECT_NE(svg.find("ส.ค."), std::string::npos);   // the month axis is in Thai
    EXPECT_NE(svg.find("ปีงบประมาณ " + std::to_string(be)), std::string::npos);
  }
}

TEST(Plan, ParallelStepsStartTogetherAndAJoinWaitsForTheLatest) {
  ProcessDefinition def = Parse(R"xml(<process id="par" name="คู่ขนาน">
  <start id="s" to="f"/>
  <parallel id="f" to="a b"/>
  <task id="a" name="ก" role="r" due="10 วัน" to="j"/>
  <task id="b" name="ข" role="r" due="1 เดือน" to="j"/>
  <join id="j" to="after"/>
  <task id="after" name="หลัง" role="r" due="15 วัน" to="e"/>
  <end id="e"/>
</process>)xml");
  Result<Plan> plan = PlanProcess(def, nullptr, HolidayCalendar(), FiscalYear{2568}, StartOf("2025-01-01T09:00:00+07:00"));
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->steps.size(), 3u);
  EXPECT_EQ(plan->steps[0].ready, plan->steps[1].ready);
  EXPECT_EQ(Due(plan->steps[2]), "2025-02-16T02:00:00Z");   // 1 Feb + 15 days
}

// A time box's steps share its deadline, fixed when the first opens; the step after the box
// starts when the box is spent, not back at the fiscal year's start.
TEST(Plan, StepsAfterATimeBoxStartWhenItIsSpent) {
  ProcessDefinition def = Parse(R"xml(<process id="box" name="กล่องเวลา">
  <timebox id="t" name="ขั้นตอนที่ 2-3" due="2 เดือน"/>
  <start id="s" to="a"/>
  <task id="a" name="ก" role="r" due="15 วัน" to="b"/>
  <task id="b" name="ข" role="r" timebox="t" to="c"/>
  <task id="c" name="ค" role="r" timebox="t" to="d"/>
  <task id="d" name="ง" role="r" due="1 เดือน" to="e"/>
  <end id="e"/>
</process>)xml");
  Result<Plan> plan = PlanProcess(def, nullptr, HolidayCalendar(), FiscalYear{2568}, StartOf("2024-10-01T00:00:00+07:00"));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->steps.size(), 4u);
  EXPECT_EQ(Due(plan->steps[1]), "2024-12-15T17:00:00Z");   // 16 Oct + 2 months
  EXPECT_EQ(Due(plan->steps[2]), "2024-12-15T17:00:00Z");   // the same box
  EXPECT_EQ(FormatInstantUtc(plan->steps[2].begins), "2024-10-15T17:00:00Z");   // b and c share the box
  EXPECT_EQ(plan->steps[1].done, plan->steps[1].begins);
  EXPECT_EQ(FormatInstantUtc(plan->steps[3].begins), "2024-12-15T17:00:00Z");
  EXPECT_EQ(Due(plan->steps[3]), "2025-01-15T17:00:00Z");
  EXPECT_EQ(plan->steps[1].timing, "2 เดือน");   // a step with no due of its own shows its box's
}

// Work through the year finishes as it opens; a step with a window finishes at its due.
TEST(Plan, YearLongWorkRunsAlongsideAndAWindowIsSpentFirst) {
  ProcessDefinition def = Parse(R"xml(<process id="year" name="ทั้งปี">
  <start id="s" to="a"/>
  <task id="a" name="ก" role="r" due="ตลอดปีงบประมาณ" to="b"/>
  <task id="b" name="ข" role="r" due="ตุลาคม-พฤศจิกายน" to="c"/>
  <task id="c" name="ค" role="r" due="15 วัน" to="e"/>
  <end id="e"/>
</process>)xml");
  Result<Plan> plan = PlanProcess(def, nullptr, HolidayCalendar(), FiscalYear{2568}, StartOf("2024-10-01T00:00:00+07:00"));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->steps.size(), 3u);
  EXPECT_EQ(plan->steps[0].done, plan->steps[0].begins);
  EXPECT_EQ(FormatInstantUtc(plan->steps[1].ready), "2024-09-30T17:00:00Z");
  EXPECT_EQ(FormatInstantUtc(plan->steps[2].ready), "2024-11-30T16:59:59Z");   // 30 Nov 23:59:59
  EXPECT_EQ(Due(plan->steps[2]), "2024-12-15T16:59:59Z");
}

// The main line takes a choice's first forward branch; where another branch comes back to
// it, the main line's dates stand, and the branch's own steps are marked off it.
TEST(Plan, TheMainLineKeepsItsDatesWhereABranchRejoinsIt) {
  ProcessDefinition def = Parse(R"xml(<process id="line" name="สายหลัก">
  <start id="s" to="a"/>
  <task id="a" name="ก" role="r" due="15 วัน" to="c">
    <outcome value="approve" label="เห็นชอบ"/><outcome value="redo" label="แก้ไข"/><outcome value="long" label="ยาว"/>
  </task>
  <choice id="c">
    <when test="outcome == 'redo'" to="a"/>
    <when test="outcome == 'approve'" to="m"/>
    <otherwise to="slow"/>
  </choice>
  <task id="slow" name="ช้า" role="r" due="6 เดือน" to="m"/>
  <task id="m" name="รวม" role="r" due="1 เดือน" to="e"/>
  <end id="e"/>
</process>)xml");
  Result<Plan> plan = PlanProcess(def, nullptr, HolidayCalendar(), FiscalYear{2568}, StartOf("2024-10-01T00:00:00+07:00"));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->steps.size(), 3u);
  std::map<std::string, const PlannedStep*> by;
  for (const PlannedStep& s : plan->steps) by[s.node_id] = &s;
  EXPECT_TRUE(by.at("a")->main_line);
  EXPECT_FALSE(by.at("slow")->main_line);
  EXPECT_TRUE(by.at("m")->main_line);
  EXPECT_EQ(FormatInstantUtc(by.at("m")->ready), "2024-10-15T17:00:00Z");   // after a, not after slow
  EXPECT_EQ(FormatInstantUtc(by.at("slow")->ready), "2024-10-15T17:00:00Z");
}

// A step only a timer leads to is planned from when the timer first fires: three days
// after its task opens, or the first occurrence of a repeating one.
TEST(Plan, StepsATimerLeadsToStartWhenItFires) {
  ProcessDefinition def = Parse(R"xml(<process id="t" name="ตั้งเวลา">
  <start id="s" to="a"/>
  <task id="a" name="ก" role="r" due="15 วัน" to="e">
    <on-timer id="late" after="P3D" to="chase"/>
    <on-timer id="nudge" every="R2/PT6H" to="remind" interrupting="false"/>
  </task>
  <task id="chase" name="เร่งรัด" role="r" due="2 วัน" to="e"/>
  <task id="remind" name="เตือน" role="r" to="e"/>
  <end id="e"/>
</process>)xml");
  Result<Plan> plan = PlanProcess(def, nullptr, HolidayCalendar(), FiscalYear{2568}, StartOf("2024-11-01T09:00:00+07:00"));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->steps.size(), 3u);
  EXPECT_EQ(plan->steps[1].node_id, "chase");
  EXPECT_EQ(FormatInstantUtc(plan->steps[1].ready), "2024-11-04T02:00:00Z");
  EXPECT_EQ(Due(plan->steps[1]), "2024-11-06T02:00:00Z");
  EXPECT_EQ(plan->steps[2].node_id, "remind");
  EXPECT_EQ(FormatInstantUtc(plan->steps[2].ready), "2024-11-01T08:00:00Z");
  EXPECT_FALSE(plan->steps[1].main_line);   // timers' flows are not the main line
  EXPECT_FALSE(plan->steps[2].main_line);
}

}  // namespace
}  // namespace krabuan
