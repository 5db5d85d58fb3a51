/* Compiled, never run, for a 16-bit-int target (clang --target=msp430, by
 * tests/target/matrix.py): every port 0-65535 and the not-found value fit
 * the API's types where int has 16 bits. */
#include "portreg.h"

#define CHECK(what, cond) typedef char check_##what[(cond) ? 1 : -1]

CHECK(int_is_16_bits, sizeof(int) == 2);
/* portreg_port returns a port or -1: 17 bits at least (an int32_t) */
CHECK(port_result_holds_65535, sizeof(portreg_port("", 0)) >= 4);
/* ports go in as unsigned, which holds 65535 */
CHECK(port_argument_holds_65535, (unsigned)65535u == 65535u);
CHECK(entry_ports_are_16_bits, sizeof(((struct portreg_entry *)0)->port_hi)
      == 2);

long last_port(void);
long last_port(void)
{
    /* a name's port read back whole: no narrowing through int */
    long p = (long)portreg_port("http", "tcp");
    return p < 0 ? p : (long)(unsigned)portreg_by_port(65535u, PORTREG_ANY,
                                                       0, 0) + p;
}
