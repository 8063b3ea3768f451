// Lengths of time as people read them in alerts and listings.
#pragma once

#include <chrono>
#include <string>

namespace krabuan {

// "3 วัน 4 ชั่วโมง", "25 นาที", "ไม่ถึง 1 นาที": a lateness (or time left) for people.
std::string DescribeLateness(std::chrono::seconds late);

}  // namespace krabuan
