/* portreg_getservbyname_r/portreg_getservbyport_r next to glibc's
 * getservbyname_r/getservbyport_r (which read /etc/services).  Reads
 *   N NAME PROTO   or   P PORT PROTO
 * lines and prints, tab-separated, portreg's answer then glibc's, each as
 * NAME/PORT/PROTO or "-". */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portreg.h"

static void show(int rc, const struct servent *se)
{
    if (rc != 0 || se == NULL)
        printf("-");
    else
        printf("%s/%u/%s", se->s_name, (unsigned)ntohs((uint16_t)se->s_port),
               se->s_proto);
}

int main(void)
{
    char line[512], kind[4], arg[256], proto[16];
    char b1[4096], b2[4096];
    while (fgets(line, sizeof line, stdin) != NULL) {
        struct servent s1, s2, *r1, *r2;
        int rc1, rc2;
        if (sscanf(line, "%3s %255s %15s", kind, arg, proto) != 3)
            return 2;
        if (kind[0] == 'N') {
            rc1 = portreg_getservbyname_r(arg, proto, &s1, b1, sizeof b1, &r1);
            rc2 = getservbyname_r(arg, proto, &s2, b2, sizeof b2, &r2);
        } else {
            int port = (int)htons((uint16_t)atoi(arg));
            rc1 = portreg_getservbyport_r(port, proto, &s1, b1, sizeof b1, &r1);
            rc2 = getservbyport_r(port, proto, &s2, b2, sizeof b2, &r2);
        }
        show(rc1, r1);
        putchar('\t');
        show(rc2, r2);
        putchar('\n');
    }
    return 0;
}
