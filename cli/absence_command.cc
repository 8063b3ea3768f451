#include "cli/absence_command.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/app.h"
#include "cli/day_arg.h"
#include "cli/id_arg.h"
#include "cli/table.h"
#include "engine/text/escape.h"

namespace krabuan::cli {
namespace {

using nlohmann::json;

json AbsenceJson(const AbsenceRecord& a) {
  return json{{"id", a.id},         {"login", a.login},         {"from", FormatIsoDate(a.from)},
              {"to", FormatIsoDate(a.to)}, {"reason", a.reason}, {"recorded_by", a.recorded_by},
              {"recorded_at", FormatInstantUtc(a.recorded_at)}};
}

}  // namespace

int CmdAbsent(const GlobalOptions& g, const AbsentArgs& args, Io io) {
  std::int64_t cancel_id = 0;
  if (!args.cancel.empty()) {
    Result<std::int64_t> parsed = ParseId(args.cancel, "an absence");
    if (!parsed.ok()) return Fail(parsed.status(), io.err);
    cancel_id = *parsed;
  }
  AbsenceRequest request{args.user.empty() ? g.as : args.user, {}, {}, args.reason};
  if (!args.list && args.cancel.empty()) {
    Result<Date> from = ParseDay(args.from, "--from");
    if (!from.ok()) return Fail(from.status(), io.err);
    Result<Date> to = ParseDay(args.to, "--to");
    if (!to.ok()) return Fail(to.status(), io.err);
    request.from = *from;
    request.to = *to;
  }
  Result<std::unique_ptr<Session>> session = Session::Open(g, args.list ? Access::kRead : Access::kWrite);
  if (!session.ok()) return Fail(session.status(), io.err);
  Engine& engine = (*session)->engine();
  Result<Actor> acting = (*session)->actor();
  if (!acting.ok()) return Fail(acting.status(), io.err);
  const Actor actor = *acting;

  if (args.list) {
    Result<std::vector<AbsenceRecord>> list = engine.Absences(actor);
    if (!list.ok()) return Fail(list.status(), io.err);
    if (g.json) {
      json arr = json::array();
      for (const AbsenceRecord& a : *list) arr.push_back(AbsenceJson(a));
      io.out << arr.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    } else if (list->empty()) {
      io.out << "ไม่มีผู้ลา (no absences today or ahead)\n";
    } else {
      Table t({"ที่", "ผู้ลา", "ตั้งแต่", "ถึง", "เหตุผล", "บันทึกโดย"});
      for (const AbsenceRecord& a : *list) {
        t.AddRow({std::to_string(a.id), a.login, FormatThaiDate(a.from), FormatThaiDate(a.to), a.reason, a.recorded_by});
      }
      io.out << t.Render();
    }
    return kExitOk;
  }
  if (cancel_id != 0) {
    Status s = engine.CancelAbsence(actor, cancel_id);
    if (!s.ok()) return Fail(s, io.err);
    if (g.json) {
      io.out << json{{"absence", cancel_id}, {"cancelled", true}}.dump(2) << "\n";
    } else {
      io.out << "absence " << cancel_id << " cancelled\n";
    }
    return kExitOk;
  }
  Result<std::int64_t> id = engine.RecordAbsence(actor, request);
  if (!id.ok()) return Fail(id.status(), io.err);
  if (g.json) {
    io.out << json{{"absence", *id}, {"login", request.login}, {"from", FormatIsoDate(request.from)},
                   {"to", FormatIsoDate(request.to)}}.dump(2) << "\n";
  } else {
    io.out << "absence " << *id << ": " << EscapeControls(request.login) << " ลา " << FormatThaiDate(request.from) << " – "
           << FormatThaiDate(request.to) << "\n";
  }
  return kExitOk;
}

}  // namespace krabuan::cli
