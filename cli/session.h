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

class Files;
class ServedSessions;

struct GlobalOptions {
  std::string db;          // --db, KRABUAN_DB, else the user's data directory
  std::string as;          // --as, KRABUAN_USER: act as this login (Engine::Identify decides whether it may)
  bool json = false;       // --json
  std::string now;         // --now, KRABUAN_NOW (ISO-8601), else the system clock
  std::string server;      // --server, KRABUAN_SERVER: send the command to this service (cli/remote.h)

  // Set when the service runs a command for a client (cli/service.h): the session comes
  // from the service's warm engine, and files from the request, never the service's disk.
  ServedSessions* served = nullptr;
  Files* files = nullptr;
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

  // A session on an engine the caller keeps (the service's), acting for `caller`.
  static std::unique_ptr<Session> Lent(const GlobalOptions& options, Engine& engine, const Clock& clock, Caller caller);

  Engine& engine() { return *engine_; }
  // Who the command acts as: the OS account's user, or --as where Engine::Identify allows
  // it. Asked once, when a command first needs it (the daemon and `init` act as no one).
  Result<Actor> actor();
  const GlobalOptions& options() const { return options_; }
  Instant now() const { return clock_->Now(); }
  const Clock& clock() const { return *clock_; }

 private:
  GlobalOptions options_;
  std::unique_ptr<Clock> own_clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Engine> own_engine_;
  const Clock* clock_ = nullptr;
  Engine* engine_ = nullptr;
  Caller caller_;
  std::optional<Result<Actor>> actor_;
};

// Where the service's sessions come from (cli/service.cc).
class ServedSessions {
 public:
  virtual ~ServedSessions() = default;
  virtual Result<std::unique_ptr<Session>> Open(const GlobalOptions& options, Access access) = 0;
};

// The exit code for a failure of this kind: 1 for the caller's (a refusal, a bad value),
// 3 for the database's or the program's.
int ExitCodeFor(ErrorKind kind);

// Prints a failed status as one line per problem, control characters escaped, and
// returns its exit code.
int Fail(const Status& status, std::ostream& err);
// The kind of the last failure Fail printed on this thread (the service answers with
// the HTTP status it calls for); kOk when none since ForgetLastFailure.
ErrorKind LastFailure();
void ForgetLastFailure();

}  // namespace krabuan::cli
