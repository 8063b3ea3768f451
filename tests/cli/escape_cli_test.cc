// Text from users can never put a control character on a terminal or into a log: tables,
// headers, error lines and log lines show it escaped (\n, \x1b, \u202e), Thai intact, and
// --json keeps it exact.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

// The key stored for a case, as an older program (or a hand in the file) may have left it:
// an escape sequence, a line break and a return, a bidi override and a C1 CSI.
constexpr const char* kRawKey = "K\x1b[31mRED\nFORGED\r\xe2\x80\xae\xc2\x9b";
constexpr const char* kShownKey = "K\\x1b[31mRED\\nFORGED\\r\\u202e\\u009b";

// Fails for each control byte (other than the newlines that end lines), DEL, C1 control,
// bidi override or line separator in `text`.
void ExpectNoControls(const std::string& text, const std::string& where) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto b = static_cast<unsigned char>(text[i]);
    EXPECT_FALSE((b < 0x20 && b != '\n') || b == 0x7f) << where << ": control byte " << int(b) << " at " << i;
  }
  for (const char* seq : {"\xc2\x9b", "\xe2\x80\xae", "\xe2\x80\xa8"}) {
    EXPECT_EQ(text.find(seq), std::string::npos) << where << " contains a raw control character";
  }
}

class CliEscape : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    tampered_ = true;   // the key below is forged with SQL
    // A comment over two lines with a tab, as a user may type it.
    instance_ = StartBudget("p34", "investment", "2568", {"--key", "K-1", "--comment", "บรรทัดแรก\nบรรทัดสอง\tต่อ"});
    ExecuteSql(cli_.db(), "UPDATE instances SET business_key = 'K' || char(27) || '[31mRED' || char(10) || 'FORGED' || "
                          "char(13) || char(8238) || char(155) WHERE id = " + std::to_string(instance_));
  }
  std::int64_t instance_ = 0;
};

TEST_F(CliEscape, ShowAndInstancesPrintTheKeyAndCommentEscapedAndJsonKeepsThemExact) {
  std::string id = std::to_string(instance_);
  CliResult show = Must(As("admin", {"show", id}));
  ExpectNoControls(show.out, "show");
  EXPECT_NE(show.out.find(std::string("Key: ") + kShownKey), std::string::npos) << show;
  EXPECT_NE(show.out.find("บรรทัดแรก\\nบรรทัดสอง\\tต่อ"), std::string::npos) << show;

  CliResult list = Must(As("admin", {"instances"}));
  ExpectNoControls(list.out, "instances");
  EXPECT_NE(list.out.find(kShownKey), std::string::npos) << list;

  json j = Show(instance_);
  EXPECT_EQ(j.at("key"), kRawKey);
  bool found = false;
  for (const json& h : j.at("history")) found = found || h.at("comment") == "บรรทัดแรก\nบรรทัดสอง\tต่อ";
  EXPECT_TRUE(found) << j.dump(2);
}

TEST_F(CliEscape, ACancelReasonIsShownEscaped) {
  std::string id = std::to_string(instance_);
  Must(As("admin", {"cancel", id, "--reason", "ซ้ำ\nReason: forged"}));
  CliResult show = Must(As("admin", {"show", id}));
  ExpectNoControls(show.out, "show");
  EXPECT_NE(show.out.find("Reason: ซ้ำ\\nReason: forged\n"), std::string::npos) << show;
}

TEST_F(CliEscape, AnErrorQuotingAValueIsOneEscapedLine) {
  CliResult r = As("p34", {"start", "budget-request", "--set", "fiscal_year=25\x1b[2J\n68", "--set",
                           "budget_category=operating"});
  EXPECT_EQ(r.exit_code, 1) << r;
  ExpectNoControls(r.err, "stderr");
  ASSERT_EQ(r.ErrLines().size(), 1u) << r;
  EXPECT_NE(r.err.find("25\\x1b[2J\\n68"), std::string::npos) << r;
}

TEST_F(CliEscape, AnUnknownCommandIsOneEscapedLine) {
  CliResult r = As("p34", {"ta\x1b]0;pwned\x07sks"});
  EXPECT_EQ(r.exit_code, 2) << r;
  ExpectNoControls(r.err, "stderr");
  EXPECT_NE(r.err.find("ta\\x1b]0;pwned\\x07sks"), std::string::npos) << r;
}

// The log sink writes one line per alert, whatever the key holds, and the alerts table
// shows the same text escaped.
TEST_F(CliEscape, TheLogSinkCannotBeMadeToWriteAForgedLine) {
  std::string log = (dir_.path() / "daemon.log").string();
  std::string config = dir_.WriteFile("krabuan.json", R"({"sinks": [{"type": "log", "name": "log"}],
      "log": {"target": "file", "file": ")" + log + R"("}})")
                           .string();
  json out = Must(cli_.Run({"--now", "2025-10-02T09:00+07:00", "daemon", "--once", "--config", config, "--json"})).Json();
  ASSERT_EQ(out.at("alerts").at("delivered"), 1) << out.dump();
  std::string text = ReadTextFile(log);
  ExpectNoControls(text, "the log");
  std::istringstream lines(text);
  int alerts = 0;
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(std::regex_search(line, std::regex("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\w+ ")))
        << "a line the logger did not write: " << line;
    if (line.find("alert ") != std::string::npos) {
      ++alerts;
      EXPECT_NE(line.find(kShownKey), std::string::npos) << line;
    }
  }
  EXPECT_EQ(alerts, 1) << text;
  CliResult table = Must(As("p32", {"alerts"}));
  ExpectNoControls(table.out, "alerts");
  EXPECT_NE(table.out.find(kShownKey), std::string::npos) << table;
}

}  // namespace
}  // namespace krabuan::clitest
