#!/bin/sh
# Runs tests/c/glibc_peer.c with SERVICES bind-mounted over /etc/services in a
# private mount namespace (unshare -m): the real /etc/services never changes.
# Usage: tests/glibc_peer.sh SERVICES PEER-PROGRAM.  Where namespaces are not
# allowed it says so and leaves glibc.skipped beside PEER for make check.
set -eu
services=$(realpath "$1")
peer=$(realpath "$2")
skipped="$(dirname "$peer")/glibc.skipped"
rm -f "$skipped"
if ! unshare -m true 2>/dev/null; then
    echo "unshare -m is not allowed here (run make check-glibc as root)" \
        > "$skipped"
    echo "glibc peer: SKIPPED, not counted as passed: $(cat "$skipped")"
    exit 0
fi
grep -q '^services:.*files' /etc/nsswitch.conf 2>/dev/null || \
    echo "glibc peer: note: nsswitch.conf has no 'files' for services"
lines=$(grep -c -v '^#' "$services")
echo "glibc peer: $lines services(5) lines from portreg --services"
exec unshare -m sh -c 'mount --bind "$1" /etc/services && exec "$2"' sh \
    "$services" "$peer"
