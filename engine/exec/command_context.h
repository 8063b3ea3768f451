// The state one write command works on: one instance, inside one store transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/process_definition.h"
#include "engine/org/org.h"
#include "engine/time/schedule.h"
#include "engine/time/step_timing.h"
#include "engine/runtime/records.h"
#include "engine/status.h"
#include "engine/store/store.h"

namespace krabuan {

// Who acts, and in what capacity, for the history.
struct ActingAs {
  std::string user;
  std::string role;
  ActingCapacity capacity = ActingCapacity::kNone;
  std::string acting_for = {};   // kActing: the absent holder's login, added to each row's detail
  std::string by = {};           // an administrator acting for `user` (--as), added to each row's detail
};

// REQUIRES: txn is a write transaction that outlives the context.
class CommandContext {
 public:
  CommandContext(StoreTransaction& txn, const Org& org, const HolidayCalendar& holidays, const ProcessDefinition& def,
                 InstanceRecord& instance, Instant now, ActingAs who)
      : txn_(txn), org_(org), holidays_(holidays), def_(def), instance_(instance), now_(now), who_(std::move(who)) {}

  // Loads variables, waiting tokens and the history chain's tip, after checking the whole
  // chain: nothing is appended to a case whose history was changed outside the engine, so
  // the break stays where it was made.
  Status Load();
  // Only what recording history needs: for timers that watch a task and move no token, so
  // need neither variables nor tokens. Only the link the new row chains to is checked (the
  // tip against its hash and its predecessor's): a watch only raises an alert about an
  // open task (an escalation also names whom the task went to), and catch-up then costs
  // the same per timer however long the case's history. `audit verify` finds a break
  // anywhere all the same.
  Status LoadHistoryTip();

  StoreTransaction& txn() { return txn_; }
  const Org& org() const { return org_; }
  const HolidayCalendar& holidays() const { return holidays_; }
  const ProcessDefinition& def() const { return def_; }
  InstanceRecord& instance() { return instance_; }
  Instant now() const { return now_; }
  const ActingAs& who() const { return who_; }
  VariableMap& variables() { return variables_; }
  std::vector<TokenRecord>& tokens() { return tokens_; }

  // The instance's fiscal year: its first fiscal-year input, else the FY it started in.
  FiscalYear fiscal_year() const;

  // Dates for a step starting now. Rule 5.4 chains through the instance: each window
  // step resolves after the previous window step's start (kept in "window.start").
  // `chain` false reads the chain without moving it (a cut-off is not a step).
  Result<Resolved> ResolveTime(const TimeSpec& spec, bool chain = true);

  // Dates for the task step `node` arriving now (ResolveStep: its window, its due with its
  // time box's, its cut-off), from the chain and the box deadline the instance keeps.
  Result<StepTiming> ResolveTaskStep(const Node& node);
  // Keeps what a task step resolved: the chain while it waits for its window; once its
  // tasks open, the chain after it and the box deadline it fixed.
  Status KeepTaskStep(const Node& node, const StepTiming& timing);
  // Dates for the wait step `node` arriving now (ResolveWait); moves the chain.
  Result<WaitTiming> ResolveWaitStep(const Node& node);

  // Sets a variable in memory and in the store.
  Status SetVariable(const std::string& name, const Value& v);

  // Appends one history row, chained to the previous one, and marks the case for a new
  // seal (engine/exec/audit_append.h). `detail` is a JSON object text.
  Status Record(std::string_view action, std::string_view node_id, TaskId task, std::string detail,
                std::string_view comment = {});
  // A history row about the case that changes none of its state (an alert raised about
  // one of its tasks): the row is an audit entry of its own and the case's last seal still
  // holds, so the case is not sealed again for it. The verifier catches a misuse: the
  // case's state would no longer match its last seal.
  Status RecordAbout(std::string_view action, std::string_view node_id, TaskId task, std::string detail);

 private:
  // The rule 5.4 chain: the latest window step's start ("window.start"), and moving it.
  std::optional<Date> WindowChain() const;
  Status KeepWindowChain(std::optional<Date> chain);
  // A step arriving now, with the chain so far.
  StepBefore Before() const;
  Status BrokenAt(const HistoryRecord& row) const;
  Status Append(std::string_view action, std::string_view node_id, TaskId task, std::string detail,
                std::string_view comment, bool changes_state);

  StoreTransaction& txn_;
  const Org& org_;
  const HolidayCalendar& holidays_;
  const ProcessDefinition& def_;
  InstanceRecord& instance_;
  Instant now_;
  ActingAs who_;
  VariableMap variables_;
  std::vector<TokenRecord> tokens_;
  std::string last_hash_;
};

}  // namespace krabuan
