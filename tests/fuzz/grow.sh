#!/bin/sh
# Grows the committed corpus: runs every fuzz target of BUILD_DIR for SECONDS (default 240),
# JOBS at a time (default 2), then merges (-merge=1) what it found into
# tests/fuzz/corpus/<target>/, keeping only inputs that add coverage beyond the seeds (the real
# fixtures, tests/data) and the corpus already there. Logs and crashes stay in WORK_DIR
# (default /tmp/threadline-fuzz) for the figures in README.md.
# Usage: tests/fuzz/grow.sh BUILD_DIR [SECONDS] [WORK_DIR]
set -u
build=$1
seconds=${2:-240}
work=${3:-/tmp/threadline-fuzz}
jobs=${JOBS:-2}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lanes.sh"
seeds="$here/../fixtures/real $here/../data"
mkdir -p "$work"

grow_one() {
    bin=$1
    name=$(basename "$bin")
    new="$work/$name/new"
    mkdir -p "$new" "$here/corpus/$name"
    cp -r "$here/corpus/$name/." "$new/"
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
        -artifact_prefix="$work/crash-$name-" "$new" $seeds >"$work/$name.log" 2>&1
    echo $? >"$work/$name.status"
    # Merge: the seeds go in first so that only what they do not cover is added; the files the
    # merge adds are named by their SHA-1.
    base="$work/$name/base"
    rm -rf "$base" && mkdir -p "$base"
    for s in $seeds "$here/corpus/$name"; do
        find "$s" -type f -size -257k -exec cp {} "$base/" \;
    done
    ls "$base" >"$work/$name/base.list"
    "$bin" -merge=1 -max_len=262144 -rss_limit_mb=2048 -timeout=20 "$base" "$new" >"$work/$name.merge.log" 2>&1
    for f in "$base"/*; do
        n=$(basename "$f")
        grep -qxF "$n" "$work/$name/base.list" || cp "$f" "$here/corpus/$name/"
    done
}

targets=$(fuzz_targets "$build")
# shellcheck disable=SC2086
in_lanes "$jobs" grow_one $targets

for bin in $targets; do
    name=$(basename "$bin")
    log="$work/$name.log"
    runs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    speed=$(grep -ao 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
    cov=$(grep -aEo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
    kept=$(find "$here/corpus/$name" -type f | wc -l)
    echo "$name: exit $(cat "$work/$name.status"), ${runs:-?} executions, ${speed:-?} exec/s, ${cov:-?}, corpus $kept files"
done
ls "$work"/crash-* 2>/dev/null && echo "crashes above: reproduce with BUILD_DIR/tests/fuzz/<target> <file>"
exit 0
