# Firmware and every other target: make dist's files built and run on each
# (tests/target/matrix.py; make check-target TARGETS=cortex-m0,mips for a
# few).  Included by the top-level Makefile.
.PHONY: check-target

ARM_CC = arm-none-eabi-gcc
ARM_FLAGS = -std=c99 -Wall -Wextra -Werror -Os -mcpu=cortex-m4 -mthumb
TARGETS ?=

# i386, aarch64, s390x, mips, Cortex-M0, Cortex-M4, rv32imac, Windows
# x86-64 (each running the lookup cases, both PORTREG_FAST values, nm -u at
# -Os and -O2) and msp430 (16-bit int, compile only); a target whose tools
# cannot be installed here is named as skipped, never counted as passed.
check-target: dist $(OUT)/cases/cases.h | need-generate
	@rm -f $(OUT)/targets.skipped
	$(PYTHON) tests/target/matrix.py --dist "$$(cat $(OUT)/dist.name)" \
	    --cases $(OUT)/cases --registry '$(REG)' --gperf $(GPERF) \
	    $(if $(TARGETS),--only $(TARGETS))
