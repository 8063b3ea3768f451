// Timers of tasks and of scopes at run time. A task's is a TimerKind::kBoundary timer on
// the token resting at the task (its `on_timer` names the boundary), so a task
// done in time takes its timers with it when the token leaves (LeaveNode).
#pragma once

#include <string>

#include "engine/exec/command_context.h"
#include "engine/model/process_definition.h"
#include "engine/runtime/records.h"
#include "engine/status.h"

namespace krabuan {

// The task(s) of `node` just opened for `token`: one timer per boundary.
Status SetBoundaryTimers(CommandContext& ctx, const Node& node, TokenId token);

// A boundary timer fired while its token still rests at `node`. Interrupting: the open
// task(s) of the token are cancelled and the token leaves along the boundary's flow.
// Non-interrupting: the tasks stay, and one more token starts along it; a repeating one
// is set again for its next occurrence.
Status FireBoundary(CommandContext& ctx, const Node& node, const TimerRecord& timer);

// Scopes' timers (TimerKind::kScope, node_id the scope's id, token 0). Called with every token
// at rest: a scope a token has come to rest in gets its timers (and the variable
// scope.<id>.entered the time); one the last token has left loses them.
Status ReconcileScopeTimers(CommandContext& ctx);

// A scope's timer fired. Nothing if no token rests inside any more. Interrupting: every
// token inside leaves, its open tasks cancelled, and one token goes on along the timer's
// flow. Non-interrupting: one more token starts along it; a repeating one is set again.
Status FireScopeTimer(CommandContext& ctx, const TimerRecord& timer);

}  // namespace krabuan
