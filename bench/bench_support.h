// What every benchmark shares: stop with a message at the first failure, and the
// one-clerk office they run their cases in.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/status.h"

namespace krabuan::bench {

// The benchmark's name, for messages; each bench defines it.
extern const char* const kBenchName;

[[noreturn]] inline void Die(const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", kBenchName, what.c_str());
  std::exit(1);
}

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) Die(std::string(what) + ": " + r.status().message());
  return std::move(r.value());
}
inline void Must(const Status& s, const char* what) {
  if (!s.ok()) Die(std::string(what) + ": " + s.message());
}

inline constexpr char kClerkOrgXml[] = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<org office="Bench office" group="Bench group">
  <role id="admin" name="Administrator"/>
  <role id="clerk" name="Clerk"/>
  <user login="admin" name="Administrator" roles="admin"/>
  <user login="u1" name="User One" roles="clerk"/>
</org>
)xml";

}  // namespace krabuan::bench
