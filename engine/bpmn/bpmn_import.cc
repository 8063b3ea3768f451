#include "engine/bpmn/bpmn_import.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>
#include <sstream>
#include <vector>

#include "engine/bpmn/bpmn_condition.h"
#include "engine/parse/process_parser.h"
#include "engine/parse/xml_source.h"
#include "engine/time/schedule.h"

namespace krabuan::bpmn {
namespace {

// Vendor namespaces whose task attributes name who does the work.
constexpr std::string_view kVendorNamespaces[] = {
    "http://camunda.org/schema/1.0/bpmn", "http://activiti.org/bpmn", "http://flowable.org/bpmn"};
constexpr std::string_view kZeebeNamespace = "http://camunda.org/schema/zeebe/1.0";

std::string_view PrefixOf(std::string_view qname) {
  std::size_t colon = qname.find(':');
  return colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
}

std::string_view LocalOf(std::string_view qname) {
  std::size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// The namespace URI a prefix stands for at `el` (the default namespace for "").
std::string_view NamespaceOf(pugi::xml_node el, std::string_view prefix) {
  std::string attr = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = el; n && n.type() == pugi::node_element; n = n.parent()) {
    if (pugi::xml_attribute a = n.attribute(attr.c_str())) return a.value();
  }
  return {};
}

bool IsBpmn(pugi::xml_node el) {
  return el.type() == pugi::node_element && NamespaceOf(el, PrefixOf(el.name())) == kModelNamespace;
}

std::string Local(pugi::xml_node el) { return std::string(LocalOf(el.name())); }

// The value of a namespaced attribute (e.g. camunda:candidateGroups), by URI.
std::optional<std::string> AttributeIn(pugi::xml_node el, std::string_view uri, std::string_view local) {
  for (pugi::xml_attribute a : el.attributes()) {
    std::string_view name = a.name();
    std::string_view prefix = PrefixOf(name);
    if (prefix.empty() || prefix == "xmlns" || LocalOf(name) != local) continue;
    if (NamespaceOf(el, prefix) == uri) return std::string(a.value());
  }
  return std::nullopt;
}

std::string Collapse(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// A BPMN id as a native one: [a-z0-9][a-z0-9_-]*.
std::string Sanitize(std::string_view id) {
  std::string out;
  for (char c : id) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) {
      out += static_cast<char>(std::tolower(u));
    } else if (c == '_' || c == '-') {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '_')) out.pop_back();
  if (out.empty()) return "node";
  if (!std::isalnum(static_cast<unsigned char>(out.front()))) out = "n" + out;
  return out;
}

// SpiffWorkflow writes a timer's text as a Python string literal: "PT1S".
std::string Unquoted(std::string text) {
  text = Trimmed(text);
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front()) {
    text = Trimmed(text.substr(1, text.size() - 2));
  }
  return text;
}

// "PT0.1S" -> "PT1S", "R2/PT1.5S" -> "R2/PT2S": the engine counts whole seconds, and the
// daemon fires timers each time it runs, so a fraction is rounded up.
std::string WholeSeconds(std::string text) {
  std::size_t dot = text.rfind('.');
  if (dot == std::string::npos || !text.ends_with("S") || text.find('T') == std::string::npos) return text;
  std::size_t begin = dot;
  while (begin > 0 && std::isdigit(static_cast<unsigned char>(text[begin - 1]))) --begin;
  std::string whole = text.substr(begin, dot - begin);
  std::string frac = text.substr(dot + 1, text.size() - dot - 2);
  bool digits = !frac.empty() && std::all_of(frac.begin(), frac.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (!digits || whole.size() >= 9) return text;
  long secs = (whole.empty() ? 0 : std::stol(whole)) + (frac.find_first_not_of('0') != std::string::npos ? 1 : 0);
  return text.substr(0, begin) + std::to_string(secs) + "S";
}

const std::set<std::string, std::less<>> kFlowNodes = {
    "startEvent", "endEvent", "task", "userTask", "manualTask", "serviceTask", "scriptTask",
    "exclusiveGateway", "parallelGateway", "inclusiveGateway", "intermediateCatchEvent",
    "boundaryEvent", "subProcess", "callActivity"};
// Inside a process: drawn or grouping only, no effect on a run.
const std::set<std::string, std::less<>> kArtifacts = {
    "documentation", "extensionElements", "laneSet", "textAnnotation", "association", "group"};

struct Source {
  std::string text;
  std::string file;
  pugi::xml_document doc;
  std::unique_ptr<parse::XmlSource> src;
};

// An <on-timer>'s times, as the native language writes them; either may be empty.
struct TimerTime {
  std::string after, every;
};

struct NativeNode {
  std::string key;
  std::string kind;   // start end task choice inclusive parallel join wait, or pass (elided later)
  bool inclusive = false;   // a join that waits only for what can still come
  std::string name, role, assignee;
  std::string wait_for, wait_until;   // a wait: a span, or an ISO-8601 instant
  std::vector<std::string> to;
  std::vector<std::pair<std::string, std::string>> whens;   // test, target
  std::optional<std::string> otherwise;
  struct Timer {
    std::string id;
    TimerTime time;
    std::string to;
    bool interrupting = true;
  };
  std::vector<Timer> timers;   // a task's boundary timers (<on-timer>)
  std::string origin;  // "userTask 'Task_1' at file:12" for a comment in the output
  SourceLocation where;
  std::string element, bpmn_id;
};

struct Flow {
  pugi::xml_node el;
  std::string id, source, target;
  std::optional<std::string> condition;
  std::string language;
};

struct Scope {
  Source* src = nullptr;
  pugi::xml_node el;
  std::string prefix;   // before each id, for an inlined called process
  std::string exit;     // where an end leads (a sub-process's continuation); empty at the top
  std::map<std::string, std::string> keys;   // BPMN id -> native key
  std::map<std::string, std::vector<const Flow*>> outgoing;
  std::map<std::string, int> incoming;
  std::vector<std::unique_ptr<Flow>> flows;
  std::set<std::string> refused;   // ids of elements already reported as outside the subset
  // Boundary timers read, attached to their tasks once every element is read.
  struct PendingTimer {
    pugi::xml_node el;
    std::string attached, key;
    TimerTime time;
    bool interrupting = true;
  };
  std::vector<PendingTimer> timers;
};

class Importer {
 public:
  explicit Importer(const ImportOptions& options) : opt_(options) {}

  Result<ImportResult> Run(std::string_view text, std::string_view file) {
    Source* main = Load(std::string(text), std::string(file));
    if (main == nullptr) return problems_.ToStatus();
    pugi::xml_node root = main->doc.document_element();
    if (!IsBpmn(root) || Local(root) != "definitions") {
      problems_.Add(main->src->Of(root), "", "",
                    "not a BPMN 2.0 file: the root element is '" + std::string(root.name()) +
                        "'; expected 'definitions' in namespace " + std::string(kModelNamespace));
      return problems_.ToStatus();
    }
    pugi::xml_node process = ChooseProcess(*main);
    CheckDefinitions(*main, process);
    if (!process) return problems_.ToStatus();

    process_key_ = Sanitize(process.attribute("id").value());
    process_name_ = Collapse(process.attribute("name").value());
    if (process_name_.empty()) process_name_ = process.attribute("id").value();
    for (pugi::xml_node d : process.children()) {
      if (IsBpmn(d) && Local(d) == "documentation") description_ += Trimmed(d.text().get());
    }
    call_stack_.push_back(process.attribute("id").value());
    Scope top;
    top.src = main;
    top.el = process;
    std::string entry = ReadScope(top);
    if (entry.empty() && problems_.empty()) {
      problems_.Add(main->src->Of(process), "process", process.attribute("id").value(),
                    "the process has no start event (a none startEvent)");
    }
    if (terminate_ && std::any_of(nodes_.begin(), nodes_.end(), [](const NativeNode& n) {
          return n.kind == "parallel" || n.kind == "join" || n.kind == "inclusive";
        })) {
      problems_.Add(terminate_->where, "endEvent", terminate_->bpmn_id,
                    "a terminate end event in a process with parallel paths is not imported: krabuan "
                    "has no terminate; without parallel paths it is a plain end");
    }
    if (!problems_.empty()) return problems_.ToStatus();
    ElidePasses();
    CheckTimerJoins();
    if (!problems_.empty()) return problems_.ToStatus();
    return ImportResult{Write(file), process_key_};
  }

 private:
  Source* Load(std::string text, std::string file) {
    auto s = std::make_unique<Source>();
    s->text = std::move(text);
    s->file = std::move(file);
    s->src = std::make_unique<parse::XmlSource>(s->text, s->file);
    if (!parse::LoadXml(*s->src, s->text, s->doc, problems_)) return nullptr;
    CheckIds(*s);
    sources_.push_back(std::move(s));
    return sources_.back().get();
  }

  void Problem(const Source& s, pugi::xml_node el, const std::string& message) {
    // Enough to act on; locating each costs a scan of its line, and a generated file may
    // hold thousands of problems on one line.
    if (++problem_count_ > kMaxProblems) return;
    problems_.Add(s.src->Of(el), Local(el), el.attribute("id").value(), message);
    if (problem_count_ == kMaxProblems) {
      problems_.Add(s.src->Of(el), Local(el), el.attribute("id").value(), "too many problems; the rest are not listed");
    }
  }

  // Two BPMN elements with one id: references between them would be ambiguous.
  void CheckIds(const Source& s) {
    std::map<std::string, pugi::xml_node> seen;
    // Elements deeper than any the importer reads are not looked at: resolving a prefix
    // walks up the ancestors, and a deep chain would cost quadratic time.
    constexpr int kMaxIdDepth = 200;
    std::vector<std::pair<pugi::xml_node, int>> stack = {{s.doc.document_element(), 0}};
    while (!stack.empty()) {
      auto [el, depth] = stack.back();
      stack.pop_back();
      if (depth > kMaxIdDepth || !IsBpmn(el)) continue;
      if (Local(el) == "extensionElements") continue;
      if (pugi::xml_attribute id = el.attribute("id")) {
        auto [it, fresh] = seen.emplace(id.value(), el);
        if (!fresh) {
          Problem(s, el, "the id '" + std::string(id.value()) + "' is also used by the " + Local(it->second) +
                             " on line " + std::to_string(s.src->Of(it->second).line));
        }
      }
      std::vector<std::pair<pugi::xml_node, int>> kids;
      for (pugi::xml_node c : el.children()) {
        if (c.type() == pugi::node_element) kids.emplace_back(c, depth + 1);
      }
      stack.insert(stack.end(), kids.rbegin(), kids.rend());
    }
  }

  pugi::xml_node ChooseProcess(Source& s) {
    std::vector<pugi::xml_node> all, executable;
    for (pugi::xml_node c : s.doc.document_element().children()) {
      if (!IsBpmn(c) || Local(c) != "process") continue;
      all.push_back(c);
      if (std::string_view(c.attribute("isExecutable").value()) == "true") executable.push_back(c);
    }
    pugi::xml_node root = s.doc.document_element();
    if (!opt_.process_id.empty()) {
      for (pugi::xml_node p : all) {
        if (opt_.process_id == p.attribute("id").value()) return p;
      }
      problems_.Add(s.src->Of(root), "definitions", root.attribute("id").value(),
                    "no process with id '" + opt_.process_id + "' in this file");
      return {};
    }
    if (all.size() == 1) return all.front();
    if (executable.size() == 1) return executable.front();
    if (all.empty()) {
      problems_.Add(s.src->Of(root), "definitions", root.attribute("id").value(), "the file defines no process");
      return {};
    }
    std::string ids;
    for (pugi::xml_node p : (executable.empty() ? all : executable)) {
      ids += (ids.empty() ? "" : ", ") + std::string(p.attribute("id").value());
    }
    problems_.Add(s.src->Of(root), "definitions", root.attribute("id").value(),
                  "the file defines several processes (" + ids + "); choose one with --process");
    return {};
  }

  // Root elements: processes and pools are read; definitions other elements refer to
  // (messages, signals, errors, data) belong to constructs outside the subset.
  void CheckDefinitions(Source& s, pugi::xml_node chosen) {
    for (pugi::xml_node c : s.doc.document_element().children()) {
      if (!IsBpmn(c)) continue;
      std::string name = Local(c);
      if (name == "process" || name == "documentation" || name == "extensionElements" || name == "category") continue;
      if (name == "collaboration") {
        for (pugi::xml_node k : c.children()) {
          if (!IsBpmn(k)) continue;
          std::string kn = Local(k);
          if (kn == "participant" || kArtifacts.count(kn)) continue;
          Refuse(s, k, kn == "messageFlow" ? "message flows between pools are not imported: krabuan has no messages"
                                           : "");
        }
        continue;
      }
      Refuse(s, c, "");
    }
    (void)chosen;
  }

  void Refuse(const Source& s, pugi::xml_node el, const std::string& why) {
    Problem(s, el, Local(el) + " is outside the BPMN subset krabuan imports" + (why.empty() ? "" : ": " + why));
  }

  std::string NewKey(const std::string& base) {
    std::string key = Sanitize(base);
    std::string candidate = key;
    for (int n = 2; used_keys_.count(candidate) || candidate == process_key_; ++n) {
      candidate = key + "-" + std::to_string(n);
    }
    used_keys_.insert(candidate);
    return candidate;
  }

  NativeNode& Add(const std::string& key, std::string kind, const Source& s, pugi::xml_node el) {
    NativeNode n;
    n.key = key;
    n.kind = std::move(kind);
    n.where = s.src->Of(el);
    n.element = Local(el);
    n.bpmn_id = el.attribute("id").value();
    n.origin = n.element + " '" + n.bpmn_id + "' (" + s.file + " line " + std::to_string(n.where.line) + ")";
    std::string name = Collapse(el.attribute("name").value());
    n.name = name.empty() ? n.bpmn_id : name;
    index_[key] = nodes_.size();
    nodes_.push_back(std::move(n));
    return nodes_.back();
  }

  NativeNode& Node(const std::string& key) { return nodes_[index_.at(key)]; }

  // A step added after `n` (its implicit end or fork): where it came from, and nothing of
  // `n`'s own (role, timers, flows).
  static NativeNode Derived(const NativeNode& n, const std::string& key, std::string kind) {
    NativeNode d;
    d.key = key;
    d.kind = std::move(kind);
    d.name = n.name;
    d.where = n.where;
    d.element = n.element;
    d.bpmn_id = n.bpmn_id;
    d.origin = n.origin;
    return d;
  }

  // Reads a process or sub-process; returns the key its start event became (empty: none).
  std::string ReadScope(Scope& scope) {
    Source& s = *scope.src;
    std::vector<pugi::xml_node> elements;
    for (pugi::xml_node c : scope.el.children()) {
      if (!IsBpmn(c)) continue;
      std::string name = Local(c);
      if (kFlowNodes.count(name)) {
        std::string id = c.attribute("id").value();
        if (id.empty()) {
          Problem(s, c, "a " + name + " needs an id");
          continue;
        }
        elements.push_back(c);
        scope.keys[id] = NewKey(scope.prefix + id);
      } else if (name == "sequenceFlow") {
        ReadFlow(scope, c);
      } else if (name == "incoming" || name == "outgoing") {
        continue;   // a sub-process's own flows, read by the scope around it
      } else if (!kArtifacts.count(name)) {
        Refuse(s, c, RefusalReason(name));
        if (c.attribute("id")) scope.refused.insert(c.attribute("id").value());
      }
    }
    for (const auto& f : scope.flows) {
      bool ok = true;
      for (const std::string* end : {&f->source, &f->target}) {
        if (scope.refused.count(*end)) {
          ok = false;   // already reported
        } else if (!scope.keys.count(*end)) {
          Problem(s, f->el, "the flow's " + std::string(end == &f->source ? "sourceRef" : "targetRef") + " '" + *end +
                                "' is not a flow node of this " + Local(scope.el));
          ok = false;
        }
      }
      if (!ok) continue;
      scope.outgoing[f->source].push_back(f.get());
      ++scope.incoming[f->target];
    }
    std::string entry;
    for (pugi::xml_node el : elements) {
      std::string e = ReadElement(scope, el);
      if (e.empty()) continue;
      if (!entry.empty()) {
        Problem(s, el, "a second start event: a krabuan process has exactly one start");
        continue;
      }
      entry = e;
    }
    AttachTimers(scope);
    if (entry.empty() && !scope.exit.empty()) {
      // A sub-process without a start event begins at every node no flow leads into.
      std::vector<std::string> first;
      for (pugi::xml_node el : elements) {
        std::string id = el.attribute("id").value();
        if (Local(el) != "boundaryEvent" && scope.incoming[id] == 0) first.push_back(scope.keys[id]);
      }
      if (first.empty()) return entry;
      entry = NewKey(scope.prefix + scope.el.attribute("id").value() + "-begin");
      NativeNode& begin = Add(entry, first.size() > 1 ? "parallel" : "pass", s, scope.el);
      begin.to = first;
    }
    return entry;
  }

  static std::string RefusalReason(const std::string& name) {
    if (name.find("Task") != std::string::npos) return "krabuan tasks are a person's work (task, userTask, manualTask)";
    if (name.find("Event") != std::string::npos) return "only timer and none events are imported";
    if (name.find("Gateway") != std::string::npos) return "only exclusive, parallel and inclusive gateways";
    if (name.find("data") == 0 || name == "ioSpecification" || name == "property") return "krabuan has no data objects";
    if (name == "transaction" || name == "adHocSubProcess") return "only plain sub-processes are inlined";
    return "";
  }

  void ReadFlow(Scope& scope, pugi::xml_node el) {
    auto f = std::make_unique<Flow>();
    f->el = el;
    f->id = el.attribute("id").value();
    f->source = el.attribute("sourceRef").value();
    f->target = el.attribute("targetRef").value();
    for (pugi::xml_node c : el.children()) {
      if (!IsBpmn(c)) continue;
      std::string name = Local(c);
      if (name == "conditionExpression") {
        f->condition = c.text().get();
        f->language = c.attribute("language").value();
        if (f->language.empty()) f->language = scope.src->doc.document_element().attribute("expressionLanguage").value();
      } else if (name != "documentation" && name != "extensionElements") {
        Refuse(*scope.src, c, "");
      }
    }
    scope.flows.push_back(std::move(f));
  }

  // Refuses children outside the subset; returns the event definitions found.
  std::vector<pugi::xml_node> CheckChildren(const Source& s, pugi::xml_node el, std::set<std::string> allowed) {
    std::vector<pugi::xml_node> definitions;
    for (pugi::xml_node c : el.children()) {
      if (!IsBpmn(c)) continue;
      std::string name = Local(c);
      if (name == "incoming" || name == "outgoing" || name == "documentation" || name == "extensionElements") continue;
      if (name.size() > 15 && name.ends_with("EventDefinition")) {
        definitions.push_back(c);
        if (allowed.count(name)) continue;
        Problem(s, c, Local(el) + " with " + name + " is outside the BPMN subset krabuan imports: only " +
                          (allowed.empty() ? std::string("none") : *allowed.begin()) + " events of this kind");
        continue;
      }
      if (allowed.count(name)) continue;
      std::string why = name.find("LoopCharacteristics") != std::string::npos
                            ? "loops are imported only as flows that lead back (a gateway and a sequence flow)"
                            : RefusalReason(name);
      Refuse(s, c, why);
    }
    return definitions;
  }

  // Builds the native node(s) of one flow node; returns its key when it is the scope's start.
  std::string ReadElement(Scope& scope, pugi::xml_node el) {
    Source& s = *scope.src;
    std::string kind = Local(el);
    std::string id = el.attribute("id").value();
    const std::string key = scope.keys[id];
    const std::vector<const Flow*>& outs = scope.outgoing[id];

    if (kind == "startEvent") {
      std::vector<pugi::xml_node> defs = CheckChildren(s, el, {"timerEventDefinition"});
      for (pugi::xml_node d : defs) {
        if (Local(d) == "timerEventDefinition") {
          Problem(s, d, "a timer start event is not imported: krabuan processes start on request; a process that "
                        "starts itself says so with recurs= in the native file");
        }
      }
      if (!defs.empty()) return "";
      Add(key, scope.exit.empty() ? "start" : "pass", s, el);
      Connect(scope, key, outs);
      return key;
    }
    if (kind == "endEvent") {
      std::vector<pugi::xml_node> defs = CheckChildren(s, el, {"terminateEventDefinition"});
      NativeNode& n = Add(key, scope.exit.empty() ? "end" : "pass", s, el);
      if (!scope.exit.empty()) n.to = {scope.exit};
      if (!defs.empty() && Local(defs.front()) == "terminateEventDefinition" && !terminate_) terminate_ = n;
      for (const Flow* f : outs) Problem(s, f->el, "a flow out of an end event");
      return "";
    }
    if (kind == "task" || kind == "userTask" || kind == "manualTask") {
      CheckChildren(s, el, {});
      NativeNode& n = Add(key, "task", s, el);
      if (kind == "userTask") ReadPerformer(s, el, n);
      if (n.role.empty() && n.assignee.empty()) n.role = opt_.default_role;
      Connect(scope, key, outs);
      return "";
    }
    if (kind == "serviceTask" || kind == "scriptTask") {
      CheckChildren(s, el, {"script"});
      if (opt_.refuse_automatic_tasks) {
        Problem(s, el, "a " + kind + " runs code, and automatic steps are refused (--no-automatic-tasks)");
      }
      Add(key, "pass", s, el);   // does nothing: krabuan runs no code
      Connect(scope, key, outs);
      return "";
    }
    if (kind == "exclusiveGateway") {
      CheckChildren(s, el, {});
      ReadExclusive(scope, el, key, outs);
      return "";
    }
    if (kind == "parallelGateway") {
      CheckChildren(s, el, {});
      bool conditional = false;
      for (const Flow* f : outs) {
        if (f->condition) {
          conditional = true;
          Problem(s, f->el, "a condition on a flow out of a parallel gateway (it would be ignored)");
        }
      }
      if (conditional) return "";
      Add(key, scope.incoming[id] > 1 ? "join" : "pass", s, el);
      Connect(scope, key, outs);
      return "";
    }
    if (kind == "inclusiveGateway") {
      CheckChildren(s, el, {});
      ReadInclusive(scope, el, key, outs);
      return "";
    }
    if (kind == "intermediateCatchEvent") {
      std::vector<pugi::xml_node> defs = CheckChildren(s, el, {"timerEventDefinition"});
      if (defs.empty()) {
        Problem(s, el, "an intermediate catch event without a timer is outside the subset");
        return "";
      }
      NativeNode& n = Add(key, "wait", s, el);
      ReadCatchTime(s, defs.front(), n);
      Connect(scope, key, outs);
      return "";
    }
    if (kind == "boundaryEvent") {
      std::vector<pugi::xml_node> defs = CheckChildren(s, el, {"timerEventDefinition"});
      bool interrupting = std::string_view(el.attribute("cancelActivity").value()) != "false";
      if (defs.empty()) {
        Problem(s, el, "a boundary event without a timer is outside the subset");
        return "";
      }
      if (Local(defs.front()) != "timerEventDefinition") return "";   // reported by CheckChildren
      std::optional<TimerTime> time = ReadBoundaryTime(s, defs.front());
      if (!time) return "";
      // The timer's own flows start at a step that does nothing, elided later.
      Add(key, "pass", s, el);
      Connect(scope, key, outs);
      scope.timers.push_back({el, el.attribute("attachedToRef").value(), key, *time, interrupting});
      return "";
    }
    if (kind == "subProcess" || kind == "callActivity") {
      ReadNested(scope, el, key, outs);
      return "";
    }
    return "";
  }

  // Each boundary timer of the scope becomes an <on-timer> of the task it is attached to.
  void AttachTimers(Scope& scope) {
    Source& s = *scope.src;
    for (const Scope::PendingTimer& t : scope.timers) {
      auto key = scope.keys.find(t.attached);
      auto at = key == scope.keys.end() ? index_.end() : index_.find(key->second);
      if (at == index_.end()) {
        if (!scope.refused.count(t.attached)) {
          Problem(s, t.el, "the boundary event's attachedToRef '" + t.attached + "' is not a flow node of this " +
                               Local(scope.el));
        }
        continue;
      }
      NativeNode& task = nodes_[at->second];
      if (auto nested = nested_.find(key->second); nested != nested_.end()) {
        // On a sub-process or call activity: a native scope over the steps it became.
        NativeScope& sc = scopes_[key->second];
        if (sc.key.empty()) {
          sc.key = key->second;
          sc.name = task.name;
          sc.origin = task.origin;
          sc.members = nested->second;
        }
        sc.timers.push_back({Sanitize(t.el.attribute("id").value()), t.time, t.key, t.interrupting});
        continue;
      }
      if (task.kind != "task") {
        Problem(s, t.el, "a boundary timer on a " + task.element + " is not imported: krabuan timers attach to "
                         "tasks (task, userTask, manualTask), not to '" + t.attached + "'");
        continue;
      }
      task.timers.push_back({Sanitize(t.el.attribute("id").value()), t.time, t.key, t.interrupting});
    }
  }

  // A boundary timer's time: a span (timeDuration), a moment (timeDate, ISO 8601) or a
  // repeating interval (timeCycle, ISO 8601 "R3/PT1H"). Nothing when it was refused.
  std::optional<TimerTime> ReadBoundaryTime(const Source& s, pugi::xml_node timer) {
    for (pugi::xml_node c : timer.children()) {
      if (!IsBpmn(c)) continue;
      std::string name = Local(c);
      if (name == "timeCycle") {
        std::string text = Unquoted(c.text().get());
        if (text.starts_with("${") || text.starts_with("#{")) {
          Problem(s, c, "the timer's cycle '" + text + "' is an expression; krabuan needs a written cycle (R3/PT1H)");
          return std::nullopt;
        }
        text = WholeSeconds(text);
        Result<TimeSpec> spec = ParseTime(text);
        if (!spec.ok() || spec->kind != TimeSpec::Kind::kRecurrence ||
            spec->recurrence.kind != Recurrence::Kind::kInterval || !text.starts_with("R")) {
          Problem(s, c, "the timer's cycle '" + text + "' is not an ISO-8601 repeating interval such as R3/PT1H "
                        "(cron expressions are not read)" + (spec.ok() ? std::string() : ": " + spec.status().message()));
          return std::nullopt;
        }
        return TimerTime{"", text};
      }
      if (name == "timeDate") {
        std::string text = Unquoted(c.text().get());
        if (ParseInstant(text).ok()) return TimerTime{text, ""};
        Result<TimeSpec> spec = ParseTime(text);
        if (!spec.ok() || spec->kind == TimeSpec::Kind::kNone || spec->kind == TimeSpec::Kind::kRecurrence ||
            spec->kind == TimeSpec::Kind::kOutcomeText) {
          Problem(s, c, "the boundary timer's date '" + text + "' is not a moment krabuan can read" +
                            (spec.ok() ? std::string() : ": " + spec.status().message()));
          return std::nullopt;
        }
        return TimerTime{text, ""};
      }
    }
    std::string after = ReadDuration(s, timer);
    if (after.empty()) return std::nullopt;
    return TimerTime{after, ""};
  }

  void ReadPerformer(const Source& s, pugi::xml_node el, NativeNode& n) {
    std::optional<std::string> groups, assignee;
    for (std::string_view ns : kVendorNamespaces) {
      if (!groups) groups = AttributeIn(el, ns, "candidateGroups");
      if (!assignee) assignee = AttributeIn(el, ns, "assignee");
    }
    for (pugi::xml_node ext : el.children()) {
      if (!IsBpmn(ext) || Local(ext) != "extensionElements") continue;
      for (pugi::xml_node z : ext.children()) {
        if (LocalOf(z.name()) != "assignmentDefinition" || NamespaceOf(z, PrefixOf(z.name())) != kZeebeNamespace) continue;
        if (!groups && z.attribute("candidateGroups")) groups = z.attribute("candidateGroups").value();
        if (!assignee && z.attribute("assignee")) assignee = z.attribute("assignee").value();
      }
    }
    if (assignee && !Trimmed(*assignee).empty()) {
      std::string a = Trimmed(*assignee);
      if (a.starts_with("${") && a.ends_with("}")) {
        std::string var = Trimmed(a.substr(2, a.size() - 3));
        AddInput(s, el, var, ValueType::kString);
        n.assignee = "${" + var + "}";
      } else {
        n.assignee = a;
      }
      return;
    }
    if (!groups || Trimmed(*groups).empty()) return;
    std::set<std::string> roles;
    std::stringstream in(*groups);
    std::string g;
    while (std::getline(in, g, ',')) {
      g = Trimmed(g);
      if (g.empty()) continue;
      auto it = opt_.role_map.find(g);
      if (it != opt_.role_map.end()) {
        roles.insert(it->second);
      } else if (IsValidId(g)) {
        roles.insert(g);
      } else {
        Problem(s, el, "the candidate group '" + g + "' is not a krabuan role id; map it with --role-map '" + g + "=ROLE'");
        return;
      }
    }
    if (roles.size() > 1) {
      Problem(s, el, "candidate groups '" + *groups + "' name several roles and a krabuan task has one; map them to "
                     "one with --role-map");
      return;
    }
    if (!roles.empty()) n.role = *roles.begin();
  }

  // An intermediate catch event's timer: a span (timeDuration) or an instant (timeDate).
  void ReadCatchTime(const Source& s, pugi::xml_node timer, NativeNode& wait) {
    for (pugi::xml_node c : timer.children()) {
      if (!IsBpmn(c) || Local(c) != "timeDate") continue;
      std::string text = Unquoted(c.text().get());
      if (ParseInstant(text).ok()) {
        wait.wait_until = text;
      } else {
        Problem(s, c, "the timer's date '" + text + "' is not imported: krabuan waits until an ISO-8601 instant " +
                          "such as 2025-10-01T09:00:00+07:00" +
                          (text.starts_with("${") || text.starts_with("#{") ? " (an expression is not a time)" : ""));
      }
      return;
    }
    wait.wait_for = ReadDuration(s, timer);
  }

  // A timer's duration as the native time language writes it.
  std::string ReadDuration(const Source& s, pugi::xml_node timer) {
    std::string text;
    bool found = false;
    for (pugi::xml_node c : timer.children()) {
      if (!IsBpmn(c)) continue;
      std::string name = Local(c);
      if (name == "timeDuration") {
        text = Trimmed(c.text().get());
        found = true;
      } else if (name == "timeCycle") {
        Problem(s, c, "a repeating timer (timeCycle) on a catch event is not imported: a token waits once");
        return "";
      } else {
        Refuse(s, c, "");
        return "";
      }
    }
    if (!found) {
      Problem(s, timer, "a timer without a timeDuration");
      return "";
    }
    text = Unquoted(text);
    if (text.starts_with("${") || text.starts_with("#{")) {
      Problem(s, timer, "the timer's duration '" + text + "' is an expression; krabuan needs a written duration (PT5M)");
      return "";
    }
    text = WholeSeconds(text);
    Result<TimeSpec> spec = ParseTime(text);
    if (!spec.ok() || spec->kind != TimeSpec::Kind::kDuration) {
      Problem(s, timer, "the timer's duration '" + text + "' is not an ISO-8601 duration such as PT5M" +
                            (spec.ok() ? std::string() : ": " + spec.status().message()));
      return "";
    }
    return text;
  }

  void AddInput(const Source& s, pugi::xml_node el, const std::string& name, ValueType type) {
    auto it = inputs_.find(name);
    if (it == inputs_.end()) {
      inputs_.emplace(name, type);
      input_order_.push_back(name);
    } else if (it->second != type) {
      Problem(s, el, "'" + name + "' is used both as " + std::string(ValueTypeName(it->second)) + " and as " +
                         std::string(ValueTypeName(type)));
    }
  }

  void ReadExclusive(Scope& scope, pugi::xml_node el, const std::string& key, const std::vector<const Flow*>& outs) {
    bool conditional = std::any_of(outs.begin(), outs.end(), [](const Flow* f) { return f->condition.has_value(); });
    if (outs.size() <= 1 && !conditional) {
      Add(key, "pass", *scope.src, el);
      Connect(scope, key, outs);
      return;
    }
    Add(key, "choice", *scope.src, el);
    ReadBranches(scope, el, key, outs);
  }

  // An inclusive gateway merging several flows becomes an inclusive join (it waits for
  // what can still come); splitting, a parallel when no flow has a condition or default
  // (it takes them all), else an inclusive choice. Both: the join, then the split.
  void ReadInclusive(Scope& scope, pugi::xml_node el, const std::string& key, const std::vector<const Flow*>& outs) {
    Source& s = *scope.src;
    bool conditional = el.attribute("default") ||
                       std::any_of(outs.begin(), outs.end(), [](const Flow* f) { return f->condition.has_value(); });
    bool merging = scope.incoming[el.attribute("id").value()] > 1;
    if (!conditional) {
      Add(key, merging ? "join" : "pass", s, el).inclusive = merging;
      Connect(scope, key, outs);
      return;
    }
    std::string split = key;
    if (merging) {
      Add(key, "join", s, el).inclusive = true;
      split = NewKey(key + "-split");
      Node(key).to = {split};
    }
    Add(split, "inclusive", s, el);
    ReadBranches(scope, el, split, outs);
  }

  // The flows out of a choice or inclusive choice `key`: conditions as <when>s, the
  // default flow as <otherwise>, an unconditional flow as a <when> that always holds.
  void ReadBranches(Scope& scope, pugi::xml_node el, const std::string& key, const std::vector<const Flow*>& outs) {
    Source& s = *scope.src;
    std::string default_flow = el.attribute("default").value();
    std::vector<std::pair<std::string, std::string>> whens;
    std::optional<std::string> otherwise;
    for (const Flow* f : outs) {
      std::string target = scope.keys[f->target];
      if (f->id == default_flow) {
        otherwise = target;
        continue;
      }
      if (!f->condition) {
        whens.emplace_back("true", target);   // an unconditional flow is always taken if reached
        continue;
      }
      Result<TranslatedCondition> t = TranslateCondition(*f->condition, f->language);
      if (!t.ok()) {
        Problem(s, f->el, t.status().message());
        continue;
      }
      for (const auto& [var, type] : t->reads) AddInput(s, f->el, var, type);
      whens.emplace_back(t->test, target);
    }
    if (!default_flow.empty() && !otherwise) {
      Problem(s, el, "the default flow '" + default_flow + "' is not a flow out of this gateway");
    }
    Node(key).whens = std::move(whens);
    Node(key).otherwise = otherwise;
  }


  // A sub-process is inlined; so is the process a call activity calls.
  void ReadNested(Scope& scope, pugi::xml_node el, const std::string& key, const std::vector<const Flow*>& outs) {
    Source& s = *scope.src;
    std::string kind = Local(el);
    Scope inner;
    inner.src = scope.src;
    inner.el = el;
    inner.prefix = scope.prefix;
    if (kind == "subProcess") {
      if (std::string_view(el.attribute("triggeredByEvent").value()) == "true") {
        Problem(s, el, "an event sub-process is not imported: krabuan has no events to trigger it");
        return;
      }
      for (pugi::xml_node c : el.children()) {
        if (!IsBpmn(c)) continue;
        std::string name = Local(c);
        if (name.find("LoopCharacteristics") != std::string::npos) {
          Refuse(s, c, "loops are imported only as flows that lead back (a gateway and a sequence flow)");
        }
      }
    } else {
      CheckChildren(s, el, {});
      std::string called = el.attribute("calledElement").value();
      if (std::find(call_stack_.begin(), call_stack_.end(), called) != call_stack_.end()) {
        Problem(s, el, "the call activity calls '" + called + "', which is already being called: recursion is not imported");
        return;
      }
      auto [src, process] = FindProcess(s, called);
      if (!process) {
        Problem(s, el, "the called process '" + called + "' is neither in this file nor in a .bpmn file beside it");
        return;
      }
      inner.src = src;
      inner.el = process;
      inner.prefix = scope.prefix + el.attribute("id").value() + "-";
    }
    Add(key, "pass", s, el);
    std::string done = NewKey(scope.prefix + el.attribute("id").value() + "-done");
    Add(done, "pass", s, el);
    Connect(scope, done, outs);
    inner.exit = done;
    if (depth_ >= kMaxDepth) {
      Problem(s, el, "sub-processes and calls nested deeper than " + std::to_string(kMaxDepth) + " are not imported");
      return;
    }
    if (kind == "callActivity") call_stack_.push_back(el.attribute("calledElement").value());
    ++depth_;
    std::size_t first = nodes_.size();
    std::string start = ReadScope(inner);
    // What it became, for a boundary timer on it (a native scope).
    std::vector<std::string>& members = nested_[key];
    for (std::size_t i = first; i < nodes_.size(); ++i) members.push_back(nodes_[i].key);
    --depth_;
    if (kind == "callActivity") call_stack_.pop_back();
    if (start.empty()) {
      Problem(*inner.src, inner.el, "the " + Local(inner.el) + " has no start event");
      return;
    }
    Node(key).to = {start};
  }

  std::pair<Source*, pugi::xml_node> FindProcess(Source& s, const std::string& id) {
    for (const auto& src : sources_) {
      for (pugi::xml_node c : src->doc.document_element().children()) {
        if (IsBpmn(c) && Local(c) == "process" && id == c.attribute("id").value()) return {src.get(), c};
      }
    }
    if (!opt_.find_process || id.empty()) return {&s, {}};
    std::optional<ExternalFile> f = opt_.find_process(id);
    if (!f) return {&s, {}};
    Source* other = Load(f->text, f->file);
    if (other == nullptr) return {&s, {}};
    for (pugi::xml_node c : other->doc.document_element().children()) {
      if (IsBpmn(c) && Local(c) == "process" && id == c.attribute("id").value()) {
        CheckDefinitions(*other, c);
        return {other, c};
      }
    }
    return {&s, {}};
  }

  // Where a node goes next: one flow is one target; several unconditional flows out of
  // an activity or event are a parallel split; none is an end (or the sub-process's exit).
  void Connect(Scope& scope, const std::string& key, const std::vector<const Flow*>& outs) {
    Source& s = *scope.src;
    if (std::any_of(outs.begin(), outs.end(), [](const Flow* f) { return f->condition.has_value(); })) {
      // Conditional flows out of an activity or event: every flow whose condition holds
      // (or that has none) takes a token, the activity's default flow only when none
      // does; an inclusive gateway after it, as BPMN defines them.
      pugi::xml_node source = scope.el.find_child_by_attribute("id", outs.front()->source.c_str());
      std::string split = NewKey(key + "-split");
      Add(split, "inclusive", s, source ? source : outs.front()->el);
      Node(key).to = {split};
      ReadBranches(scope, source ? source : outs.front()->el, split, outs);
      return;
    }
    std::vector<std::string> targets;
    for (const Flow* f : outs) targets.push_back(scope.keys[f->target]);
    NativeNode& n = Node(key);
    if (targets.empty()) {
      if (!scope.exit.empty()) {
        n.to = {scope.exit};
      } else if (n.kind == "pass") {
        n.kind = "end";
      } else {
        std::string end = NewKey(key + "-end");
        n.to = {end};
        NativeNode e = Derived(n, end, "end");
        e.name = "จบ";
        index_[end] = nodes_.size();
        nodes_.push_back(std::move(e));
      }
      return;
    }
    if (targets.size() == 1) {
      n.to = targets;
      return;
    }
    if (n.kind == "pass") {
      n.kind = "parallel";
      n.to = targets;
      return;
    }
    std::string split = NewKey(key + "-split");
    n.to = {split};
    NativeNode p = Derived(n, split, "parallel");
    p.to = targets;
    index_[split] = nodes_.size();
    nodes_.push_back(std::move(p));
  }

  // Steps that do nothing (scripts, pass-through gateways, sub-process boundaries) vanish:
  // each flow into one goes straight to where it leads.
  void ElidePasses() {
    auto resolve = [&](const std::string& key) -> std::string {
      std::string k = key;
      for (std::size_t steps = 0; steps <= nodes_.size(); ++steps) {
        auto it = index_.find(k);
        if (it == index_.end()) return k;
        const NativeNode& n = nodes_[it->second];
        if (n.kind != "pass") return k;
        if (n.to.size() != 1) return k;
        k = n.to.front();
      }
      const NativeNode& n = nodes_[index_.at(key)];
      problems_.Add(n.where, n.element, n.bpmn_id, "steps that do nothing (scripts, gateways) form a cycle with no task");
      return key;
    };
    auto resolve_all = [&] {
      for (NativeNode& n : nodes_) {
        if (n.kind == "pass") continue;
        for (std::string& t : n.to) t = resolve(t);
        for (auto& w : n.whens) w.second = resolve(w.second);
        for (auto& t : n.timers) t.to = resolve(t.to);
        if (n.otherwise) n.otherwise = resolve(*n.otherwise);
      }
      for (auto& [key, sc] : scopes_) {
        for (auto& t : sc.timers) t.to = resolve(t.to);
      }
    };
    resolve_all();
    // An inclusive join whose flows all come from one node once the steps between are
    // gone (an inclusive choice whose branches were scripts) gets one token: a choice
    // sends one per distinct target. It waits for nothing, so it goes too.
    for (bool changed = true; changed;) {
      changed = false;
      std::map<std::string, std::set<std::string>> preds;
      for (const NativeNode& n : nodes_) {
        if (n.kind == "pass") continue;
        for (const std::string& t : n.to) preds[t].insert(n.key);
        for (const auto& w : n.whens) preds[w.second].insert(n.key);
        for (const auto& t : n.timers) preds[t.to].insert(n.key);
        if (n.otherwise) preds[*n.otherwise].insert(n.key);
      }
      for (NativeNode& n : nodes_) {
        if (n.kind != "join" || !n.inclusive) continue;
        const std::set<std::string>& from = preds[n.key];
        if (from.size() >= 2 || (from.size() == 1 && Node(*from.begin()).kind == "parallel")) continue;
        n.kind = "pass";
        changed = true;
      }
      if (changed) resolve_all();
    }
    std::erase_if(nodes_, [](const NativeNode& n) { return n.kind == "pass"; });
  }

  // A join waits for one token from each node flowing in. A task and its interrupting
  // timer both flowing into one join are one node to it, and only one of them ever comes.
  void CheckTimerJoins() {
    for (const NativeNode& n : nodes_) {
      for (const NativeNode::Timer& t : n.timers) {
        // (index_ is stale once passes are elided.)
        auto j = std::find_if(nodes_.begin(), nodes_.end(), [&](const NativeNode& m) { return m.key == t.to; });
        if (!t.interrupting || j == nodes_.end() || j->kind != "join") continue;
        if (std::find(n.to.begin(), n.to.end(), t.to) == n.to.end()) continue;
        const NativeNode& join = *j;
        problems_.Add(n.where, n.element, n.bpmn_id,
                      "the task and its interrupting boundary timer '" + t.id + "' both flow into the parallel gateway '" +
                          join.bpmn_id + "', which waits for both; only one of them ever comes (use an exclusive "
                          "gateway to merge them)");
      }
    }
  }

  // <on-timer id=… after=… every=… to=… interrupting=…/> of a task or a scope.
  static void WriteTimer(pugi::xml_node owner, const NativeNode::Timer& t) {
    pugi::xml_node o = owner.append_child("on-timer");
    o.append_attribute("id") = t.id.c_str();
    if (!t.time.after.empty()) o.append_attribute("after") = t.time.after.c_str();
    if (!t.time.every.empty()) o.append_attribute("every") = t.time.every.c_str();
    o.append_attribute("to") = t.to.c_str();
    if (!t.interrupting) o.append_attribute("interrupting") = "false";
  }

  std::string Write(std::string_view file) {
    pugi::xml_document doc;
    pugi::xml_node decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    doc.append_child(pugi::node_comment)
        .set_value((" Converted from the BPMN 2.0 file " + std::string(file) +
                    " by krabuan convert. Each step's comment names the BPMN element it came from. ").c_str());
    pugi::xml_node p = doc.append_child("process");
    p.append_attribute("id") = process_key_.c_str();
    p.append_attribute("name") = process_name_.c_str();
    p.append_attribute("start-roles") = opt_.default_role.c_str();
    if (!description_.empty()) p.append_child("description").text().set(description_.c_str());
    for (const std::string& name : input_order_) {
      pugi::xml_node in = p.append_child("input");
      in.append_attribute("name") = name.c_str();
      in.append_attribute("type") = std::string(ValueTypeName(inputs_.at(name))).c_str();
      in.append_attribute("required") = "true";
    }
    auto joined = [](const std::vector<std::string>& v) {
      std::string out;
      for (const std::string& s : v) out += (out.empty() ? "" : " ") + s;
      return out;
    };
    std::vector<const NativeNode*> order;
    for (const NativeNode& n : nodes_) {
      if (n.kind == "start") order.insert(order.begin(), &n);
      else order.push_back(&n);
    }
    for (const NativeNode* n : order) {
      p.append_child(pugi::node_comment).set_value((" " + n->origin + " ").c_str());
      pugi::xml_node e = p.append_child(n->kind.c_str());
      e.append_attribute("id") = n->key.c_str();
      if (n->kind == "task" || n->kind == "wait") e.append_attribute("name") = n->name.c_str();
      if (!n->role.empty()) e.append_attribute("role") = n->role.c_str();
      if (!n->assignee.empty()) e.append_attribute("assignee") = n->assignee.c_str();
      if (!n->wait_for.empty()) e.append_attribute("for") = n->wait_for.c_str();
      if (!n->wait_until.empty()) e.append_attribute("until") = n->wait_until.c_str();
      if (n->kind == "choice" || n->kind == "inclusive") {
        for (const auto& [test, to] : n->whens) {
          pugi::xml_node w = e.append_child("when");
          w.append_attribute("test") = test.c_str();
          w.append_attribute("to") = to.c_str();
        }
        if (n->otherwise) e.append_child("otherwise").append_attribute("to") = n->otherwise->c_str();
      } else if (!n->to.empty()) {
        e.append_attribute("to") = joined(n->to).c_str();
      }
      if (n->kind == "join" && n->inclusive) e.append_attribute("inclusive") = "true";
      for (const NativeNode::Timer& t : n->timers) WriteTimer(e, t);
    }
    for (const auto& [key, sc] : scopes_) {
      std::vector<std::string> members;   // the steps that are left once passes are gone
      for (const std::string& m : sc.members) {
        auto it = std::find_if(nodes_.begin(), nodes_.end(), [&](const NativeNode& n) { return n.key == m; });
        if (it != nodes_.end() && it->kind != "start" && it->kind != "end") members.push_back(m);
      }
      p.append_child(pugi::node_comment).set_value((" boundary timers of " + sc.origin + " ").c_str());
      pugi::xml_node e = p.append_child("scope");
      e.append_attribute("id") = sc.key.c_str();
      e.append_attribute("name") = sc.name.c_str();
      e.append_attribute("nodes") = joined(members).c_str();
      for (const NativeNode::Timer& t : sc.timers) WriteTimer(e, t);
    }
    std::ostringstream out;
    doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
  }

  // A sub-process or call activity with boundary timers: a native <scope>.
  struct NativeScope {
    std::string key, name, origin;
    std::vector<std::string> members;   // every key its inlining added, passes included
    std::vector<NativeNode::Timer> timers;
  };

  const ImportOptions& opt_;
  std::vector<std::unique_ptr<Source>> sources_;
  std::map<std::string, std::vector<std::string>> nested_;   // sub-process/call key -> keys it added
  std::map<std::string, NativeScope> scopes_;                // by the sub-process's key
  parse::Problems problems_;
  std::vector<NativeNode> nodes_;
  std::map<std::string, std::size_t> index_;
  std::set<std::string> used_keys_;
  std::map<std::string, ValueType> inputs_;
  std::vector<std::string> input_order_;
  std::vector<std::string> call_stack_;
  std::optional<NativeNode> terminate_;
  static constexpr int kMaxProblems = 100;
  int problem_count_ = 0;
  static constexpr int kMaxDepth = 32;   // nesting read recursively: keep the stack bounded
  int depth_ = 0;
  std::string process_key_, process_name_, description_;
};

}  // namespace

Result<ImportResult> ImportBpmn(std::string_view text, std::string_view file, const ImportOptions& options) {
  Importer importer(options);
  return importer.Run(text, file);
}

bool LooksLikeBpmn(std::string_view file, std::string_view text) {
  if (file.ends_with(".bpmn") || file.ends_with(".bpmn2")) return true;
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size())) return false;
  pugi::xml_node root = doc.document_element();
  return IsBpmn(root) && Local(root) == "definitions";
}

}  // namespace krabuan::bpmn
