#include "adapters/sqlite/write_lock.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <mutex>

namespace krabuan::sqlite {
namespace {

// Closing any descriptor of a file drops every POSIX lock this process holds on it,
// SQLite's own included; so the descriptors used to ask are never closed. One per file
// and inode: a "-shm" file removed by the last connection to close and made again by the
// next is a new file, asked through a new descriptor.
int Descriptor(const std::string& path) {
  static std::mutex mu;
  static std::map<std::string, int> open;
  std::lock_guard<std::mutex> lock(mu);
  struct stat now{};
  if (::stat(path.c_str(), &now) != 0) return -1;
  auto it = open.find(path);
  if (it != open.end()) {
    struct stat had{};
    if (::fstat(it->second, &had) == 0 && had.st_dev == now.st_dev && had.st_ino == now.st_ino) return it->second;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) open[path] = fd;   // an older descriptor stays open (see above)
  return fd;
}

// The pid of a lock on [start, start + len) of `fd` that a lock of `type` would conflict
// with: F_WRLCK asks for any holder, F_RDLCK for exclusive holders only.
std::optional<std::int64_t> Holder(int fd, off_t start, off_t len, short type) {
  if (fd < 0) return std::nullopt;
  struct flock fl{};
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_start = start;
  fl.l_len = len;
  if (fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type == F_UNLCK || fl.l_pid <= 0) return std::nullopt;
  return static_cast<std::int64_t>(fl.l_pid);
}

// sqlite3.c (unix VFS): UNIX_SHM_BASE, then WAL_WRITE_LOCK, WAL_CKPT_LOCK,
// WAL_RECOVER_LOCK, WAL_READ_LOCK(0..4); and the main file's PENDING_BYTE, RESERVED_BYTE,
// SHARED_FIRST / SHARED_SIZE.
constexpr off_t kShmBase = 120;
constexpr off_t kPendingByte = 0x40000000;
constexpr off_t kReservedByte = kPendingByte + 1;
constexpr off_t kSharedFirst = kPendingByte + 2;
constexpr off_t kSharedSize = 510;

}  // namespace

std::optional<std::int64_t> WriteLockHolder(const std::string& db_path) {
  return Holder(Descriptor(db_path + "-shm"), kShmBase, 1, F_WRLCK);
}

std::optional<LockHolder> BlockingLockHolder(const std::string& db_path) {
  if (std::optional<std::int64_t> pid = WriteLockHolder(db_path)) return LockHolder{*pid, "write lock"};
  int shm = Descriptor(db_path + "-shm");
  static const char* const kShmLocks[] = {"checkpoint lock", "recovery lock", "read lock 0", "read lock 1",
                                          "read lock 2",     "read lock 3",   "read lock 4"};
  for (off_t i = 0; i < 7; ++i) {
    if (std::optional<std::int64_t> pid = Holder(shm, kShmBase + 1 + i, 1, F_RDLCK)) {
      return LockHolder{*pid, kShmLocks[i]};
    }
  }
  int db = Descriptor(db_path);
  if (std::optional<std::int64_t> pid = Holder(db, kPendingByte, 1, F_RDLCK)) return LockHolder{*pid, "pending lock"};
  if (std::optional<std::int64_t> pid = Holder(db, kReservedByte, 1, F_RDLCK)) return LockHolder{*pid, "reserved lock"};
  if (std::optional<std::int64_t> pid = Holder(db, kSharedFirst, kSharedSize, F_RDLCK)) {
    return LockHolder{*pid, "exclusive lock"};
  }
  return std::nullopt;
}

}  // namespace krabuan::sqlite
