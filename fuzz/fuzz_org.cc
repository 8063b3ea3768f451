// Fuzzes the org-file parser (ParseOrg) and, on what parses, the queries the engine makes
// of an Org: users, roles, capacities, positions.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/org/org.h"
#include "engine/parse/org_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace krabuan;
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  Result<Org> org = ParseOrg(xml, "org.xml");
  if (!org.ok()) {
    (void)org.status().lines();
    return 0;
  }
  for (const User& u : org->users()) {
    (void)org->FindUser(u.login);
    (void)org->IsAdmin(u);
    (void)org->ActableRoles(u);
    for (const Role& role : org->roles()) (void)org->CapacityFor(u, role.id);
    if (!u.position.empty()) (void)org->FindPosition(u.position);
  }
  for (const ActingOrder& a : org->acting_orders()) {
    (void)org->FindRole(a.role);
    for (const std::string& p : a.positions) (void)org->FindPosition(p);
  }
  for (const School& s : org->schools()) (void)org->FindUser(s.login);
  (void)org->FindUser("");
  (void)org->FindRole("");
  return 0;
}
