/*
 * portreg_fast.c.h: the fast indexes (PORTREG_FAST=1), #included by
 * portreg.c, which says what every variant defines.  For the lookups an
 * analyzer makes at rate; make size and make bench report their bytes.
 *
 *   name -> name word   the class table gives the bucket's first hash case
 *                       and the lengths its names have (a query of another
 *                       length stops there); gperf's hash gives the slot,
 *                       which names one name with its length's low bits
 *                       (an empty slot or another length fails one test);
 *                       the name's 64-bit word gives its offset, length,
 *                       first record and tcp port.
 *   port -> name        tcp and udp: a bitmap of the ports that have a
 *                       record, and per port a 32-bit word of each
 *                       protocol's column: the name's offset and record,
 *                       and whether by_port's one-entry path answers.
 *   record -> port, id, preferred protocols: one column each.
 *
 * gen/fast.py builds these tables and emits their layouts (the macros
 * below); gen/README.md explains them.
 */

/* The four lookups start on a 64-byte line (a cache line, and two of the
 * decoded-instruction windows of x86 cores): their common paths span as
 * few as they can.  portreg_by_name inlines the entry writer and its
 * helpers.  The general paths stay out of line, so that the fast ones save
 * no registers. */
PORTREG__ALIGNED(64) PORTREG__FLATTEN size_t portreg_by_name(const char *name, size_t len,
                                            unsigned protos,
                                            struct portreg_entry *out,
                                            size_t max);
PORTREG__ALIGNED(64) size_t portreg_by_port(unsigned port, unsigned protos,
                                            struct portreg_entry *out,
                                            size_t max);
PORTREG__ALIGNED(64) int32_t portreg_port(const char *name,
                                          const char *proto);
PORTREG__ALIGNED(64) const char *portreg_name(unsigned port,
                                              const char *proto);
PORTREG__NOINLINE static size_t portreg__by_port_general(
    unsigned port, unsigned protos, struct portreg_entry *out, size_t max);
PORTREG__NOINLINE static const char *portreg__name_general(
    unsigned port, const char *proto);
PORTREG__NOINLINE static unsigned portreg__proto_bits(const char *proto);


static const size_t portreg__name_count = PORTREG__NAME_COUNT;
static const size_t portreg__fast_ports = PORTREG__FAST_PORTS;
#define PORTREG__NO_SLOT ((unsigned)-1) /* portreg__fast_slot: none */

/* The hash case of the query S (1 <= LEN <= the longest name) whose second
 * byte is SECOND (NUL for a name of one byte), or PORTREG__HASH_CASES
 * where its class has no name of LEN bytes: chosen by a mask, not a
 * branch, since the jump on the case that follows is the one to
 * mispredict. */
#if !PORTREG__CLASS_WIDE
static unsigned portreg__hash_case(const unsigned char *s, size_t len,
                                   unsigned second)
{
    unsigned c = 32u * (s[0] & 31u) + (second & 31u), n = (unsigned)len;
    unsigned e = (unsigned)(portreg__fast_class[c] & PORTREG__CLASS_CASE) +
                 n - 1u;
    unsigned in = (unsigned)(portreg__fast_class[c] >>
                             (PORTREG__CLASS_SHIFT + n)) & 1u;
    return PORTREG__HASH_CASES + ((e - PORTREG__HASH_CASES) & (0u - in));
}
#else
/* Names too long for the lengths to share a word with the case. */
static unsigned portreg__hash_case(const unsigned char *s, size_t len,
                                   unsigned second)
{
    unsigned c = 32u * (s[0] & 31u) + (second & 31u), n = (unsigned)len;
    unsigned e = (unsigned)portreg__fast_class[c] + n - 1u;
    unsigned in = (unsigned)(portreg__fast_class_lengths[c] >> n) & 1u;
    return PORTREG__HASH_CASES + ((e - PORTREG__HASH_CASES) & (0u - in));
}
#endif

/* The name in slot G where it has LEN bytes, else portreg__name_count or
 * more: an empty slot and a name of another length fail one test. */
static inline unsigned portreg__slot_name(unsigned g, size_t len)
{
    return portreg__fast_slot_name[g] ^
           ((unsigned)len << PORTREG__SLOT_TAG_SHIFT & 0xffffu);
}

/* A name word's fields (gen/fast.py's NAME_WORD). */
static inline size_t portreg__word_offset(uint64_t w)
{
    return (size_t)(w & PORTREG__NAME_OFFSET);
}

static inline size_t portreg__word_length(uint64_t w)
{
    return (size_t)(w >> PORTREG__NAME_LENGTH_SHIFT & PORTREG__NAME_LENGTH);
}

static inline unsigned portreg__word_record(uint64_t w)
{
    return (unsigned)(w >> PORTREG__NAME_RECORD_SHIFT & PORTREG__NAME_RECORD);
}

/* The word of the name S (LEN bytes, 1 <= LEN <= the longest name, no NUL
 * among them; SECOND its second byte or NUL), or 0.  Everything it calls
 * is inlined into it. */
PORTREG__FLATTEN static uint64_t portreg__find_word(const char *s,
                                                    size_t len,
                                                    unsigned second)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned g = portreg__slot(portreg__hash_case(u, len, second), s, len), i;
    uint64_t w;
    if ((i = portreg__slot_name(g, len)) >= portreg__name_count)
        return 0;
    w = portreg__fast_name[i];
    if (portreg__word_length(w) != len)
        return 0;
    return portreg__same_length((const unsigned char *)portreg__names +
                                    portreg__word_offset(w), u, len)
               ? w : 0;
}

/* The first record of the name S, or PORTREG__NONE (portreg__find_word's
 * arguments). */
static unsigned portreg__find(const char *s, size_t len, unsigned second)
{
    uint64_t w = portreg__find_word(s, len, second);
    return w == 0 ? PORTREG__NONE : portreg__word_record(w);
}

/* portreg_port reads its C string as a query: portreg__query_length gives
 * its length where that is at most the longest name, else more, and
 * portreg__query_word its name word, or 0. */
#if defined(__GNUC__) && defined(__SSE2__) && defined(__x86_64__) && \
    PORTREG_MAX_NAME_LEN <= 15
/* x86-64 (where SSE2 always is): the query as the aligned 16-byte blocks
 * that its bytes 0 to 15 span, its first byte at (address & 15) of the
 * first; its length without a branch a byte, and the comparison as one
 * masked compare, case folded where the name has a letter. */
#include <emmintrin.h>

struct portreg__query {
    union { __m128i v[2]; unsigned char b[32]; } t;
};

/* It reads the block that holds NAME's first byte, and the next one only
 * where that holds no NUL from there on, as the C libraries' strlen does,
 * so no block lies wholly past the string.  A block can hold bytes past
 * the NUL, which address sanitizers would report: not instrumented. */
__attribute__((no_sanitize_address))
static size_t portreg__query_length(const char *name,
                                    struct portreg__query *q)
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

/* Whether the pool name at N is the query S of LEN bytes (1 <= LEN <= 15,
 * its blocks Q), ASCII case ignored.  The pool ends in
 * PORTREG_MAX_NAME_LEN NUL bytes, so the 16 bytes read at N stay in it. */
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

PORTREG__FLATTEN static uint64_t portreg__query_word(
    const char *s, size_t len, const struct portreg__query *q)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned g = portreg__slot(portreg__hash_case(u, len, u[1]), s, len), i;
    uint64_t w;
    int same;
    if ((i = portreg__slot_name(g, len)) >= portreg__name_count)
        return 0;
    w = portreg__fast_name[i];
    same = portreg__same_block(portreg__names + portreg__word_offset(w), s,
                               q, len);
    same &= portreg__word_length(w) == len;
    return same ? w : 0;
}
#else
struct portreg__query {
    char unused;
};

/* A test a byte, unrolled. */
static size_t portreg__query_length(const char *name,
                                    struct portreg__query *q)
{
    size_t len = 0;
    (void)q;
    PORTREG__UNROLL
    for (; len <= PORTREG_MAX_NAME_LEN; len++)
        if (name[len] == '\0')
            break;
    return len;
}

static uint64_t portreg__query_word(const char *s, size_t len,
                                    const struct portreg__query *q)
{
    (void)q;
    return portreg__find_word(s, len, (unsigned char)s[1]);
}
#endif

/* portreg_port's search: the first record of the C string NAME, or
 * PORTREG__NONE with *PORT the answer: the name word answers tcp, and udp
 * where that is the same port.  PROTO is read only for a name that is
 * found. */
static unsigned portreg__port_find(const char *name, const char *proto,
                                   int32_t *port)
{
    struct portreg__query q;
    size_t len = portreg__query_length(name, &q);
    unsigned protos;
    uint64_t w;
    if (len == 0 || len > PORTREG_MAX_NAME_LEN)
        return PORTREG__NONE;
    if ((w = portreg__query_word(name, len, &q)) == 0)
        return PORTREG__NONE;
    protos = portreg__proto(proto);
    if (protos == PORTREG_TCP ||
        (protos == PORTREG_UDP && (w >> PORTREG__NAME_UDP & 1u))) {
        if (w >> PORTREG__NAME_TCP & 1u)
            *port = (int32_t)(w >> PORTREG__NAME_PORT_SHIFT & 0xffffu);
        return PORTREG__NONE;
    }
    return portreg__word_record(w);
}

/* The (low) port of record K, which has one. */
static unsigned portreg__port_of(unsigned k)
{
    return portreg__fast_port[k];
}

/* The id of record K's first entry. */
static unsigned portreg__id_of(unsigned k)
{
    return portreg__fast_entry_id[k];
}

/* Whether record K, of port PORT (its low port) and protocol BIT, is the
 * first record covering PORT with BIT. */
static int portreg__preferred(unsigned k, unsigned port, unsigned bit)
{
    (void)port;
    return (portreg__fast_preferred[k] & bit) != 0;
}

/* A fast column entry's fields (gen/fast.py's PORT_WORD). */
static inline const char *portreg__entry_name(uint32_t e)
{
    return portreg__names + (e >> PORTREG__FAST_SHIFT);
}

static inline unsigned portreg__entry_record(uint32_t e)
{
    return (unsigned)e & PORTREG__FAST_RECORD;
}

/* The fast column for the protocol mask P: tcp's or udp's, or NULL for any
 * other mask or a protocol the build leaves out. */
static inline const uint32_t *portreg__fast_column(unsigned p)
{
    if (p == PORTREG_TCP && (PORTREG__FAST_PROTOS & PORTREG_TCP) != 0)
        return portreg__fast_tcp_first;
    if (p == PORTREG_UDP && (PORTREG__FAST_PROTOS & PORTREG_UDP) != 0)
        return portreg__fast_udp_first;
    return NULL;
}

/* PORT's slot in the fast columns, or PORTREG__NO_SLOT where it has no tcp
 * or udp record: its group of 8's base plus its place in the group (the
 * groups overlap).  The bit and the base are read side by side; a port
 * past the groups reads bit PORTREG__FAST_PORTS, which is clear (a choice
 * rather than a test: the test mispredicted on uniform queries). */
static inline unsigned portreg__fast_slot(unsigned port)
{
    unsigned p = port < portreg__fast_ports ? port
                                            : (unsigned)portreg__fast_ports;
    if (!(portreg__fast_port_bits[p >> 5] >> (p & 31u) & 1u))
        return PORTREG__NO_SLOT;
    return portreg__fast_port_base[p >> 3] + (p & 7u);
}

/* The one entry that a query for BIT (tcp or udp) finds in record K (mask
 * M), to OUT: BIT's, or the record's with no protocol; a range's ports
 * whole.  Out of line: it keeps portreg_by_port's common path short. */
PORTREG__NOINLINE static void portreg__fast_odd(
    struct portreg_entry *out, unsigned k, unsigned m, unsigned bit)
{
    unsigned own = (m & bit) ? bit : PORTREG_NOPROTO, lo = portreg__port_of(k);
    portreg__put(out, portreg__name(k), k, m, own, lo,
                 (m & PORTREG__RANGE) ? portreg__range_hi(k) : lo,
                 portreg__fast_entry_id[k] + portreg__before(m, own),
                 (portreg__fast_preferred[k] & own) != 0);
}

/* The entries for the protocol bits PROTOS of the one-port records K.. of
 * PORT, K the first with one and END its word's end, to OUT[0..MAX);
 * returns how many there are.  Each record's entry ids are its own. */
PORTREG__NOINLINE static size_t portreg__fast_run(
    unsigned k, unsigned end, unsigned port, unsigned protos,
    struct portreg_entry *out, size_t max)
{
    size_t n = 0;
    do {
        unsigned m = portreg__record_mask[k], sel;
        for (sel = m & protos; sel; sel &= sel - 1u) {
            unsigned bit = sel & (~sel + 1u);
            if (n < max)
                portreg__put(&out[n], portreg__name(k), k, m & PORTREG_ANY,
                             bit, port, port, portreg__fast_entry_id[k] +
                             portreg__before(m, bit),
                             (portreg__fast_preferred[k] & bit) != 0);
            n++;
        }
        k++;
    } while (k < end && portreg__port_low_byte[k] == (port & 0xffu));
    return n;
}

/* portreg_by_port for the fast column entry E of PORT (PROTOS tcp or udp)
 * that is general (several entries), or one entry that is a range's or
 * has no protocol, or with no room in OUT: off the common path. */
PORTREG__NOINLINE static size_t portreg__fast_other(
    uint32_t e, unsigned port, unsigned protos, struct portreg_entry *out,
    size_t max)
{
    unsigned w = port >> 5, k = portreg__entry_record(e);
    if (e == PORTREG__FAST_NONE)
        return 0;
    if (!(e & PORTREG__FAST_GENERAL)) {
        /* one entry; with room, a range's or one with no protocol
         * (portreg__fast_by_port writes the others itself) */
        if (out != NULL && max != 0)
            portreg__fast_odd(out, k, portreg__record_mask[k], protos);
        return 1;
    }
    protos = portreg__selects(protos);
    if (portreg__port_word_first[w] & PORTREG__RANGE_WORD)
        return portreg__by_port_general(port, protos, out, max);
    return portreg__fast_run(k, portreg__base(w + 1u), port, protos, out,
                             out == NULL ? 0 : max);
}

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
    if ((e & (PORTREG__FAST_GENERAL | PORTREG__FAST_ODD)) || out == NULL ||
        max == 0)
        return portreg__fast_other(e, port, bit, out, max);
    /* the common case: one one-port record, so one entry, preferred.  The
     * record's entries before BIT's are M & (BIT - 1): udp's follows tcp's
     * (for tcp that is 0, and the mask is not read). */
    k = portreg__entry_record(e);
    m = portreg__record_mask[k];
    portreg__put(out, portreg__entry_name(e), k, m & PORTREG_ANY, bit, port,
                 port, portreg__fast_entry_id[k] + (m & (bit - 1u)), 1);
    return 1;
}

/* portreg_by_port's shortcut: tcp or udp alone.  The count; *GENERAL set
 * for other masks, which the general path answers. */
static inline size_t portreg__by_port_fast(unsigned port, unsigned protos,
                                           struct portreg_entry *out,
                                           size_t max, int *general)
{
    if (protos == PORTREG_TCP && (PORTREG__FAST_PROTOS & PORTREG_TCP) != 0)
        return portreg__fast_by_port(portreg__fast_tcp_first, PORTREG_TCP,
                                     port, out, max);
    if (protos == PORTREG_UDP && (PORTREG__FAST_PROTOS & PORTREG_UDP) != 0)
        return portreg__fast_by_port(portreg__fast_udp_first, PORTREG_UDP,
                                     port, out, max);
    *general = 1;
    return 0;
}

/* portreg_name's shortcut: a port with no tcp or udp record and a
 * protocol of those, or a port with one and those protocols.  The name,
 * or NULL; *GENERAL set where it cannot answer. */
static inline const char *portreg__name_fast(unsigned port, const char *proto,
                                             int *general)
{
    unsigned i = portreg__fast_slot(port);
    const uint32_t *col;
    uint32_t e;
    if (i == PORTREG__NO_SLOT) {    /* a fast protocol, or no protocol */
        *general = !(proto != NULL && PORTREG__FAST_INITIAL(proto[0]));
        return NULL;
    }
    if ((col = portreg__fast_column(portreg__proto(proto))) == NULL) {
        *general = 1;   /* sctp, dccp, any */
        return NULL;
    }
    e = col[i];
    return e == PORTREG__FAST_NONE ? NULL : portreg__entry_name(e);
}
