// `plan` agrees with the engine: for every procedure in processes/ and fiscal years 2568
// and 2569, a case is driven along the plan's main line, each task completed at the moment
// the plan assumes it is done (its row's `done`) and each timer fired when it falls due;
// every task the engine opens must open when its plan row begins and be due when the row
// says, and every main-line row must be met.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine/plan/plan.h"
#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

// What a case needs beyond the defaults (required inputs get SampleValue, each task its
// first outcome) to follow the main line: the first branch of each choice that goes forward.
struct PlanCase {
  std::string process;
  std::vector<Assignment> inputs = {};
  std::map<std::string, std::string> outcomes = {};   // node -> outcome, the first time
  std::map<std::string, std::string> again = {};      // node -> outcome, when a flow brings it back
};

const std::vector<PlanCase>& Cases() {
  static const std::vector<PlanCase> cases = {
      {"action-plan-evaluation"},
      {"annual-action-plan"},
      {"annual-spending-plan"},
      {"basic-education-development-plan"},
      {"budget-allocation"},
      {"budget-expenditure-analysis"},
      // route-category's first branch is the investment budget.
      {"budget-request", {{"budget_category", "investment"}}},
      {"coordination-and-service"},
      // The first branch registers a letter and opens the register again; the second time
      // the register is closed, so the case ends.
      {"correspondence", {}, {{"receive", "register"}}, {{"receive", "close-register"}}},
      {"development-plan-evaluation"},
      {"education-policy-development"},
      {"external-resource-mobilization"},
      {"inspection-follow-up"},
      {"internal-meeting"},
      {"knowledge-management"},
      {"me-system-development"},
      {"obec-policy-monitoring"},
      {"obec-strategy-evaluation"},
      {"provincial-education-strategy"},
      {"school-merger"},
      {"surplus-transfer"},
  };
  return cases;
}

void PrintTo(const PlanCase& c, std::ostream* os) { *os << c.process; }

std::string Text(std::optional<Instant> t) { return t ? FormatInstantUtc(*t) : "-"; }

// The due a task-created row records ("-" for none).
std::string DueIn(const HistoryRecord& h) {
  std::size_t at = h.detail.find("\"due\":\"");
  return at == std::string::npos ? "-" : h.detail.substr(at + 7, 20);
}

class PlanAgreesWithTheEngine : public ManualProcessTest,
                                public ::testing::WithParamInterface<std::tuple<PlanCase, int>> {};

TEST_P(PlanAgreesWithTheEngine, EveryTaskOpensAndFallsDueAsItsPlanRowSays) {
  const auto& [c, be] = GetParam();
  DeployProcess(c.process);
  std::shared_ptr<const ProcessDefinition> def = *engine_->Definition(c.process);
  FiscalYear fy{be};
  Instant start = OfficeStartOfDay(FiscalYearStart(fy));   // as `krabuan plan` starts by default
  Result<Plan> plan = PlanProcess(*def, org_.get(), **engine_->Holidays(), fy, start);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  std::map<std::string, const PlannedStep*> row;
  for (const PlannedStep& s : plan->steps) row[s.node_id] = &s;

  std::vector<Assignment> inputs = c.inputs;
  for (const VariableDecl& in : def->inputs()) {
    bool given = std::any_of(inputs.begin(), inputs.end(), [&](const Assignment& a) { return a.first == in.name; });
    if (given) continue;
    if (in.type == ValueType::kFiscalYear) inputs.emplace_back(in.name, std::to_string(be));
    else if (in.required && !in.default_value) inputs.emplace_back(in.name, SampleValue(in.type));
  }
  clock_.Set(start);
  InstanceId id = Start(def->start_roles().empty() ? "admin" : SomeoneFor(def->start_roles().front()), c.process, inputs);
  ASSERT_NE(id, 0);

  std::map<std::string, TokenId> first_visit;   // per node, the token of its first tasks
  auto is_first = [&](const TaskRecord& t) {
    auto [it, fresh] = first_visit.emplace(t.node_id, t.token_id);
    return fresh || it->second == t.token_id;
  };
  for (int step = 0; step < 2000; ++step) {
    InstanceView v = Show(id);
    if (v.instance.state != InstanceState::kRunning) break;
    // The next task to complete: the one the plan takes to be done first. A task a flow
    // brings back is done at once (the plan dates each step once).
    const TaskView* next = nullptr;
    Instant when{};
    for (const TaskView& t : v.open_tasks) {
      auto r = row.find(t.task.node_id);
      ASSERT_NE(r, row.end()) << "the engine opened '" << t.task.node_id << "', which the plan does not list";
      Instant at = is_first(t.task) ? r->second->done : clock_.Now();
      if (next == nullptr || at < when) {
        next = &t;
        when = at;
      }
    }
    Result<FireResult> fired = engine_->FireDueTimers();
    ASSERT_TRUE(fired.ok()) << fired.status().message();
    if (fired->fired > 0) continue;
    if (fired->next_due && (next == nullptr || *fired->next_due <= when)) {
      clock_.Set(std::max(clock_.Now(), *fired->next_due));
      continue;
    }
    ASSERT_NE(next, nullptr) << c.process << " is stuck: nothing open, no timer";
    EXPECT_GE(when, clock_.Now()) << "'" << next->task.node_id << "' is planned done before the engine opened it";
    clock_.Set(std::max(clock_.Now(), when));
    const std::string& node = next->task.node_id;
    bool first = is_first(next->task);
    std::string outcome = next->outcomes.empty() ? "" : next->outcomes.front().value;
    const auto& chosen = first ? c.outcomes : c.again;
    if (auto o = chosen.find(node); o != chosen.end()) outcome = o->second;
    std::vector<Assignment> fields;
    for (const VariableDecl& f : next->fields) {
      if (f.required) fields.emplace_back(f.name, SampleValue(f.type));
    }
    const TaskRecord& t = next->task;
    std::string who = !t.item.empty() ? t.item : !t.assignee.empty() ? t.assignee : SomeoneFor(t.role);
    Status s = engine_->Complete({who}, {t.id, outcome, fields, ""});
    ASSERT_TRUE(s.ok()) << node << " as " << who << ": " << s.message();
  }
  InstanceView v = Show(id);
  EXPECT_EQ(v.instance.state, InstanceState::kCompleted) << c.process << " did not end";

  // The first visit of each step, as the engine recorded it, against its plan row.
  std::set<std::string> met;
  for (const HistoryRecord& h : v.history) {
    if (h.action != "task-created" || !met.insert(h.node_id).second) continue;
    const PlannedStep& s = *row.at(h.node_id);
    EXPECT_TRUE(s.main_line) << "'" << h.node_id << "' is off the plan's main line";
    EXPECT_EQ(FormatInstantUtc(h.at), FormatInstantUtc(s.begins)) << "'" << h.node_id << "' opens";
    EXPECT_EQ(DueIn(h), Text(s.due)) << "'" << h.node_id << "' is due";
  }
  for (const PlannedStep& s : plan->steps) {
    if (s.main_line) {
      EXPECT_TRUE(met.count(s.node_id)) << "the case never met main-line step '" << s.node_id << "'";
    }
  }
}

std::string CaseName(const ::testing::TestParamInfo<std::tuple<PlanCase, int>>& info) {
  std::string name = std::get<0>(info.param).process + "_" + std::to_string(std::get<1>(info.param));
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(EveryProcess, PlanAgreesWithTheEngine,
                         ::testing::Combine(::testing::ValuesIn(Cases()), ::testing::Values(2568, 2569)), CaseName);

// The table above names every procedure in processes/, and nothing else.
TEST(PlanAgreesWithTheEngineCases, CoverEveryProcessFile) {
  std::set<std::string> files, cases;
  for (const auto& entry : std::filesystem::directory_iterator(ProcessesDir())) {
    if (entry.path().extension() == ".xml" && entry.path().filename() != "org.xml") {
      files.insert(entry.path().stem().string());
    }
  }
  for (const PlanCase& c : Cases()) cases.insert(c.process);
  EXPECT_EQ(cases, files);
  EXPECT_EQ(files.size(), 21u);
}

}  // namespace
}  // namespace krabuan::testing
