// Timer boundaries through the real binary: validate proves such a process sound, a bad
// <on-timer> is refused with its place and changes nothing, and `daemon --once` fires it.
#include <algorithm>
#include <filesystem>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

const char* const kLateReview = R"xml(<process id="late-review" name="ตรวจพร้อมกำหนดเวลา" start-roles="budget-analyst">
  <start id="start" to="check"/>
  <task id="check" name="ตรวจเอกสาร" role="budget-analyst" to="end">
    <on-timer id="late" after="3 วันทำการ" to="chase"/>
  </task>
  <task id="chase" name="ติดตามเอกสาร" role="budget-analyst" to="end"/>
  <end id="end"/>
</process>)xml";

// The office's org and holidays and no process: each test deploys its own, so the timers
// `daemon --status` counts are that process's alone.
class CliTimerBoundary : public CliTest {
 protected:
  void SetUp() override {
    std::filesystem::path dir = dir_.path() / "org-only";
    std::filesystem::create_directories(dir / "calendar");
    std::filesystem::copy_file(ProcessesDir() / "org.xml", dir / "org.xml");
    std::filesystem::copy_file(ProcessesDir() / "calendar" / "holidays.xml", dir / "calendar" / "holidays.xml");
    Must(cli_.Run({"init", "--processes", dir.string()}));
  }

  // Pending and failed timers; no daemon runs, so the command's exit code says "not running".
  json Timers() const { return cli_.Run({"daemon", "--status", "--json"}).Json().at("timers"); }

  // The timer counts when none is left, pending or failed.
  static json NoTimers() { return json{{"pending", 0}, {"failed", 0}, {"next_due", nullptr}}; }

  std::int64_t StartAsP33(const std::string& process) const {
    json started = Must(As("p33", {"--now", "2025-10-01T09:00+07:00", "start", process, "--json"})).Json();
    return started.at("instance").get<std::int64_t>();
  }
};

TEST_F(CliTimerBoundary, DaemonFiresTheTimerAndTheTaskIsInterrupted) {
  std::string file = dir_.WriteFile("late.xml", kLateReview).string();
  CliResult v = Must(cli_.Run({"validate", file}));
  EXPECT_NE(v.out.find("proved sound"), std::string::npos) << v;
  Must(As("admin", {"deploy", file}));
  std::int64_t instance = StartAsP33("late-review");
  std::string id = std::to_string(instance);

  Must(cli_.Run({"--now", "2025-10-06T09:00+07:00", "daemon", "--once"}));   // two working days: not yet
  EXPECT_NE(Must(As("admin", {"show", id})).out.find("ตรวจเอกสาร"), std::string::npos);
  EXPECT_EQ(Timers().at("pending"), 1);   // the boundary timer; the tasks have no due time
  Must(cli_.Run({"--now", "2025-10-07T09:00+07:00", "daemon", "--once"}));
  CliResult shown = Must(As("admin", {"show", id}));
  EXPECT_NE(shown.out.find("task-interrupted"), std::string::npos) << shown;
  std::vector<std::string> tasks = TaskStates(instance);
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0], "check cancelled");
  EXPECT_EQ(tasks[1], "chase open");
  EXPECT_EQ(Timers(), NoTimers());
}

TEST_F(CliTimerBoundary, ABadTimerIsRefusedWithItsPlaceAndNothingChanges) {
  std::string xml = kLateReview;
  xml.replace(xml.find("to=\"chase\""), 10, "to=\"nowhere\"");
  std::string file = dir_.WriteFile("bad.xml", xml).string();
  CliResult v = cli_.Run({"validate", file});
  EXPECT_NE(v.exit_code, 0) << v;
  EXPECT_NE(v.err.find(file + ":4:5: timer 'late' flows to unknown node 'nowhere' (task 'check')"), std::string::npos) << v;
  std::string before = DumpDatabase(cli_.db());
  EXPECT_NE(As("admin", {"deploy", file}).exit_code, 0);
  EXPECT_EQ(DumpDatabase(cli_.db()), before);
}

// A repeating reminder that fell behind: one `daemon --once` run catches up every
// occurrence due (each firing sets the next), and no more than the count.
TEST_F(CliTimerBoundary, OneDaemonRunCatchesUpARepeatingTimer) {
  std::string file = dir_.WriteFile("nudge.xml", R"xml(<process id="nudge" name="เตือนซ้ำ" start-roles="budget-analyst">
  <start id="start" to="check"/>
  <task id="check" name="ตรวจเอกสาร" role="budget-analyst" to="end">
    <on-timer id="nudge" every="R4/P1D" to="remind" interrupting="false"/>
  </task>
  <task id="remind" name="เตือนผู้ตรวจ" role="budget-analyst" to="end"/>
  <end id="end"/>
</process>)xml").string();
  CliResult v = Must(cli_.Run({"validate", file}));
  EXPECT_NE(v.out.find("proved sound"), std::string::npos) << v;
  Must(As("admin", {"deploy", file}));
  std::int64_t instance = StartAsP33("nudge");
  auto reminders = [&] {
    std::vector<std::string> tasks = TaskStates(instance);
    return std::count_if(tasks.begin(), tasks.end(), [](const std::string& t) { return t.rfind("remind ", 0) == 0; });
  };
  CliResult ran = Must(cli_.Run({"--now", "2025-10-03T10:00+07:00", "daemon", "--once"}));   // 2 and 3 Oct are past
  EXPECT_EQ(reminders(), 2);
  EXPECT_NE(ran.out.find("next due: 4 ต.ค. 2568 09:00"), std::string::npos) << ran;
  EXPECT_EQ(Timers().at("pending"), 1);   // the reminder's next occurrence
  Must(cli_.Run({"--now", "2025-10-20T10:00+07:00", "daemon", "--once"}));
  EXPECT_EQ(reminders(), 4);   // R4: the 3rd and 4th, then no more
  EXPECT_EQ(Timers(), NoTimers());
}

// A scope's timer through the real binary: the review round as a whole has ten working
// days from its start (13 Oct is a holiday); past them the daemon cancels what is open
// inside and the case goes to the chase.
TEST_F(CliTimerBoundary, AScopeTimerInterruptsTheWholeRound) {
  std::string file = dir_.WriteFile("round.xml", R"xml(<process id="round" name="รอบพิจารณา" start-roles="budget-analyst">
  <start id="start" to="draft"/>
  <task id="draft" name="ร่างความเห็น" role="budget-analyst" to="check"/>
  <task id="check" name="ตรวจความเห็น" role="budget-analyst" to="end"/>
  <task id="chase" name="ติดตามเร่งรัด" role="budget-analyst" to="end"/>
  <scope id="review" name="ช่วงพิจารณา" nodes="draft check">
    <on-timer id="late" after="10 วันทำการ" to="chase"/>
  </scope>
  <end id="end"/>
</process>)xml").string();
  CliResult v = Must(cli_.Run({"validate", file}));
  EXPECT_NE(v.out.find("proved sound"), std::string::npos) << v;
  Must(As("admin", {"deploy", file}));
  std::int64_t instance = StartAsP33("round");
  std::string id = std::to_string(instance);
  std::string draft = std::to_string(TaskId("p33", instance, "draft"));
  Must(As("p33", {"--now", "2025-10-02T09:00+07:00", "complete", draft}));
  Must(cli_.Run({"--now", "2025-10-16T09:00+07:00", "daemon", "--once"}));   // the tenth working day: not yet
  std::vector<std::string> before = TaskStates(instance);
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(before[1], "check open");
  EXPECT_EQ(Timers().at("pending"), 1);   // the scope's timer; the tasks have no due time
  Must(cli_.Run({"--now", "2025-10-17T09:00+07:00", "daemon", "--once"}));   // due at the end of 16 Oct
  CliResult shown = Must(As("admin", {"show", id}));
  EXPECT_NE(shown.out.find("scope-interrupted"), std::string::npos) << shown;
  std::vector<std::string> tasks = TaskStates(instance);
  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(tasks[1], "check cancelled");
  EXPECT_EQ(tasks[2], "chase open");
  EXPECT_EQ(Timers(), NoTimers());
}

}  // namespace
}  // namespace krabuan::clitest
