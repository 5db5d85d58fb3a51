# portreg: IANA's port registry as static C tables.  See README.md.
#   make          obtain the registry, generate, build, show a few lookups
#   make check    every test
.DELETE_ON_ERROR:
.PHONY: all lib generate netdb demo update-registry size dist bench check check-diff check-gen \
        check-c check-cli check-equiv check-glibc check-netdb check-install check-size \
        check-dist check-target install uninstall clean tools-gen tools-arm \
        tools-target tools-check tools-fuzz fuzz check-fuzz check-valgrind \
        check-cover FORCE

PYTHON ?= python3
GPERF ?= gperf
AR ?= ar
CC ?= cc
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
DESTDIR ?=
OUT ?= out
REGISTRY ?=
REGISTRY_MIRROR ?= ../shared/registry
MIN_ROWS ?= 10000
PROFILE ?= minimal
PROTOCOLS ?=
PORTS ?=
OVERLAY ?=

# Required flags, added to (never replacing) the user's CFLAGS.
WARNINGS = -Wall -Wextra -Wpedantic -Wconversion -Wwrite-strings -Wcast-qual \
           -Wstrict-prototypes -Wmissing-prototypes
PORTREG_CFLAGS = -std=c99 $(WARNINGS)
COMPILE = $(CC) $(CPPFLAGS) $(PORTREG_CFLAGS) $(CFLAGS)

DEFAULT_REGISTRY = registry/service-names-port-numbers.csv
REG = $(if $(REGISTRY),$(REGISTRY),$(DEFAULT_REGISTRY))
GEN_PY = gen/__init__.py gen/__main__.py gen/read.py gen/validate.py \
         gen/model.py gen/emit.py gen/size.py
TEMPLATES = templates/portreg.h.in templates/portreg.c.in \
            templates/portreg_cli.c.in templates/portreg_servent.c.in \
            templates/portreg_netdb.c.in \
            templates/dist-README.in
GENERATED = $(OUT)/portreg.h $(OUT)/portreg.c $(OUT)/portreg_cli.c \
            $(OUT)/portreg_servent.c $(OUT)/portreg_netdb.c
SUBSET = --profile '$(PROFILE)' --protocols '$(PROTOCOLS)' --ports '$(PORTS)'

# $(call need,TEST,PACKAGE): run TEST; when it fails, install PACKAGE with
# apt-get where that is possible (root on Debian), else stop saying how.
need = if ! { $(1); } >/dev/null 2>&1; then \
  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
    echo "portreg: installing $(2): apt-get install -y $(2)"; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
         apt-get install -y -qq $(2) >/dev/null; } || exit 1; \
  else echo "portreg: $(2) is missing; install it: sudo apt-get install $(2)" >&2; \
    exit 1; fi; fi

all: lib $(OUT)/portreg demo

lib: $(OUT)/libportreg.a

generate: $(OUT)/.generated

tools-gen:
	@$(call need,command -v $(GPERF),gperf)

# Obtained only when no REGISTRY is given and no copy is here yet.
$(DEFAULT_REGISTRY):
	$(PYTHON) -m gen obtain --dest $@ --mirror $(REGISTRY_MIRROR)

# A new registry version: downloaded from IANA (or NEW=path.csv), validated,
# its changes against the current one reported, and only then put in place.
update-registry:
	$(PYTHON) -m gen update --dest $(DEFAULT_REGISTRY) $(if $(NEW),--new '$(NEW)')

# out/ remembers the registry bytes, floor and subset it was built from: a
# different file (even with an older time stamp) or PROFILE regenerates.
$(OUT)/registry.id: FORCE | $(REG)
	@mkdir -p $(OUT)
	@id="$$(sha256sum < '$(REG)' | cut -c1-64) $(MIN_ROWS) $(SUBSET) $(if $(OVERLAY),$$(sha256sum < '$(OVERLAY)' | cut -c1-64))"; \
	 [ "$$(cat $@ 2>/dev/null)" = "$$id" ] || echo "$$id" > $@

$(OUT)/.generated: $(OUT)/registry.id $(GEN_PY) $(TEMPLATES) | tools-gen
	$(PYTHON) -m gen generate --registry '$(REG)' --out $(OUT) \
	    --min-rows $(MIN_ROWS) --gperf $(GPERF) $(SUBSET) \
	    $(if $(OVERLAY),--overlay '$(OVERLAY)')
	@touch $@

$(GENERATED): $(OUT)/.generated ;

$(OUT)/portreg.o: $(OUT)/portreg.c $(OUT)/portreg.h
	$(COMPILE) -c $(OUT)/portreg.c -o $@

$(OUT)/portreg_servent.o: $(OUT)/portreg_servent.c $(OUT)/portreg.h
	$(COMPILE) -c $(OUT)/portreg_servent.c -o $@

$(OUT)/libportreg.a: $(OUT)/portreg.o $(OUT)/portreg_servent.o
	rm -f $@
	$(AR) rcs $@ $(OUT)/portreg.o $(OUT)/portreg_servent.o

$(OUT)/portreg: $(OUT)/portreg_cli.c $(OUT)/portreg.h $(OUT)/libportreg.a
	$(COMPILE) $(LDFLAGS) -o $@ $(OUT)/portreg_cli.c $(OUT)/libportreg.a

# getservbyname() and getservbyport() themselves, for toolchains without
# them: link out/portreg_netdb.o and libportreg.a before the C library.
netdb: $(OUT)/portreg_netdb.o

$(OUT)/portreg_netdb.o: $(OUT)/portreg_netdb.c $(OUT)/portreg.h
	$(COMPILE) -c $(OUT)/portreg_netdb.c -o $@

demo: $(OUT)/portreg
	@echo "--- a few lookups (out/portreg):"
	@for q in http 443/tcp 53/udp x11 boe-cms _ipp._tcp; do \
	    echo "\$$ portreg $$q"; $(OUT)/portreg $$q; done
	@echo "\$$ portreg --status 49200/tcp"; $(OUT)/portreg --status 49200/tcp

# ---------------------------------------------------------------- firmware
ARM_CC = arm-none-eabi-gcc
ARM_FLAGS = -std=c99 -Wall -Wextra -Werror -Os -mcpu=cortex-m4 -mthumb
QEMU = qemu-system-arm

tools-arm:
	@$(call need,command -v $(ARM_CC),gcc-arm-none-eabi)

tools-target: tools-arm
	@$(call need,test -f /usr/lib/arm-none-eabi/newlib/thumb/v7e-m/nofp/librdimon.a,libnewlib-arm-none-eabi)
	@$(call need,command -v $(QEMU),qemu-system-arm)

# Bytes per profile (minimal, full, tcp,udp 0-1023), host and Cortex-M4,
# split into names, descriptions, name index, records, port index.
size: $(OUT)/registry.id | tools-gen tools-arm
	$(PYTHON) -m gen size --registry '$(REG)' --out $(OUT) --gperf $(GPERF) \
	    --cc $(CC)

# What a firmware project vendors: portreg.h, portreg.c, the optional
# portreg_servent.c (getservby*_r) and portreg_netdb.c (getservbyname and
# getservbyport themselves) and a README, in
# out/portreg-<registry date>.tar.gz (byte-identical for the same input).
dist: $(OUT)/.generated
	@date=$$(sed -n 's/^#define PORTREG_REGISTRY_DATE "\(.*\)"$$/\1/p' \
	    $(OUT)/portreg.h); d=$(OUT)/dist/portreg-$$date; \
	 rm -rf $(OUT)/dist && mkdir -p $$d && \
	 cp $(OUT)/portreg.h $(OUT)/portreg.c $(OUT)/portreg_servent.c \
	    $(OUT)/portreg_netdb.c $$d/ && \
	 cp $(OUT)/README.dist $$d/README && \
	 tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
	    -C $(OUT)/dist -cf - portreg-$$date | gzip -n -9 \
	    > $(OUT)/portreg-$$date.tar.gz && \
	 echo "dist: $(OUT)/portreg-$$date.tar.gz" && \
	 echo "$(OUT)/portreg-$$date.tar.gz" > $(OUT)/dist.name

# ---------------------------------------------------------------- bench
# ns and instructions per lookup, portreg against glibc, bsearch, a linear
# scan, a direct 65,536-entry table and one gperf table over all names; one
# table, out/bench/results.csv and results.svg.  BENCH_QUICK=1: a few
# seconds, no monolithic gperf (it takes gperf ~20 s to build).
BENCH_DIR = $(OUT)/bench
BENCH_QUICK ?=
BENCH_CFLAGS ?=
bench: $(OUT)/.generated $(OUT)/portreg
	@mkdir -p $(BENCH_DIR)
	$(OUT)/portreg --services > $(OUT)/services
	$(PYTHON) bench/workload.py '$(REG)' $(BENCH_DIR)/queries.txt \
	    $(if $(BENCH_QUICK),--n 512)
ifeq ($(BENCH_QUICK),)
	$(PYTHON) bench/mono.py '$(REG)' $(BENCH_DIR)/mono.gperf
	$(GPERF) -t -T -C -G --ignore-case --pic -N mono_lookup -H mono_hash \
	    $(BENCH_DIR)/mono.gperf > $(BENCH_DIR)/mono.c
endif
	$(CC) -std=gnu99 -O2 -g -w $(BENCH_CFLAGS) -I$(OUT) -I$(BENCH_DIR) \
	    $(if $(BENCH_QUICK),,-DBENCH_MONO) -o $(BENCH_DIR)/bench \
	    bench/bench.c $(OUT)/portreg.c
	$(PYTHON) bench/run.py --bench $(BENCH_DIR)/bench \
	    --queries $(BENCH_DIR)/queries.txt --out $(BENCH_DIR) \
	    --services $(OUT)/services --registry '$(REG)' --cc $(CC) \
	    $(if $(BENCH_QUICK),--quick)

# ---------------------------------------------------------------- fuzz
# libFuzzer with ASan and UBSan: by_name/port on any bytes, by_port/name/
# status on any port, the command's arguments; each checked against a scan
# of every entry (tests/fuzz/oracle.h).  FUZZ_SECONDS per fuzzer; the seeds
# are tests/fuzz/corpus/*, what the fuzzer finds grows out/fuzz/corpus/*.
# The _compact fuzzers are the same without the fast indexes (PORTREG_FAST=0,
# as on 32-bit targets), on the same seeds.
FUZZ_SECONDS ?= 600
FUZZERS = by_name by_name_compact by_port by_port_compact cli
FUZZ_DIR = $(OUT)/fuzz
FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
             -fno-sanitize-recover=all -fno-omit-frame-pointer

tools-fuzz:
	@$(call need,command -v $(FUZZ_CC),clang)
	@$(call need,test -n "$$(find /usr/lib/llvm-*/lib/clang -name 'libclang_rt.fuzzer-x86_64.a' 2>/dev/null)",libclang-rt-14-dev)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/oracle.h $(OUT)/.generated | tools-fuzz
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_FLAGS) -I$(OUT) -Itests/fuzz -o $@ $< $(OUT)/portreg.c

$(FUZZ_DIR)/fuzz_%_compact: tests/fuzz/fuzz_%.c tests/fuzz/oracle.h $(OUT)/.generated | tools-fuzz
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_FLAGS) -DPORTREG_FAST=0 -I$(OUT) -Itests/fuzz \
	    -o $@ $< $(OUT)/portreg.c

fuzz: $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZERS))
	@for f in $(FUZZERS); do \
	    mkdir -p $(FUZZ_DIR)/corpus/$$f && \
	    cp tests/fuzz/corpus/$${f%_compact}/* $(FUZZ_DIR)/corpus/$$f/ && \
	    echo "fuzz: $$f for $(FUZZ_SECONDS) s (log: $(FUZZ_DIR)/$$f.log)" && \
	    if ! (cd $(FUZZ_DIR) && ./fuzz_$$f -max_total_time=$(FUZZ_SECONDS) \
	        -max_len=12000 -timeout=10 -rss_limit_mb=2048 \
	        -print_final_stats=1 corpus/$$f) > $(FUZZ_DIR)/$$f.log 2>&1; then \
	        tail -40 $(FUZZ_DIR)/$$f.log; exit 1; fi; \
	    grep -E '^Done' $(FUZZ_DIR)/$$f.log; done
	@echo "fuzz: the generator on mutated registries, $(if $(GEN_FUZZ_RUNS),$(GEN_FUZZ_RUNS) runs,$(FUZZ_SECONDS) s)"
	$(PYTHON) tests/fuzz/gen_mutate.py --registry '$(REG)' \
	    $(if $(GEN_FUZZ_RUNS),--runs $(GEN_FUZZ_RUNS),--seconds $(FUZZ_SECONDS)) \
	    --gperf $(GPERF) --cc $(CC) \
	    $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))

# A few seconds of each fuzzer, and 12 mutated registries (seed 1).
check-fuzz:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=5 FUZZ_SEED=1 \
	    GEN_FUZZ_RUNS=12

# ---------------------------------------------------------------- install
install: $(OUT)/libportreg.a $(OUT)/portreg
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(OUT)/portreg.h $(DESTDIR)$(PREFIX)/include/portreg.h
	install -m 644 $(OUT)/libportreg.a $(DESTDIR)$(PREFIX)/lib/libportreg.a
	sed -e 's|@PREFIX@|$(PREFIX)|' \
	    -e "s|@VERSION@|$$(sed -n 's/^__version__ = "\(.*\)"/\1/p' gen/__init__.py)|" \
	    templates/portreg.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/portreg.pc
	install -m 755 $(OUT)/portreg $(DESTDIR)$(PREFIX)/bin/portreg

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/include/portreg.h \
	    $(DESTDIR)$(PREFIX)/lib/libportreg.a \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig/portreg.pc \
	    $(DESTDIR)$(PREFIX)/bin/portreg

clean:
	rm -rf out
	find gen tests -name __pycache__ -type d -prune -exec rm -rf {} +

# ---------------------------------------------------------------- tests
FIXTURE = tests/fixtures/good.csv
FIX = out/fixture
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer \
      -fno-sanitize-recover=all

tools-check: tools-gen
	@$(call need,test -f /usr/include/cmocka.h,libcmocka-dev)
	@$(call need,command -v g++,g++)
	@$(call need,command -v clang,clang)
	@$(call need,command -v pkg-config,pkg-config)
	@$(call need,command -v valgrind,valgrind)

SUITES = gen c valgrind cover fuzz cli equiv diff glibc netdb install size \
         dist target bench
check: tools-check $(addprefix check-,$(SUITES))
	@if [ -f $(OUT)/glibc.skipped ]; then \
	    echo "check: $(words $(SUITES)) suites, glibc skipped ($$(cat $(OUT)/glibc.skipped)), the others passed ($(SUITES))"; \
	 else echo "check: $(words $(SUITES)) suites passed ($(SUITES))"; fi

check-gen:
	$(PYTHON) -m unittest discover -s tests/gen -t .

$(FIX)/.generated: $(FIXTURE) $(GEN_PY) $(TEMPLATES) | tools-gen
	$(PYTHON) -m gen generate --registry $(FIXTURE) --out $(FIX) \
	    --min-rows 0 --gperf $(GPERF) --profile full
	@touch $@

# The library (fixture and real registry) under the strict flags with gcc
# and clang (-Werror), with and without the fast port index; the header as
# C++; and the cmocka tests under ASan and UBSan, with and without it.
check-c: $(FIX)/.generated $(OUT)/.generated
	for src in $(FIX)/portreg.c $(OUT)/portreg.c $(OUT)/portreg_servent.c \
	    $(OUT)/portreg_netdb.c; do for fast in 0 1; do \
	    gcc -std=c99 $(WARNINGS) -Werror -O2 -DPORTREG_FAST=$$fast \
	        -c $$src -o $(FIX)/gcc.o && \
	    clang -std=c99 $(WARNINGS) -Werror -O2 -DPORTREG_FAST=$$fast \
	        -c $$src -o $(FIX)/clang.o || exit 1; done; done
	g++ -std=c++11 -Wall -Wextra -Werror -fsyntax-only -x c++ \
	    -I$(FIX) tests/c/cxx_header.cc
	for fast in 0 1; do \
	    $(CC) -std=c99 $(WARNINGS) -Werror -g -O1 $(SAN) -I$(FIX) \
	        -DPORTREG_FAST=$$fast -o $(FIX)/test_lookup \
	        tests/c/test_lookup.c $(FIX)/portreg.c $(FIX)/portreg_servent.c \
	        -lcmocka && $(FIX)/test_lookup || exit 1; done

$(FIX)/portreg: $(FIX)/.generated
	$(COMPILE) -o $@ $(FIX)/portreg_cli.c $(FIX)/portreg.c

check-cli: $(FIX)/portreg
	PORTREG_CLI=$(FIX)/portreg PORTREG_FIXTURE=$(FIXTURE) \
	    $(PYTHON) -m unittest tests.test_cli

# The same C tests without sanitizers, under valgrind's memcheck: the
# cmocka tests, the lookup cases of the real registry and a few commands.
VALGRIND = valgrind -q --error-exitcode=1 --leak-check=full \
           --errors-for-leak-kinds=definite,indirect
check-valgrind: $(FIX)/.generated $(OUT)/.generated $(OUT)/cases/cases.h
	$(CC) -std=c99 -g -O1 -I$(FIX) -o $(FIX)/test_lookup.vg \
	    tests/c/test_lookup.c $(FIX)/portreg.c $(FIX)/portreg_servent.c -lcmocka
	$(CC) -std=c99 -g -O1 -I$(OUT) -I$(OUT)/cases -o $(OUT)/cases/lookup.vg \
	    tests/c/lookup_cases.c $(OUT)/portreg.c $(OUT)/portreg_servent.c
	$(CC) -std=c99 -g -O1 -DPORTREG_FAST=0 -I$(OUT) -I$(OUT)/cases \
	    -o $(OUT)/cases/lookup0.vg tests/c/lookup_cases.c $(OUT)/portreg.c \
	    $(OUT)/portreg_servent.c
	$(CC) -std=c99 -g -O1 -I$(OUT) -o $(OUT)/portreg.vg \
	    $(OUT)/portreg_cli.c $(OUT)/portreg.c
	$(VALGRIND) $(FIX)/test_lookup.vg
	$(VALGRIND) $(OUT)/cases/lookup.vg
	$(VALGRIND) $(OUT)/cases/lookup0.vg
	$(VALGRIND) $(OUT)/portreg.vg http 443/tcp x11 914c/g >/dev/null
	$(VALGRIND) $(OUT)/portreg.vg --services >/dev/null
	$(VALGRIND) $(OUT)/portreg.vg "$$(printf 'a%.0s' $$(seq 10240))" \
	    2>/dev/null; test $$? = 2

# Coverage of portreg.c's hand-written code, with gcov: the cmocka tests and
# lookup cases on the fixture (full profile), the lookup cases of the real
# registry, and of a subset (udp,sctp 1-1023,6000-6100) for the UNKNOWN
# answers, and the fixture with tests/fixtures/overlay.csv dumped whole.
COVER = $(OUT)/cover
COVER_MIN_BRANCH = 95
COVER_SUBSET = --protocols udp,sctp --ports 1-1023,6000-6100
COVER_BUILD = $(CC) -std=c99 -g -O0 --coverage
check-cover: $(FIX)/.generated $(OUT)/.generated | tools-gen
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
	cp $(FIX)/portreg.c $(FIX)/portreg_servent.c $(FIX)/portreg.h \
	    $(COVER)/fixture/
	cp $(OUT)/portreg.c $(OUT)/portreg_servent.c $(OUT)/portreg.h \
	    $(COVER)/registry/
	for b in fixture registry subset; do d=$(COVER)/$$b; \
	    $(COVER_BUILD) -c $$d/portreg.c -o $$d/portreg.o && \
	    $(COVER_BUILD) -I$$d -o $$d/cases tests/c/lookup_cases.c \
	        $$d/portreg.o $$d/portreg_servent.c && $$d/cases || exit 1; done
	$(COVER_BUILD) -I$(COVER)/fixture -o $(COVER)/fixture/test_lookup \
	    tests/c/test_lookup.c $(COVER)/fixture/portreg.o \
	    $(FIX)/portreg_servent.c -lcmocka
	$(COVER)/fixture/test_lookup >/dev/null
	$(PYTHON) -m gen generate --registry $(FIXTURE) --out $(COVER)/overlay \
	    --overlay tests/fixtures/overlay.csv --min-rows 0 --profile full \
	    --gperf $(GPERF) >/dev/null 2>&1
	$(COVER_BUILD) -c $(COVER)/overlay/portreg.c -o $(COVER)/overlay/portreg.o
	$(COVER_BUILD) -I$(COVER)/overlay -o $(COVER)/overlay/dump \
	    tests/c/dump.c $(COVER)/overlay/portreg.o
	echo plant-telemetry | $(COVER)/overlay/dump >/dev/null
	$(PYTHON) tests/coverage.py --min-branch $(COVER_MIN_BRANCH) \
	    $(COVER)/fixture $(COVER)/registry $(COVER)/subset $(COVER)/overlay

# Every registry version in the mirror, regenerated and compared entry by
# entry with the CSV as the test reads it.
check-equiv: tools-gen
	PORTREG_MIRROR=$(REGISTRY_MIRROR) PORTREG_GPERF=$(GPERF) CC=$(CC) \
	    $(PYTHON) -m unittest tests.test_equiv

# The change report on every pair of consecutive mirrored versions, and
# update-registry offline from a file.
check-diff:
	PORTREG_MIRROR=$(REGISTRY_MIRROR) $(PYTHON) -m unittest tests.test_diff

# glibc as a peer: the generated services(5) file bind-mounted over
# /etc/services in a private mount namespace.
check-glibc: $(OUT)/portreg
	$(CC) -std=c99 -O2 -I$(OUT) -o $(OUT)/glibc_peer tests/c/glibc_peer.c \
	    $(OUT)/libportreg.a
	$(OUT)/portreg --services > $(OUT)/services
	sh tests/glibc_peer.sh $(OUT)/services $(OUT)/glibc_peer

# getservbyname/getservbyport: a libc program linked against
# out/portreg_netdb.o answers from the registry; Debian's /etc/services
# (netbase) through glibc agrees but for tests/netbase-differences.tsv.
check-netdb: $(OUT)/portreg_netdb.o $(OUT)/libportreg.a
	@$(call need,test -f /etc/services,netbase)
	PORTREG_OUT=$(OUT) PORTREG_REGISTRY='$(REG)' CC=$(CC) \
	    $(PYTHON) -m unittest tests.test_netdb

check-install: $(OUT)/libportreg.a $(OUT)/portreg
	sh tests/install.sh "$(MAKE)" "$(CC)"

# The benchmark runs (its figures are reported, never asserted).
check-bench:
	$(MAKE) --no-print-directory bench BENCH_QUICK=1

# Every profile builds warning-free for the host and the Cortex-M4.
check-size: size

# Lookup cases computed from the CSV by tests/lookup_cases.py.
$(OUT)/cases/cases.h: $(OUT)/registry.id tests/lookup_cases.py tests/test_equiv.py
	@mkdir -p $(OUT)/cases
	$(PYTHON) tests/lookup_cases.py '$(REG)' $@ $(SUBSET)

# make dist's tarball alone: its two files build freestanding for the
# Cortex-M4 and for the host, and a host program linked with them passes
# the lookup cases.
check-dist: dist $(OUT)/cases/cases.h | tools-arm
	sh tests/dist.sh "$$(cat $(OUT)/dist.name)" $(OUT)/cases "$(CC)" \
	    "$(ARM_CC) $(ARM_FLAGS) -ffreestanding"

# The lookup cases on a Cortex-M4 (qemu's mps2-an386, semihosting), with
# getservbyname/getservbyport from portreg_netdb.c, which newlib lacks.
check-target: $(OUT)/.generated $(OUT)/cases/cases.h | tools-target
	for f in portreg portreg_servent portreg_netdb; do \
	    $(ARM_CC) $(ARM_FLAGS) -ffreestanding -I$(OUT) -c $(OUT)/$$f.c \
	        -o $(OUT)/cases/$$f.m4.o || exit 1; done
	$(ARM_CC) $(ARM_FLAGS) -DLOOKUP_NETDB -I$(OUT) -I$(OUT)/cases \
	    --specs=rdimon.specs -nostartfiles -T tests/target/link.ld \
	    -o $(OUT)/cases/lookup.elf tests/target/startup.c \
	    tests/c/lookup_cases.c $(OUT)/cases/portreg.m4.o \
	    $(OUT)/cases/portreg_servent.m4.o $(OUT)/cases/portreg_netdb.m4.o \
	    -lrdimon
	timeout 600 $(QEMU) -M mps2-an386 -nographic -semihosting \
	    -kernel $(OUT)/cases/lookup.elf

FORCE:
