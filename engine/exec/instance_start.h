// A new instance as both Engine::Start and the calendar (recurring starts) make it.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/exec/command_context.h"
#include "engine/store/store.h"

namespace krabuan {

struct InstanceStart {
  const DefinitionRecord& record;
  const ProcessDefinition& def;
  ActingAs who;
  VariableMap inputs;
  std::string business_key;
  std::string comment;
};

// Inserts the instance, records its "started" row (with `more_detail` merged into the
// detail), sets its inputs and runs it to rest, all inside `txn`. `inputs` are typed and
// complete; `start.who.user` is the initiator.
Result<InstanceId> StartInstanceIn(StoreTransaction& txn, const Org& org, const HolidayCalendar& holidays,
                                   const InstanceStart& start, const nlohmann::json& more_detail, Instant now);

}  // namespace krabuan
