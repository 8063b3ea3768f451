#include "cli/token_command.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/app.h"
#include "cli/day_arg.h"
#include "cli/id_arg.h"
#include "cli/table.h"
#include "engine/text/escape.h"

namespace krabuan::cli {
namespace {

using nlohmann::json;

json TimeOrNull(const std::optional<Instant>& t) { return t ? json(FormatInstantUtc(*t)) : json(nullptr); }

std::string State(const ApiTokenRecord& t, Instant now) {
  if (t.revoked_at) return "revoked " + FormatThaiDateTime(*t.revoked_at) + " by " + t.revoked_by;
  if (t.expires_at && *t.expires_at < now) return "expired";
  return "valid";
}

}  // namespace

int CmdToken(const GlobalOptions& g, const TokenArgs& args, Io io) {
  std::optional<Date> expires;
  std::int64_t id = 0;
  if (args.action == "create") {
    if (args.login.empty()) return Fail(Status::Invalid("token create: give the LOGIN the token acts as"), io.err);
    if (!args.expires.empty()) {
      Result<Date> day = ParseDay(args.expires, "--expires");
      if (!day.ok()) return Fail(day.status(), io.err);
      expires = *day;
    }
  } else if (args.action == "revoke") {
    Result<std::int64_t> parsed = ParseId(args.id, "a token");
    if (!parsed.ok()) return Fail(parsed.status(), io.err);
    id = *parsed;
  }
  Result<std::unique_ptr<Session>> session = Session::Open(g, args.action == "list" ? Access::kRead : Access::kWrite);
  if (!session.ok()) return Fail(session.status(), io.err);
  Engine& engine = (*session)->engine();
  Result<Actor> actor = (*session)->actor();
  if (!actor.ok()) return Fail(actor.status(), io.err);

  if (args.action == "create") {
    Result<NewToken> made = engine.CreateToken(*actor, args.login, expires);
    if (!made.ok()) return Fail(made.status(), io.err);
    if (g.json) {
      io.out << json{{"id", made->id}, {"login", made->login}, {"token", made->text},
                     {"expires_at", TimeOrNull(made->expires_at)}}.dump(2) << "\n";
    } else {
      io.out << "token " << made->id << " for " << EscapeControls(made->login) << " ("
             << (made->expires_at ? "until " + FormatThaiDateTime(*made->expires_at) : std::string("until revoked"))
             << "):\n" << made->text << "\n"
             << "It is shown this once and kept only as a hash: give it to " << EscapeControls(made->login)
             << " for KRABUAN_TOKEN.\n";
    }
    return kExitOk;
  }
  if (args.action == "revoke") {
    Status revoked = engine.RevokeToken(*actor, id);
    if (!revoked.ok()) return Fail(revoked, io.err);
    if (g.json) {
      io.out << json{{"id", id}, {"revoked", true}}.dump(2) << "\n";
    } else {
      io.out << "token " << id << " revoked\n";
    }
    return kExitOk;
  }
  Result<std::vector<ApiTokenRecord>> tokens = engine.Tokens(*actor);
  if (!tokens.ok()) return Fail(tokens.status(), io.err);
  Instant now = (*session)->clock().Now();
  if (g.json) {
    json list = json::array();
    for (const ApiTokenRecord& t : *tokens) {
      list.push_back({{"id", t.id}, {"login", t.login}, {"created_by", t.created_by},
                      {"created_at", FormatInstantUtc(t.created_at)}, {"expires_at", TimeOrNull(t.expires_at)},
                      {"revoked_by", t.revoked_by}, {"revoked_at", TimeOrNull(t.revoked_at)},
                      {"valid", State(t, now) == "valid"}});
    }
    io.out << json{{"tokens", list}}.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  if (tokens->empty()) {
    io.out << "no API tokens ('krabuan token create LOGIN' makes one)\n";
    return kExitOk;
  }
  Table table({"ID", "LOGIN", "CREATED", "BY", "EXPIRES", "STATE"});
  for (const ApiTokenRecord& t : *tokens) {
    table.AddRow({std::to_string(t.id), t.login, FormatThaiDateTime(t.created_at), t.created_by,
                  t.expires_at ? FormatThaiDateTime(*t.expires_at) : "-", State(t, now)});
  }
  io.out << table.Render();
  return kExitOk;
}

}  // namespace krabuan::cli
