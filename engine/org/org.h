// The organisation: roles, the group's positions, users and the acting order.
// Immutable once parsed; shared by every command of one engine.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/source_location.h"

namespace krabuan {

struct Role {
  std::string id;
  std::string name;
  // Set for bodies outside the group (area committee, schools, OBEC, ...): holders of
  // these roles record the body's acts on its behalf.
  std::vector<std::string> recorded_by;
  // The role that oversees the group (its director): late work is escalated to its
  // holder, or through its acting order while they are away, and its holders may list
  // every task. At most one role oversees.
  bool oversees = false;
};

struct Position {
  std::string number;      // as written in the manual, e.g. "๓๒", "อ ๓๕"
  std::string title;
  std::string assignment;
  std::string login;       // the user who holds the position
};

struct User {
  std::string login;
  std::string name;        // display name; positions show their title instead
  std::vector<std::string> roles;
  std::string position;    // position number, empty for users without one
  std::string os_user = {};   // os-user=: the OS account acting as this login; empty: the account named `login`
};

// A school under the office. Each school is also a user (role 'school') so it can act
// on its own tasks; the group's officers may still record for it.
struct School {
  std::string login;
  std::string name;
};

// Who replaces the holder of `role` when absent, in order (rank 1 first).
struct ActingOrder {
  std::string role;
  std::vector<std::string> positions;
};

// How a user may act in a role.
enum class Capacity {
  kMember,     // holds the role
  kRecorder,   // records the act of an outside body on its behalf
};

class Org {
 public:
  Org() = default;
  Org(std::string office, std::string group, std::vector<Role> roles,
      std::vector<Position> positions, std::vector<User> users, std::vector<ActingOrder> acting,
      std::vector<School> schools = {});

  const std::string& office() const { return office_; }
  const std::string& group() const { return group_; }
  const std::vector<Role>& roles() const { return roles_; }
  const std::vector<Position>& positions() const { return positions_; }
  const std::vector<User>& users() const { return users_; }
  const std::vector<ActingOrder>& acting_orders() const { return acting_; }
  const std::vector<School>& schools() const { return schools_; }

  const User* FindUser(std::string_view login) const;
  // The user an OS account acts as: the one naming it in os-user=, else the one whose
  // login is the account's name and who names no other account. None: not a user.
  const User* UserForOsAccount(std::string_view account) const;
  const Role* FindRole(std::string_view id) const;
  const Position* FindPosition(std::string_view number) const;
  bool HasRole(const User& user, std::string_view role) const;
  bool IsAdmin(const User& user) const { return HasRole(user, "admin"); }
  // The role marked oversees="true"; when none is marked, the role of the only acting
  // order (org files written before the mark); otherwise none.
  const Role* OverseeingRole() const;
  // How `user` may act in `role`, or nullopt when they may not.
  std::optional<Capacity> CapacityFor(const User& user, std::string_view role) const;
  // Every role the user may act in (held directly or recorded on behalf of).
  std::vector<std::string> ActableRoles(const User& user) const;

 private:
  std::string office_, group_;
  std::vector<Role> roles_;
  std::vector<Position> positions_;
  std::vector<User> users_;
  std::vector<ActingOrder> acting_;
  std::vector<School> schools_;
};

}  // namespace krabuan
