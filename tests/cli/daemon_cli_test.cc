// `daemon --once`, `overdue` and `alerts` through the real binary.
#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

class CliDaemon : public CliTest {};

TEST_F(CliDaemon, OnceRaisesOneOverdueAlertAndAgainNone) {
  std::int64_t id = StartBudget("p34", "investment");
  const std::string after_due = "2025-10-02T09:00+07:00";   // the notice was due 30 Sep 2568

  json fired = Must(cli_.Run({"--now", after_due, "daemon", "--once", "--json"})).Json();
  // The reminder of 25 Sep (silent: the task is late by now), the notice's overdue alert,
  // and annual-action-plan's recurring start (1 October).
  EXPECT_EQ(fired.at("fired"), 3) << fired.dump();
  EXPECT_EQ(fired.at("failed"), 0);
  json again = Must(cli_.Run({"--now", after_due, "daemon", "--once", "--json"})).Json();
  EXPECT_EQ(again.at("fired"), 0) << again.dump();

  json alerts = Must(As("p32", {"alerts", "--json"})).Json();
  ASSERT_EQ(alerts.size(), 1u) << alerts.dump(2);
  EXPECT_EQ(alerts[0].at("instance"), id);
  std::string text = alerts[0].at("text");
  EXPECT_NE(text.find("การจัดตั้งและเสนอของบประมาณ"), std::string::npos) << text;
  EXPECT_NE(text.find("เกินกำหนด 1 วัน"), std::string::npos) << text;
  EXPECT_EQ(alerts[0].at("payload").at("late_seconds"), 118801);

  json late = Must(cli_.Run({"--as", "p36", "--now", after_due, "overdue", "--json"})).Json().at("tasks");
  ASSERT_EQ(late.size(), 1u) << late.dump(2);
  EXPECT_EQ(late[0].at("node"), "announce");
  EXPECT_EQ(late[0].at("late_seconds"), 118801);
  json mine = Must(cli_.Run({"--as", "p34", "--now", after_due, "tasks", "--overdue", "--json"})).Json().at("tasks");
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_TRUE(Must(cli_.Run({"--as", "p34", "tasks", "--overdue", "--json"})).Json().at("tasks").empty());   // not late yet
}

}  // namespace
}  // namespace krabuan::clitest
