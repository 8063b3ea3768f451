#include "tests/support/engine_fixture.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>

#include "adapters/memory/memory_store.h"

namespace krabuan::testing {

const char* const kTestOrg = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<org office="สำนักงานทดสอบ" group="กลุ่มทดสอบ">
  <role id="admin" name="ผู้ดูแลระบบ"/>
  <role id="clerk" name="เจ้าหน้าที่"/>
  <role id="approver" name="ผู้อนุมัติ"/>
  <role id="visitor" name="ผู้เยี่ยมชม"/>
  <role id="board" name="คณะกรรมการ" recorded-by="approver"/>
  <role id="school" name="สถานศึกษา" recorded-by="clerk"/>
  <position number="๑" title="หัวหน้า" login="boss" roles="approver"/>
  <user login="admin" name="ผู้ดูแลระบบ" roles="admin"/>
  <user login="clerk" name="เสมียน" roles="clerk"/>
  <user login="boss2" name="รองหัวหน้า" roles="approver"/>
  <user login="outsider" name="บุคคลภายนอก" roles="visitor"/>
  <school login="school-a" name="โรงเรียน ก"/>
  <school login="school-b" name="โรงเรียน ข"/>
  <school login="school-c" name="โรงเรียน ค"/>
</org>
)xml";

Instant At(const char* iso) {
  Result<Instant> t = ParseInstant(iso);
  EXPECT_TRUE(t.ok()) << iso;
  return t.ok() ? *t : Instant{};
}

void EngineTest::SetUp() {
  static std::atomic<int> counter{0};
  dir_ = std::filesystem::temp_directory_path() /
         ("krabuan-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(dir_);
  db_path_ = (dir_ / "test.db").string();
  Reopen();
  Result<std::vector<DeployResult>> r = engine_->Bootstrap({"admin"}, {"org.xml", kTestOrg}, {});
  ASSERT_TRUE(r.ok()) << r.status().message();
}

void EngineTest::TearDown() {
  engine_.reset();
  store_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void EngineTest::Reopen() {
  engine_.reset();
  store_.reset();
  Result<std::unique_ptr<Store>> s = OpenStore();
  ASSERT_TRUE(s.ok()) << s.status().message();
  store_ = std::move(s.value());
  engine_ = std::make_unique<Engine>(*store_, clock_);
}

Result<std::unique_ptr<Store>> EngineTest::OpenStore() {
  SqliteOptions o;
  o.path = db_path_;
  o.sync = SqliteOptions::Sync::kNormal;
  return OpenSqliteStore(o);
}

Result<std::unique_ptr<Store>> InMemoryEngineTest::OpenStore() {
  if (opened_) return Status::Internal("the in-memory store cannot be reopened: its state went with it");
  opened_ = true;
  return Result<std::unique_ptr<Store>>(MakeMemoryStore());
}

void EngineTest::Deploy(const std::string& xml, const std::string& file) {
  Result<std::vector<DeployResult>> r = engine_->Deploy({"admin"}, {{file, xml}});
  ASSERT_TRUE(r.ok()) << r.status().lines().front();
}

InstanceId EngineTest::StartAs(const std::string& login, const std::string& process, std::vector<Assignment> inputs) {
  Result<InstanceId> id = engine_->Start({login}, {process, std::move(inputs), "", ""});
  EXPECT_TRUE(id.ok()) << id.status().message();
  return id.ok() ? *id : 0;
}

int HistoryCount(const InstanceView& v, const std::string& action) {
  int n = 0;
  for (const HistoryRecord& h : v.history) n += (h.action == action);
  return n;
}

InstanceView EngineTest::ShowInstance(InstanceId instance) {
  Result<InstanceView> v = engine_->Show({"admin"}, instance);
  EXPECT_TRUE(v.ok()) << v.status().message();
  return v.ok() ? *v : InstanceView{};
}

TaskId EngineTest::OpenTaskAt(InstanceId instance, const std::string& node) {
  TaskId found = 0;
  int n = 0;
  for (const TaskView& t : ShowInstance(instance).open_tasks) {
    if (t.task.node_id == node) {
      found = t.task.id;
      ++n;
    }
  }
  EXPECT_EQ(n, 1) << "open tasks at '" << node << "'";
  return found;
}

std::vector<std::string> EngineTest::OpenNodes(InstanceId instance) {
  std::vector<std::string> out;
  for (const TaskView& t : ShowInstance(instance).open_tasks) out.push_back(t.task.node_id);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace krabuan::testing
