/* A program written for the C library's getservbyname()/getservbyport(),
 * nothing portreg-specific: make check-netdb links it against
 * out/portreg_netdb.o.  Reads queries from stdin, one a line:
 *   N NAME PROTO     getservbyname(NAME, PROTO)   (PROTO "-": NULL)
 *   P PORT PROTO     getservbyport(htons(PORT), PROTO)
 *   E - -            every servent: setservent, getservent, endservent
 *   R - -            the same with getservent_r and a buffer that starts
 *                    small and doubles on ERANGE
 *   B NAME PORT      s = getservbyname(NAME, NULL), then
 *                    p = getservbyport(htons(PORT), NULL), then
 *                    e = getservent() after setservent(); prints s, p, e:
 *                    each function's result is its own, as in glibc
 * and prints NAME PORT PROTO ALIASES... tab-separated, or "-"; after an
 * enumeration, a line "." . */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int getservent_r(struct servent *, char *, size_t, struct servent **);

static void print(const struct servent *se)
{
    char **a;
    if (se == NULL) {
        puts("-");
        return;
    }
    printf("%s\t%u\t%s", se->s_name, (unsigned)ntohs((uint16_t)se->s_port),
           se->s_proto);
    for (a = se->s_aliases; *a != NULL; a++)
        printf("\t%s", *a);
    putchar('\n');
}

static void enumerate(int reentrant)
{
    static char *buf;
    static size_t size = 16;
    struct servent se, *r;
    setservent(0);
    for (;;) {
        if (!reentrant) {
            r = getservent();
        } else {
            int rc;
            if (buf == NULL && (buf = malloc(size)) == NULL)
                exit(2);
            rc = getservent_r(&se, buf, size, &r);
            if (rc == ERANGE) {
                size *= 2;
                if ((buf = realloc(buf, size)) == NULL)
                    exit(2);
                continue;
            }
        }
        if (r == NULL)
            break;
        print(r);
    }
    endservent();
    puts(".");
}

int main(void)
{
    char line[512], kind[4], arg[256], proto[16];
    while (fgets(line, sizeof line, stdin) != NULL) {
        struct servent *se;
        if (sscanf(line, "%3s %255s %15s", kind, arg, proto) != 3)
            return 2;
        if (kind[0] == 'E' || kind[0] == 'R') {
            enumerate(kind[0] == 'R');
            continue;
        }
        if (kind[0] == 'B') {
            struct servent *s = getservbyname(arg, NULL), *p, *e;
            p = getservbyport((int)htons((uint16_t)atoi(proto)), NULL);
            setservent(0);
            e = getservent();
            print(s);
            print(p);
            print(e);
            endservent();
            continue;
        }
        if (kind[0] == 'N')
            se = getservbyname(arg, strcmp(proto, "-") ? proto : NULL);
        else
            se = getservbyport((int)htons((uint16_t)atoi(arg)),
                               strcmp(proto, "-") ? proto : NULL);
        print(se);
    }
    return 0;
}
