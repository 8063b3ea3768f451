// What is deployed, as a command reads it: the org, the holidays calendar and parsed
// definitions. The engine implements it over its caches (CommandScope), so a batch of
// timers parses each definition once; exec reads through it without knowing the engine.
#pragma once

#include <memory>

#include "engine/model/process_definition.h"
#include "engine/org/org.h"
#include "engine/runtime/records.h"
#include "engine/status.h"
#include "engine/time/holiday_calendar.h"

namespace krabuan {

class Deployed {
 public:
  virtual ~Deployed() = default;
  virtual Result<std::shared_ptr<const Org>> org() = 0;
  // An empty calendar (weekends only) when none is deployed.
  virtual Result<std::shared_ptr<const HolidayCalendar>> holidays() = 0;
  virtual Result<std::shared_ptr<const ProcessDefinition>> definition(DefinitionId id) = 0;
};

}  // namespace krabuan
