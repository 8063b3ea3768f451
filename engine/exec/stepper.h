// The token game: moves tokens through a process until each one rests (at an open task,
// a wait, a window, an unfinished join) or is consumed by an end; completes the case when
// none is left. What each node does with an arriving token is its processor's
// (engine/exec/node_processor.h).
#pragma once

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

// Upper bound on node visits in one command: a cycle of choices with no task in it
// would otherwise run forever.
inline constexpr int kMaxStepsPerCommand = 10000;

}  // namespace krabuan
