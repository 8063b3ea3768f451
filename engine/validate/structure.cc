#include "engine/validate/structure.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/visitors.hpp>
#include <cstddef>
#include <limits>
#include <optional>
#include <set>
#include <string_view>

#include "engine/model/choice_options.h"

namespace krabuan {
namespace {

// The flow graph: vertex i is def.nodes()[i], one edge per distinct flow (a choice
// with two branches to one node gives one edge).
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
using Vertex = Graph::vertex_descriptor;
using Edge = Graph::edge_descriptor;

constexpr int kUnreached = -1;

// Keeps the edges a restricted walk may take: never into a vertex of `no_enter`, never
// out of a vertex of `no_leave` (such a vertex is reached, but the walk stops there).
struct EdgeFilter {
  const Graph* g = nullptr;
  const std::vector<char>* no_enter = nullptr;
  const std::vector<char>* no_leave = nullptr;

  bool operator()(const Edge& e) const {
    return !(*no_enter)[boost::target(e, *g)] && !(*no_leave)[boost::source(e, *g)];
  }
};

// Flows from `from` to every vertex of `g` along a shortest path; kUnreached when none.
template <typename G>
std::vector<int> Distances(const G& g, Vertex from, std::size_t n) {
  std::vector<int> dist(n, kUnreached);
  dist[from] = 0;
  auto dist_map = boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, g));
  boost::breadth_first_search(
      g, from, boost::visitor(boost::make_bfs_visitor(boost::record_distances(dist_map, boost::on_tree_edge()))));
  return dist;
}

// Distances from `from` in `g` restricted as EdgeFilter says.
std::vector<int> RestrictedDistances(const Graph& g, Vertex from, const std::vector<char>& no_enter,
                                     const std::vector<char>& no_leave) {
  boost::filtered_graph<Graph, EdgeFilter> fg(g, EdgeFilter{&g, &no_enter, &no_leave});
  return Distances(fg, from, boost::num_vertices(g));
}

std::string Quoted(std::string_view id) { return "'" + std::string(id) + "'"; }

// "'a'", "'a' and 'b'", "'a', 'b' and 'c'".
std::string QuotedList(const std::vector<std::string>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += i + 1 == ids.size() ? " and " : ", ";
    out += Quoted(ids[i]);
  }
  return out;
}

bool ReachedFrom(const std::vector<int>& dist, std::size_t v) { return dist[v] != kUnreached; }

class StructureChecker {
 public:
  StructureChecker(const ProcessDefinition& def, const Org* org)
      : def_(def), org_(org), nodes_(def.nodes()), n_(nodes_.size()), g_(n_), g_tokens_(n_) {
    for (std::size_t i = 0; i < n_; ++i) {
      std::set<std::size_t> seen;
      for (const std::string& to : nodes_[i].to) {
        std::optional<std::size_t> j = IndexOf(to);
        if (j && seen.insert(*j).second) {
          boost::add_edge(i, *j, g_);
          boost::add_edge(i, *j, g_tokens_);
        }
      }
      // A task's timer boundary is a flow too: the token may leave (or fork) along it.
      for (const TimerBoundary& b : nodes_[i].boundaries) {
        std::optional<std::size_t> j = IndexOf(b.to);
        if (j && seen.insert(*j).second) {
          boost::add_edge(i, *j, g_);
          boost::add_edge(i, *j, g_tokens_);
        }
      }
      // So is a scope's timer, from each node of the scope, for reaching; but it takes the
      // scope's tokens out as one (or forks one for all), so no branch inside carries its
      // own token along it, and the split and join checks walk without it.
      for (const Scope& s : def.scopes()) {
        if (!s.Contains(nodes_[i].id)) continue;
        for (const TimerBoundary& t : s.timers) {
          std::optional<std::size_t> j = IndexOf(t.to);
          if (j && seen.insert(*j).second) boost::add_edge(i, *j, g_);
        }
      }
    }
  }

  std::vector<Finding> Run() {
    if (n_ > 0) {
      CheckReachability();
      CheckTrapCycles();
      CheckSplitsAndJoins();
    }
    CheckChoices();
    CheckVariables();
    if (org_ != nullptr) CheckOrg();
    std::stable_sort(findings_.begin(), findings_.end(), [](const Finding& a, const Finding& b) {
      return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
    });
    return std::move(findings_);
  }

 private:
  std::optional<std::size_t> IndexOf(std::string_view id) const {
    const Node* n = def_.FindNode(id);
    if (n == nullptr) return std::nullopt;
    return static_cast<std::size_t>(n - nodes_.data());
  }

  void Add(Finding::Severity severity, const Node& node, std::string message) {
    findings_.push_back(
        Finding{severity, node.where, std::string(NodeKindName(node.kind)), node.id, std::move(message)});
  }
  void Error(const Node& node, std::string message) { Add(Finding::Severity::kError, node, std::move(message)); }
  void Warning(const Node& node, std::string message) { Add(Finding::Severity::kWarning, node, std::move(message)); }

  // Every node is reachable from the start, and some end is reachable from every node.
  void CheckReachability() {
    std::size_t start = static_cast<std::size_t>(&def_.start() - nodes_.data());
    std::vector<int> from_start = Distances(g_, start, n_);
    std::vector<char> reaches_end(n_, 0);
    auto reversed = boost::make_reverse_graph(g_);
    for (std::size_t i = 0; i < n_; ++i) {
      if (nodes_[i].kind != NodeKind::kEnd) continue;
      std::vector<int> to_end = Distances(reversed, i, n_);
      for (std::size_t v = 0; v < n_; ++v) reaches_end[v] |= ReachedFrom(to_end, v);
    }
    for (std::size_t i = 0; i < n_; ++i) {
      if (!ReachedFrom(from_start, i)) Error(nodes_[i], "unreachable from the start");
      if (!reaches_end[i]) Error(nodes_[i], "no end can be reached from here");
    }
  }

  // A strongly connected component no flow leaves, and which holds no end, traps every
  // token that enters it.
  void CheckTrapCycles() {
    std::vector<int> component(n_);
    int count = boost::strong_components(
        g_, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g_)));
    std::vector<char> has_exit(count, 0), has_end(count, 0);
    for (auto [e, e_end] = boost::edges(g_); e != e_end; ++e) {
      int from = component[boost::source(*e, g_)], to = component[boost::target(*e, g_)];
      if (from != to) has_exit[from] = 1;
    }
    for (std::size_t i = 0; i < n_; ++i) {
      if (nodes_[i].kind == NodeKind::kEnd) has_end[component[i]] = 1;
    }
    for (int c = 0; c < count; ++c) {
      if (has_exit[c] || has_end[c]) continue;
      std::vector<std::string> members;
      const Node* first = nullptr;
      for (std::size_t i = 0; i < n_; ++i) {
        if (component[i] != c) continue;
        if (first == nullptr) first = &nodes_[i];
        members.push_back(nodes_[i].id);
      }
      std::string what = members.size() == 1 ? Quoted(members.front()) + " flows only to itself"
                                             : QuotedList(members) + " flow only into each other";
      Error(*first, "cycle without an exit: " + what + ", so a token that enters never reaches an end");
    }
  }

  // The targets of a parallel split, each once.
  std::vector<std::size_t> SplitTargets(const Node& split) const {
    std::vector<std::size_t> out;
    for (const std::string& to : split.to) {
      std::optional<std::size_t> j = IndexOf(to);
      if (j && std::find(out.begin(), out.end(), *j) == out.end()) out.push_back(*j);
    }
    return out;
  }

  // Parallel splits and joins. For a join J, its inputs a and b are "run at once by
  // split S" (and S "feeds" J) when a lies on one branch of S and b on another, walking
  // from each target of S without passing S or J again. A join with two inputs no split
  // runs at once waits forever for one of them. Then CheckMeetings looks for branches
  // that come together without a join.
  void CheckSplitsAndJoins() {
    std::vector<std::size_t> splits, joins;
    for (std::size_t i = 0; i < n_; ++i) {
      // An inclusive choice may run its branches at once too; an inclusive join waits
      // only for what can still come, so no pairing is asked of it.
      if (nodes_[i].kind == NodeKind::kParallel || nodes_[i].kind == NodeKind::kInclusive) splits.push_back(i);
      if (nodes_[i].kind == NodeKind::kJoin && !nodes_[i].inclusive) joins.push_back(i);
    }
    for (std::size_t s : splits) {
      if (nodes_[s].kind != NodeKind::kParallel) continue;   // an inclusive choice sends one token per target
      std::set<std::string> seen;
      for (const std::string& to : nodes_[s].to) {
        if (!seen.insert(to).second) {
          Error(nodes_[s], "lists " + Quoted(to) + " twice: it would get two tokens at once");
        }
      }
    }

    // feeds[s] holds the joins split s runs two inputs of at once.
    std::vector<std::set<std::size_t>> feeds(n_);
    for (std::size_t j : joins) {
      std::vector<std::size_t> inputs;
      for (const std::string& id : nodes_[j].incoming) {
        if (std::optional<std::size_t> p = IndexOf(id)) inputs.push_back(*p);
      }
      // together[a][b]: inputs a and b are run at once by some split.
      std::vector<std::vector<char>> together(inputs.size(), std::vector<char>(inputs.size(), 0));
      for (std::size_t s : splits) {
        if (s == j) continue;
        std::vector<std::size_t> targets = SplitTargets(nodes_[s]);
        std::vector<char> no_enter(n_, 0), no_leave(n_, 0);
        no_enter[s] = no_enter[j] = 1;
        // on_branch[t][k]: input k is on the branch of target t.
        std::vector<std::vector<char>> on_branch(targets.size(), std::vector<char>(inputs.size(), 0));
        for (std::size_t t = 0; t < targets.size(); ++t) {
          if (targets[t] == j) {
            for (std::size_t k = 0; k < inputs.size(); ++k) on_branch[t][k] = inputs[k] == s;
            continue;
          }
          if (targets[t] == s) continue;
          std::vector<int> dist = RestrictedDistances(g_tokens_, targets[t], no_enter, no_leave);
          for (std::size_t k = 0; k < inputs.size(); ++k) on_branch[t][k] = ReachedFrom(dist, inputs[k]);
        }
        for (std::size_t a = 0; a < inputs.size(); ++a) {
          for (std::size_t b = a + 1; b < inputs.size(); ++b) {
            for (std::size_t ta = 0; ta < targets.size(); ++ta) {
              for (std::size_t tb = 0; tb < targets.size(); ++tb) {
                if (ta != tb && on_branch[ta][a] && on_branch[tb][b]) {
                  together[a][b] = together[b][a] = 1;
                  feeds[s].insert(j);
                }
              }
            }
          }
        }
      }
      bool reported = false;
      for (std::size_t a = 0; a < inputs.size() && !reported; ++a) {
        for (std::size_t b = a + 1; b < inputs.size() && !reported; ++b) {
          if (together[a][b]) continue;
          reported = true;
          Error(nodes_[j], "waits for a token from each of " + QuotedList(nodes_[j].incoming) + ", but no parallel split runs " +
                               Quoted(nodes_[inputs[a]].id) + " and " + Quoted(nodes_[inputs[b]].id) +
                               " at once (they are not on different branches of one split): the join can wait forever");
        }
      }
    }

    for (std::size_t s : splits) CheckMeetings(s, feeds[s]);
  }

  // Where the branches of split `s` meet without a join: two branches, or a branch and
  // the output of a join `s` feeds (the branch bypassed the join). Walks never pass `s`
  // again and stop at the joins it feeds; one finding per meeting node, at the nearest.
  void CheckMeetings(std::size_t s, const std::set<std::size_t>& fed) {
    std::vector<std::size_t> targets = SplitTargets(nodes_[s]);
    std::vector<char> no_enter(n_, 0), no_leave(n_, 0);
    no_enter[s] = 1;
    for (std::size_t j : fed) no_leave[j] = 1;
    // An inclusive join merges whatever branches come to it.
    for (std::size_t v = 0; v < n_; ++v) {
      if (nodes_[v].kind == NodeKind::kJoin && nodes_[v].inclusive) no_leave[v] = 1;
    }
    std::vector<std::vector<int>> branch;
    for (std::size_t t : targets) branch.push_back(RestrictedDistances(g_tokens_, t, no_enter, no_leave));
    std::vector<std::pair<std::size_t, std::vector<int>>> after;   // (join, distances from it)
    for (std::size_t j : fed) {
      std::vector<char> leave = no_leave;
      leave[j] = 0;
      after.emplace_back(j, RestrictedDistances(g_tokens_, j, no_enter, leave));
    }
    // The meeting node nearest to both walks, if any.
    auto nearest = [&](const std::vector<int>& x, const std::vector<int>& y) -> std::optional<std::size_t> {
      std::optional<std::size_t> meet;
      int best = std::numeric_limits<int>::max();
      for (std::size_t v = 0; v < n_; ++v) {
        NodeKind kind = nodes_[v].kind;
        if (kind == NodeKind::kJoin || kind == NodeKind::kEnd) continue;
        if (!ReachedFrom(x, v) || !ReachedFrom(y, v)) continue;
        if (x[v] + y[v] < best) {
          best = x[v] + y[v];
          meet = v;
        }
      }
      return meet;
    };
    std::set<std::size_t> reported;
    for (std::size_t a = 0; a < targets.size(); ++a) {
      for (std::size_t b = a + 1; b < targets.size(); ++b) {
        std::optional<std::size_t> meet = nearest(branch[a], branch[b]);
        if (!meet || !reported.insert(*meet).second) continue;
        const Node& m = nodes_[*meet];
        Error(m, "branches " + Quoted(nodes_[targets[a]].id) + " and " + Quoted(nodes_[targets[b]].id) + " of " +
                     std::string(NodeKindName(nodes_[s].kind)) + " " + Quoted(nodes_[s].id) +
                     " meet here without a join: each branch brings its own token, so this " +
                     std::string(NodeKindName(m.kind)) + " runs once per branch (put a <join> before it)");
      }
    }
    for (std::size_t a = 0; a < targets.size(); ++a) {
      for (const auto& [j, dist] : after) {
        std::optional<std::size_t> meet = nearest(branch[a], dist);
        if (!meet || !reported.insert(*meet).second) continue;
        const Node& m = nodes_[*meet];
        Error(m, "branch " + Quoted(nodes_[targets[a]].id) + " of " + std::string(NodeKindName(nodes_[s].kind)) + " " +
                     Quoted(nodes_[s].id) +
                     " comes here around join " + Quoted(nodes_[j].id) +
                     ", and so does the join's output: two tokens arrive, so this " + std::string(NodeKindName(m.kind)) +
                     " runs twice (send the branch into the join)");
      }
    }
  }

  // A choice over one enumerated variable is known exactly (choice_options.h): a choice
  // no branch takes is an error without <otherwise>, and with every choice taken
  // <otherwise> is dead. Other choices without <otherwise> may match nothing.
  void CheckChoices() {
    for (const Node& n : nodes_) {
      if (n.kind != NodeKind::kChoice && n.kind != NodeKind::kInclusive) continue;
      if (std::optional<ChoiceOptions> a = AnalyseChoiceOptions(def_, n)) {
        const std::string var = Quoted(a->variable->name);
        if (!a->unhandled.empty() && !n.otherwise) {
          std::vector<std::string> values;
          for (const Option* o : a->unhandled) values.push_back(o->value);
          Error(n, "no branch takes " + var + " = " + QuotedList(values) + " (" + OptionLabels(a->unhandled) +
                       ") and there is no <otherwise>: a case with " + (values.size() == 1 ? "it" : "one of them") +
                       " stops with an error");
        } else if (a->unhandled.empty() && n.otherwise) {
          Warning(n, "<otherwise> is never taken: the branches take every choice of " + var);
        }
        for (std::size_t i = 0; i < n.branches.size(); ++i) {
          if (!a->branches[i].empty()) continue;
          findings_.push_back(Finding{Finding::Severity::kWarning, n.branches[i].where, std::string(NodeKindName(n.kind)),
                                      n.id, "the branch \"" + n.branches[i].test.source() +
                                                "\" is never taken: no choice of " + var + " reaches it"});
        }
        continue;
      }
      if (n.otherwise) continue;
      Warning(n, "no <otherwise>: the conditions may match nothing, and then the case stops with an error");
    }
  }

  // Why a variable a condition reads may not be set, or nullopt when it is known.
  std::optional<std::string> UnknownVariable(std::string_view name) const {
    static constexpr std::string_view kBuiltIns =
        "an input, a task's field or a built-in (outcome, initiator, <task>.outcome, <task>.completed, <task>.missing)";
    if (def_.DeclaredType(name)) return std::nullopt;
    if (name == "initiator") return std::nullopt;
    if (name == "outcome") {
      bool any = std::any_of(nodes_.begin(), nodes_.end(), [](const Node& n) {
        return n.kind == NodeKind::kTask && n.for_each.empty() && !n.outcomes.empty();
      });
      if (any) return std::nullopt;
      return std::string("'outcome' is never set: no task (other than one per item) declares <outcome>s");
    }
    std::size_t dot = name.find('.');
    if (dot != std::string_view::npos) {
      std::string_view task_id = name.substr(0, dot), rest = name.substr(dot + 1);
      const Node* task = def_.FindNode(task_id);
      if (task != nullptr && task->kind == NodeKind::kTask) {
        if (rest == "outcome") {
          if (!task->for_each.empty()) {
            return Quoted(name) + " is never set: task " + Quoted(task_id) +
                   " runs once per item, and each item's outcome is " + std::string(task_id) + ".<item>.outcome";
          }
          if (task->outcomes.empty()) {
            return Quoted(name) + " is never set: task " + Quoted(task_id) + " declares no <outcome>";
          }
          return std::nullopt;
        }
        if (rest == "completed" || rest == "missing") {
          if (!task->for_each.empty()) return std::nullopt;
          return Quoted(name) + " is never set: only a task with for-each sets ." + std::string(rest);
        }
        std::size_t dot2 = rest.find('.');
        if (!task->for_each.empty() && dot2 != std::string_view::npos) {
          std::string_view field = rest.substr(dot2 + 1);
          if (field == "outcome" || task->FindField(field) != nullptr) return std::nullopt;
        }
      }
    }
    return Quoted(name) + " is not " + std::string(kBuiltIns);
  }

  // Variables read by conditions, by assignee="${…}" and by for-each="${…}".
  void CheckVariables() {
    for (const Node& n : nodes_) {
      for (const Branch& b : n.branches) {
        for (const std::string& var : b.test.variables()) {
          if (std::optional<std::string> why = UnknownVariable(var)) {
            findings_.push_back(Finding{Finding::Severity::kWarning, b.where, std::string(NodeKindName(n.kind)), n.id,
                                        "condition \"" + b.test.source() + "\" reads " + Quoted(var) + ": " + *why +
                                            "; evaluating it fails"});
          }
        }
      }
      for (const std::string* ref : {&n.assignee, &n.for_each}) {
        if (!ref->starts_with("${") || !ref->ends_with("}") || ref->size() <= 3) continue;
        std::string var = ref->substr(2, ref->size() - 3);
        if (def_.DeclaredType(var)) continue;
        Warning(n, std::string(ref == &n.assignee ? "assignee" : "for-each") + " reads " + Quoted(var) +
                       ", which no input or task field declares: the task cannot open");
      }
    }
  }

  bool SomeoneActsIn(const std::string& role) const {
    return std::any_of(org_->users().begin(), org_->users().end(),
                       [&](const User& u) { return org_->CapacityFor(u, role).has_value(); });
  }

  // Roles and logins against the org file.
  void CheckOrg() {
    for (const std::string& role : def_.start_roles()) {
      if (org_->FindRole(role) != nullptr) continue;
      findings_.push_back(Finding{Finding::Severity::kError, SourceLocation{def_.file(), 0, 0}, "process", def_.id(),
                                  "start-roles names unknown role " + Quoted(role) + ": the org file does not declare it"});
    }
    for (const Node& n : nodes_) {
      if (n.kind != NodeKind::kTask) continue;
      if (!n.role.empty()) {
        if (org_->FindRole(n.role) == nullptr) {
          Error(n, "unknown role " + Quoted(n.role) + ": the org file does not declare it");
        } else if (n.for_each.empty() && !SomeoneActsIn(n.role)) {
          Warning(n, "nobody can take this task: no user of the org file holds role " + Quoted(n.role) +
                         " or records for it");
        }
      }
      if (!n.assignee.empty() && !n.assignee.starts_with("${") && org_->FindUser(n.assignee) == nullptr) {
        Error(n, "unknown assignee " + Quoted(n.assignee) + ": no such login in the org file");
      }
      if (n.for_each == "org:schools" && org_->schools().empty()) {
        Warning(n, "for-each=\"org:schools\" but the org file lists no schools: the step opens no task and is skipped");
      }
    }
  }

  const ProcessDefinition& def_;
  const Org* org_;
  const std::vector<Node>& nodes_;
  std::size_t n_;
  Graph g_;         // every flow, timers' included: what a token or the case can reach
  Graph g_tokens_;  // without scopes' timers: where each branch's own token can go
  std::vector<Finding> findings_;
};

}  // namespace

std::string Finding::ToString() const {
  std::string place = where.line > 0 ? where.ToString() : where.file;
  std::string out = place + ": " + (severity == Severity::kError ? "error" : "warning") + ": " + message;
  if (!id.empty()) out += " (" + element + " '" + id + "')";
  return out;
}

std::vector<Finding> CheckStructure(const ProcessDefinition& def, const Org* org) {
  return StructureChecker(def, org).Run();
}

bool HasErrors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Finding::Severity::kError; });
}

}  // namespace krabuan
