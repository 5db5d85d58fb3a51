/* The Pico application of README.md's example (tests/test_cmake.py builds
 * it for the RP2040): a lookup each way, printed on the UART. */
#include <stdio.h>

#include "pico/stdlib.h"
#include "portreg.h"

int main(void)
{
    stdio_init_all();
    printf("%s %ld\n", portreg_name(443, "tcp"),
           (long)portreg_port("https", "tcp"));
    return 0;
}
