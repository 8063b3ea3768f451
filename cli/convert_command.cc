#include "cli/convert_command.h"

#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/app.h"
#include "engine/bpmn_conversion.h"

namespace krabuan::cli {
namespace {

std::optional<std::string> Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

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

int CmdConvert(const GlobalOptions&, const ConvertArgs& args, Io io) {
  std::optional<std::string> text = Slurp(args.file);
  if (!text) return Fail(Status::Invalid(args.file + ": cannot read the file"), io.err);
  Result<BpmnConversion> options = OptionsFrom(args);
  if (!options.ok()) return Fail(options.status(), io.err);
  Result<std::string> xml = ConvertBpmn(SourceFile{args.file, std::move(*text)}, *options);
  if (!xml.ok()) return Fail(xml.status(), io.err);
  if (args.out.empty()) {
    io.out << *xml;
    return kExitOk;
  }
  std::ofstream out(args.out, std::ios::binary);
  out << *xml;
  out.close();
  if (!out) return Fail(Status::Invalid(args.out + ": cannot write the file"), io.err);
  return kExitOk;
}

}  // namespace krabuan::cli
