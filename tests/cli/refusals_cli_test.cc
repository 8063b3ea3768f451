// Every refusal of the CLI, one table row each: the exit code (1 refused or invalid,
// 2 a bad command line), one line on stderr per problem naming what was wrong, nothing
// on stdout, and a database whose every table is byte-for-byte what it was before.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

// What exists before the refused command runs. Every stage has one budget-request
// instance started by p33 with key K-1 (category operating, FY 2568).
enum class Stage {
  kAnnounce,   // the first task (announce, role budget-analyst) is open
  kSchool,     // announce completed by p33; school-request (money field) is open, one per school
  kAnalysis,   // every school's request recorded by p38; committee-analysis (outcomes) is open
  kClaimed,    // announce is open and claimed by p33
  kCancelled,  // the instance was cancelled by admin
  kCompleted,  // the instance ran to its end
};

struct Refusal {
  std::string name;
  Stage stage;
  std::string as;                      // "" runs without --as (and without KRABUAN_USER)
  std::vector<std::string> args;       // placeholders: {instance} {announce} {school} {analysis} {dir} {processes}
  int exit_code;
  std::vector<std::string> needles;    // each must appear on stderr (same placeholders)
  int problem_lines = 1;               // stderr lines, not counting CLI11's "Run with --help" hint
  std::string line_pattern = {};       // when set, every problem line must match this regex
};

void PrintTo(const Refusal& r, std::ostream* os) { *os << r.name; }

constexpr const char* kUsageHint = "Run with --help or --help-all for more information.";

// Not well-formed: the last start tag is never closed.
constexpr const char* kMalformed =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<process id=\"broken\" name=\"Broken\" start-roles=\"budget-analyst\">\n"
    "  <start id=\"start\" to=\"t\"/>\n"
    "  <task id=\"t\" name=\"T\" role=\"budget-analyst\" to=\"done\"\n";

class CliRefusal : public CliTest, public ::testing::WithParamInterface<Refusal> {
 protected:
  void Arrange(Stage stage) {
    dir_.WriteFile("malformed.xml", kMalformed);
    std::string source = ReadTextFile(ProcessesDir() / "budget-request.xml");
    std::string changed = source;
    changed.replace(changed.find("<end id=\"done\"/>"), 16, "<end id=\"done\"/>\n  <!-- v2 -->");
    dir_.WriteFile("budget-request.xml", changed);

    instance_ = StartBudget("p33", "operating", "2568", {"--key", "K-1"});
    switch (stage) {
      case Stage::kAnnounce:
        break;
      case Stage::kSchool:
        Complete("p33", instance_, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
        break;
      case Stage::kAnalysis:
        Complete("p33", instance_, "announce", {"--set", "policy_plan_notified=true", "--set", "criteria_notified=true"});
        SchoolRequests(instance_, Schools(), "p38", {"--set", "requested_amount=1000"});
        break;
      case Stage::kClaimed:
        Must(As("p33", {"claim", std::to_string(TaskId("p33", instance_, "announce"))}));
        break;
      case Stage::kCancelled:
        Must(As("admin", {"cancel", std::to_string(instance_), "--reason", "ทดสอบ"}));
        break;
      case Stage::kCompleted:
        WalkOperatingToCompletion(instance_);
        break;
    }
    // The latest task of each node, open or not, from the history.
    json show = Show(instance_);
    for (const json& h : show.at("history")) {
      if (h.at("action") == "task-created") {
        std::string id = std::to_string(h.at("task").get<std::int64_t>());
        if (h.at("node") == "announce") vars_["{announce}"] = id;
        if (h.at("node") == "school-request") vars_["{school}"] = id;
        if (h.at("node") == "committee-analysis") vars_["{analysis}"] = id;
      }
    }
    vars_["{instance}"] = std::to_string(instance_);
    vars_["{dir}"] = dir_.path().string();
    vars_["{processes}"] = ProcessesDir().string();
  }

  std::string Expand(std::string s) const {
    for (const auto& [key, value] : vars_) {
      for (std::size_t pos = s.find(key); pos != std::string::npos; pos = s.find(key, pos + value.size())) {
        s.replace(pos, key.size(), value);
      }
    }
    for (const char* k : {"{instance}", "{announce}", "{school}", "{analysis}", "{dir}", "{processes}"}) {
      if (s.find(k) != std::string::npos) throw std::runtime_error(std::string(k) + " is not known at this stage");
    }
    return s;
  }

  std::int64_t instance_ = 0;
  std::map<std::string, std::string> vars_;
};

TEST_P(CliRefusal, FailsWithOneLinePerProblemAndChangesNothing) {
  const Refusal& c = GetParam();
  Arrange(c.stage);
  std::vector<std::string> args;
  if (!c.as.empty()) args = {"--as", c.as};
  for (const std::string& a : c.args) args.push_back(Expand(a));

  std::string before = Dump();
  CliResult r = cli_.Run(args);
  std::string after = Dump();

  EXPECT_EQ(r.exit_code, c.exit_code) << r;
  EXPECT_EQ(r.out, "") << "a refused command prints nothing on stdout\n" << r;

  std::vector<std::string> problems;
  for (const std::string& line : r.ErrLines()) {
    if (line != kUsageHint) problems.push_back(line);
  }
  EXPECT_EQ(static_cast<int>(problems.size()), c.problem_lines) << "one stderr line per problem\n" << r;
  for (const std::string& line : problems) {
    if (c.exit_code == 1) {
      EXPECT_EQ(line.rfind("krabuan: ", 0), 0u) << "'" << line << "'\n" << r;
    }
    if (!c.line_pattern.empty()) {
      EXPECT_TRUE(std::regex_search(line, std::regex(Expand(c.line_pattern)))) << "'" << line << "' !~ " << c.line_pattern;
    }
  }
  for (const std::string& n : c.needles) {
    std::string needle = Expand(n);
    EXPECT_NE(r.err.find(needle), std::string::npos) << "stderr should mention \"" << needle << "\"\n" << r;
  }
  EXPECT_EQ(before, after) << "the refused command changed the database; first difference at "
                           << FirstDifference(before, after) << "\n" << r;
}

const std::vector<std::string> kAnnounceFields = {"--set", "policy_plan_notified=true", "--set",
                                                  "criteria_notified=true"};

std::vector<std::string> Cat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<std::string> kStartArgs = {"start", "budget-request", "--set", "fiscal_year=2568", "--set",
                                             "budget_category=operating"};

std::vector<Refusal> Cases() {
  return {
      // Who may act.
      {"wrong_user_for_role", Stage::kAnnounce, "p36", Cat({"complete", "{announce}"}, kAnnounceFields), 1,
       {"'p36' may not act on task {announce}", "budget-analyst"}},
      {"unknown_user", Stage::kAnnounce, "nobody", Cat({"complete", "{announce}"}, kAnnounceFields), 1,
       {"unknown user 'nobody'"}},
      {"no_user_given", Stage::kAnnounce, "", {"tasks"}, 1, {"is no user in the org file"}},
      {"claimed_by_someone_else", Stage::kClaimed, "p34", Cat({"complete", "{announce}"}, kAnnounceFields), 1,
       {"task {announce} is assigned to 'p33', not to 'p34'"}},
      {"claim_taken_task", Stage::kClaimed, "p34", {"claim", "{announce}"}, 1,
       {"task {announce} is assigned to 'p33'"}},
      {"claim_twice", Stage::kClaimed, "p33", {"claim", "{announce}"}, 1,
       {"task {announce} is already claimed by 'p33'"}},
      {"claim_without_role", Stage::kAnnounce, "p37", {"claim", "{announce}"}, 1,
       {"'p37' may not act on task {announce}", "budget-analyst"}},
      {"start_role_not_allowed", Stage::kAnnounce, "p38", kStartArgs, 1,
       {"'p38' may not start 'budget-request'", "budget-analyst", "group-director"}},
      {"non_admin_deploy", Stage::kAnnounce, "p33", {"deploy", "{dir}/budget-request.xml"}, 1,
       {"only an administrator may deploy", "'p33'"}},
      {"non_admin_cancel", Stage::kAnnounce, "p33", {"cancel", "{instance}", "--reason", "no"}, 1,
       {"only an administrator may cancel", "'p33'"}},
      {"non_admin_reassign", Stage::kAnnounce, "p33", {"reassign", "{announce}", "p34"}, 1,
       {"only an administrator may reassign", "'p33'"}},
      {"reassign_to_user_without_role", Stage::kAnnounce, "admin", {"reassign", "{announce}", "p36"}, 1,
       {"'p36' may not take task {announce}", "budget-analyst"}},
      {"reassign_to_unknown_user", Stage::kAnnounce, "admin", {"reassign", "{announce}", "ghost"}, 1,
       {"unknown user 'ghost'"}},
      {"list_all_tasks_as_officer", Stage::kAnnounce, "p35", {"tasks", "--all"}, 1, {"'p35' may not list every task"}},

      // Task state.
      {"complete_twice", Stage::kSchool, "p33", Cat({"complete", "{announce}"}, kAnnounceFields), 1,
       {"task {announce} is already completed", "by p33"}},
      {"complete_task_of_cancelled_instance", Stage::kCancelled, "p33",
       Cat({"complete", "{announce}"}, kAnnounceFields), 1, {"task {announce} is already cancelled"}},
      {"cancel_completed_instance", Stage::kCompleted, "admin", {"cancel", "{instance}", "--reason", "x"}, 1,
       {"instance {instance} is completed"}},
      {"cancel_cancelled_instance", Stage::kCancelled, "admin", {"cancel", "{instance}", "--reason", "x"}, 1,
       {"instance {instance} is cancelled"}},

      // Outcomes.
      {"unknown_outcome", Stage::kAnalysis, "p33", {"complete", "{analysis}", "--outcome", "maybe"}, 1,
       {"unknown outcome 'maybe'", "task {analysis}", "suitable", "revise"}},
      {"missing_outcome", Stage::kAnalysis, "p33", {"complete", "{analysis}"}, 1,
       {"task {analysis} needs an outcome", "suitable (เหมาะสม)", "revise (ให้ปรับปรุง)"}},
      {"outcome_on_task_without_outcomes", Stage::kAnnounce, "p33",
       Cat({"complete", "{announce}", "--outcome", "approve"}, kAnnounceFields), 1,
       {"task {announce}", "takes no outcome"}},

      // Fields.
      {"bad_money_value", Stage::kSchool, "p38", {"complete", "{school}", "--set", "requested_amount=abc"}, 1,
       {"task {school}", "requested_amount", "'abc' is not a money amount"}},
      {"bad_bool_value", Stage::kAnnounce, "p33",
       {"complete", "{announce}", "--set", "policy_plan_notified=maybe", "--set", "criteria_notified=true"}, 1,
       {"policy_plan_notified", "'maybe' is not a yes/no value"}},
      {"money_with_three_decimals", Stage::kSchool, "p38", {"complete", "{school}", "--set", "requested_amount=1.005"},
       1, {"requested_amount", "more than two decimal places"}},
      {"unknown_field", Stage::kAnnounce, "p33", Cat({"complete", "{announce}", "--set", "colour=red"}, kAnnounceFields),
       1, {"task {announce} has no field 'colour'", "policy_plan_notified, criteria_notified"}},
      {"missing_required_field", Stage::kAnnounce, "p33",
       {"complete", "{announce}", "--set", "policy_plan_notified=true"}, 1,
       {"field 'criteria_notified' (bool) is required"}},
      {"missing_two_required_fields", Stage::kAnnounce, "p33", {"complete", "{announce}"}, 1,
       {"field 'policy_plan_notified' (bool) is required", "field 'criteria_notified' (bool) is required"}, 2},
      {"set_without_equals", Stage::kAnnounce, "p33", {"complete", "{announce}", "--set", "colour"}, 1,
       {"--set 'colour': expected NAME=VALUE"}},

      {"string_field_not_utf8", Stage::kAnalysis, "p33",
       {"complete", "{analysis}", "--outcome", "suitable", "--set", "analysis_note=ok\xff\xfe"}, 1,
       {"analysis_note", "not valid UTF-8"}},
      {"comment_not_utf8", Stage::kAnnounce, "p33", Cat({"complete", "{announce}", "--comment", "\xe0\xb8"}, kAnnounceFields),
       1, {"comment is not valid UTF-8"}},
      {"start_comment_not_utf8", Stage::kAnnounce, "p33", Cat(kStartArgs, {"--comment", "\xc3\x28"}), 1,
       {"comment is not valid UTF-8"}},

      // Unknown things.
      {"show_unknown_instance", Stage::kAnnounce, "p33", {"show", "999"}, 1, {"no instance 999"}},
      {"cancel_unknown_instance", Stage::kAnnounce, "admin", {"cancel", "999", "--reason", "x"}, 1,
       {"no instance 999"}},
      {"complete_unknown_task", Stage::kAnnounce, "p33", {"complete", "999"}, 1, {"no task 999"}},
      {"claim_unknown_task", Stage::kAnnounce, "p33", {"claim", "999"}, 1, {"no task 999"}},
      {"non_numeric_task_id", Stage::kAnnounce, "p33", {"complete", "abc"}, 1, {"'abc' is not a task id"}},
      {"negative_task_id", Stage::kAnnounce, "p33", {"complete", "-1"}, 1, {"'-1' is not a task id"}},
      {"non_numeric_instance_id", Stage::kAnnounce, "p33", {"show", "x1"}, 1, {"'x1' is not an instance id"}},
      {"non_numeric_instance_filter", Stage::kAnnounce, "p33", {"tasks", "--instance", "one"}, 1,
       {"'one' is not an instance id"}},
      // Every id on the command line is read by one rule: digits only, above zero, within int64.
      {"task_id_with_plus_sign", Stage::kAnnounce, "p33", {"claim", "+5"}, 1,
       {"'+5' is not a task id (a positive number)"}},
      {"task_id_with_space", Stage::kAnnounce, "p33", {"task", " 5"}, 1, {"' 5' is not a task id (a positive number)"}},
      {"task_id_zero", Stage::kAnnounce, "p33", {"complete", "0"}, 1, {"'0' is not a task id (a positive number)"}},
      {"task_id_trailing_junk", Stage::kAnnounce, "p33", {"reassign", "5x", "p32"}, 1,
       {"'5x' is not a task id (a positive number)"}},
      {"instance_id_past_int64", Stage::kAnnounce, "p33", {"show", "9223372036854775808"}, 1,
       {"'9223372036854775808' is not an instance id (a positive number up to 9223372036854775807)"}},
      {"render_instance_id_junk", Stage::kAnnounce, "p33", {"render", "budget-request", "--instance", "1e3"}, 1,
       {"'1e3' is not an instance id (a positive number)"}},
      {"timer_id_junk", Stage::kAnnounce, "admin", {"timers", "--retry", "3x"}, 1,
       {"'3x' is not a timer id (a positive number)"}},
      {"alert_id_zero", Stage::kAnnounce, "admin", {"alerts", "--retry", "0"}, 1,
       {"'0' is not an alert id (a positive number)"}},
      {"absence_id_decimal", Stage::kAnnounce, "admin", {"absent", "--cancel", "1.5"}, 1,
       {"'1.5' is not an absence id (a positive number)"}},
      {"unknown_process", Stage::kAnnounce, "p33", {"start", "no-such-process"}, 1, {"no process 'no-such-process'"}},

      // Starting.
      {"missing_required_input", Stage::kAnnounce, "p33", {"start", "budget-request", "--set", "fiscal_year=2568"}, 1,
       {"input 'budget_category' (string) is required"}},
      {"unknown_input", Stage::kAnnounce, "p33", Cat(kStartArgs, {"--set", "colour=red"}), 1,
       {"process 'budget-request' has no input 'colour'", "fiscal_year, budget_category, urgent"}},
      {"ce_fiscal_year", Stage::kAnnounce, "p33",
       {"start", "budget-request", "--set", "fiscal_year=2025", "--set", "budget_category=operating"}, 1,
       {"'2025' looks like a CE year", "did you mean 2568?"}},
      {"duplicate_running_key", Stage::kAnnounce, "p33", Cat(kStartArgs, {"--key", "K-1"}), 1,
       {"a running 'budget-request' instance already has key 'K-1'"}},
      {"bad_clock", Stage::kAnnounce, "p33", Cat({"--now", "yesterday"}, kStartArgs), 1,
       {"--now / KRABUAN_NOW", "'yesterday'"}},

      // Cancelling.
      {"cancel_empty_reason", Stage::kAnnounce, "admin", {"cancel", "{instance}", "--reason", ""}, 1,
       {"cancelling needs a reason"}},

      // Deploying.
      {"deploy_malformed_file", Stage::kAnnounce, "admin", {"deploy", "{dir}/malformed.xml"}, 1,
       {"malformed.xml:"}, 1, "^krabuan: \\S*malformed\\.xml:[0-9]+:[0-9]+: malformed XML"},
      {"deploy_is_all_or_nothing", Stage::kAnnounce, "admin",
       {"deploy", "{dir}/budget-request.xml", "{dir}/malformed.xml"}, 1, {"malformed.xml:"}, 1,
       "malformed\\.xml:[0-9]+:[0-9]+: "},
      {"deploy_missing_file", Stage::kAnnounce, "admin", {"deploy", "{dir}/nothing-here.xml"}, 1,
       {"nothing-here.xml: cannot read the file"}},

      // Bad command lines: exit 2.
      {"cancel_without_reason", Stage::kAnnounce, "admin", {"cancel", "{instance}"}, 2, {"--reason"}},
      {"complete_without_task", Stage::kAnnounce, "p33", {"complete"}, 2, {"task is required"}},
      {"start_without_process", Stage::kAnnounce, "p33", {"start"}, 2, {"process is required"}},
      {"unknown_option", Stage::kAnnounce, "p33", {"complete", "{announce}", "--bogus"}, 2, {"--bogus"}},
      {"unknown_state_filter", Stage::kAnnounce, "p33", {"instances", "--state", "paused"}, 2, {"paused"}},
      {"no_subcommand", Stage::kAnnounce, "p33", {}, 2, {"a command is required"}},
      {"unknown_subcommand", Stage::kAnnounce, "p33", {"frobnicate"}, 2, {"frobnicate"}},
  };
}

INSTANTIATE_TEST_SUITE_P(Cli, CliRefusal, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Refusal>& info) { return info.param.name; });

// The dump itself: a successful command changes it, a read does not. Without this the
// refusal table could pass with a dump that ignores the data.
TEST_F(CliTest, DumpDatabaseSeesEveryChangeAndOnlyChanges) {
  std::string empty = Dump();
  EXPECT_NE(empty.find("table definitions ("), std::string::npos) << empty;
  EXPECT_NE(empty.find("table history ("), std::string::npos) << empty;
  std::int64_t id = StartBudget("p33", "operating");
  std::string started = Dump();
  EXPECT_NE(started, empty);
  Must(As("p33", {"tasks", "--json"}));
  Must(As("p33", {"show", std::to_string(id)}));
  Must(As("admin", {"instances"}));
  EXPECT_EQ(Dump(), started) << FirstDifference(started, Dump());
  // A claim changes only the assignee (and the history): still visible in the dump.
  Must(As("p33", {"claim", std::to_string(TaskId("p33", id, "announce"))}));
  EXPECT_NE(Dump(), started);
}

}  // namespace
}  // namespace krabuan::clitest
