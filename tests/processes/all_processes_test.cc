// Every process file in processes/ deploys, and a driver walks each to its end.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/parse/process_parser.h"
#include "tests/support/manual_fixture.h"

namespace krabuan::testing {
namespace {

class EveryProcess : public ManualProcessTest {};

TEST_F(EveryProcess, AllDeployTogetherAndEachRunsToItsEnd) {
  std::vector<std::string> ids = ProcessIds();
  ASSERT_FALSE(ids.empty());
  std::vector<SourceFile> files;
  for (const std::string& id : ids) files.push_back({id + ".xml", ReadProcessFile(id)});
  Result<std::vector<DeployResult>> deployed = engine_->Deploy({"admin"}, files);
  ASSERT_TRUE(deployed.ok()) << [&] {
    std::string all;
    for (const std::string& l : deployed.status().lines()) all += l + "\n";
    return all;
  }();

  for (const std::string& id : ids) {
    SCOPED_TRACE(id);
    std::shared_ptr<const ProcessDefinition> def = *engine_->Definition(id);
    EXPECT_EQ(def->id(), id) << "a process file is named after its id";
    std::vector<Assignment> inputs;
    for (const VariableDecl& in : def->inputs()) {
      if (!in.required || in.default_value) continue;
      if (in.type == ValueType::kFiscalYear) inputs.emplace_back(in.name, "2568");
      else if (in.type == ValueType::kMoney) inputs.emplace_back(in.name, "1000.00");
      else if (in.type == ValueType::kInt) inputs.emplace_back(in.name, "1");
      else if (in.type == ValueType::kBool) inputs.emplace_back(in.name, "false");
      else if (in.type == ValueType::kDate) inputs.emplace_back(in.name, "2025-01-15");
      else if (!in.options.empty()) inputs.emplace_back(in.name, in.options.front().value);
      else inputs.emplace_back(in.name, "ทดสอบ");
    }
    std::string starter = def->start_roles().empty() ? "admin" : SomeoneFor(def->start_roles().front());
    SetNow("2024-09-15T09:00:00+07:00");
    InstanceId instance = Start(starter, id, inputs);
    ASSERT_NE(instance, 0);
    std::vector<std::string> visited = Drive(instance);
    EXPECT_EQ(Show(instance).instance.state, InstanceState::kCompleted);
    EXPECT_FALSE(visited.empty());
    EXPECT_TRUE(Show(instance).history_intact);
  }
}

}  // namespace
}  // namespace krabuan::testing
