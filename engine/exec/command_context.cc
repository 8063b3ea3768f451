#include "engine/exec/command_context.h"

#include <nlohmann/json.hpp>

#include "engine/exec/audit_append.h"
#include "engine/exec/detail.h"
#include "engine/runtime/history_chain.h"

namespace krabuan {

Status CommandContext::Load() {
  Result<VariableMap> vars = txn_.VariablesOf(instance_.id);
  if (!vars.ok()) return vars.status();
  variables_ = std::move(vars.value());
  Result<std::vector<TokenRecord>> toks = txn_.TokensOf(instance_.id);
  if (!toks.ok()) return toks.status();
  tokens_ = std::move(toks.value());
  Result<std::vector<HistoryRecord>> history = txn_.HistoryOf(instance_.id);
  if (!history.ok()) return history.status();
  if (std::optional<std::size_t> broken = FirstBrokenLink(*history)) return BrokenAt((*history)[*broken]);
  last_hash_ = history->empty() ? std::string() : history->back().hash;
  return Status::Ok();
}

Status CommandContext::LoadHistoryTip() {
  Result<std::optional<HistoryRecord>> tip = txn_.LastHistoryRow(instance_.id);
  if (!tip.ok()) return tip.status();
  if (!tip->has_value()) {
    last_hash_.clear();
    return Status::Ok();
  }
  if (HistoryHash(**tip) != (*tip)->hash) return BrokenAt(**tip);
  last_hash_ = (*tip)->hash;
  return Status::Ok();
}

Status CommandContext::BrokenAt(const HistoryRecord& row) const {
  return Status::Storage("case " + std::to_string(instance_.id) + ": history row " + std::to_string(row.id) +
                         " does not match its hash (changed outside the engine); nothing is added to a broken "
                         "case: run 'krabuan audit verify'");
}

FiscalYear CommandContext::fiscal_year() const {
  for (const VariableDecl& in : def_.inputs()) {
    if (in.type != ValueType::kFiscalYear) continue;
    auto it = variables_.find(in.name);
    if (it != variables_.end()) return it->second.as_fiscal_year();
  }
  return FiscalYearOf(OfficeDate(instance_.started_at));
}

namespace {

constexpr std::string_view kWindowStart = "window.start";

std::string TimeboxVariable(const Timebox& box) { return "timebox." + box.id + ".due"; }

}  // namespace

std::optional<Date> CommandContext::WindowChain() const {
  if (auto it = variables_.find(kWindowStart); it != variables_.end() && it->second.type() == ValueType::kDate) {
    return it->second.as_date();
  }
  return std::nullopt;
}

Status CommandContext::KeepWindowChain(std::optional<Date> chain) {
  if (!chain || chain == WindowChain()) return Status::Ok();
  return SetVariable(std::string(kWindowStart), Value::OfDate(*chain));
}

Result<Resolved> CommandContext::ResolveTime(const TimeSpec& spec, bool chain) {
  TimeContext tc;
  tc.start = now_;
  tc.fiscal_year = fiscal_year();
  tc.holidays = &holidays_;
  tc.previous_window_start = WindowChain();
  Result<Resolved> r = Resolve(spec, tc);
  if (!r.ok()) return Status::Invalid("time '" + spec.source + "': " + r.status().message());
  if (chain) KRABUAN_RETURN_IF_ERROR(KeepWindowChain(r->window_start));
  return r;
}

StepBefore CommandContext::Before() const {
  StepBefore before;
  before.arrival = now_;
  before.fiscal_year = fiscal_year();
  before.window_start = WindowChain();
  before.holidays = &holidays_;
  return before;
}

Result<StepTiming> CommandContext::ResolveTaskStep(const Node& node) {
  StepBefore before = Before();
  StepTimes times{&node.due, nullptr, &node.cutoff};
  if (!node.timebox.empty()) {
    const Timebox* box = def_.FindTimebox(node.timebox);
    if (box == nullptr) return Status::Internal("unknown time box '" + node.timebox + "'");
    times.timebox = &box->due;
    if (auto it = variables_.find(TimeboxVariable(*box)); it != variables_.end()) {
      Result<Instant> fixed = ParseInstant(it->second.as_string());
      if (fixed.ok()) before.timebox_due = *fixed;
    }
  }
  return ResolveStep(times, before);
}

Result<WaitTiming> CommandContext::ResolveWaitStep(const Node& node) {
  StepBefore before = Before();
  Result<WaitTiming> wait = ResolveWait(node.wait, node.wait_at, before);
  if (!wait.ok()) return wait.status();
  KRABUAN_RETURN_IF_ERROR(KeepWindowChain(wait->window_start));
  return wait;
}

Status CommandContext::KeepTaskStep(const Node& node, const StepTiming& timing) {
  if (timing.waits_for_window) return KeepWindowChain(timing.chain_while_waiting);
  KRABUAN_RETURN_IF_ERROR(KeepWindowChain(timing.window_start));
  if (!timing.fixes_timebox || !timing.timebox_due) return Status::Ok();
  const Timebox* box = def_.FindTimebox(node.timebox);
  if (box == nullptr) return Status::Internal("unknown time box '" + node.timebox + "'");
  return SetVariable(TimeboxVariable(*box), Value::String(FormatInstantUtc(*timing.timebox_due)));
}

Status CommandContext::SetVariable(const std::string& name, const Value& v) {
  variables_.insert_or_assign(name, v);
  return txn_.SetVariable(instance_.id, name, v);
}

Status CommandContext::Record(std::string_view action, std::string_view node_id, TaskId task,
                              std::string detail, std::string_view comment) {
  return Append(action, node_id, task, std::move(detail), comment, true);
}

Status CommandContext::RecordAbout(std::string_view action, std::string_view node_id, TaskId task,
                                   std::string detail) {
  return Append(action, node_id, task, std::move(detail), {}, false);
}

Status CommandContext::Append(std::string_view action, std::string_view node_id, TaskId task,
                              std::string detail, std::string_view comment, bool changes_state) {
  HistoryRecord h;
  h.instance_id = instance_.id;
  h.at = now_;
  h.user = who_.user;
  h.role = who_.role;
  h.capacity = who_.capacity;
  h.action = action;
  h.node_id = node_id;
  h.task_id = task;
  h.detail = std::move(detail);
  if (!who_.acting_for.empty() || !who_.by.empty()) {
    nlohmann::json d = nlohmann::json::parse(h.detail, nullptr, false);
    if (d.is_object()) {
      if (!who_.acting_for.empty()) d["acting_for"] = who_.acting_for;
      if (!who_.by.empty()) d["by"] = who_.by;
      h.detail = DetailText(d);
    }
  }
  h.comment = comment;
  h.prev_hash = last_hash_;
  h.hash = HistoryHash(h);
  KRABUAN_RETURN_IF_ERROR(txn_.AppendHistory(h));
  if (changes_state) txn_.changed_cases.insert(h.instance_id);
  KRABUAN_RETURN_IF_ERROR(
      AppendAudit(txn_, h.at, h.user, audit_kind::kHistory, "case " + std::to_string(h.instance_id), h.hash));
  last_hash_ = h.hash;
  return Status::Ok();
}

}  // namespace krabuan
