// Recurring procedures through the real binary: init schedules them, `daemon --once` in
// their month starts each once, `processes` shows the next start.
#include <filesystem>
#include <fstream>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

class CliRecurring : public CliTest {};

json ProcessById(const json& list, const std::string& id) {
  for (const json& p : list) {
    if (p.at("id") == id) return p;
  }
  ADD_FAILURE() << "no process " << id << " in " << list.dump(2);
  return json::object();
}

// annual-action-plan recurs="ทุกปี ตุลาคม"; init ran on 1 Aug 2025 (the runner's clock).
TEST_F(CliRecurring, AnAnnualProcedureStartsOnItsMonthOnce) {
  json processes = Must(cli_.Run({"processes", "--json"})).Json().at("processes");
  EXPECT_EQ(ProcessById(processes, "annual-action-plan").value("next_start", ""), "2025-09-30T17:00:00Z");
  EXPECT_EQ(ProcessById(processes, "provincial-education-strategy").value("next_start", ""), "2026-04-30T17:00:00Z");
  EXPECT_FALSE(ProcessById(processes, "budget-request").contains("next_start"));   // started by people only
  CliResult table = Must(cli_.Run({"processes"}));
  EXPECT_NE(table.out.find("NEXT START"), std::string::npos) << table;
  EXPECT_NE(table.out.find("1 ต.ค. 2568"), std::string::npos) << table;

  json early = Must(cli_.Run({"--now", "2025-09-30T23:00+07:00", "daemon", "--once", "--json"})).Json();
  EXPECT_EQ(early.at("fired"), 0) << early.dump();

  json fired = Must(cli_.Run({"--now", "2025-10-03T09:00+07:00", "daemon", "--once", "--json"})).Json();
  EXPECT_EQ(fired.at("fired"), 1) << fired.dump();
  EXPECT_EQ(fired.at("failed"), 0);
  json instances = Must(As("admin", {"instances", "--process", "annual-action-plan", "--json"})).Json().at("instances");
  ASSERT_EQ(instances.size(), 1u) << instances.dump(2);
  EXPECT_EQ(instances[0].at("key"), "ปีงบประมาณ 2569");
  EXPECT_EQ(instances[0].at("started_by"), "krabuan");
  EXPECT_EQ(instances[0].at("state"), "running");
  std::int64_t id = instances[0].at("id");
  json show = Show(id);
  EXPECT_EQ(show.at("variables").at("fiscal_year"), 2569) << show.at("variables").dump();
  EXPECT_EQ(show.at("history")[0].at("user"), "krabuan");
  EXPECT_EQ(show.at("history")[0].at("detail").at("by"), "calendar");

  json again = Must(cli_.Run({"--now", "2025-10-03T09:05+07:00", "daemon", "--once", "--json"})).Json();
  EXPECT_EQ(again.at("fired"), 0) << again.dump();
  EXPECT_EQ(Must(As("admin", {"instances", "--process", "annual-action-plan", "--json"})).Json().at("instances").size(), 1u);
  processes = Must(cli_.Run({"processes", "--json"})).Json().at("processes");
  EXPECT_EQ(ProcessById(processes, "annual-action-plan").value("next_start", ""), "2026-09-30T17:00:00Z");
}

TEST_F(CliRecurring, DeployRefusesRecursWhenARequiredInputCannotBeDerived) {
  std::filesystem::path file = dir_.path() / "self-start.xml";
  std::ofstream(file) << R"xml(<process id="self-start" name="เริ่มเอง" start-roles="budget-analyst" recurs="ทุกปี พฤษภาคม">
  <input name="fiscal_year" type="fiscal-year" required="true"/>
  <input name="school" type="string" required="true"/>
  <start id="start" to="work"/>
  <task id="work" name="ทำงาน" role="budget-analyst" to="end"/>
  <end id="end"/>
</process>)xml";
  std::string before = Dump();
  CliResult r = As("admin", {"deploy", file.string()});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("self-start.xml:3:3: error: process 'self-start' cannot start itself"), std::string::npos) << r;
  EXPECT_NE(r.err.find("input 'school' (string) is required and has no default"), std::string::npos) << r;
  EXPECT_EQ(Dump(), before) << FirstDifference(before, Dump());
  CliResult v = cli_.Run({"validate", file.string()});
  EXPECT_EQ(v.exit_code, 1) << v;
  EXPECT_NE(v.err.find("self-start.xml:3:3"), std::string::npos) << v;
}

}  // namespace
}  // namespace krabuan::clitest
