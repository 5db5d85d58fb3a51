/*
 * portreg_compact.c.h: the compact indexes (PORTREG_FAST=0), #included by
 * portreg.c, which says what every variant defines.  The smallest tables:
 * what microcontrollers build by default.
 *
 *   name -> record    the class table gives the bucket's first hash case;
 *                     gperf's hash gives the slot; a bitmap's rank over the
 *                     used slots gives the name's first record, which one
 *                     comparison confirms.
 *   record -> port    the high byte from a sorted table of each 256 ports'
 *                     first record, searched from a guess per 32 records.
 *   record -> id      a checkpoint every 8 records, plus their entries.
 *
 * No shortcuts: every lookup takes portreg.c's general path.
 */

/* portreg.c's entry writer stays out of line: it has three callers, and
 * microcontrollers count the bytes. */
PORTREG__NOINLINE static void portreg__put(
    struct portreg_entry *e, const char *name, unsigned k, unsigned m,
    unsigned bit, unsigned lo, unsigned hi, unsigned id, int preferred);

/* The hash case of the query S (1 <= LEN <= the longest name) whose second
 * byte is SECOND (NUL for a name of one byte): its class gives its bucket's
 * first case, to which LEN - 1 is added; PORTREG__HASH_CASES where no
 * bucket holds the class.  One bucket: a bit per class says whether it
 * holds it. */
#if PORTREG__CLASS_BITS
static unsigned portreg__hash_case(const unsigned char *s, size_t len,
                                   unsigned second)
{
    const unsigned c = (32u * (s[0] & 31u)) + (second & 31u);
    return (((portreg__class_bits[c >> 5] >> (c & 31u)) & 1u) != 0u)
               ? ((unsigned)len - 1u) : PORTREG__HASH_CASES;
}
#else
static unsigned portreg__hash_case(const unsigned char *s, size_t len,
                                   unsigned second)
{
    const unsigned c = (32u * (s[0] & 31u)) + (second & 31u);
    return (portreg__class_bucket[c] + (unsigned)len) - 1u;
}
#endif

/* Whether the pool name at N, of any length, is the query S (LEN bytes, no
 * NUL among them: the callers see to that).  N[LEN] is NUL where the name
 * has LEN bytes, and no byte of S is, so a shorter pool name, whose NUL
 * falls inside the LEN bytes, never matches. */
static int portreg__same(const unsigned char *n, const unsigned char *s,
                         size_t len)
{
    return (n[len] == 0u) && portreg__same_length(n, s, len);
}

/* The first record of the name S (LEN bytes, 1 <= LEN <= the longest name,
 * no NUL among them; SECOND its second byte or NUL), or PORTREG__NONE. */
static unsigned portreg__find(const char *s, size_t len, unsigned second)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned g = portreg__slot(portreg__hash_case(u, len, second), s, len);
    const uint32_t w = portreg__slot_used[g >> 5];
    const uint32_t bit = (uint32_t)1u << (g & 31u);
    unsigned rank;
    unsigned k;
    if ((w & bit) == 0u) {
        return PORTREG__NONE;
    }
    rank = portreg__slot_rank[g >> 5] + portreg__pop32(w & (bit - 1u));
    /*@ admit used_slot_rank: rank < PORTREG__NAME_COUNT; */
    k = portreg__slot_record[rank];
    return portreg__same((const unsigned char *)portreg__name(k), u, len)
               ? k : PORTREG__NONE;
}

/* The (low) port of record K, which has one. */
static unsigned portreg__port_of(unsigned k)
{
    unsigned h = portreg__high_byte_guess[k >> 5];
    unsigned port;
    /*@ admit high_byte_guess: h < 256; */
    while (portreg__high_byte_first[h + 1u] <= k) {
        h++;
        /*@ admit high_byte_sentinel: h < 256; */
    }
    port = (h << 8) | portreg__port_low_byte[k];
    /*@ admit port_in_words: port < 32u * PORTREG__PORT_WORDS; */
    return port;
}

/* The id of record K's first entry. */
static unsigned portreg__id_of(unsigned k)
{
    unsigned j;
    unsigned id = portreg__group_first_entry[k >> 3];
    for (j = k & ~7u; j < k; j++) {
        id += portreg__bit_count[portreg__record_mask[j] & PORTREG_ANY];
    }
    return id;
}

/* Whether the entry for BIT of record K, of port PORT (its low port), is
 * the first at PORT that its rivals allow (portreg__rivals): none in its
 * own record before it, nor an earlier record.  Where no range touches the
 * port's word, the port's earlier records are right before K. */
static int portreg__preferred(unsigned k, unsigned port, unsigned bit)
{
    const unsigned w = port >> 5;
    const unsigned rivals = portreg__rivals(bit);
    const unsigned first = portreg__base(w);
    unsigned r;
    if ((portreg__record_mask[k] & (bit - 1u) & rivals) != 0u) {
        return 0;
    }
    if ((portreg__port_word_first[w] & PORTREG__RANGE_WORD) != 0u) {
        return (portreg__first_near_range(port, rivals) == k) ? 1 : 0;
    }
    for (r = k; (r > first) &&
         (portreg__port_low_byte[r - 1u] == (port & 0xffu)); r--) {
        if ((portreg__record_mask[r - 1u] & rivals) != 0u) {
            return 0;
        }
    }
    return 1;
}

/* The length of the C string NAME, read up to the longest name and one
 * more, four bytes a turn. */
static size_t portreg__name_length(const char *name)
{
    size_t len = 0;
    while (len <= (size_t)PORTREG_MAX_NAME_LEN) {
        if (name[len] == '\0') {
            return len;
        }
        if (name[len + 1u] == '\0') {
            return len + 1u;
        }
        if (name[len + 2u] == '\0') {
            return len + 2u;
        }
        if (name[len + 3u] == '\0') {
            return len + 3u;
        }
        len += 4u;
    }
    return len;
}

/* portreg_port's search: the first record of the C string NAME, or
 * PORTREG__NONE with *PORT left at -1.  PROTO is not read here. */
static unsigned portreg__port_find(const char *name, const char *proto,
                                   int32_t *port)
{
    const size_t len = portreg__name_length(name);
    (void)proto;
    (void)port;
    if ((len == 0u) || (len > (size_t)PORTREG_MAX_NAME_LEN)) {
        return PORTREG__NONE;
    }
    return portreg__find(name, len, (unsigned char)name[1]);
}

/* portreg_by_port's and portreg_name's shortcuts: none, the general path
 * answers. */
static size_t portreg__by_port_fast(unsigned port, unsigned protos,
                                    struct portreg_entry *out, size_t max,
                                    int *general)
{
    (void)port;
    (void)protos;
    (void)out;
    (void)max;
    *general = 1;
    return 0;
}

static const char *portreg__name_fast(unsigned port, const char *proto,
                                      int *general)
{
    (void)port;
    (void)proto;
    *general = 1;
    return NULL;
}
