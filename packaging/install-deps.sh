#!/bin/sh
# Installs everything Threadline needs to build, test and run on Debian 12 (bookworm).
# Debian packages only. Run as root, or as a user with sudo.
set -eu
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Build: compiler, CMake, Ninja, Qt 6 (Core/Gui/Widgets/Concurrent/Test/PrintSupport, optional
# Multimedia for audio playback), SQLite C API, nlohmann_json, simdjson, jemalloc, zlib.
# Fuzzing (.ci/run, tests/fuzz): clang, its libFuzzer/sanitizer runtimes and lld.
# Tests: python3 (scenario generator), sqlite3 (benchmark baseline), poppler-utils (report
# checks), a font so offscreen rendering draws text.
$SUDO apt-get install -y -qq --no-install-recommends \
    g++ cmake ninja-build pkg-config \
    clang libclang-rt-14-dev lld \
    qt6-base-dev qt6-multimedia-dev \
    libsqlite3-dev sqlite3 nlohmann-json3-dev libsimdjson-dev libjemalloc-dev zlib1g-dev libssl-dev \
    python3 poppler-utils fonts-dejavu-core \
    dpkg-dev file desktop-file-utils appstream shared-mime-info \
    >/dev/null
