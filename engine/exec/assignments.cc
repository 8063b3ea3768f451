#include "engine/exec/assignments.h"

#include "engine/text/ascii.h"

namespace krabuan {

Result<Value> ParseAssigned(const VariableDecl& decl, const std::string& text) {
  Result<Value> v = decl.Accept(text);
  if (!v.ok()) {
    return Status::Invalid("variable '" + decl.name + "' (" + std::string(ValueTypeName(decl.type)) +
                           "): " + v.status().message());
  }
  return v;
}

bool IsBlank(std::string_view text) { return Trim(text).empty(); }

std::string DeclNames(const std::vector<VariableDecl>& decls) {
  std::string out;
  for (const VariableDecl& d : decls) {
    if (!out.empty()) out += ", ";
    out += d.name;
  }
  return out.empty() ? "none" : out;
}

std::string RequiredMessage(const std::string& what, const VariableDecl& decl, bool blank) {
  std::string msg = what + " (" + std::string(ValueTypeName(decl.type)) + ") is required";
  msg += blank ? " and may not be blank" : ": --set " + decl.name + "=...";
  if (!decl.options.empty()) msg += " (one of " + decl.OptionList() + ")";
  return msg;
}

std::string TwiceMessage(const std::string& what, const std::vector<NamedText>& given, const std::string& name) {
  std::string values;
  for (const auto& [n, text] : given) {
    if (n == name) values += (values.empty() ? "'" : ", '") + text + "'";
  }
  return what + " is given more than once (" + values + "); give each name once";
}

}  // namespace krabuan
