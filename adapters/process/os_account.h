// Who runs this process, as the OS knows it: never the environment ($USER, $LOGNAME),
// which anyone can set.
#pragma once

#include <string>

namespace krabuan {

// The name of the effective user's account (getpwuid_r); "uid N" when it has none.
std::string OsAccountName();

// True when the effective user owns the file at `path` and neither its group nor others
// may write it: nothing a command run as anyone could do to the file that its owner could
// not do by hand. False when the file cannot be examined.
bool OwnedAlone(const std::string& path);

}  // namespace krabuan
