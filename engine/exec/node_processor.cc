#include "engine/exec/node_processor.h"

#include "engine/exec/detail.h"
#include "engine/exec/processors.h"
#include "engine/exec/token_behavior.h"

namespace krabuan {

using nlohmann::json;

Status NodeProcessor::OnComplete(CommandContext&, const Node& node, TaskRecord& task, const TaskCompletion&) const {
  return Status::Internal("task " + std::to_string(task.id) + " is at " + std::string(NodeKindName(node.kind)) + " '" +
                          node.id + "', which has no tasks");
}

Status NodeProcessor::OnTimer(CommandContext&, const Node& node, const TimerRecord& timer) const {
  return Status::Internal("timer " + std::to_string(timer.id) + " (" + std::string(TimerKindName(timer.kind)) +
                          ") is at " + std::string(NodeKindName(node.kind)) + " '" + node.id + "', which has no timers");
}

Status NodeProcessor::OnTerminate(CommandContext&, const Node&, TokenId, std::string_view, const json&) const {
  return Status::Ok();   // nothing but the token rests here
}

const NodeProcessor& ProcessorFor(NodeKind kind) {
  static const StartProcessor start;
  static const TaskProcessor task;
  static const ChoiceProcessor choice;
  static const InclusiveProcessor inclusive;
  static const ParallelProcessor parallel;
  static const JoinProcessor join;
  static const WaitProcessor wait;
  static const EndProcessor end;
  switch (kind) {
    case NodeKind::kStart: return start;
    case NodeKind::kTask: return task;
    case NodeKind::kChoice: return choice;
    case NodeKind::kInclusive: return inclusive;
    case NodeKind::kParallel: return parallel;
    case NodeKind::kJoin: return join;
    case NodeKind::kWait: return wait;
    case NodeKind::kEnd: return end;
  }
  return end;
}

Result<bool> TokenTimerFired(CommandContext& ctx, const Node& node, const TimerRecord& timer) {
  KRABUAN_RETURN_IF_ERROR(ctx.Load());
  if (!TokenRests(ctx, timer.token_id)) return false;
  json detail = {{"timer", TimerKindName(timer.kind)}, {"due", FormatInstantUtc(timer.due_at)}};
  long long late = std::chrono::duration_cast<std::chrono::seconds>(ctx.now() - timer.due_at).count();
  if (late > 0) detail["late_seconds"] = late;
  KRABUAN_RETURN_IF_ERROR(ctx.Record("timer-fired", node.id, 0, DetailText(detail)));
  return true;
}

}  // namespace krabuan
