#!/bin/sh
# Builds the libFuzzer targets (fuzz/) in ./build-fuzz with clang, AddressSanitizer and
# UBSan, writes the seed corpora, and runs each target for SECONDS (default 60; 0 = no time
# limit), one after another. Prints executions and crashes per target; exits 1 if any
# target crashed.
#
#   scripts/fuzz.sh [SECONDS]
#   FUZZ_RUNS=10000000 scripts/fuzz.sh 0      # the long runs: ten million inputs each
#
# Environment: FUZZ_TARGETS (default: every fuzz/fuzz_*.cc), FUZZ_RUNS (stop after this
# many inputs), FUZZ_TIMEOUT (seconds one input may take before it counts as a hang,
# default 25), FUZZ_RSS_MB (memory limit, default 2048), FUZZ_NICE (niceness of the
# fuzzers, default 19), FUZZ_BUILD_DIR (default build-fuzz), JOBS (build parallelism,
# default 2).
#
# Seeds go to build-fuzz/seeds/<target>/ (regenerated on every run); what the fuzzer
# finds grows build-fuzz/corpus/<target>/; crashes, hangs and out-of-memory inputs go to
# fuzz/crashes/<target>/; logs to build-fuzz/logs/<target>.log.
set -eu
cd "$(dirname "$0")/.."

budget="${1:-60}"
case "$budget${FUZZ_RUNS:-0}" in
  ''|*[!0-9]*) echo "usage: [FUZZ_RUNS=N] scripts/fuzz.sh [SECONDS]" >&2; exit 2 ;;
esac
# Every fuzz/fuzz_NAME.cc is a target NAME (fuzz/CMakeLists.txt builds them the same way).
all_targets=$(for f in fuzz/fuzz_*.cc; do n=${f#fuzz/fuzz_}; printf '%s ' "${n%.cc}"; done)
targets="${FUZZ_TARGETS:-$all_targets}"
build="${FUZZ_BUILD_DIR:-build-fuzz}"

for tool in clang clang++ cmake xmllint sha1sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fuzz.sh: '$tool' is not installed" >&2; exit 3; }
done

# ---- Build -------------------------------------------------------------------------------
CC=clang CXX=clang++ cmake -S . -B "$build" -DKRABUAN_FUZZ=ON \
  -DKRABUAN_BUILD_TESTS=OFF -DKRABUAN_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --target krabuan_fuzz -j "${JOBS:-2}"

# ---- Seeds -------------------------------------------------------------------------------
# One file per line of a list, named by its SHA-1 as libFuzzer names its own; an empty
# line gives the empty input.
split_lines() {  # LIST_FILE DIR
  while IFS= read -r line || [ -n "$line" ]; do
    name=$(printf '%s' "$line" | sha1sum | cut -d' ' -f1)
    printf '%s' "$line" > "$2/$name"
  done < "$1"
}

# Every value of the named attributes in processes/*.xml, one a line, entities decoded.
attribute_values() {  # XPATH
  for f in processes/*.xml; do
    xmllint --xpath "$1" "$f" 2>/dev/null || true
    echo
  done | sed -n 's/^ *[a-z-]*="\(.*\)"$/\1/p' |
    sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' |
    sort -u
}

seed() {  # TARGET: (re)writes $build/seeds/TARGET/
  dir="$build/seeds/$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  case "$1" in
    process)
      for f in processes/*.xml; do
        [ "$(basename "$f")" = org.xml ] || cp "$f" "$dir/"
      done ;;
    org)
      cp processes/org.xml "$dir/"
      cp fuzz/seeds/org-*.xml "$dir/" ;;
    holidays)
      cp processes/calendar/holidays.xml "$dir/"
      cp fuzz/seeds/holidays-*.xml "$dir/" ;;
    expression)
      list="$build"/seeds-expression.txt
      { cat fuzz/seeds/expression.txt; attribute_values '//@test'; } > "$list"
      split_lines "$list" "$dir" ;;
    time)
      list="$build"/seeds-time.txt
      { cat fuzz/seeds/time.txt fuzz/seeds/time-formal.txt
        attribute_values '//@due | //@until | //@for | //@recurs'; } > "$list"
      split_lines "$list" "$dir" ;;
    bpmn)  # the conformance corpus (tests/data)
      find tests/data/conformance/bpmn -name '*.bpmn' -exec cp {} "$dir/" \; 2>/dev/null || true ;;
    *)  # a target without its own rule: the files in fuzz/seeds/<target>/
      if [ -d "fuzz/seeds/$1" ]; then
        cp "fuzz/seeds/$1"/* "$dir/"
      else
        echo "fuzz.sh: no seeds for '$1' (add fuzz/seeds/$1/)" >&2
      fi ;;
  esac
  # The reproducers of crashes found before start every run too.
  if [ -d "fuzz/regressions/$1" ]; then
    find "fuzz/regressions/$1" -type f -exec cp {} "$dir/" \;
  fi
}

# Longest input the fuzzer makes, per target. Long enough for every seed to fit whole (a
# process file cut short no longer parses); for one-line texts, well past anything
# written by hand, without paying for kilobytes the parser only rejects.
max_len() {  # TARGET
  case "$1" in
    process)    echo 20000 ;;   # the longest file in processes/ is ~17 KB
    org)        echo 16000 ;;   # processes/org.xml is ~12.6 KB
    holidays)   echo 14000 ;;   # processes/calendar/holidays.xml is ~10.9 KB
    time)       echo 1024 ;;    # the longest seed is 266 bytes (Thai: 3 bytes a letter)
    expression) echo 2048 ;;    # the longest seed is 94 bytes
    bpmn)       echo 26000 ;;   # 36 of the 40 corpus files fit whole (the largest, MIWG's B.2.0, is 139 KB)
    *)          echo 0 ;;       # libFuzzer's default: the longest seed
  esac
}

# ---- Run ---------------------------------------------------------------------------------
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p "$build/logs"
summary="$build/logs/summary.txt"
printf '%-11s %12s %9s %7s %7s %8s %8s %7s  %s\n' \
  target executions exec/s seconds seeds corpus rss_mb crashes log > "$summary"
failed=0

stat_of() {  # LOG NAME
  sed -n "s/^stat::$2: *//p" "$1" | tail -n 1
}

for t in $targets; do
  bin="$build/fuzz/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz.sh: no target '$t' ($bin)" >&2; exit 2; }
  seed "$t"
  seeds=$(find "$build/seeds/$t" -type f | wc -l)
  mkdir -p "$build/corpus/$t" "fuzz/crashes/$t"
  before=$(find "fuzz/crashes/$t" -type f | wc -l)
  log="$build/logs/$t.log"
  dict=""
  [ -f "fuzz/dict/$t.dict" ] && dict="-dict=fuzz/dict/$t.dict"
  runs=""
  [ -n "${FUZZ_RUNS:-}" ] && runs="-runs=$FUZZ_RUNS"
  echo "== fuzz_$t: ${budget} s, ${FUZZ_RUNS:-no} run limit, $seeds seeds, max_len $(max_len "$t")"
  rc=0
  started=$(date +%s)
  # shellcheck disable=SC2086  # $dict and $runs are one word or none
  nice -n "${FUZZ_NICE:-19}" "$bin" -max_total_time="$budget" $runs \
    -max_len="$(max_len "$t")" -timeout="${FUZZ_TIMEOUT:-25}" \
    -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -print_final_stats=1 $dict \
    -artifact_prefix="fuzz/crashes/$t/" \
    "$build/corpus/$t" "$build/seeds/$t" > "$log" 2>&1 || rc=$?
  seconds=$(($(date +%s) - started))
  execs=$(stat_of "$log" number_of_executed_units)
  speed=$(stat_of "$log" average_exec_per_sec)
  rss=$(stat_of "$log" peak_rss_mb)
  corpus=$(find "$build/corpus/$t" -type f | wc -l)
  after=$(find "fuzz/crashes/$t" -type f | wc -l)
  crashes=$((after - before))
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi  # died without an artifact
  printf '%-11s %12s %9s %7s %7s %8s %8s %7s  %s\n' "$t" "${execs:-?}" "${speed:-?}" \
    "$seconds" "$seeds" "$corpus" "${rss:-?}" "$crashes" "$log" >> "$summary"
  if [ "$crashes" -gt 0 ]; then
    failed=1
    echo "   CRASH (exit $rc), see $log:"
    grep -E '^==[0-9]+==ERROR|runtime error:|^SUMMARY:|deadly signal|Test unit written to' "$log" | head -n 8 | sed 's/^/   /'
  fi
done

echo
cat "$summary"
exit "$failed"
