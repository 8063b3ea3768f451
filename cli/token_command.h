// `krabuan token create LOGIN [--expires DATE]`, `token list`, `token revoke ID`
// (administrators): the API tokens with which clients over TCP prove who they are.
#pragma once

#include <string>

#include "cli/commands.h"

namespace krabuan::cli {

struct TokenArgs {
  std::string action;    // create, list or revoke
  std::string login;     // create: who the token acts as
  std::string expires;   // create: the last day it works (default: until revoked)
  std::string id;        // revoke
};

int CmdToken(const GlobalOptions& g, const TokenArgs& args, Io io);

}  // namespace krabuan::cli
