// What every command needs: the global options, an opened store and an engine.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "engine/time/clock.h"
#include "engine/engine.h"
#include "engine/store/store.h"

namespace krabuan::cli {

struct GlobalOptions {
  std::string db;          // --db, KRABUAN_DB, else the user's data directory
  std::string as;          // --as, KRABUAN_USER: act as this login (Engine::Identify decides whether it may)
  bool json = false;       // --json
  std::string now;         // --now, KRABUAN_NOW (ISO-8601), else the system clock
};

// The database path when none is given: $XDG_DATA_HOME/krabuan/krabuan.db, or
// ~/.local/share/krabuan/krabuan.db.
std::string DefaultDatabasePath();

// What a command does with the database.
enum class Access {
  kInit,    // init: may create the file, its folder and the schema
  kWrite,   // an existing Krabuan database, written
  kRead,    // an existing Krabuan database, only read: opened read-only, so a backup or a
            // copy the user cannot write to serves as well
};

class Session {
 public:
  // Opens the store as `access` allows; any command but init refuses a missing file, an
  // empty one and another program's database (Storage) without changing it. The clock is
  // `clock` when given (the daemon's accelerated clocks), else fixed by --now, else the system's.
  // `notice` hears of a frozen writer the store had to kill (stderr when not given).
  static Result<std::unique_ptr<Session>> Open(const GlobalOptions& options, Access access,
                                               std::unique_ptr<Clock> clock = nullptr,
                                               std::function<void(const std::string&)> notice = nullptr);

  Engine& engine() { return *engine_; }
  // Who the command acts as: the OS account's user, or --as where Engine::Identify allows
  // it. Asked once, when a command first needs it (the daemon and `init` act as no one).
  Result<Actor> actor();
  const GlobalOptions& options() const { return options_; }
  Instant now() const { return clock_->Now(); }
  const Clock& clock() const { return *clock_; }

 private:
  GlobalOptions options_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Engine> engine_;
  Caller caller_;
  std::optional<Result<Actor>> actor_;
};

// The exit code for a failure of this kind: 1 for the caller's (a refusal, a bad value),
// 3 for the database's or the program's.
int ExitCodeFor(ErrorKind kind);

// Prints a failed status as one line per problem, control characters escaped, and
// returns its exit code.
int Fail(const Status& status, std::ostream& err);

}  // namespace krabuan::cli
