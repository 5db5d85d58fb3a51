/*
 * libnss_portreg.so.2: the registry as glibc's "services" database.  With
 * "services: portreg" (or "services: files portreg") in /etc/nsswitch.conf,
 * getservbyname, getservbyport, getaddrinfo with a service name and the
 * getservent family answer from portreg's tables in every program, with no
 * file.  The answers are portreg_getservbyname_r's, portreg_getservbyport_r's
 * and portreg_getservent_r's (portreg.h), and glibc's conventions hold:
 * NSS_STATUS_NOTFOUND with ENOENT for nothing, NSS_STATUS_TRYAGAIN with
 * ERANGE so that glibc retries with a larger buffer, NSS_STATUS_UNAVAIL
 * with EINVAL for a NULL result; nothing is read, allocated or kept but the
 * enumeration's place, which a mutex guards for every thread of the
 * process.  Built with the library's sources into one object that exports
 * only the _nss_portreg_* functions (make nss).
 */
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <pthread.h>

#include "portreg.h"

enum nss_status _nss_portreg_getservbyname_r(const char *name,
                                             const char *proto,
                                             struct servent *result,
                                             char *buffer, size_t buflen,
                                             int *errnop);
enum nss_status _nss_portreg_getservbyport_r(int port, const char *proto,
                                             struct servent *result,
                                             char *buffer, size_t buflen,
                                             int *errnop);
enum nss_status _nss_portreg_setservent(int stayopen);
enum nss_status _nss_portreg_getservent_r(struct servent *result,
                                          char *buffer, size_t buflen,
                                          int *errnop);
enum nss_status _nss_portreg_endservent(void);

/* The status glibc wants for portreg's answer RC and *FOUND. */
static enum nss_status nss_status_of(int rc, const struct servent *found,
                                     int *errnop)
{
    int unused;
    if (errnop == NULL)
        errnop = &unused;
    if (rc == ERANGE) {
        *errnop = ERANGE;       /* glibc retries with a larger buffer */
        return NSS_STATUS_TRYAGAIN;
    }
    if (found == NULL) {
        *errnop = ENOENT;
        return NSS_STATUS_NOTFOUND;
    }
    return NSS_STATUS_SUCCESS;
}

static enum nss_status invalid(int *errnop)
{
    if (errnop != NULL)
        *errnop = EINVAL;
    return NSS_STATUS_UNAVAIL;
}

enum nss_status _nss_portreg_getservbyname_r(const char *name,
                                             const char *proto,
                                             struct servent *result,
                                             char *buffer, size_t buflen,
                                             int *errnop)
{
    struct servent *found = NULL;
    int rc;
    if (result == NULL)
        return invalid(errnop);
    rc = portreg_getservbyname_r(name, proto, result, buffer, buflen,
                                 &found);
    return nss_status_of(rc, found, errnop);
}

enum nss_status _nss_portreg_getservbyport_r(int port, const char *proto,
                                             struct servent *result,
                                             char *buffer, size_t buflen,
                                             int *errnop)
{
    struct servent *found = NULL;
    int rc;
    if (result == NULL)
        return invalid(errnop);
    rc = portreg_getservbyport_r(port, proto, result, buffer, buflen,
                                 &found);
    return nss_status_of(rc, found, errnop);
}

/* The process's one enumeration, as glibc's setservent/getservent keep
 * one; the mutex lets two threads enumerate (each getting its turn). */
static pthread_mutex_t enum_lock = PTHREAD_MUTEX_INITIALIZER;
static struct portreg_servent_cursor cursor;

enum nss_status _nss_portreg_setservent(int stayopen)
{
    (void)stayopen;     /* there is no file to keep open */
    pthread_mutex_lock(&enum_lock);
    cursor.entry = 0;
    cursor.port = 0;
    pthread_mutex_unlock(&enum_lock);
    return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_portreg_getservent_r(struct servent *result,
                                          char *buffer, size_t buflen,
                                          int *errnop)
{
    struct servent *found = NULL;
    int rc;
    if (result == NULL)
        return invalid(errnop);
    pthread_mutex_lock(&enum_lock);
    rc = portreg_getservent_r(&cursor, result, buffer, buflen, &found);
    pthread_mutex_unlock(&enum_lock);
    return nss_status_of(rc, found, errnop);
}

enum nss_status _nss_portreg_endservent(void)
{
    return _nss_portreg_setservent(0);
}
