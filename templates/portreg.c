/*
 * portreg: the lookups.  Plain C99 over the tables that the generator writes
 * to portreg_tables.c.h; make dist joins the files into one portreg.c.
 *
 * A record is a run of entries that differ only in protocol (the tcp and udp
 * rows of one service); records are numbered in entry order, and every table
 * is a column over records, names, slots or ports.  gen/README.md explains
 * each table's layout; the lookups here expand records into entries.
 *
 * This file is the algorithm every build runs.  Beside it, exactly one
 * variant file (chosen below, by PORTREG_FAST) supplies the few functions
 * whose tables differ:
 *   portreg_compact.c.h   the compact indexes (the default where pointers
 *                         are 32-bit: microcontrollers count the bytes);
 *   portreg_fast.c.h      fast indexes for tcp and udp, name -> port and
 *                         port -> name (the default where pointers are
 *                         64-bit), with an SSE2 query reader on x86-64.
 * Both define portreg__find, portreg__port_of, portreg__id_of and
 * portreg__preferred, and the shortcuts portreg__port_find,
 * portreg__by_port_fast and portreg__name_fast, which the compact variant
 * leaves to the general path.  The answers are the same either way.
 *
 * Tables hold offsets and indices, never pointers: the object has no
 * relocations and no writable data, and needs nothing from the C library.
 */
#include "portreg.h"

#ifndef PORTREG_FAST
#if defined(UINTPTR_MAX) && UINTPTR_MAX > 0xffffffffu
#define PORTREG_FAST 1
#else
#define PORTREG_FAST 0
#endif
#endif

/* Code-generation attributes, named for their effect; nothing where the
 * compiler has no such attribute.  GCC at -Os on Thumb-1-only cores
 * (Cortex-M0, M0+, M23) turns switches into tables read by libgcc's
 * helpers: without jump tables this file needs nothing from outside. */
/* Under Frama-C the unreachable default returns (the proof shows it is
 * unreachable: tests/proof/README.md). */
#if defined(__GNUC__) && !defined(__FRAMAC__)
#define PORTREG__NOINLINE __attribute__((noinline))
#define PORTREG__COLD __attribute__((noinline, cold))
#define PORTREG__FLATTEN __attribute__((flatten))
#define PORTREG__ALIGNED(n) __attribute__((aligned(n)))
#define PORTREG__UNROLL _Pragma("GCC unroll 64")
#define PORTREG__UNREACHABLE(r) __builtin_unreachable()
#else
#define PORTREG__NOINLINE
#define PORTREG__COLD
#define PORTREG__FLATTEN
#define PORTREG__ALIGNED(n)
#define PORTREG__UNROLL
#define PORTREG__UNREACHABLE(r) return (r)
#endif
#if defined(__has_attribute) && !defined(__FRAMAC__)
#if __has_attribute(fallthrough)
#define PORTREG__FALLTHROUGH __attribute__((fallthrough))
#endif
#endif
#ifndef PORTREG__FALLTHROUGH
#define PORTREG__FALLTHROUGH ((void)0)
#endif
#if defined(__GNUC__) && !defined(__clang__) && defined(__OPTIMIZE_SIZE__) && \
    defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB == 1
#pragma GCC optimize("no-jump-tables")
#endif
#define PORTREG__CHECK(what, cond) \
    typedef char portreg__check_##what[(cond) ? 1 : -1]

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
    return c | (((c - (unsigned)'A') < 26u) ? 0x20u : 0u);
}

/* Set bits in X, without a library call: the popcount instruction where
 * the target has one, else the SWAR sum. */
#if defined(__GNUC__) && defined(__POPCNT__)
static unsigned portreg__pop32(uint32_t x)
{
    return (unsigned)__builtin_popcount(x);
}
#else
static unsigned portreg__pop32(uint32_t x)
{
    uint32_t v = x - ((x >> 1) & 0x55555555u);
    v = (v & 0x33333333u) + ((v >> 2) & 0x33333333u);
    return (unsigned)((((v + (v >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24);
}
#endif

/* Record K's name, NUL-terminated, in the names pool. */
static const char *portreg__name(unsigned k)
{
    const size_t at = ((size_t)portreg__name_group_base[
                           k / PORTREG__NAME_GROUP]
                       << PORTREG__NAME_SHIFT) +
                      portreg__name_offset[k];
    /*@ admit name_in_pool:
          at + PORTREG_MAX_NAME_LEN < PORTREG__NAMES_BYTES; */
    return &portreg__names[at];
}

/* Names are compared a machine word at a time: 8 bytes on 64-bit targets,
 * 4 on 32-bit ones.  The loads read bytes and shift them into a
 * little-endian word (one load where the target allows it); equality does
 * not depend on the byte order.  A name shorter than a word is read as one
 * word all the same: two overlapping half words, or for fewer bytes its
 * first, middle and last byte, with 0x01 in the bytes left over: not NUL,
 * not a letter, equal on both sides. */
#define PORTREG__B(p, i, T) ((T)(p)[i] << (8u * (unsigned)(i)))
#if defined(UINTPTR_MAX) && UINTPTR_MAX > 0xffffffffu
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

/* Bytes P[0..2) and P[I..I+2) (I <= 2) as one word. */
static inline portreg__word portreg__load_halves(const unsigned char *p,
                                                 size_t i)
{
    return PORTREG__B(p, 0, uint32_t) | PORTREG__B(p, 1, uint32_t) |
           ((PORTREG__B(&p[i], 0, uint32_t) |
             PORTREG__B(&p[i], 1, uint32_t)) << 16);
}
#endif
#define PORTREG__W sizeof(portreg__word)
#define PORTREG__ONES (~(portreg__word)0 / 0xffu)     /* 0x0101... */
#define PORTREG__HIGH (PORTREG__ONES * 0x80u)         /* 0x8080... */
#define PORTREG__CASE (PORTREG__ONES * 0x20u)         /* 0x2020... */

/* P's first, middle and last byte (1 <= LEN < half a word) as one word. */
static inline portreg__word portreg__load_small(const unsigned char *p,
                                                size_t len)
{
    return (portreg__word)p[0] | ((portreg__word)p[len >> 1] << 8) |
           ((portreg__word)p[len - 1u] << 16) | (PORTREG__ONES << 24);
}

/* 0x20 in the bytes of N that are ASCII letters.  The test adds per byte
 * with the top bit cleared, so no carry crosses a byte. */
static inline portreg__word portreg__letters(portreg__word n)
{
    const portreg__word l = n | PORTREG__CASE;
    const portreg__word h = l & ~PORTREG__HIGH;
    return ((h + (0x1fu * PORTREG__ONES)) & ~(h + (0x05u * PORTREG__ONES)) &
            ~l & PORTREG__HIGH) >> 2;   /* 'a' <= l <= 'z' */
}

/* Whether name bytes N equal query bytes that differ from them in X (not
 * 0), ASCII case ignored: only in bit 0x20, and only where N is a letter.
 * Out of line: a query in the registry's own case never calls it. */
PORTREG__NOINLINE static int portreg__same_case(portreg__word x,
                                                portreg__word n)
{
    return (x & ~portreg__letters(n)) == 0u;
}

/* Whether name bytes N equal query bytes Q, ASCII case ignored. */
static inline int portreg__same_word(portreg__word n, portreg__word q)
{
    return (n == q) || portreg__same_case(n ^ q, n);
}

/* Whether the words between the first and the last of a name longer than
 * two words agree (32-bit targets: no registry name is longer than 16
 * bytes).  Out of line, so that its loop's constants cost nothing to the
 * common comparison. */
PORTREG__NOINLINE static int portreg__same_middle(const unsigned char *n,
                                                  const unsigned char *s,
                                                  size_t len)
{
    size_t i;
    for (i = PORTREG__W; (i + PORTREG__W) < len; i += PORTREG__W) {
        if (!portreg__same_word(portreg__load(&n[i]), portreg__load(&s[i]))) {
            return 0;
        }
    }
    return 1;
}

/* Whether the pool name at N, of LEN bytes, is the query S (LEN bytes,
 * 1 <= LEN <= the longest name): the pool ends in PORTREG_MAX_NAME_LEN NUL
 * bytes, so the loads below stay inside it. */
static inline int portreg__same_length(const unsigned char *n,
                                       const unsigned char *s, size_t len)
{
    const size_t w = PORTREG__W;
    const size_t half = PORTREG__W / 2u;
    if (len >= w) {     /* the first and last words, overlapping */
        const size_t i = len - w;
        return portreg__same_word(portreg__load(n), portreg__load(s)) &&
               ((i == 0u) || portreg__same_word(portreg__load(&n[i]),
                                                portreg__load(&s[i]))) &&
               ((len <= (2u * w)) || portreg__same_middle(n, s, len));
    }
    if (len >= half) {  /* two half words, overlapping, as one */
        return portreg__same_word(portreg__load_halves(n, len - half),
                                  portreg__load_halves(s, len - half));
    }
    return portreg__same_word(portreg__load_small(n, len),
                              portreg__load_small(s, len));
}

/* The first index i < N with A[i] >= KEY in the sorted array A, or N. */
static size_t portreg__lower_bound(const uint16_t *a, size_t n, unsigned key)
{
    size_t lo = 0;
    size_t hi = n;
    while (lo < hi) {
        size_t mid = lo + ((hi - lo) / 2u);
        /*@ admit binary_search: mid < n; */  /* lo < hi <= n */
        if (a[mid] < key) {
            lo = mid + 1u;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* The next record of record K's name, or PORTREG__NONE. */
static unsigned portreg__next(unsigned k)
{
    if ((portreg__record_mask[k] & PORTREG__MORE) == 0u) {
        return PORTREG__NONE;
    }
    return portreg__same_name_next[portreg__lower_bound(
        portreg__same_name_from, portreg__link_count, k)];
}

/* The (low) port of record K, which has one (the variant's). */
static unsigned portreg__port_of(unsigned k);

/* The high port of range record K.  The generator lists every range
 * record (tables.py's check), in record order, and then PORTREG__NONE,
 * above every record: the walk ends there at the latest. */
static unsigned portreg__range_hi(unsigned k)
{
    const uint16_t (*r)[PORTREG__RANGE_FIELDS] = portreg__ranges;
    while ((*r)[PORTREG__RANGE_RECORD] < k) {
        r++;
    }
    return (*r)[PORTREG__RANGE_HIGH];
}

/* The entries of a record with mask M before its entry for BIT. */
static unsigned portreg__before(unsigned m, unsigned bit)
{
    return portreg__bit_count[m & PORTREG_ANY & (bit - 1u)];
}

/* The protocol bits a query for PROTOS selects, bits outside
 * PORTREG_ANY dropped: a row with no protocol counts for every protocol,
 * so any protocol bit brings PORTREG_NOPROTO (PORTREG_NOPROTO alone
 * selects those rows alone).  The lookups hand portreg__expand and the
 * walks below only masks made so. */
static unsigned portreg__selects(unsigned protos)
{
    const unsigned p = protos & PORTREG_ANY;
    return ((p & (PORTREG_NOPROTO - 1u)) != 0u) ? (p | PORTREG_NOPROTO) : p;
}

/* The entries that come before an entry for BIT at its port and take the
 * first place from it (PORTREG_F_PREFERRED): those of its protocol and
 * those with none; for an entry with none, every entry. */
static unsigned portreg__rivals(unsigned bit)
{
    return (bit == PORTREG_NOPROTO) ? PORTREG_ANY : (bit | PORTREG_NOPROTO);
}

/* Whether record K comes from the OVERLAY file. */
static int portreg__is_local(unsigned k)
{
    size_t i = portreg__lower_bound(portreg__local_records,
                                    portreg__local_count, k);
    /* cppcheck-suppress unsignedLessThanZero ; the count is 0 only in a
     * build without an OVERLAY, where this is the right answer */
    return (i < portreg__local_count) && (portreg__local_records[i] == k);
}

/* Entry ID, for protocol BIT of record K (mask M, named NAME): ports
 * LO..HI, PREFERRED whether it is the first of its port and protocol
 * (defined below, after the variant). */
static void portreg__put(struct portreg_entry *e, const char *name,
                         unsigned k, unsigned m, unsigned bit, unsigned lo,
                         unsigned hi, unsigned id, int preferred);

/* The first record whose port is >= 32W. */
static inline unsigned portreg__base(unsigned w)
{
    const unsigned first = portreg__port_word_first[w] & PORTREG__WORD_FIRST;
    /*@ admit word_first_record: first <= PORTREG__RECORD_COUNT; */
    return first;
}

/* The first of the one-port records of PORT, in word W (< PORT_WORDS)
 * whose first record is BASE, or PORTREG__NONE; the port's later records
 * follow it, up to the word's end, portreg__base(W + 1).  The rank counts
 * ports, not records: the later records of lower ports in the word are
 * skipped (few: most ports have one record). */
static inline unsigned portreg__run(unsigned base, unsigned w, unsigned port)
{
    const uint32_t bits = portreg__port_used[w];
    const uint32_t bit = (uint32_t)1u << (port & 31u);
    unsigned k;
    if ((bits & bit) == 0u) {
        return PORTREG__NONE;
    }
    k = base + portreg__pop32(bits & (bit - 1u));
    /*@ admit port_in_run: k < PORTREG__RECORD_COUNT; */
    while (portreg__port_low_byte[k] != (port & 0xffu)) {
        k++;
        /*@ admit port_in_run_end: k < PORTREG__RECORD_COUNT; */
    }
    return k;
}

/* Walks the records covering one port in record order: the port's run of
 * one-port records merged with the range records that cover it. */
struct portreg__cursor {
    unsigned port;
    unsigned k;
    unsigned end;
    size_t r;   /* next range to look at; portreg__range_count: none */
};

static void portreg__cursor_init(struct portreg__cursor *c, unsigned port)
{
    const unsigned w = port >> 5;
    unsigned k;
    c->port = port;
    c->k = 0;
    c->end = 0;
    c->r = portreg__range_count;
    if (w >= PORTREG__PORT_WORDS) {
        return;
    }
    k = portreg__run(portreg__base(w), w, port);  /* cursor_next skips */
    if (k != PORTREG__NONE) {                     /* range records */
        c->k = k;
        c->end = portreg__base(w + 1u);
    }
    if ((portreg__port_word_first[w] & PORTREG__RANGE_WORD) != 0u) {
        c->r = 0;
    }
}

static unsigned portreg__cursor_next(struct portreg__cursor *c)
{
    unsigned a = PORTREG__NONE;
    unsigned b = PORTREG__NONE;
    while ((c->k < c->end) &&
           ((portreg__record_mask[c->k] & PORTREG__RANGE) != 0u)) {
        c->k++;
    }
    if ((c->k < c->end) &&
        (portreg__port_low_byte[c->k] == (c->port & 0xffu))) {
        a = c->k;
    }
    for (; c->r < portreg__range_count; c->r++) {
        const uint16_t *r = portreg__ranges[c->r];
        if ((r[PORTREG__RANGE_LOW] <= c->port) &&
            (c->port <= r[PORTREG__RANGE_HIGH])) {
            b = r[PORTREG__RANGE_RECORD];
            break;
        }
    }
    if ((a == PORTREG__NONE) && (b == PORTREG__NONE)) {
        return PORTREG__NONE;
    }
    if (a < b) {
        c->k++;
        return a;
    }
    c->r++;
    return b;
}

/* The first record, in registry order, covering PORT with a protocol in
 * PROTOS, or PORTREG__NONE, where a port range touches the port's 32-port
 * word: the cursor merges the range records in.  A rare path, kept out of
 * the common one. */
PORTREG__COLD static unsigned portreg__first_near_range(unsigned port,
                                                       unsigned protos)
{
    struct portreg__cursor c;
    unsigned k;
    portreg__cursor_init(&c, port);
    for (k = portreg__cursor_next(&c); k != PORTREG__NONE;
         k = portreg__cursor_next(&c)) {
        /*@ admit record_index: k < PORTREG__RECORD_COUNT; */
        if ((portreg__record_mask[k] & protos) != 0u) {
            return k;
        }
    }
    return PORTREG__NONE;
}

/* The general paths of portreg_by_port and portreg_name, and portreg_port's
 * walk over a name's records, defined below; the fast variant calls them
 * where its indexes do not answer. */
static size_t portreg__by_port_general(unsigned port, unsigned protos,
                                       struct portreg_entry *out, size_t max);
static const char *portreg__name_general(unsigned port, const char *proto);
static int32_t portreg__first_port(unsigned k, unsigned protos);

/* The variant: the tables' other indexes and the functions that read them
 * (this file's header comment lists them). */
#if PORTREG_FAST
#include "portreg_fast.c.h"
#else
#include "portreg_compact.c.h"
#endif

/* Record K's description: "" where the build leaves descriptions out. */
#if PORTREG__HAS_DESCRIPTIONS
static const char *portreg__description(unsigned k)
{
    return &portreg__descriptions[portreg__description_offset[k]];
}
#else
static const char *portreg__description(unsigned k)
{
    (void)k;
    return "";
}
#endif

/* Entry ID, for protocol BIT of record K (mask M, named NAME): ports
 * LO..HI, PREFERRED whether it is the first of its port and protocol. */
static void portreg__put(struct portreg_entry *e, const char *name,
                         unsigned k, unsigned m, unsigned bit, unsigned lo,
                         unsigned hi, unsigned id, int preferred)
{
    e->name = name;
    e->description = portreg__description(k);
    e->port_lo = (uint16_t)lo;
    e->port_hi = (uint16_t)hi;
    e->proto = (uint8_t)bit;
    e->flags = (uint8_t)((((m & PORTREG__NOPORT) != 0u) ? PORTREG_F_NOPORT
                          : ((preferred != 0) ? PORTREG_F_PREFERRED : 0u)) |
                         ((portreg__is_local(k) != 0) ? PORTREG_F_LOCAL : 0u));
    e->id = (uint16_t)id;
}

/* Record K's entry for protocol BIT into E. */
static void portreg__fill(unsigned k, unsigned bit, struct portreg_entry *e)
{
    const unsigned m = portreg__record_mask[k];
    unsigned lo = 0;
    unsigned hi = 0;
    int preferred = 0;
    if ((m & PORTREG__NOPORT) == 0u) {
        lo = portreg__port_of(k);
        hi = ((m & PORTREG__RANGE) != 0u) ? portreg__range_hi(k) : lo;
        preferred = portreg__preferred(k, lo, bit);
    }
    portreg__put(e, portreg__name(k), k, m, bit, lo, hi,
                 portreg__id_of(k) + portreg__before(m, bit), preferred);
}

/* Appends record K's entries for PROTOS (portreg__selects') to OUT[N..MAX);
 * returns new N. */
static size_t portreg__expand(unsigned k, unsigned protos,
                              struct portreg_entry *out, size_t max, size_t n)
{
    unsigned m = portreg__record_mask[k] & protos;
    size_t count = n;
    for (; m != 0u; m &= m - 1u) {
        if (count < max) {
            portreg__fill(k, m & (~m + 1u), &out[count]);
        }
        count++;
    }
    return count;
}

/* The protocol bits of PROTO, for the general paths (the fast variant keeps
 * the parser out of line there). */
static unsigned portreg__proto_bits(const char *proto)
{
    return portreg__proto(proto);
}

unsigned portreg_proto(const char *proto)
{
    return portreg__proto_bits(proto);
}

/* BIT's index among the protocols is the count of the bits below it. */
const char *portreg_proto_name(unsigned bit)
{
    if ((bit == 0u) || (bit >= PORTREG_NOPROTO) || ((bit & (bit - 1u)) != 0u)) {
        return NULL;
    }
    return portreg__protocol_names[portreg__bit_count[bit - 1u]];
}

/* The protocols the DNS-SD service type S (LEN bytes, "_NAME._tcp" or
 * "_NAME._udp", RFC 6763: _udp stands for every protocol but TCP) selects,
 * or 0 when S is not one; the name is S + 1, LEN - 6 bytes.  Rows with no
 * protocol count for either (portreg__selects). */
static unsigned portreg__service_type(const char *s, size_t len)
{
    const char *t;
    if ((len < 7u) || (s[0] != '_')) {
        return 0;
    }
    t = &s[len - 5u];
    if ((t[0] != '.') || (t[1] != '_') ||
        (portreg__fold((unsigned char)t[4]) != (unsigned)'p')) {
        return 0;
    }
    if ((portreg__fold((unsigned char)t[2]) == (unsigned)'t') &&
        (portreg__fold((unsigned char)t[3]) == (unsigned)'c')) {
        return PORTREG_TCP;
    }
    if ((portreg__fold((unsigned char)t[2]) == (unsigned)'u') &&
        (portreg__fold((unsigned char)t[3]) == (unsigned)'d')) {
        return PORTREG_ANY & ~(PORTREG_TCP | PORTREG_NOPROTO);
    }
    return 0;
}

size_t portreg_by_name(const char *name, size_t len, unsigned protos,
                       struct portreg_entry *out, size_t max)
{
    const char *q;
    size_t qlen;
    size_t room;
    unsigned want = protos;
    size_t n = 0;
    unsigned k;
    if ((name == NULL) || (len == 0u)) {
        return 0;
    }
    q = name;
    qlen = len;
    if ((name[0] == '_') && (len >= 7u)) {  /* "_X._tcp": qlen >= 1 */
        const unsigned sel = portreg__service_type(name, len);
        if (sel != 0u) {
            q = &name[1];   /* no registry name starts with '_' */
            qlen = len - 6u;
            want &= sel;
        }
    }
    if (qlen > (size_t)PORTREG_MAX_NAME_LEN) {
        return 0;
    }
    /* a query with a NUL matches no name: the comparison sees to it (a
     * NUL differs from a name's byte in more than 0x20, or from a space,
     * which is no letter) */
    k = portreg__find(q, qlen, (qlen > 1u) ? (unsigned char)q[1] : 0u);
    if (k == PORTREG__NONE) {
        return 0;
    }
    want = portreg__selects(want);
    room = (out != NULL) ? max : 0u;
    do {
        /*@ admit record_index: k < PORTREG__RECORD_COUNT; */
        n = portreg__expand(k, want, out, room, n);
        k = portreg__next(k);
    } while (k != PORTREG__NONE);
    return n;
}

int portreg_valid_name(const char *name, size_t len)
{
    size_t i;
    int letter = 0;
    if ((name == NULL) || (len == 0u) || (len > 15u) || (name[0] == '-') ||
        (name[len - 1u] == '-')) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        const unsigned c = (unsigned char)name[i];
        if ((portreg__fold(c) - (unsigned)'a') < 26u) {
            letter = 1;
        } else if (c == (unsigned)'-') {
            if (name[i + 1u] == '-') {
                return 0;   /* a doubled hyphen */
            }
        } else if ((c - (unsigned)'0') >= 10u) {
            return 0;       /* not a letter, digit or '-' */
        } else {
            /* a digit */
        }
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
    for (k = portreg__cursor_next(&c); k != PORTREG__NONE;
         k = portreg__cursor_next(&c)) {
        /*@ admit record_index: k < PORTREG__RECORD_COUNT; */
        n = portreg__expand(k, protos, out, max, n);
    }
    return n;
}

/* Writes the entries for PROTOS of the one-port records K.. of PORT (K the
 * first, END its word's end) to OUT[0..MAX); returns how many there are.
 * The run's ids follow the first by counting.  Out of line, so that a port
 * with no records returns without saving registers. */
PORTREG__NOINLINE static size_t portreg__expand_run(
    unsigned k, unsigned end, unsigned port, unsigned protos,
    struct portreg_entry *out, size_t max)
{
    unsigned r = k;
    unsigned seen = 0;
    unsigned id = portreg__id_of(k);
    size_t n = 0;
    do {
        const unsigned m = portreg__record_mask[r];
        unsigned sel;
        for (sel = m & protos; sel != 0u; sel &= sel - 1u) {
            const unsigned bit = sel & (~sel + 1u);
            if (n < max) {
                portreg__put(&out[n], portreg__name(r), r, m, bit,
                             port, port, id + portreg__before(m, bit),
                             ((seen | (m & (bit - 1u))) &
                              portreg__rivals(bit)) == 0u);
            }
            n++;
        }
        seen |= m;
        id += portreg__bit_count[m & PORTREG_ANY];
        r++;
    } while ((r < end) && (portreg__port_low_byte[r] == (port & 0xffu)));
    return n;
}

/* portreg_by_port from the port index: the port's word, its run of
 * one-port records, the ranges where one touches the word. */
static size_t portreg__by_port_general(unsigned port, unsigned protos,
                                       struct portreg_entry *out, size_t max)
{
    const unsigned w = port >> 5;
    unsigned base;
    unsigned k;
    if (w >= PORTREG__PORT_WORDS) {     /* also port > 65535 */
        return 0;
    }
    base = portreg__port_word_first[w];
    if ((base & PORTREG__RANGE_WORD) != 0u) {
        return portreg__by_port_near_range(port, protos, out,
                                           (out != NULL) ? max : 0u);
    }
    k = portreg__run(base, w, port);
    if (k == PORTREG__NONE) {
        return 0;
    }
    /*@ admit record_index: k < PORTREG__RECORD_COUNT; */
    return portreg__expand_run(k, portreg__base(w + 1u), port, protos, out,
                               (out != NULL) ? max : 0u);
}

size_t portreg_by_port(unsigned port, unsigned protos,
                       struct portreg_entry *out, size_t max)
{
    int general = 0;
    const size_t n = portreg__by_port_fast(port, protos, out, max, &general);
    return (general != 0)
               ? portreg__by_port_general(port, portreg__selects(protos), out,
                                          max)
               : n;
}

/* The port of the first of record K's name's records, K on, with a
 * protocol in PROTOS and a port; -1 when none has. */
static int32_t portreg__first_port(unsigned k, unsigned protos)
{
    unsigned r;
    for (r = k; r != PORTREG__NONE; r = portreg__next(r)) {
        unsigned m;
        /*@ admit record_index: r < PORTREG__RECORD_COUNT; */
        m = portreg__record_mask[r];
        if (((m & protos) != 0u) && ((m & PORTREG__NOPORT) == 0u)) {
            return (int32_t)portreg__port_of(r);
        }
    }
    return -1;
}

/* The protocol string is read only for a name that is found. */
int32_t portreg_port(const char *name, const char *proto)
{
    unsigned k;
    int32_t port = -1;
    if (name == NULL) {
        return -1;
    }
    k = portreg__port_find(name, proto, &port);
    return (k == PORTREG__NONE)
               ? port
               : portreg__first_port(k, portreg__selects(portreg__proto(proto)));
}

/* The first record for PROTOS from K, the first of PORT's one-port records
 * in its word W, which no range touches; or PORTREG__NONE. */
static inline unsigned portreg__first_from(unsigned k, unsigned w,
                                           unsigned port, unsigned protos)
{
    unsigned end;
    unsigned r;
    if ((portreg__record_mask[k] & protos) != 0u) {
        return k;       /* the common case: the first */
    }
    end = portreg__base(w + 1u);
    for (r = k + 1u;
         (r < end) && (portreg__port_low_byte[r] == (port & 0xffu)); r++) {
        if ((portreg__record_mask[r] & protos) != 0u) {
            return r;
        }
    }
    return PORTREG__NONE;
}

/* portreg_name from the port index.  The protocol string is read only
 * where the port has records: no mask has a bit of the 0 that a bad
 * protocol gives. */
static const char *portreg__name_general(unsigned port, const char *proto)
{
    const unsigned w = port >> 5;
    unsigned protos;
    unsigned base;
    unsigned k;
    if (w >= PORTREG__PORT_WORDS) {     /* also port > 65535 */
        return NULL;
    }
    protos = portreg__selects(portreg__proto_bits(proto));
    base = portreg__port_word_first[w];
    if ((base & PORTREG__RANGE_WORD) != 0u) {
        k = portreg__first_near_range(port, protos);
    } else {
        k = portreg__run(base, w, port);
        if (k == PORTREG__NONE) {
            return NULL;
        }
        /*@ admit record_index: k < PORTREG__RECORD_COUNT; */
        k = portreg__first_from(k, w, port, protos);
    }
    if (k == PORTREG__NONE) {
        return NULL;
    }
    /*@ admit record_index: k < PORTREG__RECORD_COUNT; */
    return portreg__name(k);
}

const char *portreg_name(unsigned port, const char *proto)
{
    int general = 0;
    const char *name = portreg__name_fast(port, proto, &general);
    return (general != 0) ? portreg__name_general(port, proto) : name;
}

/* Whether this build holds PORT (PORTS=). */
static int portreg__holds(unsigned port)
{
    size_t i;
    for (i = 0; i < portreg__span_count; i++) {
        if ((portreg__port_spans[i][0] <= port) &&
            (port <= portreg__port_spans[i][1])) {
            return 1;
        }
    }
    return 0;
}

enum portreg_status portreg_status(unsigned port, unsigned proto)
{
    const unsigned asked = proto & PORTREG_ANY;
    struct portreg__cursor c;
    size_t i;
    unsigned k;
    unsigned held;
    if ((port > 65535u) || (asked == 0u)) {
        return PORTREG_UNASSIGNED;
    }
    held = asked & (PORTREG_PROTOCOLS | PORTREG_NOPROTO);
    if ((portreg__holds(port) == 0) || (held == 0u)) {
        return PORTREG_UNKNOWN;
    }
    portreg__cursor_init(&c, port);
    for (k = portreg__cursor_next(&c); k != PORTREG__NONE;
         k = portreg__cursor_next(&c)) {
        /*@ admit record_index: k < PORTREG__RECORD_COUNT; */
        if ((portreg__record_mask[k] & (held | PORTREG_NOPROTO)) != 0u) {
            return PORTREG_ASSIGNED;
        }
    }
    if (held != asked) {    /* a protocol left out could hold it */
        return PORTREG_UNKNOWN;
    }
    /* the first interval that ends at or past port */
    i = portreg__lower_bound(portreg__reserved_high, portreg__reserved_count,
                             port);
    if ((i < portreg__reserved_count) && (portreg__reserved_low[i] <= port) &&
        ((portreg__reserved_protocols[i] & asked) != 0u)) {
        return PORTREG_RESERVED;
    }
    return (port >= PORTREG__DYNAMIC_FIRST) ? PORTREG_DYNAMIC
                                            : PORTREG_UNASSIGNED;
}

/* PROFILE=minimal, or COLUMNS=description alone, leaves the other columns
 * out: portreg_record then answers -1. */
#if PORTREG__RECORDS
/* String I of the other columns' pool. */
static const char *portreg__text(unsigned i)
{
    return &portreg__column_text[portreg__column_text_offset[i]];
}

int portreg_record(size_t id, struct portreg_record *out)
{
    unsigned d;
    unsigned t;
    size_t i;
    if ((out == NULL) || (id >= portreg__entry_count)) {
        return -1;
    }
    d = portreg__entry_columns[id];
    out->assignee = portreg__text(portreg__columns[d][PORTREG__COL_ASSIGNEE]);
    out->contact = portreg__text(portreg__columns[d][PORTREG__COL_CONTACT]);
    out->registration_date =
        portreg__text(portreg__columns[d][PORTREG__COL_REGISTRATION_DATE]);
    out->modification_date =
        portreg__text(portreg__columns[d][PORTREG__COL_MODIFICATION_DATE]);
    out->reference = portreg__text(portreg__columns[d][PORTREG__COL_REFERENCE]);
    out->service_code =
        portreg__text(portreg__columns[d][PORTREG__COL_SERVICE_CODE]);
    out->unauthorized_use =
        portreg__text(portreg__columns[d][PORTREG__COL_UNAUTHORIZED_USE]);
    out->assignment_notes =
        portreg__text(portreg__columns[d][PORTREG__COL_ASSIGNMENT_NOTES]);
    out->rfcs = &portreg__rfc_numbers[portreg__columns_first_rfc[d]];
    i = 0;
    while (out->rfcs[i] != 0u) {    /* the list ends in 0 */
        i++;
    }
    out->rfc_count = i;
    t = portreg__columns_first_txt[d];
    i = 0;
    while (portreg__txt_keys[t + i][0] != 0u) {     /* and this in {0, 0} */
        i++;
    }
    out->txt_count = i;
    return 0;
}

int portreg_txt_key(size_t id, size_t i, struct portreg_txt_key *out)
{
    unsigned t;
    size_t n;
    if ((out == NULL) || (id >= portreg__entry_count)) {
        return -1;
    }
    t = portreg__columns_first_txt[portreg__entry_columns[id]];
    for (n = 0; portreg__txt_keys[t + n][0] != 0u; n++) {   /* up to I */
        if (n == i) {
            out->key = portreg__text(portreg__txt_keys[t + n][0]);
            out->description = portreg__text(portreg__txt_keys[t + n][1]);
            return 0;
        }
    }
    return -1;
}
#else
int portreg_record(size_t id, struct portreg_record *out)
{
    (void)id;
    (void)out;
    return -1;
}

int portreg_txt_key(size_t id, size_t i, struct portreg_txt_key *out)
{
    (void)id;
    (void)i;
    (void)out;
    return -1;
}
#endif

size_t portreg_count(void)
{
    return portreg__entry_count;
}

int portreg_get(size_t id, struct portreg_entry *out)
{
    size_t lo = 0;
    size_t hi = (PORTREG__RECORD_COUNT + 7u) / 8u;
    size_t left;
    unsigned k;
    unsigned m;
    if ((out == NULL) || (id >= portreg__entry_count)) {
        return -1;
    }
    while ((hi - lo) > 1u) {    /* the last group of 8 whose first id <= id */
        const size_t mid = lo + ((hi - lo) / 2u);
        /*@ admit binary_search_groups:
              mid < (PORTREG__RECORD_COUNT + 7u) / 8u; */  /* lo < hi */
        if (portreg__group_first_entry[mid] <= id) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    k = (unsigned)lo * 8u;
    left = id - portreg__group_first_entry[lo];
    /*@ admit entry_in_group: k < PORTREG__RECORD_COUNT; */
    while (left >= portreg__bit_count[portreg__record_mask[k] & PORTREG_ANY]) {
        left -= portreg__bit_count[portreg__record_mask[k] & PORTREG_ANY];
        k++;
        /*@ admit entry_in_group_end: k < PORTREG__RECORD_COUNT; */
    }
    m = portreg__record_mask[k] & PORTREG_ANY;
    while (left > 0u) {     /* the entry is the record's LEFT-th */
        m &= m - 1u;
        left--;
    }
    portreg__fill(k, m & (~m + 1u), out);
    return 0;
}
