// Every process file shipped in processes/ passes the deploy-time checks: no structural
// error against the real org file, and a proof of soundness.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/parse/org_parser.h"
#include "engine/parse/process_parser.h"
#include "engine/validate/soundness.h"
#include "engine/validate/structure.h"

namespace krabuan {
namespace {

std::filesystem::path ProcessesDir() { return std::filesystem::path(KRABUAN_SOURCE_DIR) / "processes"; }

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

std::vector<std::filesystem::path> ProcessFiles() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(ProcessesDir())) {
    if (entry.path().extension() != ".xml" || entry.path().filename() == "org.xml") continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ValidateBundledProcesses, EachHasNoStructuralErrorAndProvesSound) {
  Result<Org> org = ParseOrg(ReadFile(ProcessesDir() / "org.xml"), "org.xml");
  ASSERT_TRUE(org.ok()) << org.status().message();
  ProcessContext context;
  context.role_exists = [&](std::string_view role) { return org->FindRole(role) != nullptr; };
  context.login_exists = [&](std::string_view login) { return org->FindUser(login) != nullptr; };

  std::vector<std::filesystem::path> files = ProcessFiles();
  ASSERT_GE(files.size(), 20u);
  for (const std::filesystem::path& file : files) {
    std::string name = file.filename().string();
    SCOPED_TRACE(name);
    Result<ProcessDefinition> def = ParseProcess(ReadFile(file), name, context);
    ASSERT_TRUE(def.ok()) << def.status().message();

    std::vector<Finding> findings = CheckStructure(*def, &*org);
    std::string all;
    for (const Finding& f : findings) all += f.ToString() + "\n";
    EXPECT_FALSE(HasErrors(findings)) << all;
    // Warnings are allowed (a choice without <otherwise> whose conditions the author
    // made exhaustive); they are printed so a reader sees them.
    if (!findings.empty()) std::cout << all;

    SoundnessReport report = CheckSoundness(*def);
    EXPECT_EQ(report.verdict, SoundnessReport::Verdict::kSound) << report.ToString();
  }
}

}  // namespace
}  // namespace krabuan
