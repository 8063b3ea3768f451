#include "engine/time/duration_text.h"

namespace krabuan {

std::string DescribeLateness(std::chrono::seconds late) {
  long long s = late.count();
  if (s < 60) return "ไม่ถึง 1 นาที";
  long long days = s / 86400, hours = (s % 86400) / 3600, minutes = (s % 3600) / 60;
  std::string out;
  if (days > 0) out += std::to_string(days) + " วัน";
  if (hours > 0) out += (out.empty() ? "" : " ") + std::to_string(hours) + " ชั่วโมง";
  if (days == 0 && minutes > 0) out += (out.empty() ? "" : " ") + std::to_string(minutes) + " นาที";
  return out;
}

}  // namespace krabuan
