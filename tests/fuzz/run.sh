#!/bin/sh
# Runs every fuzz target for SECONDS each (default 10), seeded from the committed corpus
# (tests/fuzz/corpus/<target>/) and the real fixtures. New interesting inputs land in a
# scratch copy; crashes are written to tests/fuzz/crash-* and fail the run.
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]
set -u
build=$1
seconds=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=0
for bin in "$build"/tests/fuzz/fuzz_*; do
    [ -f "$bin" ] && [ -x "$bin" ] || continue
    name=$(basename "$bin")
    mkdir -p "$scratch/$name"
    [ -d "$here/corpus/$name" ] && cp -r "$here/corpus/$name/." "$scratch/$name/"
    out=$("$bin" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
          -artifact_prefix="$here/crash-$name-" "$scratch/$name" 2>&1)
    status=$?
    runs=$(echo "$out" | grep -ao 'stat::number_of_executed_units: *[0-9]*' | grep -o '[0-9]*$')
    [ -n "$runs" ] || runs=$(echo "$out" | grep -aEo '^#[0-9]+' | tail -1 | tr -d '#')
    echo "$name: exit $status, ${runs:-?} executions in ${seconds}s"
    if [ $status -ne 0 ]; then
        echo "$out" | tail -n 30
        failed=1
    fi
done
exit $failed
