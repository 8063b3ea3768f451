// The processors of the node kinds, one class each. Only the registry (ProcessorFor)
// and tests name them; everything else goes through NodeProcessor.
#pragma once

#include "engine/exec/node_processor.h"

namespace krabuan {

// <start>: the first token passes straight on.
class StartProcessor final : public NodeProcessor {
 public:
  Result<Moves> OnArrive(CommandContext& ctx, const Node& node, const std::string& from) const override;
};

// <parallel>: one token to each successor.
class ParallelProcessor final : public NodeProcessor {
 public:
  Result<Moves> OnArrive(CommandContext& ctx, const Node& node, const std::string& from) const override;
};

// <choice>: the first branch whose test holds (engine/exec/routing_processors.cc).
class ChoiceProcessor final : public NodeProcessor {
 public:
  Result<Moves> OnArrive(CommandContext& ctx, const Node& node, const std::string& from) const override;
};

// <inclusive>: every branch whose test holds.
class InclusiveProcessor final : public NodeProcessor {
 public:
  Result<Moves> OnArrive(CommandContext& ctx, const Node& node, const std::string& from) const override;
};

// <end>: the token is consumed.
class EndProcessor final : public NodeProcessor {
 public:
  Result<Moves> OnArrive(CommandContext& ctx, const Node& node, const std::string& from) const override;
};

// <join>: waits for a token from each incoming node (engine/exec/join_processor.cc).
class JoinProcessor final : public NodeProcessor {
 public:
  Result<Moves> OnArrive(CommandContext& ctx, const Node& node, const std::string& from) const override;
};

// <wait>: rests until its moment (engine/exec/wait_processor.cc).
class WaitProcessor final : public NodeProcessor {
 public:
  Result<Moves> OnArrive(CommandContext& ctx, const Node& node, const std::string& from) const override;
  Status OnTimer(CommandContext& ctx, const Node& node, const TimerRecord& timer) const override;
};

// <task>: a person's step, one task or one per item (engine/exec/task_processor.cc).
class TaskProcessor final : public NodeProcessor {
 public:
  Result<Moves> OnArrive(CommandContext& ctx, const Node& node, const std::string& from) const override;
  Status OnComplete(CommandContext& ctx, const Node& node, TaskRecord& task, const TaskCompletion& done) const override;
  Status OnTimer(CommandContext& ctx, const Node& node, const TimerRecord& timer) const override;
  Status OnTerminate(CommandContext& ctx, const Node& node, TokenId token, std::string_view action,
                     const nlohmann::json& detail) const override;
};

}  // namespace krabuan
