// Turning engine results into text tables and JSON for the command line.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace krabuan::cli {

// "1 ส.ค. 2568 09:00", or "-" for none.
std::string When(const std::optional<Instant>& t);
// "approve (เห็นชอบ) / reject (ไม่เห็นชอบ)"
std::string OutcomeText(const std::vector<Outcome>& outcomes);

nlohmann::json TaskJson(const TaskView& t);
// An input or a field: name, type, required, label, default.
nlohmann::json VariableDeclJson(const VariableDecl& d);
// What a running case waits for: as JSON, and one entry as a line for people.
nlohmann::json WaitingJson(const std::vector<Waiting>& waiting);
std::string WaitingText(const Waiting& w);
nlohmann::json InstanceJson(const InstanceRecord& i);
nlohmann::json HistoryJson(const HistoryRecord& h);
nlohmann::json VariablesJson(const VariableMap& vars);
nlohmann::json OrgJson(const Org& org);

std::string TasksTable(const std::vector<TaskView>& tasks, Instant now);
std::string InstancesTable(const std::vector<InstanceRecord>& instances);
std::string InstanceText(const InstanceView& v);
std::string OrgText(const Org& org);
// One readable line for a history row's detail, e.g. "เห็นชอบ (approve)".
std::string HistoryDetailText(const HistoryRecord& h);

}  // namespace krabuan::cli
