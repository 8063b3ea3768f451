// The opening every write command on one case shares (claim, complete, reassign,
// cancel): the write transaction, the acting user, the task if any, who they act as, the
// running case and its definition, and the case loaded. A command then calls the node's
// processor or a behaviour, and commits.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "engine/exec/audit_append.h"
#include "engine/exec/command_context.h"

namespace krabuan {

// Decides, before the case is read, whether `user` may act on `task` and in what
// capacity (reading absences through `txn` at `now`). Refusals name the task, the user
// and the rule.
using TaskAuthorisation = std::function<Result<ActingAs>(StoreTransaction& txn, const Org& org, const User& user,
                                                         const TaskRecord& task, Instant now)>;

class CaseCommand {
 public:
  // A command on one task: the user is resolved, the task read and authorised, then its
  // case must be running.
  static Result<std::unique_ptr<CaseCommand>> ForTask(Engine& engine, const Actor& actor, TaskId task,
                                                      const TaskAuthorisation& authorise);
  // An administrator's command on one running case; `what` completes "only an
  // administrator may …".
  static Result<std::unique_ptr<CaseCommand>> ForCase(Engine& engine, const Actor& actor, InstanceId instance,
                                                      std::string_view what);

  CommandContext& ctx() { return *ctx_; }
  StoreTransaction& txn() { return *txn_; }
  TaskRecord& task() { return *task_; }       // REQUIRES: opened ForTask
  const Node& node() const { return *node_; }  // the task's node; REQUIRES: opened ForTask
  const Org& org() const { return *org_; }
  const User& user() const { return *user_; }
  Instant now() const { return now_; }

  Status Commit() { return CommitSealed(*txn_, now_); }

 private:
  CaseCommand(Engine& engine, std::unique_ptr<StoreTransaction> txn);
  // Reads the case, requires it running, and loads it for `who`.
  Status OpenCase(InstanceId instance, ActingAs who);

  std::unique_ptr<StoreTransaction> txn_;
  CommandScope scope_;
  Instant now_;
  const User* user_ = nullptr;
  std::shared_ptr<const Org> org_;
  std::shared_ptr<const HolidayCalendar> holidays_;
  std::shared_ptr<const ProcessDefinition> def_;
  std::optional<TaskRecord> task_;
  const Node* node_ = nullptr;
  InstanceRecord instance_;
  std::optional<CommandContext> ctx_;
};

}  // namespace krabuan
