#include "engine/parse/process_parser.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/parse/xml_source.h"

namespace krabuan {
namespace {

using parse::Problems;
using parse::XmlSource;

bool IsIdentifierChar(char c, bool first) {
  if (c >= 'a' && c <= 'z') return true;
  if (c >= '0' && c <= '9') return true;
  if (first) return false;
  return c == '-' || c == '_';
}

// Variable names must be usable in conditions: a letter, then letters, digits, '_'.
bool IsValidVariableName(std::string_view name) {
  if (name.empty()) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!letter(name[0])) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '_'; });
}

// Reads one process file; keeps every problem it finds.
class ProcessReader {
 public:
  ProcessReader(std::string_view xml, std::string_view file, const ProcessContext& context)
      : xml_(xml), src_(xml, std::string(file)), context_(context) {}

  Result<ProcessDefinition> Read() {
    pugi::xml_document doc;
    if (!parse::LoadXml(src_, xml_, doc, problems_)) return problems_.ToStatus();
    pugi::xml_node root = doc.document_element();
    if (std::string_view(root.name()) != "process") {
      problems_.Add(src_.Of(root), "", "",
                    "the root element must be <process>, not <" + std::string(root.name()) + ">");
      return problems_.ToStatus();
    }
    parse::CheckAttributes(src_, root, {"id", "name", "start-roles", "recurs", "remind", "escalate-after"},
                           root.attribute("id").value(), problems_);
    Node as_process;
    as_process.id = root.attribute("id").value();
    std::optional<TimeSpec> remind = ReadLead(root, as_process, "remind");
    std::optional<TimeSpec> escalate_after = ReadLead(root, as_process, "escalate-after");
    std::optional<TimeSpec> recurrence;
    if (root.attribute("recurs")) {
      Result<TimeSpec> r = ParseTime(root.attribute("recurs").value());
      if (!r.ok()) {
        problems_.Add(src_.OfAttribute(root, "recurs"), "process", root.attribute("id").value(),
                      "bad time expression in 'recurs': " + r.status().message());
      } else if (r->kind != TimeSpec::Kind::kRecurrence) {
        problems_.Add(src_.OfAttribute(root, "recurs"), "process", root.attribute("id").value(),
                      "'recurs' needs a recurrence (e.g. \"ทุกปี พฤษภาคม\", \"พฤศจิกายน ทุก 6 เดือน\"), not '" +
                          std::string(root.attribute("recurs").value()) + "'");
      } else if (r->recurrence.kind == Recurrence::Kind::kInterval && r->recurrence.count != 0 &&
                 !r->recurrence.anchor) {
        // Starts are counted from the first one, so the first must be written.
        problems_.Add(src_.OfAttribute(root, "recurs"), "process", root.attribute("id").value(),
                      "'recurs' with a repetition count needs a start: R4/2025-10-01/P1W, not '" +
                          std::string(root.attribute("recurs").value()) + "'");
      } else {
        recurrence = std::move(r.value());
      }
    }
    std::string id = RequireId(root);
    std::string name = Require(root, "name", id);
    std::vector<std::string> start_roles = parse::SplitWords(root.attribute("start-roles").value());
    for (const std::string& r : start_roles) CheckRole(root, "start-roles", r, "process", id);

    std::string description;
    std::vector<VariableDecl> inputs;
    std::vector<Node> nodes;
    std::vector<Timebox> timeboxes;
    std::vector<Scope> scopes;
    for (pugi::xml_node child : root.children()) {
      if (child.type() != pugi::node_element) continue;
      std::string_view tag = child.name();
      if (tag == "description") {
        description = Trim(child.child_value());
      } else if (tag == "input") {
        if (auto v = ReadVariable(child)) {
          if (std::any_of(inputs.begin(), inputs.end(), [&](const VariableDecl& d) { return d.name == v->name; })) {
            problems_.Add(v->where, "input", v->name, "input '" + v->name + "' is declared twice");
          } else {
            inputs.push_back(std::move(*v));
          }
        }
      } else if (tag == "timebox") {
        timeboxes.push_back(ReadTimebox(child));
      } else if (tag == "scope") {
        scopes.push_back(ReadScope(child));
      } else if (auto kind = KindOf(tag)) {
        nodes.push_back(ReadNode(child, *kind));
      } else {
        problems_.Add(src_.Of(child), "", "",
                      "unknown element <" + std::string(tag) +
                          "> (expected description, input, timebox, scope, start, task, choice, inclusive, parallel, join, wait "
                          "or end)");
      }
    }
    for (Node& n : nodes) {
      if (n.kind != NodeKind::kTask) continue;
      if (!n.remind) n.remind = remind;
      if (!n.escalate_after) n.escalate_after = escalate_after;
    }
    CheckGraph(root, nodes);
    CheckFieldTypes(inputs, nodes);
    CheckConditionLiterals(inputs, nodes);
    CheckTimeboxes(timeboxes, nodes);
    CheckScopes(scopes, timeboxes, nodes);
    if (!problems_.empty()) return problems_.ToStatus();
    return ProcessDefinition(std::move(id), std::move(name), std::move(description),
                             std::move(start_roles), std::move(inputs), std::move(nodes),
                             src_.file(), std::move(timeboxes), std::move(recurrence), std::move(scopes));
  }

 private:
  static std::optional<NodeKind> KindOf(std::string_view tag) {
    static const std::map<std::string_view, NodeKind> kKinds = {
        {"start", NodeKind::kStart},   {"end", NodeKind::kEnd},
        {"task", NodeKind::kTask},     {"choice", NodeKind::kChoice},
        {"parallel", NodeKind::kParallel}, {"join", NodeKind::kJoin},
        {"wait", NodeKind::kWait},     {"inclusive", NodeKind::kInclusive}};
    auto it = kKinds.find(tag);
    if (it == kKinds.end()) return std::nullopt;
    return it->second;
  }

  static std::string Trim(std::string_view s) {
    std::size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return "";
    std::size_t e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
  }

  std::string RequireId(const pugi::xml_node& node) {
    pugi::xml_attribute a = node.attribute("id");
    if (!a) {
      problems_.Add(src_.Of(node), node.name(), "", "missing attribute 'id'");
      return "";
    }
    std::string id = a.value();
    if (!IsValidId(id)) {
      problems_.Add(src_.OfAttribute(node, "id"), node.name(), id,
                    "invalid id '" + id + "': use lower-case letters, digits, '-' and '_', starting with a letter or digit");
    }
    return id;
  }

  std::string Require(const pugi::xml_node& node, const char* attr, std::string_view id) {
    pugi::xml_attribute a = node.attribute(attr);
    if (!a || std::string_view(a.value()).empty()) {
      problems_.Add(src_.Of(node), node.name(), id, std::string("missing attribute '") + attr + "'");
      return "";
    }
    return a.value();
  }

  std::optional<VariableDecl> ReadVariable(const pugi::xml_node& node) {
    parse::CheckAttributes(src_, node, {"name", "type", "required", "default", "label", "min", "max"},
                           node.attribute("name").value(), problems_);
    VariableDecl v;
    v.where = src_.Of(node);
    v.name = Require(node, "name", "");
    v.label = node.attribute("label").value();
    if (!v.name.empty() && !IsValidVariableName(v.name)) {
      problems_.Add(src_.OfAttribute(node, "name"), node.name(), v.name,
                    "invalid variable name '" + v.name + "': use a letter, then letters, digits or '_'");
      return std::nullopt;
    }
    if (v.name == "outcome") {
      problems_.Add(src_.OfAttribute(node, "name"), node.name(), v.name,
                    "'outcome' is reserved: it holds the outcome of the last completed task");
      return std::nullopt;
    }
    std::string type_name = Require(node, "type", v.name);
    auto type = ValueTypeFromName(type_name);
    if (!type) {
      if (!type_name.empty()) {
        problems_.Add(src_.OfAttribute(node, "type"), node.name(), v.name,
                      "unknown type '" + type_name + "' (expected string, int, money, bool, date or fiscal-year)");
      }
      return std::nullopt;
    }
    v.type = *type;
    if (pugi::xml_attribute req = node.attribute("required")) {
      std::string_view r = req.value();
      if (r == "true") {
        v.required = true;
      } else if (r != "false") {
        problems_.Add(src_.OfAttribute(node, "required"), node.name(), v.name,
                      "required must be 'true' or 'false', not '" + std::string(r) + "'");
      }
    }
    ReadBounds(node, v);
    ReadOptions(node, v);
    if (pugi::xml_attribute def = node.attribute("default")) {
      Result<Value> parsed = ParseValue(v.type, def.value());
      Status allowed = parsed.ok() ? v.Check(*parsed) : parsed.status();
      if (!allowed.ok()) {
        problems_.Add(src_.OfAttribute(node, "default"), node.name(), v.name, "bad default: " + allowed.message());
      } else {
        v.default_value = std::move(parsed.value());
      }
    }
    return v;
  }

  // min= and max= of an int or money variable; money is at least 0.00 unless min= says.
  void ReadBounds(const pugi::xml_node& node, VariableDecl& v) {
    bool number = v.type == ValueType::kInt || v.type == ValueType::kMoney;
    for (const char* attr : {"min", "max"}) {
      pugi::xml_attribute a = node.attribute(attr);
      if (!a) continue;
      if (!number) {
        problems_.Add(src_.OfAttribute(node, attr), node.name(), v.name,
                      std::string("'") + attr + "' is for int and money variables, not " +
                          std::string(ValueTypeName(v.type)));
        continue;
      }
      Result<Value> bound = ParseValue(v.type, a.value());
      if (!bound.ok()) {
        problems_.Add(src_.OfAttribute(node, attr), node.name(), v.name,
                      std::string("bad ") + attr + ": " + bound.status().message());
        continue;
      }
      (std::string_view(attr) == "min" ? v.min : v.max) = std::move(bound.value());
    }
    if (v.type == ValueType::kMoney && !v.min) v.min = Value::OfMoney(Money{0});
    auto amount = [](const Value& x) { return x.type() == ValueType::kMoney ? x.as_money().satang : x.as_int(); };
    if (v.min && v.max && amount(*v.max) < amount(*v.min)) {
      problems_.Add(src_.OfAttribute(node, "max"), node.name(), v.name,
                    "max " + v.max->ToDisplay() + " is below min " + v.min->ToDisplay());
      v.max.reset();
    }
  }

  // <option value=… label=…/> children: the values an enumerated string may take.
  void ReadOptions(const pugi::xml_node& node, VariableDecl& v) {
    for (pugi::xml_node c : node.children()) {
      if (c.type() != pugi::node_element) continue;
      if (std::string_view(c.name()) != "option") {
        problems_.Add(src_.Of(c), node.name(), v.name,
                      "<" + std::string(c.name()) + "> is not allowed inside <" + node.name() + "> (expected option)");
        continue;
      }
      parse::CheckAttributes(src_, c, {"value", "label"}, v.name, problems_);
      if (v.type != ValueType::kString) {
        problems_.Add(src_.Of(c), node.name(), v.name,
                      "<option> is for string variables; '" + v.name + "' is " + std::string(ValueTypeName(v.type)));
        return;
      }
      Option o{c.attribute("value").value(), c.attribute("label").value(), src_.Of(c)};
      if (Trim(o.value).empty()) {
        problems_.Add(c.attribute("value") ? src_.OfAttribute(c, "value") : src_.Of(c), node.name(), v.name,
                      "an <option> needs a non-blank 'value'");
        continue;
      }
      if (const Option* twice = v.FindOption(o.value); twice != nullptr) {
        problems_.Add(src_.OfAttribute(c, "value"), node.name(), v.name,
                      "option '" + o.value + "' is declared twice (first at " + twice->where.ToString() + ")");
        continue;
      }
      if (const Option* twice = o.label.empty() ? nullptr : v.FindOption(o.label); twice != nullptr) {
        problems_.Add(src_.OfAttribute(c, "label"), node.name(), v.name,
                      "label '" + o.label + "' is already option '" + twice->value + "''s (at " +
                          twice->where.ToString() + ")");
        continue;
      }
      v.options.push_back(std::move(o));
    }
  }

  void ReadTo(const pugi::xml_node& node, Node& n) {
    n.to = parse::SplitWords(node.attribute("to").value());
  }

  Node ReadNode(const pugi::xml_node& el, NodeKind kind) {
    Node n;
    n.kind = kind;
    n.where = src_.Of(el);
    n.id = RequireId(el);
    n.name = el.attribute("name").value();
    switch (kind) {
      case NodeKind::kStart:
        parse::CheckAttributes(src_, el, {"id", "name", "to"}, n.id, problems_);
        ReadTo(el, n);
        if (n.to.size() != 1) ProblemAt(el, n, "to", "needs exactly one target in 'to'");
        break;
      case NodeKind::kJoin:
        parse::CheckAttributes(src_, el, {"id", "name", "to", "inclusive"}, n.id, problems_);
        ReadTo(el, n);
        if (n.to.size() != 1) ProblemAt(el, n, "to", "needs exactly one target in 'to'");
        if (pugi::xml_attribute a = el.attribute("inclusive")) {
          std::string_view v = a.value();
          if (v != "true" && v != "false") {
            ProblemAt(el, n, "inclusive", "inclusive must be 'true' or 'false', not '" + std::string(v) + "'");
          }
          n.inclusive = v == "true";
        }
        break;
      case NodeKind::kEnd:
        parse::CheckAttributes(src_, el, {"id", "name"}, n.id, problems_);
        break;
      case NodeKind::kParallel:
        parse::CheckAttributes(src_, el, {"id", "name", "to"}, n.id, problems_);
        ReadTo(el, n);
        if (n.to.size() < 2) ProblemAt(el, n, "to", "a parallel split needs two or more targets in 'to'");
        break;
      case NodeKind::kTask:
        ReadTask(el, n);
        break;
      case NodeKind::kWait:
        ReadWait(el, n);
        break;
      case NodeKind::kChoice:
      case NodeKind::kInclusive:
        ReadChoice(el, n);
        break;
    }
    if (kind != NodeKind::kTask && kind != NodeKind::kChoice && kind != NodeKind::kInclusive) {
      for (pugi::xml_node c : el.children()) {
        if (c.type() == pugi::node_element) {
          problems_.Add(src_.Of(c), NodeKindName(kind), n.id,
                        "<" + std::string(c.name()) + "> is not allowed inside <" + std::string(NodeKindName(kind)) + ">");
        }
      }
    }
    return n;
  }

  void CheckRole(const pugi::xml_node& el, const char* attr, const std::string& role, std::string_view element,
                 std::string_view id) {
    if (!context_.role_exists || context_.role_exists(role)) return;
    problems_.Add(src_.OfAttribute(el, attr), element, id,
                  "unknown role '" + role + "': declare it in the org file");
  }

  void ProblemAt(const pugi::xml_node& el, const Node& n, const char* attr, std::string_view msg) {
    problems_.Add(el.attribute(attr) ? src_.OfAttribute(el, attr) : src_.Of(el), el.name(), n.id, msg);
  }

  // A time attribute parsed into `out`; problems name the attribute.
  bool ReadTime(const pugi::xml_node& el, const Node& n, const char* attr, TimeSpec& out) {
    Result<TimeSpec> t = ParseTime(el.attribute(attr).value());
    if (!t.ok()) {
      ProblemAt(el, n, attr, std::string("bad time expression in '") + attr + "': " + t.status().message());
      return false;
    }
    out = std::move(t.value());
    return true;
  }

  // remind= / escalate-after=: "none", or a span of days, working days, hours or minutes
  // (months have no fixed length to count back from a deadline).
  std::optional<TimeSpec> ReadLead(const pugi::xml_node& el, const Node& n, const char* attr) {
    if (!el.attribute(attr)) return std::nullopt;
    TimeSpec t;
    if (!ReadTime(el, n, attr, t)) return std::nullopt;
    bool span = t.kind == TimeSpec::Kind::kDuration && t.duration.years == 0 && t.duration.months == 0;
    if (t.kind != TimeSpec::Kind::kNone && !span) {
      ProblemAt(el, n, attr, std::string("'") + attr + "' needs 'none' or a span of days, working days, hours or minutes " +
                                 "(e.g. \"3 วันทำการ\", \"2 วัน\"), not '" + el.attribute(attr).value() + "'");
      return std::nullopt;
    }
    return t;
  }

  Timebox ReadTimebox(const pugi::xml_node& el) {
    Timebox b;
    b.id = RequireId(el);
    b.name = el.attribute("name").value();
    b.where = src_.Of(el);
    parse::CheckAttributes(src_, el, {"id", "name", "due"}, b.id, problems_);
    Node as_node;
    as_node.id = b.id;
    if (!el.attribute("due")) {
      problems_.Add(b.where, "timebox", b.id, "a time box needs 'due'");
    } else {
      ReadTime(el, as_node, "due", b.due);
    }
    return b;
  }

  // <scope id=… name=… nodes="a b c"> with one or more <on-timer>.
  Scope ReadScope(const pugi::xml_node& el) {
    Scope s;
    s.id = RequireId(el);
    s.name = el.attribute("name").value();
    s.where = src_.Of(el);
    parse::CheckAttributes(src_, el, {"id", "name", "nodes"}, s.id, problems_);
    s.nodes = parse::SplitWords(el.attribute("nodes").value());
    if (s.nodes.empty()) {
      problems_.Add(el.attribute("nodes") ? src_.OfAttribute(el, "nodes") : s.where, "scope", s.id,
                    "a scope needs the nodes it covers in 'nodes'");
    }
    for (pugi::xml_node c : el.children()) {
      if (c.type() != pugi::node_element) continue;
      if (std::string_view(c.name()) == "on-timer") {
        ReadBoundary(c, "scope", s.id, s.timers);
      } else {
        problems_.Add(src_.Of(c), "scope", s.id,
                      "<" + std::string(c.name()) + "> is not allowed inside <scope> (expected on-timer)");
      }
    }
    if (s.timers.empty()) problems_.Add(s.where, "scope", s.id, "a scope needs at least one <on-timer>");
    return s;
  }

  // A scope's nodes exist and are steps a token rests at or passes (not the start or an
  // end); its timers lead to a node that is not in it and not a join (a join waits for
  // the nodes flowing into it, and a scope is none); ids are unique.
  void CheckScopes(const std::vector<Scope>& scopes, const std::vector<Timebox>& boxes, const std::vector<Node>& nodes) {
    std::map<std::string, const Node*> by_id;
    for (const Node& n : nodes) by_id.emplace(n.id, &n);
    std::set<std::string> ids;
    for (const Timebox& b : boxes) ids.insert(b.id);
    for (const Scope& s : scopes) {
      if (by_id.count(s.id) || !ids.insert(s.id).second) {
        problems_.Add(s.where, "scope", s.id, "id '" + s.id + "' is already used");
      }
      std::set<std::string> seen;
      for (const std::string& id : s.nodes) {
        auto it = by_id.find(id);
        if (it == by_id.end()) {
          problems_.Add(s.where, "scope", s.id, "unknown node '" + id + "' in 'nodes'");
        } else if (it->second->kind == NodeKind::kStart || it->second->kind == NodeKind::kEnd) {
          problems_.Add(s.where, "scope", s.id, "the " + std::string(NodeKindName(it->second->kind)) + " '" + id +
                                                    "' cannot be in a scope");
        } else if (!seen.insert(id).second) {
          problems_.Add(s.where, "scope", s.id, "'" + id + "' is listed twice in 'nodes'");
        }
      }
      for (const TimerBoundary& t : s.timers) {
        if (t.to.empty()) continue;
        auto it = by_id.find(t.to);
        if (it == by_id.end()) {
          problems_.Add(t.where, "scope", s.id, "timer '" + t.id + "' flows to unknown node '" + t.to + "'");
        } else if (it->second->kind == NodeKind::kJoin || it->second->kind == NodeKind::kStart) {
          problems_.Add(t.where, "scope", s.id, "timer '" + t.id + "' cannot flow into the " +
                                                    std::string(NodeKindName(it->second->kind)) + " '" + t.to + "'");
        } else if (s.Contains(t.to)) {
          problems_.Add(t.where, "scope", s.id, "timer '" + t.id + "' flows to '" + t.to + "', inside its own scope");
        }
      }
    }
  }

  // Every timebox= names a declared box; ids do not clash with nodes.
  void CheckTimeboxes(const std::vector<Timebox>& boxes, const std::vector<Node>& nodes) {
    std::set<std::string> ids;
    for (const Timebox& b : boxes) {
      if (!ids.insert(b.id).second) problems_.Add(b.where, "timebox", b.id, "time box '" + b.id + "' is declared twice");
    }
    for (const Node& n : nodes) {
      if (ids.count(n.id)) problems_.Add(n.where, NodeKindName(n.kind), n.id, "id '" + n.id + "' is also a time box's");
      if (!n.timebox.empty() && !ids.count(n.timebox)) {
        problems_.Add(n.where, "task", n.id, "unknown time box '" + n.timebox + "'");
      }
    }
  }

  void ReadWait(const pugi::xml_node& el, Node& n) {
    parse::CheckAttributes(src_, el, {"id", "name", "until", "for", "to"}, n.id, problems_);
    ReadTo(el, n);
    if (n.to.size() != 1) ProblemAt(el, n, "to", "a wait needs exactly one target in 'to'");
    bool has_until = el.attribute("until"), has_for = el.attribute("for");
    if (has_until == has_for) {
      ProblemAt(el, n, "until", "a wait needs exactly one of 'until' (a moment) or 'for' (a span)");
      return;
    }
    if (has_until) {
      if (Result<Instant> at = ParseWrittenInstant(el.attribute("until").value()); at.ok()) {
        n.wait_at = *at;
        n.wait.source = el.attribute("until").value();   // kept for people to read
        return;
      } else if (ParseInstant(el.attribute("until").value()).ok()) {
        ProblemAt(el, n, "until", at.status().message());
        return;
      }
    }
    if (ReadTime(el, n, has_until ? "until" : "for", n.wait) && n.wait.kind == TimeSpec::Kind::kNone) {
      ProblemAt(el, n, has_until ? "until" : "for", "a wait needs a time; 'none' would wait forever");
    }
  }

  void ReadTask(const pugi::xml_node& el, Node& n) {
    parse::CheckAttributes(src_, el, {"id", "name", "role", "assignee", "due", "to", "for-each", "until", "timebox", "remind",
                                     "escalate-after"},
                           n.id, problems_);
    n.timebox = el.attribute("timebox").value();
    n.for_each = el.attribute("for-each").value();
    if (!n.for_each.empty() && n.for_each != "org:schools" &&
        !(n.for_each.starts_with("${") && n.for_each.ends_with("}") && n.for_each.size() > 3)) {
      ProblemAt(el, n, "for-each", "for-each must be 'org:schools' or ${variable}, not '" + n.for_each + "'");
    }
    if (el.attribute("until")) {
      if (n.for_each.empty()) ProblemAt(el, n, "until", "'until' (a cut-off) needs 'for-each'");
      ReadTime(el, n, "until", n.cutoff);
    }
    ReadTo(el, n);
    if (n.to.size() != 1) ProblemAt(el, n, "to", "a task needs exactly one target in 'to'");
    if (n.name.empty()) ProblemAt(el, n, "name", "a task needs a name people can read");
    n.role = el.attribute("role").value();
    n.assignee = el.attribute("assignee").value();
    if (!n.role.empty()) CheckRole(el, "role", n.role, "task", n.id);
    if (!n.assignee.empty() && !n.assignee.starts_with("${") && context_.login_exists &&
        !context_.login_exists(n.assignee)) {
      ProblemAt(el, n, "assignee", "unknown assignee '" + n.assignee + "': no such login in the org file");
    }
    if (!n.for_each.empty() && !n.assignee.empty()) {
      ProblemAt(el, n, "assignee", "a task for each item is assigned to each item's login; give 'role', not 'assignee'");
    } else if (n.role.empty() == n.assignee.empty()) {
      ProblemAt(el, n, "role", "a task needs exactly one of 'role' or 'assignee'");
    }
    if (!n.assignee.empty() && n.assignee.starts_with("${")) {
      std::string var = n.assignee.size() > 3 && n.assignee.back() == '}' ? n.assignee.substr(2, n.assignee.size() - 3) : "";
      if (!IsValidVariableName(var)) ProblemAt(el, n, "assignee", "assignee '" + n.assignee + "' must be a login or ${variable}");
    }
    ReadTime(el, n, "due", n.due);
    n.remind = ReadLead(el, n, "remind");
    n.escalate_after = ReadLead(el, n, "escalate-after");
    std::set<std::string> seen;
    for (pugi::xml_node c : el.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view tag = c.name();
      if (tag == "description") {
        n.description = Trim(c.child_value());
      } else if (tag == "outcome") {
        parse::CheckAttributes(src_, c, {"value", "label"}, n.id, problems_);
        Outcome o{Require(c, "value", n.id), c.attribute("label").value()};
        if (o.label.empty()) o.label = o.value;
        if (!o.value.empty() && !seen.insert(o.value).second) {
          problems_.Add(src_.Of(c), "task", n.id, "outcome '" + o.value + "' is declared twice");
        }
        n.outcomes.push_back(std::move(o));
      } else if (tag == "field") {
        if (auto v = ReadVariable(c)) {
          if (n.FindField(v->name)) {
            problems_.Add(v->where, "task", n.id, "field '" + v->name + "' is declared twice");
          } else {
            n.fields.push_back(std::move(*v));
          }
        }
      } else if (tag == "on-timer") {
        ReadBoundary(c, "task", n.id, n.boundaries);
      } else {
        problems_.Add(src_.Of(c), "task", n.id,
                      "<" + std::string(tag) +
                          "> is not allowed inside <task> (expected description, field, outcome or on-timer)");
      }
    }
  }

  // <on-timer id=… after=… every=… to=… interrupting=…/>: a timer of a task or a scope.
  // Problems are the owner's, at the attribute they concern.
  void ReadBoundary(const pugi::xml_node& el, std::string_view owner_kind, const std::string& owner_id,
                    std::vector<TimerBoundary>& timers) {
    parse::CheckAttributes(src_, el, {"id", "after", "every", "to", "interrupting"}, owner_id, problems_);
    auto problem = [&](const char* attr, const std::string& msg) {
      problems_.Add(el.attribute(attr) ? src_.OfAttribute(el, attr) : src_.Of(el), owner_kind, owner_id, msg);
    };
    TimerBoundary b;
    b.where = src_.Of(el);
    b.id = RequireId(el);
    b.to = el.attribute("to").value();
    if (b.to.empty()) problem("to", "timer '" + b.id + "' needs 'to'");
    if (!b.id.empty() && std::any_of(timers.begin(), timers.end(), [&](const TimerBoundary& t) { return t.id == b.id; })) {
      problem("id", "timer '" + b.id + "' is declared twice");
    }
    if (pugi::xml_attribute a = el.attribute("interrupting")) {
      std::string_view v = a.value();
      if (v != "true" && v != "false") {
        problem("interrupting", "timer '" + b.id + "': interrupting must be 'true' or 'false', not '" + std::string(v) + "'");
      }
      b.interrupting = v != "false";
    }
    if (pugi::xml_attribute a = el.attribute("every")) {
      Result<TimeSpec> t = ParseTime(a.value());
      if (!t.ok()) {
        problem("every", "timer '" + b.id + "': bad time expression in 'every': " + t.status().message());
      } else if (t->kind != TimeSpec::Kind::kRecurrence || t->recurrence.kind != Recurrence::Kind::kInterval) {
        problem("every", "timer '" + b.id + "': 'every' needs a repeating interval (e.g. \"R3/PT1H\", \"ทุก 2 วัน\", "
                         "\"every 4 hours\"), not '" + std::string(a.value()) + "'");
      } else {
        b.every = std::move(t.value());
      }
    }
    if (!el.attribute("after")) {
      if (!el.attribute("every")) {
        problem("after", "timer '" + b.id + "' needs 'after' (a span such as \"P3D\" or a moment) or 'every'");
      }
    } else if (Result<Instant> at = ParseWrittenInstant(el.attribute("after").value()); at.ok()) {
      b.at = *at;
      b.after.source = el.attribute("after").value();   // kept for people to read
    } else if (ParseInstant(el.attribute("after").value()).ok()) {
      problem("after", "timer '" + b.id + "': " + at.status().message());
    } else if (Result<TimeSpec> t = ParseTime(el.attribute("after").value()); !t.ok()) {
      problem("after", "timer '" + b.id + "': bad time expression in 'after': " + t.status().message());
    } else {
      using K = TimeSpec::Kind;
      if (t->kind == K::kNone || t->kind == K::kRecurrence || t->kind == K::kOutcomeText) {
        problem("after", "timer '" + b.id + "' needs a span (e.g. \"3 วัน\", \"PT1H\") or a moment, not '" +
                             std::string(el.attribute("after").value()) + "'" +
                             (t->kind == K::kRecurrence ? " (a repeating timer says so with 'every')" : ""));
      }
      b.after = std::move(t.value());
    }
    timers.push_back(std::move(b));
  }

  // <choice> and <inclusive>: <when test=… to=…>… then at most one <otherwise to=…>.
  void ReadChoice(const pugi::xml_node& el, Node& n) {
    parse::CheckAttributes(src_, el, {"id", "name"}, n.id, problems_);
    const std::string element(NodeKindName(n.kind));
    const std::string an = n.kind == NodeKind::kInclusive ? "an " : "a ";
    for (pugi::xml_node c : el.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view tag = c.name();
      if (tag == "when") {
        parse::CheckAttributes(src_, c, {"test", "to"}, n.id, problems_);
        if (n.otherwise) {
          problems_.Add(src_.Of(c), element, n.id, "<when> after <otherwise> can never be taken");
        }
        std::string test = Require(c, "test", n.id);
        std::string to = Require(c, "to", n.id);
        if (test.empty()) continue;
        Result<Expression> e = Expression::Parse(test);
        if (!e.ok()) {
          problems_.Add(src_.OfAttribute(c, "test"), element, n.id,
                        "bad condition \"" + test + "\": " + e.status().message());
          continue;
        }
        conditions_.push_back(WrittenCondition{c, element, n.id, *e});
        n.branches.push_back(Branch{std::move(e.value()), to, src_.Of(c)});
        n.to.push_back(to);
      } else if (tag == "otherwise") {
        parse::CheckAttributes(src_, c, {"to"}, n.id, problems_);
        if (n.otherwise) {
          problems_.Add(src_.Of(c), element, n.id, an + element + " has at most one <otherwise>");
          continue;
        }
        n.otherwise = Require(c, "to", n.id);
        n.to.push_back(*n.otherwise);
      } else {
        problems_.Add(src_.Of(c), element, n.id,
                      "<" + std::string(tag) + "> is not allowed inside <" + element + "> (expected when or otherwise)");
      }
    }
    if (n.branches.empty() && !n.otherwise) {
      problems_.Add(n.where, element, n.id, an + element + " needs at least one <when>");
    }
  }

  // Flows: every target exists, ids are unique, one start, joins know their inputs.
  void CheckGraph(const pugi::xml_node& root, std::vector<Node>& nodes) {
    std::map<std::string, std::size_t> index;
    int starts = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const Node& n = nodes[i];
      if (n.kind == NodeKind::kStart) ++starts;
      if (n.id.empty()) continue;
      if (!index.emplace(n.id, i).second) {
        problems_.Add(n.where, NodeKindName(n.kind), n.id,
                      "duplicate id '" + n.id + "' (first used at " + nodes[index[n.id]].where.ToString() + ")");
      }
    }
    if (starts == 0) problems_.Add(src_.Of(root), "process", root.attribute("id").value(), "the process has no <start>");
    if (starts > 1) problems_.Add(src_.Of(root), "process", root.attribute("id").value(), "the process has more than one <start>");
    for (Node& n : nodes) {
      for (const std::string& to : n.to) {
        if (to.empty()) continue;
        auto it = index.find(to);
        if (it == index.end()) {
          problems_.Add(n.where, NodeKindName(n.kind), n.id, "flow to unknown node '" + to + "'");
          continue;
        }
        Node& target = nodes[it->second];
        if (target.kind == NodeKind::kStart) {
          problems_.Add(n.where, NodeKindName(n.kind), n.id, "flow into the start node '" + to + "'");
        }
        if (std::find(target.incoming.begin(), target.incoming.end(), n.id) == target.incoming.end()) {
          target.incoming.push_back(n.id);
        }
      }
      for (const TimerBoundary& b : n.boundaries) {
        if (b.to.empty()) continue;
        auto it = index.find(b.to);
        if (it == index.end()) {
          problems_.Add(b.where, "task", n.id, "timer '" + b.id + "' flows to unknown node '" + b.to + "'");
          continue;
        }
        Node& target = nodes[it->second];
        if (target.kind == NodeKind::kStart) {
          problems_.Add(b.where, "task", n.id, "timer '" + b.id + "' flows into the start node '" + b.to + "'");
        }
        if (std::find(target.incoming.begin(), target.incoming.end(), n.id) == target.incoming.end()) {
          target.incoming.push_back(n.id);
        }
      }
    }
    for (const Node& n : nodes) {
      if (n.kind == NodeKind::kJoin && n.incoming.size() < 2 && !n.id.empty()) {
        problems_.Add(n.where, "join", n.id, "a join needs flows from two or more nodes");
      }
    }
  }

  // A field may be set by several tasks, and may also be an input: the type must agree.
  void CheckFieldTypes(const std::vector<VariableDecl>& inputs, const std::vector<Node>& nodes) {
    std::map<std::string, const VariableDecl*> seen;
    for (const VariableDecl& v : inputs) seen.emplace(v.name, &v);
    for (const Node& n : nodes) {
      for (const VariableDecl& f : n.fields) {
        auto [it, inserted] = seen.emplace(f.name, &f);
        if (!inserted && it->second->type != f.type) {
          problems_.Add(f.where, "task", n.id,
                        "field '" + f.name + "' is " + std::string(ValueTypeName(f.type)) + " here but " +
                            std::string(ValueTypeName(it->second->type)) + " at " + it->second->where.ToString());
        } else if (!inserted && it->second->OptionList() != f.OptionList()) {
          // Conditions over the name are checked against one list of choices.
          problems_.Add(f.where, "task", n.id,
                        "field '" + f.name + "' has choices [" + f.OptionList() + "] here but [" +
                            it->second->OptionList() + "] at " + it->second->where.ToString());
        }
      }
    }
  }

  // A literal compared with an enumerated variable must be one of its choices (a typo
  // there would send every case past the branch). The label is named when the literal is
  // one, since conditions compare values.
  void CheckConditionLiterals(const std::vector<VariableDecl>& inputs, const std::vector<Node>& nodes) {
    std::map<std::string, const VariableDecl*> decls;
    for (const VariableDecl& v : inputs) decls.emplace(v.name, &v);
    for (const Node& n : nodes) {
      for (const VariableDecl& f : n.fields) decls.emplace(f.name, &f);
    }
    for (const WrittenCondition& c : conditions_) {
      for (const LiteralComparison& lit : c.test.LiteralComparisons()) {
        auto it = decls.find(lit.variable);
        if (it == decls.end() || it->second->options.empty()) continue;
        const VariableDecl& v = *it->second;
        if (lit.literal.type() != ValueType::kString || v.OptionOf(lit.literal.as_string()) != nullptr) continue;
        std::string msg = "condition \"" + c.test.source() + "\": '" + lit.literal.ToText() + "' is not a choice of '" +
                          v.name + "'";
        if (const Option* o = v.FindOption(lit.literal.as_string())) {
          msg += "; it is the label of '" + o->value + "': conditions compare values";
        } else {
          msg += " (choices: " + v.OptionList() + ")";
        }
        problems_.Add(src_.InAttributeValue(c.when, "test", lit.column), c.element, c.id, msg);
      }
    }
  }

  // A condition as written, kept until every variable is declared.
  struct WrittenCondition {
    pugi::xml_node when;
    std::string element, id;
    Expression test;
  };

  std::string_view xml_;
  XmlSource src_;
  const ProcessContext& context_;
  Problems problems_;
  std::vector<WrittenCondition> conditions_;
};

}  // namespace

bool IsValidId(std::string_view id) {
  if (id.empty()) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (!IsIdentifierChar(id[i], i == 0)) return false;
  }
  return true;
}

Result<ProcessDefinition> ParseProcess(std::string_view xml, std::string_view file,
                                       const ProcessContext& context) {
  return ProcessReader(xml, file, context).Read();
}

}  // namespace krabuan
