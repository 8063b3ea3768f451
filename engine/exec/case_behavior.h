// How a case (an instance) ends: completed when no token is left, or cancelled by an
// administrator with every open task and waiting token taken away.
#pragma once

#include <string>

#include "engine/exec/command_context.h"
#include "engine/status.h"

namespace krabuan {

// At rest with no token left, a running case is completed.
Status CompleteCaseIfDone(CommandContext& ctx);

// Cancels the running case for `reason`: its open tasks end as cancelled by the actor
// (in the order they opened), its tokens and timers go. REQUIRES: `ctx` is loaded.
Status CancelCase(CommandContext& ctx, const std::string& reason);

}  // namespace krabuan
