// Who holds a database's locks. SQLite's unix VFS takes POSIX record locks: in WAL mode
// on bytes 120..127 of the "-shm" file (the write, checkpoint and recovery locks, then the
// five read-mark slots), and on the main file's lock bytes (pending, reserved, shared
// range) when it leaves or has not yet entered WAL mode. The kernel names the process
// holding a lock (F_GETLK). Linux and the default unix VFS only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace krabuan::sqlite {

// The pid (in this process's PID namespace) holding the write lock of the database at
// `db_path`, or nullopt when none does, it cannot be told (no -shm file, a lock held from
// another machine or namespace), or it is this process.
std::optional<std::int64_t> WriteLockHolder(const std::string& db_path);

struct LockHolder {
  std::int64_t pid = 0;
  std::string lock;   // which lock, in words: "write lock", "recovery lock", …
};

// The process that can keep this one out of the database at `db_path`: the holder of the
// write lock (whoever holds it, a writer blocks writers, and a writer stopped while it
// checks or rebuilds the WAL index blocks readers too), else the first process holding
// any other of SQLite's locks exclusively. Shared holders never block a reader or a
// writer in WAL mode, so they are not named. Nullopt as for WriteLockHolder.
std::optional<LockHolder> BlockingLockHolder(const std::string& db_path);

}  // namespace krabuan::sqlite
