# Firmware: the lookup cases on a Cortex-M4 under qemu (make check-target).
# Included by the top-level Makefile.
.PHONY: check-target tools-arm tools-target

ARM_CC = arm-none-eabi-gcc
ARM_FLAGS = -std=c99 -Wall -Wextra -Werror -Os -mcpu=cortex-m4 -mthumb
QEMU = qemu-system-arm

tools-arm:
	@$(call need,command -v $(ARM_CC),gcc-arm-none-eabi)

tools-target: tools-arm
	@$(call need,test -f /usr/lib/arm-none-eabi/newlib/thumb/v7e-m/nofp/librdimon.a,libnewlib-arm-none-eabi)
	@$(call need,command -v $(QEMU),qemu-system-arm)

# The lookup cases on a Cortex-M4 (qemu's mps2-an386, semihosting), with
# getservbyname/getservbyport from portreg_netdb.c, which newlib lacks.
check-target: $(OUT)/.generated $(OUT)/cases/cases.h | tools-target
	for f in portreg portreg_servent portreg_netdb; do \
	    $(ARM_CC) $(ARM_FLAGS) -ffreestanding -I$(OUT) -c templates/$$f.c \
	        -o $(OUT)/cases/$$f.m4.o || exit 1; done
	$(ARM_CC) $(ARM_FLAGS) -DLOOKUP_NETDB -I$(OUT) -I$(OUT)/cases \
	    --specs=rdimon.specs -nostartfiles -T tests/target/link.ld \
	    -o $(OUT)/cases/lookup.elf tests/target/startup.c \
	    tests/c/lookup_cases.c $(OUT)/cases/portreg.m4.o \
	    $(OUT)/cases/portreg_servent.m4.o $(OUT)/cases/portreg_netdb.m4.o \
	    -lrdimon
	timeout 600 $(QEMU) -M mps2-an386 -nographic -semihosting \
	    -kernel $(OUT)/cases/lookup.elf
