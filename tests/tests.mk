# make check: every suite (tests/README.md says what each one proves).
# Included by the top-level Makefile.
.PHONY: check check-gen check-c check-cli check-valgrind check-cover \
        check-equiv check-diff check-glibc check-netdb check-install check-abi \
        check-make check-analyze check-misra check-proof \
        check-size

FIXTURE = tests/fixtures/good.csv
FIX = $(OUT)/fixture
SRC = templates
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer \
      -fno-sanitize-recover=all

SUITES = gen c analyze misra proof valgrind cover fuzz cli equiv diff glibc \
         netdb nss shared abi install cmake size dist target bench make
# Before the first suite, everything that every suite needs is installed in
# one announced apt-get line (tests/packages.py); where that cannot be, the
# suites that lack a package are named as skipped, never counted as passed.
check:
	@mkdir -p $(OUT)
	@$(PACKAGES) plan --skipped $(OUT)/check.skipped $(SUITES) > $(OUT)/check.run
	@$(MAKE) --no-print-directory $$(sed 's/[^ ][^ ]*/check-&/g' $(OUT)/check.run)
	@skipped=""; \
	 [ -s $(OUT)/check.skipped ] && skipped="$$skipped; skipped: $$(paste -sd, $(OUT)/check.skipped | sed 's/,/, /g')"; \
	 [ -f $(OUT)/glibc.skipped ] && skipped="$$skipped; glibc skipped ($$(cat $(OUT)/glibc.skipped))"; \
	 [ -f $(OUT)/nss.skipped ] && skipped="$$skipped; nss skipped ($$(cat $(OUT)/nss.skipped))"; \
	 [ -f $(OUT)/targets.skipped ] && skipped="$$skipped; targets skipped: $$(cat $(OUT)/targets.skipped)"; \
	 if [ -n "$$skipped" ]; then \
	    echo "check: $(words $(SUITES)) suites ($(SUITES)), the rest passed$$skipped"; \
	 else echo "check: $(words $(SUITES)) suites passed ($(SUITES))"; fi

check-gen:
	PORTREG_MIRROR='$(REGISTRY_MIRROR)' $(PYTHON) -m unittest discover \
	    -s tests/gen -t .

$(FIX)/.generated: $(FIXTURE) $(GEN_INPUTS) | need-generate
	$(PYTHON) -m gen generate --registry $(FIXTURE) --out $(FIX) \
	    --min-rows 0 --gperf $(GPERF) --profile full
	@touch $@

# The library (fixture and real registry) under the strict flags with gcc
# and clang (-Werror, every fall-through marked), with and without the fast
# indexes; the header as C++; and the cmocka tests under ASan and UBSan,
# with and without them.
check-c: $(FIX)/.generated $(OUT)/.generated | need-c
	for out in $(FIX) $(OUT); do for src in portreg portreg_servent \
	    portreg_netdb; do for fast in 0 1; do \
	    gcc -std=c99 $(WARNINGS) -Wimplicit-fallthrough=5 -Werror -O2 \
	        -DPORTREG_FAST=$$fast -I$$out -c $(SRC)/$$src.c \
	        -o $(FIX)/gcc.o && \
	    clang -std=c99 $(WARNINGS) -Wimplicit-fallthrough -Werror -O2 \
	        -DPORTREG_FAST=$$fast -I$$out -c $(SRC)/$$src.c \
	        -o $(FIX)/clang.o || exit 1; \
	    done; done; done
	g++ -std=c++11 -Wall -Wextra -Werror -fsyntax-only -x c++ \
	    -I$(FIX) tests/c/cxx_header.cc
	for fast in 0 1; do \
	    $(CC) -std=c99 $(WARNINGS) -Werror -g -O1 $(SAN) -I$(FIX) \
	        -DPORTREG_FAST=$$fast -o $(FIX)/test_lookup \
	        tests/c/test_lookup.c $(SRC)/portreg.c $(SRC)/portreg_servent.c \
	        -lcmocka && $(FIX)/test_lookup || exit 1; done

$(FIX)/portreg: $(FIX)/.generated $(CLI_SRC) $(VARIANTS)
	$(CC) $(ALL_CFLAGS) -I$(FIX)/cli -o $@ $(CLI_SRC)

# The command on the fixture; its man pages and the library's, mandoc
# -T lint clean at warning level (style notes, such as pages not yet
# installed, aside).
check-cli: $(FIX)/portreg | need-cli
	mandoc -T lint -W warning man/portreg.1 man/portreg.3 man/nss_portreg.8
	PORTREG_CLI=$(FIX)/portreg PORTREG_FIXTURE=$(FIXTURE) \
	    $(PYTHON) -m unittest tests.test_cli

# clang --analyze, gcc -fanalyzer and cppcheck on every C file of
# templates/, both PORTREG_FAST values, the registry's and the fixture's
# tables: no finding (tests/analyze.sh).
check-analyze: $(FIX)/.generated $(OUT)/.generated | need-analyze
	sh tests/analyze.sh $(OUT) $(FIX)

# MISRA C:2012 for the library as firmware builds it (PORTREG_FAST=0): every
# finding of cppcheck's misra addon a deviation that MISRA.md documents,
# and every deviation there still needed (tests/misra.py).
check-misra: $(FIX)/.generated $(OUT)/.generated | need-misra
	$(PYTHON) tests/misra.py $(OUT) $(FIX)

# Frama-C's Eva: no run-time error in the library's public functions
# (PORTREG_FAST=0) for any input, relative to the table invariants that
# gen/tables.py checks (tests/proof/README.md).
check-proof: $(FIX)/.generated $(OUT)/.generated | need-proof
	$(PYTHON) tests/proof/run.py $(FIX) $(OUT)

# The same C tests without sanitizers, under valgrind's memcheck: the
# cmocka tests, the lookup cases of the real registry (each name also
# against a page that cannot be read) and a few commands.
VALGRIND = valgrind -q --error-exitcode=1 --leak-check=full \
           --errors-for-leak-kinds=definite,indirect
check-valgrind: $(FIX)/.generated $(OUT)/.generated $(OUT)/cases/cases.h \
        | need-valgrind
	$(CC) -std=c99 -g -O1 -I$(FIX) -o $(FIX)/test_lookup.vg \
	    tests/c/test_lookup.c $(SRC)/portreg.c $(SRC)/portreg_servent.c \
	    -lcmocka
	for fast in 0 1; do \
	    $(CC) -std=c99 -g -O1 -DPORTREG_FAST=$$fast -DLOOKUP_PAGE_EDGE \
	        -I$(OUT) -I$(OUT)/cases \
	        -o $(OUT)/cases/lookup$$fast.vg tests/c/lookup_cases.c \
	        $(SRC)/portreg.c $(SRC)/portreg_servent.c || exit 1; done
	$(CC) -std=c99 -g -O1 -I$(OUT)/cli -o $(OUT)/portreg.vg $(CLI_SRC)
	$(VALGRIND) $(FIX)/test_lookup.vg
	$(VALGRIND) $(OUT)/cases/lookup1.vg
	$(VALGRIND) $(OUT)/cases/lookup0.vg
	$(VALGRIND) $(OUT)/portreg.vg http 443/tcp x11 914c/g >/dev/null
	$(VALGRIND) $(OUT)/portreg.vg --services >/dev/null
	$(VALGRIND) $(OUT)/portreg.vg --json --search web >/dev/null
	$(VALGRIND) $(OUT)/portreg.vg "$$(printf 'a%.0s' $$(seq 10240))" \
	    2>/dev/null; test $$? = 2

# Coverage of templates/portreg.c and its variants, with gcov, each build
# with both PORTREG_FAST values: the cmocka tests and lookup cases on the
# fixture (full profile), the lookup cases of the real registry, and of a
# subset (udp,sctp 1-1023,6000-6100) for the UNKNOWN answers, and the
# fixture with tests/fixtures/overlay.csv dumped whole.
COVER = $(OUT)/cover
COVER_MIN_BRANCH = 95
COVER_SUBSET = --protocols udp,sctp --ports 1-1023,6000-6100
COVER_BUILD = $(CC) -std=c99 -g -O0 --coverage
check-cover: $(FIX)/.generated $(OUT)/.generated | need-cover
	rm -rf $(COVER) && mkdir -p $(COVER)/fixture $(COVER)/registry \
	    $(COVER)/subset $(COVER)/overlay
	$(PYTHON) tests/lookup_cases.py $(FIXTURE) $(COVER)/fixture/cases.h \
	    --profile full
	$(PYTHON) tests/lookup_cases.py '$(REG)' $(COVER)/registry/cases.h \
	    $(SUBSET)
	$(PYTHON) -m gen generate --registry '$(REG)' --out $(COVER)/subset \
	    --min-rows $(MIN_ROWS) --gperf $(GPERF) $(COVER_SUBSET) >/dev/null
	$(PYTHON) tests/lookup_cases.py '$(REG)' $(COVER)/subset/cases.h \
	    $(COVER_SUBSET)
	cp $(FIX)/portreg.h $(FIX)/portreg_tables.c.h $(COVER)/fixture/
	cp $(OUT)/portreg.h $(OUT)/portreg_tables.c.h $(COVER)/registry/
	for b in fixture registry subset; do for fast in 0 1; do \
	    d=$(COVER)/$$b$$fast; mkdir -p $$d; \
	    $(COVER_BUILD) -DPORTREG_FAST=$$fast -I$(COVER)/$$b \
	        -c $(SRC)/portreg.c -o $$d/portreg.o && \
	    $(COVER_BUILD) -DPORTREG_FAST=$$fast -I$(COVER)/$$b -o $$d/cases \
	        tests/c/lookup_cases.c $$d/portreg.o $(SRC)/portreg_servent.c \
	        && $$d/cases || exit 1; done; done
	for fast in 0 1; do d=$(COVER)/fixture$$fast; \
	    $(COVER_BUILD) -I$(COVER)/fixture -o $$d/test_lookup \
	        tests/c/test_lookup.c $$d/portreg.o $(SRC)/portreg_servent.c \
	        -lcmocka && $$d/test_lookup >/dev/null || exit 1; done
	$(PYTHON) -m gen generate --registry $(FIXTURE) --out $(COVER)/overlay \
	    --overlay tests/fixtures/overlay.csv --min-rows 0 --profile full \
	    --gperf $(GPERF) >/dev/null 2>&1
	$(COVER_BUILD) -I$(COVER)/overlay -c $(SRC)/portreg.c \
	    -o $(COVER)/overlay/portreg.o
	$(COVER_BUILD) -I$(COVER)/overlay -o $(COVER)/overlay/dump \
	    tests/c/dump.c $(COVER)/overlay/portreg.o
	echo plant-telemetry | $(COVER)/overlay/dump >/dev/null
	$(PYTHON) tests/coverage.py --min-branch $(COVER_MIN_BRANCH) \
	    $(addprefix $(COVER)/,fixture0 fixture1 registry0 registry1 \
	                          subset0 subset1 overlay)

# Every registry version in the mirror, regenerated and compared entry by
# entry with the CSV as the test reads it; the TXT keys of rows read by hand.
check-equiv: | need-generate
	PORTREG_MIRROR=$(REGISTRY_MIRROR) PORTREG_GPERF=$(GPERF) CC=$(CC) \
	    $(PYTHON) -m unittest tests.test_equiv tests.test_txtkeys

# The change report on every pair of consecutive mirrored versions, and
# update-registry offline from a file; how local each update's change to
# the generated C is (tests/test_churn.py).
check-diff:
	PORTREG_MIRROR=$(REGISTRY_MIRROR) PORTREG_GPERF=$(GPERF) \
	    $(PYTHON) -m unittest tests.test_diff tests.test_churn

# glibc as a peer: the generated services(5) file bind-mounted over
# /etc/services in a private mount namespace.
check-glibc: $(OUT)/portreg $(OUT)/libportreg.a | need-glibc
	$(CC) -std=c99 -O2 -I$(OUT) -o $(OUT)/glibc_peer tests/c/glibc_peer.c \
	    $(OUT)/libportreg.a
	$(OUT)/portreg --services > $(OUT)/services
	sh tests/glibc_peer.sh $(OUT)/services $(OUT)/glibc_peer

# getservbyname/getservbyport: a libc program linked against
# out/portreg_netdb.o answers from the registry; Debian's /etc/services
# (netbase) through glibc agrees but for tests/netbase-differences.tsv.
check-netdb: $(OUT)/portreg_netdb.o $(OUT)/libportreg.a | need-netdb
	PORTREG_OUT=$(OUT) PORTREG_REGISTRY='$(REG)' CC=$(CC) \
	    $(PYTHON) -m unittest tests.test_netdb

# libnss_portreg.so.2 as the services database of real programs (getent,
# Python, getaddrinfo, tcpdump), in a private mount namespace.
check-nss: $(OUT)/libnss_portreg.so.2 $(OUT)/portreg | need-nss
	PORTREG_OUT=$(OUT) PORTREG_REGISTRY='$(REG)' CC=$(CC) \
	    $(PYTHON) -m unittest tests.test_nss

# make as people drive it: every target first in a fresh copy of the tree,
# a kept configuration, paths with spaces (tests/test_make.py).
check-make: | need-make
	PORTREG_MIRROR=$(REGISTRY_MIRROR) MAKE=$(MAKE) \
	    $(PYTHON) -m unittest tests.test_make

# One ABI: abidiff between builds of other registries and profiles, every
# export versioned, each build's header on each build's library with guard
# bytes after every struct (tests/test_abi.py).
check-abi: | need-generate need-abi
	PORTREG_MIRROR=$(REGISTRY_MIRROR) PORTREG_GPERF=$(GPERF) CC=$(CC) \
	    MAKE=$(MAKE) $(PYTHON) -m unittest tests.test_abi

# The shared library: its SONAME, its exports (nothing but the API), no
# relocation at all, and a program linked with -lportreg answering.
check-shared: $(OUT)/libportreg.so.1
	sh tests/shared.sh $(OUT) "$(CC)"

# CMake: make's and CMake's generated files byte for byte, find_package
# after an install, add_subdirectory with a subset, cross-compiled for a
# Cortex-M4 and run under qemu, broken options (tests/test_cmake.py).
check-cmake: | need-generate need-cmake
	PORTREG_REGISTRY='$(REG)' $(PYTHON) -m unittest tests.test_cmake

check-install: $(OUT)/libportreg.a $(OUT)/portreg | need-install
	sh tests/install.sh "$(MAKE)" "$(CC)" '$(REG)'

# Every profile builds warning-free for the host and the Cortex-M4.
check-size: size

# Lookup cases computed from the CSV by tests/lookup_cases.py.
$(OUT)/cases/cases.h: $(OUT)/registry.id tests/lookup_cases.py tests/test_equiv.py \
        tests/test_netdb.py
	@mkdir -p $(OUT)/cases
	$(PYTHON) tests/lookup_cases.py '$(REG)' $@ $(SUBSET)

# make dist's tarball alone: its files build freestanding for the Cortex-M4
# and for the host, and a host program linked with them passes the lookup
# cases.
check-dist: dist $(OUT)/cases/cases.h | need-dist
	sh tests/dist.sh "$$(cat $(OUT)/dist.name)" $(OUT)/cases "$(CC)" \
	    "$(ARM_CC) $(ARM_FLAGS) -ffreestanding"
