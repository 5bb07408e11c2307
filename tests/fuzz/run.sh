#!/bin/sh
# Runs every fuzz target of BUILD_DIR for SECONDS each (default 10), JOBS targets at a time
# (default 2, one per core). Seeds: the committed corpus (tests/fuzz/corpus/<target>/), the
# real fixtures (tests/fixtures/real) and the tests' own files (tests/data). New interesting
# inputs land in a scratch copy that is thrown away (see README.md for growing the corpus);
# a crash is saved as BUILD_DIR/tests/fuzz/crash-<target>-<hash> and fails the run.
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]
set -u
build=$1
seconds=${2:-10}
jobs=${JOBS:-2}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lanes.sh"
seeds="$here/../fixtures/real $here/../data"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# One target: fuzz, then write "<status>" to $scratch/<target>.status and the log to .log.
fuzz_one() {
    bin=$1
    name=$(basename "$bin")
    mkdir -p "$scratch/$name"
    [ -d "$here/corpus/$name" ] && cp -r "$here/corpus/$name/." "$scratch/$name/"
    # The first folder receives new inputs; the others are read-only seeds.
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
        -artifact_prefix="$(dirname "$bin")/crash-$name-" "$scratch/$name" $seeds >"$scratch/$name.log" 2>&1
    echo $? >"$scratch/$name.status"
}

targets=$(fuzz_targets "$build")
if [ -z "$targets" ]; then
    echo "no fuzz targets in $build/tests/fuzz (configure with clang and -DTHREADLINE_FUZZ=ON)" >&2
    exit 2
fi
# shellcheck disable=SC2086
in_lanes "$jobs" fuzz_one $targets

failed=0
for bin in $targets; do
    name=$(basename "$bin")
    status=$(cat "$scratch/$name.status" 2>/dev/null || echo "?")
    log="$scratch/$name.log"
    runs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    cov=$(grep -aEo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
    echo "$name: exit $status, ${runs:-?} executions in ${seconds}s, ${cov:-no coverage line}"
    if [ "$status" != 0 ]; then
        tail -n 40 "$log"
        failed=1
    fi
done
exit $failed
