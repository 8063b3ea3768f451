#include "tests/support/manual_fixture.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>

namespace krabuan::testing {

std::vector<const HistoryRecord*> CompletionsAt(const InstanceView& v, const std::string& node,
                                                const std::string& user) {
  std::vector<const HistoryRecord*> out;
  for (const HistoryRecord& h : v.history) {
    if (h.action == "task-completed" && h.node_id == node && (user.empty() || h.user == user)) out.push_back(&h);
  }
  return out;
}

int CompletionCount(const InstanceView& v, const std::string& node) {
  return static_cast<int>(CompletionsAt(v, node).size());
}

const HistoryRecord* FirstCompletion(const InstanceView& v, const std::string& node, const std::string& user) {
  std::vector<const HistoryRecord*> all = CompletionsAt(v, node, user);
  return all.empty() ? nullptr : all.front();
}

const HistoryRecord* LastCompletion(const InstanceView& v, const std::string& node, const std::string& user) {
  std::vector<const HistoryRecord*> all = CompletionsAt(v, node, user);
  return all.empty() ? nullptr : all.back();
}

std::filesystem::path ProcessesDir() { return std::filesystem::path(KRABUAN_SOURCE_DIR) / "processes"; }

std::string ReadProcessFile(const std::string& name) {
  std::filesystem::path p = ProcessesDir() / (name.ends_with(".xml") ? name : name + ".xml");
  std::ifstream in(p, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << p;
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::vector<std::string> ProcessIds() {
  std::vector<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(ProcessesDir())) {
    if (entry.path().extension() != ".xml" || entry.path().filename() == "org.xml") continue;
    ids.push_back(entry.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

void ManualProcessTest::SetUp() {
  static std::atomic<int> counter{0};
  dir_ = std::filesystem::temp_directory_path() /
         ("krabuan-manual-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(dir_);
  SqliteOptions o;
  o.path = (dir_ / "manual.db").string();
  o.sync = SqliteOptions::Sync::kNormal;
  Result<std::unique_ptr<Store>> s = OpenSqliteStore(o);
  ASSERT_TRUE(s.ok()) << s.status().message();
  store_ = std::move(s.value());
  engine_ = std::make_unique<Engine>(*store_, clock_);
  SourceFile holidays{"calendar/holidays.xml", ReadProcessFile("calendar/holidays")};
  Result<std::vector<DeployResult>> r =
      engine_->Bootstrap({"admin"}, {"org.xml", ReadProcessFile("org")}, {}, holidays);
  ASSERT_TRUE(r.ok()) << r.status().lines().front();
  Result<std::shared_ptr<const Org>> org = engine_->GetOrg();
  ASSERT_TRUE(org.ok());
  org_ = *org;
}

void ManualProcessTest::TearDown() {
  engine_.reset();
  store_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void ManualProcessTest::DeployProcess(const std::string& id) {
  Result<std::vector<DeployResult>> r = engine_->Deploy({"admin"}, {{id + ".xml", ReadProcessFile(id)}});
  ASSERT_TRUE(r.ok()) << [&] {
    std::string all;
    for (const std::string& l : r.status().lines()) all += l + "\n";
    return all;
  }();
}

void ManualProcessTest::SetNow(const char* iso) { clock_.Set(At(iso)); }

FireResult ManualProcessTest::MoveTo(const char* iso) {
  clock_.Set(At(iso));
  FireResult total;
  while (true) {
    Result<FireResult> r = engine_->FireDueTimers();
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (!r.ok()) return total;
    total.fired += r->fired;
    total.failed += r->failed;
    total.next_due = r->next_due;
    if (r->fired + r->failed == 0) break;
  }
  EXPECT_EQ(total.failed, 0) << "a timer's effect failed";
  return total;
}

InstanceId ManualProcessTest::Start(const std::string& login, const std::string& process,
                                    std::vector<Assignment> inputs) {
  Result<InstanceId> id = engine_->Start({login}, {process, std::move(inputs), "", ""});
  EXPECT_TRUE(id.ok()) << id.status().message();
  return id.ok() ? *id : 0;
}

InstanceView ManualProcessTest::Show(InstanceId instance) {
  Result<InstanceView> v = engine_->Show({"admin"}, instance);
  EXPECT_TRUE(v.ok()) << v.status().message();
  return v.ok() ? *v : InstanceView{};
}

TaskId ManualProcessTest::Open(InstanceId instance, const std::string& node) {
  TaskId found = 0;
  int n = 0;
  for (const TaskView& t : Show(instance).open_tasks) {
    if (t.task.node_id == node) {
      found = t.task.id;
      ++n;
    }
  }
  EXPECT_EQ(n, 1) << "open tasks at '" << node << "'; open nodes: " << ::testing::PrintToString(OpenNodes(instance));
  return found;
}

std::map<std::string, TaskId> ManualProcessTest::OpenItems(InstanceId instance, const std::string& node) {
  std::map<std::string, TaskId> out;
  for (const TaskView& t : Show(instance).open_tasks) {
    if (t.task.node_id == node) out[t.task.item] = t.task.id;
  }
  return out;
}

std::vector<std::string> ManualProcessTest::OpenNodes(InstanceId instance) {
  std::vector<std::string> out;
  for (const TaskView& t : Show(instance).open_tasks) out.push_back(t.task.node_id);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void ManualProcessTest::Complete(const std::string& login, TaskId task, const std::string& outcome,
                                 std::vector<Assignment> fields, const std::string& comment) {
  Status s = engine_->Complete({login}, {task, outcome, std::move(fields), comment});
  ASSERT_TRUE(s.ok()) << "task " << task << " by " << login << ": " << s.message();
}

std::string ManualProcessTest::DueOf(InstanceId instance, const std::string& node) {
  std::string due;
  for (const HistoryRecord& h : Show(instance).history) {
    if (h.action != "task-created" || h.node_id != node) continue;
    std::size_t at = h.detail.find("\"due\":\"");
    due = at == std::string::npos ? "-" : h.detail.substr(at + 7, 20);
  }
  return due;
}

std::string ManualProcessTest::SomeoneFor(const std::string& role) {
  for (const User& u : org_->users()) {
    if (org_->CapacityFor(u, role) == Capacity::kMember) return u.login;
  }
  for (const User& u : org_->users()) {
    if (org_->CapacityFor(u, role)) return u.login;
  }
  ADD_FAILURE() << "nobody in the org file acts in role '" << role << "'";
  return "";
}

std::string SampleValue(ValueType t) {
  switch (t) {
    case ValueType::kString: return "ทดสอบ";
    case ValueType::kInt: return "1";
    case ValueType::kMoney: return "1000.00";
    case ValueType::kBool: return "true";
    case ValueType::kDate: return "2025-01-15";
    case ValueType::kFiscalYear: return "2568";
  }
  return "";
}

std::vector<std::string> ManualProcessTest::Drive(InstanceId instance, const std::map<std::string, std::string>& prefer,
                                                  int max_steps) {
  std::vector<std::string> visited;
  for (int step = 0; step < max_steps; ++step) {
    InstanceView v = Show(instance);
    if (v.instance.state != InstanceState::kRunning) return visited;
    if (v.open_tasks.empty()) {
      Result<FireResult> r = engine_->FireDueTimers();
      EXPECT_TRUE(r.ok());
      if (!r.ok()) return visited;
      if (r->fired > 0) continue;
      if (!r->next_due) {
        ADD_FAILURE() << "instance " << instance << " is stuck: nothing open, no timer";
        return visited;
      }
      clock_.Set(*r->next_due);
      continue;
    }
    const TaskView& t = v.open_tasks.front();
    std::string outcome;
    if (!t.outcomes.empty()) {
      outcome = t.outcomes.front().value;
      if (auto it = prefer.find(t.task.node_id); it != prefer.end()) outcome = it->second;
    }
    std::vector<Assignment> fields;
    for (const VariableDecl& f : t.fields) {
      if (f.required) fields.emplace_back(f.name, f.options.empty() ? SampleValue(f.type) : f.options.front().value);
    }
    std::string who = !t.task.item.empty() ? t.task.item : !t.task.assignee.empty() ? t.task.assignee : SomeoneFor(t.task.role);
    Status s = engine_->Complete({who}, {t.task.id, outcome, fields, ""});
    EXPECT_TRUE(s.ok()) << "driving " << t.task.node_id << " as " << who << ": " << s.message();
    if (!s.ok()) return visited;
    visited.push_back(t.task.node_id);
  }
  ADD_FAILURE() << "instance " << instance << " did not end within " << max_steps << " completions";
  return visited;
}

}  // namespace krabuan::testing
