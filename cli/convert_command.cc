#include "cli/convert_command.h"

#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/app.h"
#include "engine/bpmn/bpmn_import.h"
#include "engine/parse/process_parser.h"

namespace krabuan::cli {
namespace {

std::optional<std::string> Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

Result<bpmn::ImportOptions> OptionsFrom(const ConvertArgs& args, const std::string& path) {
  bpmn::ImportOptions o;
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
  o.find_process = bpmn::FindInFolderOf(path);
  return o;
}

}  // namespace

Result<SourceFile> ConvertIfBpmn(SourceFile file, const ConvertArgs& args) {
  if (!bpmn::LooksLikeBpmn(file.path, file.content)) return file;
  Result<bpmn::ImportOptions> options = OptionsFrom(args, file.path);
  if (!options.ok()) return options.status();
  Result<bpmn::ImportResult> r = bpmn::ImportBpmn(file.content, file.path, *options);
  if (!r.ok()) return r.status();
  // Problems the native checks find are reported against the converted text, which
  // `krabuan convert` prints; its comments name the BPMN element of each step.
  return SourceFile{file.path + " (converted)", std::move(r->xml)};
}

int CmdConvert(const GlobalOptions&, const ConvertArgs& args, Io io) {
  std::optional<std::string> text = Slurp(args.file);
  if (!text) return Fail(Status::Invalid(args.file + ": cannot read the file"), io.err);
  Result<bpmn::ImportOptions> options = OptionsFrom(args, args.file);
  if (!options.ok()) return Fail(options.status(), io.err);
  Result<bpmn::ImportResult> r = bpmn::ImportBpmn(*text, args.file, *options);
  if (!r.ok()) return Fail(r.status(), io.err);
  // The output must read back as a process file; roles are checked when it is deployed.
  Result<ProcessDefinition> back = ParseProcess(r->xml, args.file + " (converted)");
  if (!back.ok()) return Fail(back.status(), io.err);
  if (args.out.empty()) {
    io.out << r->xml;
    return kExitOk;
  }
  std::ofstream out(args.out, std::ios::binary);
  out << r->xml;
  out.close();
  if (!out) return Fail(Status::Invalid(args.out + ": cannot write the file"), io.err);
  return kExitOk;
}

}  // namespace krabuan::cli
