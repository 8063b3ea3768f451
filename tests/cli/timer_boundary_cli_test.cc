// Timer boundaries through the real binary: validate proves such a process sound, a bad
// <on-timer> is refused with its place and changes nothing, and `daemon --once` fires it.
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

class CliTimerBoundary : public CliTest {};

TEST_F(CliTimerBoundary, DaemonFiresTheTimerAndTheTaskIsInterrupted) {
  std::string file = dir_.WriteFile("late.xml", kLateReview).string();
  CliResult v = Must(cli_.Run({"validate", file}));
  EXPECT_NE(v.out.find("proved sound"), std::string::npos) << v;
  Must(As("admin", {"deploy", file}));
  std::string id = std::to_string(
      Must(As("p33", {"--now", "2025-10-01T09:00+07:00", "start", "late-review", "--json"})).Json().at("instance").get<int>());

  Must(cli_.Run({"--now", "2025-10-06T09:00+07:00", "daemon", "--once"}));   // two working days: not yet
  EXPECT_NE(Must(As("admin", {"show", id})).out.find("ตรวจเอกสาร"), std::string::npos);
  Must(cli_.Run({"--now", "2025-10-07T09:00+07:00", "daemon", "--once"}));
  CliResult shown = Must(As("admin", {"show", id}));
  EXPECT_NE(shown.out.find("task-interrupted"), std::string::npos) << shown;
  std::vector<std::vector<std::string>> rows =
      QueryDatabase(cli_.db(), "SELECT node_id || ' ' || state FROM tasks WHERE instance_id = " + id + " ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "check cancelled");
  EXPECT_EQ(rows[1][0], "chase open");
  EXPECT_TRUE(QueryDatabase(cli_.db(), "SELECT id FROM timers WHERE kind = 'boundary'").empty());
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

}  // namespace
}  // namespace krabuan::clitest
