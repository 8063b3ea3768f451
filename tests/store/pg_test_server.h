// The PostgreSQL server the tests use, started by scripts/pg-test-server.sh (ctest's
// "postgres" fixture does it), and a fresh office in it for each test.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>

#include "adapters/postgres/pg_store.h"
#include "engine/store/store.h"

namespace krabuan::storetest {

// The server's connection string: $KRABUAN_TEST_PG, else the first line of the file
// $KRABUAN_TEST_PG_FILE names (ctest sets it to what the fixture's start wrote). Storage,
// saying how to start one, when there is neither: a PostgreSQL test never passes unrun.
inline Result<std::string> TestPostgresConninfo() {
  if (const char* direct = std::getenv("KRABUAN_TEST_PG"); direct != nullptr && *direct != '\0') return std::string(direct);
  const char* file = std::getenv("KRABUAN_TEST_PG_FILE");
  std::string line;
  if (file != nullptr && *file != '\0') {
    std::ifstream in(file);
    std::getline(in, line);
    if (!line.empty()) return line;
  }
  return Status::Storage(
      std::string("no PostgreSQL server for the tests") + (file ? " (nothing in " + std::string(file) + ")" : "") +
      ": run them through ctest, whose postgres fixture starts one, or start one by hand: "
      "scripts/pg-test-server.sh start DIR && eval \"$(scripts/pg-test-server.sh env DIR)\"");
}

// An office id no other test, in this process or another, is using.
inline std::string FreshOfficeId(const std::string& hint) {
  static std::atomic<int> counter{0};
  return "t" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" + hint.substr(0, 20);
}

// A store on its own office, which is dropped when the store is destroyed, so that tests
// leave nothing behind and may run side by side.
class DroppingStore final : public Store {
 public:
  DroppingStore(std::unique_ptr<Store> store, PostgresOptions options)
      : store_(std::move(store)), options_(std::move(options)) {}
  ~DroppingStore() override {
    store_.reset();
    (void)DropPostgresOffice(options_);
  }
  Result<std::unique_ptr<StoreTransaction>> BeginWrite() override { return store_->BeginWrite(); }
  Result<std::unique_ptr<StoreTransaction>> BeginRead() override { return store_->BeginRead(); }

 private:
  std::unique_ptr<Store> store_;
  PostgresOptions options_;
};

// An empty store on a fresh office of the test server.
inline Result<std::unique_ptr<Store>> FreshPostgresStore(const std::string& hint) {
  Result<std::string> conninfo = TestPostgresConninfo();
  if (!conninfo.ok()) return conninfo.status();
  PostgresOptions o;
  o.conninfo = *conninfo;
  o.office = FreshOfficeId(hint);
  Result<std::unique_ptr<Store>> store = OpenPostgresStore(o);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::make_unique<DroppingStore>(std::move(store.value()), o));
}

}  // namespace krabuan::storetest
