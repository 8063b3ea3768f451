// Alerts people read: what is late, in which procedure and case, with whom, how late.
#pragma once

#include <string>

#include "engine/exec/command_context.h"
#include "engine/runtime/records.h"
#include "engine/time/duration_text.h"

namespace krabuan {

// Writes the overdue alert of an open task to the outbox and records it in the history,
// in the caller's transaction. `now` may be later than the due time (catch-up after
// downtime): the alert says how late it is.
Status RaiseOverdue(CommandContext& ctx, const TaskRecord& task);

}  // namespace krabuan
