// The service (`krabuan daemon --listen unix:PATH`) and the CLI as its client: many
// clients at once, the REST endpoints, who acts (the socket's peer credentials, with real
// OS accounts), and what a client may not ask of it. The rest of the CLI suite runs a
// second time through a service ("served." tests), so every command's output, exit code
// and JSON is checked in both modes there.
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "adapters/server/base64.h"
#include "adapters/server/http_server.h"
#include "tests/cli/cli_fixture.h"
#include "tests/support/background_process.h"
#include "tests/support/os_accounts.h"
#include "tests/support/test_service.h"

namespace krabuan::clitest {
namespace {

namespace fs = std::filesystem;

class CliService : public CliTest {
 protected:
  void SetUp() override {
    if (ServedMode()) GTEST_SKIP() << "starts services of its own";
    CliTest::SetUp();
  }

  TestService& Service() {
    if (!service_) service_ = std::make_unique<TestService>(cli_.db(), TestServiceOptions::ForClients(kDefaultNow));
    return *service_;
  }

  // The command through the service, as `login`.
  CliResult Client(const std::string& login, const std::vector<std::string>& args) {
    std::vector<std::string> full = {"--as", login};
    full.insert(full.end(), args.begin(), args.end());
    return RunProgram(KrabuanBinary(), full,
                      {{"KRABUAN_SERVER", Service().server()}, {"KRABUAN_NOW", kDefaultNow}, {"USER", kOutsiderLogin}});
  }

  // One request to the service's API, acting as `login` (the test runs as root, who owns
  // the database alone and so may act for anyone).
  HttpResponse Call(const std::string& method, const std::string& target, const std::string& login,
                    const json& body = nullptr) {
    HttpRequest request{method, target, {}, body.is_null() ? "" : body.dump()};
    if (!login.empty()) request.headers["x-krabuan-as"] = login;
    request.headers["content-type"] = "application/json";
    Result<HttpResponse> answer = HttpCall(ParseEndpoint(Service().server()).value(), request, std::chrono::seconds(30));
    if (!answer.ok()) throw std::runtime_error("no answer: " + answer.status().message());
    return *answer;
  }

  static json Body(const HttpResponse& r) { return json::parse(r.body, nullptr, false); }

  std::unique_ptr<TestService> service_;
};

TEST_F(CliService, ThirtyTwoClientsAtOnceAllSucceedAndNoneMeetsABusyDatabase) {
  Service();
  constexpr int kClients = 32;
  std::vector<CliResult> results(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      results[i] = Client("p33", {"start", "budget-request", "--set", "fiscal_year=2568", "--set",
                                  "budget_category=operating", "--key", "client-" + std::to_string(i), "--json"});
    });
  }
  for (std::thread& t : clients) t.join();
  std::set<std::int64_t> instances;
  for (const CliResult& r : results) {
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.err, "") << r;
    instances.insert(r.Json().at("instance").get<std::int64_t>());
  }
  EXPECT_EQ(instances.size(), static_cast<std::size_t>(kClients));
  json listed = Must(Client("admin", {"instances", "--state", "running", "--limit", "100", "--json"})).Json();
  EXPECT_EQ(listed.at("instances").size(), static_cast<std::size_t>(kClients)) << listed.dump(2);
}

TEST_F(CliService, TheClientPrintsWhatEmbeddedModePrintsAndExitsTheSame) {
  std::int64_t id = StartBudget("p33", "operating");
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"show", std::to_string(id)},
                                             {"show", std::to_string(id), "--json"},
                                             {"tasks", "--all"},
                                             {"describe", "budget-request"},
                                             {"show", "999999"},
                                             {"complete", "999999"},
                                             {"start", "no-such-process"},
                                             {"cancel", std::to_string(id)}}) {
    CliResult embedded = As("admin", args);
    CliResult served = Client("admin", args);
    EXPECT_EQ(served.exit_code, embedded.exit_code) << served << embedded;
    EXPECT_EQ(served.out, embedded.out) << served;
    EXPECT_EQ(served.err, embedded.err) << served;
  }
}

TEST_F(CliService, TheApiStartsListsShowsAndCompletesWithHttpStatuses) {
  HttpResponse health = Call("GET", "/v1/health", "");
  EXPECT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(Body(health).at("api"), 1);

  HttpResponse processes = Call("GET", "/v1/processes?limit=100", "p33");
  ASSERT_EQ(processes.status, 200) << processes.body;
  EXPECT_FALSE(Body(processes).at("processes").empty());
  HttpResponse described = Call("GET", "/v1/processes/budget-request", "p33");
  ASSERT_EQ(described.status, 200) << described.body;
  EXPECT_EQ(Body(described).at("process"), "budget-request");

  HttpResponse started = Call("POST", "/v1/instances", "p33",
                              {{"process", "budget-request"},
                               {"set", {{"fiscal_year", 2568}, {"budget_category", "operating"}}},
                               {"comment", "ผ่าน API"}});
  ASSERT_EQ(started.status, 201) << started.body;
  std::int64_t id = Body(started).at("instance").get<std::int64_t>();
  HttpResponse shown = Call("GET", "/v1/instances/" + std::to_string(id), "p33");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(Body(shown).at("state"), "running");

  HttpResponse tasks = Call("GET", "/v1/tasks?instance=" + std::to_string(id), "p33");
  ASSERT_EQ(tasks.status, 200) << tasks.body;
  ASSERT_EQ(Body(tasks).at("tasks").size(), 1u) << tasks.body;
  std::int64_t task = Body(tasks).at("tasks")[0].at("id").get<std::int64_t>();
  std::string task_path = "/v1/tasks/" + std::to_string(task);
  EXPECT_EQ(Call("GET", task_path, "p33").status, 200);

  json announce = {{"set", {{"policy_plan_notified", true}, {"criteria_notified", true}}}};
  HttpResponse refused = Call("POST", task_path + "/complete", "school-01", announce);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(Body(refused).at("error").at("kind"), "refused") << refused.body;
  HttpResponse done = Call("POST", task_path + "/complete", "p33", announce);
  ASSERT_EQ(done.status, 200) << done.body;
  HttpResponse again = Call("POST", task_path + "/complete", "p33", announce);
  EXPECT_EQ(again.status / 100, 4) << again.body;
  EXPECT_FALSE(Body(again).at("error").at("message").get<std::string>().empty()) << again.body;

  EXPECT_EQ(Call("GET", "/v1/tasks/999999", "p33").status, 404);
  EXPECT_EQ(Call("GET", "/v1/instances/999999", "admin").status, 404);
  EXPECT_EQ(Call("POST", "/v1/instances/" + std::to_string(id) + "/cancel", "p33", {{"reason", "x"}}).status, 403);
  HttpResponse cancelled = Call("POST", "/v1/instances/" + std::to_string(id) + "/cancel", "admin", {{"reason", "ทดสอบ"}});
  EXPECT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(Body(Call("GET", "/v1/instances/" + std::to_string(id), "admin")).at("state"), "cancelled");
}

TEST_F(CliService, TheApiRefusesUnknownPathsBadBodiesAndParameters) {
  HttpResponse unknown = Call("GET", "/v1/nothing-here", "p33");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(Body(unknown).at("error").at("kind"), "not-found");
  EXPECT_EQ(Call("GET", "/v2/tasks", "p33").status, 404);
  EXPECT_EQ(Call("DELETE", "/v1/tasks", "p33").status, 404);
  HttpResponse parameter = Call("GET", "/v1/tasks?colour=red", "p33");
  EXPECT_EQ(parameter.status, 400) << parameter.body;
  EXPECT_NE(Body(parameter).at("error").at("message").get<std::string>().find("colour"), std::string::npos);
  EXPECT_EQ(Call("GET", "/v1/tasks?limit=1&limit=2", "p33").status, 400);
  EXPECT_EQ(Call("GET", "/v1/org?x=1", "p33").status, 400);
  HttpRequest broken{"POST", "/v1/instances", {{"x-krabuan-as", "p33"}}, "{not json"};
  Result<HttpResponse> answer = HttpCall(ParseEndpoint(Service().server()).value(), broken);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->status, 400) << answer->body;
  EXPECT_EQ(Call("POST", "/v1/instances", "p33", {{"set", {{"x", "1"}}}}).status, 400);
  HttpResponse bad_value = Call("POST", "/v1/instances", "p33",
                                {{"process", "budget-request"}, {"set", {{"fiscal_year", "soon"}}}});
  EXPECT_EQ(bad_value.status, 400) << bad_value.body;
  EXPECT_EQ(Must(As("admin", {"instances", "--json"})).Json().at("instances").size(), 0u);
}

TEST_F(CliService, AClientSendsTheFilesItNamesAndTheServiceReadsNoneOfItsOwn) {
  fs::path process = dir_.path() / "mine.xml";
  fs::copy_file(ProcessesDir() / "budget-request.xml", process);
  CliResult validated = Client("admin", {"validate", process.string()});
  EXPECT_EQ(validated.exit_code, 0) << validated;
  // A path the client did not send: the service does not open it on its own disk.
  HttpRequest sneaky{"POST", "/v1/run", {}, json{{"args", {"--as", "admin", "validate", "/etc/passwd"}}}.dump()};
  Result<HttpResponse> answer = HttpCall(ParseEndpoint(Service().server()).value(), sneaky);
  ASSERT_TRUE(answer.ok());
  ASSERT_EQ(answer->status, 200) << answer->body;
  json outcome = Body(*answer);
  EXPECT_EQ(outcome.at("exit_code"), 1);
  std::optional<std::string> err = Base64Decode(outcome.at("stderr").get<std::string>());
  ASSERT_TRUE(err);
  EXPECT_NE(err->find("/etc/passwd"), std::string::npos) << *err;
  EXPECT_EQ(err->find("root:"), std::string::npos) << *err;

  // What the command writes comes back to the client, at the --out it gave.
  fs::path csv = dir_.path() / "plan.csv";
  CliResult plan = Client("p33", {"plan", "budget-request", "--fiscal-year", "2568", "--format", "csv", "--out", csv.string()});
  ASSERT_EQ(plan.exit_code, 0) << plan;
  EXPECT_EQ(plan.out, "");
  CliResult here = Must(As("p33", {"plan", "budget-request", "--fiscal-year", "2568", "--format", "csv"}));
  EXPECT_EQ(ReadTextFile(csv), here.out);
}

TEST_F(CliService, TheServiceRefusesWhatOnlyTheDatabasesMachineMayDo) {
  CliResult init = Client("admin", {"init", "--processes", ProcessesDir().string()});
  EXPECT_EQ(init.exit_code, 0) << init;   // init runs where the client is, not in the service
  HttpRequest request{"POST", "/v1/run", {}, json{{"args", {"--as", "admin", "init"}}}.dump()};
  Result<HttpResponse> answer = HttpCall(ParseEndpoint(Service().server()).value(), request);
  ASSERT_TRUE(answer.ok());
  json outcome = Body(*answer);
  EXPECT_EQ(outcome.at("exit_code"), 2) << answer->body;
  HttpRequest db{"POST", "/v1/run", {}, json{{"args", {"--db", "/tmp/other.db", "tasks"}}}.dump()};
  EXPECT_EQ(Body(HttpCall(ParseEndpoint(Service().server()).value(), db).value()).at("exit_code"), 2);

  CliResult both = RunProgram(KrabuanBinary(), {"--server", Service().server(), "--db", cli_.db().string(), "tasks"}, {});
  EXPECT_EQ(both.exit_code, 2) << both;
  CliResult nobody = RunProgram(KrabuanBinary(), {"--server", "unix:" + (dir_.path() / "none.sock").string(), "tasks"}, {});
  EXPECT_EQ(nobody.exit_code, 3) << nobody;
  EXPECT_NE(nobody.err.find("krabuan daemon --listen"), std::string::npos) << nobody;
}

TEST_F(CliService, OnlyAServiceStartedWithClientClockLetsClientsSetTheTime) {
  TestService own(cli_.db(), {{"--serve-only"}, {}, {}});
  CliResult fixed = RunProgram(KrabuanBinary(), {"--as", "p33", "tasks"},
                               {{"KRABUAN_SERVER", own.server()}, {"KRABUAN_NOW", kDefaultNow}});
  EXPECT_EQ(fixed.exit_code, 1) << fixed;
  EXPECT_NE(fixed.err.find("--client-clock"), std::string::npos) << fixed;
  CliResult real = RunProgram(KrabuanBinary(), {"--as", "p33", "tasks"}, {{"KRABUAN_SERVER", own.server()}});
  EXPECT_EQ(real.exit_code, 0) << real;
  CliResult no_clock = RunProgram(KrabuanBinary(), {"daemon", "--listen", "unix:" + (dir_.path() / "c.sock").string(),
                                                    "--serve-only", "--client-clock"},
                                  {{"KRABUAN_DB", cli_.db().string()}}, 20);
  EXPECT_NE(no_clock.exit_code, 0) << no_clock;
  EXPECT_NE(no_clock.err.find("--now"), std::string::npos) << no_clock;
}

TEST_F(CliService, ALiveSocketIsNeverTakenOverAStaleOneIsReplacedAndOtherFilesAreLeftAlone) {
  auto serve = [&](const fs::path& socket) {
    return RunProgram(KrabuanBinary(), {"daemon", "--listen", "unix:" + socket.string(), "--serve-only"},
                      {{"KRABUAN_DB", cli_.db().string()}}, 20);
  };
  CliResult taken = serve(Service().socket());
  EXPECT_NE(taken.exit_code, 0) << taken;
  EXPECT_NE(taken.err.find(Service().socket().string()), std::string::npos) << taken;
  EXPECT_EQ(Client("p33", {"tasks"}).exit_code, 0);   // the first service still answers

  fs::path file = dir_.path() / "not-a-socket";
  std::ofstream(file) << "keep me";
  CliResult refused = serve(file);
  EXPECT_NE(refused.exit_code, 0) << refused;
  EXPECT_EQ(ReadTextFile(file), "keep me");

  // A socket file left by a service that is gone (bound, never unlinked).
  TempDir sockets("krabuan-svc");   // a short path: a socket's name has at most 107 bytes
  fs::path stale = sockets.path() / "krabuan.sock";
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", stale.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ::close(fd);
  ASSERT_TRUE(fs::is_socket(stale));
  TestService replaced(cli_.db(), {{"--serve-only", "--client-clock"}, {{"KRABUAN_NOW", kDefaultNow}}, sockets.path()});
  EXPECT_EQ(RunProgram(KrabuanBinary(), {"--as", "p33", "tasks"},
                       {{"KRABUAN_SERVER", replaced.server()}, {"KRABUAN_NOW", kDefaultNow}})
                .exit_code,
            0);
}

TEST_F(CliService, TheResidentDaemonFiresTimersAndServesUntilSigterm) {
  TempDir sockets("krabuan-svc");
  fs::path socket = sockets.path() / "krabuan.sock";
  BackgroundProcess daemon(KrabuanBinary(), {"daemon", "--listen", "unix:" + socket.string(), "--poll-ms", "50"},
                           {{"KRABUAN_DB", cli_.db().string()}}, dir_.path() / "daemon.log");
  std::map<std::string, std::optional<std::string>> client = {{"KRABUAN_SERVER", "unix:" + socket.string()}};
  CliResult status;
  for (int i = 0; i < 400; ++i) {
    status = RunProgram(KrabuanBinary(), {"daemon", "--status", "--json"}, client);
    if (status.exit_code == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_EQ(status.exit_code, 0) << status << daemon.Log();   // served, and the daemon holds the lease
  EXPECT_EQ(status.Json().at("running"), true);
  CliResult tasks = RunProgram(KrabuanBinary(), {"--as", "p33", "tasks", "--json"}, client);
  EXPECT_EQ(tasks.exit_code, 0) << tasks;
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.Wait(std::chrono::seconds(10)), 0) << daemon.Log();
  EXPECT_FALSE(fs::exists(socket));
  // Stopping, it signed the audit log's head with its key, beside the database (0600).
  fs::path key = cli_.db().string() + ".audit-key";
  ASSERT_TRUE(fs::exists(key));
  EXPECT_EQ(fs::status(key).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  CliResult verified = Must(As("admin", {"audit", "verify", "--json"}));
  EXPECT_GE(verified.Json().at("checkpoints_verified").get<int>(), 1) << verified;
  CliResult gone = RunProgram(KrabuanBinary(), {"--as", "p33", "tasks"}, client);
  EXPECT_EQ(gone.exit_code, 3) << gone;
}

// Over TCP a client proves who it is with an API token; a failure says only that it failed.
TEST_F(CliService, TcpClientsActAsTheirTokensLoginAndEveryBadTokenIsTheSame401) {
  TempDir sockets("krabuan-svc");
  TestService service(cli_.db(), {{"--listen", "tcp:127.0.0.1:0", "--serve-only", "--client-clock", "--log-level", "info"},
                                  {{"KRABUAN_NOW", kDefaultNow}},
                                  sockets.path()});
  std::string log = service.Log();
  std::size_t at = log.find("on tcp:127.0.0.1:");
  ASSERT_NE(at, std::string::npos) << log;
  std::string server = log.substr(at + 3, log.find('\n', at) - at - 3);
  Endpoint tcp = ParseEndpoint(server).value();

  json made = Must(As("admin", {"token", "create", "p33", "--json"})).Json();
  std::string token = made.at("token").get<std::string>();
  json expiring = Must(As("admin", {"token", "create", "p34", "--expires", "2025-08-01", "--json"})).Json();
  CliResult listed = Must(As("admin", {"token", "list", "--json"}));
  EXPECT_EQ(listed.out.find(token), std::string::npos) << "the secret is never shown again";
  EXPECT_EQ(As("p33", {"token", "create", "p33"}).exit_code, 1);   // administrators only

  auto call = [&](const std::string& bearer, const std::map<std::string, std::string>& extra = {}) {
    HttpRequest request{"GET", "/v1/tasks", {}, ""};
    if (!bearer.empty()) request.headers["authorization"] = "Bearer " + bearer;
    for (const auto& [k, v] : extra) request.headers[k] = v;
    return HttpCall(tcp, request, std::chrono::seconds(30)).value();
  };
  HttpResponse ok = call(token);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(call(token, {{"x-krabuan-as", "admin"}}).status, 403);   // p33 may not act for others

  std::string wrong = token.substr(0, token.size() - 1) + (token.back() == '0' ? "1" : "0");
  std::string expired = expiring.at("token").get<std::string>();
  std::vector<HttpResponse> refused = {call(""), call("garbage"), call(wrong),
                                       call(expired, {{"x-krabuan-now", "2025-08-02T09:00+07:00"}})};
  for (const HttpResponse& r : refused) {
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(Body(r).at("error").at("message"), Body(refused[1]).at("error").at("message")) << r.body;
  }
  // Four failures in a row: the next answer waits (0.1 s, doubling per failure).
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(call(wrong).status, 401);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(700));
  EXPECT_EQ(call(expired).status, 200);   // on its last day it works

  // The CLI over TCP: KRABUAN_TOKEN.
  std::map<std::string, std::optional<std::string>> env = {
      {"KRABUAN_SERVER", server}, {"KRABUAN_TOKEN", token}, {"KRABUAN_NOW", kDefaultNow}};
  CliResult tasks = RunProgram(KrabuanBinary(), {"tasks", "--json"}, env);
  EXPECT_EQ(tasks.exit_code, 0) << tasks;
  Must(As("admin", {"token", "revoke", std::to_string(made.at("id").get<int>())}));
  CliResult revoked = RunProgram(KrabuanBinary(), {"tasks"}, env);
  EXPECT_EQ(revoked.exit_code, 1) << revoked;
  EXPECT_NE(revoked.err.find("not valid"), std::string::npos) << revoked;
}

TEST_F(CliService, BadTokenRequestsAreRefusedByNameAndChangeNothing) {
  Must(As("admin", {"token", "create", "p33"}));
  Must(As("admin", {"token", "revoke", "1"}));
  std::string before = Dump();
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {{"token", "create", "ghost"}, "unknown user 'ghost'"},
           {{"token", "create", "p33", "--expires", "2025-07-31"}, "that day is past"},
           {{"token", "create", "p33", "--expires", "2568-12-31"}, "--expires"},
           {{"token", "create", "p33", "--expires", "soon"}, "is not a date"},
           {{"token", "revoke", "999"}, "no API token 999"},
           {{"token", "revoke", "abc"}, "'abc' is not a token id"},
           {{"token", "revoke", "1"}, "already revoked"}}) {
    CliResult r = As("admin", c.args);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r;
  }
  CliResult not_admin = As("p33", {"token", "revoke", "1"});
  EXPECT_EQ(not_admin.exit_code, 1) << not_admin;
  EXPECT_NE(not_admin.err.find("only an administrator"), std::string::npos) << not_admin;
  EXPECT_EQ(Dump(), before);
}

// Who acts in service mode, with real OS accounts: the socket's peer credentials, never
// what the client says.
class CliServiceAccounts : public ::testing::Test {
 protected:
  void SetUp() override {
    if (ServedMode()) GTEST_SKIP() << "starts a service of its own";
    if (geteuid() != 0) GTEST_SKIP() << "needs root: the test creates OS accounts";
    std::string why;
    ASSERT_TRUE(EnsureTestAccounts(why)) << why;
    CopyProcessesWithAccounts(processes_);
    // The service's own database: root's alone, in a folder only root may enter.
    fs::create_directories(private_);
    ::chmod(private_.c_str(), 0700);
    CliRunner root(db_);
    CliResult init = root.As("admin", {"init", "--processes", processes_.string()});
    ASSERT_EQ(init.exit_code, 0) << init;
    ::chmod(db_.c_str(), 0600);
    // The socket's folder: open to the staff group.
    ::chmod(sockets_.path().c_str(), 0755);
    fs::create_directories(public_);
    ASSERT_EQ(::chown(public_.c_str(), 0, GroupId(kStaffGroup)), 0);
    ::chmod(public_.c_str(), 0750);
    service_ = std::make_unique<TestService>(
        db_, TestServiceOptions{{"--serve-only", "--client-clock", "--socket-group", kStaffGroup},
                                {{"KRABUAN_NOW", kDefaultNow}},
                                public_});
  }

  CliResult AsAccount(const char* account, const std::vector<std::string>& args,
                      std::map<std::string, std::optional<std::string>> env = {}) const {
    env.emplace("KRABUAN_SERVER", service_->server());
    env.emplace("KRABUAN_NOW", kDefaultNow);
    return RunAsAccount(account, args, std::move(env));
  }

  TempDir dir_;
  TempDir sockets_{"krabuan-svc"};   // a short path: a socket's name has at most 107 bytes
  fs::path processes_ = dir_.path() / "processes";
  fs::path private_ = dir_.path() / "private";
  fs::path public_ = sockets_.path() / "public";
  fs::path db_ = private_ / "krabuan.db";
  std::unique_ptr<TestService> service_;
};

TEST_F(CliServiceAccounts, TheSocketIsTheStaffGroupsAndThePeersAccountActs) {
  struct stat socket_stat{};
  ASSERT_EQ(::stat(service_->socket().c_str(), &socket_stat), 0);
  EXPECT_EQ(socket_stat.st_gid, GroupId(kStaffGroup));
  EXPECT_EQ(socket_stat.st_mode & 0777, 0660u);

  // The database is the service's alone: an account cannot open it itself.
  CliResult embedded = RunAsAccount(kP33Account, {"tasks"}, {{"KRABUAN_DB", db_.string()}});
  EXPECT_NE(embedded.exit_code, 0) << embedded;

  CliResult started = AsAccount(kP33Account, {"start", "budget-request", "--set", "fiscal_year=2568", "--set",
                                              "budget_category=operating", "--json"},
                                {{"KRABUAN_USER", "admin"}});
  ASSERT_EQ(started.exit_code, 1) << started;   // KRABUAN_USER is --as: p33 may not act for admin
  started = AsAccount(kP33Account, {"start", "budget-request", "--set", "fiscal_year=2568", "--set",
                                    "budget_category=operating", "--json"});
  ASSERT_EQ(started.exit_code, 0) << started;
  std::string id = std::to_string(started.Json().at("instance").get<std::int64_t>());
  CliResult shown = AsAccount(kAdminAccount, {"show", id, "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown;
  EXPECT_EQ(shown.Json().at("history")[0].at("user"), "p33") << shown;

  CliResult cancel = AsAccount(kP33Account, {"--as", "admin", "cancel", id, "--reason", "x"});
  EXPECT_EQ(cancel.exit_code, 1) << cancel;
  EXPECT_NE(cancel.err.find("--as"), std::string::npos) << cancel;
  CliResult outsider = AsAccount(kOutsiderAccount, {"tasks"});
  EXPECT_EQ(outsider.exit_code, 1) << outsider;
  EXPECT_NE(outsider.err.find(kOutsiderAccount), std::string::npos) << outsider;

  CliResult for_p33 = AsAccount(kAdminAccount, {"--as", "p33", "cancel", id, "--reason", "แทน"});
  EXPECT_EQ(for_p33.exit_code, 1) << for_p33;   // acting as p33, who may not cancel
  CliResult by_admin = AsAccount(kAdminAccount, {"cancel", id, "--reason", "ยกเลิก"});
  EXPECT_EQ(by_admin.exit_code, 0) << by_admin;
}

}  // namespace
}  // namespace krabuan::clitest
