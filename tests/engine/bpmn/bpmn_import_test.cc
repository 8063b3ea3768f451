// The BPMN importer element by element: what each becomes in the native format, and the
// refusals, each naming the element, its id and its line.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "engine/bpmn/bpmn_condition.h"
#include "engine/bpmn/bpmn_import.h"
#include "engine/parse/process_parser.h"
#include "tests/support/engine_fixture.h"

namespace krabuan::bpmn {
namespace {

// A process body inside definitions with the usual prefix; the body starts on line 3.
std::string Doc(const std::string& body, const std::string& extra_ns = "") {
  return "<?xml version=\"1.0\"?>\n"
         "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
         "xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" " + extra_ns + " id=\"d\">\n"
         "<bpmn:process id=\"Proc_1\" name=\"ทดลอง\" isExecutable=\"true\">\n" +
         body + "</bpmn:process>\n</bpmn:definitions>\n";
}

std::string Convert(const std::string& text, ImportOptions options = {}) {
  options.default_role = options.default_role == "pp-officer" ? "clerk" : options.default_role;
  Result<ImportResult> r = ImportBpmn(text, "t.bpmn", options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.status().lines().front());
  if (!r.ok()) return "";
  Result<ProcessDefinition> back = ParseProcess(r->xml, "converted.xml");
  EXPECT_TRUE(back.ok()) << (back.ok() ? "" : back.status().lines().front()) << "\n" << r->xml;
  return r->xml;
}

// The refusal's lines, joined.
std::string Refusal(const std::string& text, ImportOptions options = {}) {
  Result<ImportResult> r = ImportBpmn(text, "t.bpmn", options);
  EXPECT_FALSE(r.ok()) << "imported:\n" << (r.ok() ? r->xml : "");
  std::string all;
  if (!r.ok()) {
    for (const std::string& l : r.status().lines()) all += l + "\n";
  }
  return all;
}

const char* const kLinear =
    "<bpmn:startEvent id=\"S\"/>\n"
    "<bpmn:userTask id=\"Review\" name=\"ตรวจ  เอกสาร\" camunda:candidateGroups=\"approver\"/>\n"
    "<bpmn:endEvent id=\"E\"/>\n"
    "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"S\" targetRef=\"Review\"/>\n"
    "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"Review\" targetRef=\"E\"/>\n";

TEST(BpmnImport, UserTaskBecomesATaskForItsCandidateGroup) {
  std::string xml = Convert(Doc(kLinear));
  EXPECT_NE(xml.find("<process id=\"proc_1\" name=\"ทดลอง\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<start id=\"s\" to=\"review\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<task id=\"review\" name=\"ตรวจ เอกสาร\" role=\"approver\" to=\"e\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<end id=\"e\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("userTask 'Review' (t.bpmn line 5)"), std::string::npos) << xml;
}

TEST(BpmnImport, AssigneeAndRoleMapAndDefaultRole) {
  std::string body =
      "<bpmn:startEvent id=\"S\"/>\n"
      "<bpmn:userTask id=\"A\" camunda:assignee=\"${approver}\"/>\n"
      "<bpmn:userTask id=\"B\" camunda:candidateGroups=\"Accounting Dept\"/>\n"
      "<bpmn:manualTask id=\"C\"/>\n"
      "<bpmn:endEvent id=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"S\" targetRef=\"A\"/>\n"
      "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"A\" targetRef=\"B\"/>\n"
      "<bpmn:sequenceFlow id=\"f3\" sourceRef=\"B\" targetRef=\"C\"/>\n"
      "<bpmn:sequenceFlow id=\"f4\" sourceRef=\"C\" targetRef=\"E\"/>\n";
  EXPECT_NE(Refusal(Doc(body)).find("t.bpmn:6:1: the candidate group 'Accounting Dept' is not a krabuan role id; "
                                    "map it with --role-map 'Accounting Dept=ROLE' (userTask 'B')"),
            std::string::npos);
  ImportOptions o;
  o.role_map["Accounting Dept"] = "board";
  std::string xml = Convert(Doc(body), o);
  EXPECT_NE(xml.find("<input name=\"approver\" type=\"string\" required=\"true\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("assignee=\"${approver}\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<task id=\"b\" name=\"B\" role=\"board\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<task id=\"c\" name=\"C\" role=\"clerk\""), std::string::npos) << xml;
}

TEST(BpmnImport, NamespacesAreMatchedByUriNotPrefix) {
  std::string expected = Convert(Doc(kLinear));
  // The same process with the prefix `sem:` and with the BPMN namespace as the default.
  std::string odd = Doc(kLinear);
  for (std::size_t at; (at = odd.find("bpmn:")) != std::string::npos;) odd.replace(at, 5, "sem:");
  odd.replace(odd.find("xmlns:bpmn="), 11, "xmlns:sem=");
  std::string dflt = Doc(kLinear);
  for (std::size_t at; (at = dflt.find("bpmn:")) != std::string::npos;) dflt.erase(at, 5);
  dflt.replace(dflt.find("xmlns:bpmn="), 11, "xmlns=");
  auto strip_comments = [](std::string s) {
    for (std::size_t a; (a = s.find("<!--")) != std::string::npos;) s.erase(a, s.find("-->", a) + 3 - a);
    return s;
  };
  EXPECT_EQ(strip_comments(Convert(odd)), strip_comments(expected));
  EXPECT_EQ(strip_comments(Convert(dflt)), strip_comments(expected));
  // The usual prefix bound to another namespace is not BPMN.
  std::string wrong = Doc(kLinear);
  wrong.replace(wrong.find("20100524/MODEL"), 14, "20100524/OTHER");
  EXPECT_NE(Refusal(wrong).find("not a BPMN 2.0 file"), std::string::npos);
}

TEST(BpmnImport, ExclusiveGatewayBecomesAChoiceWithTranslatedConditions) {
  std::string body =
      "<bpmn:startEvent id=\"S\"/>\n"
      "<bpmn:exclusiveGateway id=\"G\" default=\"fd\"/>\n"
      "<bpmn:task id=\"Big\"/><bpmn:task id=\"Yes\"/><bpmn:task id=\"Other\"/>\n"
      "<bpmn:endEvent id=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f0\" sourceRef=\"S\" targetRef=\"G\"/>\n"
      "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"G\" targetRef=\"Big\">"
      "<bpmn:conditionExpression>${amount &gt; 5}</bpmn:conditionExpression></bpmn:sequenceFlow>\n"
      "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"G\" targetRef=\"Yes\">"
      "<bpmn:conditionExpression>answer == 'Yes' &amp;&amp; !late</bpmn:conditionExpression></bpmn:sequenceFlow>\n"
      "<bpmn:sequenceFlow id=\"fd\" sourceRef=\"G\" targetRef=\"Other\"/>\n"
      "<bpmn:sequenceFlow id=\"f3\" sourceRef=\"Big\" targetRef=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f4\" sourceRef=\"Yes\" targetRef=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f5\" sourceRef=\"Other\" targetRef=\"E\"/>\n";
  std::string xml = Convert(Doc(body));
  EXPECT_NE(xml.find("<when test=\"amount > 5\" to=\"big\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<when test=\"answer == 'Yes' and not late == true\" to=\"yes\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<otherwise to=\"other\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<input name=\"amount\" type=\"int\" required=\"true\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<input name=\"late\" type=\"bool\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<start id=\"s\" to=\"g\""), std::string::npos) << xml;
}

const char* const kForkJoin =
    "<bpmn:startEvent id=\"S\"/>\n"
    "<bpmn:GW id=\"Fork\"/>\n"
    "<bpmn:task id=\"A\"/><bpmn:task id=\"B\"/>\n"
    "<bpmn:GW id=\"Join\"/>\n"
    "<bpmn:endEvent id=\"E\"/>\n"
    "<bpmn:sequenceFlow id=\"f0\" sourceRef=\"S\" targetRef=\"Fork\"/>\n"
    "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"Fork\" targetRef=\"A\"/>\n"
    "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"Fork\" targetRef=\"B\"/>\n"
    "<bpmn:sequenceFlow id=\"f3\" sourceRef=\"A\" targetRef=\"Join\"/>\n"
    "<bpmn:sequenceFlow id=\"f4\" sourceRef=\"B\" targetRef=\"Join\"/>\n"
    "<bpmn:sequenceFlow id=\"f5\" sourceRef=\"Join\" targetRef=\"E\"/>\n";

std::string WithGateway(const std::string& kind) {
  std::string body = kForkJoin;
  for (std::size_t at; (at = body.find("GW")) != std::string::npos;) body.replace(at, 2, kind);
  return Doc(body);
}

// An unconditional inclusive split takes every flow, as a parallel one does; an
// inclusive merge waits for what can still come.
TEST(BpmnImport, ParallelAndUnconditionalInclusiveGatewaysBecomeSplitAndJoin) {
  std::string xml = Convert(WithGateway("parallelGateway"));
  EXPECT_NE(xml.find("<parallel id=\"fork\" to=\"a b\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<join id=\"join\" to=\"e\" />"), std::string::npos) << xml;
  xml = Convert(WithGateway("inclusiveGateway"));
  EXPECT_NE(xml.find("<parallel id=\"fork\" to=\"a b\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<join id=\"join\" to=\"e\" inclusive=\"true\" />"), std::string::npos) << xml;
}

// Conditions and a default on an inclusive split: an <inclusive> with a <when> per
// condition and the default as <otherwise>; a gateway that merges and splits becomes an
// inclusive join followed by the split.
TEST(BpmnImport, ConditionalInclusiveGatewayBecomesAnInclusiveChoice) {
  std::string body = kForkJoin;
  for (std::size_t at; (at = body.find("GW")) != std::string::npos;) body.replace(at, 2, "inclusiveGateway");
  body.replace(body.find("<bpmn:inclusiveGateway id=\"Fork\"/>"), 35,
               "<bpmn:inclusiveGateway id=\"Fork\" default=\"f2\"/>");
  body.replace(body.find("targetRef=\"A\"/>"), 16,
               "targetRef=\"A\"><bpmn:conditionExpression>${amount &gt; 100}</bpmn:conditionExpression>"
               "</bpmn:sequenceFlow>");
  std::string xml = Convert(Doc(body));
  EXPECT_NE(xml.find("<inclusive id=\"fork\">\n    <when test=\"amount > 100\" to=\"a\" />\n"
                     "    <otherwise to=\"b\" />\n  </inclusive>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<join id=\"join\" to=\"e\" inclusive=\"true\" />"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<input name=\"amount\" type=\"int\" required=\"true\""), std::string::npos) << xml;

  // Join and split in one gateway.
  std::string both = Doc(
      "<bpmn:startEvent id=\"S\"/>\n<bpmn:parallelGateway id=\"P\"/>\n<bpmn:task id=\"A\"/><bpmn:task id=\"B\"/>\n"
      "<bpmn:inclusiveGateway id=\"G\"/>\n<bpmn:task id=\"C\"/><bpmn:task id=\"D\"/>\n"
      "<bpmn:inclusiveGateway id=\"J\"/>\n<bpmn:endEvent id=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f0\" sourceRef=\"S\" targetRef=\"P\"/>\n"
      "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"P\" targetRef=\"A\"/><bpmn:sequenceFlow id=\"f2\" sourceRef=\"P\" targetRef=\"B\"/>\n"
      "<bpmn:sequenceFlow id=\"f3\" sourceRef=\"A\" targetRef=\"G\"/><bpmn:sequenceFlow id=\"f4\" sourceRef=\"B\" targetRef=\"G\"/>\n"
      "<bpmn:sequenceFlow id=\"f5\" sourceRef=\"G\" targetRef=\"C\"><bpmn:conditionExpression>${late}</bpmn:conditionExpression></bpmn:sequenceFlow>\n"
      "<bpmn:sequenceFlow id=\"f6\" sourceRef=\"G\" targetRef=\"D\"/>\n"
      "<bpmn:sequenceFlow id=\"f7\" sourceRef=\"C\" targetRef=\"J\"/><bpmn:sequenceFlow id=\"f8\" sourceRef=\"D\" targetRef=\"J\"/>\n"
      "<bpmn:sequenceFlow id=\"f9\" sourceRef=\"J\" targetRef=\"E\"/>\n");
  xml = Convert(both);
  EXPECT_NE(xml.find("<join id=\"g\" to=\"g-split\" inclusive=\"true\" />"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<inclusive id=\"g-split\">\n    <when test=\"late == true\" to=\"c\" />\n"
                     "    <when test=\"true\" to=\"d\" />\n  </inclusive>"),
            std::string::npos)
      << xml;
}

// Conditional flows out of a task: an inclusive choice after it, the task's default
// flow as <otherwise>.
TEST(BpmnImport, ConditionalFlowsOutOfATaskBecomeAnInclusiveChoiceAfterIt) {
  std::string xml = Convert(Doc(
      "<bpmn:startEvent id=\"S\"/>\n<bpmn:task id=\"T\" default=\"f3\"/>\n<bpmn:task id=\"A\"/><bpmn:task id=\"B\"/>\n"
      "<bpmn:endEvent id=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f0\" sourceRef=\"S\" targetRef=\"T\"/>\n"
      "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"T\" targetRef=\"A\"><bpmn:conditionExpression>${urgent}"
      "</bpmn:conditionExpression></bpmn:sequenceFlow>\n"
      "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"T\" targetRef=\"B\"><bpmn:conditionExpression>${amount &gt;= 500}"
      "</bpmn:conditionExpression></bpmn:sequenceFlow>\n"
      "<bpmn:sequenceFlow id=\"f3\" sourceRef=\"T\" targetRef=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f4\" sourceRef=\"A\" targetRef=\"E\"/><bpmn:sequenceFlow id=\"f5\" sourceRef=\"B\" targetRef=\"E\"/>\n"));
  EXPECT_NE(xml.find("<task id=\"t\" name=\"T\" role=\"clerk\" to=\"t-split\" />"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<inclusive id=\"t-split\">\n    <when test=\"urgent == true\" to=\"a\" />\n"
                     "    <when test=\"amount >= 500\" to=\"b\" />\n    <otherwise to=\"e\" />\n  </inclusive>"),
            std::string::npos)
      << xml;
}

TEST(BpmnImport, ScriptAndServiceTasksDoNothingOrAreRefused) {
  std::string body =
      "<bpmn:startEvent id=\"S\"/>\n"
      "<bpmn:scriptTask id=\"Calc\" scriptFormat=\"JavaScript\"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>\n"
      "<bpmn:serviceTask id=\"Call\"/>\n"
      "<bpmn:task id=\"T\"/>\n"
      "<bpmn:endEvent id=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f0\" sourceRef=\"S\" targetRef=\"Calc\"/>\n"
      "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"Calc\" targetRef=\"Call\"/>\n"
      "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"Call\" targetRef=\"T\"/>\n"
      "<bpmn:sequenceFlow id=\"f3\" sourceRef=\"T\" targetRef=\"E\"/>\n";
  std::string xml = Convert(Doc(body));
  EXPECT_NE(xml.find("<start id=\"s\" to=\"t\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find("calc"), std::string::npos) << xml;
  ImportOptions strict;
  strict.refuse_automatic_tasks = true;
  std::string why = Refusal(Doc(body), strict);
  EXPECT_NE(why.find("t.bpmn:5:1: a scriptTask runs code, and automatic steps are refused"), std::string::npos) << why;
  EXPECT_NE(why.find("(serviceTask 'Call')"), std::string::npos) << why;
}

TEST(BpmnImport, SubProcessAndCallActivityAreInlined) {
  std::string body =
      "<bpmn:startEvent id=\"S\"/>\n"
      "<bpmn:subProcess id=\"Sub\">\n"
      "  <bpmn:startEvent id=\"SS\"/><bpmn:userTask id=\"Inner\"/><bpmn:endEvent id=\"SE\"/>\n"
      "  <bpmn:sequenceFlow id=\"s1\" sourceRef=\"SS\" targetRef=\"Inner\"/>\n"
      "  <bpmn:sequenceFlow id=\"s2\" sourceRef=\"Inner\" targetRef=\"SE\"/>\n"
      "</bpmn:subProcess>\n"
      "<bpmn:callActivity id=\"Call\" calledElement=\"Callee\"/>\n"
      "<bpmn:endEvent id=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f0\" sourceRef=\"S\" targetRef=\"Sub\"/>\n"
      "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"Sub\" targetRef=\"Call\"/>\n"
      "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"Call\" targetRef=\"E\"/>\n";
  std::string text = Doc(body);
  text.insert(text.find("</bpmn:definitions>"),
              "<bpmn:process id=\"Callee\"><bpmn:task id=\"Only\" name=\"งานเดียว\"/></bpmn:process>\n");
  std::string xml = Convert(text);
  EXPECT_NE(xml.find("<start id=\"s\" to=\"inner\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<task id=\"inner\" name=\"Inner\" role=\"clerk\" to=\"call-only\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<task id=\"call-only\" name=\"งานเดียว\" role=\"clerk\" to=\"e\""), std::string::npos) << xml;
  // A call to a process found nowhere.
  std::string missing = Doc(body);
  EXPECT_NE(Refusal(missing).find("t.bpmn:10:1: the called process 'Callee' is neither in this file nor in a .bpmn "
                                  "file beside it (callActivity 'Call')"),
            std::string::npos);
}

// Boundary timers on a sub-process and on a call activity: a <scope> over the steps each
// became, with the timers' flows as its timers' targets.
TEST(BpmnImport, TimersOnSubProcessesAndCallsBecomeScopes) {
  std::string body =
      "<bpmn:startEvent id=\"S\"/>\n"
      "<bpmn:subProcess id=\"Sub\" name=\"รอบตรวจ\">\n"
      "  <bpmn:startEvent id=\"SS\"/><bpmn:userTask id=\"Inner\"/><bpmn:userTask id=\"Inner2\"/><bpmn:endEvent id=\"SE\"/>\n"
      "  <bpmn:sequenceFlow id=\"s1\" sourceRef=\"SS\" targetRef=\"Inner\"/>\n"
      "  <bpmn:sequenceFlow id=\"s2\" sourceRef=\"Inner\" targetRef=\"Inner2\"/>\n"
      "  <bpmn:sequenceFlow id=\"s3\" sourceRef=\"Inner2\" targetRef=\"SE\"/>\n"
      "</bpmn:subProcess>\n"
      "<bpmn:boundaryEvent id=\"Late\" attachedToRef=\"Sub\"><bpmn:timerEventDefinition><bpmn:timeDuration>P10D"
      "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>\n"
      "<bpmn:callActivity id=\"Call\" calledElement=\"Callee\"/>\n"
      "<bpmn:boundaryEvent id=\"Nudge\" attachedToRef=\"Call\" cancelActivity=\"false\"><bpmn:timerEventDefinition>"
      "<bpmn:timeCycle>R2/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>\n"
      "<bpmn:task id=\"Chase\"/><bpmn:task id=\"Remind\"/>\n"
      "<bpmn:endEvent id=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f0\" sourceRef=\"S\" targetRef=\"Sub\"/>\n"
      "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"Sub\" targetRef=\"Call\"/>\n"
      "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"Call\" targetRef=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f3\" sourceRef=\"Late\" targetRef=\"Chase\"/>\n"
      "<bpmn:sequenceFlow id=\"f4\" sourceRef=\"Chase\" targetRef=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f5\" sourceRef=\"Nudge\" targetRef=\"Remind\"/>\n";
  std::string text = Doc(body);
  text.insert(text.find("</bpmn:definitions>"),
              "<bpmn:process id=\"Callee\"><bpmn:task id=\"Only\" name=\"งานเดียว\"/></bpmn:process>\n");
  std::string xml = Convert(text);
  EXPECT_NE(xml.find("<scope id=\"sub\" name=\"รอบตรวจ\" nodes=\"inner inner2\">\n"
                     "    <on-timer id=\"late\" after=\"P10D\" to=\"chase\" />\n  </scope>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<scope id=\"call\" name=\"Call\" nodes=\"call-only\">\n"
                     "    <on-timer id=\"nudge\" every=\"R2/P1D\" to=\"remind\" interrupting=\"false\" />\n  </scope>"),
            std::string::npos)
      << xml;
}

// The fork and the end the importer adds after a task are new steps: they carry none of
// the task's role or timers (the converted file would not parse).
TEST(BpmnImport, StepsAddedAfterATaskTakeNothingOfIt) {
  std::string xml = Convert(Doc(
      "<bpmn:startEvent id=\"S\"/>\n<bpmn:userTask id=\"T\" camunda:candidateGroups=\"approver\"/>\n"
      "<bpmn:boundaryEvent id=\"Late\" attachedToRef=\"T\"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D"
      "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>\n"
      "<bpmn:task id=\"A\"/><bpmn:task id=\"B\"/><bpmn:task id=\"Chase\"/>\n"
      "<bpmn:sequenceFlow id=\"f0\" sourceRef=\"S\" targetRef=\"T\"/>\n"
      "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"T\" targetRef=\"A\"/><bpmn:sequenceFlow id=\"f2\" sourceRef=\"T\" targetRef=\"B\"/>\n"
      "<bpmn:sequenceFlow id=\"f3\" sourceRef=\"Late\" targetRef=\"Chase\"/>\n"));
  EXPECT_NE(xml.find("<parallel id=\"t-split\" to=\"a b\" />"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<end id=\"chase-end\" />"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<on-timer"), xml.rfind("<on-timer")) << xml;   // the task's one timer only
}

TEST(BpmnImport, TimerCatchEventBecomesAWait) {
  auto with_timer = [](const std::string& element, const std::string& d) {
    return Doc("<bpmn:startEvent id=\"S\"/>\n"
               "<bpmn:intermediateCatchEvent id=\"W\"><bpmn:timerEventDefinition><bpmn:" + element + ">" + d +
               "</bpmn:" + element + "></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>\n"
               "<bpmn:endEvent id=\"E\"/>\n"
               "<bpmn:sequenceFlow id=\"f0\" sourceRef=\"S\" targetRef=\"W\"/>\n"
               "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"W\" targetRef=\"E\"/>\n");
  };
  auto with_duration = [&](const std::string& d) { return with_timer("timeDuration", d); };
  EXPECT_NE(Convert(with_duration("P15D")).find("<wait id=\"w\" name=\"W\" for=\"P15D\" to=\"e\""), std::string::npos);
  // SpiffWorkflow's Python string literal, and a fraction of a second rounded up.
  EXPECT_NE(Convert(with_duration("\"PT0.25S\"")).find("for=\"PT1S\""), std::string::npos);
  std::string why = Refusal(with_duration("${later}"));
  EXPECT_NE(why.find("t.bpmn:5:"), std::string::npos) << why;
  EXPECT_NE(why.find("the timer's duration '${later}' is an expression"), std::string::npos) << why;
  EXPECT_NE(Refusal(with_duration("soon")).find("is not an ISO-8601 duration"), std::string::npos);
  // timeDate: a wait until the instant.
  EXPECT_NE(Convert(with_timer("timeDate", "2025-10-01T09:00:00+07:00"))
                .find("<wait id=\"w\" name=\"W\" until=\"2025-10-01T09:00:00+07:00\" to=\"e\""),
            std::string::npos);
  why = Refusal(with_timer("timeDate", "${environment.variables.catchDate}"));
  EXPECT_NE(why.find("t.bpmn:5:"), std::string::npos) << why;
  EXPECT_NE(why.find("(an expression is not a time)"), std::string::npos) << why;
  EXPECT_NE(Refusal(with_timer("timeCycle", "R3/PT1H")).find("a repeating timer (timeCycle) on a catch event"),
            std::string::npos);
}

TEST(BpmnImport, TerminateEndIsAnEndOnlyWithoutParallelPaths) {
  std::string linear = Doc(std::string(kLinear).replace(std::string(kLinear).find("<bpmn:endEvent id=\"E\"/>"), 24,
                                                        "<bpmn:endEvent id=\"E\"><bpmn:terminateEventDefinition/></bpmn:endEvent>"));
  EXPECT_NE(Convert(linear).find("<end id=\"e\""), std::string::npos);
  std::string forked = WithGateway("parallelGateway");
  forked.replace(forked.find("<bpmn:endEvent id=\"E\"/>"), 24,
                 "<bpmn:endEvent id=\"E\"><bpmn:terminateEventDefinition/></bpmn:endEvent>");
  EXPECT_NE(Refusal(forked).find("t.bpmn:8:1: a terminate end event in a process with parallel paths is not imported"),
            std::string::npos);
}

// Constructs outside the subset: each refusal names the element, its id and its line (4).
TEST(BpmnImport, RefusedConstructsNameElementIdAndLine) {
  struct Case {
    std::string body;      // one line, inserted as line 3
    std::string expected;  // part of the message
  };
  const Case cases[] = {
      {"<bpmn:sendTask id=\"X\"/>", "t.bpmn:4:1: sendTask is outside the BPMN subset krabuan imports"},
      {"<bpmn:eventBasedGateway id=\"X\"/>", "t.bpmn:4:1: eventBasedGateway is outside the BPMN subset"},
      {"<bpmn:complexGateway id=\"X\"/>", "(complexGateway 'X')"},
      {"<bpmn:dataObject id=\"X\"/>", "krabuan has no data objects (dataObject 'X')"},
      {"<bpmn:task id=\"X\"><bpmn:multiInstanceLoopCharacteristics/></bpmn:task>", "t.bpmn:4:19: multiInstanceLoopCharacteristics"},
      {"<bpmn:task id=\"X\"><bpmn:standardLoopCharacteristics/></bpmn:task>", "standardLoopCharacteristics is outside"},
      {"<bpmn:intermediateThrowEvent id=\"X\"/>", "(intermediateThrowEvent 'X')"},
      {"<bpmn:intermediateCatchEvent id=\"X\"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>",
       "intermediateCatchEvent with messageEventDefinition is outside"},
      {"<bpmn:boundaryEvent id=\"X\" attachedToRef=\"Review\"><bpmn:timerEventDefinition/></bpmn:boundaryEvent>",
       "t.bpmn:4:51: a timer without a timeDuration (timerEventDefinition)"},
      {"<bpmn:boundaryEvent id=\"X\" cancelActivity=\"false\" attachedToRef=\"Review\"><bpmn:timerEventDefinition>"
       "<bpmn:timeCycle>0 0 9 * * ?</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>",
       "the timer's cycle '0 0 9 * * ?' is not an ISO-8601 repeating interval such as R3/PT1H (cron expressions are "
       "not read)"},
      {"<bpmn:boundaryEvent id=\"X\" cancelActivity=\"false\" attachedToRef=\"Review\"><bpmn:timerEventDefinition>"
       "<bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>",
       "the timer's cycle '${cycle}' is an expression"},
      {"<bpmn:boundaryEvent id=\"X\" attachedToRef=\"Nowhere\"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D"
       "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>",
       "t.bpmn:4:1: the boundary event's attachedToRef 'Nowhere' is not a flow node of this process (boundaryEvent 'X')"},
      {"<bpmn:boundaryEvent id=\"X\" attachedToRef=\"G\"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D"
       "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent><bpmn:parallelGateway id=\"G\"/>",
       "a boundary timer on a parallelGateway is not imported"},
      {"<bpmn:boundaryEvent id=\"X\" attachedToRef=\"Review\"/>", "a boundary event without a timer"},
      {"<bpmn:boundaryEvent id=\"X\" attachedToRef=\"T\"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>",
       "boundaryEvent with errorEventDefinition is outside"},
      {"<bpmn:subProcess id=\"X\" triggeredByEvent=\"true\"/>", "t.bpmn:4:1: an event sub-process is not imported"},
      {"<bpmn:startEvent id=\"X\"><bpmn:timerEventDefinition/></bpmn:startEvent>", "t.bpmn:4:25: a timer start event is not imported"},
      {"<bpmn:endEvent id=\"X\"><bpmn:messageEventDefinition/></bpmn:endEvent>", "endEvent with messageEventDefinition"},
  };
  for (const Case& c : cases) {
    std::string why = Refusal(Doc(c.body + "\n" + kLinear));
    EXPECT_NE(why.find(c.expected), std::string::npos) << c.body << "\n" << why;
  }
}

TEST(BpmnImport, StructuralProblems) {
  EXPECT_NE(Refusal(Doc("<bpmn:task id=\"T\"/>\n")).find("t.bpmn:3:1: the process has no start event"), std::string::npos);
  EXPECT_NE(Refusal(Doc(std::string(kLinear) + "<bpmn:task id=\"Review\"/>\n"))
                .find("t.bpmn:9:1: the id 'Review' is also used by the userTask on line 5 (task 'Review')"),
            std::string::npos);
  EXPECT_NE(Refusal(Doc(std::string(kLinear) + "<bpmn:sequenceFlow id=\"f9\" sourceRef=\"E\" targetRef=\"Nowhere\"/>\n"))
                .find("t.bpmn:9:1: the flow's targetRef 'Nowhere' is not a flow node of this process (sequenceFlow 'f9')"),
            std::string::npos);
  EXPECT_NE(Refusal("<definitions/>").find("not a BPMN 2.0 file"), std::string::npos);
  EXPECT_NE(Refusal("<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">").find("t.bpmn:1:"),
            std::string::npos);
}

TEST(BpmnImport, BoundsNestingAndTheNumberOfProblems) {
  std::string nested = "<bpmn:startEvent id=\"S\"/>\n";
  for (int i = 0; i < 40; ++i) nested += "<bpmn:subProcess id=\"sub" + std::to_string(i) + "\">";
  for (int i = 0; i < 40; ++i) nested += "</bpmn:subProcess>";
  std::string why = Refusal(Doc(nested + "\n"));
  EXPECT_NE(why.find("sub-processes and calls nested deeper than 32 are not imported (subProcess 'sub32')"),
            std::string::npos) << why;
  std::string many;
  for (int i = 0; i < 500; ++i) many += "<bpmn:sendTask id=\"t" + std::to_string(i) + "\"/>";
  why = Refusal(Doc(many + "\n"));
  EXPECT_EQ(std::count(why.begin(), why.end(), '\n'), 101) << why.substr(0, 500);
  EXPECT_NE(why.find("too many problems; the rest are not listed"), std::string::npos);
}

TEST(BpmnCondition, TranslatesComparableFormsExactly) {
  struct Case {
    const char* in;
    const char* language;
    const char* out;
  };
  const Case cases[] = {
      {"${x == 'a'}", "", "x == 'a'"},
      {"#{approved}", "", "approved == true"},
      {"x > 5", "", "x > 5"},
      {"${score >= 7.50}", "", "score >= 7.50"},
      {"u > 0 and not (done == true)", "", "u > 0 and not (done == true)"},
      {"${a eq \"b\" || c ne 3}", "", "a == 'b' or c != 3"},
      {"${5 < n}", "http://www.omg.org/spec/FEEL/20140401", "5 < n"},
  };
  for (const Case& c : cases) {
    Result<TranslatedCondition> r = TranslateCondition(c.in, c.language);
    ASSERT_TRUE(r.ok()) << c.in << ": " << r.status().message();
    EXPECT_EQ(r->test, c.out) << c.in;
  }
  const std::pair<const char*, const char*> refused[] = {
      {"this.variables.input < 2", "member access"},
      {"${foo > bar}", "only a variable compared with a literal"},
      {"x = 1", "write '=='"},
      {"${name < 'm'}", "strings are ordered differently"},
      {"${size(list) > 1}", "calls"},
      {"x + 1 > 2", "'+' is not translated"},
      {"${x == 1 && x == 'a'}", "compared both as int and as string"},
      {"", "it is empty"},
  };
  for (const auto& [in, why] : refused) {
    Result<TranslatedCondition> r = TranslateCondition(in, "");
    ASSERT_FALSE(r.ok()) << in << " -> " << r->test;
    EXPECT_NE(r.status().message().find(why), std::string::npos) << in << ": " << r.status().message();
  }
  Result<TranslatedCondition> js = TranslateCondition("input < 2", "JavaScript");
  ASSERT_FALSE(js.ok());
  EXPECT_NE(js.status().message().find("'JavaScript' is a programming language"), std::string::npos);
}

// A boundary timer on a task becomes its <on-timer>, the timer's flows its `to`.
std::string WithBoundary(const std::string& attrs, const std::string& timer) {
  return Doc("<bpmn:startEvent id=\"S\"/>\n"
             "<bpmn:userTask id=\"Review\" camunda:candidateGroups=\"approver\"/>\n"
             "<bpmn:boundaryEvent id=\"Late\" attachedToRef=\"Review\"" + attrs + "><bpmn:timerEventDefinition>" + timer +
             "</bpmn:timerEventDefinition></bpmn:boundaryEvent>\n"
             "<bpmn:manualTask id=\"Chase\"/>\n"
             "<bpmn:endEvent id=\"E\"/>\n"
             "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"S\" targetRef=\"Review\"/>\n"
             "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"Review\" targetRef=\"E\"/>\n"
             "<bpmn:sequenceFlow id=\"f3\" sourceRef=\"Late\" targetRef=\"Chase\"/>\n"
             "<bpmn:sequenceFlow id=\"f4\" sourceRef=\"Chase\" targetRef=\"E\"/>\n");
}

TEST(BpmnImport, BoundaryTimerBecomesTheTasksOnTimer) {
  std::string xml = Convert(WithBoundary("", "<bpmn:timeDuration>P3D</bpmn:timeDuration>"));
  EXPECT_NE(xml.find("<on-timer id=\"late\" after=\"P3D\" to=\"chase\" />"), std::string::npos) << xml;
  xml = Convert(WithBoundary(" cancelActivity=\"false\"", "<bpmn:timeDuration>\"PT0.5S\"</bpmn:timeDuration>"));
  EXPECT_NE(xml.find("<on-timer id=\"late\" after=\"PT1S\" to=\"chase\" interrupting=\"false\" />"), std::string::npos)
      << xml;
  std::string why = Refusal(WithBoundary("", "<bpmn:timeDate>someday</bpmn:timeDate>"));
  EXPECT_NE(why.find("t.bpmn:6:81:"), std::string::npos) << why;
  EXPECT_NE(why.find("the boundary timer's date 'someday' is not a moment krabuan can read"), std::string::npos) << why;
  xml = Convert(WithBoundary(" cancelActivity=\"false\"", "<bpmn:timeCycle>R3/PT1.5S</bpmn:timeCycle>"));
  EXPECT_NE(xml.find("<on-timer id=\"late\" every=\"R3/PT2S\" to=\"chase\" interrupting=\"false\" />"), std::string::npos)
      << xml;
  xml = Convert(WithBoundary("", "<bpmn:timeCycle>R/2025-10-01T09:00:00Z/P1D</bpmn:timeCycle>"));
  EXPECT_NE(xml.find("<on-timer id=\"late\" every=\"R/2025-10-01T09:00:00Z/P1D\" to=\"chase\" />"), std::string::npos)
      << xml;
  xml = Convert(WithBoundary("", "<bpmn:timeDate>2025-10-01T09:00:00+07:00</bpmn:timeDate>"));
  EXPECT_NE(xml.find("<on-timer id=\"late\" after=\"2025-10-01T09:00:00+07:00\" to=\"chase\" />"), std::string::npos)
      << xml;
}

// Converted, deployed and run on a real engine: the choice reads the start input.
class BpmnRun : public testing::EngineTest {};

TEST_F(BpmnRun, ConvertedProcessDeploysAndRunsBothBranches) {
  std::string body =
      "<bpmn:startEvent id=\"S\"/>\n"
      "<bpmn:userTask id=\"Check\" camunda:candidateGroups=\"approver\"/>\n"
      "<bpmn:exclusiveGateway id=\"G\" default=\"no\"/>\n"
      "<bpmn:task id=\"Pay\"/>\n"
      "<bpmn:endEvent id=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f0\" sourceRef=\"S\" targetRef=\"Check\"/>\n"
      "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"Check\" targetRef=\"G\"/>\n"
      "<bpmn:sequenceFlow id=\"yes\" sourceRef=\"G\" targetRef=\"Pay\">"
      "<bpmn:conditionExpression>${amount &gt; 100}</bpmn:conditionExpression></bpmn:sequenceFlow>\n"
      "<bpmn:sequenceFlow id=\"no\" sourceRef=\"G\" targetRef=\"E\"/>\n"
      "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"Pay\" targetRef=\"E\"/>\n";
  ImportOptions o;
  o.default_role = "clerk";
  Result<ImportResult> r = ImportBpmn(Doc(body), "t.bpmn", o);
  ASSERT_TRUE(r.ok()) << r.status().lines().front();
  Deploy(r->xml, "t.bpmn (converted)");
  InstanceId big = StartAs("admin", "proc_1", {{"amount", "500"}});
  ASSERT_TRUE(engine_->Complete({"boss"}, {OpenTaskAt(big, "check"), "", {}, ""}).ok());
  EXPECT_EQ(OpenNodes(big), std::vector<std::string>{"pay"});
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(big, "pay"), "", {}, ""}).ok());
  EXPECT_EQ(ShowInstance(big).instance.state, InstanceState::kCompleted);
  InstanceId small = StartAs("admin", "proc_1", {{"amount", "5"}});
  ASSERT_TRUE(engine_->Complete({"boss"}, {OpenTaskAt(small, "check"), "", {}, ""}).ok());
  EXPECT_EQ(ShowInstance(small).instance.state, InstanceState::kCompleted);
}

// The converted timer runs: it interrupts the task and the chase step opens.
TEST_F(BpmnRun, ConvertedBoundaryTimerInterruptsTheTask) {
  ImportOptions o;
  o.default_role = "clerk";
  Result<ImportResult> r = ImportBpmn(WithBoundary("", "<bpmn:timeDuration>P3D</bpmn:timeDuration>"), "t.bpmn", o);
  ASSERT_TRUE(r.ok()) << r.status().lines().front();
  Deploy(r->xml, "t.bpmn (converted)");
  InstanceId id = StartAs("admin", "proc_1");
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"review"});
  clock_.Set(testing::At("2025-08-05T09:00:00+07:00"));
  Result<FireResult> fired = engine_->FireDueTimers();
  ASSERT_TRUE(fired.ok());
  EXPECT_EQ(OpenNodes(id), std::vector<std::string>{"chase"});
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "chase"), "", {}, ""}).ok());
  EXPECT_EQ(ShowInstance(id).instance.state, InstanceState::kCompleted);
}

}  // namespace
}  // namespace krabuan::bpmn
