// Absences: who is away, so acting officers stand in (engine/exec/escalation.h).
#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "engine/exec/audit_append.h"
#include "engine/text/utf8.h"

namespace krabuan {
namespace {

// The user themself or an administrator; `what` names the act for the message.
Status MayManageAbsence(const Org& org, const User& actor, const std::string& login, std::string_view what) {
  if (actor.login == login || org.IsAdmin(actor)) return Status::Ok();
  return Status::Refused("'" + actor.login + "' may not " + std::string(what) + " of '" + login +
                         "': only the user themself or an administrator may");
}

}  // namespace

Result<std::int64_t> Engine::RecordAbsence(const Actor& actor, const AbsenceRequest& request) {
  if (!IsValidUtf8(request.reason)) return Status::Invalid("the reason is not valid UTF-8");
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> user = scope.user(actor);
  if (!user.ok()) return user.status();
  const Org& org = **scope.org();
  if (org.FindUser(request.login) == nullptr) {
    return Status::Invalid("unknown user '" + request.login + "': not in the org file ('krabuan org' lists logins)");
  }
  KRABUAN_RETURN_IF_ERROR(MayManageAbsence(org, **user, request.login, "record an absence"));
  if (!request.from.ok() || !request.to.ok() || request.to < request.from) {
    return Status::Invalid("absence of '" + request.login + "': --to (" + FormatIsoDate(request.to) +
                           ") is before --from (" + FormatIsoDate(request.from) + ")");
  }
  Date today = OfficeDate(clock_.Now());
  if (request.to < today) {
    return Status::Invalid("absence of '" + request.login + "': it ended on " + FormatThaiDate(request.to) +
                           ", before today (" + FormatThaiDate(today) + "); only present and future absences count");
  }
  Result<std::vector<AbsenceRecord>> existing = (*txn)->ListAbsences(request.from);
  if (!existing.ok()) return existing.status();
  for (const AbsenceRecord& a : *existing) {
    if (a.login == request.login && a.from <= request.to) {
      return Status::Refused("'" + request.login + "' is already recorded absent " + FormatThaiDate(a.from) + " – " +
                             FormatThaiDate(a.to) + " (absence " + std::to_string(a.id) +
                             "); cancel it first with 'krabuan absent --cancel " + std::to_string(a.id) + "'");
    }
  }
  AbsenceRecord rec{0, request.login, request.from, request.to, request.reason, actor.login, clock_.Now(), "", {}};
  Result<std::int64_t> id = (*txn)->InsertAbsence(rec);
  if (!id.ok()) return id.status();
  rec.id = *id;
  KRABUAN_RETURN_IF_ERROR(AppendAudit(**txn, rec.recorded_at, actor.login, audit_kind::kAbsence,
                                      "absence " + std::to_string(rec.id), AbsenceDigest(rec)));
  KRABUAN_RETURN_IF_ERROR(CommitSealed(**txn, clock_.Now()));
  return id;
}

Status Engine::CancelAbsence(const Actor& actor, std::int64_t id) {
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> user = scope.user(actor);
  if (!user.ok()) return user.status();
  Result<std::optional<AbsenceRecord>> a = (*txn)->FindAbsence(id);
  if (!a.ok()) return a.status();
  if (!a->has_value()) return Status::NotFound("no absence " + std::to_string(id) + " ('krabuan absent --list' lists them)");
  KRABUAN_RETURN_IF_ERROR(MayManageAbsence(**scope.org(), **user, (*a)->login, "cancel an absence"));
  if ((*a)->cancelled_at) {
    return Status::Refused("absence " + std::to_string(id) + " of '" + (*a)->login + "' is already cancelled (by " +
                           (*a)->cancelled_by + ")");
  }
  AbsenceRecord cancelled = **a;
  cancelled.cancelled_by = actor.login;
  cancelled.cancelled_at = clock_.Now();
  KRABUAN_RETURN_IF_ERROR((*txn)->CancelAbsence(id, cancelled.cancelled_by, *cancelled.cancelled_at));
  KRABUAN_RETURN_IF_ERROR(AppendAudit(**txn, *cancelled.cancelled_at, actor.login, audit_kind::kAbsenceCancel,
                                      "absence " + std::to_string(id), AbsenceCancelDigest(cancelled)));
  return CommitSealed(**txn, clock_.Now());
}

Result<std::vector<AbsenceRecord>> Engine::Absences(const Actor& actor) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  Result<const User*> user = CommandScope(*this, **txn).user(actor);
  if (!user.ok()) return user.status();
  return (*txn)->ListAbsences(OfficeDate(clock_.Now()));
}

}  // namespace krabuan
