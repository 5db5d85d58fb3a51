# make bench: ns and instructions per lookup, portreg against bsearch, a
# linear scan, a direct 65,536-entry table and one gperf table over all
# names; and the C library's getservbyname_r/getservbyport_r through
# portreg's NSS module, nss_db, nss_files with the registry as
# /etc/services and with Debian's netbase; by time on make bench's query
# sets and on a warm set, and by callgrind instructions.  One table,
# out/bench/results.csv, results.md, nss.md and results.svg, then
# bench/run.py's targets and whether each holds (targets.md).
# BENCH_QUICK=1: a few seconds, no monolithic gperf (it takes gperf ~20 s
# to build).
# Included by the top-level Makefile.
.PHONY: bench check-bench

# a quick run writes out/bench-quick/, keeping make bench's figures
BENCH_DIR = $(OUT)/bench$(if $(BENCH_QUICK),-quick)
BENCH_QUICK ?=
BENCH_CFLAGS ?=
bench: $(OUT)/.generated $(OUT)/portreg $(OUT)/libnss_portreg.so.2 | need-bench
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
	    bench/bench.c templates/portreg.c
	$(PYTHON) bench/run.py --bench $(BENCH_DIR)/bench \
	    --queries $(BENCH_DIR)/queries.txt --out $(BENCH_DIR) \
	    --services $(OUT)/services --registry '$(REG)' --cc $(CC) \
	    --nss-dir $(OUT) --include $(OUT) \
	    $(if $(BENCH_QUICK),--quick)

# The benchmark runs (its figures are reported, never asserted).
check-bench:
	$(MAKE) --no-print-directory bench BENCH_QUICK=1
