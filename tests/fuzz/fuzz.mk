# Fuzzing (make fuzz, make check-fuzz).  Included by the top-level Makefile.
# libFuzzer with ASan and UBSan: by_name/port on any bytes, by_port/name/
# status on any port, the command's arguments; each checked against a scan
# of every entry (tests/fuzz/oracle.h).  FUZZ_SECONDS per fuzzer; the seeds
# are tests/fuzz/corpus/*, what the fuzzer finds grows out/fuzz/corpus/*.
# The _compact fuzzers are the same without the fast indexes (PORTREG_FAST=0,
# as on 32-bit targets), on the same seeds.  Then the generator on mutated
# registries (tests/fuzz/gen_mutate.py).
.PHONY: fuzz check-fuzz

FUZZ_SECONDS ?= 600
FUZZERS = by_name by_name_compact by_port by_port_compact cli
FUZZ_DIR = $(OUT)/fuzz
FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
             -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SRC = tests/fuzz/oracle.h templates/portreg.c $(VARIANTS) $(OUT)/.generated

# The command's own build: the full profile, out/cli/.
$(FUZZ_DIR)/fuzz_cli: tests/fuzz/fuzz_cli.c templates/portreg_cli.c $(FUZZ_SRC) \
        | need-fuzz
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_FLAGS) -I$(OUT)/cli -Itests/fuzz -Itemplates -o $@ $< \
	    templates/portreg.c templates/portreg_servent.c

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_SRC) | need-fuzz
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_FLAGS) -I$(OUT) -Itests/fuzz -Itemplates -o $@ $< \
	    templates/portreg.c

$(FUZZ_DIR)/fuzz_%_compact: tests/fuzz/fuzz_%.c $(FUZZ_SRC) | need-fuzz
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_FLAGS) -DPORTREG_FAST=0 -I$(OUT) -Itests/fuzz \
	    -o $@ $< templates/portreg.c

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
