// The definition model: an immutable, parsed process. It holds no run state;
// runtime rows refer to it by (definition id, node id).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/expr/expression.h"
#include "engine/model/source_location.h"
#include "engine/time/schedule.h"
#include "engine/value.h"

namespace krabuan {

// kChoice takes the first branch whose test holds; kInclusive takes every branch whose
// test holds (each distinct target gets one token), or `otherwise` when none does.
enum class NodeKind { kStart, kEnd, kTask, kChoice, kParallel, kJoin, kWait, kInclusive };

// "start", "end", "task", "choice", "parallel", "join", "wait", "inclusive": the element
// names.
std::string_view NodeKindName(NodeKind kind);

// A choice a person makes when completing a task, e.g. {"approve", "เห็นชอบ"}.
struct Outcome {
  std::string value;
  std::string label;
};

// One allowed value of an enumerated input or field: <option value="investment"
// label="งบลงทุน"/>. People may type either; the value is what is kept.
struct Option {
  std::string value;
  std::string label;
  SourceLocation where;
};

// A typed variable: a process input or a field a task's completer sets.
struct VariableDecl {
  std::string name;
  ValueType type = ValueType::kString;
  bool required = false;   // a value must be given, and a string's must not be blank
  std::optional<Value> default_value;
  std::string label;
  SourceLocation where;
  // Enumerated (strings only): the allowed values, in the order written; empty: any.
  std::vector<Option> options;
  // Ints and money: the allowed range (min=, max=). Money has min 0 unless it says
  // otherwise, so a negative amount is a typo until a field allows it.
  std::optional<Value> min, max;

  const Option* FindOption(std::string_view value_or_label) const;
  // The option of a value, or nullptr.
  const Option* OptionOf(std::string_view value) const;
  // "investment (งบลงทุน), personnel (งบบุคลากร)".
  std::string OptionList() const;
  // `text` as this variable's value: parsed by type, an option's label taken for its
  // value, checked against the options and the range. Invalid says which rule failed,
  // e.g. "'-5' is below the minimum 0.00" or "'x' is not one of: …"; the caller names
  // the variable.
  Result<Value> Accept(std::string_view text) const;
  // A value already typed (a default, a sum) against the options and the range.
  Status Check(const Value& v) const;
};

// One `<when test=… to=…>` of a choice.
struct Branch {
  Expression test;
  std::string to;
  SourceLocation where;
};

// A time box (K9): one deadline shared by a group of steps, set when the first of them
// starts. Tasks join a box with timebox="id".
struct Timebox {
  std::string id;
  std::string name;
  TimeSpec due;
  SourceLocation where;
};

// A timer on a task (<on-timer>). It starts when the task opens; if the task is still
// open when it fires, an interrupting one cancels the task and the token leaves along
// `to`, a non-interrupting one leaves the task open and starts one more token at `to`.
// A repeating one (`every`) fires again at each occurrence while the task stays open, up
// to the recurrence's count if it has one; an interrupting one can fire only once.
struct TimerBoundary {
  std::string id;
  TimeSpec after;   // a span from the task's opening, or a moment; kNone with `every` alone
  std::optional<Instant> at;   // instead of `after`: a fixed instant ("2025-10-01T09:00:00+07:00")
  // An interval recurrence ("R3/PT1H", "ทุก 2 วัน", "R/2025-10-01T09:00:00+07:00/P1D"). The
  // first firing is at `after` if given, else the recurrence's first occurrence after the
  // task opened; each later one is the next occurrence after the previous firing.
  std::optional<TimeSpec> every;
  std::string to;
  bool interrupting = true;
  SourceLocation where;

  bool repeats() const { return every.has_value() && !interrupting; }
  // When it first fires for an owner that opened at `opened`: `at`; else `after` resolved
  // by `resolve` (a span from the opening, or a moment's start or deadline); else the first
  // occurrence of `every` after `opened`; none when that anchored series is already over.
  // The engine and `plan` both ask here, so they agree.
  Result<std::optional<Instant>> FirstFiring(
      Instant opened, const std::function<Result<Resolved>(const TimeSpec&)>& resolve) const;
  // How many times it may fire in all; 0 = while the task is open.
  unsigned max_firings() const {
    if (interrupting) return 1;
    return every ? every->recurrence.count : 1;
  }
};

// A scope (<scope nodes="a b c">): a region of the process with timers of its own, as a
// BPMN sub-process has. Its timers start when a token first comes to rest inside it and
// stop when the last one leaves; if one fires while tokens rest inside, an interrupting
// timer cancels every task there and takes them all out along its `to` as one token, a
// non-interrupting one starts one more token at `to`.
struct Scope {
  std::string id;
  std::string name;
  std::vector<std::string> nodes;
  std::vector<TimerBoundary> timers;
  SourceLocation where;

  bool Contains(std::string_view node) const;
  const TimerBoundary* FindTimer(std::string_view id) const;
};

struct Node {
  std::string id;
  NodeKind kind = NodeKind::kTask;
  std::string name;
  std::string description;
  SourceLocation where;

  // Successors: one for start/task/join, two or more for parallel, none for end.
  // A choice's successors are its branches and `otherwise`.
  std::vector<std::string> to;

  // Task.
  std::string role;       // who may take it, or
  std::string assignee;   // a login, or "${variable}" naming a string variable
  TimeSpec due;
  std::string timebox;    // the time box whose deadline this task shares, if any
  std::vector<Outcome> outcomes;
  std::vector<VariableDecl> fields;
  // Work per item: one task for each item of a list, each assigned to the item's login.
  // "org:schools" names the org file's schools; "${variable}" a string variable
  // holding logins separated by spaces or commas. Empty: a single task.
  std::string for_each;
  // With for_each: when to stop waiting for the missing items (none: wait for all).
  TimeSpec cutoff;
  // A task with a due time: the reminder's lead before it and the grace after it before
  // escalation (remind=, escalate-after=; the process's own attribute when the task has
  // none). nullopt: the engine's default; kind kNone ("none"): switched off.
  std::optional<TimeSpec> remind, escalate_after;
  std::vector<TimerBoundary> boundaries;
  const TimerBoundary* FindBoundary(std::string_view id) const;

  // Wait: the token rests until this time (`until` a moment, `for` a span), or until a
  // fixed instant (`until="2025-10-01T09:00:00+07:00"`; `wait` then keeps only its text).
  TimeSpec wait;
  std::optional<Instant> wait_at;

  // Choice and inclusive choice.
  std::vector<Branch> branches;
  std::optional<std::string> otherwise;

  // Join: an inclusive one (inclusive="true") does not wait for every incoming node but
  // fires once no token of the instance elsewhere can still reach it, consuming one token
  // per node that delivered; it merges what an inclusive choice split.
  bool inclusive = false;

  // Computed: the distinct nodes with a flow into this one (a join waits for each).
  std::vector<std::string> incoming;

  const Outcome* FindOutcome(std::string_view value_or_label) const;
  const VariableDecl* FindField(std::string_view name) const;
};

// A whole process. Built only by the parser; immutable afterwards and safe to share
// between threads.
class ProcessDefinition {
 public:
  ProcessDefinition(std::string id, std::string name, std::string description,
                    std::vector<std::string> start_roles, std::vector<VariableDecl> inputs,
                    std::vector<Node> nodes, std::string file, std::vector<Timebox> timeboxes = {},
                    std::optional<TimeSpec> recurrence = std::nullopt, std::vector<Scope> scopes = {});

  const std::string& id() const { return id_; }
  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  const std::vector<std::string>& start_roles() const { return start_roles_; }
  const std::vector<VariableDecl>& inputs() const { return inputs_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  const std::string& file() const { return file_; }
  const std::vector<Timebox>& timeboxes() const { return timeboxes_; }
  const Timebox* FindTimebox(std::string_view id) const;
  const std::vector<Scope>& scopes() const { return scopes_; }
  const Scope* FindScope(std::string_view id) const;
  // When the process starts itself (recurs="พฤศจิกายน ทุก 6 เดือน"); none for on demand.
  const std::optional<TimeSpec>& recurrence() const { return recurrence_; }

  const Node* FindNode(std::string_view id) const;
  // Whether a token leaving node `from` (along its flows or its timers) can come to the
  // inclusive join `join` some time later. Known for inclusive joins only (false else).
  bool CanReachInclusiveJoin(std::string_view from, std::string_view join) const;
  // The same by position in nodes().
  bool CanReachInclusiveJoin(std::size_t from, std::size_t join) const;
  // A node's position in nodes(); none for an unknown id.
  std::optional<std::size_t> IndexOf(std::string_view id) const;
  bool has_inclusive_joins() const { return !reaches_inclusive_join_.empty(); }
  const Node& start() const { return nodes_[start_index_]; }
  const VariableDecl* FindInput(std::string_view name) const;
  // A variable's declaration: the input, else the first task field of that name (the
  // parser makes every declaration of one name agree in type and options).
  const VariableDecl* FindDeclaration(std::string_view name) const;
  // The declared type of a variable, whether an input or some task's field.
  std::optional<ValueType> DeclaredType(std::string_view name) const;
  // Roles named by tasks and start-roles, sorted and distinct.
  std::vector<std::string> RolesUsed() const;

 private:
  std::string id_, name_, description_;
  std::vector<std::string> start_roles_;
  std::vector<VariableDecl> inputs_;
  std::vector<Node> nodes_;
  std::string file_;
  std::vector<Timebox> timeboxes_;
  std::optional<TimeSpec> recurrence_;
  std::vector<Scope> scopes_;
  std::unordered_map<std::string, std::size_t> index_;
  std::size_t start_index_ = 0;
  // For each inclusive join's index: which nodes (by index) can reach it.
  std::unordered_map<std::size_t, std::vector<bool>> reaches_inclusive_join_;
};

}  // namespace krabuan
