#include "tests/support/token_game_walk.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "engine/time/fiscal_year.h"

namespace krabuan::testing {

TokenGame::Marking MarkingOf(const ProcessDefinition& def, const TokenGame& game,
                             const std::vector<TokenRecord>& tokens, const std::vector<TimerRecord>& timers) {
  auto pending = [&](TimerKind kind, TokenId token, std::string_view boundary) {
    return std::any_of(timers.begin(), timers.end(), [&](const TimerRecord& t) {
      return t.kind == kind && t.token_id == token && t.error.empty() && (boundary.empty() || t.on_timer == boundary);
    });
  };
  TokenGame::Marking m;
  for (const TokenRecord& t : tokens) {
    if (game.retired.count(t.node_id)) continue;
    const Node* node = def.FindNode(t.node_id);
    TokenGame::Token token{t.node_id, "", 0};
    if (node != nullptr && node->kind == NodeKind::kJoin) token.from = t.arrived_from;
    if (node != nullptr && node->kind == NodeKind::kTask && !pending(TimerKind::kWindow, t.id, "")) {
      for (std::size_t b = 0; b < node->boundaries.size() && b < 16; ++b) {
        const TimerBoundary& timer = node->boundaries[b];
        if (timer.interrupting || timer.repeats()) continue;
        if (!pending(TimerKind::kBoundary, t.id, timer.id)) token.fired |= std::uint32_t{1} << b;
      }
    }
    m.push_back(std::move(token));
  }
  std::sort(m.begin(), m.end());
  return m;
}

std::string Describe(const TokenGame::Marking& m) {
  std::string out = "{";
  for (const TokenGame::Token& t : m) {
    if (out.size() > 1) out += ", ";
    out += t.node;
    if (!t.from.empty()) out += "<-" + t.from;
    if (t.fired != 0) out += "[fired " + std::to_string(t.fired) + "]";
  }
  return out + "}";
}

TokenGameWalk::TokenGameWalk(Engine& engine, Store& store, ManualClock& clock, const Org& org,
                             const ProcessDefinition& def, const TokenGame& game, std::uint64_t seed)
    : engine_(engine), store_(store), clock_(clock), org_(org), def_(def), game_(game), state_(seed) {}

// splitmix64: the same numbers from the same seed on every platform.
std::uint64_t TokenGameWalk::Pick(std::uint64_t n) {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return n == 0 ? 0 : z % n;
}

// A value the variable accepts: one of its options, either boolean, a number in its range,
// a date, the case's fiscal year, or some text.
std::string TokenGameWalk::RandomValue(const VariableDecl& v, int fiscal_year) {
  if (!v.options.empty()) return v.options[Pick(v.options.size())].value;
  switch (v.type) {
    case ValueType::kBool: return Pick(2) ? "true" : "false";
    case ValueType::kInt: {
      std::int64_t lo = v.min ? v.min->as_int() : 0;
      std::int64_t hi = v.max ? v.max->as_int() : lo + 100;
      return std::to_string(lo + static_cast<std::int64_t>(Pick(static_cast<std::uint64_t>(hi - lo) + 1)));
    }
    case ValueType::kMoney: {
      std::int64_t lo = v.min ? v.min->as_money().satang : 0;
      std::int64_t hi = v.max ? v.max->as_money().satang : lo + 100000000;   // a million baht more
      std::int64_t s = lo + static_cast<std::int64_t>(Pick(static_cast<std::uint64_t>(hi - lo) + 1));
      std::int64_t a = s < 0 ? -s : s;
      char text[40];
      std::snprintf(text, sizeof text, "%s%lld.%02lld", s < 0 ? "-" : "", static_cast<long long>(a / 100),
                    static_cast<long long>(a % 100));
      return text;
    }
    case ValueType::kDate: {
      char text[16];
      std::snprintf(text, sizeof text, "%04d-%02d-%02d", 2024 + static_cast<int>(Pick(3)),
                    1 + static_cast<int>(Pick(12)), 1 + static_cast<int>(Pick(28)));
      return text;
    }
    case ValueType::kFiscalYear: return std::to_string(fiscal_year);
    case ValueType::kString: {
      static const char* const kTexts[] = {"ทดสอบ", "เรื่องที่ ๑", "x"};
      return kTexts[Pick(3)];
    }
  }
  return "";
}

// Required variables always get a value; the others (those with a default too) half the time.
std::vector<Assignment> TokenGameWalk::RandomAssignments(const std::vector<VariableDecl>& decls, int fiscal_year) {
  std::vector<Assignment> out;
  for (const VariableDecl& v : decls) {
    if ((v.required && !v.default_value) || Pick(2)) out.emplace_back(v.name, RandomValue(v, fiscal_year));
  }
  return out;
}

std::string TokenGameWalk::SomeoneFor(const std::string& role) const {
  for (const User& u : org_.users()) {
    if (org_.CapacityFor(u, role) == Capacity::kMember) return u.login;
  }
  for (const User& u : org_.users()) {
    if (org_.CapacityFor(u, role)) return u.login;
  }
  return "admin";
}

bool TokenGameWalk::CheckRest(InstanceId id, int walk, const std::vector<std::string>& commands, bool* completed) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) {
    ADD_FAILURE() << txn.status().message();
    return false;
  }
  Result<std::optional<InstanceRecord>> inst = (*txn)->FindInstance(id);
  Result<std::vector<TokenRecord>> tokens = (*txn)->TokensOf(id);
  Result<std::vector<TimerRecord>> timers = (*txn)->TimersOfInstance(id);
  if (!inst.ok() || !inst->has_value() || !tokens.ok() || !timers.ok()) {
    ADD_FAILURE() << "cannot read case " << id;
    return false;
  }
  TokenGame::Marking m = MarkingOf(def_, game_, *tokens, *timers);
  visited_.insert(m);
  *completed = (*inst)->state == InstanceState::kCompleted;
  if (*completed) {
    ++completed_;
    // The converse: a case the engine completed ends where the checker's runs complete.
    if (!tokens->empty() || !game_.markings.count(m)) ++completed_off_final_;
  }
  if (game_.markings.count(m)) return true;
  unexplored_.push_back(Unexplored{std::move(m), walk, commands});
  return false;
}

bool TokenGameWalk::Walk(int walk, int budget) {
  // FY 2568 or 2569, from its first office day, as `krabuan plan` starts by default.
  int fiscal_year = 2568 + static_cast<int>(Pick(2));
  clock_.Set(OfficeStartOfDay(FiscalYearStart(FiscalYear{fiscal_year})));
  std::vector<Assignment> inputs = RandomAssignments(def_.inputs(), fiscal_year);
  std::string starter = def_.start_roles().empty() ? "admin" : SomeoneFor(def_.start_roles().front());
  std::vector<std::string> commands;
  std::string line = "start as " + starter + " with";
  for (const Assignment& a : inputs) line += " " + a.first + "=" + a.second;
  commands.push_back(line);
  Result<InstanceId> id = engine_.Start({starter}, {def_.id(), inputs, "", ""});
  if (!id.ok()) {
    ADD_FAILURE() << commands.back() << ": " << id.status().message();
    return false;
  }
  bool completed = false;
  if (!CheckRest(*id, walk, commands, &completed)) return false;
  for (int step = 0; step < budget && !completed; ++step) {
    Result<std::vector<TaskView>> open = engine_.Tasks({"admin"}, {.all = true, .role = "", .instance = *id, .overdue = false});
    Result<std::vector<TimerRecord>> timers = Status::Internal("no read transaction");
    if (auto txn = store_.BeginRead(); txn.ok()) timers = (*txn)->TimersOfInstance(*id);
    if (!open.ok() || !timers.ok()) {
      ADD_FAILURE() << "cannot read case " << *id;
      return false;
    }
    std::optional<Instant> next;
    for (const TimerRecord& t : *timers) {
      if (t.error.empty() && (!next || t.due_at < *next)) next = t.due_at;
    }
    if (open->empty() && !next) {
      ADD_FAILURE() << def_.id() << " walk " << walk << ": the case is stuck, nothing open and no timer";
      return false;
    }
    ++commands_;
    if (next && (open->empty() || Pick(4) == 0)) {
      clock_.Set(std::max(clock_.Now(), *next));
      commands.push_back("fire the timer due " + FormatInstantUtc(*next));
      Result<FireResult> fired = engine_.FireDueTimers(1);
      if (!fired.ok() || fired->failed != 0) {
        ADD_FAILURE() << commands.back() << ": " << (fired.ok() ? "its effect failed" : fired.status().message());
        return false;
      }
    } else {
      const TaskView& t = (*open)[Pick(open->size())];
      std::string outcome = t.outcomes.empty() ? "" : t.outcomes[Pick(t.outcomes.size())].value;
      std::vector<Assignment> fields = RandomAssignments(t.fields, fiscal_year);
      std::string who = !t.task.item.empty() ? t.task.item : !t.task.assignee.empty() ? t.task.assignee : SomeoneFor(t.task.role);
      line = "complete " + t.task.node_id + (t.task.item.empty() ? "" : "/" + t.task.item) + " as " + who;
      if (!outcome.empty()) line += " outcome=" + outcome;
      for (const Assignment& a : fields) line += " " + a.first + "=" + a.second;
      commands.push_back(line);
      Status s = engine_.Complete({who}, {t.task.id, outcome, fields, ""});
      if (!s.ok()) {
        ADD_FAILURE() << def_.id() << " walk " << walk << ": " << line << ": " << s.message();
        return false;
      }
    }
    if (!CheckRest(*id, walk, commands, &completed)) return false;
  }
  if (!completed) {
    Status s = engine_.Cancel({"admin"}, *id, "the walk's budget ran out");
    EXPECT_TRUE(s.ok()) << s.message();
  }
  return true;
}

void TokenGameWalk::Run(int walks, int budget) {
  for (int w = 0; w < walks; ++w) {
    if (!Walk(w, budget)) return;
  }
}

}  // namespace krabuan::testing
