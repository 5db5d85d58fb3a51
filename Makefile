# portreg: IANA's port registry as static C tables.  See README.md.
#   make          obtain the registry, generate, build, show a few lookups
#   make check    every test (tests/tests.mk)
# Firmware checks: tests/target/target.mk; fuzzing: tests/fuzz/fuzz.mk;
# benchmark: bench/bench.mk.
.DELETE_ON_ERROR:
.PHONY: all lib shared nss generate netdb demo update-registry size dist \
        figures install install-nss uninstall clean FORCE

PYTHON ?= python3
GPERF ?= gperf
AR ?= ar
CC ?= cc
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
DESTDIR ?=
OUT ?= out
# The build's configuration: the options of the last generation, kept in
# $(OUT)/config.mk, so that every later target builds them unless they are
# given again (make PROFILE=minimal OVERLAY= for the default; make clean
# forgets them).  gen/config.py writes it.
CONFIG = PROFILE PROTOCOLS PORTS COLUMNS OVERLAY REGISTRY MIN_ROWS
-include $(OUT)/config.mk
REGISTRY ?=
REGISTRY_MIRROR ?= ../shared/registry
MIN_ROWS ?= 10000
PROFILE ?= minimal
PROTOCOLS ?=
PORTS ?=
COLUMNS ?=
OVERLAY ?=
V ?=

# Required flags, added to (never replacing) the user's CFLAGS.
WARNINGS = -Wall -Wextra -Wpedantic -Wconversion -Wwrite-strings -Wcast-qual \
           -Wstrict-prototypes -Wmissing-prototypes
PORTREG_CFLAGS = -std=c99 $(WARNINGS)
ALL_CFLAGS = $(CPPFLAGS) $(PORTREG_CFLAGS) $(CFLAGS)
COMPILE = $(CC) $(ALL_CFLAGS) -I$(OUT)

DEFAULT_REGISTRY = registry/service-names-port-numbers.csv
REG = $(if $(REGISTRY),$(REGISTRY),$(DEFAULT_REGISTRY))
SUBSET = --profile '$(PROFILE)' --protocols '$(PROTOCOLS)' --ports '$(PORTS)' \
         --columns '$(COLUMNS)'
GEN_INPUTS = $(wildcard gen/*.py) templates/portreg.h.in templates/dist-README.in
LIB_OBJS = $(OUT)/portreg.o $(OUT)/portreg_servent.o
# portreg.c's variants, one of which it includes (PORTREG_FAST)
VARIANTS = templates/portreg_fast.c.h templates/portreg_compact.c.h

# need-SUITE: install what SUITE needs from Debian (tests/packages.py, the
# one list) where that is possible, else stop naming the install command.
PACKAGES = $(PYTHON) tests/packages.py
need-%:
	@$(PACKAGES) need $*

all: lib $(OUT)/portreg demo
lib: $(OUT)/libportreg.a
shared: $(OUT)/libportreg.so.1
nss: $(OUT)/libnss_portreg.so.2     # glibc's services database
generate: $(OUT)/.generated
netdb: $(OUT)/portreg_netdb.o $(OUT)/libportreg_netdb.a   # getservbyname ... themselves

update-registry:    # validate a new version, report, then replace
	$(PYTHON) -m gen update --dest $(DEFAULT_REGISTRY) $(if $(NEW),--new '$(NEW)') \
	    $(if $(FORCE),--force)

# out/ remembers the registry bytes, floor and subset it was built from: a
# different file (even with an older time stamp) or PROFILE regenerates.
# The registry is obtained first where none is given and none is here.
# (No path is a prerequisite: make would split one with a space.)
$(OUT)/registry.id: FORCE | need-generate
	@mkdir -p $(OUT)
	@if [ -z '$(REGISTRY)' ] && [ ! -f $(DEFAULT_REGISTRY) ]; then \
	    $(PYTHON) -m gen obtain --dest $(DEFAULT_REGISTRY) \
	        --mirror '$(REGISTRY_MIRROR)' || exit 2; fi
	@for f in '$(REG)' $(if $(OVERLAY),'$(OVERLAY)'); do [ -f "$$f" ] || \
	    { echo "portreg: no such file ($$f)" >&2; exit 2; }; done
	@id="$$(sha256sum < '$(REG)' | cut -c1-64) $(MIN_ROWS) $(SUBSET) $(if $(OVERLAY),$$(sha256sum < '$(OVERLAY)' | cut -c1-64))"; \
	 [ "$$(cat $@ 2>/dev/null)" = "$$id" ] || echo "$$id" > $@
# The options reach gen/config.py through the environment, whatever they
# hold; warnings about IANA's own data are shown once a registry version
# (V=1: always), about your own input (OVERLAY) always.
$(OUT)/.generated: export PORTREG_CONFIG_ORIGINS = $(foreach v,$(CONFIG),$(v):$(subst $() ,_,$(origin $(v))))
$(foreach v,$(CONFIG),$(eval $(OUT)/.generated: export PORTREG_CONFIG_$(v) = $$($(v))))
$(OUT)/.generated: $(OUT)/registry.id $(GEN_INPUTS) | need-generate
	@$(PYTHON) -m gen config --announce
	$(PYTHON) -m gen generate --registry '$(REG)' --out $(OUT) \
	    --min-rows $(MIN_ROWS) --gperf $(GPERF) $(SUBSET) \
	    $(if $(OVERLAY),--overlay '$(OVERLAY)') \
	    $(if $(V),,--seen-warnings $(OUT)/registry.warned) \
	    || { $(KEEP_ID); exit 2; }
	@$(PYTHON) -m gen config --record $(OUT)/config.mk
	@cp $(OUT)/registry.id $@
# A generation that fails leaves out/ as it was: registry.id back to the
# one the tables were generated from (.generated holds it).
KEEP_ID = if [ -f $@ ]; then cp -p $@ $(OUT)/registry.id; \
          else rm -f $(OUT)/registry.id; fi

# The library: templates/*.c, compiled as they are, over out/'s tables.
$(OUT)/%.o: templates/%.c templates/portreg.h.in $(VARIANTS) $(OUT)/.generated
	$(COMPILE) -c $< -o $@
$(OUT)/libportreg.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)
# Shared objects from the same sources, exporting only the API (a version
# script); -Bsymbolic binds the library's calls to itself.  libportreg.so.1
# needs nothing, not even the C library (-nostdlib): it has no relocation
# at all, so its pages are shared by every process.
SO_FLAGS = -fPIC -shared -Wl,-Bsymbolic -Wl,-z,relro -Wl,-z,now
$(OUT)/libportreg.so.1: templates/portreg.c templates/portreg_servent.c \
        $(VARIANTS) templates/libportreg.map $(OUT)/.generated
	$(COMPILE) $(SO_FLAGS) -nostdlib -Wl,-soname,libportreg.so.1 \
	    -Wl,--version-script=templates/libportreg.map $(LDFLAGS) -o $@ \
	    templates/portreg.c templates/portreg_servent.c
	ln -sf libportreg.so.1 $(OUT)/libportreg.so
$(OUT)/libnss_portreg.so.2: templates/nss_portreg.c templates/portreg.c \
        templates/portreg_servent.c $(VARIANTS) templates/nss_portreg.map \
        $(OUT)/.generated
	$(COMPILE) $(SO_FLAGS) -Wl,-soname,libnss_portreg.so.2 \
	    -Wl,--version-script=templates/nss_portreg.map $(LDFLAGS) -o $@ \
	    templates/nss_portreg.c templates/portreg.c templates/portreg_servent.c

# The command: always the full profile of the library's subset (out/cli/).
CLI_SRC = templates/portreg_cli.c templates/portreg.c \
          templates/portreg_servent.c
$(OUT)/portreg: $(CLI_SRC) $(VARIANTS) $(OUT)/.generated
	$(CC) $(ALL_CFLAGS) -I$(OUT)/cli $(LDFLAGS) -o $@ $(CLI_SRC)

# A few lookups the build holds (a subset may lack some): never a failure.
DEMO = http 443/tcp 53/udp x11 boe-cms _ipp._tcp
demo: $(OUT)/portreg
	@echo "--- a few lookups ($(OUT)/portreg):"
	@shown=0; for q in $(DEMO); do \
	    if $(OUT)/portreg "$$q" > $(OUT)/demo.txt 2>/dev/null; then \
	        echo "\$$ portreg $$q"; cat $(OUT)/demo.txt; \
	        shown=$$((shown + 1)); fi; done; \
	 if [ $$shown -lt 3 ]; then echo "\$$ portreg --all | head -n 3"; \
	    $(OUT)/portreg --all | head -n 3; fi; \
	 echo "\$$ portreg --status 49200/tcp"; \
	 $(OUT)/portreg --status 49200/tcp || true

# What a firmware project vendors: out/portreg-<registry date>.tar.gz
size: $(OUT)/registry.id | need-generate need-size
	$(PYTHON) -m gen size --registry '$(REG)' --out $(OUT) --gperf $(GPERF) \
	    --cc $(CC)
dist: $(OUT)/.generated
	$(PYTHON) -m gen dist --out $(OUT)
figures:    # make size's and make bench's tables (out/*.md) into the docs
	$(PYTHON) -m gen figures README.md gen/README.md

# Where make install puts things: as CMake's GNUInstallDirs (LIBDIR is
# $(PREFIX)/lib, or /usr/lib/<multiarch> for PREFIX=/usr on Debian); glibc
# finds the NSS module in either.  Each may be given; paths may hold
# spaces.
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)
DEBIAN_USR = $(and $(filter /usr /usr/,$(PREFIX)),$(MULTIARCH),$(wildcard /etc/debian_version))
LIBDIR ?= $(PREFIX)/lib$(if $(DEBIAN_USR),/$(MULTIARCH))
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
# What make install writes, the same as cmake --install (tests/install.sh
# compares them): DIRECTORY-VARIABLE:FILE.
INSTALLED = INCLUDEDIR:portreg.h LIBDIR:libportreg.a LIBDIR:libportreg.so.1 \
            LIBDIR:libportreg.so LIBDIR:libportreg_netdb.a BINDIR:portreg \
            LIBDIR:pkgconfig/portreg.pc LIBDIR:cmake/portreg/portregConfig.cmake \
            LIBDIR:cmake/portreg/portregConfigVersion.cmake \
            MANDIR:man1/portreg.1 MANDIR:man3/portreg.3
INSTALLED_NSS = LIBDIR:libnss_portreg.so.2 MANDIR:man8/nss_portreg.8
# $(call installed,LIST): the quoted paths of LIST under DESTDIR
installed = $(foreach f,$(1),"$(DESTDIR)$($(word 1,$(subst :, ,$(f))))/$(word 2,$(subst :, ,$(f)))")

$(OUT)/libportreg_netdb.a: $(OUT)/portreg_netdb.o
	rm -f $@
	$(AR) rcs $@ $<
$(OUT)/install/portreg.pc: $(wildcard templates/*.in) gen/install.py FORCE
	@$(PYTHON) -m gen install-data --out $(OUT)/install --prefix "$(PREFIX)" \
	    --libdir "$(LIBDIR)" --includedir "$(INCLUDEDIR)" --bindir "$(BINDIR)"
install: $(OUT)/libportreg.a $(OUT)/libportreg.so.1 $(OUT)/libportreg_netdb.a \
        $(OUT)/portreg $(OUT)/install/portreg.pc
	install -d "$(DESTDIR)$(INCLUDEDIR)" "$(DESTDIR)$(LIBDIR)/pkgconfig" \
	    "$(DESTDIR)$(LIBDIR)/cmake/portreg" "$(DESTDIR)$(BINDIR)" \
	    "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(MANDIR)/man3"
	install -m 644 $(OUT)/portreg.h "$(DESTDIR)$(INCLUDEDIR)/portreg.h"
	install -m 644 $(OUT)/libportreg.a $(OUT)/libportreg_netdb.a \
	    "$(DESTDIR)$(LIBDIR)/"
	install -m 755 $(OUT)/libportreg.so.1 "$(DESTDIR)$(LIBDIR)/libportreg.so.1"
	ln -sf libportreg.so.1 "$(DESTDIR)$(LIBDIR)/libportreg.so"
	install -m 755 $(OUT)/portreg "$(DESTDIR)$(BINDIR)/portreg"
	install -m 644 $(OUT)/install/portreg.pc "$(DESTDIR)$(LIBDIR)/pkgconfig/"
	install -m 644 $(OUT)/install/portregConfig.cmake \
	    $(OUT)/install/portregConfigVersion.cmake \
	    "$(DESTDIR)$(LIBDIR)/cmake/portreg/"
	install -m 644 man/portreg.1 "$(DESTDIR)$(MANDIR)/man1/portreg.1"
	install -m 644 man/portreg.3 "$(DESTDIR)$(MANDIR)/man3/portreg.3"
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then ldconfig; fi
# The NSS module where asked: make install-nss (then nsswitch.conf; see
# nss_portreg(8)).
install-nss: $(OUT)/libnss_portreg.so.2
	install -d "$(DESTDIR)$(LIBDIR)" "$(DESTDIR)$(MANDIR)/man8"
	install -m 755 $(OUT)/libnss_portreg.so.2 \
	    "$(DESTDIR)$(LIBDIR)/libnss_portreg.so.2"
	install -m 644 man/nss_portreg.8 "$(DESTDIR)$(MANDIR)/man8/nss_portreg.8"
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then ldconfig; fi
uninstall:
	rm -f $(call installed,$(INSTALLED) $(INSTALLED_NSS))
	-rmdir "$(DESTDIR)$(LIBDIR)/cmake/portreg" 2>/dev/null
clean:
	rm -rf out
	find gen tests bench -name __pycache__ -type d -prune -exec rm -rf {} +

include tests/tests.mk tests/target/target.mk tests/fuzz/fuzz.mk bench/bench.mk
FORCE:
