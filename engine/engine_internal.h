// Pieces shared by the engine's source files; not part of the public API.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "engine/engine.h"
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
class CommandScope {
 public:
  CommandScope(Engine& engine, StoreTransaction& txn) : engine_(engine), txn_(txn) {}

  Result<std::shared_ptr<const Org>> org();
  // The user behind `actor`; Refused when the login is not in the org file.
  Result<const User*> user(const Actor& actor);
  // The deployed holidays calendar; an empty one (weekends only) when none is deployed.
  Result<std::shared_ptr<const HolidayCalendar>> holidays();
  Result<std::shared_ptr<const ProcessDefinition>> definition(DefinitionId id);
  Result<InstanceRecord> instance(InstanceId id);
  Result<TaskRecord> task(TaskId id);

 private:
  Engine& engine_;
  StoreTransaction& txn_;
  std::shared_ptr<const Org> org_;   // looked up once per command
};

// Parses "name=value" assignments against declared types.
Result<Value> ParseAssigned(const VariableDecl& decl, const std::string& text);

// A role's readable name from the org, "" when unknown.
std::string RoleName(const Org& org, const std::string& role);

}  // namespace krabuan
