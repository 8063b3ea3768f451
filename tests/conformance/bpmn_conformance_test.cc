// The BPMN 2.0 conformance corpus (tests/data/conformance/bpmn, a copy of the 40 files written by
// others): every file is either imported, deployed into a fresh engine on a real SQLite
// file and driven to its end, or refused with a message naming an element and its line.
// Which it is, per file, is written down below; the tally is in README "Importing BPMN 2.0".
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "adapters/sqlite/sqlite_store.h"
#include "engine/bpmn/bpmn_import.h"
#include "engine/engine.h"
#include "tests/support/engine_fixture.h"

namespace krabuan {
namespace {

namespace fs = std::filesystem;

const char* const kCorpus = KRABUAN_TEST_DATA "/conformance/bpmn";

// Roles the corpus's tasks end up with: the default role and its one candidate group;
// `demo` is a login two Camunda tasks are assigned to.
const char* const kCorpusOrg = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<org office="สำนักงานทดสอบ" group="กลุ่มทดสอบ">
  <role id="admin" name="ผู้ดูแลระบบ"/>
  <role id="worker" name="ผู้ปฏิบัติงาน"/>
  <role id="accounting" name="บัญชี"/>
  <user login="admin" name="ผู้ดูแลระบบ" roles="admin"/>
  <user login="demo" name="ผู้ทดลอง" roles="worker accounting"/>
</org>
)xml";

// The verdict expected of each file, and why. "runs": imported, deployed and driven to
// completion; otherwise the construct that makes it refused.
const std::map<std::string, std::string> kExpected = {
    {"miwg/A.1.0.bpmn", "runs"},
    {"miwg/A.2.0.bpmn", "runs"},
    {"miwg/A.2.1.bpmn", "ioSpecification"},
    {"miwg/A.3.0.bpmn", "boundaryEvent"},
    {"miwg/A.4.0.bpmn", "message"},
    {"miwg/B.1.0.bpmn", "globalTask"},
    {"miwg/B.2.0.bpmn", "globalUserTask"},
    {"miwg/C.1.0.bpmn", "messageFlow"},
    {"miwg/C.9.1.bpmn", "sendTask"},
    {"bpmn-engine/loop.bpmn", "JavaScript"},
    {"bpmn-engine/multiple-joins.bpmn", "JavaScript"},
    {"bpmn-engine/multiple-endEvents.bpmn", "runs"},
    {"bpmn-engine/boundary-timeout.bpmn", "both flow into the parallel gateway 'join'"},
    {"bpmn-engine/timers.bpmn", "timer start event"},
    {"bpmn-engine/sub-process.bpmn", "runs"},
    {"bpmn-engine/call-activity.bpmn", "runs"},
    {"bpmn-engine/messaging.bpmn", "messageFlow"},
    {"bpmn-engine/bound-error.bpmn", "errorEventDefinition"},
    {"spiffworkflow/inclusive_gateway.bpmn", "runs"},
    {"spiffworkflow/exclusive_gateway_no_default.bpmn", "runs"},
    {"spiffworkflow/token_trial_nested_parallel.bpmn", "runs"},
    {"spiffworkflow/boundary_timer_on_task.bpmn", "runs"},
    {"spiffworkflow/boundary.bpmn", "runs"},
    {"spiffworkflow/timer.bpmn", "runs"},
    {"spiffworkflow/timer-cycle.bpmn", "runs"},
    {"spiffworkflow/call_activity_end_event.bpmn", "runs"},
    {"spiffworkflow/call_activity_call_activity.bpmn", "runs"},
    {"spiffworkflow/standard_loop.bpmn", "standardLoopCharacteristics"},
    {"spiffworkflow/event-gateway.bpmn", "eventBasedGateway"},
    {"spiffworkflow/signal_event_payload.bpmn", "intermediateThrowEvent"},
    {"camunda-bpm-examples/invokeRestService.bpmn", "runs"},
    {"camunda-bpm-examples/camunda-testing-job-announcement-publication.bpmn", "runs"},
    {"camunda-bpm-examples/mainProcess.bpmn", "runs"},
    {"camunda-bpm-examples/subProcess.bpmn", "runs"},
    {"camunda-bpm-examples/loan-granting.bpmn", "multiInstanceLoopCharacteristics"},
    {"bpmn-js/conditions.bpmn", "condition '${foo > bar}' cannot be imported: only a variable compared with a literal"},
    {"bpmn-js/conditional-flow.bpmn", "its language 'http://www.w3.org/1999/XPath' is a programming language"},
    {"bpmn-js/gateways.bpmn", "eventBasedGateway"},
    {"bpmn-js/kitchen-sink.bpmn", "messageFlow"},
    {"bpmn-js/duplicate-ids.bpmn", "the id 'test' is also used"},
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// Values to start with: for each input, the literals its conditions compare it with, so
// that some attempt takes each branch; "demo" for an assignee variable.
std::map<std::string, std::vector<std::string>> CandidateInputs(const ProcessDefinition& def, const std::string& xml) {
  std::map<std::string, std::vector<std::string>> out;
  std::regex cmp(R"(([A-Za-z_][A-Za-z0-9_]*) (==|!=|<|<=|>|>=) ('[^']*'|-?[0-9.]+|true|false))");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), cmp); it != std::sregex_iterator(); ++it) {
    std::string lit = (*it)[3];
    if (lit.front() == '\'') lit = lit.substr(1, lit.size() - 2);
    auto& v = out[(*it)[1]];
    v.push_back(lit);
    if (std::isdigit(static_cast<unsigned char>(lit.front())) && lit.find('.') == std::string::npos) {
      v.push_back(std::to_string(std::stoll(lit) + 1));   // the other side of a < or >
    }
  }
  for (const VariableDecl& in : def.inputs()) {
    if (!out.count(in.name)) out[in.name] = {in.type == ValueType::kBool ? "true" : in.type == ValueType::kString ? "demo" : "1"};
  }
  return out;
}

std::string FieldValue(const VariableDecl& f) {
  switch (f.type) {
    case ValueType::kBool: return "true";
    case ValueType::kInt: return "1";
    case ValueType::kMoney: return "1.00";
    case ValueType::kDate: return "2025-08-01";
    case ValueType::kFiscalYear: return "2568";
    case ValueType::kString: return "x";
  }
  return "x";
}

struct Outcome {
  bool ran = false;
  std::string detail;               // the refusal's first line, or what went wrong in the run
  std::vector<std::string> lines;   // every line of a refusal
  int tasks_completed = 0;
  int timers_fired = 0;
  // For a process with task timers: a second run where every timer fires before the
  // task it sits on is done (interrupting timers take their path, repeating ones repeat).
  bool has_task_timers = false;
  bool ran_timers_first = false;
  int boundary_timers_fired = 0;
};

class Corpus {
 public:
  explicit Corpus(fs::path dir) : dir_(std::move(dir)) {}

  // Deploys into a fresh database and drives one instance per attempt until one completes.
  Outcome Run(const fs::path& file) {
    Outcome out;
    bpmn::ImportOptions options;
    options.default_role = "worker";
    options.find_process = bpmn::FindInFolderOf(file.string());
    Result<bpmn::ImportResult> imported = bpmn::ImportBpmn(Slurp(file), file.string(), options);
    if (!imported.ok()) {
      out.lines = imported.status().lines();
      out.detail = out.lines.front();
      return out;
    }
    fs::path db_dir = fs::temp_directory_path() / ("krabuan-bpmn-" + std::to_string(::getpid()) + "-" + file.stem().string());
    fs::remove_all(db_dir);
    fs::create_directories(db_dir);
    SqliteOptions so;
    so.path = (db_dir / "corpus.db").string();
    so.sync = SqliteOptions::Sync::kNormal;
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(so);
    if (!store.ok()) {
      out.detail = "store: " + store.status().message();
      return out;
    }
    testing::ManualClock clock(testing::At("2025-08-01T09:00:00+07:00"));
    Engine engine(**store, clock);
    Result<std::vector<DeployResult>> boot =
        engine.Bootstrap({"admin"}, {"org.xml", kCorpusOrg}, {{file.string() + " (converted)", imported->xml}});
    if (!boot.ok()) {
      out.lines = boot.status().lines();
      out.detail = "deploy: " + out.lines.front();
      fs::remove_all(db_dir);
      return out;
    }
    Result<std::shared_ptr<const ProcessDefinition>> def = engine.Definition(imported->process_id);
    auto candidates = CandidateInputs(**def, imported->xml);
    auto inputs_for = [&](int attempt) {
      std::vector<Assignment> inputs;
      for (const VariableDecl& in : (*def)->inputs()) {
        const auto& values = candidates[in.name];
        inputs.emplace_back(in.name, values[attempt % values.size()]);
      }
      return inputs;
    };
    for (int attempt = 0; attempt < 4 && !out.ran; ++attempt) {
      Drive(engine, clock, imported->process_id, inputs_for(attempt), out, /*timers_first=*/false);
    }
    out.has_task_timers = imported->xml.find("<on-timer") != std::string::npos;
    if (out.ran && out.has_task_timers) {
      Outcome late;
      for (int attempt = 0; attempt < 4 && !late.ran; ++attempt) {
        Drive(engine, clock, imported->process_id, inputs_for(attempt), late, /*timers_first=*/true);
      }
      out.ran_timers_first = late.ran;
      out.boundary_timers_fired = late.boundary_timers_fired;
      if (!late.ran) out.detail += "; with timers first: " + late.detail;
    }
    fs::remove_all(db_dir);
    return out;
  }

 private:
  // Completes every open task (first outcome, every required field) and moves the clock
  // to fire timers, until the instance ends; 300 rounds at most (a loop that never exits).
  // `timers_first`: each round first moves the clock a day on and fires what is due, so
  // the tasks' own timers fire before the tasks are done.
  void Drive(Engine& engine, testing::ManualClock& clock, const std::string& process,
             const std::vector<Assignment>& inputs, Outcome& out, bool timers_first) {
    Result<InstanceId> id = engine.Start({"admin"}, {process, inputs, "", ""});
    if (!id.ok()) {
      out.detail = "start: " + id.status().message();
      return;
    }
    for (int round = 0; round < 300; ++round) {
      Result<InstanceView> view = engine.Show({"admin"}, *id);
      if (!view.ok()) {
        out.detail = "show: " + view.status().message();
        return;
      }
      if (view->instance.state == InstanceState::kCompleted) {
        out.ran = view->history_intact;
        out.detail = out.ran ? "completed" : "history chain broken";
        for (const HistoryRecord& h : view->history) {
          out.boundary_timers_fired += h.action == "timer-forked" || h.action == "task-interrupted";
        }
        return;
      }
      if (timers_first) {
        clock.Set(clock.Now() + std::chrono::hours(24));
        Result<FireResult> fired = engine.FireDueTimers();
        if (!fired.ok()) {
          out.detail = "timers: " + fired.status().message();
          return;
        }
        out.timers_fired += fired->fired;
        if (fired->fired > 0) continue;   // look again: the timers may have moved tokens
      }
      Result<std::vector<TaskView>> tasks = engine.Tasks({"admin"}, {true, "", *id, false});
      if (!tasks.ok()) {
        out.detail = "tasks: " + tasks.status().message();
        return;
      }
      if (tasks->empty()) {
        clock.Set(clock.Now() + std::chrono::hours(24));
        Result<FireResult> fired = engine.FireDueTimers();
        if (!fired.ok() || fired->fired == 0) {
          out.detail = "stuck: no open task and no timer to fire";
          return;
        }
        out.timers_fired += fired->fired;
        continue;
      }
      for (const TaskView& t : *tasks) {
        CompleteRequest c;
        c.task = t.task.id;
        if (!t.outcomes.empty()) c.outcome = t.outcomes.front().value;
        for (const VariableDecl& f : t.fields) {
          if (f.required) c.fields.emplace_back(f.name, FieldValue(f));
        }
        Status s = engine.Complete({"demo"}, c);
        if (!s.ok()) {
          out.detail = "complete: " + s.message();
          return;
        }
        ++out.tasks_completed;
      }
    }
    out.detail = "did not end within 300 rounds";
  }

  fs::path dir_;
};

TEST(BpmnConformance, EveryCorpusFileRunsOrIsRefusedAsExpected) {
  fs::path dir = kCorpus;
  // The corpus sits beside the checkout (../shared) here and in CI; missing is a failure.
  ASSERT_TRUE(fs::is_directory(dir)) << "the BPMN corpus is missing: " << dir;
  std::set<std::string> found;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".bpmn") found.insert(fs::relative(e.path(), dir).generic_string());
  }
  ASSERT_EQ(found.size(), 40u);
  Corpus corpus(dir);
  int ran = 0, refused = 0, with_timers = 0;
  std::regex located(R"(^.+\.bpmn:[0-9]+:[0-9]+: .+ \([A-Za-z]+( '[^']*')?\)$)");
  for (const std::string& name : found) {
    auto expected = kExpected.find(name);
    ASSERT_NE(expected, kExpected.end()) << name << " has no expectation written down";
    Outcome o = corpus.Run(dir / name);
    std::cout << "[bpmn] " << (o.ran ? "ran     " : "refused ") << name << ": " << o.detail
              << (o.ran_timers_first ? ", and with its task timers fired first (" +
                                           std::to_string(o.boundary_timers_fired) + " timer firings)"
                                     : "")
              << "\n";
    if (expected->second == "runs") {
      EXPECT_TRUE(o.ran) << name << ": " << o.detail;
      if (o.has_task_timers) {
        EXPECT_TRUE(o.ran_timers_first) << name << ": " << o.detail;
        EXPECT_GT(o.boundary_timers_fired, 0) << name;
        ++with_timers;
      }
      ++ran;
    } else {
      EXPECT_FALSE(o.ran) << name << " was expected to be refused for " << expected->second;
      ASSERT_FALSE(o.lines.empty()) << name << ": not refused by the importer but: " << o.detail;
      std::string all;
      for (const std::string& line : o.lines) {
        EXPECT_TRUE(std::regex_match(line, located)) << name << ": the refusal names no element and line: " << line;
        all += line + "\n";
      }
      EXPECT_NE(all.find(expected->second), std::string::npos) << name << " was expected to be refused for "
                                                                << expected->second << ", not:\n" << all;
      ++refused;
    }
  }
  std::cout << "[bpmn] tally: " << ran << " imported and run to completion (" << with_timers
            << " of them again with their task timers fired first), " << refused
            << " refused with a located message, of " << found.size() << "\n";
  EXPECT_EQ(ran + refused, 40);
}

// The corpus run completes the task before its timer is due; the tests below fire the
// timers first, on the converted file deployed into a fresh engine.
class BpmnConformanceTimer : public testing::EngineTest {
 protected:
  // Converts a corpus file (tasks to role 'clerk'), deploys it and returns its process
  // id; `expect` is a piece of the converted XML to check.
  std::string DeployCorpusFile(const std::string& name, const std::string& expect = "") {
    fs::path file = fs::path(kCorpus) / name;
    bpmn::ImportOptions options;
    options.default_role = "clerk";
    Result<bpmn::ImportResult> imported = bpmn::ImportBpmn(Slurp(file), file.string(), options);
    EXPECT_TRUE(imported.ok()) << (imported.ok() ? "" : imported.status().lines().front());
    if (!imported.ok()) return "";
    EXPECT_NE(imported->xml.find(expect), std::string::npos) << imported->xml;
    Deploy(imported->xml, name + " (converted)");
    return imported->process_id;
  }
};

// The non-interrupting timer forks a token to its end and the task stays open.
TEST_F(BpmnConformanceTimer, BoundaryTimerOnTaskForksAndTheTaskStillCompletes) {
  std::string process = DeployCorpusFile("spiffworkflow/boundary_timer_on_task.bpmn");
  ASSERT_FALSE(process.empty());
  InstanceId id = StartAs("clerk", process);
  clock_.Set(clock_.Now() + std::chrono::seconds(1));   // "PT0.002S", rounded up to a second
  Result<FireResult> fired = engine_->FireDueTimers();
  ASSERT_TRUE(fired.ok());
  EXPECT_EQ(fired->fired, 1);
  InstanceView v = ShowInstance(id);
  EXPECT_EQ(testing::HistoryCount(v, "timer-forked"), 1);
  EXPECT_EQ(v.instance.state, InstanceState::kRunning);   // the forked token ended; the task's remains
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "user_task"), "", {}, ""}).ok());
  EXPECT_EQ(ShowInstance(id).instance.state, InstanceState::kCompleted);
}

// timer-cycle.bpmn: a non-interrupting "R2/PT0.1S" cycle on the coffee task fires twice
// (each a second apart once rounded up) while the task is open, and then no more.
TEST_F(BpmnConformanceTimer, RepeatingBoundaryTimerFiresItsCountThenStops) {
  std::string process = DeployCorpusFile("spiffworkflow/timer-cycle.bpmn", "every=\"R2/PT1S\"");
  ASSERT_FALSE(process.empty());
  InstanceId id = StartAs("clerk", process);
  int fired = 0;
  for (int second = 1; second <= 5; ++second) {
    clock_.Set(clock_.Now() + std::chrono::seconds(1));
    Result<FireResult> r = engine_->FireDueTimers();
    ASSERT_TRUE(r.ok());
    fired += r->fired;
  }
  EXPECT_EQ(fired, 2);
  EXPECT_EQ(testing::HistoryCount(ShowInstance(id), "timer-forked"), 2);
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "get_coffee"), "", {}, ""}).ok());
  ASSERT_TRUE(engine_->Complete({"clerk"}, {OpenTaskAt(id, "back_to_work"), "", {}, ""}).ok());
  EXPECT_EQ(ShowInstance(id).instance.state, InstanceState::kCompleted);
}

}  // namespace
}  // namespace krabuan
