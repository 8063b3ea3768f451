// Inclusive joins fire only once the whole case is at rest, so the stepper asks for them
// between arrivals (engine/exec/join_processor.cc).
#pragma once

#include <vector>

#include "engine/exec/command_context.h"
#include "engine/exec/stepper.h"

namespace krabuan {

// An inclusive join holding tokens fires when no other token of the instance can still
// reach it: one token per node that delivered is consumed, and one goes on. Called only
// when nothing is in flight, so every token of the instance is at rest. At most one join
// fires per call: the token it sends on is in flight until it rests, and may be on its
// way to another join that would otherwise fire without it. Returns the arrival the join
// that fired sends on (none: nothing fired).
Result<std::vector<Arrival>> FireReadyInclusiveJoins(CommandContext& ctx);

}  // namespace krabuan
