// Real OS accounts for the identity tests (root only, as CI runs): the office's staff
// group and three accounts in it, created when missing and left in place, so tests may
// run side by side. The org file of the bundled processes maps two logins to them.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/cli_runner.h"

namespace krabuan::clitest {

inline constexpr const char* kStaffGroup = "krabuan-t-staff";
inline constexpr const char* kP33Account = "krabuan-t-p33";          // os-user of p33 (a budget analyst)
inline constexpr const char* kAdminAccount = "krabuan-t-admin";      // os-user of admin
inline constexpr const char* kOutsiderAccount = "krabuan-t-outsider";  // in the group, no user in the org file

// Creates the group and the accounts when missing; false (with why) when that fails.
bool EnsureTestAccounts(std::string& why);

gid_t GroupId(const char* name);
uid_t UserId(const char* name);

// Copies the bundled processes to `folder`, with an org file that maps p33 and admin to
// their accounts (os-user=).
void CopyProcessesWithAccounts(const std::filesystem::path& folder);

// Runs the binary as `account` (its uid, the staff group, its groups) with exactly `env`
// on top of the inherited environment, and $USER / $LOGNAME claiming "admin", which the
// binary must not believe.
CliResult RunAsAccount(const char* account, const std::vector<std::string>& args,
                       std::map<std::string, std::optional<std::string>> env);

}  // namespace krabuan::clitest
