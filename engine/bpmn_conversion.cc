#include "engine/bpmn_conversion.h"

#include "engine/bpmn/bpmn_import.h"
#include "engine/parse/process_parser.h"

namespace krabuan {
namespace {

bpmn::ImportOptions ImportOptionsFor(const SourceFile& file, const BpmnConversion& options) {
  bpmn::ImportOptions o;
  o.default_role = options.default_role;
  o.role_map = options.role_map;
  o.refuse_automatic_tasks = options.refuse_automatic_tasks;
  o.process_id = options.process_id;
  o.find_process = bpmn::FindInFolderOf(file.path);
  return o;
}

}  // namespace

Result<std::string> ConvertBpmn(const SourceFile& file, const BpmnConversion& options) {
  Result<bpmn::ImportResult> r = bpmn::ImportBpmn(file.content, file.path, ImportOptionsFor(file, options));
  if (!r.ok()) return r.status();
  Result<ProcessDefinition> back = ParseProcess(r->xml, file.path + " (converted)");
  if (!back.ok()) return back.status();
  return std::move(r->xml);
}

Result<SourceFile> AsProcessFile(SourceFile file, const BpmnConversion& options) {
  if (!bpmn::LooksLikeBpmn(file.path, file.content)) return file;
  Result<bpmn::ImportResult> r = bpmn::ImportBpmn(file.content, file.path, ImportOptionsFor(file, options));
  if (!r.ok()) return r.status();
  return SourceFile{file.path + " (converted)", std::move(r->xml)};
}

}  // namespace krabuan
