#!/bin/sh
# Builds the benchmarks in Release in ./build-bench and runs the approval benchmark
# (engine against bare SQLite, synchronous NORMAL and FULL). Arguments go to
# approval_bench, e.g. --instances 5000 --repeat 5 or --db /path/on/the/disk/to/test.db.
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DKRABUAN_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j "${JOBS:-2}" --target approval_bench
exec ./build-bench/bench/approval_bench "$@"
