#!/bin/sh
# CI's short fuzz run: installs clang from the Debian archive if it is missing, builds the
# libFuzzer targets and runs each from the checked-in seeds (fuzz/seeds, processes/ and
# fuzz/regressions) for SECONDS (default 15). Exits non-zero on any crash, hang,
# out-of-memory or sanitizer report (scripts/fuzz.sh does the work).
#
#   scripts/fuzz-ci.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
seconds="${1:-15}"

install() {
  echo "installing: $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@"
}

# xmllint pulls the seed values out of the process files.
command -v xmllint >/dev/null 2>&1 || install libxml2-utils
command -v clang++ >/dev/null 2>&1 || install clang
# libFuzzer and the sanitizer runtimes are only recommended by clang (Debian 12:
# libclang-rt-14-dev); try linking a target to see whether they are there.
probe='extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }'
if ! printf '%s\n' "$probe" |
    clang++ -x c++ -fsanitize=fuzzer,address,undefined - -o /dev/null >/dev/null 2>&1; then
  install "libclang-rt-$(clang -dumpversion | cut -d. -f1)-dev"
fi

# A fresh fuzzer corpus: CI checks the seeds and what a short run finds from them, the
# same on every machine.
rm -rf "${FUZZ_BUILD_DIR:-build-fuzz}/corpus"
FUZZ_NICE=0 ./scripts/fuzz.sh "$seconds"
