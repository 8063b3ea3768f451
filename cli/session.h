// What every command needs: the global options, an opened store and an engine.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "engine/clock.h"
#include "engine/engine.h"
#include "engine/store/store.h"

namespace krabuan::cli {

struct GlobalOptions {
  std::string db;          // --db, KRABUAN_DB, else the user's data directory
  std::string as;          // --as, KRABUAN_USER, else the OS login
  bool json = false;       // --json
  std::string now;         // --now, KRABUAN_NOW (ISO-8601), else the system clock
};

// The database path when none is given: $XDG_DATA_HOME/krabuan/krabuan.db, or
// ~/.local/share/krabuan/krabuan.db.
std::string DefaultDatabasePath();
// The login when none is given: $KRABUAN_USER, else $USER / $LOGNAME, else the uid's name.
std::string DefaultLogin();

class Session {
 public:
  // Opens the store (creating the file and its folder when `create`). The clock is
  // `clock` when given (the daemon's accelerated clocks), else fixed by --now, else the system's.
  static Result<std::unique_ptr<Session>> Open(const GlobalOptions& options, bool create,
                                               std::unique_ptr<Clock> clock = nullptr);

  Engine& engine() { return *engine_; }
  Actor actor() const { return Actor{options_.as}; }
  const GlobalOptions& options() const { return options_; }
  Instant now() const { return clock_->Now(); }
  // For parts beside the engine that work on the same database (alert delivery).
  Store& store() { return *store_; }
  const Clock& clock() const { return *clock_; }

 private:
  GlobalOptions options_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Engine> engine_;
};

// Prints a failed status as one line per problem, control characters escaped, and
// returns its exit code.
int Fail(const Status& status, std::ostream& err);

}  // namespace krabuan::cli
