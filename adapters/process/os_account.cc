#include "adapters/process/os_account.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

namespace krabuan {

std::string OsAccountName() { return OsAccountNameOf(geteuid()); }

std::string OsAccountNameOf(uid_t uid) {
  long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(size > 0 ? static_cast<std::size_t>(size) : 16384);
  passwd pw{};
  passwd* found = nullptr;
  if (getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == 0 && found != nullptr && found->pw_name != nullptr) {
    return found->pw_name;
  }
  return "uid " + std::to_string(uid);
}

bool OwnedAlone(const std::string& path) { return OwnedAloneBy(path, geteuid()); }

bool OwnedAloneBy(const std::string& path, uid_t uid) {
  struct stat st{};
  if (stat(path.c_str(), &st) != 0) return false;
  return st.st_uid == uid && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

std::optional<gid_t> GroupNamed(const std::string& name) {
  long size = sysconf(_SC_GETGR_R_SIZE_MAX);
  std::vector<char> buf(size > 0 ? static_cast<std::size_t>(size) : 16384);
  group gr{};
  group* found = nullptr;
  if (getgrnam_r(name.c_str(), &gr, buf.data(), buf.size(), &found) == 0 && found != nullptr) return found->gr_gid;
  return std::nullopt;
}

}  // namespace krabuan
