#include "engine/exec/task_completion.h"

#include <set>

#include "engine/exec/assignments.h"

namespace krabuan {
namespace {

std::string OutcomeList(const Node& node) {
  std::string out;
  for (const Outcome& o : node.outcomes) {
    if (!out.empty()) out += ", ";
    out += o.value + " (" + o.label + ")";
  }
  return out;
}

}  // namespace

Result<CheckedCompletion> CheckCompletion(CommandContext& ctx, const Node& node, const TaskRecord& task,
                                          const TaskCompletion& done) {
  std::string id = std::to_string(task.id);
  std::vector<std::string> problems;
  CheckedCompletion out;
  if (!node.outcomes.empty()) {
    if (done.outcome.empty()) {
      problems.push_back("task " + id + " needs an outcome: --outcome one of " + OutcomeList(node));
    } else if (const Outcome* o = node.FindOutcome(done.outcome); o == nullptr) {
      problems.push_back("unknown outcome '" + done.outcome + "' for task " + id + "; expected one of " +
                         OutcomeList(node));
    } else {
      out.outcome = o->value;
    }
  } else if (!done.outcome.empty()) {
    problems.push_back("task " + id + " (" + node.name + ") takes no outcome");
  }
  // Fields: only this task's, typed; required ones must hold a value afterwards.
  std::set<std::string> given, twice;
  for (const auto& [name, text] : done.fields) {
    if (!given.insert(name).second) {
      if (twice.insert(name).second) {
        problems.push_back("task " + id + ": " + TwiceMessage("field '" + name + "'", done.fields, name));
      }
      continue;
    }
    const VariableDecl* decl = node.FindField(name);
    if (decl == nullptr) {
      problems.push_back("task " + id + " has no field '" + name + "' (fields: " + DeclNames(node.fields) + ")");
      continue;
    }
    if (decl->required && IsBlank(text)) {
      problems.push_back("task " + id + ": " + RequiredMessage("field '" + name + "'", *decl, /*blank=*/true));
      continue;
    }
    Result<Value> v = ParseAssigned(*decl, text);
    if (!v.ok()) {
      problems.push_back("task " + id + ": " + v.status().message());
      continue;
    }
    out.fields.insert_or_assign(name, std::move(v.value()));
  }
  // An item's fields are its own: <task>.<item>.<field>; the node's total comes when all are in.
  out.prefix = task.item.empty() ? "" : node.id + "." + task.item + ".";
  for (const VariableDecl& f : node.fields) {
    if (f.required && !given.count(f.name) && !ctx.variables().count(out.prefix + f.name)) {
      problems.push_back("task " + id + ": " + RequiredMessage("field '" + f.name + "'", f, /*blank=*/false));
    }
  }
  if (!problems.empty()) return Status::InvalidMany(std::move(problems));
  return out;
}

}  // namespace krabuan
