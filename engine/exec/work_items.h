// Work per item (a task node with for-each): one task per school or per listed login,
// the same step for each; the node is left when every item is in or the cut-off passed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/exec/command_context.h"
#include "engine/model/process_definition.h"
#include "engine/status.h"

namespace krabuan {

// The items a task node opens tasks for: none for a single task; nullopt (recorded in
// the history) when work per item has an empty list and the flow should go straight on.
Result<std::optional<std::vector<std::string>>> ItemsToOpen(CommandContext& ctx, const Node& node);

// When no task of the token is open any more (all items done, or the cut-off expired the
// rest), sums the items' number fields, records who is missing, and leaves the node.
// Returns false while items are still open.
Result<bool> FinishItemsIfDone(CommandContext& ctx, const Node& node, TokenId token);

// The cut-off passed: open item tasks expire, and the flow goes on with the items that
// arrived.
Status ExpireMissingItems(CommandContext& ctx, const Node& node, TokenId token);

}  // namespace krabuan
