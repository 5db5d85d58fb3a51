/*
 * The fuzzers' oracle: every entry read once through portreg_get() (record
 * order and the id checkpoints, none of the hash or port index paths), and
 * answers computed from that list by plain scans.  A lookup that disagrees
 * with it, or reads outside its input, stops the fuzzer.
 */
#ifndef PORTREG_FUZZ_ORACLE_H
#define PORTREG_FUZZ_ORACLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portreg.h"

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                  \
            abort();                                                         \
        }                                                                    \
    } while (0)

static struct portreg_entry *oracle_all;
static size_t oracle_n;
static size_t *oracle_by_name;          /* ids sorted by folded name, id */
static size_t *oracle_port_start;       /* ids covering port p: */
static size_t *oracle_port_ids;         /* [start[p], start[p + 1]) */

static int oracle_fold(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* NAME (LEN bytes) against the C string S, ASCII case ignored, as strcmp. */
static int oracle_cmp(const char *name, size_t len, const char *s)
{
    size_t i;
    for (i = 0; i < len; i++) {
        int a = oracle_fold((unsigned char)name[i]);
        int b = oracle_fold((unsigned char)s[i]);
        if (b == 0 || a != b)
            return b == 0 ? 1 : a - b;
    }
    return s[len] == '\0' ? 0 : -1;
}

static int oracle_by_name_order(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const char *s = oracle_all[a].name;
    int c = oracle_cmp(s, strlen(s), oracle_all[b].name);
    return c != 0 ? c : (a > b) - (a < b);
}

static void oracle_init(void)
{
    size_t id, p, *fill;
    if (oracle_all != NULL)
        return;
    oracle_n = portreg_count();
    oracle_all = calloc(oracle_n + 1u, sizeof *oracle_all);
    oracle_by_name = calloc(oracle_n + 1u, sizeof *oracle_by_name);
    oracle_port_start = calloc(65537u, sizeof *oracle_port_start);
    fill = calloc(65537u, sizeof *fill);
    CHECK(oracle_all && oracle_by_name && oracle_port_start && fill);
    for (id = 0; id < oracle_n; id++) {
        const struct portreg_entry *e = &oracle_all[id];
        CHECK(portreg_get(id, &oracle_all[id]) == 0);
        CHECK(e->id == id);
        oracle_by_name[id] = id;
        if (!(e->flags & PORTREG_F_NOPORT))
            for (p = e->port_lo; p <= e->port_hi; p++)
                oracle_port_start[p + 1u]++;
    }
    CHECK(portreg_get(oracle_n, &oracle_all[oracle_n]) == -1);
    qsort(oracle_by_name, oracle_n, sizeof *oracle_by_name,
          oracle_by_name_order);
    for (p = 0; p < 65536u; p++)
        oracle_port_start[p + 1u] += oracle_port_start[p];
    oracle_port_ids = calloc(oracle_port_start[65536] + 1u, sizeof(size_t));
    CHECK(oracle_port_ids != NULL);
    for (id = 0; id < oracle_n; id++) {
        const struct portreg_entry *e = &oracle_all[id];
        if (!(e->flags & PORTREG_F_NOPORT))
            for (p = e->port_lo; p <= e->port_hi; p++)
                oracle_port_ids[oracle_port_start[p] + fill[p]++] = id;
    }
    free(fill);
}

/* The ids of the entries named NAME (LEN bytes), in id order: *FIRST is
 * the first in oracle_by_name; returns how many. */
static size_t oracle_named(const char *name, size_t len, size_t *first)
{
    size_t lo = 0, hi = oracle_n, n = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2u;
        if (oracle_cmp(name, len, oracle_all[oracle_by_name[mid]].name) > 0)
            lo = mid + 1u;
        else
            hi = mid;
    }
    *first = lo;
    while (lo + n < oracle_n && len > 0 &&
           oracle_cmp(name, len, oracle_all[oracle_by_name[lo + n]].name) == 0)
        n++;
    return n;
}

static int oracle_same_entry(const struct portreg_entry *a,
                             const struct portreg_entry *b)
{
    return a->name == b->name && a->description == b->description &&
           a->port_lo == b->port_lo && a->port_hi == b->port_hi &&
           a->proto == b->proto && a->flags == b->flags && a->id == b->id;
}

/* Whether a query for the mask PROTOS selects entry E: its protocol is in
 * the mask, or it has none and the mask has a protocol (a row with no
 * protocol counts for every protocol). */
static int oracle_selects(unsigned protos, const struct portreg_entry *e)
{
    return (e->proto & protos) != 0 ||
           (e->proto == PORTREG_NOPROTO &&
            (protos & (PORTREG_TCP | PORTREG_UDP | PORTREG_SCTP |
                       PORTREG_DCCP)) != 0);
}

/* The next entry a lookup into GOT (64 entries) must have given, where E
 * is the next candidate the oracle found and PROTOS the mask asked for. */
static void oracle_expect(const struct portreg_entry *got, size_t *want,
                          const struct portreg_entry *e, unsigned protos)
{
    if (!oracle_selects(protos, e))
        return;
    if (*want < 64)
        CHECK(oracle_same_entry(&got[*want], e));
    (*want)++;
}

#endif
