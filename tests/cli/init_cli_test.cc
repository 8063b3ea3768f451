// `init`: where it finds the processes when not told (the working directory's
// processes/, then the share folder installed beside the program, never a path fixed at
// build time), and that re-running it is one transaction over the org, the holidays
// calendar and the processes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/cli/cli_fixture.h"

namespace krabuan::clitest {
namespace {

namespace fs = std::filesystem;

// The process files init deploys from a folder: every *.xml but the org file.
std::size_t ProcessFiles(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".xml" && e.path().filename() != "org.xml") ++n;
  }
  return n;
}

void CopyProcesses(const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy(ProcessesDir(), to, fs::copy_options::recursive);
}

// Runs `program` in the folder `cwd` (through env -C), with the runner's usual variables.
CliResult RunIn(const fs::path& cwd, const std::string& program, const fs::path& db,
                const std::vector<std::string>& args) {
  std::vector<std::string> full = {"-C", cwd.string(), program};
  full.insert(full.end(), args.begin(), args.end());
  CliResult r = RunProgram("env", full, {{"KRABUAN_DB", db.string()}, {"KRABUAN_NOW", kDefaultNow},
                                         {"USER", kOutsiderLogin}, {"LOGNAME", std::nullopt}});
  r.args = args;
  return r;
}

TEST(CliInitFolder, WithoutProcessesItDeploysTheWorkingDirectorysProcessesFolder) {
  TempDir work;
  CopyProcesses(work.path() / "processes");
  fs::path db = work.path() / "k.db";
  CliResult r = RunIn(work.path(), KrabuanBinary(), db, {"init", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.Json().size(), ProcessFiles(ProcessesDir())) << r;
  // What was deployed came from that folder.
  CliResult listed = RunIn(work.path(), KrabuanBinary(), db, {"processes", "--limit", "1000", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed;
  json processes = listed.Json().at("processes");
  ASSERT_FALSE(processes.empty()) << listed;
  for (const json& p : processes) {
    EXPECT_EQ(p.at("file").get<std::string>().rfind((work.path() / "processes").string(), 0), 0u) << p.dump(2);
  }
}

TEST(CliInitFolder, WithoutProcessesItFindsTheShareFolderInstalledBesideTheProgram) {
  TempDir prefix;
  fs::create_directories(prefix.path() / "bin");
  fs::path program = prefix.path() / "bin" / "krabuan";
  std::error_code ec;
  fs::create_hard_link(KrabuanBinary(), program, ec);   // /proc/self/exe names the link run
  if (ec) fs::copy_file(KrabuanBinary(), program);
  CopyProcesses(prefix.path() / "share" / "krabuan" / "processes");
  TempDir elsewhere;   // no processes/ here
  fs::path db = elsewhere.path() / "k.db";
  CliResult r = RunIn(elsewhere.path(), program.string(), db, {"init", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.Json().size(), ProcessFiles(ProcessesDir())) << r;
  auto orgs = QueryDatabase(db, "SELECT file FROM documents WHERE kind = 'org'");
  ASSERT_EQ(orgs.size(), 1u);
  EXPECT_EQ(orgs[0][0], (prefix.path() / "share" / "krabuan" / "processes" / "org.xml").string());
}

TEST(CliInitFolder, WithNoFolderToBeFoundItSaysWhereItLookedAndCreatesNothing) {
  TempDir elsewhere;
  fs::path db = elsewhere.path() / "k.db";
  CliResult r = RunIn(elsewhere.path(), KrabuanBinary(), db, {"init"});
  EXPECT_EQ(r.exit_code, 1) << r;
  ASSERT_EQ(r.ErrLines().size(), 1u) << r;
  fs::path share = (fs::path(KrabuanBinary()).parent_path().parent_path() / "share" / "krabuan" / "processes").lexically_normal();
  EXPECT_NE(r.err.find("no processes folder: neither " + (elsewhere.path() / "processes").string() + " nor " +
                       share.string() + " has an org.xml"),
            std::string::npos)
      << r;
  EXPECT_NE(r.err.find("--processes DIR"), std::string::npos) << r;
  EXPECT_FALSE(fs::exists(db));
}

// ---- re-running init ---------------------------------------------------------------

class CliReinit : public CliTest {
 protected:
  // A copy of processes/ with the org file and the holidays calendar changed (a comment
  // is enough to make new versions of them).
  fs::path ChangedFolder() const {
    fs::path dir = dir_.path() / "changed";
    CopyProcesses(dir);
    for (const fs::path& f : {dir / "org.xml", dir / "calendar" / "holidays.xml"}) {
      std::string text = ReadTextFile(f);
      std::ofstream(f, std::ios::binary | std::ios::trunc) << text << "<!-- changed -->\n";
    }
    return dir;
  }
};

TEST_F(CliReinit, ABrokenProcessFileLeavesTheOrgHolidaysAndProcessesAsTheyWere) {
  fs::path dir = ChangedFolder();
  std::ofstream(dir / "zz-broken.xml") << "<?xml version=\"1.0\"?>\n<process id=\"broken\" name=\"x\">\n  <start id=\"s\"";
  std::string before = Dump();
  CliResult r = As("admin", {"init", "--processes", dir.string()});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_EQ(r.out, "") << "nothing may claim to be updated\n" << r;
  ASSERT_EQ(r.ErrLines().size(), 1u) << r;
  EXPECT_NE(r.err.find((dir / "zz-broken.xml").string() + ":"), std::string::npos) << r;
  EXPECT_EQ(Dump(), before) << FirstDifference(before, Dump());

  // Fixed, the same run deploys the org and the calendar (and the processes, unchanged).
  fs::remove(dir / "zz-broken.xml");
  CliResult ok = Must(As("admin", {"init", "--processes", dir.string()}));
  EXPECT_NE(ok.out.find("org file updated"), std::string::npos) << ok;
  EXPECT_NE(ok.out.find("holidays calendar updated"), std::string::npos) << ok;
  EXPECT_EQ(QueryDatabase(cli_.db(), "SELECT count(*) FROM documents WHERE kind = 'org'"), (std::vector<std::vector<std::string>>{{"2"}}));
}

// The processes are checked against the org being deployed, not the one deployed before.
TEST_F(CliReinit, AnOrgThatDropsARoleTheProcessesUseIsRefusedWithThem) {
  fs::path dir = ChangedFolder();
  std::string org = ReadTextFile(dir / "org.xml");
  // area-director: named by budget-expenditure-analysis, nowhere else in the org file.
  std::string role = "<role id=\"area-director\" name=\"ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา\"\n        recorded-by=\"group-director budget-analyst\"/>";
  std::size_t at = org.find(role);
  ASSERT_NE(at, std::string::npos);
  org.erase(at, role.size());
  std::ofstream(dir / "org.xml", std::ios::binary | std::ios::trunc) << org;
  std::string before = Dump();
  CliResult r = As("admin", {"init", "--processes", dir.string()});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("budget-expenditure-analysis.xml:"), std::string::npos) << r;
  EXPECT_NE(r.err.find("area-director"), std::string::npos) << r;
  EXPECT_EQ(Dump(), before) << FirstDifference(before, Dump());
}

}  // namespace
}  // namespace krabuan::clitest
