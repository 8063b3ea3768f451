// The only code that puts tokens down and takes them away. A token rests at a node (an
// open task, a wait, a join, a window) until it leaves or is consumed; its timers go
// with it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/exec/command_context.h"
#include "engine/model/process_definition.h"
#include "engine/status.h"

namespace krabuan {

// A token comes to rest at `node`, having arrived from `from` ("" for the start).
Result<TokenId> RestToken(CommandContext& ctx, const Node& node, const std::string& from);

// The token is taken away with its timers; nothing more is recorded.
Status ConsumeToken(CommandContext& ctx, TokenId token);

// Whether `token` still rests in the case (it may have moved on some other way).
bool TokenRests(CommandContext& ctx, TokenId token);

// The token resting at `node` leaves it for the node's successor: it is consumed, the
// move is recorded (with `task`, the task that released it, if any), and the flow goes on
// to rest.
Status LeaveNode(CommandContext& ctx, const Node& node, TokenId token, TaskId task = 0);

// The token resting at `node` is interrupted: what the node holds for it ends (a task
// node's open tasks, as `action` with `detail`), then the token is consumed.
Status TerminateToken(CommandContext& ctx, const Node& node, TokenId token, std::string_view action,
                      const nlohmann::json& detail);

}  // namespace krabuan
