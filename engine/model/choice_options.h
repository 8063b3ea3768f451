// What a choice over an enumerated variable does with each of its choices.
//
// A condition that reads only one enumerated input or field (`category == 'investment'`,
// `category in ['a', 'b']`, `category != 'c'`, and/or/not of those) is evaluated for each
// of the variable's options, so deploy can tell which branch each value takes, which
// value no branch handles, and whether `<otherwise>` can ever be taken. Conditions that
// read anything else are not analysed (nullopt): their branches are all taken to be
// possible, as elsewhere in the structural checks.
//
//   if (auto a = AnalyseChoiceOptions(def, node); a && !a->unhandled.empty()) ...
//
// Thread-safe: a pure function of its arguments.
#pragma once

#include <optional>
#include <vector>

#include "engine/model/process_definition.h"

namespace krabuan {

struct ChoiceOptions {
  const VariableDecl* variable = nullptr;
  // Per branch, in order, the options that take it: for a choice those its test holds
  // for and no earlier branch's does; for an inclusive choice every one its test holds for.
  std::vector<std::vector<const Option*>> branches;
  // The options no branch takes: `<otherwise>`'s, or, without one, values the case
  // would stop at.
  std::vector<const Option*> unhandled;
};

// The analysis of a choice or inclusive choice `node` of `def`, or nullopt when its
// conditions read no enumerated variable, read more than one variable, or fail to
// evaluate (a type error, reported elsewhere).
std::optional<ChoiceOptions> AnalyseChoiceOptions(const ProcessDefinition& def, const Node& node);

// The labels of `options` for people: "งบลงทุน, งบบุคลากร" (the value where there is no label).
std::string OptionLabels(const std::vector<const Option*>& options);

}  // namespace krabuan
