// The stores the contract suite (store_contract_test.cc) runs against: a new store joins
// the suite by adding its factory here.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "adapters/memory/memory_store.h"
#include "adapters/sqlite/sqlite_store.h"
#include "engine/store/store.h"
#include "tests/store/pg_test_server.h"

namespace krabuan::storetest {

struct StoreFactory {
  std::string name;   // the test-name suffix
  // An empty store; `dir` is a fresh folder it may keep its files in.
  std::function<Result<std::unique_ptr<Store>>(const std::filesystem::path& dir)> make;
};

// GoogleTest names a case's parameter by this (and ctest's list of the PostgreSQL cases by it).
inline void PrintTo(const StoreFactory& f, std::ostream* os) { *os << f.name; }

inline std::vector<StoreFactory> StoreFactories() {
  return {
      {"Sqlite",
       [](const std::filesystem::path& dir) {
         SqliteOptions o;
         o.path = (dir / "contract.db").string();
         o.sync = SqliteOptions::Sync::kNormal;
         return OpenSqliteStore(o);
       }},
      {"Memory", [](const std::filesystem::path&) { return Result<std::unique_ptr<Store>>(MakeMemoryStore()); }},
      // A fresh office of the test server (scripts/pg-test-server.sh), dropped with the store.
      {"Postgres", [](const std::filesystem::path&) { return FreshPostgresStore("contract"); }},
  };
}

}  // namespace krabuan::storetest
