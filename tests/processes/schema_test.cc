// The bundled files under processes/ validate against their XML Schemas.
//
// org.xml is checked against krabuan-org.xsd, every other *.xml against
// krabuan-process.xsd, with xmllint (package libxml2-utils). Broken files must fail, so
// a missing or lenient schema cannot make these tests pass by accident. The schemas
// cannot check role names inside list attributes; a separate test checks that every
// role a bundled file names is declared in org.xml.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifndef KRABUAN_SOURCE_DIR
#error "KRABUAN_SOURCE_DIR must be defined to the source root"
#endif

namespace {

namespace fs = std::filesystem;

const fs::path kProcessesDir = fs::path(KRABUAN_SOURCE_DIR) / "processes";
const fs::path kOrgSchema = kProcessesDir / "krabuan-org.xsd";
const fs::path kProcessSchema = kProcessesDir / "krabuan-process.xsd";

bool HaveXmllint() {
  static const bool have = std::system("command -v xmllint >/dev/null 2>&1") == 0;
  return have;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += "'";
  return out;
}

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

RunResult Run(const std::string& command) {
  RunResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    result.output = "popen failed";
    return result;
  }
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

RunResult Validate(const fs::path& schema, const fs::path& file) {
  return Run("xmllint --noout --schema " + ShellQuote(schema.string()) + " " +
             ShellQuote(file.string()));
}

const fs::path& SchemaFor(const fs::path& file) {
  return file.filename() == "org.xml" ? kOrgSchema : kProcessSchema;
}

std::vector<fs::path> BundledXmlFiles() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kProcessesDir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".xml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The text with every <!-- ... --> removed, so commented-out markup is not read.
std::string StripComments(const std::string& text) {
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t open = text.find("<!--", pos);
    if (open == std::string::npos) {
      out.append(text, pos, std::string::npos);
      break;
    }
    out.append(text, pos, open - pos);
    const size_t close = text.find("-->", open + 4);
    if (close == std::string::npos) break;
    pos = close + 3;
  }
  return out;
}

std::vector<std::string> SplitSpaces(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// A scratch directory removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "krabuan-schema-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  bool ok() const { return !path_.empty(); }
  fs::path Write(const std::string& name, const std::string& content) const {
    const fs::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  fs::path path_;
};

constexpr const char* kProcessHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<process xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
    "         xsi:noNamespaceSchemaLocation=\"krabuan-process.xsd\"\n"
    "         id=\"broken\" name=\"ทดสอบ\">\n"
    "  <start id=\"start\" to=\"work\"/>\n";
constexpr const char* kProcessTail =
    "  <end id=\"done\"/>\n"
    "</process>\n";

constexpr const char* kOrgHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<org office=\"สำนักงาน\" group=\"กลุ่ม\">\n"
    "  <role id=\"admin\" name=\"ผู้ดูแลระบบ\"/>\n"
    "  <role id=\"group-director\" name=\"ผู้อำนวยการกลุ่ม\"/>\n"
    "  <position number=\"๓๒\" title=\"ตำแหน่ง\" login=\"p32\" roles=\"group-director\"/>\n"
    "  <position number=\"๓๔\" title=\"ตำแหน่ง\" login=\"p34\" roles=\"group-director\"/>\n";
constexpr const char* kOrgTail =
    "  <user login=\"admin\" name=\"ผู้ดูแลระบบ\" roles=\"admin\"/>\n"
    "</org>\n";

TEST(BundledProcessFiles, ValidateAgainstTheirSchemas) {
  if (!HaveXmllint()) GTEST_SKIP() << "xmllint is not installed (apt-get install libxml2-utils)";

  const std::vector<fs::path> files = BundledXmlFiles();
  ASSERT_FALSE(files.empty()) << "no *.xml in " << kProcessesDir;
  EXPECT_TRUE(std::count(files.begin(), files.end(), kProcessesDir / "org.xml") == 1)
      << "processes/org.xml is missing";
  EXPECT_GE(files.size(), 2u) << "no process definition besides org.xml";

  for (const fs::path& file : files) {
    SCOPED_TRACE(file.filename().string());
    const RunResult r = Validate(SchemaFor(file), file);
    EXPECT_EQ(r.exit_code, 0) << r.output;
  }
}

TEST(BundledProcessFiles, BrokenProcessFileFailsValidation) {
  if (!HaveXmllint()) GTEST_SKIP() << "xmllint is not installed (apt-get install libxml2-utils)";
  TempDir dir;
  ASSERT_TRUE(dir.ok());

  // The control: the same file with the task's id validates, so the failures below are
  // caused by the defect and not by the harness.
  const fs::path good = dir.Write(
      "good.xml", std::string(kProcessHead) +
                      "  <task id=\"work\" name=\"งาน\" role=\"pp-officer\" to=\"done\"/>\n" +
                      kProcessTail);
  const RunResult control = Validate(kProcessSchema, good);
  EXPECT_EQ(control.exit_code, 0) << control.output;

  const fs::path no_id = dir.Write(
      "no-id.xml", std::string(kProcessHead) +
                       "  <task name=\"งาน\" role=\"pp-officer\" to=\"done\"/>\n" + kProcessTail);
  const RunResult r1 = Validate(kProcessSchema, no_id);
  EXPECT_NE(r1.exit_code, 0) << "a task without id validated:\n" << r1.output;
  EXPECT_NE(r1.output.find("id"), std::string::npos) << r1.output;

  const fs::path dangling = dir.Write(
      "dangling.xml", std::string(kProcessHead) +
                          "  <task id=\"work\" name=\"งาน\" role=\"pp-officer\" to=\"nowhere\"/>\n" +
                          kProcessTail);
  const RunResult r2 = Validate(kProcessSchema, dangling);
  EXPECT_NE(r2.exit_code, 0) << "a transition to an unknown node validated:\n" << r2.output;

  const fs::path bad_id = dir.Write(
      "bad-id.xml", std::string(kProcessHead) +
                        "  <task id=\"Work Step\" name=\"งาน\" role=\"pp-officer\" to=\"done\"/>\n" +
                        kProcessTail);
  const RunResult r3 = Validate(kProcessSchema, bad_id);
  EXPECT_NE(r3.exit_code, 0) << "an id outside [a-z0-9][a-z0-9-]* validated:\n" << r3.output;
}

// Enumerated variables: <option>s inside <input> and <field>, with min/max on numbers;
// an option declared twice or without a value is caught by the schema.
TEST(BundledProcessFiles, SchemaKnowsOptionsAndBounds) {
  if (!HaveXmllint()) GTEST_SKIP() << "xmllint is not installed (apt-get install libxml2-utils)";
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string field =
      "  <task id=\"work\" name=\"งาน\" role=\"pp-officer\" to=\"done\">\n"
      "    <field name=\"kind\" type=\"string\">\n"
      "      <option value=\"a\" label=\"ก\"/>\n"
      "      <option value=\"b\" label=\"ข\"/>\n"
      "    </field>\n"
      "    <field name=\"amount\" type=\"money\" min=\"-100\" max=\"1000000\"/>\n"
      "  </task>\n";
  const RunResult ok = Validate(kProcessSchema, dir.Write("options.xml", std::string(kProcessHead) + field + kProcessTail));
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  std::string twice = field;
  twice.replace(twice.find("value=\"b\""), 9, "value=\"a\"");
  const RunResult r1 = Validate(kProcessSchema, dir.Write("twice.xml", std::string(kProcessHead) + twice + kProcessTail));
  EXPECT_NE(r1.exit_code, 0) << "an option declared twice validated:\n" << r1.output;
  std::string no_value = field;
  no_value.replace(no_value.find("value=\"b\" "), 10, "");
  const RunResult r2 = Validate(kProcessSchema, dir.Write("no-value.xml", std::string(kProcessHead) + no_value + kProcessTail));
  EXPECT_NE(r2.exit_code, 0) << "an option without a value validated:\n" << r2.output;
}

// The schema knows every element the engine reads: inclusive choices and joins, scopes,
// repeating timers and waits until an instant (no bundled process uses them yet).
TEST(BundledProcessFiles, SchemaAcceptsInclusiveScopesAndRepeatingTimers) {
  if (!HaveXmllint()) GTEST_SKIP() << "xmllint is not installed (apt-get install libxml2-utils)";
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string body =
      "  <task id=\"work\" name=\"งาน\" role=\"pp-officer\" to=\"ask\">\n"
      "    <on-timer id=\"nudge\" every=\"R3/P1D\" to=\"remind\" interrupting=\"false\"/>\n"
      "  </task>\n"
      "  <task id=\"remind\" name=\"เตือน\" role=\"pp-officer\" to=\"done\"/>\n"
      "  <inclusive id=\"ask\"><when test=\"x &gt; 0\" to=\"a\"/><otherwise to=\"b\"/></inclusive>\n"
      "  <task id=\"a\" name=\"ก\" role=\"pp-officer\" to=\"merge\"/>\n"
      "  <wait id=\"b\" until=\"2025-10-01T09:00:00+07:00\" to=\"merge\"/>\n"
      "  <join id=\"merge\" to=\"done\" inclusive=\"true\"/>\n"
      "  <scope id=\"round\" nodes=\"a b merge\"><on-timer id=\"late\" after=\"P10D\" to=\"remind\"/></scope>\n";
  const fs::path good = dir.Write("new-elements.xml", std::string(kProcessHead) + body + kProcessTail);
  const RunResult ok = Validate(kProcessSchema, good);
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  // A scope's timer to an unknown node is caught by the schema too.
  std::string dangling = body;
  dangling.replace(dangling.rfind("to=\"remind\""), 11, "to=\"nowhere\"");
  const RunResult bad = Validate(kProcessSchema, dir.Write("dangling-scope.xml", std::string(kProcessHead) + dangling + kProcessTail));
  EXPECT_NE(bad.exit_code, 0) << "a scope timer to an unknown node validated:\n" << bad.output;
}

TEST(BundledProcessFiles, BrokenOrgFileFailsValidation) {
  if (!HaveXmllint()) GTEST_SKIP() << "xmllint is not installed (apt-get install libxml2-utils)";
  TempDir dir;
  ASSERT_TRUE(dir.ok());

  const fs::path good = dir.Write(
      "good.xml", std::string(kOrgHead) +
                      "  <acting-order role=\"group-director\"><acting rank=\"1\" position=\"๓๔\"/>"
                      "</acting-order>\n" +
                      kOrgTail);
  const RunResult control = Validate(kOrgSchema, good);
  EXPECT_EQ(control.exit_code, 0) << control.output;

  const fs::path unknown_position = dir.Write(
      "unknown-position.xml",
      std::string(kOrgHead) +
          "  <acting-order role=\"group-director\"><acting rank=\"1\" position=\"๙๙\"/>"
          "</acting-order>\n" +
          kOrgTail);
  const RunResult r1 = Validate(kOrgSchema, unknown_position);
  EXPECT_NE(r1.exit_code, 0) << "an acting position that does not exist validated:\n"
                             << r1.output;

  const fs::path duplicate_login = dir.Write(
      "duplicate-login.xml",
      std::string(kOrgHead) + "  <user login=\"p32\" name=\"ซ้ำ\" roles=\"admin\"/>\n" + kOrgTail);
  const RunResult r2 = Validate(kOrgSchema, duplicate_login);
  EXPECT_NE(r2.exit_code, 0) << "a duplicate login validated:\n" << r2.output;
}

// XML Schema 1.0 cannot check names inside list attributes, so this test reads them:
// every role named by role, roles, recorded-by or start-roles in any bundled file must be
// declared by a <role id> in org.xml.
TEST(BundledProcessFiles, EveryReferencedRoleIsDeclared) {
  const std::string org = StripComments(ReadFile(kProcessesDir / "org.xml"));
  ASSERT_FALSE(org.empty()) << "processes/org.xml is missing or empty";

  std::set<std::string> declared;
  const std::regex role_decl(R"re(<role\b[^>]*\sid="([^"]*)")re");
  for (std::sregex_iterator it(org.begin(), org.end(), role_decl), end; it != end; ++it) {
    declared.insert((*it)[1].str());
  }
  ASSERT_FALSE(declared.empty());

  const std::regex role_ref(R"re(\s(role|roles|recorded-by|start-roles)\s*=\s*"([^"]*)")re");
  for (const fs::path& file : BundledXmlFiles()) {
    SCOPED_TRACE(file.filename().string());
    const std::string text = StripComments(ReadFile(file));
    for (std::sregex_iterator it(text.begin(), text.end(), role_ref), end; it != end; ++it) {
      for (const std::string& role : SplitSpaces((*it)[2].str())) {
        EXPECT_TRUE(declared.count(role) == 1)
            << "role '" << role << "' in attribute " << (*it)[1].str()
            << " is not declared in org.xml";
      }
    }
  }
}

}  // namespace
