/* portreg's benchmark: ns and instructions per lookup, portreg against the
 * baselines, on the queries of bench/workload.py.  Driven by bench/run.py
 * (make bench), which runs it for time, under callgrind, and with glibc in a
 * private mount namespace.
 *
 *   bench QUERIES [--reps R] [--small N] [--only glibc] [--label L] [--slow N]
 *
 * Prints one CSV line per (implementation, workload): impl,workload,n,ns.
 * The implementations of a workload take turns: R rounds, each timing one
 * pass of every implementation over the workload's queries (after an
 * untimed one, so that each finds its own data in the caches, not the
 * previous one's), so that a shared machine's drift falls on all of them
 * alike.  ns is the median
 * pass's time per lookup; with --small N, passes over the first N queries
 * of each workload (a cache-warm working set) and the fastest pass.  Under
 * callgrind each pass is bracketed by CALLGRIND_ZERO_STATS and
 * CALLGRIND_DUMP_STATS_AT("impl/workload/n"), so each dump counts one pass.
 *
 * Baselines, built at start-up from the same registry (portreg_get):
 *   direct   a 65,536-entry uint16_t index per protocol into the names
 *            (the limit for port -> name; 128 KB a protocol)
 *   bsearch  Wireshark's way: a sorted {port, protocol, name} array for
 *            port -> name; sorted {name, port} with strcasecmp for name -> port
 *   linear   a strcasecmp scan over every entry
 *   gperf1   one gperf table over every name (bench/mono.py), if built;
 *            given the C string, as portreg_port is (strlen, then lookup)
 *   glibc    getservbyname/getservbyport, on whatever /etc/services is
 * Every baseline reads the protocol string "tcp" as portreg_port and
 * portreg_name do.  portreg_by_name and portreg_by_port take a protocol mask,
 * not a string: they get PORTREG_TCP, as a program passes it. */
#define _GNU_SOURCE
#include <netdb.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "portreg.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS_AT(s) ((void)(s))
#define RUNNING_ON_VALGRIND 0
#endif

#ifdef BENCH_MONO
struct mono_word { int name; int port; };
#include "mono.c"
#endif

#define NOINLINE __attribute__((noinline))

/* The protocol string every implementation reads, opaque to the compiler so
 * that no implementation gets it folded away at compile time. */
static const char *volatile tcp_name = "tcp";
#define TCP ((const char *)tcp_name)

struct nq { const char *s; size_t len; };
struct pe { uint16_t port; uint8_t proto; const char *name; };
struct ne { const char *name; int port; };

/* A workload: its queries, names (name_*) or ports (port_*). */
struct workload {
    char name[32];
    int is_name;
    struct nq *nq;
    unsigned *pq;
    size_t n;
};
#define MAX_WORKLOADS 8
#define MAX_QUERIES 65536
static struct workload works[MAX_WORKLOADS];
static size_t n_works;

static const char **names;              /* entry id -> name */
static uint16_t (*direct)[65536];       /* [protocol][port] -> id + 1 */
static struct pe *by_port;              /* sorted by port, then id */
static size_t n_by_port;
static struct ne *by_name;              /* sorted by strcasecmp, unique */
static size_t n_by_name;

/* The protocol bit of a protocol name, as every implementation reads it:
 * the same first-byte switch as portreg's own. */
static unsigned proto_bit(const char *p)
{
    switch (p[0]) {
    case 't': return p[1] == 'c' && p[2] == 'p' && !p[3] ? 1u : 0u;
    case 'u': return p[1] == 'd' && p[2] == 'p' && !p[3] ? 2u : 0u;
    case 's': return p[1] == 'c' && p[2] == 't' && p[3] == 'p' && !p[4] ? 4u : 0u;
    case 'd': return p[1] == 'c' && p[2] == 'c' && p[3] == 'p' && !p[4] ? 8u : 0u;
    default: return 0;
    }
}

static unsigned proto_index(const char *p)
{
    unsigned b = proto_bit(p);
    return b == 1 ? 0 : b == 2 ? 1 : b == 4 ? 2 : 3;
}

/* ---- name -> port ------------------------------------------------- */
static NOINLINE int n_empty(const char *s, size_t len) { (void)s; return (int)len; }

static NOINLINE int n_portreg_port(const char *s, size_t len)
{
    (void)len;
    return (int)portreg_port(s, TCP);
}

static NOINLINE int n_portreg_by_name(const char *s, size_t len)
{
    struct portreg_entry e[8];
    size_t n = portreg_by_name(s, len, PORTREG_TCP, e, 8);
    return n ? e[0].port_lo : -1;
}

static int cmp_ne(const void *a, const void *b)
{
    return strcasecmp(((const struct ne *)a)->name, ((const struct ne *)b)->name);
}

static NOINLINE int n_bsearch(const char *s, size_t len)
{
    struct ne key = {s, 0};
    const struct ne *r;
    (void)len;
    if (proto_bit(TCP) == 0)
        return -1;
    r = bsearch(&key, by_name, n_by_name, sizeof *by_name, cmp_ne);
    return r ? r->port : -1;
}

static NOINLINE int n_linear(const char *s, size_t len)
{
    size_t i, n = portreg_count();
    unsigned want = proto_bit(TCP);
    (void)len;
    for (i = 0; i < n; i++) {
        struct portreg_entry e;
        portreg_get(i, &e);
        if ((e.proto & want) && !(e.flags & PORTREG_F_NOPORT) &&
            strcasecmp(e.name, s) == 0)
            return e.port_lo;
    }
    return -1;
}

#ifdef BENCH_MONO
/* Reads the name as portreg_port does, a C string: the length is the C
 * library's strlen, not the harness's. */
static NOINLINE int n_gperf1(const char *s, size_t len)
{
    const struct mono_word *w;
    (void)len;
    if (proto_bit(TCP) == 0)
        return -1;
    w = mono_lookup(s, strlen(s));
    return w ? w->port : -1;
}
#endif

/* The C library's reentrant lookup, through whatever services database
 * nsswitch.conf names (run.py sets one up per backend). */
static char glibc_buf[4096];

static NOINLINE int n_glibc(const char *s, size_t len)
{
    struct servent se, *r = NULL;
    (void)len;
    getservbyname_r(s, TCP, &se, glibc_buf, sizeof glibc_buf, &r);
    return r ? ntohs((uint16_t)r->s_port) : -1;
}

/* ---- port -> name ------------------------------------------------- */
static NOINLINE const char *p_empty(unsigned port) { return port ? "" : NULL; }

static NOINLINE const char *p_portreg_name(unsigned port)
{
    return portreg_name(port, TCP);
}

static NOINLINE const char *p_portreg_by_port(unsigned port)
{
    struct portreg_entry e[8];
    size_t n = portreg_by_port(port, PORTREG_TCP, e, 8);
    return n ? e[0].name : NULL;
}

static NOINLINE const char *p_direct(unsigned port)
{
    unsigned id = direct[proto_index(TCP)][port & 0xffffu];
    return id ? names[id - 1] : NULL;
}

static NOINLINE const char *p_bsearch(unsigned port)
{
    size_t lo = 0, hi = n_by_port;
    unsigned want = proto_bit(TCP);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (by_port[mid].port < port)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < n_by_port && by_port[lo].port == port; lo++)
        if (by_port[lo].proto & want)
            return by_port[lo].name;
    return NULL;
}

static NOINLINE const char *p_glibc(unsigned port)
{
    struct servent se, *r = NULL;
    getservbyport_r((int)htons((uint16_t)port), TCP, &se, glibc_buf,
                    sizeof glibc_buf, &r);
    return r ? r->s_name : NULL;
}

/* ---- set-up -------------------------------------------------------- */
static int cmp_pe(const void *a, const void *b)
{
    const struct pe *x = a, *y = b;
    if (x->port != y->port)
        return x->port < y->port ? -1 : 1;
    return x < y ? -1 : x > y;
}

static void build_baselines(void)
{
    size_t i, n = portreg_count(), k = 0;
    names = calloc(n, sizeof *names);
    direct = calloc(4, sizeof *direct);
    by_port = calloc(n + 70000, sizeof *by_port);
    by_name = calloc(n, sizeof *by_name);
    if (!names || !direct || !by_port || !by_name)
        exit(2);
    for (i = 0; i < n; i++) {
        struct portreg_entry e;
        unsigned p, pi;
        portreg_get(i, &e);
        names[i] = e.name;
        if (e.flags & PORTREG_F_NOPORT)
            continue;
        for (p = e.port_lo; p <= e.port_hi; p++) {
            for (pi = 0; pi < 4; pi++)
                if ((e.proto & (1u << pi)) && direct[pi][p] == 0)
                    direct[pi][p] = (uint16_t)(i + 1);
            by_port[n_by_port].port = (uint16_t)p;
            by_port[n_by_port].proto = e.proto;
            by_port[n_by_port++].name = e.name;
        }
    }
    /* stable: qsort compares addresses for equal ports */
    qsort(by_port, n_by_port, sizeof *by_port, cmp_pe);
    for (i = 0; i < n; i++) {
        struct portreg_entry e;
        portreg_get(i, &e);
        if (e.proto == PORTREG_TCP && !(e.flags & PORTREG_F_NOPORT)) {
            by_name[k].name = e.name;
            by_name[k++].port = e.port_lo;
        }
    }
    qsort(by_name, k, sizeof *by_name, cmp_ne);
    for (i = 0; i < k; i++)   /* keep the first entry of each name */
        if (n_by_name == 0 || strcasecmp(by_name[n_by_name - 1].name, by_name[i].name))
            by_name[n_by_name++] = by_name[i];
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        exit(2);
    return d;
}

/* A copy of S, the Nth query of workload W: from strdup, whose copies
 * start on a 16-byte boundary as malloc's blocks do on 64-bit hosts; for
 * name_unaligned, (5N + 3) % 16 bytes past one, every offset in turn (a
 * lookup that reads aligned blocks sees the difference). */
static char *copy_query(const struct workload *w, const char *s, size_t nth)
{
    size_t n = strlen(s) + 1, at = (5u * nth + 3u) % 16u;
    void *m;
    if (strcmp(w->name, "name_unaligned"))
        return xstrdup(s);
    if (posix_memalign(&m, 16, (at + n + 15) / 16 * 16) != 0)
        exit(2);
    return memcpy((char *)m + at, s, n);
}

static struct workload *workload(const char *name)
{
    size_t i;
    for (i = 0; i < n_works; i++)
        if (!strcmp(works[i].name, name))
            return &works[i];
    if (n_works == MAX_WORKLOADS || strlen(name) >= sizeof works[0].name)
        return NULL;
    snprintf(works[n_works].name, sizeof works[0].name, "%s", name);
    works[n_works].is_name = !strncmp(name, "name_", 5);
    works[n_works].nq = calloc(MAX_QUERIES, sizeof *works[0].nq);
    works[n_works].pq = calloc(MAX_QUERIES, sizeof *works[0].pq);
    if (!works[n_works].nq || !works[n_works].pq)
        exit(2);
    return &works[n_works++];
}

static void read_queries(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];
    if (!f) {
        perror(path);
        exit(2);
    }
    while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t');
        struct workload *w;
        if (!tab)
            continue;
        *tab++ = '\0';
        tab[strcspn(tab, "\n")] = '\0';
        if ((w = workload(line)) == NULL || w->n == MAX_QUERIES)
            continue;
        if (w->is_name) {
            w->nq[w->n].s = copy_query(w, tab, w->n);
            w->nq[w->n].len = strlen(tab);
        } else {
            w->pq[w->n] = (unsigned)atoi(tab);
        }
        w->n++;
    }
    fclose(f);
}

/* ---- the loops ----------------------------------------------------- */
static volatile unsigned long sink;

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static NOINLINE unsigned long loop_names(int (*f)(const char *, size_t),
                                         const struct nq *q, size_t n)
{
    unsigned long acc = 0;
    size_t i;
    for (i = 0; i < n; i++)
        acc += (unsigned long)f(q[i].s, q[i].len);
    return acc;
}

static NOINLINE unsigned long loop_ports(const char *(*f)(unsigned),
                                         const unsigned *q, size_t n)
{
    unsigned long acc = 0;
    size_t i;
    for (i = 0; i < n; i++)
        acc += (uintptr_t)f(q[i]);
    return acc;
}

/* An implementation: a name lookup NF or a port lookup PF; SLOW ones get
 * at most --slow queries. */
struct impl {
    const char *name;
    int (*nf)(const char *, size_t);
    const char *(*pf)(unsigned);
    int slow;
};

static const struct impl impls[] = {
    {"harness", n_empty, NULL, 0},
    {"portreg_port", n_portreg_port, NULL, 0},
    {"portreg_by_name", n_portreg_by_name, NULL, 0},
#ifdef BENCH_MONO
    {"gperf1", n_gperf1, NULL, 0},
#endif
    {"bsearch", n_bsearch, NULL, 0},
    {"linear", n_linear, NULL, 1},
    {"harness", NULL, p_empty, 0},
    {"portreg_name", NULL, p_portreg_name, 0},
    {"portreg_by_port", NULL, p_portreg_by_port, 0},
    {"direct", NULL, p_direct, 0},
    {"bsearch", NULL, p_bsearch, 0},
};
#define N_IMPLS (sizeof impls / sizeof impls[0])

static unsigned long run_pass(const struct impl *m, const struct workload *w,
                              size_t n)
{
    return m->nf ? loop_names(m->nf, w->nq, n) : loop_ports(m->pf, w->pq, n);
}

/* Times the implementations M[0..NM) that fit workload W in turns: REPS
 * rounds of one pass each over N queries (SLOW for the slow ones), then
 * prints each one's median pass, or its fastest with FASTEST; under
 * valgrind, one pass each, as one callgrind dump named impl/work/n. */
static void bench(const struct impl *m, size_t nm, const struct workload *w,
                  size_t n, size_t slow, int reps, int fastest)
{
    static double t[N_IMPLS + 1][1024];
    size_t i, use[N_IMPLS + 1];
    int r;
    char label[128];
    for (i = 0; i < nm; i++) {
        use[i] = m[i].slow && slow < n ? slow : n;
        if ((m[i].nf != NULL) != w->is_name || use[i] == 0)
            continue;
        sink += run_pass(&m[i], w, use[i]);     /* warm caches */
        if (RUNNING_ON_VALGRIND) {
            snprintf(label, sizeof label, "%s/%s/%zu", m[i].name, w->name,
                     use[i]);
            CALLGRIND_ZERO_STATS;
            sink += run_pass(&m[i], w, use[i]);
            CALLGRIND_DUMP_STATS_AT(label);
            printf("%s,%s,%zu,\n", m[i].name, w->name, use[i]);
        }
    }
    if (RUNNING_ON_VALGRIND)
        return;
    for (r = 0; r < reps; r++)
        for (i = 0; i < nm; i++) {
            double a;
            if ((m[i].nf != NULL) != w->is_name || use[i] == 0)
                continue;
            sink += run_pass(&m[i], w, use[i]);  /* its own data cached */
            a = now_ns();
            sink += run_pass(&m[i], w, use[i]);
            t[i][r] = (now_ns() - a) / (double)use[i];
        }
    for (i = 0; i < nm; i++) {
        if ((m[i].nf != NULL) != w->is_name || use[i] == 0)
            continue;
        qsort(t[i], (size_t)reps, sizeof t[i][0], cmp_double);
        printf("%s,%s,%zu,%.3f\n", m[i].name, w->name, use[i],
               fastest ? t[i][0] : t[i][reps / 2]);
    }
    fflush(stdout);
}

int main(int argc, char **argv)
{
    const char *only = NULL, *label = "glibc";
    size_t slow = 64, small = 0, k;
    int i, reps = 7;
    if (argc < 2) {
        fprintf(stderr, "usage: bench QUERIES [--reps R] [--small N] "
                "[--only glibc] [--label L] [--slow N]\n");
        return 2;
    }
    for (i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--reps"))
            reps = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--small"))
            small = (size_t)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--only"))
            only = argv[i + 1];
        else if (!strcmp(argv[i], "--label"))
            label = argv[i + 1];
        else if (!strcmp(argv[i], "--slow"))
            slow = (size_t)atoi(argv[i + 1]);
    }
    if (reps < 1 || reps > 1024)
        reps = 7;
    read_queries(argv[1]);
    if (only && !strcmp(only, "glibc")) {
        const struct impl glibc[] = {{label, n_glibc, NULL, 1},
                                     {label, NULL, p_glibc, 1}};
        for (k = 0; k < n_works; k++)
            if (strcmp(works[k].name, "port_uniform") &&
                strcmp(works[k].name, "name_mixed") &&
                strcmp(works[k].name, "name_unaligned"))
                bench(glibc, 2, &works[k], works[k].n, slow, reps, 0);
        return 0;
    }
    build_baselines();
    for (k = 0; k < n_works; k++)
        bench(impls, N_IMPLS, &works[k],
              small && small < works[k].n ? small : works[k].n, slow, reps,
              small != 0);
    return sink == 42;
}
