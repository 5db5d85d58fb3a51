#!/bin/sh
# out/libportreg.so.1: SONAME libportreg.so.1 and the libportreg.so link,
# nm -D listing only the public portreg_* functions (those portreg.h
# declares), no relocation at all (its pages are shared by every process),
# no library needed, and a program linked with -lportreg answering.
#   sh tests/shared.sh OUT CC
set -eu
out=$1 cc=$2
so=$out/libportreg.so.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "shared: FAIL: $*" >&2; exit 1; }
readelf -dW "$so" | grep -q "(SONAME).*\[libportreg.so.1\]" || fail "no SONAME libportreg.so.1"
[ "$(readlink "$out/libportreg.so")" = libportreg.so.1 ] || fail "no libportreg.so -> libportreg.so.1"
! readelf -dW "$so" | grep -q "(NEEDED)" || fail "it needs a library: $(readelf -dW "$so" | grep NEEDED)"
readelf -rW "$so" | grep -q "There are no relocations in this file" || fail "relocations: $(readelf -rW "$so" | head -5)"
exported=$(nm -D --defined-only "$so" | awk '{print $3}' | sort)
declared=$(sed -n 's/^[a-z_0-9 ]*[ *]\(portreg_[a-z_]*\)(.*/\1/p' "$out/portreg.h" | sort -u)
[ "$exported" = "$declared" ] || fail "exports differ from portreg.h's functions: $(echo "$exported" | tr '\n' ' ') / $(echo "$declared" | tr '\n' ' ')"
cat > "$tmp/use.c" <<'C'
#include <string.h>
#include "portreg.h"
int main(void)
{
    return !(portreg_port("https", "tcp") == 443 &&
             strcmp(portreg_name(80, "tcp"), "http") == 0);
}
C
$cc -std=c99 -I"$out" -o "$tmp/use" "$tmp/use.c" -L"$out" -lportreg
readelf -dW "$tmp/use" | grep -q "NEEDED.*libportreg.so.1" || fail "the program did not link libportreg.so.1"
LD_LIBRARY_PATH=$out "$tmp/use" || fail "the program's answers"
echo "shared: libportreg.so.1: SONAME, $(echo "$exported" | wc -l) exports (portreg.h's), no relocations, no NEEDED; a program linked with -lportreg answers"
