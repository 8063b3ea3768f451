// Graphviz: DOT text in, SVG out, by running the `dot` program.
//
//   Result<std::string> svg = DotToSvg(FlowchartDot(def, org, nullptr));
//   if (!svg.ok()) return svg.status();   // e.g. Graphviz is not installed
//
// `dot` is found on $PATH and started with posix_spawn (never through a shell); the DOT
// goes to its stdin and the SVG comes from its stdout. Thread-safe: each call runs its
// own process.
#pragma once

#include <optional>
#include <string>

#include "engine/status.h"

namespace krabuan {

// The full path of the `dot` program on $PATH, or nullopt when there is none.
std::optional<std::string> FindDotProgram();

// Renders `dot` as SVG (UTF-8). Errors: NotFound with "Graphviz 'dot' is not installed;
// install the package graphviz, or use --format dot" when `dot` is not on $PATH;
// Internal, with dot's first error line, when it fails or rejects the text, and when it
// cannot be run, is killed or does not finish within `timeout_seconds`.
Result<std::string> DotToSvg(const std::string& dot, int timeout_seconds = 60);

}  // namespace krabuan
