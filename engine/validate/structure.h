// Deploy-time structural checks of a parsed process: the graph of flows, choices,
// parallel splits and joins, the variables conditions read, and the roles tasks need.
//
// The parser (engine/parse) already refuses what cannot be a process at all (unknown
// targets, a join with one input, bad types). These checks look at the process as a
// whole and find what parses but cannot run well:
//
//   errors    a node unreachable from the start; a node from which no end can be
//             reached; a cycle with no way out; a join two of whose inputs no parallel
//             split runs at once (they are not on different branches of one split, so
//             the join can wait forever); branches of one parallel split that meet at a
//             node other than a join, or a branch that goes around a join its split
//             feeds and meets the join's output (that node would run once per token); a
//             parallel split listing a target twice; a choice over an enumerated
//             variable that no branch takes for some choice, without <otherwise>; with
//             an org file, a role or an assignee the org file does not know.
//   warnings  a choice without <otherwise> (it may match nothing), unless its branches
//             take every choice of the enumerated variable they test; an <otherwise> or
//             a branch such a choice never takes; a condition, an
//             assignee="${…}" or a for-each="${…}" reading a variable that is neither an
//             input, a task's field nor a built-in; with an org file, a role nobody
//             holds or records for, and for-each="org:schools" with no schools.
//
// The checks are structural: conditions are not evaluated, so a choice's branches are
// all taken to be possible, except for conditions that read only one enumerated variable
// (engine/model/choice_options.h), which are evaluated for each of its choices. CheckSoundness (soundness.h) explores the token game itself.
//
//   std::vector<Finding> findings = CheckStructure(def, &org);
//   for (const Finding& f : findings) std::cerr << f.ToString() << "\n";
//   if (HasErrors(findings)) return Status::Invalid("...");
//
// Thread-safe: a pure function of its arguments.
#pragma once

#include <string>
#include <vector>

#include "engine/model/process_definition.h"
#include "engine/model/source_location.h"
#include "engine/org/org.h"

namespace krabuan {

// One problem found in a process, pointing at the element it is about.
struct Finding {
  enum class Severity { kError, kWarning };

  Severity severity = Severity::kError;
  SourceLocation where;   // the node (or <when>) the finding is about; line 0 when the
                          // process as a whole is meant
  std::string element;    // "task", "choice", "join", "process", …
  std::string id;         // the node's id (the process id for element "process")
  std::string message;

  // "p.xml:12:3: error: unreachable from the start (task 'review')". Without a line
  // (line 0) the place is the file alone: "p.xml: error: …".
  std::string ToString() const;
};

// Every finding about `def`, errors and warnings together, ordered by their place in the
// file (line, then column). With `org` null the role and assignee checks are skipped.
std::vector<Finding> CheckStructure(const ProcessDefinition& def, const Org* org);

// True when some finding is an error.
bool HasErrors(const std::vector<Finding>& findings);

}  // namespace krabuan
