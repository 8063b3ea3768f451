// Replays every input kept in fuzz/regressions/<target>/ through the fuzz target's own
// entry point (built here without sanitizers), so what the fuzzer once found keeps being
// checked by the normal suite. A crash or hang fails the suite; an input that returns is
// a pass, as it is for the fuzzer.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_entry_points.h"

namespace krabuan::testing {
namespace {

namespace fs = std::filesystem;

fs::path RegressionsDir() { return fs::path(KRABUAN_SOURCE_DIR) / "fuzz" / "regressions"; }

const FuzzEntryPoint* FindTarget(const std::string& name) {
  for (const FuzzEntryPoint& e : FuzzEntryPoints()) {
    if (name == e.name) return &e;
  }
  return nullptr;
}

std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const fs::directory_entry& f : fs::directory_iterator(dir)) {
    if (f.is_regular_file()) files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(FuzzRegressionsTest, EveryFuzzSourceHasAnEntryPoint) {
  std::set<std::string> sources;
  for (const fs::directory_entry& f : fs::directory_iterator(fs::path(KRABUAN_SOURCE_DIR) / "fuzz")) {
    std::string name = f.path().filename().string();
    if (name.starts_with("fuzz_") && name.ends_with(".cc")) {
      sources.insert(name.substr(5, name.size() - 8));
    }
  }
  std::set<std::string> built;
  for (const FuzzEntryPoint& e : FuzzEntryPoints()) built.insert(e.name);
  EXPECT_EQ(built, sources);
  EXPECT_TRUE(sources.contains("time"));
  EXPECT_TRUE(sources.contains("process"));
}

// A reproducer in a folder no target reads would guard nothing.
TEST(FuzzRegressionsTest, EveryFolderNamesATarget) {
  ASSERT_TRUE(fs::is_directory(RegressionsDir()));
  for (const fs::directory_entry& d : fs::directory_iterator(RegressionsDir())) {
    if (!d.is_directory()) continue;
    EXPECT_NE(FindTarget(d.path().filename().string()), nullptr)
        << d.path() << " is not the name of a fuzz/fuzz_*.cc target";
  }
}

TEST(FuzzRegressionsTest, EveryKeptInputRunsThroughItsTarget) {
  std::size_t replayed = 0;
  for (const fs::directory_entry& d : fs::directory_iterator(RegressionsDir())) {
    const FuzzEntryPoint* target = d.is_directory() ? FindTarget(d.path().filename().string()) : nullptr;
    if (target == nullptr) continue;
    if (target->initialize != nullptr) target->initialize(nullptr, nullptr);
    for (const fs::path& file : FilesIn(d.path())) {
      SCOPED_TRACE(file.string());
      std::string input = ReadAll(file);
      EXPECT_EQ(target->test_one_input(reinterpret_cast<const std::uint8_t*>(input.data()),
                                       input.size()),
                0);
      ++replayed;
    }
  }
  // The folder holds the reproducers listed in fuzz/README.md; none may go missing.
  EXPECT_GE(replayed, 1u);
}

}  // namespace
}  // namespace krabuan::testing
