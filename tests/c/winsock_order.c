/* portreg.h and <winsock2.h> in either order (WINSOCK_FIRST 1 or 0): one
 * struct servent, winsock's, whose s_port is a short on Windows.  Built by
 * tests/target/matrix.py for the Windows target, with -Werror. */
#if WINSOCK_FIRST
#include <winsock2.h>
#include "portreg.h"
#else
#include "portreg.h"
#include <winsock2.h>
#endif

int main(void)
{
    static char buf[PORTREG_SERVENT_BUFSIZE];
    struct servent se, *r;
    /* a short s_port, as winsock declares it */
    short *port = &se.s_port;
    portreg_getservbyname_r("https", "tcp", &se, buf, sizeof buf, &r);
    return r == &se && *port == (short)htons(443) ? 0 : 1;
}
