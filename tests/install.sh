#!/bin/sh
# make install and cmake --install into scratch DESTDIRs, with LIBDIR lib64
# and a multiarch one: the same files from both (and the same bytes of
# portreg.pc and the CMake package), a consumer built with pkg-config
# against each and run, one built with find_package against make's, and
# make uninstall leaving nothing; then make install-nss.  The prefix holds
# a space, as a user's may.
# Usage: tests/install.sh MAKE CC REGISTRY
set -eu
make=$1 cc=$2 registry=$3
root=$(cd "$(dirname "$0")/.." && pwd)
case $registry in /*) ;; *) registry="$root/$registry" ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install: FAIL: $*" >&2; exit 1; }
prefix="/opt/portreg test"
multiarch=$($cc -print-multiarch 2>/dev/null || true)

cat > "$tmp/consumer.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <portreg.h>
int main(void)
{
    const char *n = portreg_name(443, "tcp");
    printf("%s %d\n", n ? n : "(none)", portreg_port("https", "tcp"));
    return !(n && strcmp(n, "https") == 0 && portreg_port("https", "tcp") == 443);
}
C
files() { (cd "$1" && find . \( -type f -o -type l \) | sort); }

# a pkg-config consumer against the install in DEST (LIBDIR $2), shared
consumer() {
    dest=$1 lib=$2
    PKG_CONFIG_PATH="$dest$lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest" \
        pkg-config --cflags --libs portreg > "$tmp/flags"
    # pkg-config splits on spaces: the prefix's is escaped, as it writes it
    eval "set -- $(cat "$tmp/flags")"
    $cc -std=c99 -o "$tmp/consumer" "$tmp/consumer.c" "$@"
    readelf -d "$tmp/consumer" | grep -q "NEEDED.*libportreg.so.1" ||
        fail "the pkg-config consumer did not link libportreg.so.1 ($dest)"
    LD_LIBRARY_PATH="$dest$lib" "$tmp/consumer" > /dev/null ||
        fail "the pkg-config consumer's answers ($dest)"
}

cmake -S "$root" -B "$tmp/build" -DPORTREG_REGISTRY="$registry" \
    -DCMAKE_INSTALL_PREFIX="$prefix" > "$tmp/cmake.log" 2>&1 ||
    { cat "$tmp/cmake.log"; fail "cmake configure"; }
cmake --build "$tmp/build" -j2 > "$tmp/cmake.log" 2>&1 ||
    { cat "$tmp/cmake.log"; fail "cmake --build"; }
for libdir in lib64 ${multiarch:+lib/$multiarch}; do
    m="$tmp/make-$(echo "$libdir" | tr / _)"
    c="$tmp/cmake-$(echo "$libdir" | tr / _)"
    $make -s --no-print-directory -C "$root" install DESTDIR="$m" \
        PREFIX="$prefix" LIBDIR="$prefix/$libdir" REGISTRY="$registry" \
        > /dev/null
    cmake "$tmp/build" -DCMAKE_INSTALL_LIBDIR="$libdir" > /dev/null
    DESTDIR="$c" cmake --install "$tmp/build" > /dev/null
    [ "$(files "$m")" = "$(files "$c")" ] ||
        fail "LIBDIR $libdir: make and CMake install different files:
$(files "$m")
---
$(files "$c")"
    for f in pkgconfig/portreg.pc cmake/portreg/portregConfig.cmake \
             cmake/portreg/portregConfigVersion.cmake; do
        cmp -s "$m$prefix/$libdir/$f" "$c$prefix/$libdir/$f" ||
            fail "LIBDIR $libdir: make's and CMake's $f differ"
    done
    grep -qxF "libdir=$(echo "$prefix/$libdir" | sed 's/ /\\ /g')" \
        "$m$prefix/$libdir/pkgconfig/portreg.pc" ||
        fail "portreg.pc's libdir is not $prefix/$libdir"
    [ "$(readlink "$m$prefix/$libdir/libportreg.so")" = libportreg.so.1 ] ||
        fail "libportreg.so is no link to libportreg.so.1"
    consumer "$m" "$prefix/$libdir"
    consumer "$c" "$prefix/$libdir"
    echo "install: LIBDIR $libdir: make and CMake install the same $(files "$m" | wc -l) files; pkg-config consumers of both run"
done

# every file make installs, by name
want=$(printf '%s\n' "./opt/portreg test/bin/portreg" \
    "./opt/portreg test/include/portreg.h" \
    "./opt/portreg test/lib64/libportreg.a" \
    "./opt/portreg test/lib64/libportreg.so" \
    "./opt/portreg test/lib64/libportreg.so.1" \
    "./opt/portreg test/lib64/libportreg_netdb.a" \
    "./opt/portreg test/lib64/pkgconfig/portreg.pc" \
    "./opt/portreg test/lib64/cmake/portreg/portregConfig.cmake" \
    "./opt/portreg test/lib64/cmake/portreg/portregConfigVersion.cmake" \
    "./opt/portreg test/share/man/man1/portreg.1" \
    "./opt/portreg test/share/man/man3/portreg.3" | sort)
[ "$(files "$tmp/make-lib64")" = "$want" ] ||
    fail "make install's files: $(files "$tmp/make-lib64")"

# find_package against make's install, the tree moved elsewhere
mv "$tmp/make-lib64" "$tmp/moved"
mkdir -p "$tmp/use"
cat > "$tmp/use/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.13)
project(use C)
find_package(portreg 0.1 CONFIG REQUIRED)
add_executable(use consumer.c)
target_link_libraries(use PRIVATE portreg::netdb portreg::portreg)
CM
cp "$tmp/consumer.c" "$tmp/use/"
cmake -S "$tmp/use" -B "$tmp/use/b" \
    -Dportreg_DIR="$tmp/moved$prefix/lib64/cmake/portreg" > "$tmp/cmake.log" 2>&1 ||
    { cat "$tmp/cmake.log" >&2; fail "find_package after make install"; }
cmake --build "$tmp/use/b" > /dev/null || fail "the find_package consumer"
"$tmp/use/b/use" > /dev/null || fail "the find_package consumer's answers"
mv "$tmp/moved" "$tmp/make-lib64"

# the pages render
for page in man1/portreg.1 man3/portreg.3; do
    mandoc "$tmp/make-lib64$prefix/share/man/$page" | grep -q "portreg" ||
        fail "$page does not render"
done
# the NSS module where asked, with its page
$make -s --no-print-directory -C "$root" install-nss DESTDIR="$tmp/make-lib64" \
    PREFIX="$prefix" LIBDIR="$prefix/lib64" REGISTRY="$registry" > /dev/null
[ -f "$tmp/make-lib64$prefix/lib64/libnss_portreg.so.2" ] &&
    mandoc "$tmp/make-lib64$prefix/share/man/man8/nss_portreg.8" |
    grep -q "nsswitch" || fail "make install-nss"
$make -s --no-print-directory -C "$root" uninstall DESTDIR="$tmp/make-lib64" \
    PREFIX="$prefix" LIBDIR="$prefix/lib64" > /dev/null
left=$(files "$tmp/make-lib64")
[ -z "$left" ] || fail "uninstall left: $left"
echo "install: make's files by name; find_package after make install, moved; install-nss; make uninstall leaves nothing"
