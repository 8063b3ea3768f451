// The operations manual regenerated from the deployed process files: per procedure its
// objective, its steps with their actors, its flowchart and its timing table. The process
// files become the single source of the published manual.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/model/process_definition.h"
#include "engine/org/org.h"
#include "engine/plan/plan.h"

namespace krabuan {

struct ManualChapter {
  const ProcessDefinition* definition = nullptr;
  int version = 0;
  Plan plan;
  std::optional<std::string> flowchart_svg;   // none: Graphviz was not available
  std::string flowchart_file;                 // for Markdown: the SVG's file name beside it
};

struct ManualOptions {
  std::string title = "คู่มือปฏิบัติงาน";
  FiscalYear fiscal_year;
  std::string generated;                      // e.g. "24 พ.ย. 2569 09:00", shown in the footer
};

// Markdown (CommonMark with pipe tables): flowcharts are linked as images by
// `flowchart_file` (the caller writes those files).
std::string ManualMarkdown(const Org& org, const std::vector<ManualChapter>& chapters, const ManualOptions& options);
// One self-contained HTML page (UTF-8, inline SVG flowcharts, print-friendly CSS).
std::string ManualHtml(const Org& org, const std::vector<ManualChapter>& chapters, const ManualOptions& options);

}  // namespace krabuan
