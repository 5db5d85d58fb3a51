/*
 * getservbyname_r() and getservbyport_r() as glibc defines them, on top of
 * portreg's lookups (portreg.h documents them).  A file of its own, so that
 * a program that does not call them does not carry them; it needs portreg.c
 * and nothing from the C library.
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

/* The protocol bits PROTO selects for a servent: one, or all four (a row
 * with no protocol has no servent). */
static unsigned portreg__servent_protos(const char *proto)
{
    return portreg_proto(proto) & ~PORTREG_NOPROTO;
}

/* The length of S, at most PORTREG_MAX_NAME_LEN + 1 (bounded, so that
 * compilers do not turn it into a call to strlen). */
static size_t portreg__len(const char *s)
{
    size_t n = 0;
    while (n <= PORTREG_MAX_NAME_LEN && s[n] != '\0')
        n++;
    return n;
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

/* Fills SE for entry E at PORT, whose entries for E's protocol are AT[0..N)
 * in registry order: the others' names are its aliases, in that order;
 * every string is copied into BUF. */
static int portreg__fill(const struct portreg_entry *e, unsigned port,
                         const struct portreg_entry *at, size_t n,
                         struct servent *se, char *buf, size_t buflen,
                         struct servent **result)
{
    const char *proto = portreg_proto_name(e->proto);
    size_t align = (size_t)(-(uintptr_t)buf) & (sizeof(char *) - 1u);
    size_t naliases = 0, need, pos, i;
    union { uint16_t v; unsigned char b[2]; } net;
    need = portreg__len(e->name) + 1u + portreg__len(proto) + 1u;
    for (i = 0; i < n; i++)
        if (!portreg__same_name(at[i].name, e->name)) {
            naliases++;
            need += portreg__len(at[i].name) + 1u;
        }
    if (buf == NULL || buflen < align ||
        (buflen - align) / sizeof(char *) < naliases + 1u ||
        buflen - align - (naliases + 1u) * sizeof(char *) < need)
        return ERANGE;
    se->s_aliases = (char **)(void *)(buf + align);
    pos = align + (naliases + 1u) * sizeof(char *);
    se->s_name = portreg__copy(buf, &pos, e->name);
    se->s_proto = portreg__copy(buf, &pos, proto);
    naliases = 0;
    for (i = 0; i < n; i++)
        if (!portreg__same_name(at[i].name, e->name))
            se->s_aliases[naliases++] = portreg__copy(buf, &pos, at[i].name);
    se->s_aliases[naliases] = NULL;
    net.b[0] = (unsigned char)(port >> 8);  /* network byte order */
    net.b[1] = (unsigned char)(port & 0xffu);
    se->s_port = (portreg__s_port)net.v;
    *result = se;
    return 0;
}

/* Fills SE for entry E at PORT (portreg__fill with the port's entries). */
static int portreg__servent(const struct portreg_entry *e, unsigned port,
                            struct servent *se, char *buf, size_t buflen,
                            struct servent **result)
{
    struct portreg_entry at[PORTREG_MAX_PORT_ENTRIES];
    size_t n = portreg_by_port(port, e->proto, at, PORTREG_MAX_PORT_ENTRIES);
    return portreg__fill(e, port, at, n, se, buf, buflen, result);
}

int portreg_getservbyname_r(const char *name, const char *proto,
                            struct servent *result_buf, char *buf,
                            size_t buflen, struct servent **result)
{
    unsigned protos = portreg__servent_protos(proto);
    struct portreg_entry e;
    if (result == NULL)
        return EINVAL;
    *result = NULL;
    if (result_buf == NULL)
        return EINVAL;
    /* the first entry of the name: it has a port if any has one */
    if (name == NULL || protos == 0 ||
        portreg_by_name(name, portreg__len(name), protos, &e, 1) == 0 ||
        (e.flags & PORTREG_F_NOPORT))
        return 0;
    return portreg__servent(&e, e.port_lo, result_buf, buf, buflen, result);
}

int portreg_getservbyport_r(int port, const char *proto,
                            struct servent *result_buf, char *buf,
                            size_t buflen, struct servent **result)
{
    unsigned protos = portreg__servent_protos(proto), host;
    struct portreg_entry e;
    union { uint16_t v; unsigned char b[2]; } net;
    if (result == NULL)
        return EINVAL;
    *result = NULL;
    if (result_buf == NULL)
        return EINVAL;
    net.v = (uint16_t)port;
    host = (unsigned)net.b[0] << 8 | net.b[1];
    if (protos == 0 || portreg_by_port(host, protos, &e, 1) == 0)
        return 0;
    return portreg__servent(&e, host, result_buf, buf, buflen, result);
}

/* Whether entry E, which has a port and one of the four protocols, gives
 * a servent: one with a port and a protocol, and a name that no earlier
 * entry of the same port and protocol has (ASCII case ignored). */
static int portreg__first_of_name(const struct portreg_entry *e,
                                  const struct portreg_entry *at, size_t n)
{
    size_t i;
    for (i = 0; i < n && at[i].id != e->id; i++)
        if (portreg__same_name(at[i].name, e->name))
            return 0;
    return 1;
}

int portreg_getservent_r(struct portreg_servent_cursor *cursor,
                         struct servent *result_buf, char *buf, size_t buflen,
                         struct servent **result)
{
    struct portreg_entry e, at[PORTREG_MAX_PORT_ENTRIES];
    if (result == NULL)
        return EINVAL;
    *result = NULL;
    if (cursor == NULL || result_buf == NULL)
        return EINVAL;
    for (; cursor->entry < portreg_count(); cursor->entry++,
         cursor->port = 0) {
        portreg_get(cursor->entry, &e);
        if ((e.flags & PORTREG_F_NOPORT) || e.proto == PORTREG_NOPROTO)
            continue;
        for (; e.port_lo + cursor->port <= e.port_hi; cursor->port++) {
            unsigned port = e.port_lo + cursor->port;
            size_t n = portreg_by_port(port, e.proto, at,
                                       PORTREG_MAX_PORT_ENTRIES);
            if (!portreg__first_of_name(&e, at, n))
                continue;
            if (portreg__fill(&e, port, at, n, result_buf, buf, buflen,
                              result) != 0)
                return ERANGE;  /* the cursor stays: call again */
            cursor->port++;
            return 0;
        }
    }
    return 0;
}
