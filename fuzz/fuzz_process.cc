// Fuzzes the process-file parser (ParseProcess) and, on every file that parses, the
// deploy-time checks of engine/validate/: CheckStructure (with and without the org file)
// and CheckSoundness with small bounds, so one input stays well under a second.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/parse/process_parser.h"
#include "engine/validate/soundness.h"
#include "engine/validate/structure.h"
#include "fuzz/fuzz_support.h"

namespace {

constexpr std::size_t kMaxStates = 2000;
constexpr std::size_t kMaxTokens = 8;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  krabuan::fuzz::ProjectOrg();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace krabuan;
  std::string_view xml(reinterpret_cast<const char*>(data), size);

  // Without a context: the role and login checks are skipped, so more mutated files
  // reach the validators.
  Result<ProcessDefinition> def = ParseProcess(xml, "fuzz.xml");
  if (!def.ok()) {
    (void)def.status().lines();
    return 0;
  }

  const Org* org = fuzz::ProjectOrg();
  std::vector<Finding> findings = CheckStructure(*def, org);
  for (const Finding& f : findings) (void)f.ToString();
  (void)HasErrors(findings);
  if (org != nullptr) (void)CheckStructure(*def, nullptr);

  SoundnessReport report = CheckSoundness(*def, kMaxStates, kMaxTokens);
  (void)report.ToString();

  // With the org file as context: the role and login checks of the parser.
  if (org != nullptr) {
    ProcessContext context;
    context.role_exists = [org](std::string_view role) { return org->FindRole(role) != nullptr; };
    context.login_exists = [org](std::string_view login) { return org->FindUser(login) != nullptr; };
    Result<ProcessDefinition> checked = ParseProcess(xml, "fuzz.xml", context);
    if (!checked.ok()) (void)checked.status().lines();
  }
  return 0;
}
