#include "engine/exec/stepper.h"

#include <deque>
#include <nlohmann/json.hpp>

#include "engine/exec/boundary.h"
#include "engine/exec/case_behavior.h"
#include "engine/exec/detail.h"
#include "engine/exec/join_processor.h"
#include "engine/exec/node_processor.h"

namespace krabuan {

using nlohmann::json;

Status RunToRest(CommandContext& ctx, std::vector<Arrival> arrivals) {
  std::deque<Arrival> queue(arrivals.begin(), arrivals.end());
  int steps = 0;
  while (true) {
    if (queue.empty()) {
      Result<std::vector<Arrival>> fired = FireReadyInclusiveJoins(ctx);
      if (!fired.ok()) return fired.status();
      if (fired->empty()) {
        KRABUAN_RETURN_IF_ERROR(ReconcileScopeTimers(ctx));   // at rest: who is inside now
        break;
      }
      queue.insert(queue.end(), fired->begin(), fired->end());
    }
    Arrival a = std::move(queue.front());
    queue.pop_front();
    if (++steps > kMaxStepsPerCommand) {
      return Status::Invalid("process '" + ctx.def().id() + "' moved " + std::to_string(kMaxStepsPerCommand) +
                             " steps without reaching a task: it loops without a wait state near node '" +
                             a.node + "'");
    }
    const Node* node = ctx.def().FindNode(a.node);
    if (node == nullptr) return Status::Internal("flow to unknown node '" + a.node + "'");
    Result<Moves> moves = ProcessorFor(node->kind).OnArrive(ctx, *node, a.from);
    if (!moves.ok()) return moves.status();
    for (const std::string& to : moves->to) {
      json detail = {{"from", node->id}, {"to", to}};
      if (!moves->condition.empty()) detail["condition"] = moves->condition;
      KRABUAN_RETURN_IF_ERROR(ctx.Record("token-moved", node->id, 0, DetailText(detail)));
      queue.push_back(Arrival{to, node->id});
    }
  }
  return CompleteCaseIfDone(ctx);
}

}  // namespace krabuan
