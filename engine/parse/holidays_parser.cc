// Reading the holidays file (the only pugixml use for calendars lives with the other
// XML readers).
#include "engine/parse/holidays_parser.h"

#include <pugixml.hpp>

#include "engine/parse/xml_source.h"
#include "engine/text/ascii.h"
#include "engine/time/holiday_calendar.h"

namespace krabuan {
namespace {

using std::chrono::sys_days;

long long Key(Date d) { return sys_days(d).time_since_epoch().count(); }

constexpr std::string_view kKinds[] = {"fixed", "movable", "substitution", "special"};

// Reads a required date attribute; reports and returns false when it is absent or bad.
bool ReadDateAttribute(const parse::XmlSource& src, const pugi::xml_node& node,
                       const char* name, parse::Problems& problems, Date* out) {
  pugi::xml_attribute a = node.attribute(name);
  if (!a) {
    problems.Add(src.Of(node), node.name(), "",
                 std::string("missing attribute '") + name + "' (a date such as 2025-01-01)");
    return false;
  }
  Result<Date> d = ParseWrittenDate(a.value());
  if (!d.ok()) {
    problems.Add(src.OfAttribute(node, name), node.name(), "", d.status().message());
    return false;
  }
  *out = *d;
  return true;
}

}  // namespace

Result<HolidayCalendar> ParseHolidays(std::string_view xml, std::string_view file) {
  parse::XmlSource src(xml, std::string(file));
  parse::Problems problems;
  pugi::xml_document doc;
  if (!parse::LoadXml(src, xml, doc, problems)) return problems.ToStatus();

  pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "holidays") {
    problems.Add(src.Of(root), "", "", "the root element must be <holidays>");
    return problems.ToStatus();
  }
  parse::CheckAttributes(src, root, {"from", "to"}, "", problems);
  HolidayCalendar cal;
  Date from{}, to{};
  bool have_from = ReadDateAttribute(src, root, "from", problems, &from);
  bool have_to = ReadDateAttribute(src, root, "to", problems, &to);
  bool have_range = have_from && have_to;
  if (have_range && sys_days(to) < sys_days(from)) {
    problems.Add(src.OfAttribute(root, "to"), "holidays", "",
                 "'to' (" + FormatIsoDate(to) + ") is before 'from' (" + FormatIsoDate(from) + ")");
    have_range = false;
  }
  if (have_range) cal.SetCoverage(from, to);

  std::map<long long, SourceLocation> first_seen;
  for (pugi::xml_node node : root.children()) {
    if (node.type() == pugi::node_comment) continue;
    if (node.type() != pugi::node_element) {
      problems.Add(src.Of(node), "holidays", "", "unexpected text; only <holiday> elements belong here");
      continue;
    }
    if (std::string_view(node.name()) != "holiday") {
      problems.Add(src.Of(node), "", "",
                   "unknown element <" + std::string(node.name()) + "> (expected <holiday>)");
      continue;
    }
    std::string_view date_text = node.attribute("date").value();
    parse::CheckAttributes(src, node, {"date", "name", "kind"}, date_text, problems);
    if (node.first_child()) {
      problems.Add(src.Of(node.first_child()), "holiday", date_text, "<holiday> has no content");
    }
    Date d{};
    bool date_ok = ReadDateAttribute(src, node, "date", problems, &d);
    std::string_view name = node.attribute("name").value();
    if (!node.attribute("name")) {
      problems.Add(src.Of(node), "holiday", date_text, "missing attribute 'name'");
    } else if (Trim(name).empty()) {
      problems.Add(src.OfAttribute(node, "name"), "holiday", date_text, "the name is empty");
    } else if (Trim(name).size() != name.size()) {
      problems.Add(src.OfAttribute(node, "name"), "holiday", date_text,
                   "the name starts or ends with a space");
    }
    if (pugi::xml_attribute kind = node.attribute("kind")) {
      bool known = false;
      for (std::string_view k : kKinds) known = known || k == kind.value();
      if (!known) {
        problems.Add(src.OfAttribute(node, "kind"), "holiday", date_text,
                     "unknown kind '" + std::string(kind.value()) +
                         "' (expected fixed, movable, substitution or special)");
      }
    }
    if (!date_ok) continue;
    if (have_range && !cal.Covers(d)) {
      problems.Add(src.OfAttribute(node, "date"), "holiday", date_text,
                   "the date is outside the file's range " + FormatIsoDate(from) + ".." +
                       FormatIsoDate(to));
    }
    auto [it, inserted] = first_seen.emplace(Key(d), src.Of(node));
    if (!inserted) {
      problems.Add(src.Of(node), "holiday", date_text,
                   "duplicate date (first listed at " + it->second.ToString() + ")");
      continue;
    }
    cal.Add(d, std::string(name));
  }
  if (!problems.empty()) return problems.ToStatus();
  return cal;
}

}  // namespace krabuan
