// Who runs this process, as the OS knows it: never the environment ($USER, $LOGNAME),
// which anyone can set.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace krabuan {

// The name of the effective user's account (getpwuid_r); "uid N" when it has none.
std::string OsAccountName();
// The same for any uid (the service names a socket peer's account).
std::string OsAccountNameOf(uid_t uid);

// True when the effective user owns the file at `path` and neither its group nor others
// may write it: nothing a command run as anyone could do to the file that its owner could
// not do by hand. False when the file cannot be examined.
bool OwnedAlone(const std::string& path);
// The same for the account `uid` (a socket peer of the service).
bool OwnedAloneBy(const std::string& path, uid_t uid);

// The id of the group `name`, when there is one.
std::optional<gid_t> GroupNamed(const std::string& name);

}  // namespace krabuan
