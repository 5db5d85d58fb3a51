#!/bin/sh
# make install into a scratch DESTDIR: the exact file list, a consumer built
# with pkg-config against it and run, then make uninstall leaves nothing.
# Usage: tests/install.sh MAKE CC
set -eu
make=$1
cc=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
prefix=/opt/portreg-test
$make -s install DESTDIR="$dest" PREFIX="$prefix" >/dev/null
got=$(cd "$dest" && find . -type f -o -type l | sort)
link=$(readlink "$dest$prefix/lib/libportreg.so")
if [ "$link" != libportreg.so.1 ]; then
    echo "install: FAIL: lib/libportreg.so -> $link, not libportreg.so.1"
    exit 1
fi
multiarch=$($cc -print-multiarch 2>/dev/null || true)
want=$(printf '%s\n' ./opt/portreg-test/bin/portreg \
    ./opt/portreg-test/include/portreg.h ./opt/portreg-test/lib/libportreg.a \
    ./opt/portreg-test/lib/libportreg.so ./opt/portreg-test/lib/libportreg.so.1 \
    "./opt/portreg-test/lib${multiarch:+/$multiarch}/libnss_portreg.so.2" \
    ./opt/portreg-test/lib/pkgconfig/portreg.pc \
    ./opt/portreg-test/share/man/man1/portreg.1 \
    ./opt/portreg-test/share/man/man3/portreg.3 | sort)
if [ "$got" != "$want" ]; then
    printf 'install: FAIL: installed files differ:\n%s\n' "$got"
    exit 1
fi
cat > "$dest/consumer.c" <<'C'
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
export PKG_CONFIG_PATH="$dest$prefix/lib/pkgconfig"
flags=$(pkg-config --cflags --libs portreg | sed "s|$prefix|$dest$prefix|g")
# shellcheck disable=SC2086
$cc -std=c99 -o "$dest/consumer" "$dest/consumer.c" $flags
# the shared library first where both are: the consumer needs it at run time
LD_LIBRARY_PATH="$dest$prefix/lib" "$dest/consumer"
if ! readelf -d "$dest/consumer" | grep -q "NEEDED.*libportreg.so.1"; then
    echo "install: FAIL: the consumer did not link libportreg.so.1"
    exit 1
fi
# shellcheck disable=SC2086
$cc -std=c99 -o "$dest/consumer-static" "$dest/consumer.c" \
    $(PKG_CONFIG_PATH="$PKG_CONFIG_PATH" pkg-config --cflags portreg | sed "s|$prefix|$dest$prefix|g") \
    "$dest$prefix/lib/libportreg.a"
"$dest/consumer-static" >/dev/null
"$dest$prefix/bin/portreg" --version
# the pages render (man -l where man-db is installed, else mandoc)
for page in man1/portreg.1 man3/portreg.3; do
    if command -v man >/dev/null 2>&1; then
        MANWIDTH=80 man -l "$dest$prefix/share/man/$page" 2>/dev/null | grep -q "portreg"
    else
        mandoc "$dest$prefix/share/man/$page" | grep -q "portreg"
    fi
done
$make -s uninstall DESTDIR="$dest" PREFIX="$prefix" >/dev/null
left=$(cd "$dest" && find . \( -type f -o -type l \) ! -name 'consumer*' | sort)
if [ -n "$left" ]; then
    printf 'install: FAIL: uninstall left:\n%s\n' "$left"
    exit 1
fi
echo "install: 1 passed, 0 failed"
