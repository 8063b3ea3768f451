// A store that keeps the runtime state in this process's memory: for tests and tools that
// need no file. It keeps the contract of engine/store/ as the SQLite store does (the same
// orderings, paging, totals, id sequences and refusals; tests/store/ checks both), except
// that nothing outlives the Store object and there is one connection only.
#pragma once

#include <memory>

#include "engine/store/store.h"

namespace krabuan {

// An empty store. Single-threaded; one transaction at a time, as for any Store.
std::unique_ptr<Store> MakeMemoryStore();

}  // namespace krabuan
