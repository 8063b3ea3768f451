#include "cli/remote.h"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/server/base64.h"
#include "adapters/server/http_server.h"
#include "cli/app.h"
#include "cli/files.h"
#include "engine/text/escape.h"
#include "engine/text/utf8.h"

namespace krabuan::cli {

using nlohmann::json;

namespace {

constexpr const char* kClientSettled[] = {"--server", "--db", "--as", "--now"};

// True when the service may write `path`: the --out the command was given, or a file in
// that folder (the manual's flowcharts).
bool MayWrite(const std::string& path, const std::string& out) {
  if (out.empty()) return false;
  if (path == out) return true;
  std::string folder = out.ends_with('/') ? out : out + "/";
  return path.starts_with(folder) && path.find("/../") == std::string::npos;
}

int FailWith(const std::string& message, int code, Io io) {
  io.err << "krabuan: " << EscapeControls(message) << "\n";
  return code;
}

}  // namespace

std::vector<std::string> ForwardedArgs(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    bool settled = false;
    for (const char* name : kClientSettled) {
      if (args[i] == name) {
        ++i;   // and its value
        settled = true;
      } else if (args[i].starts_with(std::string(name) + "=")) {
        settled = true;
      }
    }
    if (!settled) out.push_back(args[i]);
  }
  return out;
}

int RunRemote(const RemoteCommand& command, Io io) {
  Result<Endpoint> endpoint = ParseEndpoint(command.server);
  if (!endpoint.ok()) return FailWith("--server / KRABUAN_SERVER: " + endpoint.status().message(), kExitUsage, io);
  // Words that are not UTF-8 (a refusal to test, a mistyped byte) travel as base64, so the
  // service sees them byte for byte and refuses them as embedded mode would.
  json args = json::array();
  for (const std::string& word : ForwardedArgs(command.args)) {
    args.push_back(IsValidUtf8(word) ? json(word) : json{{"base64", Base64Encode(word)}});
  }
  json request = {{"args", args}, {"as", command.as}, {"now", command.now}};
  json files = json::object();
  for (const std::string& path : command.uploads) {
    // A file that cannot be read is left out; the service then says so as the command would.
    Result<std::string> content = LocalFiles().Read(path);
    if (content.ok()) files[path] = Base64Encode(*content);
  }
  request["files"] = files;
  HttpRequest call;
  call.method = "POST";
  call.target = "/v1/run";
  call.headers["content-type"] = "application/json";
  if (const char* token = std::getenv("KRABUAN_TOKEN"); token && *token) {
    call.headers["authorization"] = std::string("Bearer ") + token;
  }
  call.body = request.dump(-1, ' ', false, json::error_handler_t::replace);
  Result<HttpResponse> answer = HttpCall(*endpoint, call);
  if (!answer.ok()) {
    return FailWith(answer.status().message() + " (is 'krabuan daemon --listen " + endpoint->ToString() + "' running?)",
                    kExitInternal, io);
  }
  json body = json::parse(answer->body, nullptr, false);
  if (answer->status != 200) {
    std::string message = "the service refused the request (HTTP " + std::to_string(answer->status) + ")";
    if (body.is_object() && body.contains("error") && body["error"].is_object() && body["error"].contains("message") &&
        body["error"]["message"].is_string()) {
      message = body["error"]["message"].get<std::string>();
    }
    return FailWith(message, answer->status >= 500 ? kExitInternal : kExitRefused, io);
  }
  if (!body.is_object() || !body.contains("exit_code")) {
    return FailWith("the service's answer is not a command result", kExitInternal, io);
  }
  const json files_back = body.value("files", json::object());
  if (!files_back.is_object() || !body["exit_code"].is_number_integer()) {
    return FailWith("the service's answer is not a command result", kExitInternal, io);
  }
  for (const auto& [path, encoded] : files_back.items()) {
    std::optional<std::string> content = encoded.is_string() ? Base64Decode(encoded.get<std::string>()) : std::nullopt;
    if (!content || !MayWrite(path, command.out)) {
      return FailWith("the service sent a file the command may not write: '" + path + "'", kExitInternal, io);
    }
    if (path != command.out && path.rfind('/') != std::string::npos) {
      Status folder = LocalFiles().MakeFolder(path.substr(0, path.rfind('/')));
      if (!folder.ok()) return Fail(folder, io.err);
    }
    Status written = LocalFiles().Write(path, *content);
    if (!written.ok()) return Fail(written, io.err);
  }
  auto text = [&](const char* name) -> std::optional<std::string> {
    const json& value = body.contains(name) ? body[name] : json("");
    return value.is_string() ? Base64Decode(value.get<std::string>()) : std::nullopt;
  };
  std::optional<std::string> out = text("stdout");
  std::optional<std::string> err = text("stderr");
  if (!out || !err) return FailWith("the service's answer is not a command result", kExitInternal, io);
  io.out << *out;
  io.err << *err;
  return body["exit_code"].get<int>();
}

}  // namespace krabuan::cli
