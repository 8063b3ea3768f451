#include "tests/support/cli_runner.h"

#include <sqlite3.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "adapters/process/subprocess.h"
#include "tests/support/test_service.h"

#ifndef KRABUAN_BIN
#error "KRABUAN_BIN must be defined to the path of the built krabuan binary"
#endif
#ifndef KRABUAN_SOURCE_DIR
#error "KRABUAN_SOURCE_DIR must be defined to the source root"
#endif

namespace krabuan::clitest {

namespace {

[[noreturn]] void Fatal(const std::string& what) {
  throw std::runtime_error(what + (errno ? std::string(": ") + std::strerror(errno) : std::string()));
}

std::string ShellQuoted(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./:+,@") ==
                        std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Keeps [A-Za-z0-9._-]; everything else becomes '_'.
std::string SafeName(std::string s) {
  for (char& c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == '_';
    if (!ok) c = '_';
  }
  if (s.size() > 80) s.resize(80);
  return s;
}

// A value of one result column, tagged with its storage class, on one line.
std::string CellText(sqlite3_stmt* st, int col, bool tagged) {
  switch (sqlite3_column_type(st, col)) {
    case SQLITE_NULL:
      return "NULL";
    case SQLITE_INTEGER:
      return (tagged ? "i:" : "") + std::to_string(sqlite3_column_int64(st, col));
    case SQLITE_FLOAT: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(st, col));
      return (tagged ? "f:" : "") + std::string(buf);
    }
    case SQLITE_BLOB: {
      const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(st, col));
      int n = sqlite3_column_bytes(st, col);
      static const char* kHex = "0123456789abcdef";
      std::string out = tagged ? "b:" : "";
      for (int i = 0; i < n; ++i) {
        out += kHex[p[i] >> 4];
        out += kHex[p[i] & 15];
      }
      return out;
    }
    default: {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
      std::string text(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st, col)));
      if (!tagged) return text;
      std::string out = "t:";
      for (char c : text) {
        switch (c) {
          case '\\': out += "\\\\"; break;
          case '\n': out += "\\n"; break;
          case '\r': out += "\\r"; break;
          case '|': out += "\\|"; break;
          default: out += c;
        }
      }
      return out;
    }
  }
}

class Db {
 public:
  Db(const std::filesystem::path& path, bool write) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw std::runtime_error("no database file at " + path.string());
    int flags = write ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error("cannot open " + path.string() + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Calls row(stmt) for each result row.
  template <typename F>
  void Query(const std::string& sql, F row) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      throw std::runtime_error("SQL error in '" + sql + "': " + sqlite3_errmsg(db_));
    }
    int rc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) row(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) throw std::runtime_error("SQL error in '" + sql + "': " + sqlite3_errmsg(db_));
  }

  void Exec(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string m = msg ? msg : "?";
      sqlite3_free(msg);
      throw std::runtime_error("SQL error in '" + sql + "': " + m);
    }
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace

// ---- CliResult -------------------------------------------------------------------

std::vector<std::string> CliResult::ErrLines() const {
  std::vector<std::string> lines;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

nlohmann::json CliResult::Json() const {
  nlohmann::json j = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    ADD_FAILURE() << "stdout is not JSON:\n" << *this;
    return nullptr;
  }
  return j;
}

std::ostream& operator<<(std::ostream& os, const CliResult& r) {
  os << "$ krabuan";
  for (const std::string& a : r.args) os << ' ' << ShellQuoted(a);
  os << "\nexit code: " << r.exit_code << "\n--- stdout ---\n" << r.out << "--- stderr ---\n" << r.err << "---";
  return os;
}

// ---- Running ---------------------------------------------------------------------

std::vector<std::string> EnvironmentFor(const std::map<std::string, std::optional<std::string>>& env) {
  // Inherited minus KRABUAN_* and the overridden names, plus the set ones.
  std::vector<std::string> env_strings;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    if (name.rfind("KRABUAN_", 0) == 0 || env.count(name)) continue;
    env_strings.push_back(std::move(entry));
  }
  for (const auto& [name, value] : env) {
    if (value) env_strings.push_back(name + "=" + *value);
  }
  return env_strings;
}

CliResult RunProgram(const std::string& program, const std::vector<std::string>& args,
                     const std::map<std::string, std::optional<std::string>>& env, int timeout_seconds) {
  CliResult result;
  result.args = args;
  SubprocessOptions o;
  o.program = program;
  o.args = args;
  o.env = env;
  o.drop_env_prefix = "KRABUAN_";   // only what the runner sets
  o.timeout = std::chrono::seconds(timeout_seconds);
  Result<SubprocessResult> run = RunSubprocess(o);
  if (!run.ok()) throw std::runtime_error(run.status().message());
  result.out = std::move(run->out);
  result.err = std::move(run->err);
  result.exit_code = run->signal != 0 ? 128 + run->signal : run->exit_code;
  if (run->timed_out) {
    ADD_FAILURE() << "krabuan did not finish within " << timeout_seconds << " s and was killed:\n" << result;
  }
  return result;
}

std::string KrabuanBinary() { return KRABUAN_BIN; }
std::filesystem::path SourceDir() { return KRABUAN_SOURCE_DIR; }
std::filesystem::path ProcessesDir() { return SourceDir() / "processes"; }

// ---- CliRunner -------------------------------------------------------------------

CliRunner::CliRunner(std::filesystem::path db, std::string now) : db_(std::move(db)), now_(now) {
  env_["KRABUAN_DB"] = db_.string();
  env_["KRABUAN_NOW"] = std::move(now);
  // The binary never takes the login from $USER / $LOGNAME; a $USER it does not know
  // keeps any test from passing because it did.
  env_["USER"] = kOutsiderLogin;
  env_["LOGNAME"] = std::nullopt;
}

CliResult CliRunner::Run(const std::vector<std::string>& args) const { return RunWithEnv(args, {}); }

CliResult CliRunner::As(const std::string& login, const std::vector<std::string>& args) const {
  std::vector<std::string> full = {"--as", login};
  full.insert(full.end(), args.begin(), args.end());
  return Run(full);
}

void CliRunner::SetEnv(const std::string& name, std::optional<std::string> value) { env_[name] = std::move(value); }

CliResult CliRunner::RunWithEnv(const std::vector<std::string>& args,
                                const std::map<std::string, std::optional<std::string>>& env) const {
  std::map<std::string, std::optional<std::string>> all = env_;
  for (const auto& [k, v] : env) all[k] = v;
  if (ServedMode() && !RunsEmbedded(args) && all["KRABUAN_DB"] == db_.string() && std::filesystem::exists(db_)) {
    if (!service_) service_ = std::make_shared<TestService>(db_, TestServiceOptions::ForClients(now_));
    all["KRABUAN_DB"] = std::nullopt;
    all["KRABUAN_SERVER"] = service_->server();
  }
  return RunProgram(KrabuanBinary(), args, all);
}

// ---- TempDir ---------------------------------------------------------------------

TempDir::TempDir() {
  std::string label = "krabuan-test";
  if (const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info()) {
    label += "-" + SafeName(std::string(info->test_suite_name()) + "." + info->name());
  }
  std::string tmpl = (std::filesystem::temp_directory_path() / (label + "-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) Fatal("mkdtemp " + tmpl);
  path_ = tmpl;
}

TempDir::TempDir(const std::string& label) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (SafeName(label) + "-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) Fatal("mkdtemp " + tmpl);
  path_ = tmpl;
}

TempDir::~TempDir() {
  if (const char* keep = std::getenv("KRABUAN_KEEP_TEST_DIRS"); keep && *keep) {
    std::fprintf(stderr, "kept %s\n", path_.c_str());
    return;
  }
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::WriteFile(const std::string& name, const std::string& content) const {
  std::filesystem::path p = path_ / name;
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + p.string());
  return p;
}

// ---- Database --------------------------------------------------------------------

std::string DumpDatabase(const std::filesystem::path& path) {
  Db db(path, /*write=*/false);
  std::vector<std::string> tables;
  db.Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
           [&](sqlite3_stmt* st) { tables.push_back(CellText(st, 0, false)); });
  std::ostringstream out;
  for (const std::string& table : tables) {
    std::vector<std::string> columns;
    db.Query("SELECT name FROM pragma_table_info(" + QuoteLiteral(table) + ") ORDER BY cid",
             [&](sqlite3_stmt* st) { columns.push_back(CellText(st, 0, false)); });
    out << "table " << table << " (";
    std::string order;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      out << (i ? ", " : "") << columns[i];
      order += (i ? ", " : "") + std::to_string(i + 1);
    }
    out << ")\n";
    std::string sql = "SELECT * FROM " + QuoteIdentifier(table);
    if (!order.empty()) sql += " ORDER BY " + order;
    db.Query(sql, [&](sqlite3_stmt* st) {
      out << " ";
      for (int c = 0; c < sqlite3_column_count(st); ++c) out << (c ? " | " : "") << CellText(st, c, true);
      out << "\n";
    });
  }
  return out.str();
}

std::vector<std::vector<std::string>> QueryDatabase(const std::filesystem::path& path, const std::string& sql) {
  Db db(path, /*write=*/false);
  std::vector<std::vector<std::string>> rows;
  db.Query(sql, [&](sqlite3_stmt* st) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(st); ++c) row.push_back(CellText(st, c, false));
    rows.push_back(std::move(row));
  });
  return rows;
}

void ExecuteSql(const std::filesystem::path& path, const std::string& sql) {
  Db db(path, /*write=*/true);
  db.Exec(sql);
}

std::string ReadTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace krabuan::clitest
