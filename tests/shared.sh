#!/bin/sh
# out/libportreg.so.1: SONAME libportreg.so.1 and the libportreg.so link,
# exporting only the functions portreg.h declares, each of version
# PORTREG_1 (templates/libportreg.map), no relocation at all (its pages are shared by every process),
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
# every defined dynamic symbol: a function of portreg.h's, of version
# PORTREG_1 (its default), and the version node itself
syms=$(readelf --dyn-syms -W "$so" | awk '$7 != "UND" && $8 != "" && NR > 3 {print $4, $8}')
exported=$(echo "$syms" | awk '$1 == "FUNC" {print $2}' | sort)
declared=$(sed -n 's/^[a-z_0-9 ]*[ *]\(portreg_[a-z_]*\)(.*/\1@@PORTREG_1/p' "$out/portreg.h" | sort -u)
[ "$exported" = "$declared" ] || fail "exports differ from portreg.h's functions, each @@PORTREG_1: $(echo "$exported" | tr '\n' ' ') / $(echo "$declared" | tr '\n' ' ')"
others=$(echo "$syms" | awk '$1 != "FUNC" {print $1, $2}')
[ "$others" = "OBJECT PORTREG_1" ] || fail "other dynamic symbols: $others"
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
echo "shared: libportreg.so.1: SONAME, $(echo "$exported" | wc -l) exports (portreg.h's, @@PORTREG_1), no relocations, no NEEDED; a program linked with -lportreg answers"
