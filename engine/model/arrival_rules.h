// The rules of the token game that both the engine (engine/exec) plays and the soundness
// checker (engine/validate) explores, written once, so that "proved sound" at deploy is a
// proof about the machine that runs the case. tests/engine/validate/token_game_agrees_test.cc
// walks every bundled process through the engine against the checker's markings.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "engine/model/process_definition.h"

namespace krabuan {

// The inclusive joins that may fire once every token rests, the tokens resting at
// `token_nodes` (positions in def.nodes(), one per token, in any order): each holds a
// token, and no token resting at another node can still reach it. Firing one never blocks
// another (the token it sends on leaves a node that cannot reach the other, or the other
// would not be ready), so they may fire one by one or together. Each appears once, in the
// order of its first token.
std::vector<std::size_t> ReadyInclusiveJoins(const ProcessDefinition& def, std::span<const std::size_t> token_nodes);

// Where a choice or an inclusive may send a token: each distinct target of its branches
// and otherwise once, in the order written; every flow of any other node.
std::vector<std::string> DistinctTargets(const Node& node);

}  // namespace krabuan
