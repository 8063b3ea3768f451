#include "adapters/sqlite/write_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <map>
#include <mutex>

namespace krabuan::sqlite {
namespace {

// Closing any descriptor of a file drops every POSIX lock this process holds on it,
// SQLite's own included; so the descriptor used to ask is opened once per file and
// never closed.
int ShmDescriptor(const std::string& db_path) {
  static std::mutex mu;
  static std::map<std::string, int> open;
  std::lock_guard<std::mutex> lock(mu);
  auto it = open.find(db_path);
  if (it != open.end() && it->second >= 0) return it->second;
  int fd = ::open((db_path + "-shm").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) open[db_path] = fd;
  return fd;
}

constexpr off_t kWalWriteLockByte = 120;   // sqlite3.c: UNIX_SHM_BASE + WAL_WRITE_LOCK

}  // namespace

std::optional<std::int64_t> WriteLockHolder(const std::string& db_path) {
  int fd = ShmDescriptor(db_path);
  if (fd < 0) return std::nullopt;
  struct flock fl{};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = kWalWriteLockByte;
  fl.l_len = 1;
  if (fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type == F_UNLCK || fl.l_pid <= 0) return std::nullopt;
  return static_cast<std::int64_t>(fl.l_pid);
}

}  // namespace krabuan::sqlite
