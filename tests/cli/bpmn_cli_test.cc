// `krabuan convert` and `krabuan deploy FILE.bpmn` through the real binary.
#include <gtest/gtest.h>

#include <string>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

const char* const kBpmn = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d">
  <process id="Leave_Request" name="ขอลา" isExecutable="true">
    <startEvent id="start"/>
    <userTask id="approve" name="ผู้อำนวยการกลุ่มพิจารณา" camunda:candidateGroups="Directors"/>
    <scriptTask id="log"><script>print('x')</script></scriptTask>
    <endEvent id="end"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
    <sequenceFlow id="f2" sourceRef="approve" targetRef="log"/>
    <sequenceFlow id="f3" sourceRef="log" targetRef="end"/>
  </process>
</definitions>
)xml";

class BpmnCli : public CliTest {};

TEST_F(BpmnCli, ConvertPrintsTheNativeFileOrWritesIt) {
  std::string file = dir_.WriteFile("leave.bpmn", kBpmn).string();
  CliResult r = Must(cli_.Run({"convert", file, "--role-map", "Directors=group-director"}));
  EXPECT_NE(r.out.find("<task id=\"approve\" name=\"ผู้อำนวยการกลุ่มพิจารณา\" role=\"group-director\" to=\"end\""),
            std::string::npos) << r;
  std::string out = (dir_.path() / "leave.xml").string();
  Must(cli_.Run({"convert", file, "-o", out, "--role-map", "Directors=group-director", "--default-role", "pp-officer"}));
  Must(cli_.As("admin", {"deploy", out}));
  // Refused: the script task with --no-automatic-tasks, naming element, id and line.
  CliResult strict = cli_.Run({"convert", file, "--role-map", "Directors=group-director", "--no-automatic-tasks"});
  EXPECT_EQ(strict.exit_code, 1) << strict;
  EXPECT_TRUE(strict.out.empty()) << strict;
  EXPECT_NE(strict.err.find("leave.bpmn:7:5: a scriptTask runs code, and automatic steps are refused "
                            "(--no-automatic-tasks) (scriptTask 'log')"),
            std::string::npos) << strict;
}

TEST_F(BpmnCli, DeployTakesABpmnFileAndItRuns) {
  std::string text = kBpmn;
  text.replace(text.find("Directors"), 9, "group-director");
  std::string file = dir_.WriteFile("leave.bpmn", text).string();
  Must(cli_.As("admin", {"deploy", file}));
  json started = Must(cli_.As("admin", {"start", "leave_request", "--json"})).Json();
  std::int64_t instance = started.at("instance").get<std::int64_t>();
  std::int64_t task = TaskId("p32", instance, "approve");
  Must(cli_.As("p32", {"complete", std::to_string(task)}));
  CliResult shown = Must(cli_.As("admin", {"instances", "--state", "completed", "--json"}));
  EXPECT_NE(shown.out.find("leave_request"), std::string::npos) << shown;
}

TEST_F(BpmnCli, DeployRefusesAnUnsupportedBpmnFileAndChangesNothing) {
  std::string text = kBpmn;
  text.replace(text.find("<endEvent id=\"end\"/>"), 20,
               "<endEvent id=\"end\"><messageEventDefinition/></endEvent>");
  std::string file = dir_.WriteFile("leave.bpmn", text).string();
  std::string before = DumpDatabase(cli_.db());
  CliResult r = cli_.As("admin", {"deploy", file});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("leave.bpmn:8:24: endEvent with messageEventDefinition is outside the BPMN subset krabuan "
                       "imports"),
            std::string::npos) << r;
  EXPECT_NE(r.err.find("(messageEventDefinition)"), std::string::npos) << r;
  EXPECT_EQ(DumpDatabase(cli_.db()), before);
}

}  // namespace
}  // namespace krabuan::clitest
