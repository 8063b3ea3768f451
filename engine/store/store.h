// The store interface: how the engine reads and writes runtime state. No SQLite types
// here; adapters/sqlite implements it, adapters/memory keeps it in memory (tests), and a
// PostgreSQL store can follow. tests/store/ holds the contract every store must pass.
//
// A transaction is the sum of role interfaces, one header each (each method's contract
// is written there):
//   definition_store.h   deployed definitions and the org and holidays documents
//   instance_store.h     instances, tokens, variables, history
//   task_store.h         tasks and task listings
//   timer_store.h        timers, recurring starts, the daemon row
//   absence_store.h      absences
//   token_store.h        API tokens
//   audit_store.h        the audit log, its checkpoints, and whole-database reads for it
//   alert_store.h        alerts and their deliveries
//   transaction_control.h  savepoints and the commit
// Code that needs one role may take that interface; a StoreTransaction is each of them.
#pragma once

#include <memory>
#include <set>

#include "engine/status.h"
#include "engine/store/absence_store.h"
#include "engine/store/alert_store.h"
#include "engine/store/audit_store.h"
#include "engine/store/definition_store.h"
#include "engine/store/instance_store.h"
#include "engine/store/page.h"
#include "engine/store/task_store.h"
#include "engine/store/timer_store.h"
#include "engine/store/token_store.h"
#include "engine/store/transaction_control.h"

namespace krabuan {

// A unit of work against the store. Writes become visible only at Commit(); a
// transaction destroyed without Commit() rolls back, and so does every id it handed out
// (a later transaction may be given the same ids). A write transaction reads its own
// writes. A read transaction sees one consistent snapshot, and each method whose contract
// says "Write." returns Internal in it, changing nothing. An error from one call (Conflict,
// NotFound, ...) changes nothing and leaves the transaction usable. Not thread-safe: one
// per thread.
class StoreTransaction : public DefinitionStore,
                         public InstanceStore,
                         public TaskStore,
                         public TimerStore,
                         public AbsenceStore,
                         public TokenStore,
                         public AuditStore,
                         public AlertStore,
                         public TransactionControl {
 public:
  ~StoreTransaction() override = default;

  // The cases this transaction changed (the engine notes each case it appends history
  // to), sealed in the audit log before it commits (engine/exec/audit_append.h).
  std::set<InstanceId> changed_cases;
};

// One connection to the runtime state: at most one transaction open at a time (beginning
// another while one is open is an error). Transactions are begun from one thread at a time.
class Store {
 public:
  virtual ~Store() = default;
  // A writer: takes the write lock at once (BEGIN IMMEDIATE in SQLite), so two writers
  // never deadlock on upgrade; waits up to the store's busy timeout, then Busy.
  virtual Result<std::unique_ptr<StoreTransaction>> BeginWrite() = 0;
  // A reader: a consistent snapshot; write methods fail.
  virtual Result<std::unique_ptr<StoreTransaction>> BeginRead() = 0;
};

}  // namespace krabuan
