// Builds a flowchart overlay from an instance as the engine shows it. Works from the
// InstanceView alone (no store access), so any caller of Engine::Show can use it.
#pragma once

#include "engine/views.h"
#include "engine/render/flowchart.h"

namespace krabuan {

// The overlay of one instance: "started", "task-created", "task-completed", "waiting",
// "joined", "join-waiting", "end-reached" rows mark their node visited; "token-moved"
// rows ({"from", "to"} in the detail) mark a taken flow and both of its ends visited.
// Open nodes are the open tasks' nodes and, while the instance runs, waits whose token
// has not moved on. A row with an unreadable detail is skipped: a drawing never fails
// on history. The caption reads "instance N (state)". Pure; thread-safe.
FlowchartOverlay OverlayFromInstance(const InstanceView& view);

}  // namespace krabuan
