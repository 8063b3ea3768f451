#!/bin/sh
# Installs what is missing, builds, and runs the main job on the embedded default
# database (~/.local/share/krabuan/krabuan.db unless KRABUAN_DB says otherwise):
# init, then a budget request (FY 2568, investment) walked by the group's staff,
# with one rejection by the area committee, ending with `tasks` and `show`.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
k=./build/krabuan

# Each step is dated as it would be in the fiscal year, so due dates read sensibly.
at() { KRABUAN_NOW="$1"; export KRABUAN_NOW; }
# The id of the open task of instance $1 (first column of `tasks`).
task_of() { $k --as admin tasks --all --instance "$1" | awk 'NR == 3 { print $1 }'; }
step() { echo; echo "== $*"; }

at 2024-10-01T09:00+07:00
step "init (the org file and processes/)"
$k --as admin init

step "p34 (ตำแหน่งเลขที่ ๓๔) starts a budget request for FY 2568, investment budget"
case_id=$($k --as p34 start budget-request --set fiscal_year=2568 --set budget_category=investment \
  --comment "คำของบประมาณงบลงทุน ปีงบประมาณ 2568")
echo "instance $case_id"

step "p34 notifies the schools (step 1)"
$k --as p34 complete "$(task_of "$case_id")" --set policy_plan_notified=true --set criteria_notified=true \
  --comment "แจ้งนโยบายและหลักเกณฑ์ให้สถานศึกษาแล้ว"

at 2024-11-15T10:00+07:00
step "each school sends its request (step 2, one task per school); p33 records one for a school"
amount=450000
for school in school-01 school-02 school-03 school-04; do
  $k --as "$school" complete "$($k --as "$school" tasks --instance "$case_id" | awk 'NR == 3 { print $1 }')" \
    --set requested_amount="$amount"
  amount=$((amount + 50000))
done
$k --as p33 complete "$(task_of "$case_id")" --set requested_amount=300000 --comment "บันทึกแทนโรงเรียนชุมชนห้วยทราย"

step "p34 records the committee's analysis (step 3): suitable"
$k --as p34 complete "$(task_of "$case_id")" --outcome เหมาะสม

step "p33 sets targets with the schools (step 4)"
$k --as p33 complete "$(task_of "$case_id")" \
  --set "quantitative_targets=ห้องเรียน 12 ห้อง" --set "qualitative_targets=อาคารได้มาตรฐาน"

at 2025-01-10T09:00+07:00
step "p34 prepares the investment request (step 5)"
$k --as p34 complete "$(task_of "$case_id")" --set request_amount=2,300,000.00

step "tasks p32 (group director) sees: the area committee's decision, recorded on its behalf"
$k --as p32 tasks

step "p32 records: the area committee does not approve (step 6)"
$k --as p32 complete "$(task_of "$case_id")" --outcome ไม่เห็นชอบ --comment "ให้ปรับลดวงเงิน"

step "p34 revises the request and resubmits"
$k --as p34 complete "$(task_of "$case_id")" --set request_amount=1,980,000.00 --comment "ปรับลดตามมติ กพท."
at 2025-02-14T09:00+07:00
$k --as p32 complete "$(task_of "$case_id")" --outcome เห็นชอบ

step "open tasks now (the notice to schools and the submission to OBEC run in parallel)"
$k --as p34 tasks

step "show instance $case_id"
$k --as p34 show "$case_id"

step "the audit log: its head signed, and the whole database checked against it"
$k --as admin audit checkpoint
$k --as admin audit verify
