#include "cli/service_routes.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "adapters/server/base64.h"
#include "cli/app.h"

namespace krabuan::cli {

using nlohmann::json;

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX and, in a query, '+' for a space.
Result<std::string> PercentDecoded(const std::string& text, bool query) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) return Status::Invalid("'" + text + "': a '%' must be followed by two hex digits");
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (query && text[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

struct Target {
  std::vector<std::string> segments;           // after /v1
  std::map<std::string, std::string> query;
};

Result<Target> ParseTarget(const std::string& raw) {
  Target t;
  std::string path = raw.substr(0, raw.find('?'));
  std::string query = raw.find('?') == std::string::npos ? "" : raw.substr(raw.find('?') + 1);
  std::stringstream parts(path);
  std::string segment;
  while (std::getline(parts, segment, '/')) {
    if (segment.empty()) continue;
    Result<std::string> decoded = PercentDecoded(segment, false);
    if (!decoded.ok()) return decoded.status();
    t.segments.push_back(*decoded);
  }
  if (t.segments.empty() || t.segments.front() != "v1") {
    return Status::NotFound("no endpoint " + path + " (the API's paths begin with /v1/)");
  }
  t.segments.erase(t.segments.begin());
  std::stringstream pairs(query);
  std::string pair;
  while (std::getline(pairs, pair, '&')) {
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    Result<std::string> name = PercentDecoded(pair.substr(0, eq), true);
    Result<std::string> value = PercentDecoded(eq == std::string::npos ? "" : pair.substr(eq + 1), true);
    if (!name.ok()) return name.status();
    if (!value.ok()) return value.status();
    if (t.query.contains(*name)) return Status::Invalid("query: '" + *name + "' is given twice");
    t.query[*name] = *value;
  }
  return t;
}

// The request's JSON body: an object (empty when no body was sent).
Result<json> BodyObject(const HttpRequest& request) {
  if (request.body.empty()) return json::object();
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return Status::Invalid("the request body must be a JSON object");
  return body;
}

// A string member of the body, or empty; Invalid when it is there but not a string.
Result<std::string> Text(const json& body, const std::string& name) {
  if (!body.contains(name) || body[name].is_null()) return std::string();
  if (!body[name].is_string()) return Status::Invalid("'" + name + "' must be a string");
  return body[name].get<std::string>();
}

// {"set": {"amount": "1500.00", "approved": true}} as --set NAME=VALUE words.
Status AddSets(const json& body, std::vector<std::string>& args) {
  if (!body.contains("set") || body["set"].is_null()) return Status::Ok();
  if (!body["set"].is_object()) return Status::Invalid("'set' must be an object of NAME: VALUE");
  for (const auto& [name, value] : body["set"].items()) {
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_number() || value.is_boolean()) {
      text = value.dump();
    } else {
      return Status::Invalid("'set." + name + "' must be a string, a number or true/false");
    }
    args.push_back("--set");
    args.push_back(name + "=" + text);
  }
  return Status::Ok();
}

// Adds `--option VALUE` for each body member that is given.
Status AddOptions(const json& body, const std::vector<std::pair<std::string, std::string>>& names,
                  std::vector<std::string>& args) {
  for (const auto& [member, option] : names) {
    Result<std::string> value = Text(body, member);
    if (!value.ok()) return value.status();
    if (value->empty()) continue;
    args.push_back(option);
    args.push_back(*value);
  }
  return Status::Ok();
}

// Query parameters as options: `?limit=10` -> `--limit 10`; flags take 1/true.
Status AddQuery(const Target& t, const std::vector<std::string>& options, const std::vector<std::string>& flags,
                std::vector<std::string>& args) {
  for (const auto& [name, value] : t.query) {
    bool known = false;
    for (const std::string& o : options) {
      if (o != name) continue;
      known = true;
      args.push_back("--" + name);
      args.push_back(value);
    }
    for (const std::string& f : flags) {
      if (f != name) continue;
      known = true;
      if (value == "1" || value == "true" || value.empty()) {
        args.push_back("--" + name);
      } else if (value != "0" && value != "false") {
        return Status::Invalid("query: '" + name + "' is a flag: give 1 or 0");
      }
    }
    if (!known) return Status::Invalid("query: '" + name + "' is not a parameter of this endpoint");
  }
  return Status::Ok();
}

Status NoEndpoint(const HttpRequest& request) {
  return Status::NotFound("no endpoint " + request.method + " " + request.target.substr(0, request.target.find('?')));
}

Result<Route> TransportRoute(const HttpRequest& request) {
  Result<json> body = BodyObject(request);
  if (!body.ok()) return body.status();
  Route route;
  route.transport = true;
  const char* words = "'args' must be an array of strings (or {\"base64\": ...} for a word that is not UTF-8)";
  if (!(*body).contains("args") || !(*body)["args"].is_array()) return Status::Invalid(words);
  for (const json& word : (*body)["args"]) {
    if (word.is_string()) {
      route.input.args.push_back(word.get<std::string>());
      continue;
    }
    std::optional<std::string> bytes;
    if (word.is_object() && word.contains("base64") && word["base64"].is_string()) {
      bytes = Base64Decode(word["base64"].get<std::string>());
    }
    if (!bytes) return Status::Invalid(words);
    route.input.args.push_back(*bytes);
  }
  for (auto [member, field] : {std::pair{"as", &route.input.as}, std::pair{"now", &route.input.now}}) {
    Result<std::string> value = Text(*body, member);
    if (!value.ok()) return value.status();
    *field = *value;
  }
  if ((*body).contains("files")) {
    if (!(*body)["files"].is_object()) return Status::Invalid("'files' must be an object of path: base64");
    for (const auto& [path, encoded] : (*body)["files"].items()) {
      std::optional<std::string> content = encoded.is_string() ? Base64Decode(encoded.get<std::string>()) : std::nullopt;
      if (!content) return Status::Invalid("'files." + path + "' is not base64");
      route.input.files[path] = *content;
    }
  }
  return route;
}

}  // namespace

json ErrorBody(const std::string& kind, const std::vector<std::string>& messages) {
  std::string joined;
  for (const std::string& m : messages) joined += (joined.empty() ? "" : "; ") + m;
  return {{"error", {{"kind", kind}, {"message", joined}, {"messages", messages}}}};
}

HttpResponse JsonResponse(int status, const json& body) {
  return HttpResponse{status, "application/json", body.dump(2, ' ', false, json::error_handler_t::replace) + "\n", {}};
}

Result<Route> RouteFor(const HttpRequest& request) {
  Result<Target> parsed = ParseTarget(request.target);
  if (!parsed.ok()) return parsed.status();
  const Target& t = *parsed;
  const std::vector<std::string>& s = t.segments;
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  auto is = [&](std::initializer_list<const char*> words) {
    if (s.size() != words.size()) return false;
    std::size_t i = 0;
    for (const char* w : words) {
      if (*w != '*' && s[i] != w) return false;
      ++i;
    }
    return true;
  };

  if (post && is({"run"})) return TransportRoute(request);
  if (get && is({"health"})) {
    Route route;
    route.health = true;
    return route;
  }

  Route route;
  std::vector<std::string>& args = route.input.args;
  route.input.as = request.Header("x-krabuan-as");
  route.input.now = request.Header("x-krabuan-now");
  Result<json> body = BodyObject(request);
  if (!body.ok()) return body.status();
  Status built = Status::Ok();
  bool queried = false;   // the endpoint reads the query; the others refuse one
  auto query = [&](const std::vector<std::string>& options, const std::vector<std::string>& flags) {
    queried = true;
    return AddQuery(t, options, flags, args);
  };
  if (get && is({"org"})) {
    args = {"org"};
  } else if (get && is({"processes"})) {
    args = {"processes"};
    built = query({"limit"}, {});
  } else if (get && is({"processes", "*"})) {
    args = {"describe", s[1]};
  } else if (post && is({"instances"})) {
    Result<std::string> process = Text(*body, "process");
    if (!process.ok()) return process.status();
    if (process->empty()) return Status::Invalid("'process' is required: the id of the process to start");
    args = {"start", *process};
    route.success_status = 201;
    built = AddSets(*body, args);
    if (built.ok()) built = AddOptions(*body, {{"key", "--key"}, {"comment", "--comment"}}, args);
  } else if (get && is({"instances"})) {
    args = {"instances"};
    built = query({"process", "state", "limit"}, {});
  } else if (get && is({"instances", "*"})) {
    args = {"show", s[1]};
  } else if (post && is({"instances", "*", "cancel"})) {
    args = {"cancel", s[1]};
    built = AddOptions(*body, {{"reason", "--reason"}}, args);
  } else if (get && is({"tasks"})) {
    args = {"tasks"};
    built = query({"role", "instance", "limit"}, {"all", "overdue"});
  } else if (get && is({"tasks", "*"})) {
    args = {"task", s[1]};
  } else if (post && is({"tasks", "*", "claim"})) {
    args = {"claim", s[1]};
  } else if (post && is({"tasks", "*", "complete"})) {
    args = {"complete", s[1]};
    built = AddSets(*body, args);
    if (built.ok()) built = AddOptions(*body, {{"outcome", "--outcome"}, {"comment", "--comment"}}, args);
  } else if (post && is({"tasks", "*", "reassign"})) {
    Result<std::string> user = Text(*body, "user");
    if (!user.ok()) return user.status();
    if (user->empty()) return Status::Invalid("'user' is required: the login to give the task to");
    args = {"reassign", s[1], *user};
    built = AddOptions(*body, {{"comment", "--comment"}}, args);
  } else if (get && is({"overdue"})) {
    args = {"overdue"};
    built = query({"limit"}, {});
  } else if (get && is({"alerts"})) {
    args = {"alerts"};
  } else {
    return NoEndpoint(request);
  }
  if (!built.ok()) return built;
  if (!queried && !t.query.empty()) return Status::Invalid("query: this endpoint takes no parameters");
  args.push_back("--json");
  return route;
}

int HttpStatusFor(ErrorKind failure, int exit_code) {
  switch (failure) {
    case ErrorKind::kInvalid: return 400;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kRefused: return 403;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kBusy: return 503;
    case ErrorKind::kStorage:
    case ErrorKind::kInternal: return 500;
    case ErrorKind::kOk: break;
  }
  if (exit_code == kExitUsage || exit_code == kExitRefused) return 400;
  return 500;
}

HttpResponse ResourceResponse(const Route& route, const CommandOutcome& outcome) {
  if (outcome.exit_code == kExitOk) {
    return HttpResponse{route.success_status, "application/json", outcome.out, {}};
  }
  std::vector<std::string> messages;
  std::stringstream lines(outcome.err);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("krabuan: ")) line = line.substr(9);
    if (!line.empty()) messages.push_back(line);
  }
  int status = HttpStatusFor(outcome.failure, outcome.exit_code);
  const char* kind = status == 404 ? "not-found"
                     : status == 403 ? "refused"
                     : status == 409 ? "conflict"
                     : status == 503 ? "busy"
                     : status == 400 ? "invalid"
                                     : "internal";
  return JsonResponse(status, ErrorBody(kind, messages));
}

}  // namespace krabuan::cli
