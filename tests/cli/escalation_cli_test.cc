// Reminders, overdue alerts and escalation through `daemon --once`, with the group
// director away (`absent`), through the real binary.
#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

class CliEscalation : public CliTest {
 protected:
  json Daemon(const std::string& now) const { return Must(cli_.Run({"--now", now, "daemon", "--once", "--json"})).Json(); }

  json AlertsOf(const std::string& kind) const {
    json out = json::array();
    for (const json& a : Must(As("p32", {"alerts", "--json"})).Json()) {
      if (a.at("kind") == kind) out.push_back(a);
    }
    return out;
  }
};

TEST_F(CliEscalation, DueStepRemindsAlertsOnceAndEscalatesToTheActingOfficerWhileTheDirectorIsAway) {
  const std::string start = "2025-09-01T09:00+07:00";
  json started = Must(As("p34", {"--now", start, "start", "budget-request", "--set", "fiscal_year=2568", "--set",
                                 "budget_category=investment", "--json"}))
                     .Json();
  std::int64_t id = started.at("instance");
  std::int64_t announce = TaskId("p34", id, "announce");   // due 30 ก.ย. 2568
  Must(As("p34", {"--now", start, "claim", std::to_string(announce)}));

  // Three working days before the due date: the reminder, once.
  EXPECT_EQ(Daemon("2025-09-25T09:00+07:00").at("fired"), 0);
  EXPECT_EQ(Daemon("2025-09-26T09:00+07:00").at("fired"), 1);
  json reminders = AlertsOf("reminder");
  ASSERT_EQ(reminders.size(), 1u) << reminders.dump(2);
  std::string reminder = reminders[0].at("text");
  EXPECT_NE(reminder.find("เตือนก่อนกำหนด"), std::string::npos) << reminder;
  EXPECT_NE(reminder.find("30 ก.ย. 2568"), std::string::npos) << reminder;

  // Past due: exactly one overdue alert; again, none.
  json fired = Daemon("2025-10-01T09:00+07:00");
  EXPECT_EQ(fired.at("fired"), 2) << fired.dump();   // and annual-action-plan's recurring start (1 October)
  EXPECT_EQ(fired.at("failed"), 0);
  EXPECT_EQ(Daemon("2025-10-01T09:00+07:00").at("fired"), 0);
  EXPECT_EQ(AlertsOf("overdue").size(), 1u);

  // The director records their absence; two working days after the due date the task
  // escalates. p34 (คนที่ ๑) holds it, so it reaches คนที่ ๒, p36.
  CliResult away = As("p32", {"--now", "2025-10-01T09:00+07:00", "absent", "p32", "--from", "2025-10-01", "--to",
                              "2025-10-10", "--reason", "ไปราชการ"});
  ASSERT_EQ(away.exit_code, 0) << away;
  EXPECT_NE(away.out.find("1 ต.ค. 2568 – 10 ต.ค. 2568"), std::string::npos) << away.out;
  EXPECT_EQ(Daemon("2025-10-03T09:00+07:00").at("fired"), 1);
  EXPECT_EQ(Daemon("2025-10-03T09:00+07:00").at("fired"), 0);
  json escalations = AlertsOf("escalation");
  ASSERT_EQ(escalations.size(), 1u) << escalations.dump(2);
  EXPECT_EQ(escalations[0].at("payload").at("escalated_to"), "p36");
  EXPECT_EQ(escalations[0].at("payload").at("acting_for"), "p32");
  std::string text = escalations[0].at("text");
  EXPECT_NE(text.find("ส่งต่อถึง p36 (ตำแหน่งเลขที่ อ ๓๖) รักษาราชการแทน p32"), std::string::npos) << text;

  // The people's view: how late, with whom, escalated to whom.
  json late = Must(As("p37", {"--now", "2025-10-03T09:00+07:00", "overdue", "--json"})).Json().at("tasks");
  ASSERT_EQ(late.size(), 1u) << late.dump(2);
  EXPECT_EQ(late[0].at("assignee"), "p34");
  EXPECT_EQ(late[0].at("escalated_to"), "p36");
  EXPECT_EQ(late[0].at("late_seconds"), 2 * 86400 + 9 * 3600 + 1);
  CliResult table = As("p37", {"--now", "2025-10-03T09:00+07:00", "overdue"});
  ASSERT_EQ(table.exit_code, 0) << table;
  EXPECT_NE(table.out.find("ส่งต่อถึง"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("p36"), std::string::npos) << table.out;
  json theirs = Must(As("p36", {"--now", "2025-10-03T09:00+07:00", "tasks", "--overdue", "--json"})).Json().at("tasks");
  ASSERT_EQ(theirs.size(), 1u) << theirs.dump(2);
  EXPECT_EQ(theirs[0].at("id"), announce);

  json history = Show(id).at("history");
  bool escalated = false;
  for (const json& h : history) escalated |= h.at("action") == "task-escalated" && h.at("detail").at("to") == "p36";
  EXPECT_TRUE(escalated) << history.dump(2);
}

TEST_F(CliEscalation, WhileTheDirectorIsAwayTheirNewTaskGoesToRankOneAndShowSaysForWhom) {
  const std::string now = "2025-09-01T09:00+07:00";
  Must(As("p32", {"--now", now, "absent", "--from", "2025-09-01", "--to", "2025-09-05", "--reason", "อบรม"}));
  CliResult list = As("p38", {"--now", now, "absent", "--list"});
  ASSERT_EQ(list.exit_code, 0) << list;
  EXPECT_NE(list.out.find("ผู้ลา"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("5 ก.ย. 2568"), std::string::npos) << list.out;

  std::int64_t id = Must(As("p38", {"--now", now, "start", "correspondence", "--set", "fiscal_year=2568", "--json"}))
                        .Json()
                        .at("instance");
  auto task = [&](const std::string& login, const std::string& node) {
    for (const json& t : json(Must(As(login, {"--now", now, "tasks", "--json"})).Json().at("tasks"))) {
      if (t.at("instance") == id && t.at("node") == node) return t;
    }
    return json();
  };
  Must(As("p38", {"--now", now, "complete", std::to_string(task("p38", "use-network").at("id").get<std::int64_t>())}));
  Must(As("p38", {"--now", now, "complete", std::to_string(task("p38", "receive").at("id").get<std::int64_t>()),
                  "--outcome", "register"}));
  json assign = task("p34", "assign");   // the director's step, with คนที่ ๑
  ASSERT_TRUE(assign.is_object()) << "p34 does not see 'assign'";
  EXPECT_EQ(assign.at("assignee"), "p34");
  EXPECT_EQ(assign.at("acting_for"), "p32");
  Must(As("p34", {"--now", now, "complete", std::to_string(assign.at("id").get<std::int64_t>()), "--set",
                  "responsible=p35"}));
  CliResult show = As("admin", {"--now", now, "show", std::to_string(id)});
  ASSERT_EQ(show.exit_code, 0) << show;
  EXPECT_NE(show.out.find("p34 (รักษาราชการแทน p32)"), std::string::npos) << show.out;
}

TEST_F(CliEscalation, AbsentRefusesWhatItMayNotDoAndChangesNothing) {
  const std::string now = "2025-09-01T09:00+07:00";
  CliResult other = As("p35", {"--now", now, "absent", "p32", "--from", "2025-09-02", "--to", "2025-09-03"});
  EXPECT_EQ(other.exit_code, 1) << other;
  EXPECT_NE(other.err.find("'p35' may not record an absence of 'p32'"), std::string::npos) << other;
  CliResult backwards = As("p32", {"--now", now, "absent", "--from", "2025-09-05", "--to", "2025-09-02"});
  EXPECT_EQ(backwards.exit_code, 1) << backwards;
  EXPECT_NE(backwards.err.find("absence of 'p32'"), std::string::npos) << backwards;
  CliResult buddhist = As("p32", {"--now", now, "absent", "--from", "2568-09-02", "--to", "2568-09-03"});
  EXPECT_EQ(buddhist.exit_code, 1) << buddhist;
  EXPECT_NE(buddhist.err.find("2025-09-02"), std::string::npos) << buddhist;   // the hint
  CliResult nobody = As("admin", {"--now", now, "absent", "nobody", "--from", "2025-09-02", "--to", "2025-09-03"});
  EXPECT_EQ(nobody.exit_code, 1) << nobody;
  EXPECT_NE(nobody.err.find("unknown user 'nobody'"), std::string::npos) << nobody;
  CliResult no_dates = As("p32", {"--now", now, "absent"});
  EXPECT_EQ(no_dates.exit_code, 1) << no_dates;
  EXPECT_TRUE(Must(As("p32", {"--now", now, "absent", "--list", "--json"})).Json().empty());

  json made = Must(As("admin", {"--now", now, "absent", "p32", "--from", "2025-09-02", "--to", "2025-09-03", "--json"})).Json();
  std::string absence = std::to_string(made.at("absence").get<std::int64_t>());
  CliResult cancel_other = As("p35", {"--now", now, "absent", "--cancel", absence});
  EXPECT_EQ(cancel_other.exit_code, 1) << cancel_other;
  EXPECT_EQ(Must(As("p32", {"--now", now, "absent", "--list", "--json"})).Json().size(), 1u);
  Must(As("p32", {"--now", now, "absent", "--cancel", absence}));
  EXPECT_TRUE(Must(As("p32", {"--now", now, "absent", "--list", "--json"})).Json().empty());
  EXPECT_EQ(As("p32", {"--now", now, "absent", "--list", "--cancel", absence}).exit_code, 2);
}

}  // namespace
}  // namespace krabuan::clitest
