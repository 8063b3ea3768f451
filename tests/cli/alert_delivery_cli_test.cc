// `daemon --once --config FILE` delivering alerts, and `alerts` showing where they stand,
// through the real binary and a real HTTP server on 127.0.0.1.
#include "tests/cli/cli_fixture.h"
#include "tests/support/http_test_server.h"

namespace krabuan::clitest {
namespace {

class CliAlertDelivery : public CliTest {
 protected:
  std::string Config(const std::string& extra_sinks = "") const {
    return dir_.WriteFile("krabuan.json", R"({
      "sinks": [
        {"type": "webhook", "name": "hook", "url": ")" + server_.Url("/alerts") + R"(", "timeout_seconds": 2})" +
                                             extra_sinks + R"(
      ],
      "retry": {"initial_delay_seconds": 60, "jitter": 0}
    })")
        .string();
  }

  testing::HttpTestServer server_;
  const std::string after_due_ = "2025-10-02T09:00+07:00";   // the notice was due 30 Sep 2568
};

TEST_F(CliAlertDelivery, OnceWithAConfigDeliversTheOverdueAlertToTheWebhook) {
  std::int64_t id = StartBudget("p34", "investment");
  std::string log = (dir_.path() / "sent.jsonl").string();
  std::string config = Config(R"(, {"type": "command", "name": "file", "program": "/bin/sh", "args": ["-c", "cat >> )" +
                              log + R"("]})");
  json out = Must(cli_.Run({"--now", after_due_, "daemon", "--once", "--config", config, "--json"})).Json();
  // The reminder (past, so silent), the overdue alert and annual-action-plan's recurring
  // start (1 October); one alert to two sinks.
  EXPECT_EQ(out.at("fired"), 3) << out.dump();
  EXPECT_EQ(out.at("alerts").at("delivered"), 2) << out.dump();
  EXPECT_EQ(out.at("alerts").at("retrying"), 0);

  auto requests = server_.Requests();
  ASSERT_EQ(requests.size(), 1u);
  json body = json::parse(requests[0].body);
  EXPECT_EQ(body.at("instance"), id);
  EXPECT_EQ(body.at("step"), "announce");
  EXPECT_NE(body.at("text").get<std::string>().find("เกินกำหนด 1 วัน"), std::string::npos) << body.dump();
  EXPECT_EQ(json::parse(ReadTextFile(log)).at("id"), body.at("id"));

  json alerts = Must(As("p32", {"alerts", "--json"})).Json();
  ASSERT_EQ(alerts.size(), 1u);
  ASSERT_EQ(alerts[0].at("deliveries").size(), 2u) << alerts.dump(2);
  EXPECT_EQ(alerts[0].at("deliveries")[1].at("sink"), "hook");
  EXPECT_EQ(alerts[0].at("deliveries")[1].at("state"), "delivered");
  CliResult table = Must(As("p32", {"alerts"}));
  EXPECT_NE(table.out.find("hook ✓"), std::string::npos) << table;

  // Nothing new: the next run sends nothing again.
  Must(cli_.Run({"--now", after_due_, "daemon", "--once", "--config", config}));
  EXPECT_EQ(server_.Requests().size(), 1u);
}

TEST_F(CliAlertDelivery, AReceiverThatWasDownGetsTheAlertOnALaterRun) {
  StartBudget("p34", "investment");
  server_.Stop();
  std::string config = Config();
  CliResult first = Must(cli_.Run({"--now", after_due_, "daemon", "--once", "--config", config}));
  EXPECT_NE(first.out.find("delivered 0 alert(s), 1 to retry"), std::string::npos) << first;
  CliResult listed = Must(As("p32", {"alerts"}));
  EXPECT_NE(listed.out.find("hook: รอส่งใหม่ (1)"), std::string::npos) << listed;

  server_.Start();
  json early = Must(cli_.Run({"--now", "2025-10-02T09:00:30+07:00", "daemon", "--once", "--config", config, "--json"})).Json();
  EXPECT_EQ(early.at("alerts").at("delivered"), 0) << early.dump();   // the retry is due a minute later
  EXPECT_EQ(early.at("alerts").at("next_attempt"), "2025-10-02T02:01:00Z");
  json later = Must(cli_.Run({"--now", "2025-10-02T09:01+07:00", "daemon", "--once", "--config", config, "--json"})).Json();
  EXPECT_EQ(later.at("alerts").at("delivered"), 1) << later.dump();
  EXPECT_EQ(server_.Requests().size(), 1u);
  json alerts = Must(As("p32", {"alerts", "--json"})).Json();
  EXPECT_EQ(alerts[0].at("deliveries")[0].at("attempts"), 2);
}

TEST_F(CliAlertDelivery, AFailedDeliveryIsRequeuedByAnAdministrator) {
  StartBudget("p34", "investment");
  server_.SetStatus(410);
  std::string config = Config();
  Must(cli_.Run({"--now", after_due_, "daemon", "--once", "--config", config}));
  json alerts = Must(As("p32", {"alerts", "--json"})).Json();
  ASSERT_EQ(alerts[0].at("deliveries")[0].at("state"), "failed") << alerts.dump(2);
  std::string id = std::to_string(alerts[0].at("id").get<std::int64_t>());

  CliResult refused = As("p32", {"alerts", "--retry", id});
  EXPECT_EQ(refused.exit_code, 1) << refused;
  EXPECT_NE(refused.err.find("only an administrator"), std::string::npos) << refused;
  EXPECT_EQ(As("admin", {"alerts", "--retry", "abc"}).exit_code, 1);
  EXPECT_EQ(As("admin", {"alerts", "--retry", "999"}).exit_code, 1);

  server_.SetStatus(200);
  CliResult requeued = Must(As("admin", {"alerts", "--retry", id, "--sink", "hook"}));
  EXPECT_NE(requeued.out.find("1 delivery re-queued"), std::string::npos) << requeued;
  Must(cli_.Run({"--now", after_due_, "daemon", "--once", "--config", config}));
  EXPECT_EQ(Must(As("p32", {"alerts", "--json"})).Json()[0].at("deliveries")[0].at("state"), "delivered");
}

TEST_F(CliAlertDelivery, ABadConfigChangesNothing) {
  StartBudget("p34", "investment");
  std::string bad = dir_.WriteFile("bad.json", "{\n  \"sinks\": [\n    {\"type\": \"webhook\" \"name\": \"x\"}\n  ]\n}\n").string();
  std::string before = Dump();
  CliResult r = cli_.Run({"--now", after_due_, "daemon", "--once", "--config", bad});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find(bad + ":3:29: syntax error"), std::string::npos) << r;   // the end of the token the parser stopped at
  std::string unknown = dir_.WriteFile("unknown.json", R"({"sinks": [{"type": "log", "name": "l", "colour": "red"}]})").string();
  r = cli_.Run({"--now", after_due_, "daemon", "--once", "--config", unknown});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("sinks[0]: unknown key 'colour'"), std::string::npos) << r;
  EXPECT_EQ(Dump(), before) << FirstDifference(before, Dump());
}

}  // namespace
}  // namespace krabuan::clitest
