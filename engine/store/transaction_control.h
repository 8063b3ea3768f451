// The part of a store transaction that is about the transaction itself: savepoints and
// the commit.
#pragma once

#include "engine/status.h"

namespace krabuan {

class TransactionControl {
 public:
  virtual ~TransactionControl() = default;

  // Nested atomic steps inside a write transaction (SAVEPOINT in SQLite), so one failing
  // step of a batch is undone without undoing the others. Savepoints nest as a stack:
  //  - Savepoint() opens a new innermost one.
  //  - RollbackToSavepoint() undoes every write made since the innermost one opened and
  //    leaves it open: the caller still releases it.
  //  - ReleaseSavepoint() closes the innermost one and keeps its writes (they are still
  //    undone if the transaction rolls back).
  // All three are writes: a read transaction gets Internal. Release or rollback with no
  // savepoint open is an error (Internal) and changes nothing. Commit() ends any that are
  // still open, keeping their writes.
  virtual Status Savepoint() = 0;
  virtual Status ReleaseSavepoint() = 0;
  virtual Status RollbackToSavepoint() = 0;

  // Makes the transaction's writes visible to later transactions, all at once; a read
  // transaction just ends. When it fails, the transaction stays uncommitted and rolls back
  // when destroyed. After a successful Commit() the transaction may only be destroyed.
  virtual Status Commit() = 0;
};

}  // namespace krabuan
