// Who holds a database's write lock. In WAL mode SQLite's writer holds a POSIX record
// lock on one byte of the "-shm" file (offset 120, WAL_WRITE_LOCK); the kernel names the
// process that holds it (F_GETLK). Linux and the default unix VFS only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace krabuan::sqlite {

// The pid (in this process's PID namespace) holding the write lock of the database at
// `db_path`, or nullopt when none does, it cannot be told (no -shm file, a lock held from
// another machine or namespace), or it is this process.
std::optional<std::int64_t> WriteLockHolder(const std::string& db_path);

}  // namespace krabuan::sqlite
