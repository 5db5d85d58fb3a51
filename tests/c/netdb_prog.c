/* A program written for the C library's getservbyname()/getservbyport(),
 * nothing portreg-specific: make check-netdb links it against
 * out/portreg_netdb.o.  Reads queries from stdin, one a line:
 *   N NAME PROTO     getservbyname(NAME, PROTO)   (PROTO "-": NULL)
 *   P PORT PROTO     getservbyport(htons(PORT), PROTO)
 * and prints NAME PORT PROTO ALIASES... tab-separated, or "-". */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char line[512], kind[4], arg[256], proto[16];
    while (fgets(line, sizeof line, stdin) != NULL) {
        struct servent *se;
        char **a;
        if (sscanf(line, "%3s %255s %15s", kind, arg, proto) != 3)
            return 2;
        if (kind[0] == 'N')
            se = getservbyname(arg, strcmp(proto, "-") ? proto : NULL);
        else
            se = getservbyport((int)htons((uint16_t)atoi(arg)),
                               strcmp(proto, "-") ? proto : NULL);
        if (se == NULL) {
            puts("-");
            continue;
        }
        printf("%s\t%u\t%s", se->s_name, (unsigned)ntohs((uint16_t)se->s_port),
               se->s_proto);
        for (a = se->s_aliases; *a != NULL; a++)
            printf("\t%s", *a);
        putchar('\n');
    }
    return 0;
}
