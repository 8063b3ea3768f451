// Running real programs: stdin in, stdout and stderr out, exit status, time limit.
#include "adapters/process/subprocess.h"

#include <gtest/gtest.h>

#include <string>

namespace krabuan {
namespace {

SubprocessOptions Sh(const std::string& script, std::string input = "") {
  SubprocessOptions o;
  o.program = "/bin/sh";
  o.args = {"-c", script};
  o.input = std::move(input);
  return o;
}

TEST(SubprocessTest, PassesStdinAndCapturesBothOutputs) {
  // More than a pipe holds, both ways, so stdin and stdout must move together.
  std::string big(300000, 'x');
  Result<SubprocessResult> r = RunSubprocess(Sh("cat; echo 'เตือน' >&2", big + "ก"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->Succeeded());
  EXPECT_EQ(r->out, big + "ก");
  EXPECT_EQ(r->err, "เตือน\n");
}

TEST(SubprocessTest, ReportsTheExitStatusAndTheFirstErrorLine) {
  Result<SubprocessResult> r = RunSubprocess(Sh("echo; echo 'no route' >&2; echo more >&2; exit 7"));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->Succeeded());
  EXPECT_EQ(r->exit_code, 7);
  EXPECT_EQ(r->Describe(), "exit 7: no route");
}

TEST(SubprocessTest, KillsTheWholeGroupAtTheTimeLimit) {
  SubprocessOptions o = Sh("sleep 30 & sleep 30; wait");
  o.timeout = std::chrono::milliseconds(200);
  auto started = std::chrono::steady_clock::now();
  Result<SubprocessResult> r = RunSubprocess(o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
  EXPECT_FALSE(r->Succeeded());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(SubprocessTest, AProgramThatClosesItsOutputButRunsOnStillTimesOut) {
  SubprocessOptions o = Sh("exec >/dev/null 2>&1 </dev/null; sleep 30");
  o.timeout = std::chrono::milliseconds(200);
  Result<SubprocessResult> r = RunSubprocess(o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
}

TEST(SubprocessTest, AMissingProgramIsNotFound) {
  SubprocessOptions o;
  o.program = "/nonexistent/program";
  EXPECT_EQ(RunSubprocess(o).status().kind(), ErrorKind::kNotFound);
  o.program = "krabuan-no-such-program-on-path";
  EXPECT_EQ(RunSubprocess(o).status().kind(), ErrorKind::kNotFound);
}

TEST(SubprocessTest, SetsAndRemovesEnvironmentVariables) {
  SubprocessOptions o = Sh("echo \"${KRABUAN_A:-unset} ${HOME:-unset}\"");
  o.env["KRABUAN_A"] = "ค่า";
  o.env["HOME"] = std::nullopt;
  Result<SubprocessResult> r = RunSubprocess(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out, "ค่า unset\n");
}

}  // namespace
}  // namespace krabuan
