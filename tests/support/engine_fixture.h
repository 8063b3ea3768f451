// A real engine on a real SQLite file in a fresh temporary folder (or, for tests that
// need no file, on the in-memory store), with a clock the test sets. The org is small
// and fixed so that tests read on their own.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "adapters/sqlite/sqlite_store.h"
#include "engine/engine.h"

namespace krabuan::testing {

// A clock the test moves by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant now) : now_(now) {}
  Instant Now() const override { return now_; }
  void Set(Instant t) { now_ = t; }

 private:
  Instant now_;
};

// Users: admin (admin); clerk (clerk); boss (approver); boss2 (approver);
// outsider (no roles but 'visitor'). Role 'board' is an outside body recorded by approver.
// Schools school-a, school-b, school-c (role 'school', recorded by clerk).
extern const char* const kTestOrg;

Instant At(const char* iso);

// How many history rows of the instance record `action` ("timer-forked", "joined", …).
int HistoryCount(const InstanceView& v, const std::string& action);

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Deploys process XML (as admin); fails the test on error.
  void Deploy(const std::string& xml, const std::string& file = "test.xml");
  // Starts `process` as `login` with NAME=VALUE inputs; fails the test on error.
  InstanceId StartAs(const std::string& login, const std::string& process,
                     std::vector<Assignment> inputs = {});
  // The single open task of an instance at `node`; fails the test when not exactly one.
  TaskId OpenTaskAt(InstanceId instance, const std::string& node);
  // Node ids of the instance's open tasks, sorted.
  std::vector<std::string> OpenNodes(InstanceId instance);
  InstanceView ShowInstance(InstanceId instance);
  // Reopens the store and engine on the same file (a new process would see this).
  void Reopen();
  // The store the engine runs on: the SQLite file at db_path_.
  virtual Result<std::unique_ptr<Store>> OpenStore();

  std::filesystem::path dir_;
  std::string db_path_;
  ManualClock clock_{At("2025-08-01T09:00:00+07:00")};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Engine> engine_;
};

// The same engine on the in-memory store (adapters/memory): nothing outlives the test, so
// it may not Reopen.
class InMemoryEngineTest : public EngineTest {
 protected:
  Result<std::unique_ptr<Store>> OpenStore() override;

 private:
  bool opened_ = false;
};

}  // namespace krabuan::testing
