#include "engine/render/manual.h"

#include <sstream>

#include "engine/render/markup.h"

namespace krabuan {
namespace {

// A Markdown table cell: no line breaks, pipes escaped.
std::string Cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string DueText(const PlannedStep& s) { return s.due ? FormatThaiDate(OfficeDate(*s.due)) : "-"; }

std::string ActorText(const PlannedStep& s) { return s.actor + (s.per_school ? " (ทุกสถานศึกษา)" : ""); }

// The outcomes a step offers, "เห็นชอบ / ไม่เห็นชอบ", or "".
std::string Outcomes(const ProcessDefinition& def, const std::string& node_id) {
  const Node* n = def.FindNode(node_id);
  std::string out;
  if (n == nullptr) return out;
  for (const Outcome& o : n->outcomes) out += (out.empty() ? "" : " / ") + o.label;
  return out;
}

}  // namespace

std::string ManualMarkdown(const Org& org, const std::vector<ManualChapter>& chapters, const ManualOptions& options) {
  std::ostringstream md;
  md << "# " << options.title << " " << org.group() << "\n\n" << org.office() << "\n\n";
  md << "ปีงบประมาณ " << options.fiscal_year.be << " · สร้างจากไฟล์กระบวนงานที่ใช้งานอยู่";
  if (!options.generated.empty()) md << " · " << options.generated;
  md << "\n\n## สารบัญ\n\n";
  for (std::size_t i = 0; i < chapters.size(); ++i) {
    md << i + 1 << ". [" << chapters[i].definition->name() << "](#" << chapters[i].definition->id() << ")\n";
  }
  for (std::size_t i = 0; i < chapters.size(); ++i) {
    const ManualChapter& c = chapters[i];
    const ProcessDefinition& d = *c.definition;
    md << "\n<a id=\"" << d.id() << "\"></a>\n\n## " << i + 1 << ". " << d.name() << "\n\n";
    md << "`" << d.id() << "` ฉบับที่ " << c.version << "\n\n";
    if (!d.description().empty()) md << "### วัตถุประสงค์\n\n" << d.description() << "\n\n";
    md << "### ขั้นตอนการปฏิบัติงาน\n\n";
    for (const PlannedStep& s : c.plan.steps) {
      md << s.number << ". " << s.name << " — " << ActorText(s);
      std::string outcomes = Outcomes(d, s.node_id);
      if (!outcomes.empty()) md << " (" << outcomes << ")";
      md << "\n";
    }
    md << "\n### Flow Chart การปฏิบัติงาน\n\n";
    if (c.flowchart_svg && !c.flowchart_file.empty()) {
      md << "![" << d.name() << "](" << c.flowchart_file << ")\n\n";
    } else {
      md << "(ไม่มีภาพ: ติดตั้ง Graphviz แล้วสร้างใหม่)\n\n";
    }
    md << "### ระยะเวลา/ปฏิทินการปฏิบัติงาน (ปีงบประมาณ " << options.fiscal_year.be << ")\n\n";
    md << "| ลำดับ | รายละเอียดงาน | ผู้รับผิดชอบ | เวลาดำเนินการ | ช่วงเวลา | กำหนดเสร็จ |\n";
    md << "|---|---|---|---|---|---|\n";
    for (const PlannedStep& s : c.plan.steps) {
      md << "| " << s.number << " | " << Cell(s.name) << " | " << Cell(ActorText(s)) << " | " << Cell(s.timing) << " | "
         << Cell(s.when) << " | " << DueText(s) << " |\n";
    }
  }
  return md.str();
}

std::string ManualHtml(const Org& org, const std::vector<ManualChapter>& chapters, const ManualOptions& options) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"th\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << EscapeMarkup(options.title)
    << " " << EscapeMarkup(org.group()) << "</title>\n<style>\n"
    << "body{font-family:'Noto Sans Thai','Sarabun','Loma',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
       "line-height:1.6}\n"
    << "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3rem .5rem;vertical-align:top}"
       "th{background:#eee}\n"
    << "section{page-break-before:always}figure svg{max-width:100%;height:auto}\n"
    << "</style>\n</head>\n<body>\n";
  h << "<h1>" << EscapeMarkup(options.title) << " " << EscapeMarkup(org.group()) << "</h1>\n<p>" << EscapeMarkup(org.office())
    << "</p>\n<p>ปีงบประมาณ " << options.fiscal_year.be << " · สร้างจากไฟล์กระบวนงานที่ใช้งานอยู่";
  if (!options.generated.empty()) h << " · " << EscapeMarkup(options.generated);
  h << "</p>\n<nav><h2>สารบัญ</h2><ol>\n";
  for (const ManualChapter& c : chapters) {
    h << "<li><a href=\"#" << c.definition->id() << "\">" << EscapeMarkup(c.definition->name()) << "</a></li>\n";
  }
  h << "</ol></nav>\n";
  for (std::size_t i = 0; i < chapters.size(); ++i) {
    const ManualChapter& c = chapters[i];
    const ProcessDefinition& d = *c.definition;
    h << "<section id=\"" << d.id() << "\">\n<h2>" << i + 1 << ". " << EscapeMarkup(d.name()) << "</h2>\n<p><code>"
      << d.id() << "</code> ฉบับที่ " << c.version << "</p>\n";
    if (!d.description().empty()) {
      h << "<h3>วัตถุประสงค์</h3>\n<p>" << EscapeMarkup(d.description()) << "</p>\n";
    }
    h << "<h3>ขั้นตอนการปฏิบัติงาน</h3>\n<ol>\n";
    for (const PlannedStep& s : c.plan.steps) {
      h << "<li>" << EscapeMarkup(s.name) << " — <em>" << EscapeMarkup(ActorText(s)) << "</em>";
      std::string outcomes = Outcomes(d, s.node_id);
      if (!outcomes.empty()) h << " (" << EscapeMarkup(outcomes) << ")";
      h << "</li>\n";
    }
    h << "</ol>\n<h3>Flow Chart การปฏิบัติงาน</h3>\n";
    if (c.flowchart_svg) {
      // Drop the XML prologue Graphviz writes; inline SVG starts at <svg.
      std::string svg = *c.flowchart_svg;
      std::size_t at = svg.find("<svg");
      h << "<figure>" << (at == std::string::npos ? svg : svg.substr(at)) << "</figure>\n";
    } else {
      h << "<p>(ไม่มีภาพ: ติดตั้ง Graphviz แล้วสร้างใหม่)</p>\n";
    }
    h << "<h3>ระยะเวลา/ปฏิทินการปฏิบัติงาน (ปีงบประมาณ " << options.fiscal_year.be << ")</h3>\n<table>\n"
      << "<tr><th>ลำดับ</th><th>รายละเอียดงาน</th><th>ผู้รับผิดชอบ</th><th>เวลาดำเนินการ</th><th>ช่วงเวลา</th>"
         "<th>กำหนดเสร็จ</th></tr>\n";
    for (const PlannedStep& s : c.plan.steps) {
      h << "<tr><td>" << s.number << "</td><td>" << EscapeMarkup(s.name) << "</td><td>" << EscapeMarkup(ActorText(s))
        << "</td><td>" << EscapeMarkup(s.timing) << "</td><td>" << EscapeMarkup(s.when) << "</td><td>" << DueText(s)
        << "</td></tr>\n";
    }
    h << "</table>\n</section>\n";
  }
  h << "</body>\n</html>\n";
  return h.str();
}

}  // namespace krabuan
