// The fuzz targets' entry points, compiled into the test binary without sanitizers
// (fuzz/replay.cmake generates the table from fuzz/fuzz_*.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace krabuan::testing {

struct FuzzEntryPoint {
  const char* name;                                 // "time" for fuzz/fuzz_time.cc
  int (*initialize)(int*, char***);                 // null when the target has none
  int (*test_one_input)(const std::uint8_t*, std::size_t);
};

const std::vector<FuzzEntryPoint>& FuzzEntryPoints();

}  // namespace krabuan::testing
