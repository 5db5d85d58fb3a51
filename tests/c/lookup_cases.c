/* Lookups in both directions against expectations that tests/lookup_cases.py
 * computed from the registry CSV (cases.h).  The same program runs on the
 * host, from make dist's two files, and on a Cortex-M4 under qemu; it prints
 * one summary line and exits 0 only when every case holds.  With
 * LOOKUP_PAGE_EDGE (POSIX hosts) portreg_port also gets each name where its
 * NUL is the last byte before a page that cannot be read: a lookup that
 * reads past the NUL into another page fails there. */
#ifdef LOOKUP_PAGE_EDGE
#define _DEFAULT_SOURCE     /* mmap's MAP_ANONYMOUS */
#endif
#include <stdio.h>
#include <string.h>
#ifdef LOOKUP_PAGE_EDGE
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "portreg.h"

struct name_case {
    int query;      /* index into case_strings */
    int count;      /* entries portreg_by_name finds, any protocol */
    long port[3];   /* portreg_port for NULL, "tcp", "udp"; -1: none */
    long servent[3];    /* getservbyname's port for them; -1: none */
};
struct port_case {
    int port;
    int count;      /* entries portreg_by_port finds, any protocol */
    int name[3];    /* portreg_name for NULL, "tcp", "udp": a string index */
    int servent[3]; /* getservbyport's name for them: a string index */
    int status[3];  /* portreg_status for tcp, udp, tcp|udp */
};

#include "cases.h"

#if defined(LOOKUP_NETDB) && !defined(PORTREG_HAVE_NETDB)
/* portreg_netdb.c's, where the C library declares none (newlib) */
struct servent *getservbyname(const char *name, const char *proto);
struct servent *getservbyport(int port, const char *proto);
#endif

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const protos[3] = {NULL, "tcp", "udp"};
static unsigned failed, checks;

static void fail(const char *what, const char *query, long want, long got)
{
    if (failed++ < 20)
        printf("FAIL %s %s: want %ld, got %ld\n", what, query, want, got);
}

/* PORT in network byte order, and back. */
static int net_port(unsigned port)
{
    union { uint16_t v; unsigned char b[2]; } u;
    u.b[0] = (unsigned char)(port >> 8);
    u.b[1] = (unsigned char)port;
    return (int)u.v;
}

static long host_port(int port)
{
    union { uint16_t v; unsigned char b[2]; } u;
    u.v = (uint16_t)port;
    return (long)u.b[0] << 8 | u.b[1];
}

#ifdef LOOKUP_PAGE_EDGE
static char *page_end;      /* the first byte of a page mapped PROT_NONE */

static void map_page_edge(void)
{
    long n = sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, 2u * (size_t)n, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || mprotect(p + n, (size_t)n, PROT_NONE) != 0) {
        printf("FAIL cannot map a page and a guard page\n");
        exit(1);
    }
    page_end = p + n;
}

/* Q copied so that its NUL is the byte before page_end. */
static const char *at_page_end(const char *q)
{
    size_t n = strlen(q) + 1u;
    return memcpy(page_end - n, q, n);
}
#endif

static int same_name(const char *a, const char *b)
{
    for (; *a != '\0'; a++, b++)
        if ((*a | 0x20) != (*b | 0x20))
            return 0;
    return *b == '\0';
}

/* Whether servent R names Q, as its name or an alias. */
static int names(const struct servent *r, const char *q)
{
    char **a;
    if (same_name(r->s_name, q))
        return 1;
    for (a = r->s_aliases; *a != NULL; a++)
        if (same_name(*a, q))
            return 1;
    return 0;
}

/* A servent answer R against the case: port WANT (-1: none) for a name. */
static void check_byname(const char *what, const char *q, const struct servent *r,
                         long want)
{
    long got = r == NULL ? -1 : host_port(r->s_port);
    if (got != want || (r != NULL && !names(r, q)))
        fail(what, q, want, got);
    checks++;
}

/* A servent answer R against the case: name WANT (NULL: none) for a port. */
static void check_byport(const char *what, const char *num, const struct servent *r,
                         const char *want)
{
    if ((r == NULL) != (want == NULL) ||
        (r != NULL && strcmp(r->s_name, want) != 0))
        fail(what, num, want ? (long)want[0] : -1, r ? (long)r->s_name[0] : -1);
    checks++;
}

int main(void)
{
    static char buf[PORTREG_SERVENT_BUFSIZE];
    struct servent se, *r;
    unsigned i, p;
    char num[16];
#ifdef LOOKUP_PAGE_EDGE
    map_page_edge();
#endif
    if (portreg_count() != CASE_ENTRY_COUNT)
        fail("portreg_count", "", CASE_ENTRY_COUNT, (long)portreg_count());
    {   /* the other columns only where the build holds some */
        struct portreg_record r;
        int want = CASE_HAS_RECORD ? 0 : -1;
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
            long got = portreg_port(q, protos[p]);
            if (got != c->port[p])
                fail("portreg_port", q, c->port[p], got);
#ifdef LOOKUP_PAGE_EDGE
            got = portreg_port(at_page_end(q), protos[p]);
            if (got != c->port[p])
                fail("portreg_port at a page's end", q, c->port[p], got);
            checks++;
#endif
        }
        checks += 4;
        for (p = 1; p < 3; p++) {
            portreg_getservbyname_r(q, protos[p], &se, buf, sizeof buf, &r);
            check_byname("portreg_getservbyname_r", q, r, c->servent[p]);
#ifdef LOOKUP_NETDB
            check_byname("getservbyname", q, getservbyname(q, protos[p]),
                         c->servent[p]);
#endif
        }
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
        for (p = 1; p < 3; p++) {
            const char *want = c->servent[p] < 0 ? NULL
                                                 : case_strings[c->servent[p]];
            portreg_getservbyport_r(net_port((unsigned)c->port), protos[p], &se,
                                    buf, sizeof buf, &r);
            check_byport("portreg_getservbyport_r", num, r, want);
#ifdef LOOKUP_NETDB
            check_byport("getservbyport", num,
                         getservbyport(net_port((unsigned)c->port), protos[p]),
                         want);
#endif
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
