// Moves tokens through a process until each one rests at a wait state (an open task or
// an unfinished join) or is consumed by an end; completes the instance when none is left.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include <string>
#include <vector>

#include "engine/exec/command_context.h"
#include "engine/status.h"

namespace krabuan {

// A token arriving at `node` from `from` ("" for the start).
struct Arrival {
  std::string node;
  std::string from;
};

// Runs every arrival to rest. Errors (a choice with no match, a condition that cannot be
// evaluated, a flow that loops without a wait state) leave the caller to roll back.
Status RunToRest(CommandContext& ctx, std::vector<Arrival> arrivals);

// The token resting at `node` leaves it: the token row and its timers are removed and
// the flow goes on to the node's successor. `task` is the task that released it, if any.
Status LeaveNode(CommandContext& ctx, const Node& node, TokenId token, TaskId task = 0);

// Work per item: when no task of the token is open any more (all items done, or the
// cut-off expired the rest), sums the items' number fields, records who is missing,
// and leaves the node. Returns false while items are still open.
Result<bool> FinishItemsIfDone(CommandContext& ctx, const Node& node, TokenId token);

// A task's window opened: its task(s) are created for the token resting there.
Status OpenScheduledTasks(CommandContext& ctx, const Node& node, TokenId token);

// The cut-off of work per item passed: open item tasks expire, and the flow goes on with
// the items that arrived.
Status ExpireMissingItems(CommandContext& ctx, const Node& node, TokenId token);

// Ends every open task `token` holds at `node` with `state` (expired, cancelled), each
// recorded as `action` with `detail` plus its item; their reminders and alerts go with them.
Status CloseOpenTasksOfToken(CommandContext& ctx, const Node& node, TokenId token, TaskState state,
                             std::string_view action, const nlohmann::json& detail);

// Upper bound on node visits in one command: a cycle of choices with no task in it
// would otherwise run forever.
inline constexpr int kMaxStepsPerCommand = 10000;

}  // namespace krabuan
