// The stores the contract suite (store_contract_test.cc) runs against: a new store joins
// the suite by adding its factory here.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/memory/memory_store.h"
#include "adapters/sqlite/sqlite_store.h"
#include "engine/store/store.h"

namespace krabuan::storetest {

struct StoreFactory {
  std::string name;   // the test-name suffix
  // An empty store; `dir` is a fresh folder it may keep its files in.
  std::function<Result<std::unique_ptr<Store>>(const std::filesystem::path& dir)> make;
};

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
  };
}

}  // namespace krabuan::storetest
