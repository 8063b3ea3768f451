#include "engine/exec/command_context.h"

#include <nlohmann/json.hpp>

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
  Result<std::string> tip = txn_.LastHistoryHash(instance_.id);
  if (!tip.ok()) return tip.status();
  last_hash_ = std::move(tip.value());
  return Status::Ok();
}

Status CommandContext::LoadHistoryTip() {
  Result<std::string> tip = txn_.LastHistoryHash(instance_.id);
  if (!tip.ok()) return tip.status();
  last_hash_ = std::move(tip.value());
  return Status::Ok();
}

FiscalYear CommandContext::fiscal_year() const {
  for (const VariableDecl& in : def_.inputs()) {
    if (in.type != ValueType::kFiscalYear) continue;
    auto it = variables_.find(in.name);
    if (it != variables_.end()) return it->second.as_fiscal_year();
  }
  return FiscalYearOf(OfficeDate(instance_.started_at));
}

Result<Resolved> CommandContext::ResolveTime(const TimeSpec& spec, bool chain) {
  static constexpr std::string_view kWindowStart = "window.start";
  TimeContext tc;
  tc.start = now_;
  tc.fiscal_year = fiscal_year();
  tc.holidays = &holidays_;
  if (auto it = variables_.find(kWindowStart); it != variables_.end() && it->second.type() == ValueType::kDate) {
    tc.previous_window_start = it->second.as_date();
  }
  Result<Resolved> r = Resolve(spec, tc);
  if (!r.ok()) return Status::Invalid("time '" + spec.source + "': " + r.status().message());
  if (chain && r->window_start && r->window_start != tc.previous_window_start) {
    KRABUAN_RETURN_IF_ERROR(SetVariable(std::string(kWindowStart), Value::OfDate(*r->window_start)));
  }
  return r;
}

Status CommandContext::SetVariable(const std::string& name, const Value& v) {
  variables_.insert_or_assign(name, v);
  return txn_.SetVariable(instance_.id, name, v);
}

Status CommandContext::Record(std::string_view action, std::string_view node_id, TaskId task,
                              std::string detail, std::string_view comment) {
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
  if (!who_.acting_for.empty()) {
    nlohmann::json d = nlohmann::json::parse(h.detail, nullptr, false);
    if (d.is_object()) {
      d["acting_for"] = who_.acting_for;
      h.detail = DetailText(d);
    }
  }
  h.comment = comment;
  h.prev_hash = last_hash_;
  h.hash = HistoryHash(h);
  KRABUAN_RETURN_IF_ERROR(txn_.AppendHistory(h));
  last_hash_ = h.hash;
  return Status::Ok();
}

}  // namespace krabuan
