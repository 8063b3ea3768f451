// Pieces shared by the engine's source files; not part of the public API.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include <nlohmann/json_fwd.hpp>

#include "engine/engine.h"
#include "engine/exec/command_context.h"
#include "engine/exec/deployed.h"
#include "engine/time/holiday_calendar.h"

namespace krabuan {

struct Engine::Caches {
  // The org, keyed by its row id, re-read only when a new org is deployed.
  std::int64_t org_id = -1;
  std::shared_ptr<const Org> org;
  std::int64_t holidays_id = -1;
  std::shared_ptr<const HolidayCalendar> holidays;
  // Parsed definitions by id; definitions never change once deployed.
  std::unordered_map<DefinitionId, std::shared_ptr<const ProcessDefinition>> definitions;
};

// Helpers that read through a transaction with the engine's caches.
class CommandScope : public Deployed {
 public:
  CommandScope(Engine& engine, StoreTransaction& txn) : engine_(engine), txn_(txn) {}

  Result<std::shared_ptr<const Org>> org() override;
  // The user behind `actor`; Refused when the login is not in the org file.
  Result<const User*> user(const Actor& actor);
  // The user behind `actor` when they are an administrator; Refused otherwise, as "only
  // an administrator may <what>; '<login>' is not one". The one place that check lives.
  Result<const User*> admin(const Actor& actor, std::string_view what);
  // The deployed holidays calendar; an empty one (weekends only) when none is deployed.
  Result<std::shared_ptr<const HolidayCalendar>> holidays() override;
  Result<std::shared_ptr<const ProcessDefinition>> definition(DefinitionId id) override;
  Result<InstanceRecord> instance(InstanceId id);
  Result<TaskRecord> task(TaskId id);

 private:
  Engine& engine_;
  StoreTransaction& txn_;
  std::shared_ptr<const Org> org_;   // looked up once per command
  std::shared_ptr<const HolidayCalendar> holidays_;   // likewise
};

// A task with its node's outcomes and fields and its case's names.
TaskView MakeTaskView(TaskRecord t, const ProcessDefinition& def, std::string business_key);

// What the running instance's resting tokens wait for, in the order they came to rest.
// `open_tasks` are the instance's open tasks.
Result<std::vector<Waiting>> WaitingOf(StoreTransaction& txn, const ProcessDefinition& def, InstanceId instance,
                                       const std::vector<TaskView>& open_tasks);

// A role's readable name from the org, "" when unknown.
std::string RoleName(const Org& org, const std::string& role);

}  // namespace krabuan
