/*
 * portreg: the lookups.  Plain C99 over the tables that the generator writes
 * to portreg_tables.c.h (gen/tables.py builds them, gen/README.md explains
 * them); make dist joins the two into one portreg.c.
 *
 * A record is a run of entries that differ only in protocol (the tcp and
 * udp rows of one service are one record); the lookups expand records into
 * entries.  Records are numbered in entry order: by port, then registry row,
 * name-only rows last.  Every record is a column of parallel arrays (its
 * port's low byte, its protocol mask, its name's offset), so no field pads
 * another, and every integer has the smallest type its values fit.
 *
 *   port -> records   a bitmap of the ports that one-port records use, with
 *                     the index of each 32-port word's first record: a
 *                     popcount finds a port's first record.  PORTREG_FAST
 *                     adds, for tcp and udp, each port's first record.
 *   name -> records   the names are split into buckets by their first two
 *                     bytes (a table gives the bucket's first hash case, to
 *                     which the length adds); each bucket is one gperf
 *                     perfect hash function, all of them one switch over
 *                     the (bucket, length) cases (portreg__slot,
 *                     generated).  A bitmap over all
 *                     buckets' hash values marks the used ones, and its
 *                     rank indexes the first record of each name, which one
 *                     comparison, a word at a time, confirms (PORTREG_FAST:
 *                     each slot's name and a word per name with its length,
 *                     instead; on x86-64 the query is read and compared as
 *                     16-byte SSE2 blocks).  A name's later records are
 *                     linked from a short table.
 *   record -> name    each record's name, NUL-terminated, in one pool, at a
 *                     group base plus an 8-bit offset.
 *   entry -> columns  PROFILE=full: each distinct tuple of a row's other
 *                     columns once, as indices into one string pool.
 *
 * Tables hold offsets and indices, never pointers: the object has no
 * relocations and no writable data, and needs nothing from the C library.
 */
#include "portreg.h"

/* PORTREG_FAST: 1 adds the fast indexes (portreg_tables.c.h's first lines
 * say how many bytes): a port index that portreg_name and portreg_by_port
 * use for tcp and udp (no popcount, each port's first record, names and
 * entry ids without computing them), and a name index: each slot's name and
 * a word per name (its length, offset, first record and tcp port) that
 * rejects a query of another length before the comparison, in place of the
 * slot bitmap and its rank.  It is on by default where pointers are 64-bit
 * (servers, analyzers) and off elsewhere (microcontrollers count the
 * bytes); -DPORTREG_FAST=0 or =1 on the compiler's command line decides.
 * The answers are the same either way. */
#ifndef PORTREG_FAST
#if UINTPTR_MAX > 0xffffffffu
#define PORTREG_FAST 1
#else
#define PORTREG_FAST 0
#endif
#endif

#if defined(__GNUC__)
#define PORTREG__COLD __attribute__((noinline, cold))
#define PORTREG__NOINLINE __attribute__((noinline))
#else
#define PORTREG__COLD
#define PORTREG__NOINLINE
#endif
/* With the fast indexes, the general lookups are kept off their paths and
 * the entry writer is inlined into them; without, it is kept out of line:
 * it is called from three places, and microcontrollers count the bytes. */
#if PORTREG_FAST
#define PORTREG__BESIDE_FAST PORTREG__NOINLINE
#define PORTREG__SMALL
#else
#define PORTREG__BESIDE_FAST
#define PORTREG__SMALL PORTREG__NOINLINE
#endif
/* PORTREG__HOT: with the fast indexes and GCC or clang, the four lookups
 * start on a 64-byte line (a cache line, and two of the decoded-instruction
 * windows of x86 cores), so that a lookup's common path spans as few as it
 * can: placed at 16 bytes, where the linker happened to put it, portreg_name
 * ran up to a quarter slower on the same instructions (make bench, warm). */
#if PORTREG_FAST && defined(__GNUC__)
#define PORTREG__HOT __attribute__((aligned(64)))
#else
#define PORTREG__HOT
#endif
/* GCC at -Os on Thumb-1-only cores (Cortex-M0, M0+, M23) makes switch
 * statements into tables read by libgcc's __gnu_thumb1_case_* helpers:
 * without jump tables this file needs nothing from outside there too. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__OPTIMIZE_SIZE__) && \
    defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB == 1
#pragma GCC optimize("no-jump-tables")
#endif
/* A switch's default that no value reaches: compilers that are told so
 * need no range check before the jump table. */
#if defined(__GNUC__)
#define PORTREG__UNREACHABLE(r) __builtin_unreachable()
#else
#define PORTREG__UNREACHABLE(r) return (r)
#endif
/* portreg__slot (generated), gperf's hash functions: with the fast indexes
 * it is inlined into its two callers, where the call and the moves around
 * it were an eighth of a miss's instructions. */
#if PORTREG_FAST && defined(__GNUC__)
#define PORTREG__HASH_INLINE inline __attribute__((always_inline))
#else
#define PORTREG__HASH_INLINE
#endif
#define PORTREG__CHECK(what, cond) \
    typedef char portreg__check_##what[(cond) ? 1 : -1]
#define PORTREG__NO_SLOT ((unsigned)-1) /* fast_slot: none */
/* PORTREG__SSE2: with the fast indexes on x86-64, portreg_port reads the
 * query as 16-byte blocks (SSE2 is part of x86-64): its length without
 * a branch per byte, and the comparison without branches on the length. */
#if PORTREG_FAST && defined(__GNUC__) && defined(__SSE2__) && \
    defined(__x86_64__) && PORTREG_MAX_NAME_LEN <= 15
#define PORTREG__SSE2 1
#include <emmintrin.h>
#else
#define PORTREG__SSE2 0
#endif

#include "portreg_tables.c.h"

/* The counts as objects: with an empty table, "i < 0" on a macro would be a
 * constant comparison that compilers warn about. */
static const size_t portreg__entry_count = PORTREG_ENTRY_COUNT;
static const size_t portreg__range_count = PORTREG__RANGE_COUNT;
static const size_t portreg__link_count = PORTREG__LINK_COUNT;
static const size_t portreg__reserved_count = PORTREG__RESERVED_COUNT;
static const size_t portreg__span_count = PORTREG__SPAN_COUNT;
static const size_t portreg__local_count = PORTREG__LOCAL_COUNT;

PORTREG__CHECK(record_index, PORTREG__RECORD_COUNT < PORTREG__NONE);

static unsigned portreg__fold(unsigned c)
{
    return c | ((c - 'A' < 26u) ? 0x20u : 0u);
}

/* Set bits in X, without a library call: a popcount instruction where the
 * target has one, else the SWAR sum (a dozen ALU operations). */
static unsigned portreg__pop32(uint32_t x)
{
#if defined(__GNUC__) && defined(__POPCNT__)
    return (unsigned)__builtin_popcount(x);
#else
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return (unsigned)((((x + (x >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24);
#endif
}

static const char *portreg__name(unsigned k)
{
    return portreg__names +
           ((size_t)portreg__name_group_base[k / PORTREG__NAME_GROUP]
            << PORTREG__NAME_SHIFT) + portreg__name_offset[k];
}

/* Names are compared a machine word at a time: 8 bytes on 64-bit targets,
 * 4 on 32-bit ones.  The loads read bytes and shift them into a
 * little-endian word (compilers make that one load where the target
 * allows it); equality does not depend on the byte order.  A name shorter
 * than a word is read as one word all the same: two overlapping half
 * words, or for fewer bytes its first, middle and last byte, with 0x01 in
 * the bytes left over: not NUL, not a letter, equal on both sides. */
#define PORTREG__B(p, i, T) ((T)(p)[i] << (8u * (i)))
#if UINTPTR_MAX > 0xffffffffu
typedef uint64_t portreg__word;

static inline portreg__word portreg__load(const unsigned char *p)
{
    return PORTREG__B(p, 0, uint64_t) | PORTREG__B(p, 1, uint64_t) |
           PORTREG__B(p, 2, uint64_t) | PORTREG__B(p, 3, uint64_t) |
           PORTREG__B(p, 4, uint64_t) | PORTREG__B(p, 5, uint64_t) |
           PORTREG__B(p, 6, uint64_t) | PORTREG__B(p, 7, uint64_t);
}

static inline uint64_t portreg__load32(const unsigned char *p)
{
    return PORTREG__B(p, 0, uint64_t) | PORTREG__B(p, 1, uint64_t) |
           PORTREG__B(p, 2, uint64_t) | PORTREG__B(p, 3, uint64_t);
}

/* Bytes P[0..4) and P[I..I+4) (I <= 4) as one word. */
static inline portreg__word portreg__load_halves(const unsigned char *p,
                                                 size_t i)
{
    return portreg__load32(p) | portreg__load32(p + i) << 32;
}
#else
typedef uint32_t portreg__word;

static inline portreg__word portreg__load(const unsigned char *p)
{
    return PORTREG__B(p, 0, uint32_t) | PORTREG__B(p, 1, uint32_t) |
           PORTREG__B(p, 2, uint32_t) | PORTREG__B(p, 3, uint32_t);
}

static inline portreg__word portreg__load_halves(const unsigned char *p,
                                                 size_t i)
{
    return PORTREG__B(p, 0, uint32_t) | PORTREG__B(p, 1, uint32_t) |
           (PORTREG__B(p + i, 0, uint32_t) | PORTREG__B(p + i, 1, uint32_t))
               << 16;
}
#endif
#define PORTREG__W sizeof(portreg__word)
#define PORTREG__ONES ((portreg__word)-1 / 0xffu)     /* 0x0101... */
#define PORTREG__HIGH (PORTREG__ONES * 0x80u)         /* 0x8080... */
#define PORTREG__CASE (PORTREG__ONES * 0x20u)         /* 0x2020... */

/* P's first, middle and last byte (1 <= LEN < half a word) as one word. */
static inline portreg__word portreg__load_small(const unsigned char *p,
                                                size_t len)
{
    return (portreg__word)p[0] | (portreg__word)p[len >> 1] << 8 |
           (portreg__word)p[len - 1u] << 16 | PORTREG__ONES << 24;
}

/* 0x20 in the bytes of N that are ASCII letters.  The test adds per byte
 * with the top bit cleared, so no carry crosses a byte. */
static inline portreg__word portreg__letters(portreg__word n)
{
    portreg__word l = n | PORTREG__CASE, h = l & ~PORTREG__HIGH;
    return ((h + 0x1fu * PORTREG__ONES) & ~(h + 0x05u * PORTREG__ONES) & ~l &
            PORTREG__HIGH) >> 2;        /* 'a' <= l <= 'z' */
}

/* Whether name bytes N equal query bytes Q that differ from them in X
 * (not 0), ASCII case ignored: only in bit 0x20, and only in bytes where N
 * is a letter.  Out of line: a leaf, it has registers enough for its
 * constants, and a query in the registry's own case never calls it. */
PORTREG__NOINLINE static int portreg__same_case(portreg__word x,
                                                portreg__word n)
{
    return (x & ~PORTREG__CASE) == 0 && (x & ~portreg__letters(n)) == 0;
}

/* Whether name bytes N equal query bytes Q, ASCII case ignored. */
static inline int portreg__same_word(portreg__word n, portreg__word q)
{
    return n == q || portreg__same_case(n ^ q, n);
}

/* Whether the words between the first and the last of a name longer than
 * two words agree (32-bit targets; no registry name is longer than 16
 * bytes).  Out of line: inline, compilers keep the fold's constants in
 * saved registers for the loop, and every comparison pays for saving them. */
PORTREG__NOINLINE static int portreg__same_middle(const unsigned char *n,
                                                  const unsigned char *s,
                                                  size_t len)
{
    size_t i;
    for (i = PORTREG__W; i + PORTREG__W < len; i += PORTREG__W)
        if (!portreg__same_word(portreg__load(n + i), portreg__load(s + i)))
            return 0;
    return 1;
}

/* Whether the pool name at N, of LEN bytes, is the query S (LEN bytes,
 * 1 <= LEN <= the longest name): the pool ends in PORTREG_MAX_NAME_LEN NUL
 * bytes, so the loads below stay inside it. */
static inline int portreg__same_length(const unsigned char *n,
                                       const unsigned char *s, size_t len)
{
    const size_t w = PORTREG__W, half = PORTREG__W / 2u;
    size_t i;
    if (len >= w) {     /* the first and last words, overlapping */
        i = len - w;
        return portreg__same_word(portreg__load(n), portreg__load(s)) &&
               (i == 0 || portreg__same_word(portreg__load(n + i),
                                             portreg__load(s + i))) &&
               (len <= 2u * w || portreg__same_middle(n, s, len));
    }
    if (len >= half)    /* two half words, overlapping, as one */
        return portreg__same_word(portreg__load_halves(n, len - half),
                                  portreg__load_halves(s, len - half));
    return portreg__same_word(portreg__load_small(n, len),
                              portreg__load_small(s, len));
}

#if !PORTREG_FAST
/* Whether the pool name at N, of any length, is the query S (LEN bytes, no
 * NUL among them: the callers see to that).  N[LEN] is NUL where the name
 * has LEN bytes, and no byte of S is, so a shorter pool name, whose NUL
 * falls inside the LEN bytes, never matches. */
static int portreg__same(const unsigned char *n, const unsigned char *s,
                         size_t len)
{
    return n[len] == '\0' && portreg__same_length(n, s, len);
}
#endif

/* The hash case of the query S (1 <= LEN <= the longest name), its bucket
 * and length: its class (gen/model.py's bucket_class: its first and second
 * byte, SECOND, NUL for a name of one byte) gives the bucket's first case,
 * and LEN - 1 is added.  The class tables are read by the bytes alone, so
 * the read can start before the length is known.  With PORTREG_FAST a
 * query of a length that no name of its class has gets
 * PORTREG__HASH_CASES: most queries the registry lacks stop there. */
static unsigned portreg__hash_case(const unsigned char *s, size_t len,
                                   unsigned second)
{
    unsigned c = 32u * (s[0] & 31u) + (second & 31u);
#if PORTREG_FAST
    /* chosen by a mask, not a branch: the jump on the case that follows
     * is the one to mispredict, where the class has no such length too */
    unsigned n = (unsigned)len, e, in;
    e = (unsigned)(portreg__fast_class[c] &
                   ((1u << PORTREG__CLASS_SHIFT) - 1u)) + n - 1u;
    in = (unsigned)(portreg__fast_class[c] >> (PORTREG__CLASS_SHIFT + n)) & 1u;
    return PORTREG__HASH_CASES + ((e - PORTREG__HASH_CASES) & (0u - in));
#elif PORTREG__CLASS_BITS
    return (portreg__class_bits[c >> 5] >> (c & 31u) & 1u)
               ? (unsigned)len - 1u : PORTREG__HASH_CASES;
#else
    return portreg__class_bucket[c] + (unsigned)len - 1u;
#endif
}

/* The record of the name S (LEN bytes, 1 <= LEN <= the longest name, no
 * NUL among them), or PORTREG__NONE: the hash case (bucket and length),
 * gperf's hash of the bucket for the slot, and one comparison to confirm.
 * With PORTREG_FAST the slot gives the name's word (its offset, length and
 * first record: a query of another length is rejected before the
 * comparison); without, the slot bitmap's rank gives the first record. */
#if PORTREG__SSE2
/* The query as read by portreg__query: the aligned blocks that its bytes 0
 * to 15 span; its first byte is byte (address & 15) of the first. */
struct portreg__query {
    union { __m128i v[2]; unsigned char b[32]; } t;
};

/* The length of the C string NAME where it is at most 15 bytes, else more;
 * Q holds its blocks.  It reads the aligned 16-byte block that holds NAME's
 * first byte, and the next one only where that holds no NUL from there on,
 * as the C libraries' strlen does, so no block lies wholly past the
 * string.  The branch, not a choice of address: where the first block
 * holds the NUL (most names, and every one that malloc's alignment
 * starts a block with) the length is known one load and no dependent
 * load sooner, and the jump on it that follows is the one that
 * mispredicts.  A block can hold bytes past the NUL, which address
 * sanitizers would report: not instrumented. */
__attribute__((no_sanitize_address))
static size_t portreg__query(const char *name, struct portreg__query *q)
{
    unsigned at = (unsigned)((uintptr_t)name & 15u);
    const __m128i *p = (const __m128i *)(const void *)(name - at);
    const __m128i zero = _mm_setzero_si128();
    uint32_t first;
    q->t.v[0] = _mm_load_si128(p);
    first = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(q->t.v[0], zero)) >> at;
    if (first != 0) {
        q->t.v[1] = q->t.v[0];      /* defined bytes past the block */
        return (unsigned)__builtin_ctz(first);
    }
    q->t.v[1] = _mm_load_si128(p + 1);
    return 16u - at + (unsigned)__builtin_ctz(
        (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(q->t.v[1], zero)) |
        UINT32_C(0x10000));
}

/* 0xff in 16 bytes, then 0: 16 - LEN on gives the bytes i < LEN. */
static const unsigned char portreg__first[32] = {
    255, 255, 255, 255, 255, 255, 255, 255,
    255, 255, 255, 255, 255, 255, 255, 255};

/* Whether the pool name at N, of LEN bytes, is the query S (LEN bytes,
 * 1 <= LEN <= 15, its blocks Q), ASCII case ignored: the bytes differ only
 * in bit 0x20, and only where N is a letter.  The pool ends in
 * PORTREG_MAX_NAME_LEN NUL bytes after the last name's, so the 16 bytes
 * read at N stay inside it. */
static inline int portreg__same_block(const char *n, const char *s,
                                      const struct portreg__query *q,
                                      size_t len)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)n);
    __m128i d = _mm_xor_si128(x, _mm_loadu_si128(
        (const __m128i *)(const void *)(q->t.b + ((uintptr_t)s & 15u))));
    __m128i l = _mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)),
                             _mm_set1_epi8((char)(0x80 - 'a')));
    __m128i letter = _mm_cmplt_epi8(l, _mm_set1_epi8((char)(0x80 + 26)));
    d = _mm_and_si128(d, _mm_loadu_si128(
        (const __m128i *)(const void *)(portreg__first + 16u - len)));
    d = _mm_andnot_si128(_mm_and_si128(letter, _mm_set1_epi8(0x20)), d);
    return _mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128())) ==
           0xffff;
}
#endif

#if PORTREG_FAST
static const size_t portreg__name_count = PORTREG__NAME_COUNT;

/* The name in slot G where it has LEN bytes, else portreg__name_count or
 * more: the slot holds the index xor the length's low bits above it, so a
 * query of another length (most that reach a used slot) and an empty slot
 * are rejected by one comparison, before the name's word is read. */
static inline unsigned portreg__slot_name(unsigned g, size_t len)
{
    return portreg__fast_slot_name[g] ^
           ((unsigned)len << PORTREG__SLOT_TAG_SHIFT & 0xffffu);
}

static uint64_t portreg__find_word(const char *s, size_t len, unsigned second)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned g = portreg__slot(portreg__hash_case(u, len, second), s, len), i;
    uint64_t w;
    if ((i = portreg__slot_name(g, len)) >= portreg__name_count)
        return 0;
    w = portreg__fast_name[i];
    if ((w >> PORTREG__NAME_OFFSET_BITS &
         ((1u << PORTREG__NAME_LENGTH_BITS) - 1u)) != len)
        return 0;
    return portreg__same_length(
               (const unsigned char *)portreg__names +
                   (w & ((UINT64_C(1) << PORTREG__NAME_OFFSET_BITS) - 1u)),
               u, len) ? w : 0;
}

#if PORTREG__SSE2
/* portreg__find_word for the query S read by portreg__query (Q). */
static uint64_t portreg__find_block(const char *s, size_t len,
                                    const struct portreg__query *q)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned g = portreg__slot(portreg__hash_case(u, len, u[1]), s, len), i;
    uint64_t w;
    int same;
    if ((i = portreg__slot_name(g, len)) >= portreg__name_count)
        return 0;
    w = portreg__fast_name[i];
    same = portreg__same_block(portreg__names + (w & ((UINT64_C(1) <<
                                   PORTREG__NAME_OFFSET_BITS) - 1u)), s, q, len);
    same &= (w >> PORTREG__NAME_OFFSET_BITS &
             ((1u << PORTREG__NAME_LENGTH_BITS) - 1u)) == len;
    return same ? w : 0;
}
#endif

/* A fast_name word's first record. */
#define PORTREG__WORD_RECORD(w) ((unsigned)((w) >> (PORTREG__NAME_OFFSET_BITS + \
    PORTREG__NAME_LENGTH_BITS)) & PORTREG__WORD_FIRST)
#endif

static unsigned portreg__find(const char *s, size_t len, unsigned second)
{
#if PORTREG_FAST
    uint64_t w = portreg__find_word(s, len, second);
    return w == 0 ? PORTREG__NONE : PORTREG__WORD_RECORD(w);
#else
    const unsigned char *u = (const unsigned char *)s;
    unsigned g = portreg__slot(portreg__hash_case(u, len, second), s, len);
    uint32_t w, bit;
    unsigned k;
    w = portreg__slot_used[g >> 5];
    bit = (uint32_t)1u << (g & 31u);
    if (!(w & bit))
        return PORTREG__NONE;
    k = portreg__slot_record[portreg__slot_rank[g >> 5] +
                             portreg__pop32(w & (bit - 1u))];
    return portreg__same((const unsigned char *)portreg__name(k), u, len)
               ? k : PORTREG__NONE;
#endif
}

/* The first index i < N with A[i] >= KEY in the sorted array A, or N. */
static size_t portreg__lower_bound(const uint16_t *a, size_t n, unsigned key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2u;
        if (a[mid] < key)
            lo = mid + 1u;
        else
            hi = mid;
    }
    return lo;
}

/* The next record of record K's name, or PORTREG__NONE. */
static unsigned portreg__next(unsigned k)
{
    if (!(portreg__record_mask[k] & PORTREG__MORE))
        return PORTREG__NONE;
    return portreg__same_name_next[portreg__lower_bound(portreg__same_name_from,
                                                   portreg__link_count, k)];
}

/* The (low) port of record K, which has one. */
static unsigned portreg__port_of(unsigned k)
{
#if PORTREG_FAST
    return portreg__fast_port[k];
#else
    unsigned h = portreg__high_byte_guess[k >> 5];
    while (portreg__high_byte_first[h + 1u] <= k)
        h++;
    return h << 8 | portreg__port_low_byte[k];
#endif
}

/* The high port of range record K (every range record is listed: the
 * generator checks it). */
static unsigned portreg__range_hi(unsigned k)
{
    const uint16_t (*r)[3] = portreg__ranges;
    while ((*r)[PORTREG__RANGE_RECORD] != k)
        r++;
    return (*r)[PORTREG__RANGE_HIGH];
}

/* The id of record K's first entry. */
static unsigned portreg__id_of(unsigned k)
{
#if PORTREG_FAST
    return portreg__fast_entry_id[k];
#else
    unsigned j = k & ~7u, id = portreg__group_first_entry[k >> 3];
    for (; j < k; j++)
        id += portreg__bit_count[portreg__record_mask[j] & PORTREG_ANY];
    return id;
#endif
}

/* The entries of a record with mask M before its entry for BIT. */
static unsigned portreg__before(unsigned m, unsigned bit)
{
    return portreg__bit_count[m & PORTREG_ANY & (bit - 1u)];
}

/* Whether record K comes from the OVERLAY file. */
static int portreg__is_local(unsigned k)
{
    size_t i = portreg__lower_bound(portreg__local_records, portreg__local_count, k);
    return i < portreg__local_count && portreg__local_records[i] == k;
}

/* Entry ID, for protocol BIT of record K (mask M, named NAME): ports
 * LO..HI, PREFERRED whether it is the first of its port and protocol. */
PORTREG__SMALL static void portreg__put(
    struct portreg_entry *e, const char *name, unsigned k, unsigned m,
    unsigned bit, unsigned lo, unsigned hi, unsigned id, int preferred)
{
    e->name = name;
#if PORTREG__HAS_DESCRIPTIONS
    e->description = portreg__descriptions + portreg__description_offset[k];
#else
    e->description = "";
#endif
    e->port_lo = (uint16_t)lo;
    e->port_hi = (uint16_t)hi;
    e->proto = (uint8_t)bit;
    e->flags = (uint8_t)(((m & PORTREG__NOPORT) ? PORTREG_F_NOPORT
                          : preferred ? PORTREG_F_PREFERRED : 0u) |
                         (portreg__is_local(k) ? PORTREG_F_LOCAL : 0u));
    e->id = (uint16_t)id;
}

#if !PORTREG_FAST
static int portreg__preferred(unsigned k, unsigned port, unsigned bit);
#endif

static void portreg__fill(unsigned k, unsigned bit, struct portreg_entry *e)
{
    unsigned m = portreg__record_mask[k], lo = 0, hi = 0;
    int preferred = 0;
    if (!(m & PORTREG__NOPORT)) {
        lo = hi = portreg__port_of(k);
        if (m & PORTREG__RANGE)
            hi = portreg__range_hi(k);
#if PORTREG_FAST
        preferred = (portreg__fast_preferred[k] & bit) != 0;
#else
        preferred = portreg__preferred(k, lo, bit);
#endif
    }
    portreg__put(e, portreg__name(k), k, m, bit, lo, hi, portreg__id_of(k) + portreg__before(m, bit),
                 preferred);
}

/* Appends record K's entries for PROTOS to OUT[N..MAX); returns new N. */
static size_t portreg__expand(unsigned k, unsigned protos,
                              struct portreg_entry *out, size_t max, size_t n)
{
    unsigned m = portreg__record_mask[k] & protos & PORTREG_ANY;
    for (; m; m &= m - 1u) {
        if (n < max)
            portreg__fill(k, m & (~m + 1u), &out[n]);
        n++;
    }
    return n;
}

/* The first record whose port is >= 32W. */
static inline unsigned portreg__base(unsigned w)
{
    return portreg__port_word_first[w] & PORTREG__WORD_FIRST;
}

#if PORTREG_FAST
/* The fast index's column for the protocol mask P: tcp's or udp's, or NULL
 * for any other mask or a protocol the build leaves out. */
static inline const uint32_t *portreg__fast_column(unsigned p)
{
    if (p == PORTREG_TCP && (PORTREG__FAST_PROTOS & PORTREG_TCP) != 0)
        return portreg__fast_tcp_first;
    if (p == PORTREG_UDP && (PORTREG__FAST_PROTOS & PORTREG_UDP) != 0)
        return portreg__fast_udp_first;
    return NULL;
}

static const size_t portreg__fast_ports = PORTREG__FAST_PORTS;

/* PORT's slot in the fast columns, or PORTREG__NO_SLOT where it has no tcp
 * or udp record: its group of 8's base plus its place in the group (the
 * groups overlap; gen/tables.py's _displace).  The bit and the base are
 * read side by side.  A port past the groups (a quarter of all, with the
 * registry's) reads bit PORTREG__FAST_PORTS, which is clear: a choice, not
 * a test, which mispredicted on uniform queries. */
static inline unsigned portreg__fast_slot(unsigned port)
{
    unsigned p = port < portreg__fast_ports ? port
                                            : (unsigned)portreg__fast_ports;
    if (!(portreg__fast_port_bits[p >> 5] >> (p & 31u) & 1u))
        return PORTREG__NO_SLOT;
    return portreg__fast_port_base[p >> 3] + (p & 7u);
}

/* A fast column entry's general bit: by_port takes the general path (more
 * records cover the port; PORTREG__FAST_NONE has it); its range bit: the
 * port's one entry is a range record's; and its record. */
#define PORTREG__FAST_GENERAL (1u << (PORTREG__FAST_SHIFT - 1u))
#define PORTREG__FAST_RANGE (1u << (PORTREG__FAST_SHIFT - 2u))
#define PORTREG__FAST_RECORD(e) ((unsigned)(e) & (PORTREG__FAST_RANGE - 1u))

/* The entry for BIT (one of tcp and udp) of range record K (mask M), the
 * first record of its low port with BIT, to OUT.  Out of line: it keeps
 * portreg_by_port's common path short. */
PORTREG__NOINLINE static void portreg__fast_range(
    struct portreg_entry *out, unsigned k, unsigned m, unsigned bit)
{
    portreg__put(out, portreg__name(k), k, m & PORTREG_ANY, bit,
                 portreg__port_of(k), portreg__range_hi(k),
                 portreg__fast_entry_id[k] + (m & (bit - 1u)), 1);
}

/* The entries for BIT (one of tcp and udp) of the one-port records K.. of
 * PORT, K the first with BIT and END its word's end, to OUT[0..MAX);
 * returns how many there are.  Each record's entry id is its own. */
PORTREG__NOINLINE static size_t portreg__fast_run(
    unsigned k, unsigned end, unsigned port, unsigned bit,
    struct portreg_entry *out, size_t max)
{
    size_t n = 0;
    do {
        unsigned m = portreg__record_mask[k];
        if (m & bit) {
            if (n < max)
                portreg__put(&out[n], portreg__name(k), k, m & PORTREG_ANY,
                             bit, port, port, portreg__fast_entry_id[k] +
                             (m & (bit - 1u)), n == 0);
            n++;
        }
        k++;
    } while (k < end && portreg__port_low_byte[k] == (port & 0xffu));
    return n;
}
#endif

/* The first of the one-port records of PORT, in word W (< PORT_WORDS)
 * whose first record is BASE, or PORTREG__NONE; the port's later records
 * follow it, up to the word's end, portreg__base(W + 1).  The rank counts
 * ports, not records: the later records of lower ports in the word are
 * skipped (few: most ports have one record). */
static inline unsigned portreg__run(unsigned base, unsigned w, unsigned port)
{
    uint32_t bits = portreg__port_used[w], bit = (uint32_t)1u << (port & 31u);
    unsigned k;
    if (!(bits & bit))
        return PORTREG__NONE;
    k = base + portreg__pop32(bits & (bit - 1u));
    while (portreg__port_low_byte[k] != (port & 0xffu))
        k++;
    return k;
}

/* Walks the records covering one port in record order: the port's run of
 * one-port records merged with the range records that cover it. */
struct portreg__cursor {
    unsigned port, k, end;
    size_t r;   /* next range to look at; portreg__range_count: none */
};

static void portreg__cursor_init(struct portreg__cursor *c, unsigned port)
{
    unsigned w = port >> 5, k;
    c->port = port;
    c->k = c->end = 0;
    c->r = portreg__range_count;
    if (w >= PORTREG__PORT_WORDS)
        return;
    k = portreg__run(portreg__base(w), w, port);  /* cursor_next skips */
    if (k != PORTREG__NONE) {                     /* range records */
        c->k = k;
        c->end = portreg__base(w + 1u);
    }
    if (portreg__port_word_first[w] & PORTREG__RANGE_WORD)
        c->r = 0;
}

static unsigned portreg__cursor_next(struct portreg__cursor *c)
{
    unsigned a = PORTREG__NONE, b = PORTREG__NONE;
    while (c->k < c->end && (portreg__record_mask[c->k] & PORTREG__RANGE))
        c->k++;
    if (c->k < c->end && portreg__port_low_byte[c->k] == (c->port & 0xffu))
        a = c->k;
    for (; c->r < portreg__range_count; c->r++) {
        const uint16_t *r = portreg__ranges[c->r];
        if (r[PORTREG__RANGE_LOW] <= c->port &&
            c->port <= r[PORTREG__RANGE_HIGH]) {
            b = r[PORTREG__RANGE_RECORD];
            break;
        }
    }
    if (a == PORTREG__NONE && b == PORTREG__NONE)
        return PORTREG__NONE;
    if (a < b) {
        c->k++;
        return a;
    }
    c->r++;
    return b;
}

/* The protocol bit for "tcp", "udp", "sctp" or "dccp"; PORTREG_ANY for NULL;
 * 0 for anything else.  The first byte picks the one candidate. */
static inline unsigned portreg__proto(const char *p)
{
    if (p == NULL)
        return PORTREG_ANY;
    switch (p[0]) {
    case 't':
        return p[1] == 'c' && p[2] == 'p' && p[3] == '\0' ? PORTREG_TCP : 0;
    case 'u':
        return p[1] == 'd' && p[2] == 'p' && p[3] == '\0' ? PORTREG_UDP : 0;
    case 's':
        return p[1] == 'c' && p[2] == 't' && p[3] == 'p' && p[4] == '\0'
                   ? PORTREG_SCTP : 0;
    case 'd':
        return p[1] == 'c' && p[2] == 'c' && p[3] == 'p' && p[4] == '\0'
                   ? PORTREG_DCCP : 0;
    default:
        return 0;
    }
}

unsigned portreg_proto(const char *proto)
{
    return portreg__proto(proto);
}

const char *portreg_proto_name(unsigned bit)
{
    static const char names[4][5] = {"tcp", "udp", "sctp", "dccp"};
    switch (bit) {
    case PORTREG_TCP: return names[0];
    case PORTREG_UDP: return names[1];
    case PORTREG_SCTP: return names[2];
    case PORTREG_DCCP: return names[3];
    default: return NULL;
    }
}

/* The protocols the DNS-SD service type S (LEN bytes, "_NAME._tcp" or
 * "_NAME._udp", RFC 6763: _udp stands for every protocol but TCP) selects,
 * or 0 when S is not one; the name is S + 1, LEN - 6 bytes. */
static unsigned portreg__service_type(const char *s, size_t len)
{
    const char *t;
    if (len < 7u || s[0] != '_')
        return 0;
    t = s + len - 5u;
    if (t[0] != '.' || t[1] != '_' || portreg__fold((unsigned char)t[4]) != 'p')
        return 0;
    if (portreg__fold((unsigned char)t[2]) == 't' &&
        portreg__fold((unsigned char)t[3]) == 'c')
        return PORTREG_TCP;
    if (portreg__fold((unsigned char)t[2]) == 'u' &&
        portreg__fold((unsigned char)t[3]) == 'd')
        return PORTREG_UDP | PORTREG_SCTP | PORTREG_DCCP;
    return 0;
}

PORTREG__HOT size_t portreg_by_name(const char *name, size_t len,
                                    unsigned protos,
                                    struct portreg_entry *out, size_t max)
{
    size_t n = 0;
    unsigned k, sel;
    if (name == NULL || len == 0)
        return 0;
    if (out == NULL)
        max = 0;
    if (name[0] == '_' && (sel = portreg__service_type(name, len)) != 0) {
        name++;         /* no registry name starts with '_' */
        len -= 6u;
        protos &= sel;
    }
    if (len > PORTREG_MAX_NAME_LEN)
        return 0;
    /* a query with a NUL matches no name: the comparison sees to it (a
     * NUL differs from a name's byte in more than 0x20, or from a space,
     * which is no letter) */
    k = portreg__find(name, len, len > 1u ? (unsigned char)name[1] : 0u);
    for (; k != PORTREG__NONE; k = portreg__next(k))
        n = portreg__expand(k, protos, out, max, n);
    return n;
}

int portreg_valid_name(const char *name, size_t len)
{
    size_t i;
    int letter = 0;
    if (name == NULL || len == 0 || len > 15u || name[0] == '-' ||
        name[len - 1u] == '-')
        return 0;
    for (i = 0; i < len; i++) {
        unsigned c = (unsigned char)name[i];
        if (portreg__fold(c) - 'a' < 26u)
            letter = 1;
        else if (c == '-' ? name[i + 1u] == '-' : c - '0' >= 10u)
            return 0;   /* a doubled hyphen, or not a letter, digit, '-' */
    }
    return letter;
}

/* portreg_by_port where a port range touches the port's word: the cursor
 * merges the range records in (portreg__fill finds each entry's ports and
 * flags again: a rare path kept small). */
PORTREG__COLD static size_t portreg__by_port_near_range(
    unsigned port, unsigned protos, struct portreg_entry *out, size_t max)
{
    struct portreg__cursor c;
    size_t n = 0;
    unsigned k;
    portreg__cursor_init(&c, port);
    while ((k = portreg__cursor_next(&c)) != PORTREG__NONE)
        n = portreg__expand(k, protos, out, max, n);
    return n;
}

/* Writes the entries for PROTOS of the one-port records K.. of PORT (K the
 * first, END its word's end) to OUT[0..MAX); returns how many there are.
 * The run's ids follow the first by counting.  Out of line, so that a port
 * with no records returns from portreg_by_port without saving registers. */
PORTREG__NOINLINE static size_t portreg__expand_run(
    unsigned k, unsigned end, unsigned port, unsigned protos,
    struct portreg_entry *out, size_t max)
{
    unsigned seen = 0, id = portreg__id_of(k);
    size_t n = 0;
    do {
        unsigned m = portreg__record_mask[k], sel;
        for (sel = m & protos & PORTREG_ANY; sel; sel &= sel - 1u) {
            unsigned bit = sel & (~sel + 1u);
            if (n < max)
                portreg__put(&out[n], portreg__name(k), k, m, bit,
                             port, port, id + portreg__before(m, bit),
                             !(seen & bit));
            n++;
        }
        seen |= m;
        id += portreg__bit_count[m & PORTREG_ANY];
        k++;
    } while (k < end && portreg__port_low_byte[k] == (port & 0xffu));
    return n;
}

/* portreg_by_port from the port index of every build. */
PORTREG__BESIDE_FAST static size_t portreg__by_port_of(
    unsigned port, unsigned protos, struct portreg_entry *out, size_t max)
{
    unsigned w = port >> 5, base, k;
    if (w >= PORTREG__PORT_WORDS)   /* also port > 65535 */
        return 0;
    base = portreg__port_word_first[w];
    if (base & PORTREG__RANGE_WORD)
        return portreg__by_port_near_range(port, protos, out,
                                           out == NULL ? 0 : max);
    k = portreg__run(base, w, port);
    if (k == PORTREG__NONE)
        return 0;
    return portreg__expand_run(k, portreg__base(w + 1u), port, protos, out,
                               out == NULL ? 0 : max);
}

#if PORTREG_FAST
/* portreg_by_port for the fast column entry E of PORT (PROTOS tcp or udp)
 * that is general or a range's, or with no room in OUT: kept off the
 * common path. */
PORTREG__NOINLINE static size_t portreg__fast_other(
    uint32_t e, unsigned port, unsigned protos, struct portreg_entry *out,
    size_t max)
{
    unsigned w = port >> 5, k = PORTREG__FAST_RECORD(e);
    if (e == PORTREG__FAST_NONE)
        return 0;
    if (!(e & PORTREG__FAST_GENERAL)) {
        /* one entry; with room, a range's (a one-port record's is written
         * by portreg__fast_by_port itself) */
        if (out != NULL && max != 0)
            portreg__fast_range(out, k, portreg__record_mask[k], protos);
        return 1;
    }
    if (portreg__port_word_first[w] & PORTREG__RANGE_WORD)
        return portreg__by_port_of(port, protos, out, max);
    return portreg__fast_run(k, portreg__base(w + 1u), port, protos, out,
                             out == NULL ? 0 : max);
}
#endif

#if PORTREG_FAST
/* portreg_by_port for BIT, tcp or udp, whose fast column is COL: inlined
 * once for each, so that BIT is a constant. */
static inline size_t portreg__fast_by_port(const uint32_t *col, unsigned bit,
                                           unsigned port,
                                           struct portreg_entry *out,
                                           size_t max)
{
    unsigned i, k, m;
    uint32_t e;
    if ((i = portreg__fast_slot(port)) == PORTREG__NO_SLOT)
        return 0;
    e = col[i];
    if ((e & (PORTREG__FAST_GENERAL | PORTREG__FAST_RANGE)) || out == NULL ||
        max == 0)
        return portreg__fast_other(e, port, bit, out, max);
    /* the common case: one one-port record, so one entry, preferred.  The
     * record's entries before BIT's are M & (BIT - 1): udp's follows tcp's
     * (for tcp that is 0, and the mask is not read). */
    k = PORTREG__FAST_RECORD(e);
    m = portreg__record_mask[k];
    portreg__put(out, portreg__names + (e >> PORTREG__FAST_SHIFT), k,
                 m & PORTREG_ANY, bit, port, port,
                 portreg__fast_entry_id[k] + (m & (bit - 1u)), 1);
    return 1;
}
#endif

PORTREG__HOT size_t portreg_by_port(unsigned port, unsigned protos,
                                    struct portreg_entry *out, size_t max)
{
#if PORTREG_FAST
    if (protos == PORTREG_TCP && (PORTREG__FAST_PROTOS & PORTREG_TCP) != 0)
        return portreg__fast_by_port(portreg__fast_tcp_first, PORTREG_TCP,
                                     port, out, max);
    if (protos == PORTREG_UDP && (PORTREG__FAST_PROTOS & PORTREG_UDP) != 0)
        return portreg__fast_by_port(portreg__fast_udp_first, PORTREG_UDP,
                                     port, out, max);
#endif
    return portreg__by_port_of(port, protos, out, max);
}

#if !PORTREG__SSE2
/* The length of the C string NAME, read up to the longest name and one
 * more: with PORTREG_FAST a test a byte (unrolled), else four bytes a
 * turn. */
static size_t portreg__name_length(const char *name)
{
    size_t len = 0;
#if PORTREG_FAST && defined(__GNUC__)
#pragma GCC unroll 64
    for (; len <= PORTREG_MAX_NAME_LEN; len++)
        if (name[len] == '\0')
            break;
#else
    while (len <= PORTREG_MAX_NAME_LEN) {
        if (name[len] == '\0')
            return len;
        if (name[len + 1u] == '\0')
            return len + 1u;
        if (name[len + 2u] == '\0')
            return len + 2u;
        if (name[len + 3u] == '\0')
            return len + 3u;
        len += 4u;
    }
#endif
    return len;
}
#endif

/* The protocol string is read only for a name that is found. */
PORTREG__HOT int32_t portreg_port(const char *name, const char *proto)
{
    size_t len;
    unsigned k, protos;
#if PORTREG__SSE2
    struct portreg__query q;
#endif
    if (name == NULL)
        return -1;
#if PORTREG__SSE2
    len = portreg__query(name, &q);
#else
    len = portreg__name_length(name);
#endif
    if (len == 0 || len > PORTREG_MAX_NAME_LEN)
        return -1;
#if PORTREG_FAST
    {
        /* the name's word answers tcp, and udp where it is the same port */
#if PORTREG__SSE2
        uint64_t w = portreg__find_block(name, len, &q);
#else
        uint64_t w = portreg__find_word(name, len, (unsigned char)name[1]);
#endif
        if (w == 0)
            return -1;
        protos = portreg__proto(proto);
        if (protos == PORTREG_TCP || (protos == PORTREG_UDP &&
                                      (w >> PORTREG__NAME_UDP & 1u))) {
            if (!(w >> PORTREG__NAME_TCP & 1u))
                return -1;
            return (int32_t)(w >> PORTREG__NAME_PORT_SHIFT & 0xffffu);
        }
        k = PORTREG__WORD_RECORD(w);
    }
#else
    k = portreg__find(name, len, (unsigned char)name[1]);  /* a C string */
    if (k == PORTREG__NONE)
        return -1;
    protos = portreg__proto(proto);
#endif
    for (; k != PORTREG__NONE; k = portreg__next(k)) {
        unsigned m = portreg__record_mask[k];
        if ((m & protos) && !(m & PORTREG__NOPORT))
            return (int32_t)portreg__port_of(k);
    }
    return -1;
}

/* The first record, in registry order, covering PORT with a protocol in
 * PROTOS, or PORTREG__NONE, where a port range touches the port's 32-port
 * word: the cursor merges the range records in.  Kept out of line so that
 * the common path needs no saved registers. */
PORTREG__COLD static unsigned portreg__first_near_range(unsigned port,
                                                       unsigned protos)
{
    struct portreg__cursor c;
    unsigned k;
    portreg__cursor_init(&c, port);
    while ((k = portreg__cursor_next(&c)) != PORTREG__NONE)
        if (portreg__record_mask[k] & protos)
            return k;
    return PORTREG__NONE;
}

/* The first record for PROTOS from K, the first of PORT's one-port records
 * in its word W, which no range touches; or PORTREG__NONE. */
static inline unsigned portreg__first_from(unsigned k, unsigned w,
                                           unsigned port, unsigned protos)
{
    unsigned end;
    if (portreg__record_mask[k] & protos)
        return k;       /* the common case: the first */
    end = portreg__base(w + 1u);
    for (k++; k < end && portreg__port_low_byte[k] == (port & 0xffu); k++)
        if (portreg__record_mask[k] & protos)
            return k;
    return PORTREG__NONE;
}

#if !PORTREG_FAST
/* Whether record K, of port PORT (its low port) and protocol BIT, is the
 * first record covering PORT with BIT.  Where no range touches the port's
 * word, the port's earlier records are right before K. */
static int portreg__preferred(unsigned k, unsigned port, unsigned bit)
{
    unsigned w = port >> 5, first;
    if (portreg__port_word_first[w] & PORTREG__RANGE_WORD)
        return portreg__first_near_range(port, bit) == k;
    for (first = portreg__base(w); k > first &&
         portreg__port_low_byte[k - 1u] == (port & 0xffu); k--)
        if (portreg__record_mask[k - 1u] & bit)
            return 0;
    return 1;
}
#endif

/* portreg_name from the port index of every build.  The protocol string is
 * read only where the port has records: no mask has a bit of the 0 that a
 * bad protocol gives. */
PORTREG__BESIDE_FAST static const char *portreg__name_of_port(
    unsigned port, const char *proto)
{
    unsigned w = port >> 5, base, k;
    if (w >= PORTREG__PORT_WORDS)   /* also port > 65535 */
        return NULL;
    base = portreg__port_word_first[w];
    if (base & PORTREG__RANGE_WORD) {
        k = portreg__first_near_range(port, portreg__proto(proto));
    } else {
        k = portreg__run(base, w, port);
        if (k == PORTREG__NONE)
            return NULL;
        k = portreg__first_from(k, w, port, portreg__proto(proto));
    }
    return k == PORTREG__NONE ? NULL : portreg__name(k);
}

PORTREG__HOT const char *portreg_name(unsigned port, const char *proto)
{
#if PORTREG_FAST
    unsigned i = portreg__fast_slot(port);
    const uint32_t *col;
    uint32_t e;
    if (i == PORTREG__NO_SLOT) {    /* no tcp or udp record */
        if (proto != NULL && (proto[0] == 't' || proto[0] == 'u'))
            return NULL;        /* "tcp", "udp" or not a protocol */
        return portreg__name_of_port(port, proto);
    }
    col = portreg__fast_column(portreg__proto(proto));
    if (col == NULL)    /* sctp, dccp, any */
        return portreg__name_of_port(port, proto);
    e = col[i];
    return e == PORTREG__FAST_NONE ? NULL
                                   : portreg__names + (e >> PORTREG__FAST_SHIFT);
#else
    return portreg__name_of_port(port, proto);
#endif
}

/* Whether this build holds PORT (PORTS=). */
static int portreg__holds(unsigned port)
{
    size_t i;
    for (i = 0; i < portreg__span_count; i++)
        if (portreg__port_spans[i][0] <= port && port <= portreg__port_spans[i][1])
            return 1;
    return 0;
}

enum portreg_status portreg_status(unsigned port, unsigned proto)
{
    struct portreg__cursor c;
    size_t i;
    unsigned k, held;
    proto &= PORTREG_ANY;
    if (port > 65535u || proto == 0)
        return PORTREG_UNASSIGNED;
    held = proto & (PORTREG_PROTOCOLS | PORTREG_NOPROTO);
    if (!portreg__holds(port) || held == 0)
        return PORTREG_UNKNOWN;
    portreg__cursor_init(&c, port);
    while ((k = portreg__cursor_next(&c)) != PORTREG__NONE)
        if (portreg__record_mask[k] & (held | PORTREG_NOPROTO))
            return PORTREG_ASSIGNED;
    if (held != proto)      /* a protocol left out could hold it */
        return PORTREG_UNKNOWN;
    /* the first interval that ends at or past port */
    i = portreg__lower_bound(portreg__reserved_high, portreg__reserved_count, port);
    if (i < portreg__reserved_count && portreg__reserved_low[i] <= port &&
        (portreg__reserved_protocols[i] & proto))
        return PORTREG_RESERVED;
    return port >= PORTREG__DYNAMIC_FIRST ? PORTREG_DYNAMIC
                                          : PORTREG_UNASSIGNED;
}

#if PORTREG__RECORDS
static const char *portreg__rs(unsigned i)
{
    return portreg__column_text + portreg__column_text_offset[i];
}
#endif

int portreg_record(size_t id, struct portreg_record *out)
{
#if PORTREG__RECORDS
    unsigned d, t;
    size_t i;
    if (out == NULL || id >= portreg__entry_count)
        return -1;
    d = portreg__entry_columns[id];
    out->assignee = portreg__rs(portreg__columns[d][0]);
    out->contact = portreg__rs(portreg__columns[d][1]);
    out->registration_date = portreg__rs(portreg__columns[d][2]);
    out->modification_date = portreg__rs(portreg__columns[d][3]);
    out->reference = portreg__rs(portreg__columns[d][4]);
    out->service_code = portreg__rs(portreg__columns[d][5]);
    out->unauthorized_use = portreg__rs(portreg__columns[d][6]);
    out->assignment_notes = portreg__rs(portreg__columns[d][7]);
    out->rfcs = portreg__rfc_numbers + portreg__columns_first_rfc[d];
    for (i = 0; out->rfcs[i] != 0; i++)
        ;
    out->rfc_count = i;
    for (i = 0, t = portreg__columns_first_txt[d]; portreg__txt_keys[t][0] != 0; i++, t++) {
        out->txt[i].key = portreg__rs(portreg__txt_keys[t][0]);
        out->txt[i].description = portreg__rs(portreg__txt_keys[t][1]);
    }
    out->txt_count = i;
    return 0;
#else
    (void)id;
    (void)out;
    return -1;     /* PROFILE=minimal leaves the columns out */
#endif
}

size_t portreg_count(void)
{
    return portreg__entry_count;
}

int portreg_get(size_t id, struct portreg_entry *out)
{
    size_t lo = 0, hi = (PORTREG__RECORD_COUNT + 7u) / 8u;
    unsigned k, m, n;
    if (out == NULL || id >= portreg__entry_count)
        return -1;
    while (hi - lo > 1u) {  /* the last group of 8 whose first id <= id */
        size_t mid = lo + (hi - lo) / 2u;
        if (portreg__group_first_entry[mid] <= id)
            lo = mid;
        else
            hi = mid;
    }
    k = (unsigned)lo * 8u;
    id -= portreg__group_first_entry[lo];
    while (id >= (n = portreg__bit_count[portreg__record_mask[k] & PORTREG_ANY])) {
        id -= n;
        k++;
    }
    for (m = portreg__record_mask[k] & PORTREG_ANY; id > 0; id--)
        m &= m - 1u;
    portreg__fill(k, m & (~m + 1u), out);
    return 0;
}
