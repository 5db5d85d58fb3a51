/* Lookups in both directions against expectations that tests/lookup_cases.py
 * computed from the registry CSV (cases.h).  The same program runs on the
 * host, from make dist's two files, and on a Cortex-M4 under qemu; it prints
 * one summary line and exits 0 only when every case holds. */
#include <stdio.h>
#include <string.h>

#include "portreg.h"

struct name_case {
    int query;      /* index into case_strings */
    int count;      /* entries portreg_by_name finds, any protocol */
    int port[3];    /* portreg_port for NULL, "tcp", "udp"; -1: none */
};
struct port_case {
    int port;
    int count;      /* entries portreg_by_port finds, any protocol */
    int name[3];    /* portreg_name for NULL, "tcp", "udp": a string index */
    int status[3];  /* portreg_status for tcp, udp, tcp|udp */
};

#include "cases.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const protos[3] = {NULL, "tcp", "udp"};
static unsigned failed;

static void fail(const char *what, const char *query, long want, long got)
{
    if (failed++ < 20)
        printf("FAIL %s %s: want %ld, got %ld\n", what, query, want, got);
}

int main(void)
{
    unsigned i, p, checks = 0;
    char num[16];
    if (portreg_count() != CASE_ENTRY_COUNT)
        fail("portreg_count", "", CASE_ENTRY_COUNT, (long)portreg_count());
    {   /* every column only in the full profile */
        struct portreg_record r;
        int want = strcmp(PORTREG_PROFILE, "full") == 0 && CASE_ENTRY_COUNT
                   ? 0 : -1;
        if (portreg_record(0, &r) != want)
            fail("portreg_record", "0", want, portreg_record(0, &r));
        checks++;
    }
    for (i = 0; i < COUNT(name_cases); i++) {
        const struct name_case *c = &name_cases[i];
        const char *q = case_strings[c->query];
        size_t n = portreg_by_name(q, strlen(q), PORTREG_ANY, NULL, 0);
        if (n != (size_t)c->count)
            fail("portreg_by_name", q, c->count, (long)n);
        for (p = 0; p < 3; p++) {
            int got = portreg_port(q, protos[p]);
            if (got != c->port[p])
                fail("portreg_port", q, c->port[p], got);
        }
        checks += 4;
    }
    for (i = 0; i < COUNT(port_cases); i++) {
        const struct port_case *c = &port_cases[i];
        size_t n = portreg_by_port((unsigned)c->port, PORTREG_ANY, NULL, 0);
        sprintf(num, "%d", c->port);
        if (n != (size_t)c->count)
            fail("portreg_by_port", num, c->count, (long)n);
        for (p = 0; p < 3; p++) {
            const char *got = portreg_name((unsigned)c->port, protos[p]);
            const char *want = c->name[p] < 0 ? NULL : case_strings[c->name[p]];
            if ((got == NULL) != (want == NULL) ||
                (got != NULL && strcmp(got, want) != 0))
                fail("portreg_name", num, c->name[p], got ? (long)got[0] : -1);
        }
        for (p = 0; p < 3; p++) {
            int got = (int)portreg_status((unsigned)c->port,
                                          p < 2 ? 1u << p : 3u);
            if (got != c->status[p])
                fail("portreg_status", num, c->status[p], got);
        }
        checks += 7;
    }
    printf("lookup cases (registry %s, profile %s): %u passed, %u failed\n",
           PORTREG_REGISTRY_DATE, PORTREG_PROFILE, checks - failed, failed);
    return failed != 0;
}
