#include "cli/session.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <ostream>

#include "adapters/process/os_account.h"
#include "adapters/sqlite/sqlite_store.h"
#include "cli/app.h"
#include "engine/text/escape.h"

namespace krabuan::cli {

std::string DefaultDatabasePath() {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = std::filesystem::path(home) / ".local" / "share";
  } else {
    base = ".";
  }
  return (base / "krabuan" / "krabuan.db").string();
}

Result<std::unique_ptr<Session>> Session::Open(const GlobalOptions& options, Access access,
                                               std::unique_ptr<Clock> clock,
                                               std::function<void(const std::string&)> notice) {
  if (options.served) return options.served->Open(options, access);
  auto s = std::unique_ptr<Session>(new Session());
  s->options_ = options;
  if (clock) {
    s->own_clock_ = std::move(clock);
  } else if (options.now.empty()) {
    s->own_clock_ = std::make_unique<SystemClock>();
  } else {
    Result<Instant> now = ParseWrittenInstant(options.now);
    if (!now.ok()) return Status::Invalid("--now / KRABUAN_NOW: " + now.status().message());
    s->own_clock_ = std::make_unique<FixedClock>(*now);
  }
  s->clock_ = s->own_clock_.get();
  std::filesystem::path path(options.db);
  std::error_code ec;
  if (access != Access::kInit && !std::filesystem::exists(path, ec)) {
    return Status::Storage("no database at '" + options.db + "'; run 'krabuan init' first (or set --db / KRABUAN_DB)");
  }
  if (access == Access::kInit && path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  SqliteOptions o;
  o.path = options.db;
  o.mode = access == Access::kInit    ? SqliteOptions::Mode::kCreate
           : access == Access::kWrite ? SqliteOptions::Mode::kReadWrite
                                      : SqliteOptions::Mode::kReadOnly;
  o.notice = std::move(notice);
  if (const char* sync = std::getenv("KRABUAN_SYNC"); sync && std::string_view(sync) == "normal") {
    o.sync = SqliteOptions::Sync::kNormal;
  }
  if (const char* busy = std::getenv("KRABUAN_BUSY_TIMEOUT"); busy && *busy) {
    char* end = nullptr;
    double seconds = std::strtod(busy, &end);
    if (end == busy || *end != '\0' || !(seconds >= 0 && seconds <= 3600)) {
      return Status::Invalid(std::string("KRABUAN_BUSY_TIMEOUT '") + busy +
                             "' is not a number of seconds (0 to 3600, e.g. 5 or 0.5)");
    }
    o.busy_timeout_ms = static_cast<int>(seconds * 1000);
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(o);
  if (!store.ok()) return store.status();
  s->store_ = std::move(store.value());
  s->own_engine_ = std::make_unique<Engine>(*s->store_, *s->clock_);
  s->engine_ = s->own_engine_.get();
  s->caller_ = Caller{OsAccountName(), options.as, OwnedAlone(options.db), ""};
  return s;
}

std::unique_ptr<Session> Session::Lent(const GlobalOptions& options, Engine& engine, const Clock& clock, Caller caller) {
  auto s = std::unique_ptr<Session>(new Session());
  s->options_ = options;
  s->clock_ = &clock;
  s->engine_ = &engine;
  s->caller_ = std::move(caller);
  return s;
}

Result<Actor> Session::actor() {
  if (!actor_) actor_ = engine_->Identify(caller_);
  return *actor_;
}

int ExitCodeFor(ErrorKind kind) {
  if (kind == ErrorKind::kOk) return kExitOk;
  return IsSystemFailure(kind) ? kExitInternal : kExitRefused;
}

namespace {
thread_local ErrorKind last_failure = ErrorKind::kOk;
}  // namespace

ErrorKind LastFailure() { return last_failure; }
void ForgetLastFailure() { last_failure = ErrorKind::kOk; }

int Fail(const Status& status, std::ostream& err) {
  last_failure = status.kind();
  for (const std::string& line : status.lines()) err << "krabuan: " << EscapeControls(line) << "\n";
  return ExitCodeFor(status.kind());
}

}  // namespace krabuan::cli
