/* glibc as a peer.  Run with the services(5) file that `portreg --services`
 * writes bind-mounted over /etc/services (tests/glibc_peer.sh): for every
 * single-port tcp/udp entry, getservbyname and getservbyport must give what
 * portreg_port and portreg_name give.  Prints "N passed, N failed". */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "portreg.h"

int main(void)
{
    size_t id, passed = 0, failed = 0;
    for (id = 0; id < portreg_count(); id++) {
        struct portreg_entry e;
        const char *proto;
        struct servent *s;
        const char *mine;
        portreg_get(id, &e);
        if (e.proto != PORTREG_TCP && e.proto != PORTREG_UDP)
            continue;
        if ((e.flags & PORTREG_F_NOPORT) || e.port_lo != e.port_hi ||
            strpbrk(e.name, " \t#") != NULL)
            continue;   /* no services(5) form */
        proto = e.proto == PORTREG_TCP ? "tcp" : "udp";

        s = getservbyname(e.name, proto);
        if (s == NULL || ntohs((uint16_t)s->s_port) !=
                             portreg_port(e.name, proto)) {
            printf("FAIL getservbyname(%s, %s): glibc %d, portreg %ld\n",
                   e.name, proto, s ? ntohs((uint16_t)s->s_port) : -1,
                   (long)portreg_port(e.name, proto));
            failed++;
        } else {
            passed++;
        }
        s = getservbyport((int)htons(e.port_lo), proto);
        mine = portreg_name(e.port_lo, proto);
        if (s == NULL || mine == NULL || strcmp(s->s_name, mine) != 0) {
            printf("FAIL getservbyport(%u, %s): glibc %s, portreg %s\n",
                   (unsigned)e.port_lo, proto, s ? s->s_name : "(none)",
                   mine ? mine : "(none)");
            failed++;
        } else {
            passed++;
        }
    }
    printf("glibc peer: %zu passed, %zu failed\n", passed, failed);
    return failed != 0 || passed == 0;
}
