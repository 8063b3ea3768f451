#include "engine/validate/soundness.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "engine/model/arrival_rules.h"

namespace krabuan {
namespace {

// A resting token: the node's index in the high 16 bits; for a join, the index of the
// node it came from plus one in the low 16 bits; for a task, one bit per non-interrupting
// timer boundary that has fired since it opened (each fires once; a repeating one is not
// marked); 0 for waits.
using Token = std::uint32_t;
// A marking: the resting tokens, sorted, so equal markings are equal vectors.
using Marking = std::vector<Token>;
using NodeIndex = std::uint32_t;

constexpr std::size_t kMaxNodes = 0xfffe;
constexpr std::uint32_t kNoState = std::numeric_limits<std::uint32_t>::max();
// Arrivals one move may process before it is abandoned (a cycle of choices and
// parallels that never rests, or a blow-up of choices inside one move).
constexpr std::size_t kMaxWorkPerMove = 200000;

Token RestingAt(NodeIndex node) { return node << 16; }
Token WaitingAtJoin(NodeIndex join, NodeIndex from) { return (join << 16) | (from + 1); }
NodeIndex NodeOf(Token t) { return t >> 16; }
NodeIndex FromOf(Token t) { return (t & 0xffff) - 1; }
// Timer boundaries past this many on one task are not told apart (the verdict is unknown).
constexpr std::size_t kMaxBoundaries = 16;
// An inclusive choice with more distinct branches than this is not explored for every
// subset of them (2^12 - 1 = 4095 alternatives); the verdict is then unknown.
constexpr std::size_t kMaxInclusiveBranches = 12;
constexpr NodeIndex kNoNode = std::numeric_limits<NodeIndex>::max();

struct MarkingHash {
  std::size_t operator()(const Marking& m) const {
    std::uint64_t h = 1469598103934665603ull;
    for (Token t : m) {
      h ^= t;
      h *= 1099511628211ull;
    }
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

std::string Quoted(std::string_view id) { return "'" + std::string(id) + "'"; }

std::string QuotedList(const std::vector<std::string>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += i + 1 == ids.size() ? " and " : ", ";
    out += Quoted(ids[i]);
  }
  return out;
}

// The outcome of one move: where tokens rest afterwards, the nodes reached on the way,
// and whether a token finished (at an end, or retired on its way to one).
struct Move {
  Marking tokens;
  std::vector<NodeIndex> visited;
  std::int64_t finished = -1;
};

// A join receiving a second token from the same node, and the nodes reached up to it.
struct SecondToken {
  NodeIndex join = 0;
  NodeIndex from = 0;
  std::vector<NodeIndex> visited;
};

class Explorer {
 public:
  Explorer(const ProcessDefinition& def, std::size_t max_states, std::size_t max_tokens)
      : def_(def), nodes_(def.nodes()), n_(nodes_.size()), max_states_(max_states), max_tokens_(max_tokens) {}

  SoundnessReport Run() {
    SoundnessReport report;
    if (n_ > kMaxNodes) {
      report.verdict = SoundnessReport::Verdict::kUnknown;
      report.limit = "the process has more than " + std::to_string(kMaxNodes) + " nodes";
      return report;
    }
    Prepare();
    Explore();
    report.markings = states_.size() - 1;
    Analyse(report);
    bool finished = limit_.empty();
    if (!report.violations.empty()) {
      report.verdict = SoundnessReport::Verdict::kUnsound;
    } else if (!finished) {
      report.verdict = SoundnessReport::Verdict::kUnknown;
    } else {
      report.verdict = SoundnessReport::Verdict::kSound;
    }
    report.limit = limit_;
    return report;
  }

  // After Run: every marking found, with node ids for indexes (ExploreTokenGame).
  TokenGame Game() const {
    TokenGame game;
    game.complete = limit_.empty() && n_ <= kMaxNodes;
    for (const auto& entry : index_) {
      TokenGame::Marking marking;
      for (Token t : entry.first) {
        NodeIndex node = NodeOf(t);
        TokenGame::Token token{nodes_[node].id, "", 0};
        if (nodes_[node].kind == NodeKind::kJoin) token.from = nodes_[FromOf(t)].id;
        if (nodes_[node].kind == NodeKind::kTask) token.fired = t & 0xffff;
        marking.push_back(std::move(token));
      }
      std::sort(marking.begin(), marking.end());
      game.markings.insert(std::move(marking));
    }
    for (std::size_t i = 0; i < independent_.size(); ++i) {
      if (independent_[i]) game.retired.insert(nodes_[i].id);
    }
    return game;
  }

 private:
  struct Arrival {
    NodeIndex node;
    NodeIndex from;
  };

  // A move in progress; a choice copies it once per further alternative.
  struct Partial {
    std::deque<Arrival> queue;
    Marking tokens;
    std::vector<NodeIndex> visited;
    std::int64_t finished = -1;
    std::size_t steps = 0;
    // The alternative each choice took in this move: one command evaluates a choice's
    // conditions on the same variables each time, so a second token takes the same way.
    std::vector<std::pair<NodeIndex, NodeIndex>> decided;
    // The same for inclusive choices: the set of branches taken (bit k = its k-th
    // distinct <when> target; 0 = otherwise).
    std::vector<std::pair<NodeIndex, std::uint32_t>> decided_sets;
    // Joins given a second token from one node, kept only if the move comes to rest
    // (a move the engine would refuse commits nothing).
    std::vector<SecondToken> seconds;
  };

  struct State {
    const Marking* marking = nullptr;   // null for the root (before the start)
    std::uint32_t parent = kNoState;
    std::vector<NodeIndex> segment;     // nodes reached by the move from parent
    bool expanded = false;
    bool partial = false;               // some move from here was not followed (a bound)
  };

  // A move that finished a token and left others.
  struct Finish {
    std::uint32_t from_state = 0;
    std::vector<NodeIndex> segment;
    NodeIndex node = 0;
  };

  NodeIndex IndexOf(const std::string& id) const {
    return static_cast<NodeIndex>(def_.FindNode(id) - nodes_.data());
  }

  void Prepare() {
    targets_.resize(n_);
    inputs_.resize(n_);
    boundaries_.resize(n_);
    whens_.resize(n_);
    otherwise_.assign(n_, kNoNode);
    for (std::size_t i = 0; i < n_; ++i) {
      const Node& node = nodes_[i];
      // A choice takes one of its distinct targets; a parallel sends a token down each
      // listed flow, as the engine does.
      for (const std::string& to : DistinctTargets(node)) {
        if (def_.FindNode(to) != nullptr) targets_[i].push_back(IndexOf(to));
      }
      for (const std::string& from : node.incoming) {
        if (def_.FindNode(from) != nullptr) inputs_[i].push_back(IndexOf(from));
      }
      for (const TimerBoundary& b : node.boundaries) {
        if (def_.FindNode(b.to) != nullptr) boundaries_[i].push_back(IndexOf(b.to));
      }
      if (node.kind == NodeKind::kInclusive) {
        for (const Branch& b : node.branches) {
          if (def_.FindNode(b.to) == nullptr) continue;
          NodeIndex j = IndexOf(b.to);
          if (std::find(whens_[i].begin(), whens_[i].end(), j) == whens_[i].end()) whens_[i].push_back(j);
        }
        if (node.otherwise && def_.FindNode(*node.otherwise) != nullptr) otherwise_[i] = IndexOf(*node.otherwise);
        if (whens_[i].size() > kMaxInclusiveBranches) {
          AddLimit("inclusive " + Quoted(node.id) + " has more than " + std::to_string(kMaxInclusiveBranches) +
                   " branches (only each one alone is explored)");
        }
      }
      // A scope's timers lead out of each of its nodes.
      for (const Scope& scope : def_.scopes()) {
        if (!scope.Contains(node.id)) continue;
        for (const TimerBoundary& t : scope.timers) {
          if (def_.FindNode(t.to) != nullptr) boundaries_[i].push_back(IndexOf(t.to));
        }
      }
      if (node.boundaries.size() > kMaxBoundaries) {
        AddLimit("task " + Quoted(node.id) + " has more than " + std::to_string(kMaxBoundaries) + " timers");
      }
    }
    // Which nodes can reach an end, then which never meet a join on any onward path.
    std::vector<std::vector<NodeIndex>> preds(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      for (NodeIndex j : targets_[i]) preds[j].push_back(static_cast<NodeIndex>(i));
      for (NodeIndex j : boundaries_[i]) preds[j].push_back(static_cast<NodeIndex>(i));
    }
    std::vector<char> reaches_end(n_, 0);
    std::vector<NodeIndex> work;
    for (std::size_t i = 0; i < n_; ++i) {
      if (nodes_[i].kind == NodeKind::kEnd) {
        reaches_end[i] = 1;
        work.push_back(static_cast<NodeIndex>(i));
      }
    }
    while (!work.empty()) {
      NodeIndex v = work.back();
      work.pop_back();
      for (NodeIndex p : preds[v]) {
        if (!reaches_end[p]) {
          reaches_end[p] = 1;
          work.push_back(p);
        }
      }
    }
    // Scopes with timers, by node: a token inside one is never retired early, since the
    // scope's timer may still take it out.
    in_scope_.assign(n_, 0);
    for (const Scope& scope : def_.scopes()) {
      std::vector<char> members(n_, 0);
      for (const std::string& id : scope.nodes) {
        if (def_.FindNode(id) == nullptr) continue;
        members[IndexOf(id)] = 1;
        in_scope_[IndexOf(id)] = 1;
      }
      scope_members_.push_back(std::move(members));
    }
    closure_.resize(n_);
    independent_.assign(n_, 0);
    for (std::size_t i = 0; i < n_; ++i) {
      std::vector<char> seen(n_, 0);
      std::vector<NodeIndex> order{static_cast<NodeIndex>(i)};
      seen[i] = 1;
      for (std::size_t k = 0; k < order.size(); ++k) {
        for (const auto* next : {&targets_[order[k]], &boundaries_[order[k]]}) {
          for (NodeIndex j : *next) {
            if (!seen[j]) {
              seen[j] = 1;
              order.push_back(j);
            }
          }
        }
      }
      bool alone = std::all_of(order.begin(), order.end(), [&](NodeIndex v) {
        return nodes_[v].kind != NodeKind::kJoin && reaches_end[v] && !in_scope_[v];
      });
      if (alone) {
        independent_[i] = 1;
        closure_[i] = std::move(order);
      }
    }
    reached_.assign(n_, 0);
  }

  // Runs `start` until every token rests, once per combination of choice alternatives,
  // as RunToRest in engine/exec/stepper.cc does with the node processors. False when a bound cut it short.
  bool RunToRest(Partial start, std::vector<Move>& moves, std::vector<SecondToken>& seconds) {
    const std::size_t step_cap = 4 * n_ + 16;
    std::size_t work = 0;
    bool whole = true;
    std::vector<Partial> stack;
    stack.push_back(std::move(start));
    while (!stack.empty()) {
      Partial p = std::move(stack.back());
      stack.pop_back();
      bool abandoned = false;
      while (true) {
        if (p.queue.empty() && !FireReadyInclusiveJoins(p)) break;
        if (++work > kMaxWorkPerMove) return false;
        if (++p.steps > step_cap) {
          abandoned = true;
          break;
        }
        Arrival a = p.queue.front();
        p.queue.pop_front();
        p.visited.push_back(a.node);
        reached_[a.node] = 1;
        const Node& node = nodes_[a.node];
        if (node.kind == NodeKind::kEnd) {
          if (p.finished < 0) p.finished = a.node;
          continue;
        }
        if (independent_[a.node]) {
          for (NodeIndex v : closure_[a.node]) reached_[v] = 1;
          if (p.finished < 0) p.finished = a.node;
          continue;
        }
        switch (node.kind) {
          case NodeKind::kStart:
          case NodeKind::kParallel:
            for (NodeIndex t : targets_[a.node]) p.queue.push_back(Arrival{t, a.node});
            break;
          case NodeKind::kChoice: {
            const std::vector<NodeIndex>& alts = targets_[a.node];
            if (alts.empty()) break;
            auto before = std::find_if(p.decided.begin(), p.decided.end(),
                                       [&](const auto& d) { return d.first == a.node; });
            if (before != p.decided.end()) {
              p.queue.push_back(Arrival{before->second, a.node});
              break;
            }
            for (std::size_t k = alts.size(); k-- > 1;) {
              Partial q = p;
              q.queue.push_back(Arrival{alts[k], a.node});
              q.decided.emplace_back(a.node, alts[k]);
              stack.push_back(std::move(q));
            }
            p.queue.push_back(Arrival{alts[0], a.node});
            p.decided.emplace_back(a.node, alts[0]);
            break;
          }
          case NodeKind::kInclusive: {
            const std::vector<NodeIndex>& whens = whens_[a.node];
            auto before = std::find_if(p.decided_sets.begin(), p.decided_sets.end(),
                                       [&](const auto& d) { return d.first == a.node; });
            if (before != p.decided_sets.end()) {
              TakeBranches(p, a.node, before->second);
              break;
            }
            std::vector<std::uint32_t> sets;
            if (whens.size() <= kMaxInclusiveBranches) {
              for (std::uint32_t set = 1; set < (std::uint32_t{1} << whens.size()); ++set) sets.push_back(set);
            } else {   // bounded (AddLimit in Prepare): each alone
              for (std::size_t k = 0; k < kMaxInclusiveBranches; ++k) sets.push_back(std::uint32_t{1} << k);
            }
            if (otherwise_[a.node] != kNoNode) sets.push_back(0);
            if (sets.empty()) break;
            for (std::size_t k = sets.size(); k-- > 1;) {
              Partial q = p;
              q.decided_sets.emplace_back(a.node, sets[k]);
              TakeBranches(q, a.node, sets[k]);
              stack.push_back(std::move(q));
            }
            p.decided_sets.emplace_back(a.node, sets[0]);
            TakeBranches(p, a.node, sets[0]);
            break;
          }
          case NodeKind::kTask:
          case NodeKind::kWait:
            p.tokens.push_back(RestingAt(a.node));   // a task opens with none of its timers fired
            break;
          case NodeKind::kJoin: {
            Token key = WaitingAtJoin(a.node, a.from);
            if (std::find(p.tokens.begin(), p.tokens.end(), key) != p.tokens.end()) {
              p.seconds.push_back(SecondToken{a.node, a.from, p.visited});
            }
            p.tokens.push_back(key);
            if (nodes_[a.node].inclusive) break;   // fires at rest: FireReadyInclusiveJoins
            bool all = std::all_of(inputs_[a.node].begin(), inputs_[a.node].end(), [&](NodeIndex from) {
              return std::find(p.tokens.begin(), p.tokens.end(), WaitingAtJoin(a.node, from)) != p.tokens.end();
            });
            if (all) {
              for (NodeIndex from : inputs_[a.node]) {
                p.tokens.erase(std::find(p.tokens.begin(), p.tokens.end(), WaitingAtJoin(a.node, from)));
              }
              for (NodeIndex t : targets_[a.node]) p.queue.push_back(Arrival{t, a.node});
            }
            break;
          }
          case NodeKind::kEnd:
            break;
        }
      }
      if (abandoned) {
        whole = false;
        continue;
      }
      for (SecondToken& second : p.seconds) seconds.push_back(std::move(second));
      std::sort(p.tokens.begin(), p.tokens.end());
      moves.push_back(Move{std::move(p.tokens), std::move(p.visited), p.finished});
    }
    return whole;
  }

  // The timers of each scope some token of `m` rests in: an interrupting one takes every
  // token out of the scope and sends one to its target; a non-interrupting one sends one
  // more there, and may do so again while the scope is occupied (its firing is not
  // marked: any number of firings is checked). False when a bound cut a move short.
  bool ScopeTimerMoves(const Marking& m, std::vector<Move>& moves, std::vector<SecondToken>& seconds) {
    bool whole = true;
    const std::vector<Scope>& scopes = def_.scopes();
    for (std::size_t s = 0; s < scopes.size(); ++s) {
      const std::vector<char>& inside = scope_members_[s];
      auto first = std::find_if(m.begin(), m.end(), [&](Token t) { return inside[NodeOf(t)]; });
      if (first == m.end()) continue;
      for (const TimerBoundary& t : scopes[s].timers) {
        if (def_.FindNode(t.to) == nullptr) continue;
        Partial q;
        for (Token u : m) {
          if (!t.interrupting || !inside[NodeOf(u)]) q.tokens.push_back(u);
        }
        q.queue.push_back(Arrival{IndexOf(t.to), NodeOf(*first)});
        whole = RunToRest(std::move(q), moves, seconds) && whole;
      }
    }
    return whole;
  }

  // An inclusive choice at `node` sends a token to each target in `set` (0: otherwise).
  void TakeBranches(Partial& p, NodeIndex node, std::uint32_t set) const {
    if (set == 0) {
      p.queue.push_back(Arrival{otherwise_[node], node});
      return;
    }
    const std::vector<NodeIndex>& whens = whens_[node];
    for (std::size_t k = 0; k < whens.size() && k < 32; ++k) {
      if (set & (std::uint32_t{1} << k)) p.queue.push_back(Arrival{whens[k], node});
    }
  }

  // With every token at rest, each inclusive join holding tokens that no other token can
  // still reach fires (ReadyInclusiveJoins, the rule the engine's FireReadyInclusiveJoins
  // plays by): one token per node that delivered is consumed and one goes on. False when
  // none fired.
  bool FireReadyInclusiveJoins(Partial& p) const {
    bool fired = false;
    std::vector<std::size_t> resting;
    resting.reserve(p.tokens.size());
    for (Token t : p.tokens) resting.push_back(NodeOf(t));
    // All at once: firing one never blocks another (engine/model/arrival_rules.h).
    for (std::size_t ready : ReadyInclusiveJoins(def_, resting)) {
      const NodeIndex j = static_cast<NodeIndex>(ready);
      std::vector<NodeIndex> froms;
      for (auto it = p.tokens.begin(); it != p.tokens.end();) {
        if (NodeOf(*it) == j && std::find(froms.begin(), froms.end(), FromOf(*it)) == froms.end()) {
          froms.push_back(FromOf(*it));
          it = p.tokens.erase(it);
        } else {
          ++it;
        }
      }
      for (NodeIndex t : targets_[j]) p.queue.push_back(Arrival{t, j});
      fired = true;
    }
    return fired;
  }

  // Notes a bound the exploration hit; each bound is named once.
  void AddLimit(const std::string& reason) {
    if (limit_.find(reason) != std::string::npos) return;
    limit_ += (limit_.empty() ? "" : "; ") + reason;
  }

  // Records the moves from state `from`; new markings join the end of the queue.
  void Record(std::uint32_t from, std::vector<Move>& moves, std::vector<SecondToken>& seconds) {
    for (SecondToken& s : seconds) {
      if (first_second_.count(s.join)) continue;
      first_second_.emplace(s.join, std::make_pair(from, std::move(s)));
    }
    for (Move& m : moves) {
      if (m.tokens.size() > max_tokens_) {
        states_[from].partial = true;
        AddLimit("a marking holds more than " + std::to_string(max_tokens_) + " tokens at once");
        continue;
      }
      auto it = index_.find(m.tokens);
      std::uint32_t to;
      if (it != index_.end()) {
        to = it->second;
      } else {
        if (states_.size() - 1 >= max_states_) {
          states_[from].partial = true;
          AddLimit("more than " + std::to_string(max_states_) + " reachable markings");
          continue;
        }
        to = static_cast<std::uint32_t>(states_.size());
        auto [pos, inserted] = index_.emplace(std::move(m.tokens), to);
        (void)inserted;
        State s;
        s.marking = &pos->first;
        s.parent = from;
        s.segment = m.visited;
        states_.push_back(std::move(s));
        succ_.emplace_back();
      }
      succ_[from].push_back(to);
      if (m.finished >= 0 && !states_[to].marking->empty() && !finishes_.count(to)) {
        finishes_.emplace(to, Finish{from, std::move(m.visited), static_cast<NodeIndex>(m.finished)});
      }
    }
  }

  void Explore() {
    states_.push_back(State{});
    succ_.emplace_back();
    NodeIndex start = static_cast<NodeIndex>(&def_.start() - nodes_.data());
    for (std::uint32_t i = 0; i < states_.size(); ++i) {
      std::vector<Move> moves;
      std::vector<SecondToken> seconds;
      bool whole = true;
      if (i == 0) {
        Partial p;
        p.queue.push_back(Arrival{start, start});
        whole = RunToRest(std::move(p), moves, seconds);
      } else {
        const Marking& m = *states_[i].marking;
        for (std::size_t k = 0; k < m.size(); ++k) {
          NodeIndex node = NodeOf(m[k]);
          NodeKind kind = nodes_[node].kind;
          if (kind != NodeKind::kTask && kind != NodeKind::kWait) continue;
          if (k > 0 && m[k] == m[k - 1]) continue;   // the same move again
          Partial p;
          p.tokens = m;
          p.tokens.erase(p.tokens.begin() + static_cast<std::ptrdiff_t>(k));
          for (NodeIndex t : targets_[node]) p.queue.push_back(Arrival{t, node});
          whole = RunToRest(p, moves, seconds) && whole;
          // Its timer boundaries: an interrupting one moves the token along its flow; a
          // non-interrupting one not yet fired leaves it, marked, and starts another; a
          // repeating one may start another each time (a count is not told apart: the
          // check covers any number of firings, which includes the count).
          const std::vector<TimerBoundary>& bs = nodes_[node].boundaries;
          for (std::size_t b = 0; b < bs.size() && b < kMaxBoundaries; ++b) {
            if (def_.FindNode(bs[b].to) == nullptr) continue;
            Partial q;
            q.tokens = p.tokens;
            q.queue.push_back(Arrival{IndexOf(bs[b].to), node});
            if (bs[b].repeats()) {
              q.tokens.push_back(m[k]);
            } else if (!bs[b].interrupting) {
              Token fired = Token{1} << b;
              if (m[k] & fired) continue;
              q.tokens.push_back(m[k] | fired);
            }
            whole = RunToRest(std::move(q), moves, seconds) && whole;
          }
        }
        whole = ScopeTimerMoves(m, moves, seconds) && whole;
      }
      states_[i].expanded = true;
      if (!whole) {
        states_[i].partial = true;
        AddLimit("a move runs through choices, parallels and joins for more than " + std::to_string(4 * n_ + 16) +
                 " steps without resting at a task or wait");
      }
      Record(i, moves, seconds);
    }
  }

  std::vector<std::string> PathTo(std::uint32_t state) const {
    std::vector<const std::vector<NodeIndex>*> segments;
    for (std::uint32_t s = state; s != kNoState; s = states_[s].parent) segments.push_back(&states_[s].segment);
    std::vector<std::string> path;
    for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
      for (NodeIndex v : **it) path.push_back(nodes_[v].id);
    }
    return path;
  }

  // "join 'sync' holds a token from 'a' and waits for 'b'; a token rests at 'c'".
  std::string Describe(const Marking& m) const {
    std::map<NodeIndex, std::vector<NodeIndex>> at_join;
    std::vector<std::string> parts;
    for (Token t : m) {
      NodeIndex node = NodeOf(t);
      if (nodes_[node].kind == NodeKind::kJoin) {
        at_join[node].push_back(FromOf(t));
      } else {
        parts.push_back("a token rests at " + Quoted(nodes_[node].id));
      }
    }
    std::vector<std::string> joins;
    for (const auto& [join, froms] : at_join) {
      std::vector<std::string> have, missing;
      for (NodeIndex f : froms) have.push_back(nodes_[f].id);
      for (NodeIndex in : inputs_[join]) {
        if (std::find(froms.begin(), froms.end(), in) == froms.end()) missing.push_back(nodes_[in].id);
      }
      std::string text = "join " + Quoted(nodes_[join].id) + " holds " +
                         (have.size() == 1 ? "a token" : std::to_string(have.size()) + " tokens") + " from " +
                         QuotedList(have);
      if (nodes_[join].inclusive) {
        text = "inclusive " + text + " and waits while a token can still come to it";
      } else if (!missing.empty()) {
        text += " and waits for " + QuotedList(missing);
      }
      joins.push_back(std::move(text));
    }
    joins.insert(joins.end(), parts.begin(), parts.end());
    std::string out;
    for (const std::string& p : joins) out += (out.empty() ? "" : "; ") + p;
    return out;
  }

  SoundnessViolation Violation(SoundnessViolation::Property property, NodeIndex node, std::string message,
                               std::vector<std::string> path) const {
    return SoundnessViolation{property, nodes_[node].id, nodes_[node].where, std::move(message), std::move(path)};
  }

  void Analyse(SoundnessReport& report) {
    using Property = SoundnessViolation::Property;
    const std::size_t count = states_.size();
    // Which markings may still complete. A marking not fully explored is taken to
    // complete, so what remains is proven unable to.
    std::vector<std::vector<std::uint32_t>> preds(count);
    for (std::uint32_t s = 0; s < count; ++s) {
      for (std::uint32_t t : succ_[s]) preds[t].push_back(s);
    }
    std::vector<char> can_complete(count, 0);
    std::vector<std::uint32_t> work;
    for (std::uint32_t s = 0; s < count; ++s) {
      if ((s != 0 && states_[s].marking->empty()) || !states_[s].expanded || states_[s].partial) {
        can_complete[s] = 1;
        work.push_back(s);
      }
    }
    while (!work.empty()) {
      std::uint32_t s = work.back();
      work.pop_back();
      for (std::uint32_t p : preds[s]) {
        if (!can_complete[p]) {
          can_complete[p] = 1;
          work.push_back(p);
        }
      }
    }

    // (a) Deadlocks, one per waiting join, along the shortest run to each.
    std::set<NodeIndex> deadlocked;
    for (std::uint32_t s = 1; s < count; ++s) {
      if (can_complete[s] || !succ_[s].empty()) continue;
      const Marking& m = *states_[s].marking;
      NodeIndex blocked = NodeOf(m.front());
      if (!deadlocked.insert(blocked).second) continue;
      report.violations.push_back(Violation(Property::kOptionToComplete, blocked,
                                            "deadlock: " + Describe(m) + "; nothing can move, so the instance never completes",
                                            PathTo(s)));
    }
    if (deadlocked.empty()) {
      for (std::uint32_t s = 1; s < count; ++s) {
        if (can_complete[s]) continue;
        const Marking& m = *states_[s].marking;
        report.violations.push_back(Violation(
            Property::kOptionToComplete, NodeOf(m.front()),
            "livelock: from here tokens can still move but never all finish (" + Describe(m) + ")", PathTo(s)));
        break;
      }
    }

    // (b) A token finished while the others can never finish, one per end.
    std::set<NodeIndex> ends_reported;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> order;   // (from state, to state)
    for (const auto& [to, f] : finishes_) order.emplace_back(f.from_state, to);
    std::sort(order.begin(), order.end());
    for (const auto& [from, to] : order) {
      if (can_complete[to]) continue;
      const Finish& f = finishes_.at(to);
      if (!ends_reported.insert(f.node).second) continue;
      std::vector<std::string> path = PathTo(from);
      for (NodeIndex v : f.segment) path.push_back(nodes_[v].id);
      std::string how = nodes_[f.node].kind == NodeKind::kEnd
                            ? "a token reached end " + Quoted(nodes_[f.node].id)
                            : "a token went on from " + Quoted(nodes_[f.node].id) + " to an end";
      report.violations.push_back(Violation(Property::kProperCompletion, f.node,
                                            how + " while other tokens remain that can never finish (" +
                                                Describe(*states_[to].marking) + ")",
                                            std::move(path)));
    }
    //     A join given a second token from the same node: lack of synchronization.
    std::vector<std::pair<std::uint32_t, NodeIndex>> seconds;
    for (const auto& [join, first] : first_second_) seconds.emplace_back(first.first, join);
    std::sort(seconds.begin(), seconds.end());
    for (const auto& [from, join] : seconds) {
      const SecondToken& s = first_second_.at(join).second;
      std::vector<std::string> path = PathTo(from);
      for (NodeIndex v : s.visited) path.push_back(nodes_[v].id);
      std::vector<std::string> others;
      for (NodeIndex in : inputs_[join]) {
        if (in != s.from) others.push_back(nodes_[in].id);
      }
      report.violations.push_back(Violation(
          Property::kProperCompletion, join,
          "lack of synchronization: join " + Quoted(nodes_[join].id) + " receives a second token from " +
              Quoted(nodes_[s.from].id) + " while the first still waits for " + QuotedList(others),
          std::move(path)));
    }

    // (c) Dead nodes, only once every marking was explored.
    if (limit_.empty()) {
      for (std::size_t v = 0; v < n_; ++v) {
        if (reached_[v]) continue;
        report.violations.push_back(Violation(Property::kNoDeadNodes, static_cast<NodeIndex>(v),
                                              "dead: no run of the process ever reaches this " +
                                                  std::string(NodeKindName(nodes_[v].kind)),
                                              {}));
      }
    }
  }

  const ProcessDefinition& def_;
  const std::vector<Node>& nodes_;
  std::size_t n_;
  std::size_t max_states_, max_tokens_;

  std::vector<std::vector<NodeIndex>> targets_;   // per node: where its tokens go
  std::vector<std::vector<NodeIndex>> inputs_;    // per join: the distinct nodes flowing in
  std::vector<std::vector<NodeIndex>> boundaries_;   // per node: where its own and its scopes' timers lead
  std::vector<std::vector<NodeIndex>> whens_;        // per inclusive choice: its distinct <when> targets
  std::vector<NodeIndex> otherwise_;                 // per inclusive choice: its <otherwise>, or kNoNode
  std::vector<char> in_scope_;                       // per node: inside some scope
  std::vector<std::vector<char>> scope_members_;     // per scope (def_.scopes() order): its nodes
  std::vector<char> independent_;                 // a token here finishes on its own
  std::vector<std::vector<NodeIndex>> closure_;   // for those: every node it may reach
  std::vector<char> reached_;

  std::unordered_map<Marking, std::uint32_t, MarkingHash> index_;
  std::vector<State> states_;                     // [0] is the root, before the start
  std::vector<std::vector<std::uint32_t>> succ_;
  std::map<std::uint32_t, Finish> finishes_;      // by the state the move led to
  std::map<NodeIndex, std::pair<std::uint32_t, SecondToken>> first_second_;   // by join
  std::string limit_;
};

}  // namespace

std::string_view PropertyName(SoundnessViolation::Property property) {
  switch (property) {
    case SoundnessViolation::Property::kOptionToComplete: return "option to complete";
    case SoundnessViolation::Property::kProperCompletion: return "proper completion";
    case SoundnessViolation::Property::kNoDeadNodes: return "no dead nodes";
  }
  return "?";
}

std::string_view VerdictName(SoundnessReport::Verdict verdict) {
  switch (verdict) {
    case SoundnessReport::Verdict::kSound: return "sound";
    case SoundnessReport::Verdict::kUnsound: return "unsound";
    case SoundnessReport::Verdict::kUnknown: return "unknown";
  }
  return "?";
}

std::string SoundnessViolation::ToString() const {
  std::string out = where.ToString() + ": " + std::string(PropertyName(property)) + " violated: " + message;
  if (!node.empty()) out += " ('" + node + "')";
  if (!path.empty()) {
    out += "; run:";
    for (std::size_t i = 0; i < path.size(); ++i) out += (i == 0 ? " " : " -> ") + path[i];
  }
  return out;
}

std::string SoundnessReport::ToString() const {
  std::string out(VerdictName(verdict));
  switch (verdict) {
    case Verdict::kSound:
      out += ": every reachable marking (" + std::to_string(markings) + ") can complete properly and every node is reached";
      break;
    case Verdict::kUnsound:
      out += ": " + std::to_string(violations.size()) + (violations.size() == 1 ? " problem" : " problems") +
             " (" + std::to_string(markings) + " markings explored";
      if (!limit.empty()) out += "; the exploration stopped early: " + limit;
      out += ")";
      break;
    case Verdict::kUnknown:
      out += ": too large to prove: " + limit + " (" + std::to_string(markings) +
             " markings explored, no violation among them)";
      break;
  }
  out += "\n";
  for (const SoundnessViolation& v : violations) out += v.ToString() + "\n";
  return out;
}

SoundnessReport CheckSoundness(const ProcessDefinition& def, std::size_t max_states, std::size_t max_tokens) {
  return Explorer(def, max_states, max_tokens).Run();
}

TokenGame ExploreTokenGame(const ProcessDefinition& def, std::size_t max_states, std::size_t max_tokens) {
  Explorer explorer(def, max_states, max_tokens);
  explorer.Run();
  return explorer.Game();
}

}  // namespace krabuan
