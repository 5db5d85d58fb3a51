#!/bin/sh
# make dist's tarball on its own: exactly portreg.h, portreg.c,
# portreg_servent.c, portreg_netdb.c and README; the C files compile alone
# for the Cortex-M4 (freestanding) and for the host with -Wall -Wextra
# -Werror (portreg.c also with clang's and gcc's strictest
# -Wimplicit-fallthrough), portreg.c needs nothing from outside and the other two nothing
# but portreg's own functions, and a host program linked with them passes
# the lookup cases from the CSV, getservbyname/getservbyport included.
#   sh tests/dist.sh TARBALL CASES_DIR HOST_CC "ARM_CC FLAGS..."
set -eu
tarball=$1 cases=$(cd "$2" && pwd) cc=$3 arm=$4
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tarball" -C "$tmp"
dir=$(ls "$tmp")
files=$(cd "$tmp/$dir" && ls | tr '\n' ' ')
want="README portreg.c portreg.h portreg_netdb.c portreg_servent.c "
if [ "$files" != "$want" ]; then
    echo "dist: $tarball holds $files, not $want" >&2
    exit 1
fi
cd "$tmp/$dir"
$arm -c portreg.c -o portreg.m4.o
$cc -std=c99 -Wall -Wextra -Werror -O2 -c portreg.c -o portreg.o
# every fall-through is marked, for compilers that check them
for fast in 0 1; do
    clang -std=c99 -Wall -Wextra -Wimplicit-fallthrough -Werror -O2 \
        -DPORTREG_FAST=$fast -c portreg.c -o fallthrough.o
    gcc -std=c99 -Wall -Wextra -Wimplicit-fallthrough=5 -Werror -O2 \
        -DPORTREG_FAST=$fast -c portreg.c -o fallthrough.o
done
for f in servent netdb; do
    $arm -c portreg_$f.c -o $f.m4.o
    $cc -std=c99 -Wall -Wextra -Werror -O2 -c portreg_$f.c -o $f.o
done
for o in servent.m4.o servent.o netdb.m4.o netdb.o; do
    undef=$(nm -u "$o" | grep -v " portreg_[a-z_]*$\| _GLOBAL_OFFSET_TABLE_$" | tr '\n' ' ')
    if [ -n "$undef" ]; then
        echo "dist: $o needs more than portreg.c: $undef" >&2
        exit 1
    fi
done
# Freestanding: the objects call nothing (no memcmp, no libgcc popcount).
for o in portreg.m4.o portreg.o; do
    undef=$(nm -u "$o" | tr '\n' ' ')
    if [ -n "$undef" ]; then
        echo "dist: $o needs symbols from outside: $undef" >&2
        exit 1
    fi
done
# A shared object of portreg.c alone has no relocations at all, so its
# pages are shared by every process that maps it; and no writable data.
$cc -shared -fPIC -nostdlib -O2 -o libportreg.so portreg.c
if ! readelf -rW libportreg.so | grep -q "no relocations"; then
    echo "dist: a shared portreg.c has relocations:" >&2
    readelf -rW libportreg.so >&2
    exit 1
fi
if size -A portreg.o portreg.m4.o 2>/dev/null | grep -E "^\.(data|bss)[. ]" | grep -vE "[[:space:]]0[[:space:]]"; then
    echo "dist: portreg.c has writable data" >&2
    exit 1
fi
$cc -std=c99 -Wall -Wextra -Werror -O1 -DLOOKUP_NETDB -I. -I"$cases" \
    -o lookup "$here/c/lookup_cases.c" portreg.o servent.o netdb.o
./lookup
echo "dist: $(basename "$tarball"): 5 files; built for the Cortex-M4 and the host; lookups pass"
