/* glibc as a peer.  Run with the services(5) file that `portreg --services`
 * writes bind-mounted over /etc/services (tests/glibc_peer.sh): for every
 * single-port tcp/udp entry, getservbyname and getservbyport must give what
 * portreg_port and portreg_name give, and getservbyport's aliases what
 * portreg_getservbyport_r gives (less the names that services(5) cannot
 * hold, those with white space or '#', and each name once, case ignored).
 * Prints "N passed, N failed". */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "portreg.h"

static int same(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

/* Whether glibc's aliases GOT are portreg's aliases of MINE, as the
 * services(5) file can hold them. */
static int same_aliases(char **got, const struct servent *mine)
{
    char **a;
    size_t n = 0, i;
    const char *want[256];
    for (a = mine->s_aliases; *a != NULL; a++) {
        int dup = strpbrk(*a, " \t#") != NULL || same(*a, mine->s_name);
        for (i = 0; i < n && !dup; i++)
            dup = same(want[i], *a);
        if (!dup && n < 256)
            want[n++] = *a;
    }
    for (i = 0; i < n; i++)
        if (got[i] == NULL || strcmp(got[i], want[i]) != 0)
            return 0;
    return got[n] == NULL;
}

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
            static char buf[PORTREG_SERVENT_BUFSIZE];
            struct servent se, *r;
            portreg_getservbyport_r((int)htons(e.port_lo), proto, &se, buf,
                                    sizeof buf, &r);
            if (r == NULL || !same_aliases(s->s_aliases, r)) {
                printf("FAIL getservbyport(%u, %s): glibc's aliases differ "
                       "(first %s)\n", (unsigned)e.port_lo, proto,
                       s->s_aliases[0] ? s->s_aliases[0] : "(none)");
                failed++;
            } else {
                passed += 2;
            }
        }
    }
    printf("glibc peer: %zu passed, %zu failed\n", passed, failed);
    return failed != 0 || passed == 0;
}
