#include "cli/convert_command.h"

#include <ostream>

#include "cli/app.h"
#include "cli/files.h"
#include "engine/bpmn_conversion.h"

namespace krabuan::cli {
namespace {

Result<BpmnConversion> OptionsFrom(const ConvertArgs& args) {
  BpmnConversion o;
  o.default_role = args.default_role;
  o.refuse_automatic_tasks = args.no_automatic_tasks;
  o.process_id = args.process;
  for (const std::string& m : args.role_map) {
    std::size_t eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) {
      return Status::Invalid("--role-map '" + m + "': expected GROUP=ROLE");
    }
    o.role_map[m.substr(0, eq)] = m.substr(eq + 1);
  }
  return o;
}

}  // namespace

Result<SourceFile> ConvertIfBpmn(SourceFile file, const ConvertArgs& args) {
  Result<BpmnConversion> options = OptionsFrom(args);
  if (!options.ok()) return options.status();
  return AsProcessFile(std::move(file), *options);
}

int CmdConvert(const GlobalOptions& g, const ConvertArgs& args, Io io) {
  Files& files = FilesOf(g);
  Result<std::string> text = files.Read(args.file);
  if (!text.ok()) return Fail(text.status(), io.err);
  Result<BpmnConversion> options = OptionsFrom(args);
  if (!options.ok()) return Fail(options.status(), io.err);
  Result<std::string> xml = ConvertBpmn(SourceFile{args.file, std::move(*text)}, *options);
  if (!xml.ok()) return Fail(xml.status(), io.err);
  if (args.out.empty()) {
    io.out << *xml;
    return kExitOk;
  }
  Status written = files.Write(args.out, *xml);
  if (!written.ok()) return Fail(written, io.err);
  return kExitOk;
}

}  // namespace krabuan::cli
