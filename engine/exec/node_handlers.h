// One stateless handler per node kind: given a token arriving at a node, say what
// happens next. Handlers write nothing; the stepper applies their answer.
#pragma once

#include <string>
#include <vector>

#include "engine/expr/expression.h"
#include "engine/model/process_definition.h"
#include "engine/status.h"

namespace krabuan {

struct StepDecision {
  enum class Kind {
    kMove,           // go on to `targets` (one token each)
    kWaitForPerson,  // stop here as an open task
    kJoin,           // wait at a join until a token arrived from every incoming node
    kEnd,            // the token is consumed
    kTimer,          // rest until a timer fires (a wait node)
  };
  Kind kind = Kind::kMove;
  std::vector<std::string> targets;
  std::string condition;   // for a choice: the test that chose, or "otherwise"
};

using NodeHandler = Result<StepDecision> (*)(const Node& node, const VariableLookup& lookup);

// The handler for a node kind. Adding a node kind means a parser case, a handler here
// and a test.
NodeHandler HandlerFor(NodeKind kind);

}  // namespace krabuan
