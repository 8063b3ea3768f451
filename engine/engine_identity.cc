// Who acts: an OS account mapped to a login of the org file.
#include "engine/engine.h"
#include "engine/engine_internal.h"

namespace krabuan {
namespace {

std::string AccountText(const Caller& caller, const User* own) {
  if (!caller.login.empty()) {
    return "the token's login '" + caller.login + "'" + (own == nullptr ? " is no user in the org file" : "");
  }
  std::string out = "OS account '" + caller.os_account + "'";
  if (own == nullptr) return out + " is no user in the org file";
  return out + " acts as '" + own->login + "'";
}

}  // namespace

Result<Actor> Engine::Identify(const Caller& caller) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  Result<std::int64_t> org_id = (*txn)->LatestDocumentId(DocumentKind::kOrg);
  if (!org_id.ok()) return org_id.status();
  if (*org_id == 0) return Actor{caller.as.empty() ? caller.os_account : caller.as, ""};
  Result<std::shared_ptr<const Org>> org = CommandScope(*this, **txn).org();
  if (!org.ok()) return org.status();
  const User* own =
      caller.login.empty() ? (*org)->UserForOsAccount(caller.os_account) : (*org)->FindUser(caller.login);
  if (caller.as.empty() || (own != nullptr && caller.as == own->login)) {
    if (own == nullptr && !caller.login.empty()) return Status::Refused(AccountText(caller, own));
    if (own == nullptr) {
      return Status::Refused(AccountText(caller, own) + ": give its user os-user=\"" + caller.os_account +
                             "\" in the org file ('krabuan org' lists the users)");
    }
    return Actor{own->login, ""};
  }
  if (own != nullptr && (*org)->IsAdmin(*own)) return Actor{caller.as, own->login};
  if (caller.owns_store_alone) return Actor{caller.as, ""};
  return Status::Refused("--as " + caller.as + ": only an administrator may act for another user (or anyone, on a "
                         "database file they own alone); " + AccountText(caller, own) +
                         (own != nullptr ? ", who is not an administrator" : ""));
}

}  // namespace krabuan
