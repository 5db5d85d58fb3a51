/*
 * getservbyname_r(), getservbyport_r() and getservent_r() as glibc defines
 * them, on top of portreg's lookups (portreg.h documents them).  A file of
 * its own, so that a program that does not call them does not carry them;
 * it needs portreg.c and nothing from the C library.
 *
 * The answers are a services(5) file's, the one `portreg --services`
 * writes, as glibc's files backend reads it: a line for each port and
 * protocol, the port's first name (in registry order) as s_name and its
 * other names as aliases.  A name that such a file cannot carry (one with
 * white space, '#' or a control character) is left out.
 */
#include "portreg.h"
#if defined(__FRAMAC__)
#include "__fc_builtin.h"   /* the proof's model of alignment, below */
#endif

#if defined(__has_include)
#if __has_include(<errno.h>)
#include <errno.h>      /* ERANGE: only the macro, nothing to link */
#endif
#endif
#if defined(ERANGE)
#define PORTREG__ERANGE ERANGE
#else
#define PORTREG__ERANGE PORTREG_ERANGE
#endif
#if defined(EINVAL)
#define PORTREG__EINVAL EINVAL
#else
#define PORTREG__EINVAL PORTREG_EINVAL
#endif

/* The type of struct servent's s_port: int, but a short in winsock. */
#if defined(_WIN32) && defined(PORTREG_HAVE_NETDB)
typedef short portreg__s_port;
#else
typedef int portreg__s_port;
#endif

/* The protocol bits PROTO selects for a servent: one, or every protocol
 * (NULL), or none (an unknown protocol). */
static unsigned portreg__servent_protos(const char *proto)
{
    return portreg_proto(proto) & ~PORTREG_NOPROTO;
}

/* The length of S, at most LIMIT + 1: the caller's name
 * (PORTREG_NAME_MAX), or a name of the tables (PORTREG_MAX_NAME_LEN, the
 * longest: the pool has that many NULs after each name's).  Bounded, so
 * that compilers do not turn it into a call to strlen. */
static size_t portreg__len(const char *s, size_t limit)
{
    size_t n = 0;
    while ((n <= limit) && (s[n] != '\0')) {
        n++;
    }
    return n;
}

/* Whether NAME, of LEN bytes, can be a services(5) name: no white space,
 * no '#' (a comment), no control character. */
static int portreg__carried(const char *name, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        const unsigned c = (unsigned char)name[i];
        if ((c <= (unsigned)' ') || (c == (unsigned)'#') || (c == 0x7fu)) {
            return 0;
        }
    }
    return 1;
}

/* The same for a name of the tables. */
static int portreg__carried_name(const char *name)
{
    /*@ admit table_name: \valid_read(name + (0 .. PORTREG_MAX_NAME_LEN)); */
    return portreg__carried(name,
                            portreg__len(name, PORTREG_MAX_NAME_LEN));
}

/* A, ASCII letters folded to lower case. */
static unsigned portreg__lower(char a)
{
    const unsigned x = (unsigned char)a;
    if ((x - (unsigned)'A') < 26u) {
        return x + 32u;
    }
    return x;
}

/* Whether the names A and B of the tables are one, ASCII case ignored. */
static int portreg__same_name(const char *a, const char *b)
{
    size_t i;
    /*@ admit table_name: \valid_read(a + (0 .. PORTREG_MAX_NAME_LEN)); */
    /*@ admit table_name: \valid_read(b + (0 .. PORTREG_MAX_NAME_LEN)); */
    for (i = 0; (i <= (size_t)PORTREG_MAX_NAME_LEN) &&
                (portreg__lower(a[i]) == portreg__lower(b[i])); i++) {
        if (a[i] == '\0') {
            return 1;
        }
    }
    return 0;
}

/* Copies S, as many bytes as portreg__len(S, LIMIT) counts, and a NUL to
 * BUF[*AT..]; the caller has checked the room. */
static char *portreg__copy(char *buf, size_t *at, const char *s, size_t limit)
{
    char *d = &buf[*at];
    size_t i = 0;
    while ((i <= limit) && (s[i] != '\0')) {
        d[i] = s[i];
        i++;
    }
    d[i] = '\0';
    *at += i + 1u;
    return d;
}

/* The names of port PORT and protocol BIT, as its services(5) line holds
 * them: its entries' names in registry order, each once (ASCII case
 * ignored), those a line cannot carry left out.  Writes them to NAMES
 * (PORTREG__LINE_MAX: this build's busiest port and protocol, which the
 * library is built with); returns how many. */
#define PORTREG__LINE_MAX PORTREG_MAX_PORT_ENTRIES
static size_t portreg__line(unsigned port, unsigned bit, const char **names)
{
    struct portreg_entry at[PORTREG__LINE_MAX];
    size_t n = portreg_by_port(port, bit, at, PORTREG__LINE_MAX);
    size_t i;
    size_t k = 0;
    if (n > (size_t)PORTREG__LINE_MAX) {    /* never, with these tables */
        n = PORTREG__LINE_MAX;
    }
    for (i = 0; i < n; i++) {
        /*@ admit out_written: \initialized(&at[i]); */
        if (portreg__carried_name(at[i].name) != 0) {
            size_t j = 0;
            while ((j < k) && (portreg__same_name(names[j], at[i].name) == 0)) {
                j++;
            }
            if (j == k) {
                names[k] = at[i].name;
                k++;
            }
        }
    }
    return k;
}

/* The bytes from BUF to the next address aligned for a pointer.  Under
 * Frama-C, whose model of addresses has no alignment, any count a pointer
 * can need (tests/proof/README.md). */
static size_t portreg__align(const char *buf)
{
#if defined(__FRAMAC__)
    (void)buf;
    return Frama_C_size_t_interval(0, sizeof(char *) - 1u);
#else
    return (size_t)(0u - (uintptr_t)buf) & (sizeof(char *) - 1u);
#endif
}

/* Fills SE from the N names of PORT and protocol BIT (N >= 1): the first
 * as s_name, the others as aliases, every string copied into BUF. */
static int portreg__servent_fill(const char *const *names, size_t n,
                                 unsigned port, unsigned bit,
                                 struct servent *se, char *buf, size_t buflen,
                                 struct servent **result)
{
    const char *proto = portreg_proto_name(bit);
    size_t align;
    size_t need;
    size_t pos;
    size_t i;
    union { uint16_t v; unsigned char b[2]; } net;
    if ((buf == NULL) || (proto == NULL)) {
        return PORTREG__ERANGE;
    }
    align = portreg__align(buf);
    need = portreg__len(proto, 4u) + 1u;
    for (i = 0; i < n; i++) {
        /*@ admit line_written: \initialized(&names[i]); */
        /*@ admit table_name: \valid_read(names[i] + (0 .. PORTREG_MAX_NAME_LEN)); */
        need += portreg__len(names[i], PORTREG_MAX_NAME_LEN) + 1u;
    }
    if ((buflen < align) || (((buflen - align) / sizeof(char *)) < n) ||
        ((buflen - align - (n * sizeof(char *))) < need)) {
        return PORTREG__ERANGE;
    }
    se->s_aliases = (char **)(void *)&buf[align];
    pos = align + (n * sizeof(char *)); /* n - 1 aliases and their NULL */
    se->s_name = portreg__copy(buf, &pos, names[0], PORTREG_MAX_NAME_LEN);
    se->s_proto = portreg__copy(buf, &pos, proto, 4u);
    for (i = 1; i < n; i++) {
        se->s_aliases[i - 1u] =
            portreg__copy(buf, &pos, names[i], PORTREG_MAX_NAME_LEN);
    }
    se->s_aliases[n - 1u] = NULL;
    net.b[0] = (unsigned char)(port >> 8);  /* network byte order */
    net.b[1] = (unsigned char)(port & 0xffu);
    se->s_port = (portreg__s_port)net.v;
    *result = se;
    return 0;
}

/* The servent of PORT and the first of the protocol bits PROTOS (in the
 * order of the bits, as a services(5) file lists them) that has one: 0 and
 * *RESULT set, 0 and *RESULT NULL where none has, or ERANGE. */
static int portreg__port_servent(unsigned port, unsigned protos,
                                 struct servent *se, char *buf,
                                 size_t buflen, struct servent **result)
{
    const char *names[PORTREG__LINE_MAX];
    unsigned bit;
    for (bit = 1; bit < PORTREG_NOPROTO; bit <<= 1) {
        if ((protos & bit) != 0u) {
            const size_t n = portreg__line(port, bit, names);
            if (n > 0u) {
                return portreg__servent_fill(names, n, port, bit, se, buf,
                                             buflen, result);
            }
        }
    }
    return 0;
}

/* Whether *RESULT and RESULT_BUF are there; *RESULT set to NULL. */
static int portreg__results(const struct servent *result_buf,
                            struct servent **result)
{
    if (result == NULL) {
        return 0;
    }
    *result = NULL;
    return (result_buf != NULL) ? 1 : 0;
}

int portreg_getservbyname_r(const char *name, const char *proto,
                            struct servent *result_buf, char *buf,
                            size_t buflen, struct servent **result)
{
    const unsigned protos = portreg__servent_protos(proto);
    unsigned at = 0;
    unsigned port = 0;
    /* at a port: one entry a protocol, one with none */
    struct portreg_entry e[8];
    size_t len;
    size_t n;
    size_t i;
    if (portreg__results(result_buf, result) == 0) {
        return PORTREG__EINVAL;
    }
    if ((name == NULL) || (protos == 0u)) {
        return 0;
    }
    len = portreg__len(name, PORTREG_NAME_MAX);
    if (portreg__carried(name, len) == 0) {
        return 0;
    }
    /* the name's entries by port: the lowest port's, in protocol order; an
     * entry with no protocol stands for each protocol asked */
    n = portreg_by_name(name, len, protos, e, 8);
    if (n > 8u) {
        n = 8;
    }
    for (i = 0; i < n; i++) {
        /*@ admit out_written: \initialized(&e[i]); */
        if (((e[i].flags & PORTREG_F_NOPORT) != 0u) ||  /* they come last */
            ((at != 0u) && (e[i].port_lo != port))) {
            break;
        }
        port = e[i].port_lo;
        at |= (e[i].proto == PORTREG_NOPROTO) ? protos : e[i].proto;
    }
    return (at == 0u) ? 0
                      : portreg__port_servent(port, at, result_buf, buf,
                                              buflen, result);
}

int portreg_getservbyport_r(int port, const char *proto,
                            struct servent *result_buf, char *buf,
                            size_t buflen, struct servent **result)
{
    union { uint16_t v; unsigned char b[2]; } net;
    if (portreg__results(result_buf, result) == 0) {
        return PORTREG__EINVAL;
    }
    net.v = (uint16_t)port;
    return portreg__port_servent(((unsigned)net.b[0] << 8) | net.b[1],
                                 portreg__servent_protos(proto), result_buf,
                                 buf, buflen, result);
}

/* The cursor walks the lines: ENTRY is the port, PORT the protocol's
 * index (a cursor the caller garbled ends the walk or restarts a port,
 * never more). */
int portreg_getservent_r(struct portreg_servent_cursor *cursor,
                         struct servent *result_buf, char *buf, size_t buflen,
                         struct servent **result)
{
    const char *names[PORTREG__LINE_MAX];
    if ((portreg__results(result_buf, result) == 0) || (cursor == NULL)) {
        return PORTREG__EINVAL;
    }
    while (cursor->entry <= 65535u) {
        const unsigned port = (unsigned)cursor->entry;
        const unsigned bit = (cursor->port < 8u) ? (1u << cursor->port)
                                                 : PORTREG_NOPROTO;
        if (bit >= PORTREG_NOPROTO) {   /* past the port's last protocol */
            cursor->entry++;
            cursor->port = 0;
        } else {
            const size_t n = portreg__line(port, bit, names);
            if ((n != 0u) &&
                (portreg__servent_fill(names, n, port, bit, result_buf, buf,
                                       buflen, result) != 0)) {
                return PORTREG__ERANGE; /* the cursor stays: call again */
            }
            cursor->port++;
            if (n != 0u) {
                return 0;
            }
        }
    }
    return 0;
}
