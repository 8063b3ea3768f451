#include "engine/model/choice_options.h"

#include <string>

namespace krabuan {

std::optional<ChoiceOptions> AnalyseChoiceOptions(const ProcessDefinition& def, const Node& node) {
  if ((node.kind != NodeKind::kChoice && node.kind != NodeKind::kInclusive) || node.branches.empty()) {
    return std::nullopt;
  }
  const VariableDecl* variable = nullptr;
  for (const Branch& b : node.branches) {
    for (const std::string& name : b.test.variables()) {
      if (variable != nullptr && variable->name == name) continue;
      if (variable != nullptr) return std::nullopt;   // a second variable
      variable = def.FindDeclaration(name);
      if (variable == nullptr || variable->options.empty()) return std::nullopt;
    }
  }
  if (variable == nullptr) return std::nullopt;

  ChoiceOptions out;
  out.variable = variable;
  out.branches.resize(node.branches.size());
  for (const Option& o : variable->options) {
    Value v = Value::String(o.value);
    VariableLookup lookup = [&](std::string_view name) -> const Value* {
      return name == variable->name ? &v : nullptr;
    };
    bool taken = false;
    for (std::size_t i = 0; i < node.branches.size(); ++i) {
      Result<bool> holds = node.branches[i].test.Evaluate(lookup);
      if (!holds.ok()) return std::nullopt;
      if (!*holds) continue;
      if (node.kind == NodeKind::kChoice && taken) continue;   // the first that holds wins
      out.branches[i].push_back(&o);
      taken = true;
    }
    if (!taken) out.unhandled.push_back(&o);
  }
  return out;
}

std::string OptionLabels(const std::vector<const Option*>& options) {
  std::string out;
  for (const Option* o : options) {
    if (!out.empty()) out += ", ";
    out += o->label.empty() ? o->value : o->label;
  }
  return out;
}

}  // namespace krabuan
