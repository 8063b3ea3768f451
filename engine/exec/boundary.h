// Timer boundaries of tasks at run time. Each is a timer of kind "boundary" on the token
// resting at the task (its `process_id` column holds the boundary's id), so a task done
// in time takes its timers with it when the token leaves (LeaveNode).
#pragma once

#include <string>

#include "engine/exec/command_context.h"
#include "engine/model/process_definition.h"
#include "engine/runtime/records.h"
#include "engine/status.h"

namespace krabuan {

inline constexpr std::string_view kBoundaryTimer = "boundary";

// The task(s) of `node` just opened for `token`: one timer per boundary.
Status SetBoundaryTimers(CommandContext& ctx, const Node& node, TokenId token);

// A boundary timer fired while its token still rests at `node`. Interrupting: the open
// task(s) of the token are cancelled and the token leaves along the boundary's flow.
// Non-interrupting: the tasks stay, and one more token starts along it; a repeating one
// is set again for its next occurrence.
Status FireBoundary(CommandContext& ctx, const Node& node, const TimerRecord& timer);

}  // namespace krabuan
