#include "engine/org/org.h"

#include <algorithm>

namespace krabuan {

Org::Org(std::string office, std::string group, std::vector<Role> roles,
         std::vector<Position> positions, std::vector<User> users, std::vector<ActingOrder> acting,
         std::vector<School> schools)
    : office_(std::move(office)),
      group_(std::move(group)),
      roles_(std::move(roles)),
      positions_(std::move(positions)),
      users_(std::move(users)),
      acting_(std::move(acting)),
      schools_(std::move(schools)) {}

const User* Org::FindUser(std::string_view login) const {
  for (const User& u : users_) {
    if (u.login == login) return &u;
  }
  return nullptr;
}

const User* Org::UserForOsAccount(std::string_view account) const {
  if (account.empty()) return nullptr;
  for (const User& u : users_) {
    if (u.os_user == account) return &u;
  }
  const User* named = FindUser(account);
  return named != nullptr && named->os_user.empty() ? named : nullptr;
}

const Role* Org::FindRole(std::string_view id) const {
  for (const Role& r : roles_) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

const Position* Org::FindPosition(std::string_view number) const {
  for (const Position& p : positions_) {
    if (p.number == number) return &p;
  }
  return nullptr;
}

const Role* Org::OverseeingRole() const {
  for (const Role& r : roles_) {
    if (r.oversees) return &r;
  }
  return acting_.size() == 1 ? FindRole(acting_.front().role) : nullptr;
}

bool Org::HasRole(const User& user, std::string_view role) const {
  return std::find(user.roles.begin(), user.roles.end(), role) != user.roles.end();
}

std::optional<Capacity> Org::CapacityFor(const User& user, std::string_view role) const {
  if (HasRole(user, role)) return Capacity::kMember;
  if (const Role* r = FindRole(role)) {
    for (const std::string& recorder : r->recorded_by) {
      if (HasRole(user, recorder)) return Capacity::kRecorder;
    }
  }
  return std::nullopt;
}

std::vector<std::string> Org::ActableRoles(const User& user) const {
  std::vector<std::string> out = user.roles;
  for (const Role& r : roles_) {
    if (HasRole(user, r.id)) continue;
    if (CapacityFor(user, r.id)) out.push_back(r.id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace krabuan
