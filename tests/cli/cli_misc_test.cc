// The rest of the command line, end to end: org, processes, instances, cancel, validate,
// deploying new versions, the fixed clock, Thai text, users from the environment, help.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

class CliMisc : public CliTest {
 protected:
  // budget-request with two task names changed, so a run can tell v1 from v2.
  static std::string ChangedBudgetRequest() {
    std::string s = ReadTextFile(ProcessesDir() / "budget-request.xml");
    Replace(s, "name=\"สำนักงานเขตพื้นที่การศึกษา แจ้งนโยบายและแผนพัฒนามาตรฐานการศึกษาขั้นพื้นฐานหลักเกณฑ์",
            "name=\"(ฉบับที่ 2) สำนักงานเขตพื้นที่การศึกษา แจ้งนโยบายและแผนพัฒนามาตรฐานการศึกษาขั้นพื้นฐานหลักเกณฑ์");
    Replace(s, "name=\"สำนักงานเขตพื้นที่การศึกษา ติดตาม ประเมินผลและรายงาน",
            "name=\"(ฉบับที่ 2) สำนักงานเขตพื้นที่การศึกษา ติดตาม ประเมินผลและรายงาน");
    return s;
  }

  static void Replace(std::string& s, const std::string& from, const std::string& to) {
    std::size_t pos = s.find(from);
    if (pos == std::string::npos) throw std::runtime_error("budget-request.xml no longer contains: " + from);
    s.replace(pos, from.size(), to);
  }

  // The open task's name at `node` as `login` sees it.
  std::string TaskName(const std::string& login, std::int64_t instance, const std::string& node) const {
    std::int64_t id = TaskId(login, instance, node);
    for (const json& t : json(Must(As(login, {"tasks", "--json"})).Json().at("tasks"))) {
      if (t.at("id") == id) return t.at("name").get<std::string>();
    }
    return "";
  }

  // Brings a new instance to the parallel part: notify-schools and submit-obec open.
  std::int64_t StartAtParallel() const {
    std::int64_t id = StartBudget("p33", "operating");
    AdvanceToPrepare(id);
    Complete("p33", id, "prepare-operating", {"--set", "request_amount=1000"});
    Complete("p32", id, "committee-approval", {"--outcome", "approve"});
    return id;
  }
};

std::vector<std::int64_t> Ids(const json& list) {
  std::vector<std::int64_t> ids;
  for (const json& i : list) ids.push_back(i.at("id").get<std::int64_t>());
  return ids;
}

// ---- org and processes -------------------------------------------------------------

TEST_F(CliMisc, OrgJsonListsEveryUserWithLoginAndRoles) {
  json org = Must(cli_.Run({"org", "--json"})).Json();
  ASSERT_TRUE(org.contains("users")) << org.dump(2);
  ASSERT_TRUE(org.at("users").is_array());
  std::map<std::string, std::vector<std::string>> roles;
  std::map<std::string, std::string> positions;
  for (const json& u : org.at("users")) {
    roles[u.at("login").get<std::string>()] = u.at("roles").get<std::vector<std::string>>();
    positions[u.at("login").get<std::string>()] = u.value("position", "");
  }
  const std::map<std::string, std::vector<std::string>> expected = {
      {"p32", {"group-director"}},
      {"p33", {"pp-officer", "budget-analyst", "budget-analyst-operating"}},
      {"p34", {"pp-officer", "budget-analyst", "budget-analyst-investment"}},
      {"p35", {"pp-officer", "policy-planner", "me-analyst"}},
      {"p36", {"pp-officer", "me-analyst"}},
      {"p37", {"pp-officer", "policy-planner"}},
      {"p38", {"admin-clerk"}},
      {"admin", {"admin"}},
      // The sample office's schools are users too, so work per school reaches them.
      {"school-01", {"school"}},
      {"school-02", {"school"}},
      {"school-03", {"school"}},
      {"school-04", {"school"}},
      {"school-05", {"school"}},
  };
  EXPECT_EQ(roles.size(), expected.size()) << org.at("users").dump(2);
  for (const auto& [login, want] : expected) {
    ASSERT_TRUE(roles.count(login)) << login << " missing from " << org.at("users").dump(2);
    std::vector<std::string> got = roles.at(login);
    std::vector<std::string> sorted_want = want;
    std::sort(got.begin(), got.end());
    std::sort(sorted_want.begin(), sorted_want.end());
    EXPECT_EQ(got, sorted_want) << login;
  }
  EXPECT_EQ(positions.at("p33"), "๓๓");
  EXPECT_EQ(positions.at("p38"), "อ ๓๘");
  EXPECT_EQ(positions.at("admin"), "");
  EXPECT_EQ(org.at("office"), "สำนักงานเขตพื้นที่การศึกษาประถมศึกษานครราชสีมา เขต 3");
  // The outside bodies and who records them come along.
  bool found = false;
  for (const json& r : org.at("roles")) {
    if (r.at("id") == "area-committee") {
      found = true;
      EXPECT_EQ(r.at("recorded_by").get<std::vector<std::string>>(),
                (std::vector<std::string>{"group-director", "budget-analyst", "policy-planner", "me-analyst"}));
    }
  }
  EXPECT_TRUE(found) << org.at("roles").dump(2);
  // The text form names the acting order.
  CliResult text = Must(cli_.Run({"org"}));
  EXPECT_NE(text.out.find("Acting order for group-director"), std::string::npos) << text;
}

// The process files init deploys: every processes/*.xml but the org file.
std::size_t ProcessFileCount() {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(ProcessesDir())) {
    n += e.path().extension() == ".xml" && e.path().filename() != "org.xml";
  }
  return n;
}

// The entry of a JSON list whose `key` is `value`; fails the test when absent.
json Entry(const json& list, const std::string& key, const std::string& value) {
  for (const json& e : list) {
    if (e.at(key) == value) return e;
  }
  ADD_FAILURE() << "no entry with " << key << "=" << value << " in " << list.dump(2);
  return json::object();
}

TEST_F(CliMisc, ProcessesJsonShowsDeployedVersionsAndRunningCounts) {
  json list = Must(As("p33", {"processes", "--json"})).Json().at("processes");
  ASSERT_EQ(list.size(), ProcessFileCount()) << list.dump(2);
  const json p = Entry(list, "id", "budget-request");
  EXPECT_EQ(p.at("id"), "budget-request");
  EXPECT_EQ(p.at("version"), 1);
  EXPECT_EQ(p.at("running"), 0);
  EXPECT_EQ(p.at("deployed"), "2025-08-01T02:00:00Z");
  EXPECT_EQ(p.at("name"),
            "การจัดตั้งและเสนอของบประมาณประจำปี และในกรณีเร่งด่วนของสำนักงานเขตพื้นที่การศึกษาและสถานศึกษา");
  EXPECT_TRUE(std::regex_match(p.at("hash").get<std::string>(), std::regex("[0-9a-f]{64}"))) << p.dump();

  std::int64_t a = StartBudget("p33", "operating");
  StartBudget("p34", "investment");
  EXPECT_EQ(Entry(Must(As("p33", {"processes", "--json"})).Json().at("processes"), "id", "budget-request").at("running"), 2);
  Must(As("admin", {"cancel", std::to_string(a), "--reason", "ซ้ำ"}));
  EXPECT_EQ(Entry(Must(As("p33", {"processes", "--json"})).Json().at("processes"), "id", "budget-request").at("running"), 1);

  CliResult text = Must(As("p33", {"processes"}));
  EXPECT_NE(text.out.find("PROCESS"), std::string::npos) << text;
  EXPECT_NE(text.out.find("budget-request"), std::string::npos) << text;
}

TEST_F(CliMisc, InitReportsWhatItDeployedAndIsRepeatableByAnAdministrator) {
  TempDir other;
  CliRunner fresh(other.path() / "sub" / "new.db");
  json deployed = Must(fresh.Run({"init", "--processes", ProcessesDir().string(), "--json"})).Json();
  ASSERT_EQ(deployed.size(), ProcessFileCount()) << deployed.dump(2);
  for (const json& d : deployed) {
    EXPECT_EQ(d.at("version"), 1) << d.dump();
    EXPECT_EQ(d.at("changed"), true) << d.dump();
  }
  Entry(deployed, "process", "budget-request");
  EXPECT_TRUE(std::filesystem::exists(other.path() / "sub" / "new.db"));

  // Again, as the administrator: nothing changes.
  std::string before = DumpDatabase(fresh.db());
  json again = Must(fresh.As("admin", {"init", "--processes", ProcessesDir().string(), "--json"})).Json();
  ASSERT_EQ(again.size(), ProcessFileCount()) << again.dump(2);
  for (const json& d : again) {
    EXPECT_EQ(d.at("changed"), false) << d.dump();
    EXPECT_EQ(d.at("version"), 1) << d.dump();
  }
  EXPECT_EQ(DumpDatabase(fresh.db()), before);

  // Anyone else may not redeploy the org.
  CliResult refused = fresh.As("p33", {"init", "--processes", ProcessesDir().string()});
  EXPECT_EQ(refused.exit_code, 1) << refused;
  EXPECT_NE(refused.err.find("only an administrator"), std::string::npos) << refused;
  EXPECT_EQ(DumpDatabase(fresh.db()), before);

  // A folder without org.xml is refused before anything is created.
  TempDir empty;
  CliRunner none(empty.path() / "x.db");
  CliResult no_org = none.Run({"init", "--processes", empty.path().string()});
  EXPECT_EQ(no_org.exit_code, 1) << no_org;
  EXPECT_NE(no_org.err.find("no org file at"), std::string::npos) << no_org;
  EXPECT_FALSE(std::filesystem::exists(empty.path() / "x.db"));
}

TEST_F(CliMisc, CommandsOtherThanInitNeedAnExistingDatabase) {
  CliRunner missing(dir_.path() / "missing.db");
  CliResult r = missing.As("p33", {"tasks"});
  EXPECT_EQ(r.exit_code, 3) << r;   // the database cannot serve: a storage failure, not a refusal
  EXPECT_NE(r.err.find("no database at"), std::string::npos) << r;
  EXPECT_NE(r.err.find("krabuan init"), std::string::npos) << r;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "missing.db"));
}

// ---- instances and cancel ----------------------------------------------------------

TEST_F(CliMisc, InstancesFilterByStateAndProcess) {
  std::int64_t done = StartBudget("p33", "operating");
  WalkOperatingToCompletion(done);
  std::int64_t cancelled = StartBudget("p33", "operating");
  Must(As("admin", {"cancel", std::to_string(cancelled), "--reason", "ยกเลิก"}));
  std::int64_t running = StartBudget("p34", "investment");

  using V = std::vector<std::int64_t>;
  EXPECT_EQ(Ids(Must(As("p36", {"instances", "--json"})).Json().at("instances")), (V{done, cancelled, running}));
  EXPECT_EQ(Ids(Must(As("p36", {"instances", "--state", "running", "--json"})).Json().at("instances")), V{running});
  EXPECT_EQ(Ids(Must(As("p36", {"instances", "--state", "completed", "--json"})).Json().at("instances")), V{done});
  EXPECT_EQ(Ids(Must(As("p36", {"instances", "--state", "cancelled", "--json"})).Json().at("instances")), V{cancelled});
  EXPECT_EQ(Ids(Must(As("p36", {"instances", "--process", "budget-request", "--state", "running", "--json"})).Json().at("instances")),
            V{running});
  EXPECT_EQ(Ids(Must(As("p36", {"instances", "--process", "no-such", "--json"})).Json().at("instances")), V{});

  json states = Must(As("p36", {"instances", "--json"})).Json().at("instances");
  EXPECT_EQ(states[0].at("state"), "completed");
  EXPECT_EQ(states[1].at("state"), "cancelled");
  EXPECT_EQ(states[1].at("end_reason"), "ยกเลิก");
  EXPECT_EQ(states[2].at("state"), "running");
  EXPECT_EQ(states[2].at("ended"), nullptr);

  CliResult text = Must(As("p36", {"instances", "--state", "running"}));
  EXPECT_NE(text.out.find("budget-request"), std::string::npos) << text;
  EXPECT_NE(text.out.find("running"), std::string::npos) << text;
  EXPECT_EQ(text.out.find("cancelled"), std::string::npos) << text;
}

TEST_F(CliMisc, AdminCancelCancelsEveryOpenTask) {
  std::int64_t id = StartAtParallel();
  std::int64_t other = StartBudget("p34", "investment");  // must stay untouched
  json before = Show(id);
  ASSERT_EQ(before.at("tasks").size(), 2u) << before.dump(2);
  std::set<std::int64_t> open = {before.at("tasks")[0].at("id").get<std::int64_t>(),
                                 before.at("tasks")[1].at("id").get<std::int64_t>()};

  CliResult r = Must(As("admin", {"cancel", std::to_string(id), "--reason", "ผู้บริหารสั่งยกเลิก", "--json"}));
  EXPECT_EQ(r.Json(), (json{{"instance", id}, {"state", "cancelled"}}));

  json show = Show(id);
  EXPECT_EQ(show.at("state"), "cancelled");
  EXPECT_EQ(show.at("end_reason"), "ผู้บริหารสั่งยกเลิก");
  EXPECT_EQ(show.at("ended"), "2025-08-01T02:00:00Z");
  EXPECT_TRUE(show.at("tasks").empty()) << show.at("tasks").dump(2);
  EXPECT_EQ(show.at("history_intact"), true);
  std::set<std::int64_t> cancelled_tasks;
  for (const json& h : show.at("history")) {
    if (h.at("action") == "task-cancelled") {
      cancelled_tasks.insert(h.at("task").get<std::int64_t>());
      EXPECT_EQ(h.at("user"), "admin");
    }
  }
  EXPECT_EQ(cancelled_tasks, open);
  const json& last = show.at("history").back();
  EXPECT_EQ(last.at("action"), "cancelled");
  EXPECT_EQ(last.at("user"), "admin");
  EXPECT_EQ(last.at("capacity"), "admin");
  EXPECT_EQ(last.at("comment"), "ผู้บริหารสั่งยกเลิก");

  // Nobody sees those tasks any more; the other instance is still there.
  json all = AllTasks();
  for (const json& t : all) EXPECT_NE(t.at("instance"), id) << t.dump(2);
  EXPECT_EQ(all.size(), 1u);
  EXPECT_EQ(Show(other).at("state"), "running");
  // Each of those tasks says cancelled, by admin.
  for (std::int64_t task : open) {
    json t = TaskInfo(task);
    EXPECT_EQ(t.at("instance"), id) << t.dump(2);
    EXPECT_EQ(t.at("state"), "cancelled") << t.dump(2);
    EXPECT_EQ(t.at("completed_by"), "admin") << t.dump(2);
  }
}

TEST_F(CliMisc, CancelWhileTheJoinWaitsLeavesNoTokensAndFreesTheKey) {
  std::int64_t id = StartBudget("p33", "operating", "2568", {"--key", "ปี 68"});
  AdvanceToPrepare(id);
  Complete("p33", id, "prepare-operating", {"--set", "request_amount=1000"});
  Complete("p32", id, "committee-approval", {"--outcome", "approve"});
  Complete("p33", id, "notify-schools");  // the join now holds a token for notify-schools
  std::string tokens = "SELECT count(*) FROM tokens WHERE instance_id = " + std::to_string(id);
  EXPECT_EQ(QueryDatabase(cli_.db(), tokens), (std::vector<std::vector<std::string>>{{"2"}}));

  Must(As("admin", {"cancel", std::to_string(id), "--reason", "ยกเลิก"}));
  EXPECT_EQ(QueryDatabase(cli_.db(), tokens), (std::vector<std::vector<std::string>>{{"0"}}));
  std::vector<std::string> states;
  for (const std::string& s : TaskStates(id)) {
    if (s.rfind("notify-schools ", 0) == 0 || s.rfind("submit-obec ", 0) == 0) states.push_back(s);
  }
  EXPECT_EQ(states, (std::vector<std::string>{"notify-schools completed", "submit-obec cancelled"}));
  // The business key belongs to running instances only: it may be used again.
  std::int64_t again = StartBudget("p33", "operating", "2568", {"--key", "ปี 68"});
  EXPECT_EQ(Show(again).at("key"), "ปี 68");
}

TEST_F(CliMisc, TasksInstanceFilterListsOnlyThatInstance) {
  std::int64_t a = StartBudget("p33", "operating");
  std::int64_t b = StartBudget("p33", "investment");
  json all = Must(As("p34", {"tasks", "--json"})).Json().at("tasks");
  EXPECT_EQ(all.size(), 2u) << all.dump(2);
  json only_b = Must(As("p34", {"tasks", "--instance", std::to_string(b), "--json"})).Json().at("tasks");
  ASSERT_EQ(only_b.size(), 1u) << only_b.dump(2);
  EXPECT_EQ(only_b[0].at("instance"), b);
  json admin_a = Must(As("admin", {"tasks", "--all", "--instance", std::to_string(a), "--json"})).Json().at("tasks");
  ASSERT_EQ(admin_a.size(), 1u) << admin_a.dump(2);
  EXPECT_EQ(admin_a[0].at("instance"), a);
  EXPECT_TRUE(Must(As("p34", {"tasks", "--instance", "999", "--json"})).Json().at("tasks").empty());
}

// ---- claim and reassign ------------------------------------------------------------

TEST_F(CliMisc, ClaimHidesTaskFromOtherHoldersUntilReassigned) {
  std::int64_t id = StartBudget("p33", "operating");
  std::int64_t task = TaskId("p34", id, "announce");
  json claimed = Must(As("p33", {"claim", std::to_string(task), "--json"})).Json();
  EXPECT_EQ(claimed, (json{{"task", task}, {"assignee", "p33"}}));
  EXPECT_TRUE(Must(As("p34", {"tasks", "--json"})).Json().at("tasks").empty());
  json mine = Must(As("p33", {"tasks", "--json"})).Json().at("tasks");
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("assignee"), "p33");

  Must(As("admin", {"reassign", std::to_string(task), "p34", "--comment", "ลาป่วย"}));
  EXPECT_TRUE(Must(As("p33", {"tasks", "--json"})).Json().at("tasks").empty());
  Complete("p34", id, "announce", {"--set", "policy_plan_notified=1", "--set", "criteria_notified=0"});

  json show = Show(id);
  std::vector<std::string> actions;
  for (const json& h : show.at("history")) {
    if (h.at("task") != task) continue;
    actions.push_back(h.at("action").get<std::string>() + ":" + h.at("user").get<std::string>());
    if (h.at("action") == "task-reassigned") {
      EXPECT_EQ(h.at("detail"), (json{{"from", "p33"}, {"to", "p34"}}));
      EXPECT_EQ(h.at("comment"), "ลาป่วย");
    }
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"task-created:p33", "task-claimed:p33", "task-reassigned:admin",
                                               "task-completed:p34", "variables-set:p34", "token-moved:p34"}));
  EXPECT_EQ(show.at("variables").at("criteria_notified"), false);
}

// ---- validate ------------------------------------------------------------------------

TEST_F(CliMisc, ValidateAcceptsTheBundledProcessWithOrWithoutADatabase) {
  std::string file = (ProcessesDir() / "budget-request.xml").string();
  std::string before = Dump();
  CliResult r = Must(cli_.Run({"validate", file}));
  EXPECT_EQ(r.out, file + ": ok (structure checked, proved sound)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(Must(cli_.Run({"validate", file, "--json"})).Json(), (json{{"valid", {file}}, {"warnings", json::array()}}));
  EXPECT_EQ(Dump(), before);

  CliRunner no_db(dir_.path() / "none.db");
  CliResult alone = Must(no_db.Run({"validate", file}));
  EXPECT_EQ(alone.out, file + ": ok (structure checked, proved sound)\n");
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "none.db"));
}

constexpr const char* kManyProblems =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<process id=\"bad\" name=\"Bad\" start-roles=\"budget-analyst\">\n"
    "  <input name=\"amount\" type=\"currency\" label=\"x\"/>\n"
    "  <start id=\"start\" to=\"t1\"/>\n"
    "  <task id=\"t1\" name=\"one\" role=\"budget-analyst\" to=\"pick\" due=\"soon\"/>\n"
    "  <choice id=\"pick\"/>\n"
    "  <task id=\"t2\" name=\"two\" role=\"budget-analyst\" to=\"nowhere\" bogus=\"1\"/>\n"
    "  <task id=\"t1\" name=\"again\" role=\"budget-analyst\" to=\"done\"/>\n"
    "  <end id=\"done\"/>\n"
    "</process>\n";

TEST_F(CliMisc, ValidateListsEveryProblemWithFileLineAndColumn) {
  std::string bad = dir_.WriteFile("bad.xml", kManyProblems).string();
  std::string good = (ProcessesDir() / "budget-request.xml").string();
  std::string before = Dump();
  CliResult r = cli_.Run({"validate", good, bad});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_EQ(r.out, "") << r;
  // Each problem once, at its place.
  const std::vector<std::pair<std::string, std::string>> expected = {
      {bad + ":3:24: ", "unknown type 'currency'"},
      {bad + ":5:60: ", "'soon' is not a time expression"},
      {bad + ":6:3: ", "a choice needs at least one <when>"},
      {bad + ":7:63: ", "unknown attribute 'bogus'"},
      {bad + ":7:3: ", "flow to unknown node 'nowhere'"},
      {bad + ":8:3: ", "duplicate id 't1'"},
  };
  std::vector<std::string> lines = r.ErrLines();
  EXPECT_EQ(lines.size(), expected.size()) << r;
  for (const std::string& line : lines) {
    EXPECT_TRUE(std::regex_search(line, std::regex("^krabuan: .*bad\\.xml:[0-9]+:[0-9]+: "))) << line;
  }
  for (const auto& [where, what] : expected) {
    int hits = 0;
    for (const std::string& line : lines) hits += line.find(where) != std::string::npos && line.find(what) != std::string::npos;
    EXPECT_EQ(hits, 1) << "expected one line with \"" << where << "\" and \"" << what << "\"\n" << r;
  }
  EXPECT_EQ(Dump(), before);
}

// With a database, validate also checks roles against the org. A file that also has
// format problems must still get its role problems reported: "every problem".
TEST_F(CliMisc, ValidateReportsUnknownRolesAlongsideFormatProblems) {
  std::string text = kManyProblems;
  text.replace(text.find("role=\"budget-analyst\" to=\"pick\""), 21, "role=\"no-such-role\"  ");
  std::string bad = dir_.WriteFile("roles.xml", text).string();
  CliResult r = cli_.Run({"validate", bad});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("unknown type 'currency'"), std::string::npos) << r;
  // Reported at the role attribute itself.
  EXPECT_NE(r.err.find(bad + ":5:28: unknown role 'no-such-role'"), std::string::npos)
      << "the unknown role is not reported when the file has other problems\n" << r;
}

TEST_F(CliMisc, ValidateAndDeployReportUnknownRolesWithTheirPlace) {
  std::string text = ReadTextFile(ProcessesDir() / "budget-request.xml");
  std::size_t pos = text.find("role=\"school\"");
  text.replace(pos, 13, "role=\"schools\"");
  std::string file = dir_.WriteFile("budget-request.xml", text).string();
  // Reported at the role attribute itself.
  int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
  std::string before = Dump();
  for (const std::vector<std::string>& cmd : {std::vector<std::string>{"validate", file},
                                              std::vector<std::string>{"--as", "admin", "deploy", file}}) {
    CliResult r = cli_.Run(cmd);
    EXPECT_EQ(r.exit_code, 1) << r;
    ASSERT_EQ(r.ErrLines().size(), 1u) << r;
    EXPECT_TRUE(std::regex_search(r.err, std::regex(":" + std::to_string(line) + ":[0-9]+: unknown role 'schools'")))
        << r;
  }
  EXPECT_EQ(Dump(), before);
}

// ---- versions --------------------------------------------------------------------

TEST_F(CliMisc, ChangedProcessBecomesVersion2WhileRunningInstancesKeepVersion1) {
  std::int64_t old_case = StartBudget("p33", "operating");
  std::string v1_monitor_name;
  {
    // The v1 name of the last task, from the bundled file.
    std::string src = ReadTextFile(ProcessesDir() / "budget-request.xml");
    std::size_t at = src.find("<task id=\"monitor-report\"");
    std::size_t start = src.find("name=\"", at) + 6;
    v1_monitor_name = src.substr(start, src.find('"', start) - start);
  }
  Complete("p33", old_case, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});

  std::string v2 = dir_.WriteFile("budget-request.xml", ChangedBudgetRequest()).string();
  json deployed = Must(As("admin", {"deploy", v2, "--json"})).Json();
  ASSERT_EQ(deployed.size(), 1u) << deployed.dump(2);
  EXPECT_EQ(deployed[0].at("process"), "budget-request");
  EXPECT_EQ(deployed[0].at("version"), 2);
  EXPECT_EQ(deployed[0].at("changed"), true);
  json budget = Entry(Must(As("admin", {"processes", "--json"})).Json().at("processes"), "id", "budget-request");
  EXPECT_EQ(budget.at("version"), 2);
  EXPECT_EQ(budget.at("running"), 1);

  // The old case stays on v1 and finishes there, with v1's task names.
  EXPECT_EQ(Show(old_case).at("version"), 1);
  SchoolRequests(old_case, Schools(), "p38", {"--set", "requested_amount=10"});
  Complete("p34", old_case, "committee-analysis", {"--outcome", "suitable"});
  Complete("p33", old_case, "set-targets", {"--set", "quantitative_targets=1", "--set", "qualitative_targets=2"});
  Complete("p33", old_case, "prepare-operating", {"--set", "request_amount=10"});
  Complete("p32", old_case, "committee-approval", {"--outcome", "approve"});
  Complete("p33", old_case, "notify-schools");
  Complete("p33", old_case, "submit-obec");
  EXPECT_EQ(TaskName("p33", old_case, "monitor-report"), v1_monitor_name);
  Complete("p33", old_case, "monitor-report");
  json old_show = Show(old_case);
  EXPECT_EQ(old_show.at("version"), 1);
  EXPECT_EQ(old_show.at("state"), "completed");
  EXPECT_EQ(old_show.at("history")[0].at("detail").at("version"), 1);

  // A new case starts on v2.
  std::int64_t new_case = StartBudget("p33", "operating");
  EXPECT_EQ(Show(new_case).at("version"), 2);
  EXPECT_EQ(TaskName("p33", new_case, "announce").rfind("(ฉบับที่ 2) ", 0), 0u);
  json listed = Must(As("admin", {"instances", "--json"})).Json().at("instances");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].at("version"), 1);
  EXPECT_EQ(listed[1].at("version"), 2);

  // Deploying v2 again changes nothing.
  std::string before = Dump();
  CliResult again = Must(As("admin", {"deploy", v2}));
  EXPECT_EQ(again.out.rfind("budget-request v2 unchanged: ", 0), 0u) << again;
  EXPECT_EQ(Dump(), before);
}

TEST_F(CliMisc, RedeployingUnchangedContentReportsUnchanged) {
  std::string file = (ProcessesDir() / "budget-request.xml").string();
  std::string before = Dump();
  CliResult text = Must(As("admin", {"deploy", file}));
  EXPECT_EQ(text.out,
            "budget-request v1 unchanged: "
            "การจัดตั้งและเสนอของบประมาณประจำปี และในกรณีเร่งด่วนของสำนักงานเขตพื้นที่การศึกษาและสถานศึกษา\n");
  json j = Must(As("admin", {"deploy", file, "--json"})).Json();
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0].at("changed"), false);
  EXPECT_EQ(j[0].at("version"), 1);
  EXPECT_EQ(Dump(), before);
}

// ---- clock -----------------------------------------------------------------------

TEST_F(CliMisc, FixedClockSetsCreatedAndFiscalYearDue) {
  // KRABUAN_NOW = 2025-08-01T09:00+07:00, fiscal year 2568 ends 30 Sep 2025, 23:59:59 Bangkok.
  std::int64_t a = StartBudget("p33", "operating", "2568");
  json tasks = Must(As("p33", {"tasks", "--json"})).Json().at("tasks");
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].at("created"), "2025-08-01T02:00:00Z");
  EXPECT_EQ(tasks[0].at("due"), "2025-09-30T16:59:59Z");
  json show = Show(a);
  EXPECT_EQ(show.at("started"), "2025-08-01T02:00:00Z");
  EXPECT_EQ(show.at("history")[0].at("at"), "2025-08-01T02:00:00Z");

  // --now wins over KRABUAN_NOW; the due follows the fiscal_year input.
  json started = Must(As("p33", {"--now", "2025-09-15T13:45:00+07:00", "start", "budget-request", "--set",
                                 "fiscal_year=2569", "--set", "budget_category=other", "--json"}))
                     .Json();
  std::int64_t b = started.at("instance").get<std::int64_t>();
  json b_show = Show(b);
  EXPECT_EQ(b_show.at("started"), "2025-09-15T06:45:00Z");
  ASSERT_EQ(b_show.at("tasks").size(), 1u);
  EXPECT_EQ(b_show.at("tasks")[0].at("created"), "2025-09-15T06:45:00Z");
  EXPECT_EQ(b_show.at("tasks")[0].at("due"), "2026-09-30T16:59:59Z");

  // KRABUAN_NOW from the environment, as UTC.
  json c_start = Must(cli_.RunWithEnv({"--as", "p33", "start", "budget-request", "--set", "fiscal_year=2569", "--set",
                                       "budget_category=other", "--json"},
                                      {{"KRABUAN_NOW", "2025-10-02T08:00:00Z"}}))
                     .Json();
  EXPECT_EQ(Show(c_start.at("instance").get<std::int64_t>()).at("started"), "2025-10-02T08:00:00Z");

  // Read commands use the clock too: after the due, the task list marks it overdue.
  CliResult late = Must(As("p33", {"--now", "2025-10-01T08:00+07:00", "tasks", "--role", "budget-analyst"}));
  std::size_t overdue = 0;
  for (std::size_t p = late.out.find("(เกินกำหนด)"); p != std::string::npos; p = late.out.find("(เกินกำหนด)", p + 1)) {
    ++overdue;
  }
  EXPECT_EQ(overdue, 1u) << "only the FY 2568 task is overdue on 1 Oct 2025\n" << late;
  CliResult early = Must(As("p33", {"tasks"}));
  EXPECT_EQ(early.out.find("(เกินกำหนด)"), std::string::npos) << early;
}

// ---- Thai text -------------------------------------------------------------------

TEST_F(CliMisc, ThaiTextRoundTripsThroughCommentsFieldsAndShow) {
  const std::string start_comment = "เริ่มคำขอ ปีงบประมาณ ๒๕๖๘  (สองช่องว่าง) \"อัญประกาศ\" 'เดี่ยว' — ครบ";
  const std::string note = "ค่า=มีเครื่องหมายเท่ากับ และ ช่องว่าง";
  const std::string comment = "ไม่เห็นชอบ: ให้ทบทวนวงเงินค่าครุภัณฑ์ ๑,๕๐๐,๐๐๐.๕๐ บาท";
  std::int64_t id = StartBudget("p33", "investment", "๒๕๖๘", {"--comment", start_comment});
  Complete("p33", id, "announce", {"--set", "policy_plan_notified=จริง", "--set", "criteria_notified=เท็จ"});
  SchoolRequests(id, Schools(), "p38", {"--set", "requested_amount=๑,๕๐๐,๐๐๐.๕๐"});
  Complete("p33", id, "committee-analysis", {"--outcome", "ให้ปรับปรุง", "--set", "analysis_note=" + note});
  // Sent back: every school's request is open again; the first one carries the comment.
  SchoolRequests(id, {"school-01"}, "p38", {"--set", "requested_amount=1500000.5", "--comment", comment});
  SchoolRequests(id, {"school-02", "school-03", "school-04", "school-05"}, "p38", {"--set", "requested_amount=1500000.5"});

  json show = Show(id);
  const json& v = show.at("variables");
  EXPECT_EQ(v.at("fiscal_year"), 2568);
  EXPECT_EQ(v.at("criteria_notified"), false);
  EXPECT_EQ(v.at("school-request.school-01.requested_amount"), "1500000.50");  // each school's own amount
  EXPECT_EQ(v.at("analysis_note"), note);
  EXPECT_EQ(v.at("committee-analysis.outcome"), "revise");
  EXPECT_EQ(show.at("history")[0].at("comment"), start_comment);
  bool found = false;
  for (const json& h : show.at("history")) {
    if (h.at("action") == "task-completed" && h.at("comment") == comment) found = true;
  }
  EXPECT_TRUE(found) << show.at("history").dump(2);

  CliResult text = Must(As("p34", {"show", std::to_string(id)}));
  EXPECT_NE(text.out.find(start_comment), std::string::npos) << text;
  EXPECT_NE(text.out.find(comment), std::string::npos) << text;
  EXPECT_NE(text.out.find(note), std::string::npos) << text;
  EXPECT_NE(text.out.find("ให้ปรับปรุง (revise)"), std::string::npos) << text;
  EXPECT_NE(text.out.find("1,500,000.50"), std::string::npos) << text;
}

// ---- users and history -----------------------------------------------------------

// On a database file the caller owns alone (the suite's), KRABUAN_USER or --as choose the
// login; $USER never does: without either, the OS account acts as itself.
TEST_F(CliMisc, TheLoginComesFromKrabuanUserOrAsNeverFromUser) {
  StartBudget("p33", "operating");
  auto count = [](const CliResult& r) { return r.Json().at("tasks").size(); };
  EXPECT_EQ(count(Must(cli_.RunWithEnv({"tasks", "--json"}, {{"KRABUAN_USER", "p33"}}))), 1u);
  EXPECT_EQ(count(Must(cli_.RunWithEnv({"--as", "p36", "tasks", "--json"}, {{"KRABUAN_USER", "p33"}}))), 0u);
  CliResult by_user = cli_.RunWithEnv({"tasks"}, {{"USER", "p33"}, {"LOGNAME", "p33"}});
  EXPECT_EQ(by_user.exit_code, 1) << by_user;
  EXPECT_NE(by_user.err.find("OS account '"), std::string::npos) << by_user;
  EXPECT_NE(by_user.err.find("is no user in the org file"), std::string::npos) << by_user;
  CliResult stranger = cli_.RunWithEnv({"tasks"}, {{"KRABUAN_USER", "somebody-else"}});
  EXPECT_EQ(stranger.exit_code, 1) << stranger;
  EXPECT_NE(stranger.err.find("unknown user 'somebody-else'"), std::string::npos) << stranger;
  // Global options after the subcommand work as well.
  EXPECT_EQ(count(Must(cli_.Run({"tasks", "--as", "p34", "--json"}))), 1u);
}

TEST_F(CliMisc, ShowReportsABrokenHistoryChain) {
  tampered_ = true;
  std::int64_t id = StartBudget("p33", "operating");
  Complete("p33", id, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
  json before = Show(id);
  EXPECT_EQ(before.at("history_intact"), true);
  EXPECT_EQ(before.at("first_broken_row"), nullptr);
  std::string completed;
  for (const json& h : before.at("history")) {
    if (h.at("action") == "task-completed") completed = std::to_string(h.at("id").get<std::int64_t>());
  }
  ASSERT_FALSE(completed.empty());
  ExecuteSql(cli_.db(), "UPDATE history SET user = 'p34' WHERE instance_id = " + std::to_string(id) +
                            " AND action = 'task-completed'");
  // Exit 1, naming the row, in both forms: a script must not take the record as sound.
  CliResult j = As("admin", {"show", std::to_string(id), "--json"});
  EXPECT_EQ(j.exit_code, 1) << j;
  EXPECT_EQ(j.Json().at("history_intact"), false);
  EXPECT_EQ(j.Json().at("first_broken_row"), std::stoll(completed));
  EXPECT_NE(j.err.find("the history chain is broken at row " + completed), std::string::npos) << j;
  CliResult text = As("p33", {"show", std::to_string(id)});
  EXPECT_EQ(text.exit_code, 1) << text;
  EXPECT_NE(text.out.find("History chain: BROKEN at row " + completed), std::string::npos) << text;
}

// ---- help ------------------------------------------------------------------------

TEST_F(CliMisc, HelpExitsZeroAndListsTheCommands) {
  CliResult help = cli_.Run({"--help"});
  EXPECT_EQ(help.exit_code, 0) << help;
  EXPECT_NE(help.out.find("Usage:"), std::string::npos) << help;
  for (const char* cmd : {"init", "org", "deploy", "validate", "processes", "start", "tasks", "claim", "complete",
                          "reassign", "show", "instances", "cancel"}) {
    EXPECT_NE(help.out.find(std::string("\n  ") + cmd), std::string::npos) << cmd << "\n" << help;
  }
  CliResult sub = cli_.Run({"complete", "--help"});
  EXPECT_EQ(sub.exit_code, 0) << sub;
  EXPECT_NE(sub.out.find("--outcome"), std::string::npos) << sub;
  EXPECT_NE(sub.out.find("--set"), std::string::npos) << sub;
}

}  // namespace
}  // namespace krabuan::clitest
