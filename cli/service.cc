#include "cli/service.h"

#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/process/os_account.h"
#include "adapters/server/base64.h"
#include "cli/app.h"
#include "cli/files.h"
#include "cli/service_routes.h"

namespace krabuan::cli {

using nlohmann::json;

namespace {

// The service's clock, fixed for one command when a client may set it (--client-clock).
class CommandClock : public Clock {
 public:
  explicit CommandClock(std::unique_ptr<Clock> base) : base_(std::move(base)) {}
  Instant Now() const override { return fixed_ ? *fixed_ : base_->Now(); }
  void Fix(std::optional<Instant> at) { fixed_ = at; }

 private:
  std::unique_ptr<Clock> base_;
  std::optional<Instant> fixed_;
};

}  // namespace

struct Service::Impl : ServedSessions {
  GlobalOptions options;
  ServiceSettings settings;
  std::shared_ptr<spdlog::logger> log;
  CommandClock* clock = nullptr;
  std::unique_ptr<Session> session;   // the warm engine and its connection
  std::vector<std::unique_ptr<HttpServer>> servers;

  // One command at a time: the engine is not thread-safe, and SQLite has one writer.
  std::mutex command_mutex;
  Caller caller;   // the command in hand's

  std::mutex failures_mutex;
  std::map<std::string, int> failures;   // failed token checks by client address

  Result<std::unique_ptr<Session>> Open(const GlobalOptions& command, Access) override {
    std::optional<Instant> fixed;
    if (!command.now.empty()) {
      if (!settings.client_clock) {
        return Status::Invalid("--now / KRABUAN_NOW: the service keeps its own clock (a service started with "
                               "--client-clock lets clients set it, for tests and demos)");
      }
      Result<Instant> at = ParseWrittenInstant(command.now);
      if (!at.ok()) return Status::Invalid("--now / KRABUAN_NOW: " + at.status().message());
      fixed = *at;
    }
    clock->Fix(fixed);
    return Session::Lent(command, session->engine(), *clock, caller);
  }

  CommandOutcome RunCommand(const Caller& who, const CommandInput& input) {
    std::lock_guard lock(command_mutex);
    caller = who;
    caller.as = input.as;
    clock->Fix(std::nullopt);
    ExchangedFiles files(input.files);
    ServedCommand served{this, &files, options.db, input.as, input.now};
    std::vector<std::string> words = {"krabuan"};
    words.insert(words.end(), input.args.begin(), input.args.end());
    std::vector<const char*> argv;
    for (const std::string& w : words) argv.push_back(w.c_str());
    std::ostringstream out, err;
    ForgetLastFailure();
    CommandOutcome outcome;
    outcome.exit_code = Run(static_cast<int>(argv.size()), argv.data(), out, err, &served);
    outcome.failure = LastFailure();
    outcome.out = out.str();
    outcome.err = err.str();
    outcome.written = files.written();
    return outcome;
  }

  // The login of a TCP request's token (Authorization: Bearer). Each failure from an
  // address doubles the wait before its next answer (0.1 s up to 10 s), so guessing
  // is slow; a success forgets the failures.
  Result<std::string> Authenticate(const HttpRequest& request, const Peer& peer, const std::string& now) {
    std::string host = peer.address.substr(0, peer.address.rfind(':'));
    std::chrono::milliseconds wait{0};
    {
      std::lock_guard lock(failures_mutex);
      auto it = failures.find(host);
      if (it != failures.end() && it->second > 0) {
        wait = std::min(std::chrono::milliseconds(10000), std::chrono::milliseconds(100) * (1 << std::min(it->second - 1, 7)));
      }
    }
    if (wait.count() > 0) std::this_thread::sleep_for(wait);
    std::string header = request.Header("authorization");
    Result<std::string> login = Status::Refused("this endpoint needs an API token (Authorization: Bearer TOKEN)");
    if (header.starts_with("Bearer ")) {
      std::lock_guard lock(command_mutex);
      // On the clock the command will run on (a --client-clock client's), for expiry.
      std::optional<Instant> at;
      if (settings.client_clock && !now.empty()) {
        Result<Instant> parsed = ParseWrittenInstant(now);
        if (parsed.ok()) at = *parsed;
      }
      clock->Fix(at);
      login = session->engine().TokenLogin(header.substr(7));
    }
    std::lock_guard lock(failures_mutex);
    if (login.ok()) {
      failures.erase(host);
    } else if (login.status().kind() == ErrorKind::kRefused) {
      ++failures[host];
      log->warn("refused an API token from {}", peer.address);
      return Status::Refused("the API token is missing or not valid");
    }
    return login;
  }

  HttpResponse Handle(const HttpRequest& request, const Peer& peer) {
    auto started = std::chrono::steady_clock::now();
    HttpResponse response = Answer(request, peer);
    std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - started;
    log->debug("{} {} {} -> {} in {:.1f} ms", request.method, request.target,
               peer.local ? "uid " + std::to_string(peer.uid) : peer.address, response.status, ms.count());
    return response;
  }

  HttpResponse Answer(const HttpRequest& request, const Peer& peer) {
    Result<Route> route = RouteFor(request);
    if (!route.ok()) {
      int status = route.status().kind() == ErrorKind::kNotFound ? 404 : 400;
      return JsonResponse(status, ErrorBody(status == 404 ? "not-found" : "invalid", route.status().lines()));
    }
    if (route->health) return JsonResponse(200, {{"service", "krabuan"}, {"api", 1}});
    Caller who;
    if (peer.local) {
      who = Caller{OsAccountNameOf(peer.uid), "", OwnedAloneBy(options.db, peer.uid), ""};
    } else {
      Result<std::string> login = Authenticate(request, peer, route->input.now);
      if (!login.ok() && login.status().kind() != ErrorKind::kRefused) {
        return JsonResponse(500, ErrorBody("internal", login.status().lines()));
      }
      if (!login.ok()) return JsonResponse(401, ErrorBody("unauthenticated", {login.status().message()}));
      who.login = *login;
    }
    CommandOutcome outcome = RunCommand(who, route->input);
    if (route->transport) {
      json files = json::object();
      for (const auto& [path, content] : outcome.written) files[path] = Base64Encode(content);
      return JsonResponse(200, {{"exit_code", outcome.exit_code},
                                {"stdout", Base64Encode(outcome.out)},
                                {"stderr", Base64Encode(outcome.err)},
                                {"files", files}});
    }
    return ResourceResponse(*route, outcome);
  }
};

Service::Service(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Service::~Service() { Stop(); }

Result<std::unique_ptr<Service>> Service::Start(const GlobalOptions& g, const ServiceSettings& settings,
                                                std::shared_ptr<spdlog::logger> log) {
  auto impl = std::make_unique<Impl>();
  impl->options = g;
  impl->options.now.clear();
  impl->settings = settings;
  impl->log = std::move(log);
  std::unique_ptr<Clock> base;
  if (!g.now.empty()) {
    Result<Instant> at = ParseWrittenInstant(g.now);
    if (!at.ok()) return Status::Invalid("--now / KRABUAN_NOW: " + at.status().message());
    base = std::make_unique<FixedClock>(*at);
  } else {
    if (settings.client_clock) return Status::Invalid("--client-clock needs the daemon's own --now (a test or demo clock)");
    base = std::make_unique<SystemClock>();
  }
  auto clock = std::make_unique<CommandClock>(std::move(base));
  impl->clock = clock.get();
  Result<std::unique_ptr<Session>> session = Session::Open(impl->options, Access::kWrite, std::move(clock));
  if (!session.ok()) return session.status();
  impl->session = std::move(session.value());
  Impl* raw = impl.get();
  for (const Endpoint& at : settings.endpoints) {
    Result<std::unique_ptr<HttpServer>> server =
        HttpServer::Listen(at, settings.listen, [raw](const HttpRequest& r, const Peer& p) { return raw->Handle(r, p); });
    if (!server.ok()) return server.status();
    impl->log->info("serving {} on {}", g.db, (*server)->endpoint().ToString());
    impl->servers.push_back(std::move(server.value()));
  }
  return std::unique_ptr<Service>(new Service(std::move(impl)));
}

std::vector<Endpoint> Service::endpoints() const {
  std::vector<Endpoint> out;
  for (const auto& s : impl_->servers) out.push_back(s->endpoint());
  return out;
}

void Service::Stop() {
  for (auto& s : impl_->servers) s->Stop();
  impl_->servers.clear();
}

}  // namespace krabuan::cli
