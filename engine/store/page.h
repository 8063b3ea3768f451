// One page of a listing, as the store's paged listings return it.
#pragma once

#include <cstdint>
#include <vector>

namespace krabuan {

// The first rows of a listing (at most the limit asked for) and how many rows matched in
// all, read in one query: `total` counts every matching row, not only those on the page,
// and is 0 when nothing matched.
template <typename T>
struct Page {
  std::vector<T> rows;
  std::int64_t total = 0;
  std::int64_t more() const { return total - static_cast<std::int64_t>(rows.size()); }
};

}  // namespace krabuan
