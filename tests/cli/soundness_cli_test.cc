// validate and deploy prove a process sound first; deploy --force records that it was forced.
#include <algorithm>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

// A parallel split closed by a choice-merge: two tokens reach the join from one branch
// side, and the join waits on a branch the choice may skip.
const char* const kUnsound = R"xml(<process id="unsound" name="ไม่สมบูรณ์" start-roles="budget-analyst">
  <start id="start" to="fork"/>
  <parallel id="fork" to="a b"/>
  <task id="a" name="ก" role="budget-analyst" to="pick">
    <outcome value="x" label="เอ็กซ์"/><outcome value="y" label="วาย"/>
  </task>
  <task id="b" name="ข" role="budget-analyst" to="sync"/>
  <choice id="pick"><when test="outcome == 'x'" to="sync"/><otherwise to="done"/></choice>
  <join id="sync" to="done"/>
  <end id="done"/>
</process>)xml";

class CliSoundness : public CliTest {};

TEST_F(CliSoundness, AnUnsoundProcessIsRefusedWithACounterexampleUnlessForced) {
  std::string file = dir_.WriteFile("unsound.xml", kUnsound).string();
  CliResult v = cli_.Run({"validate", file});
  EXPECT_EQ(v.exit_code, 1) << v;
  EXPECT_NE(v.err.find("run: start -> fork"), std::string::npos) << v;   // the path that goes wrong
  EXPECT_NE(v.err.find(file + ":"), std::string::npos) << v;

  std::string before = DumpDatabase(cli_.db());
  CliResult refused = As("admin", {"deploy", file});
  EXPECT_EQ(refused.exit_code, 1) << refused;
  EXPECT_NE(refused.err.find("deploy --force"), std::string::npos) << refused;
  EXPECT_EQ(DumpDatabase(cli_.db()), before);

  json forced = Must(As("admin", {"deploy", file, "--force", "--json"})).Json();
  ASSERT_EQ(forced.size(), 1u);
  EXPECT_EQ(forced[0].at("forced"), true) << forced.dump();
  // The listing keeps saying so, with what the checks found.
  json listed = Must(As("admin", {"processes", "--limit", "1000", "--json"})).Json().at("processes");
  auto unsound = std::find_if(listed.begin(), listed.end(), [](const json& p) { return p.at("id") == "unsound"; });
  ASSERT_NE(unsound, listed.end()) << listed.dump(2);
  EXPECT_EQ(unsound->at("version"), 1) << unsound->dump(2);   // the refused deploy stored no version
  EXPECT_EQ(unsound->at("forced"), true) << unsound->dump(2);
  const json& findings = unsound->at("findings");
  EXPECT_TRUE(std::any_of(findings.begin(), findings.end(), [](const json& f) {
    return f.get<std::string>().find("run: start -> fork") != std::string::npos;
  })) << unsound->dump(2);
}

TEST_F(CliSoundness, WarningsDoNotStopValidation) {
  std::string xml = R"xml(<process id="warned" name="มีคำเตือน" start-roles="budget-analyst">
  <start id="start" to="t"/>
  <task id="t" name="ก" role="budget-analyst" to="c"/>
  <choice id="c"><when test="amount == 1" to="done"/><when test="amount != 1" to="done"/></choice>
  <end id="done"/>
</process>)xml";
  std::string file = dir_.WriteFile("warned.xml", xml).string();
  CliResult v = Must(cli_.Run({"validate", file}));
  EXPECT_NE(v.err.find("warning"), std::string::npos) << v;
  EXPECT_NE(v.err.find("otherwise"), std::string::npos) << v;       // may match nothing
  EXPECT_NE(v.err.find("'amount'"), std::string::npos) << v;        // read but never set
}

}  // namespace
}  // namespace krabuan::clitest
