#include "engine/status.h"

#include <cstdio>
#include <cstdlib>

namespace krabuan::status_internal {

void Die(const char* what, const Status& status) {
  std::fprintf(stderr, "krabuan: internal error: %s (status: %s)\n", what,
               status.ok() ? "ok" : status.message().c_str());
  std::abort();
}

}  // namespace krabuan::status_internal
