#include "engine/exec/work_items.h"

#include <nlohmann/json.hpp>

#include "engine/exec/detail.h"
#include "engine/exec/task_behavior.h"
#include "engine/exec/token_behavior.h"

namespace krabuan {
namespace {

// The items of work per item: the org's schools, or logins in a string variable.
Result<std::vector<std::string>> ItemsOf(CommandContext& ctx, const Node& node) {
  std::vector<std::string> items;
  if (node.for_each == "org:schools") {
    for (const School& school : ctx.org().schools()) items.push_back(school.login);
    return items;
  }
  std::string name = node.for_each.substr(2, node.for_each.size() - 3);
  auto it = ctx.variables().find(name);
  if (it == ctx.variables().end() || it->second.type() != ValueType::kString) {
    return Status::Invalid("task '" + node.id + "': for-each variable '" + name + "' is not set to a list of logins");
  }
  std::string word;
  for (char c : it->second.as_string() + " ") {
    if (c == ' ' || c == ',' || c == '\n' || c == '\t') {
      if (!word.empty()) items.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  return items;
}

}  // namespace

using nlohmann::json;

Result<std::optional<std::vector<std::string>>> ItemsToOpen(CommandContext& ctx, const Node& node) {
  if (node.for_each.empty()) return std::optional<std::vector<std::string>>(std::vector<std::string>{});
  Result<std::vector<std::string>> listed = ItemsOf(ctx, node);
  if (!listed.ok()) return listed.status();
  if (listed->empty()) {
    KRABUAN_RETURN_IF_ERROR(ctx.Record("no-items", node.id, 0, DetailText(json{{"for_each", node.for_each}})));
    return std::optional<std::vector<std::string>>();
  }
  return std::optional<std::vector<std::string>>(std::move(listed.value()));
}

Result<bool> FinishItemsIfDone(CommandContext& ctx, const Node& node, TokenId token) {
  TaskQuery q;
  q.all = true;
  q.open_only = false;
  q.instance = ctx.instance().id;
  Result<std::vector<TaskRecord>> tasks = ctx.txn().ListTasks(q);
  if (!tasks.ok()) return tasks.status();
  std::vector<std::string> done, missing;
  bool open = false;
  for (const TaskRecord& t : *tasks) {
    if (t.token_id != token) continue;
    if (t.state == TaskState::kOpen) {
      open = true;
      continue;
    }
    (t.state == TaskState::kCompleted ? done : missing).push_back(t.item);
  }
  // Number fields add up over the items that arrived: requested amounts become a total.
  // The sum is taken at every arrival, so the item that would carry it out of range is
  // refused when it is recorded, and the total at the end (or at the cut-off) is in range.
  std::vector<std::pair<std::string, Value>> totals;
  for (const VariableDecl& f : node.fields) {
    if (f.type != ValueType::kInt && f.type != ValueType::kMoney) continue;
    bool money = f.type == ValueType::kMoney;
    std::int64_t sum = 0;
    for (const std::string& item : done) {
      auto it = ctx.variables().find(node.id + "." + item + "." + f.name);
      if (it == ctx.variables().end()) continue;
      std::optional<std::int64_t> next;
      if (money) {
        if (std::optional<Money> m = AddMoney(Money{sum}, it->second.as_money())) next = m->satang;
      } else {
        next = AddInt(sum, it->second.as_int());
      }
      if (!next) {
        return Status::Invalid("the total of field '" + f.name + "' (" + std::string(ValueTypeName(f.type)) +
                               ") over task '" + node.id + "' would leave the " +
                               (money ? "money range (at most " + Value::OfMoney(Money{kMaxMoneySatang}).ToDisplay() + ")"
                                      : std::string("range of whole numbers")) +
                               ": " + (money ? Value::OfMoney(Money{sum}) : Value::Int(sum)).ToDisplay() +
                               " so far, and " + item + " adds " + it->second.ToDisplay());
      }
      sum = *next;
    }
    totals.emplace_back(f.name, money ? Value::OfMoney(Money{sum}) : Value::Int(sum));
  }
  if (open) return false;
  for (const auto& [name, total] : totals) KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(name, total));
  std::string missing_text;
  for (const std::string& m : missing) missing_text += (missing_text.empty() ? "" : " ") + m;
  KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(node.id + ".completed", Value::Int(static_cast<std::int64_t>(done.size()))));
  KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(node.id + ".missing", Value::String(missing_text)));
  KRABUAN_RETURN_IF_ERROR(ctx.Record("items-finished", node.id, 0,
                                     DetailText(json{{"completed", done}, {"missing", missing}})));
  KRABUAN_RETURN_IF_ERROR(LeaveNode(ctx, node, token));
  return true;
}

Status ExpireMissingItems(CommandContext& ctx, const Node& node, TokenId token) {
  KRABUAN_RETURN_IF_ERROR(EndOpenTasksOfToken(ctx, token, TaskState::kExpired, "task-expired", json::object()));
  Result<bool> finished = FinishItemsIfDone(ctx, node, token);
  if (!finished.ok()) return finished.status();
  return Status::Ok();
}

}  // namespace krabuan
