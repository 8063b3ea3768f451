// The config file: a full example, and every kind of mistake reported at once.
#include "adapters/config/config.h"

#include <gtest/gtest.h>

#include "tests/support/cli_runner.h"

namespace krabuan {
namespace {

std::string Joined(const Status& s) {
  std::string out;
  for (const std::string& l : s.lines()) out += l + "\n";
  return out;
}

TEST(ConfigTest, ReadsAFullExample) {
  Result<Config> c = ParseConfig(R"({
    "sinks": [
      {"type": "log", "name": "log"},
      {"type": "webhook", "name": "line-relay", "url": "http://127.0.0.1:8080/alerts",
       "timeout_seconds": 2.5, "headers": {"Authorization": "Bearer abc"}},
      {"type": "command", "name": "mail", "program": "/usr/local/bin/krabuan-mail", "args": ["--to", "ppg@example.go.th"],
       "timeout_seconds": 30}
    ],
    "retry": {"initial_delay_seconds": 60, "max_delay_seconds": 1800, "max_attempts": 5, "jitter": 0.1, "lease_seconds": 600},
    "log": {"target": "file", "file": "/var/log/krabuan/daemon.log", "level": "debug"},
    "daemon": {"batch_size": 50, "poll_interval_seconds": 30}
  })", "krabuan.json");
  ASSERT_TRUE(c.ok()) << Joined(c.status());
  ASSERT_EQ(c->sinks.size(), 3u);
  EXPECT_EQ(c->sinks[0].type, SinkConfig::Type::kLog);
  EXPECT_EQ(c->sinks[1].type, SinkConfig::Type::kWebhook);
  EXPECT_EQ(c->sinks[1].timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(c->sinks[1].headers.at("Authorization"), "Bearer abc");
  EXPECT_EQ(c->sinks[2].program, "/usr/local/bin/krabuan-mail");
  EXPECT_EQ(c->sinks[2].args, (std::vector<std::string>{"--to", "ppg@example.go.th"}));
  EXPECT_EQ(c->retry.initial_delay, std::chrono::seconds(60));
  EXPECT_EQ(c->retry.max_delay, std::chrono::seconds(1800));
  EXPECT_EQ(c->retry.max_attempts, 5);
  EXPECT_DOUBLE_EQ(c->retry.jitter, 0.1);
  EXPECT_EQ(c->retry.lease, std::chrono::seconds(600));
  EXPECT_EQ(c->log.target, LogConfig::Target::kFile);
  EXPECT_EQ(c->log.file, "/var/log/krabuan/daemon.log");
  EXPECT_EQ(c->daemon.batch_size, 50);
  EXPECT_EQ(c->daemon.poll_interval, std::chrono::seconds(30));
}

TEST(ConfigTest, AnEmptyObjectMeansNoSinksAndTheDefaults) {
  Result<Config> c = ParseConfig("{}", "k.json");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->sinks.empty());
  EXPECT_EQ(c->retry.initial_delay, std::chrono::seconds(30));
  EXPECT_EQ(c->retry.max_delay, std::chrono::seconds(3600));
  EXPECT_EQ(c->log.target, LogConfig::Target::kConsole);
}

TEST(ConfigTest, ASyntaxErrorPointsAtLineAndColumn) {
  Result<Config> c = ParseConfig("{\n  \"sinks\": [\n    {\"type\": \"log\",, }\n  ]\n}\n", "k.json");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().kind(), ErrorKind::kInvalid);
  EXPECT_EQ(c.status().message().rfind("k.json:3:20: ", 0), 0u) << c.status().message();
}

TEST(ConfigTest, ReportsEveryProblemWithWhereItIs) {
  Result<Config> c = ParseConfig(R"({
    "sinks": [
      {"type": "webhook", "name": "a", "url": "https://hooks.example.org/x", "timout_seconds": 5},
      {"type": "pager", "name": "a"},
      {"type": "command", "name": "", "args": [1]},
      {"type": "webhook", "name": "b", "headers": {"X-A": 1}}
    ],
    "retry": {"max_attempts": 0, "jitter": 2},
    "log": {"target": "file"},
    "daemon": {"batch_size": "many"},
    "extra": true
  })", "k.json");
  ASSERT_FALSE(c.ok());
  std::string all = Joined(c.status());
  for (const char* expected : {
           "k.json: sinks[0].url: 'https://hooks.example.org/x': https is not supported",
           "k.json: sinks[0]: unknown key 'timout_seconds'",
           "k.json: sinks[1].type: 'pager' is not a sink type (log, webhook, command)",
           "k.json: sinks[2].name: must not be empty",
           "k.json: sinks[2].program: required",
           "k.json: sinks[2].args: expected an array of strings",
           "k.json: sinks[3].url: required",
           "k.json: sinks[3].headers.X-A: expected a header name and a one-line string",
           "k.json: sinks[1].name: 'a' names another sink too; names must be unique",
           "k.json: retry.max_attempts: expected a whole number from 1 to 1000",
           "k.json: retry.jitter: expected a fraction from 0 to 1",
           "k.json: log.file: required when the target is 'file'",
           "k.json: daemon.batch_size: expected a whole number",
           "k.json: unknown key 'extra'",
       }) {
    EXPECT_NE(all.find(expected), std::string::npos) << "missing: " << expected << "\nin:\n" << all;
  }
  EXPECT_EQ(c.status().lines().size(), 14u) << all;
}

TEST(ConfigTest, AMissingFileIsAClearError) {
  Result<Config> c = LoadConfig("/nonexistent/krabuan.json");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "/nonexistent/krabuan.json: cannot read the config file");
}

TEST(ConfigTest, LoadsFromAFile) {
  clitest::TempDir dir;
  auto path = dir.WriteFile("k.json", R"({"sinks": [{"type": "log", "name": "ล็อก"}]})");
  Result<Config> c = LoadConfig(path.string());
  ASSERT_TRUE(c.ok()) << Joined(c.status());
  EXPECT_EQ(c->sinks.at(0).name, "ล็อก");
  EXPECT_EQ(c->file, path.string());
}

}  // namespace
}  // namespace krabuan
