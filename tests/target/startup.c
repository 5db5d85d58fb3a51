/* Start-up for the Cortex-M tests under qemu-system-arm -semihosting (the
 * Cortex-M4 on -M mps2-an386, link.ld; the Cortex-M0 on -M microbit,
 * m0.ld).  newlib's own rdimon start-up asks the emulator for heap and stack
 * limits and faults on these boards, so this file provides the vector table
 * and reset handler: zero .bss, open the semihosting handles,
 * exit(main()). */
#include <stdint.h>
#include <stdlib.h>

extern int main(void);
extern void initialise_monitor_handles(void);
extern uint32_t __bss_start__, __bss_end__, __stack_top__;

void reset_handler(void);
void _init(void);
void _fini(void);

__attribute__((section(".vectors"), used))
static const uintptr_t vectors[2] = {
    (uintptr_t)&__stack_top__,
    (uintptr_t)reset_handler,
};

void reset_handler(void)
{
    uint32_t *p;
    for (p = &__bss_start__; p < &__bss_end__; p++)
        *p = 0;
    initialise_monitor_handles();
    exit(main());
}

/* newlib's exit path calls these. */
void _init(void) {}
void _fini(void) {}
