#include "tests/support/os_accounts.h"

#include <grp.h>
#include <pwd.h>

#include <fstream>
#include <iterator>
#include <sstream>

namespace krabuan::clitest {
namespace {

namespace fs = std::filesystem;

// Runs a program as root; an account or group that is already there (exit 9) is fine.
bool Ensure(const std::string& program, const std::vector<std::string>& args, std::string& why) {
  CliResult r = RunProgram(program, args, {});
  if (r.exit_code == 0 || r.exit_code == 9) return true;
  std::ostringstream text;
  text << r;
  why = text.str();
  return false;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace

bool EnsureTestAccounts(std::string& why) {
  if (!Ensure("groupadd", {"--system", kStaffGroup}, why)) return false;
  for (const char* account : {kP33Account, kAdminAccount, kOutsiderAccount}) {
    if (!Ensure("useradd", {"--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--gid", kStaffGroup, account},
                why)) {
      return false;
    }
  }
  return true;
}

gid_t GroupId(const char* name) {
  const group* g = getgrnam(name);
  return g != nullptr ? g->gr_gid : static_cast<gid_t>(-1);
}

uid_t UserId(const char* name) {
  const passwd* p = getpwnam(name);
  return p != nullptr ? p->pw_uid : static_cast<uid_t>(-1);
}

void CopyProcessesWithAccounts(const fs::path& folder) {
  fs::copy(ProcessesDir(), folder, fs::copy_options::recursive);
  std::ifstream in(folder / "org.xml");
  std::string org((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  org = Replace(org, "login=\"p33\"", std::string("login=\"p33\" os-user=\"") + kP33Account + "\"");
  org = Replace(org, "login=\"admin\"", std::string("login=\"admin\" os-user=\"") + kAdminAccount + "\"");
  std::ofstream(folder / "org.xml", std::ios::trunc) << org;
}

CliResult RunAsAccount(const char* account, const std::vector<std::string>& args,
                       std::map<std::string, std::optional<std::string>> env) {
  env.emplace("USER", "admin");
  env.emplace("LOGNAME", "admin");
  std::vector<std::string> wrapped = {std::string("--reuid=") + account, std::string("--regid=") + kStaffGroup,
                                      "--init-groups", "--", KrabuanBinary()};
  wrapped.insert(wrapped.end(), args.begin(), args.end());
  CliResult r = RunProgram("setpriv", wrapped, env);
  r.args = args;
  return r;
}

}  // namespace krabuan::clitest
