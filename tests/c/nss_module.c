/* libnss_portreg.so.2 through its NSS interface, as glibc calls it: loaded
 * with dlopen, each function looked up by name.  Checks glibc's status and
 * errno conventions on odd arguments (every buffer size below an answer's,
 * NULL pointers, unknown names and protocols, ports above 65535), then
 * enumerates with two threads at once through the module's one cursor:
 * together they must get every servent exactly once.  Prints one line per
 * enumerated servent (NAME PORT PROTO ALIASES..., tab-separated, sorted by
 * the caller) after a line "checks N passed, N failed".
 *   nss_module MODULE.so */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum nss_status byname_fn(const char *, const char *,
                                  struct servent *, char *, size_t, int *);
typedef enum nss_status byport_fn(int, const char *, struct servent *,
                                  char *, size_t, int *);
typedef enum nss_status setent_fn(int);
typedef enum nss_status getent_fn(struct servent *, char *, size_t, int *);
typedef enum nss_status endent_fn(void);

static byname_fn *byname;
static byport_fn *byport;
static setent_fn *setent;
static getent_fn *getent;
static endent_fn *endent;
static unsigned passed, failed;

static void check(int ok, const char *what)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s\n", what);
    }
}

/* Every buffer size below the answer's gives TRYAGAIN with ERANGE; the
 * answer's size, SUCCESS; NAME found at PORT, the line's first name
 * FIRST. */
static void sizes(const char *name, const char *proto, unsigned port,
                  const char *first)
{
    char buf[4096];
    struct servent se;
    size_t len, need = 0;
    int err;
    for (len = 0; len < sizeof buf && need == 0; len++) {
        enum nss_status s;
        err = 0;
        s = byname(name, proto, &se, len ? buf : NULL, len, &err);
        if (s == NSS_STATUS_SUCCESS)
            need = len;
        else
            check(s == NSS_STATUS_TRYAGAIN && err == ERANGE,
                  "small buffer: TRYAGAIN and ERANGE");
    }
    check(need > 0 && ntohs((uint16_t)se.s_port) == port &&
          strcmp(se.s_name, first) == 0, "the answer at its size");
}

static void odd_arguments(void)
{
    char buf[4096];
    struct servent se;
    int err = 0;
    check(byname("no-such-service-xyz", "tcp", &se, buf, sizeof buf, &err)
          == NSS_STATUS_NOTFOUND && err == ENOENT, "unknown name: NOTFOUND");
    check(byname("http", "xyz", &se, buf, sizeof buf, &err)
          == NSS_STATUS_NOTFOUND, "unknown protocol: NOTFOUND");
    check(byname(NULL, "tcp", &se, buf, sizeof buf, &err)
          == NSS_STATUS_NOTFOUND, "NULL name: NOTFOUND");
    check(byname("http", "tcp", NULL, buf, sizeof buf, &err)
          == NSS_STATUS_UNAVAIL && err == EINVAL, "NULL result: UNAVAIL");
    check(byname("http", "tcp", &se, buf, sizeof buf, NULL)
          == NSS_STATUS_SUCCESS, "NULL errnop");
    check(byname("HTTP", NULL, &se, buf, sizeof buf, &err)
          == NSS_STATUS_SUCCESS && strcmp(se.s_name, "http") == 0,
          "case ignored, any protocol");
    check(byport((int)htons(80), "tcp", &se, buf, sizeof buf, &err)
          == NSS_STATUS_SUCCESS && strcmp(se.s_name, "http") == 0,
          "port 80/tcp");
    /* glibc passes ports in network order as an int: 70000 is 0x1170
     * there, port 0x7011 after the swap, whatever it holds */
    byport(70000, "tcp", &se, buf, sizeof buf, &err);
    check(byport(-1, "tcp", &se, buf, sizeof buf, &err)
          == NSS_STATUS_NOTFOUND, "port 65535/tcp: nothing there");
    check(byport((int)htons(80), "tcp", &se, buf, 3, &err)
          == NSS_STATUS_TRYAGAIN && err == ERANGE, "port, small buffer");
    check(getent(NULL, buf, sizeof buf, &err) == NSS_STATUS_UNAVAIL,
          "getent NULL result");
    sizes("http", "tcp", 80, "http");
    sizes("x11", "udp", 6000, "x11");
    sizes("www", "tcp", 80, "http");    /* an alias of http's line */
}

/* What each enumerating thread collects: lines NAME PORT PROTO ALIASES. */
struct collected {
    char **lines;
    size_t n, cap;
};

static pthread_barrier_t start;

static void *enumerate(void *arg)
{
    struct collected *c = arg;
    pthread_barrier_wait(&start);
    char buf[64];      /* small: some answers need TRYAGAIN and more room */
    char *big = NULL;
    size_t size = sizeof buf;
    for (;;) {
        struct servent se;
        int err = 0;
        char line[4096], **a;
        size_t at;
        enum nss_status s = getent(&se, big ? big : buf, size, &err);
        if (s == NSS_STATUS_TRYAGAIN && err == ERANGE) {
            size *= 2;
            big = realloc(big, size);
            if (big == NULL)
                abort();
            continue;
        }
        if (s != NSS_STATUS_SUCCESS)
            break;
        at = (size_t)snprintf(line, sizeof line, "%s\t%u\t%s", se.s_name,
                              (unsigned)ntohs((uint16_t)se.s_port),
                              se.s_proto);
        for (a = se.s_aliases; *a != NULL && at < sizeof line; a++)
            at += (size_t)snprintf(line + at, sizeof line - at, "\t%s", *a);
        if (c->n == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 1024;
            c->lines = realloc(c->lines, c->cap * sizeof *c->lines);
            if (c->lines == NULL)
                abort();
        }
        c->lines[c->n++] = strdup(line);
        sched_yield();      /* let the other thread in between */
    }
    free(big);
    return NULL;
}

int main(int argc, char **argv)
{
    void *h;
    pthread_t t[2];
    struct collected c[2] = {{0}, {0}};
    size_t i, j;
    if (argc != 2 || (h = dlopen(argv[1], RTLD_NOW)) == NULL) {
        fprintf(stderr, "nss_module: %s\n", argc == 2 ? dlerror() : "usage");
        return 2;
    }
    byname = (byname_fn *)dlsym(h, "_nss_portreg_getservbyname_r");
    byport = (byport_fn *)dlsym(h, "_nss_portreg_getservbyport_r");
    setent = (setent_fn *)dlsym(h, "_nss_portreg_setservent");
    getent = (getent_fn *)dlsym(h, "_nss_portreg_getservent_r");
    endent = (endent_fn *)dlsym(h, "_nss_portreg_endservent");
    if (!byname || !byport || !setent || !getent || !endent) {
        fprintf(stderr, "nss_module: a function is missing\n");
        return 2;
    }
    odd_arguments();
    check(setent(1) == NSS_STATUS_SUCCESS, "setservent");
    pthread_barrier_init(&start, NULL, 2);
    for (i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, enumerate, &c[i]);
    for (i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    check(endent() == NSS_STATUS_SUCCESS, "endservent");
    printf("checks %u passed, %u failed; threads %zu and %zu servents\n",
           passed, failed, c[0].n, c[1].n);
    for (i = 0; i < 2; i++)
        for (j = 0; j < c[i].n; j++)
            puts(c[i].lines[j]);
    return failed != 0;
}
