#include "engine/parse/org_parser.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/parse/xml_source.h"

namespace krabuan {
namespace {

using parse::Problems;
using parse::XmlSource;

class OrgReader {
 public:
  OrgReader(std::string_view xml, std::string_view file) : xml_(xml), src_(xml, std::string(file)) {}

  Result<Org> Read() {
    pugi::xml_document doc;
    if (!parse::LoadXml(src_, xml_, doc, problems_)) return problems_.ToStatus();
    pugi::xml_node root = doc.document_element();
    if (std::string_view(root.name()) != "org") {
      problems_.Add(src_.Of(root), "", "", "the root element must be <org>, not <" + std::string(root.name()) + ">");
      return problems_.ToStatus();
    }
    parse::CheckAttributes(src_, root, {"office", "group"}, "", problems_);

    for (pugi::xml_node c : root.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view tag = c.name();
      if (tag == "role") {
        ReadRole(c);
      } else if (tag == "position") {
        ReadPosition(c);
      } else if (tag == "user") {
        ReadUser(c, "");
      } else if (tag == "school") {
        ReadSchool(c);
      } else if (tag == "acting-order") {
        ReadActing(c);
      } else {
        problems_.Add(src_.Of(c), "", "", "unknown element <" + std::string(tag) +
                                              "> (expected role, position, user, school or acting-order)");
      }
    }
    CheckReferences();
    if (!problems_.empty()) return problems_.ToStatus();
    return Org(root.attribute("office").value(), root.attribute("group").value(), std::move(roles_),
               std::move(positions_), std::move(users_), std::move(acting_), std::move(schools_));
  }

 private:
  std::string Require(const pugi::xml_node& n, const char* attr, std::string_view id) {
    std::string v = n.attribute(attr).value();
    if (v.empty()) problems_.Add(src_.Of(n), n.name(), id, std::string("missing attribute '") + attr + "'");
    return v;
  }

  void ReadRole(const pugi::xml_node& n) {
    parse::CheckAttributes(src_, n, {"id", "name", "recorded-by", "oversees"}, n.attribute("id").value(), problems_);
    Role r{Require(n, "id", ""), Require(n, "name", n.attribute("id").value()),
           parse::SplitWords(n.attribute("recorded-by").value())};
    if (pugi::xml_attribute o = n.attribute("oversees")) {
      std::string_view v = o.value();
      if (v != "true" && v != "false" && v != "1" && v != "0") {   // xs:boolean
        problems_.Add(src_.OfAttribute(n, "oversees"), "role", r.id, "oversees must be \"true\" or \"false\", not \"" + std::string(v) + "\"");
      }
      r.oversees = v == "true" || v == "1";
      if (r.oversees && !overseer_.empty()) {
        problems_.Add(src_.OfAttribute(n, "oversees"), "role", r.id,
                      "only one role may oversee the group; '" + overseer_ + "' already does");
      }
      if (r.oversees) overseer_ = r.id;
    }
    if (!r.id.empty() && !role_at_.emplace(r.id, src_.Of(n)).second) {
      problems_.Add(src_.Of(n), "role", r.id, "role '" + r.id + "' is declared twice");
      return;
    }
    recorded_by_at_.push_back({roles_.size(), src_.Of(n)});
    roles_.push_back(std::move(r));
  }

  void ReadPosition(const pugi::xml_node& n) {
    std::string number = n.attribute("number").value();
    parse::CheckAttributes(src_, n, {"number", "title", "assignment", "login", "os-user", "roles", "name"}, number, problems_);
    Position p{Require(n, "number", ""), Require(n, "title", number), n.attribute("assignment").value(),
               Require(n, "login", number)};
    if (!p.number.empty() && !position_numbers_.insert(p.number).second) {
      problems_.Add(src_.Of(n), "position", p.number, "position '" + p.number + "' is declared twice");
      return;
    }
    positions_.push_back(p);
    ReadUser(n, p.number);
  }

  void ReadUser(const pugi::xml_node& n, const std::string& position) {
    if (position.empty()) parse::CheckAttributes(src_, n, {"login", "os-user", "name", "roles"}, n.attribute("login").value(), problems_);
    User u{Require(n, "login", position), n.attribute("name").value(),
           parse::SplitWords(n.attribute("roles").value()), position, ""};
    if (u.name.empty()) u.name = n.attribute("title").value();
    u.os_user = ReadOsUser(n, u.login);
    if (u.login.empty()) return;
    if (!login_at_.emplace(u.login, src_.Of(n)).second) {
      problems_.Add(src_.Of(n), n.name(), u.login, "login '" + u.login + "' is used twice");
      return;
    }
    for (const std::string& r : u.roles) role_uses_.push_back({r, src_.Of(n), u.login});
    users_.push_back(std::move(u));
  }

  // os-user=: an OS account name, named by one login only.
  std::string ReadOsUser(const pugi::xml_node& n, const std::string& login) {
    pugi::xml_attribute a = n.attribute("os-user");
    if (!a) return "";
    std::string account = a.value();
    if (!ValidOsAccount(account)) {
      problems_.Add(src_.OfAttribute(n, "os-user"), n.name(), login,
                    "os-user \"" + account + "\" is not an OS account name (a-z, 0-9, '.', '_', '-', at most 32)");
      return "";
    }
    os_user_where_.emplace(account, src_.OfAttribute(n, "os-user"));
    if (!os_user_at_.emplace(account, login).second) {
      problems_.Add(src_.OfAttribute(n, "os-user"), n.name(), login,
                    "OS account '" + account + "' already acts as '" + os_user_at_[account] + "'");
      return "";
    }
    return account;
  }

  static bool ValidOsAccount(std::string_view a) {
    if (a.empty() || a.size() > 32) return false;
    if (!((a[0] >= 'a' && a[0] <= 'z') || a[0] == '_')) return false;
    for (std::size_t i = 1; i < a.size(); ++i) {
      char c = a[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
                (c == '$' && i + 1 == a.size());
      if (!ok) return false;
    }
    return true;
  }

  void ReadSchool(const pugi::xml_node& n) {
    std::string login = n.attribute("login").value();
    parse::CheckAttributes(src_, n, {"login", "os-user", "name"}, login, problems_);
    School school{Require(n, "login", ""), Require(n, "name", login)};
    std::string os_user = ReadOsUser(n, login);
    if (school.login.empty()) return;
    if (!login_at_.emplace(school.login, src_.Of(n)).second) {
      problems_.Add(src_.Of(n), "school", school.login, "login '" + school.login + "' is used twice");
      return;
    }
    role_uses_.push_back({"school", src_.Of(n), school.login});
    users_.push_back(User{school.login, school.name, {"school"}, "", os_user});
    schools_.push_back(std::move(school));
  }

  void ReadActing(const pugi::xml_node& n) {
    parse::CheckAttributes(src_, n, {"role"}, "", problems_);
    ActingOrder order{Require(n, "role", ""), {}};
    role_uses_.push_back({order.role, src_.Of(n), "acting-order"});
    int expected_rank = 1;
    for (pugi::xml_node a : n.children()) {
      if (a.type() != pugi::node_element) continue;
      if (std::string_view(a.name()) != "acting") {
        problems_.Add(src_.Of(a), "acting-order", order.role, "expected <acting>, not <" + std::string(a.name()) + ">");
        continue;
      }
      parse::CheckAttributes(src_, a, {"rank", "position"}, order.role, problems_);
      std::string rank = a.attribute("rank").value();
      if (rank != std::to_string(expected_rank)) {
        problems_.Add(src_.Of(a), "acting", order.role,
                      "acting ranks must count 1, 2, 3, ... in order; expected " + std::to_string(expected_rank));
      }
      ++expected_rank;
      std::string pos = Require(a, "position", order.role);
      acting_positions_.push_back({pos, src_.Of(a)});
      order.positions.push_back(pos);
    }
    acting_.push_back(std::move(order));
  }

  void CheckReferences() {
    // An account named like another login would act as two users.
    for (const auto& entry : os_user_at_) {
      const std::string& account = entry.first;   // named, not bound: lambdas capture it below
      const std::string& login = entry.second;
      if (account == login) continue;
      auto it = std::find_if(users_.begin(), users_.end(), [&](const User& u) { return u.login == account; });
      if (it != users_.end() && it->os_user.empty()) {
        problems_.Add(os_user_where_.at(account), "", login,
                      "OS account '" + account + "' is also the login of '" + account +
                          "', which names no os-user; give '" + account + "' an os-user of its own");
      }
    }
    for (const auto& [role, where, who] : role_uses_) {
      if (!role.empty() && !role_at_.count(role)) {
        problems_.Add(where, "", who, "role '" + role + "' is not declared by a <role>");
      }
    }
    for (const auto& [index, where] : recorded_by_at_) {
      for (const std::string& r : roles_[index].recorded_by) {
        if (!role_at_.count(r)) problems_.Add(where, "role", roles_[index].id, "recorded-by names unknown role '" + r + "'");
      }
    }
    for (const auto& [pos, where] : acting_positions_) {
      if (!pos.empty() && !position_numbers_.count(pos)) {
        problems_.Add(where, "acting", pos, "acting order names unknown position '" + pos + "'");
      }
    }
    bool has_admin = false;
    for (const User& u : users_) {
      for (const std::string& r : u.roles) has_admin |= (r == "admin");
    }
    if (!has_admin) problems_.Add(src_.AtOffset(0), "org", "", "no user holds the 'admin' role; someone must be able to deploy");
  }

  struct RoleUse {
    std::string role;
    SourceLocation where;
    std::string who;
  };

  std::string_view xml_;
  XmlSource src_;
  Problems problems_;
  std::vector<Role> roles_;
  std::vector<Position> positions_;
  std::vector<User> users_;
  std::vector<ActingOrder> acting_;
  std::vector<School> schools_;
  std::map<std::string, SourceLocation> role_at_, login_at_;
  std::map<std::string, std::string> os_user_at_;   // OS account -> the login it acts as
  std::map<std::string, SourceLocation> os_user_where_;
  std::string overseer_;   // the role marked oversees="true", once one is
  std::set<std::string> position_numbers_;
  std::vector<RoleUse> role_uses_;
  std::vector<std::pair<std::size_t, SourceLocation>> recorded_by_at_;
  std::vector<std::pair<std::string, SourceLocation>> acting_positions_;
};

}  // namespace

Result<Org> ParseOrg(std::string_view xml, std::string_view file) { return OrgReader(xml, file).Read(); }

}  // namespace krabuan
