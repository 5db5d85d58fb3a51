/*
 * getservbyname(), getservbyport() and the getservent() family from
 * portreg's tables, for toolchains without them (newlib, Zephyr, lwIP) or
 * to replace a file-bound libc's: link this object before the C library and
 * existing code calls portreg unchanged.  getservent() lists every servent
 * getservbyport() answers, each (name, port, protocol) once with its
 * aliases, in registry order (portreg_getservent_r), between setservent()
 * and endservent().  Each function keeps its own result, as glibc's do:
 * getservbyport() does not overwrite what getservbyname() returned, only
 * the next getservbyname() does.  The results, and the enumeration's
 * place, belong to the calling thread on hosted builds whose compiler has
 * thread-local storage (C11 _Thread_local, or GCC's __thread), else to the
 * process (then, as with the C library's own, two threads must not call
 * them at once).
 * Reentrant code should call portreg_getservbyname_r(),
 * portreg_getservbyport_r() and portreg_getservent_r() instead.
 */
#if defined(_WIN32)
/* winsock2.h declares getservbyname and getservbyport dllimport, so its
 * callers reach them through __imp_NAME pointers; declared here without
 * dllimport, defined below, with those pointers supplied at the end, the
 * calls bind to this file even beside ws2_32 (64-bit Windows). */
#define WINSOCK_API_LINKAGE
#endif
#include "portreg.h"

#if !defined(_WIN32)
#define WSAAPI
#endif
#if !defined(PORTREG_HAVE_NETDB)
/* The C library declares none: the prototypes are here (newlib, picolibc). */
struct servent *getservbyname(const char *name, const char *proto);
struct servent *getservbyport(int port, const char *proto);
#endif
/* Declared here as glibc declares them (where <netdb.h> has them, only
 * with _DEFAULT_SOURCE; winsock has none). */
void setservent(int stayopen);
struct servent *getservent(void);
void endservent(void);
int getservent_r(struct servent *result_buf, char *buf, size_t buflen,
                 struct servent **result);

/* Thread-local on hosted builds for an operating system that has threads;
 * one per process on freestanding and bare-metal builds (no thread pointer
 * to read: arm-none-eabi would call __aeabi_read_tp) or with
 * PORTREG_NETDB_NO_TLS defined. */
#if defined(PORTREG_NETDB_NO_TLS) || !__STDC_HOSTED__ || \
    !(defined(__unix__) || defined(__APPLE__) || defined(_WIN32))
#define PORTREG__TLS
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && \
    !defined(__STDC_NO_THREADS__)
#define PORTREG__TLS _Thread_local
#elif defined(__GNUC__)
#define PORTREG__TLS __thread
#else
#define PORTREG__TLS
#endif

/* A function's result: the servent and room for the longest answer, the
 * aliases of the busiest port and protocol and their names
 * (PORTREG_SERVENT_BUFSIZE, which the generator enforces). */
struct portreg__result {
    struct servent se;
    char buf[PORTREG_SERVENT_BUFSIZE];
};
static PORTREG__TLS struct portreg__result portreg__by_name;
static PORTREG__TLS struct portreg__result portreg__by_port;
static PORTREG__TLS struct portreg__result portreg__ent;
static PORTREG__TLS struct portreg_servent_cursor portreg__cursor;

struct servent *WSAAPI getservbyname(const char *name, const char *proto)
{
    struct servent *r;
    (void)portreg_getservbyname_r(name, proto, &portreg__by_name.se,
                                  portreg__by_name.buf,
                                  sizeof portreg__by_name.buf, &r);
    return r;
}

struct servent *WSAAPI getservbyport(int port, const char *proto)
{
    struct servent *r;
    (void)portreg_getservbyport_r(port, proto, &portreg__by_port.se,
                                  portreg__by_port.buf,
                                  sizeof portreg__by_port.buf, &r);
    return r;
}

/* The enumeration starts over; STAYOPEN means nothing without a file. */
void setservent(int stayopen)
{
    (void)stayopen;
    portreg__cursor.entry = 0;
    portreg__cursor.port = 0;
}

int getservent_r(struct servent *result_buf, char *buf, size_t buflen,
                 struct servent **result)
{
    return portreg_getservent_r(&portreg__cursor, result_buf, buf, buflen,
                                result);
}

struct servent *getservent(void)
{
    struct servent *r;
    (void)getservent_r(&portreg__ent.se, portreg__ent.buf,
                       sizeof portreg__ent.buf, &r);
    return r;
}

void endservent(void)
{
    setservent(0);
}

#if defined(_WIN32)
struct servent *(WSAAPI *const __imp_getservbyname)(const char *,
                                                    const char *) =
    getservbyname;
struct servent *(WSAAPI *const __imp_getservbyport)(int, const char *) =
    getservbyport;
#endif
