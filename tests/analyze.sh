#!/bin/sh
# make check-analyze: three static analyzers on every C file of templates/,
# each with both PORTREG_FAST values, over two builds' tables: the
# registry's (OUT: the profile make built) and the fixture's (FIX: the full
# profile, so that the record and TXT key code is there too).
#   clang --analyze      the Clang Static Analyzer's default checkers
#   gcc -fanalyzer       GCC's analyzer; where it stops early on a function
#                        (too complex), the file is named, not failed
#   cppcheck             warning, style, performance and portability
#                        checks, under GCC's x86-64 macros and under none
# Any finding fails.  A wrong one is suppressed where it is, with its
# reason (cppcheck-suppress), never by turning a check off.
#
#   sh tests/analyze.sh OUT FIX
set -u
OUT=$1 FIX=$2
T=templates
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# WHAT FILE TABLES: the library files take TABLES, the command its cli/
# build beside them, the NSS module glibc's extensions.  Findings go to
# $work/WHAT.findings, files where gcc stopped early to $work/cut.
run() {
    what=$1 file=$2 tables=$3
    log=$work/$what.log
    case $file in
    portreg_cli.c) inc=$tables/cli ;;
    *) inc=$tables ;;
    esac
    for fast in 0 1; do
        flags="-DPORTREG_FAST=$fast -I$inc"
        [ "$file" = nss_portreg.c ] && flags="$flags -D_GNU_SOURCE"
        case $what in
        clang)
            clang --analyze -std=c99 $flags -o "$work/out.plist" "$T/$file" \
                >"$log" 2>&1 ;;
        gcc)
            gcc -std=c99 -fanalyzer -Wanalyzer-too-complex $flags -c \
                -o "$work/out.o" \
                "$T/$file" >"$log" 2>&1
            if grep -q 'Wanalyzer-too-complex' "$log"; then
                grep -qx "$file" "$work/cut" || echo "$file" >>"$work/cut"
            fi
            grep -v 'Wanalyzer-too-complex' "$log" >"$log.2"
            mv "$log.2" "$log" ;;
        cppcheck)
            for config in "-D__GNUC__=12 -D__x86_64__ -D__SSE2__" \
                          "-U__GNUC__"; do
                # shellcheck disable=SC2086
                cppcheck --quiet --std=c99 --inline-suppr --error-exitcode=1 \
                    --enable=warning,style,performance,portability \
                    --suppress=missingIncludeSystem $config $flags \
                    "$T/$file" >>"$log" 2>&1
            done ;;
        esac
        if grep -Eq 'warning|error|style|performance|portability' \
                "$log"; then
            { echo "analyze: $what on $file (PORTREG_FAST=$fast, $tables):"
              cat "$log"; } >>"$work/$what.findings"
        fi
        : >"$log"
    done
}

# The three analyzers side by side (each its own files in $work).
: >"$work/cut"
for what in clang gcc cppcheck; do
    (
        for file in portreg.c portreg_servent.c portreg_netdb.c; do
            run $what $file "$OUT"
            run $what $file "$FIX"
        done
        run $what portreg_cli.c "$FIX"
        run $what nss_portreg.c "$OUT"
    ) &
done
wait
for what in clang gcc cppcheck; do
    if [ -s "$work/$what.findings" ]; then
        cat "$work/$what.findings"
        fail=1
    fi
done
if [ -s "$work/cut" ]; then
    echo "analyze: gcc -fanalyzer stopped early (too complex) in:" \
         "$(sort "$work/cut" | tr '\n' ' ')(what it saw there had no finding)"
fi
if [ $fail -ne 0 ]; then
    echo "analyze: findings above"
    exit 1
fi
echo "analyze: clang --analyze, gcc -fanalyzer and cppcheck: no finding" \
     "in the 5 C files, PORTREG_FAST=0 and 1, registry and fixture tables"
