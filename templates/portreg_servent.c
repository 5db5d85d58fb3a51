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

#if defined(__has_include)
#if __has_include(<errno.h>)
#include <errno.h>      /* ERANGE: only the macro, nothing to link */
#endif
#endif
#ifndef ERANGE
#define ERANGE PORTREG_ERANGE
#endif
#ifndef EINVAL
#define EINVAL PORTREG_EINVAL
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

/* The length of S, at most PORTREG_NAME_MAX + 1 (bounded, so that
 * compilers do not turn it into a call to strlen). */
static size_t portreg__len(const char *s)
{
    size_t n = 0;
    while (n <= PORTREG_NAME_MAX && s[n] != '\0')
        n++;
    return n;
}

/* Whether NAME can be a services(5) name: no white space, no '#' (a
 * comment), no control character. */
static int portreg__carried(const char *name)
{
    for (; *name != '\0'; name++) {
        unsigned c = (unsigned char)*name;
        if (c <= ' ' || c == '#' || c == 0x7f)
            return 0;
    }
    return 1;
}

static int portreg__same_name(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned x = (unsigned char)*a, y = (unsigned char)*b;
        if (x - 'A' < 26u)
            x += 32u;
        if (y - 'A' < 26u)
            y += 32u;
        if (x != y)
            return 0;
        if (x == 0)
            return 1;
    }
}

/* Copies S and its NUL to BUF[*AT..]; the caller has checked the room. */
static char *portreg__copy(char *buf, size_t *at, const char *s)
{
    char *d = buf + *at;
    size_t i = 0;
    do
        d[i] = s[i];
    while (s[i++] != '\0');
    *at += i;
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
    size_t n = portreg_by_port(port, bit, at, PORTREG__LINE_MAX), i, j, k = 0;
    if (n > PORTREG__LINE_MAX)     /* never, with this build's tables */
        n = PORTREG__LINE_MAX;
    for (i = 0; i < n; i++) {
        if (!portreg__carried(at[i].name))
            continue;
        for (j = 0; j < k && !portreg__same_name(names[j], at[i].name); j++)
            ;
        if (j == k)
            names[k++] = at[i].name;
    }
    return k;
}

/* Fills SE from the N names of PORT and protocol BIT (N >= 1): the first
 * as s_name, the others as aliases, every string copied into BUF. */
static int portreg__fill(const char *const *names, size_t n, unsigned port,
                         unsigned bit, struct servent *se, char *buf,
                         size_t buflen, struct servent **result)
{
    const char *proto = portreg_proto_name(bit);
    size_t align, need, pos, i;
    union { uint16_t v; unsigned char b[2]; } net;
    if (buf == NULL)
        return ERANGE;
    align = (size_t)(-(uintptr_t)buf) & (sizeof(char *) - 1u);
    need = portreg__len(proto) + 1u;
    for (i = 0; i < n; i++)
        need += portreg__len(names[i]) + 1u;
    if (buflen < align || (buflen - align) / sizeof(char *) < n ||
        buflen - align - n * sizeof(char *) < need)
        return ERANGE;
    se->s_aliases = (char **)(void *)(buf + align);
    pos = align + n * sizeof(char *);   /* n - 1 aliases and their NULL */
    se->s_name = portreg__copy(buf, &pos, names[0]);
    se->s_proto = portreg__copy(buf, &pos, proto);
    for (i = 1; i < n; i++)
        se->s_aliases[i - 1u] = portreg__copy(buf, &pos, names[i]);
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
        size_t n;
        if ((protos & bit) && (n = portreg__line(port, bit, names)) > 0)
            return portreg__fill(names, n, port, bit, se, buf, buflen,
                                 result);
    }
    return 0;
}

/* Whether *RESULT and RESULT_BUF are there; *RESULT set to NULL. */
static int portreg__results(const struct servent *result_buf,
                            struct servent **result)
{
    if (result == NULL)
        return 0;
    *result = NULL;
    return result_buf != NULL;
}

int portreg_getservbyname_r(const char *name, const char *proto,
                            struct servent *result_buf, char *buf,
                            size_t buflen, struct servent **result)
{
    unsigned protos = portreg__servent_protos(proto), at = 0;
    struct portreg_entry e[8];  /* at a port: an entry a protocol, one with none */
    size_t n, i;
    if (!portreg__results(result_buf, result))
        return EINVAL;
    if (name == NULL || protos == 0 || !portreg__carried(name))
        return 0;
    /* the name's entries by port: the lowest port's, in protocol order; an
     * entry with no protocol stands for each protocol asked */
    n = portreg_by_name(name, portreg__len(name), protos, e, 8);
    for (i = 0; i < n && i < 8; i++) {
        if (e[i].flags & PORTREG_F_NOPORT)
            break;      /* name-only rows come last */
        if (at != 0 && e[i].port_lo != e[0].port_lo)
            break;
        at |= e[i].proto == PORTREG_NOPROTO ? protos : e[i].proto;
    }
    return at == 0 ? 0 : portreg__port_servent(e[0].port_lo, at, result_buf,
                                               buf, buflen, result);
}

int portreg_getservbyport_r(int port, const char *proto,
                            struct servent *result_buf, char *buf,
                            size_t buflen, struct servent **result)
{
    union { uint16_t v; unsigned char b[2]; } net;
    if (!portreg__results(result_buf, result))
        return EINVAL;
    net.v = (uint16_t)port;
    return portreg__port_servent((unsigned)net.b[0] << 8 | net.b[1],
                                 portreg__servent_protos(proto), result_buf,
                                 buf, buflen, result);
}

/* The cursor walks the lines: ENTRY is the port, PORT the protocol's
 * index. */
int portreg_getservent_r(struct portreg_servent_cursor *cursor,
                         struct servent *result_buf, char *buf, size_t buflen,
                         struct servent **result)
{
    const char *names[PORTREG__LINE_MAX];
    if (!portreg__results(result_buf, result) || cursor == NULL)
        return EINVAL;
    for (; cursor->entry <= 65535u; cursor->entry++, cursor->port = 0) {
        for (; (1u << cursor->port) < PORTREG_NOPROTO; cursor->port++) {
            unsigned port = (unsigned)cursor->entry, bit = 1u << cursor->port;
            size_t n = portreg__line(port, bit, names);
            if (n == 0)
                continue;
            if (portreg__fill(names, n, port, bit, result_buf, buf, buflen,
                              result) != 0)
                return ERANGE;  /* the cursor stays: call again */
            cursor->port++;
            return 0;
        }
    }
    return 0;
}
