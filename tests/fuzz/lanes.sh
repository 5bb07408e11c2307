# Sourced by run.sh and grow.sh: the fuzz targets of a build and the lanes that run them.
# fuzz_targets BUILD_DIR: every executable tests/fuzz/fuzz_* of the build, one per line.
fuzz_targets() {
    for bin in "$1"/tests/fuzz/fuzz_*; do
        [ -f "$bin" ] && [ -x "$bin" ] && echo "$bin"
    done
}

# in_lanes JOBS FUNCTION TARGETS...: lane i of JOBS calls FUNCTION on every JOBS-th target, so
# the lanes (one per core) stay busy for about the same time; returns when all are done.
in_lanes() {
    lanes=$1
    fn=$2
    shift 2
    lane=0
    while [ "$lane" -lt "$lanes" ]; do
        (
            i=0
            for bin in "$@"; do
                [ $((i % lanes)) -eq "$lane" ] && "$fn" "$bin"
                i=$((i + 1))
            done
        ) &
        lane=$((lane + 1))
    done
    wait
}
