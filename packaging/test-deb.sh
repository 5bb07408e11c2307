#!/bin/sh
# Builds the .deb from a configured build tree, unpacks it into a temporary root (dpkg -x),
# runs the installed binary on the installed demo, and validates the desktop, MIME and
# AppStream files. Usage: test-deb.sh BUILD_DIR. Exit 77 (skipped) when the Debian tools are absent.
set -eu
build=$1
for tool in cpack dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli update-mime-database; do
    command -v "$tool" >/dev/null 2>&1 || { echo "skipped: $tool is not installed (packaging/install-deps.sh)"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$build" && cpack -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/pkg/*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libqt6core6 libqt6widgets6 libsqlite3-0 zlib1g libssl3; do
    echo "$depends" | grep -q "$lib" || { echo "missing runtime dependency $lib"; exit 1; }
done
dpkg -x "$deb" "$tmp/root"
bin="$tmp/root/usr/bin/threadline"
"$bin" --version | grep -q "threadline " || { echo "--version failed"; exit 1; }
test -f "$tmp/root/usr/share/threadline/demo/traces/voice-agent.otlp.jsonl" || { echo "demo not installed"; exit 1; }
test -f "$tmp/root/usr/share/man/man1/threadline.1.gz" || test -f "$tmp/root/usr/share/man/man1/threadline.1" || { echo "man page not installed"; exit 1; }
"$bin" import -q -w "$tmp/demo.threadline" "$tmp/root/usr/share/threadline/demo"
if "$bin" --help | grep -q "^  analyze"; then
    "$bin" analyze -w "$tmp/demo.threadline" --json >"$tmp/analysis.json"
    grep -q '"broken_handoff"' "$tmp/analysis.json" || { echo "analysis of the installed demo has no broken handoff"; exit 1; }
fi
desktop-file-validate "$tmp/root/usr/share/applications/org.threadline.Threadline.desktop"
appstreamcli validate --no-net --pedantic "$tmp/root/usr/share/metainfo/org.threadline.Threadline.metainfo.xml" >"$tmp/as.log" 2>&1 \
    || { cat "$tmp/as.log"; exit 1; }
update-mime-database "$tmp/root/usr/share/mime" 2>/dev/null
grep -q "threadline" "$tmp/root/usr/share/mime/globs2" || { echo "MIME glob not registered"; exit 1; }
grep -q "x-threadline-workspace" "$tmp/root/usr/share/mime/magic" || { echo "MIME magic not registered"; exit 1; }
echo "package OK: $(basename "$deb")"
