// What each kind of node does at each point of its life: a token arriving, a person
// completing its task, one of its timers firing, its token being interrupted. One
// processor per node kind (engine/exec/*_processor.cc), stateless; the command context
// carries the case. They share the token and task behaviours, which are the only code
// that moves tokens and opens or ends tasks.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/exec/command_context.h"
#include "engine/model/process_definition.h"
#include "engine/status.h"

namespace krabuan {

// Where a token goes on from a node it arrived at, now.
struct Moves {
  std::vector<std::string> to;   // one token to each; empty: it rests or is consumed here
  std::string condition = {};    // a choice's: the test(s) that chose, or "otherwise"
};

// What a person gives when completing a task.
struct TaskCompletion {
  std::string outcome;                                        // its value or Thai label
  std::vector<std::pair<std::string, std::string>> fields;    // name=value, as typed
  std::string comment;
};

class NodeProcessor {
 public:
  virtual ~NodeProcessor() = default;

  // A token arrives from `from` ("" at the start). REQUIRES: `ctx` is loaded.
  virtual Result<Moves> OnArrive(CommandContext& ctx, const Node& node, const std::string& from) const = 0;

  // A person completes `task`, one of the node's open tasks, in `ctx.who()`'s capacity.
  // REQUIRES: `ctx` is loaded. Only task nodes have tasks.
  virtual Status OnComplete(CommandContext& ctx, const Node& node, TaskRecord& task, const TaskCompletion& done) const;

  // One of the node's timers fired (its row is already deleted). `ctx` is NOT loaded: the
  // processor loads what it needs, since catch-up fires overdue alerts by the thousand.
  virtual Status OnTimer(CommandContext& ctx, const Node& node, const TimerRecord& timer) const;

  // The token resting here is interrupted (a boundary or scope timer, as `action` with
  // `detail`): whatever the node holds for it ends. The caller consumes the token.
  virtual Status OnTerminate(CommandContext& ctx, const Node& node, TokenId token, std::string_view action,
                             const nlohmann::json& detail) const;
};

// The processor of a node kind; the one switch over NodeKind at run time.
const NodeProcessor& ProcessorFor(NodeKind kind);

// Shared by the processors whose timers hold a token (wait, window, cut-off, a task's
// <on-timer>): loads the case and records "timer-fired". False when the token has moved
// on some other way and the timer has nothing left to do.
Result<bool> TokenTimerFired(CommandContext& ctx, const Node& node, const TimerRecord& timer);

}  // namespace krabuan
