#include "engine/exec/instance_start.h"

#include <nlohmann/json.hpp>

#include "engine/exec/detail.h"
#include "engine/exec/stepper.h"

namespace krabuan {

using nlohmann::json;

Result<InstanceId> StartInstanceIn(StoreTransaction& txn, const Org& org, const HolidayCalendar& holidays,
                                   const InstanceStart& start, const json& more_detail, Instant now) {
  const ProcessDefinition& d = start.def;
  InstanceRecord inst;
  inst.definition_id = start.record.id;
  inst.process_id = d.id();
  inst.version = start.record.version;
  inst.business_key = start.business_key;
  inst.started_at = now;
  inst.started_by = start.who.user;
  Result<InstanceId> id = txn.InsertInstance(inst);
  if (!id.ok()) return id.status();
  inst.id = *id;

  CommandContext ctx(txn, org, holidays, d, inst, now, start.who);
  json detail = {{"process", d.id()}, {"version", inst.version}};
  if (!inst.business_key.empty()) detail["key"] = inst.business_key;
  detail.update(more_detail);
  KRABUAN_RETURN_IF_ERROR(ctx.Record("started", d.start().id, 0, DetailText(detail), start.comment));
  KRABUAN_RETURN_IF_ERROR(ctx.SetVariable("initiator", Value::String(start.who.user)));
  json set = json::object();
  for (const auto& [name, v] : start.inputs) {
    KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(name, v));
    set[name] = v.ToText();
  }
  if (!set.empty()) KRABUAN_RETURN_IF_ERROR(ctx.Record("variables-set", d.start().id, 0, DetailText(set)));
  KRABUAN_RETURN_IF_ERROR(RunToRest(ctx, {Arrival{d.start().id, ""}}));
  return inst.id;
}

}  // namespace krabuan
